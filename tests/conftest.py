"""Shared fixtures: a fresh, migrated database for each test."""

from __future__ import annotations

import pytest

from sendlib import db


@pytest.fixture
def cur(tmp_path):
    """A cursor on a new, migrated DuckDB file in a temporary folder."""
    conn = db.connect(tmp_path / "test.duckdb")
    yield db.cursor(conn)
    conn.close()
