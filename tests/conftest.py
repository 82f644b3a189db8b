"""Shared fixtures. The data itself is made in tests/school.py.

A test's own database in memory:
    conn, cur        a new, migrated database and a cursor on it
    staff            the test school in it: its accounts by role

The test school in a database file, served to the pages (SENDHUB_DB and the pinned day set):
    school_copy             a fresh copy for one test
    school_with_surgeries   a fresh copy with the SENCo's Tuesday surgery set up
    shared_school           one copy for a whole test file, whose tests see each other's writes

The small demo school (seed 2026, built as on school.TODAY), built once per run:
    demo_copy        a fresh copy of its file for one test
    demo_file        one copy of its file for a whole test file
    demo_conn        a connection to that copy
    demo_summary     what the build reported

And `browser`, Debian's Chromium through Playwright, for the tests marked `browser`.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from sendlib import db, demo, users
from sendlib.surgery import sessions
from tests import school
from tests.apptest import make_school, serve
from tests.school import cheap_passwords

# ---------------------------------------------------------------------------------------------
# A test's own database


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


# ---------------------------------------------------------------------------------------------
# The test school in a file, served to the pages


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


@pytest.fixture
def live(tmp_path, monkeypatch):
    """The test school in a database file, open as the app holds it (not served to the pages)."""
    cheap_passwords(monkeypatch)
    conn = db.connect(make_school(tmp_path / "school.duckdb"))
    yield db.cursor(conn)
    conn.close()


@pytest.fixture
def school_with_surgeries(school_copy):
    """A fresh copy of the test school with the SENCo's weekly Tuesday surgery, set up on
    Monday 2 November 2026 (after half term), served to the pages."""
    conn = db.connect(school_copy)
    cur = db.cursor(conn)
    sessions.save_pattern(cur, users.get_user(cur, "senco"), school.TUESDAYS, date(2026, 11, 2))
    conn.close()
    return school_copy


@pytest.fixture(scope="module")
def shared_school(school_template, tmp_path_factory):
    """One copy of the test school for a whole test file, served to the pages: for files whose
    tests only look (signing in leaves a row in the log, which none of them reads)."""
    path = tmp_path_factory.mktemp("shared") / "school.duckdb"
    shutil.copy(school_template, path)
    with pytest.MonkeyPatch.context() as mp:
        yield serve(path, mp)


# ---------------------------------------------------------------------------------------------
# The small demo school, built once


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The small demo school (seed 2026, as on school.TODAY) in a database file, built once;
    the file and what the build reported."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        cheap_passwords(mp)
        conn = db.connect(path)
        summary = demo.build_school(db.cursor(conn), "small", seed=2026, today=school.TODAY)
        conn.close()
    return path, summary


@pytest.fixture(scope="session")
def demo_summary(demo_template) -> demo.DemoSummary:
    """What building the small demo school reported: its counts."""
    return demo_template[1]


@pytest.fixture
def demo_copy(demo_template, tmp_path):
    """A fresh copy of the small demo school's file for one test that writes."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_template[0], path)
    return path


@pytest.fixture(scope="module")
def demo_file(demo_template, tmp_path_factory):
    """One copy of the small demo school's file for a whole test file, whose tests see each
    other's writes."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copy(demo_template[0], path)
    return path


@pytest.fixture(scope="module")
def demo_conn(demo_file):
    """A connection to this test file's copy of the small demo school."""
    connection = db.connect(demo_file)
    yield connection
    connection.close()


# ---------------------------------------------------------------------------------------------
# A browser


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, shared by one file's browser tests."""
    pytest.importorskip("playwright.sync_api")
    from tests.local_server import chromium

    with chromium() as chromium_browser:
        yield chromium_browser
