"""Shared fixtures: a fresh, migrated database for each test, and the test school in it."""

from __future__ import annotations

import shutil

import pytest

from sendlib import db
from tests import school
from tests.apptest import make_school, serve
from tests.school import cheap_passwords


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


@pytest.fixture(scope="session")
def school_template(tmp_path_factory):
    """The test school in a database file, made once."""
    return make_school(tmp_path_factory.mktemp("template") / "school.duckdb")


@pytest.fixture
def school_copy(school_template, tmp_path, monkeypatch):
    """A fresh copy of the test school's file for one test that writes, served to the pages."""
    path = tmp_path / "school.duckdb"
    shutil.copy(school_template, path)
    return serve(path, monkeypatch)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, shared by one file's browser tests."""
    pytest.importorskip("playwright.sync_api")
    from tests.local_server import chromium

    with chromium() as chromium_browser:
        yield chromium_browser
