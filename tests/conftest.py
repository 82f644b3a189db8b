"""Shared fixtures: a fresh, migrated database for each test."""

from __future__ import annotations

import pytest

from sendlib import db
from tests.profile_data import cheap_passwords


@pytest.fixture
def cur(tmp_path):
    """A cursor on a new, migrated DuckDB file in a temporary folder."""
    conn = db.connect(tmp_path / "test.duckdb")
    yield db.cursor(conn)
    conn.close()


@pytest.fixture
def conn(monkeypatch):
    """An in-memory database with quick password hashing, for tests that open several cursors."""
    cheap_passwords(monkeypatch)
    connection = db.connect(":memory:")
    yield connection
    connection.close()
