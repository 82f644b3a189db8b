"""Shared fixtures: a fresh, migrated database for each test, and the test school in it."""

from __future__ import annotations

import pytest

from sendlib import db
from tests import school
from tests.profile_data import cheap_passwords


@pytest.fixture
def conn(monkeypatch):
    """A new, migrated in-memory database with quick password hashing (tests that race open
    more cursors on it)."""
    cheap_passwords(monkeypatch)
    connection = db.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def cur(conn):
    """A cursor on the test's database, on the school's clock."""
    return db.cursor(conn)


@pytest.fixture
def staff(cur):
    """The test school (tests/school.py): its accounts by role."""
    return school.populate(cur)
