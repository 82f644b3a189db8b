"""The school's database for a page run, its secrets and its clock: the one read-write
connection per server process (made, with the demo school, the first time), the daily backup,
and today's date and time at the school (pinned by SENDHUB_TODAY in tests)."""

from __future__ import annotations

import os
from datetime import date, datetime, time

import streamlit as st

from sendlib import backup, db
from sendlib.errors import DatabaseUnavailable
from sendlib.words import SCHOOL_TZ


def secret(name: str) -> str | None:
    """A value from st.secrets, or None when there is no secrets file or no such key."""
    try:
        value = st.secrets.get(name)
    except FileNotFoundError:  # Streamlit's error for a missing or unreadable secrets file
        return None
    return str(value) if value else None


def backup_passphrase() -> str | None:
    """The school's backup passphrase: st.secrets backup_passphrase, else the environment."""
    return backup.passphrase(
        {
            backup.PASSPHRASE_SECRET: secret(backup.PASSPHRASE_SECRET),
            backup.PASSPHRASE_VARIABLE: os.environ.get(backup.PASSPHRASE_VARIABLE),
        }
    )


def configured_db_path() -> str:
    """The database file: st.secrets db_path, else SENDHUB_DB, else data/sendhub.duckdb."""
    return str(db.database_path(secret("db_path")))


@st.cache_resource(show_spinner="Opening the school's database…")
def connection(path: str) -> db.Cursor:
    """The process's one read-write connection to this database file (made the first time)."""
    conn = db.connect(path)
    if db.scalar(conn, "SELECT count(*) FROM users") == 0 and not os.environ.get("SENDHUB_NO_DEMO"):
        from sendlib import demo  # only needed the first time a database is made

        demo.build_school(db.cursor(conn), "small", today=today())
    return conn


@st.cache_resource(show_spinner="Backing up the school's database…", max_entries=2)
def _daily_backup(path: str, day: str) -> str | None:
    # Run once per day per server: when the app starts, and on a server left running, at the
    # first click of each new day. A failure is shown to the SENCo and never stops the app.
    made = backup.daily_backup(db.cursor(connection(path)), now(), backup_passphrase())
    return made.file_name if made else None


def cursor() -> db.Cursor:
    """A cursor for this script run on the process's one read-write connection."""
    from sendlib.ui import notices

    path = configured_db_path()
    try:
        conn = connection(path)
        _daily_backup(path, today().isoformat())
        return db.cursor(conn)
    except DatabaseUnavailable as exc:
        notices.cannot_open_database(exc, path)
        raise  # unreachable: it stops the page


def today() -> date:
    """Today's date; a page never reads the clock itself, so tests can pin it."""
    pinned = os.environ.get("SENDHUB_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def now() -> datetime:
    """The time now at the school; with a pinned day (tests), late afternoon on that day."""
    if os.environ.get("SENDHUB_TODAY"):
        return datetime.combine(today(), time(16, 30), SCHOOL_TZ)
    return datetime.now(SCHOOL_TZ)


def at(day: date | None, clock: time | None) -> datetime | None:
    """A date and a time of day at the school, or None when either is missing."""
    return datetime.combine(day, clock, SCHOOL_TZ) if day and clock else None
