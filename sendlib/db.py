"""Open the school's DuckDB file, apply migrations once each, and run writes in transactions."""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from sendlib.errors import DatabaseInUse, WriteConflict

DEFAULT_PATH = Path("data") / "sendhub.duckdb"
# Enough for a handful of staff saving at the same moment: each round, one of them lands.
WRITE_RETRIES = 20
SCHOOL_TIMEZONE = "Europe/London"

T = TypeVar("T")
Cursor = duckdb.DuckDBPyConnection


def database_path(configured: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else SENDHUB_DB, else data/sendhub.duckdb."""
    if configured:
        return Path(configured)
    env = os.environ.get("SENDHUB_DB")
    return Path(env) if env else DEFAULT_PATH


def connect(path: str | os.PathLike) -> Cursor:
    """Open (creating if needed) and migrate a database file; ':memory:' gives a scratch one."""
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(target)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            holder = re.search(r"PID (\d+)", str(exc))
            raise DatabaseInUse(
                "This database is open elsewhere: another copy of the app, or another program, "
                f"is using {target}" + (f" (process {holder[1]})" if holder else "") + ". "
                "Only one copy of the app can use a database file at a time. To carry on, use "
                "the copy that is already running, or stop it (Ctrl+C in its window, or close "
                "the program) and then try again."
            ) from exc
        raise
    conn.execute(f"SET TimeZone = '{SCHOOL_TIMEZONE}'")
    migrate(conn)
    return conn


def cursor(conn: Cursor) -> Cursor:
    """A cursor for one script run or thread, on the school's clock (a new cursor starts in UTC)."""
    cur = conn.cursor()
    cur.execute(f"SET TimeZone = '{SCHOOL_TIMEZONE}'")
    return cur


def _migration_files() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("sendlib.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(conn: Cursor) -> list[int]:
    """Apply each numbered migration not yet recorded in schema_version; return those applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for version, name, sql in _migration_files():
        if version in done:
            continue
        with transaction(conn):
            conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name]
            )
        applied.append(version)
    return applied


@contextmanager
def transaction(cur: Cursor) -> Iterator[Cursor]:
    """All of the block's writes land, or none of them do."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")


def _is_conflict(exc: duckdb.Error) -> bool:
    message = str(exc)
    lowered = message.lower()
    return (
        "conflict" in lowered
        # Two writers took the same place in the audit chain (sendlib.audit): met at the insert
        # once the other has committed, or at commit when both were in flight, where DuckDB
        # names only the key. A retry reads the chain afresh (and re-checks everything else).
        or 'duplicate key "seq: ' in lowered
        or ("failed to commit" in lowered and "duplicate key" in lowered)
    )


def write(cur: Cursor, work: Callable[[Cursor], T], retries: int = WRITE_RETRIES) -> T:
    """Run work(cur) in one transaction, retrying a few times when DuckDB reports a conflict."""
    for attempt in range(retries):
        try:
            with transaction(cur):
                return work(cur)
        except (duckdb.TransactionException, duckdb.ConstraintException) as exc:
            if not _is_conflict(exc):
                raise
            # Spread out, so writers that met once do not meet again at the next try.
            time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
    raise WriteConflict(
        "Someone else was saving at the same moment and this change could not be saved. "
        "Please try again."
    )


def reserve_ids(cur: Cursor, sequence: str, count: int) -> list[int]:
    """Take `count` fresh ids from a sequence at once, for bulk inserts of related rows."""
    if count <= 0:
        return []
    rows = cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [count]).fetchall()
    return [row[0] for row in rows]


def insert_frame(cur: Cursor, table: str, frame: pd.DataFrame) -> int:
    """Bulk-insert a DataFrame whose columns are named as the table's (far faster than executemany)."""
    if frame.empty:
        return 0
    columns = ", ".join(frame.columns)
    cur.register("_incoming", frame)
    try:
        cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
    finally:
        cur.unregister("_incoming")
    return len(frame)


def scalar(cur: Cursor, sql: str, params: list[Any] | None = None) -> Any:
    """The first column of the first row, or None."""
    # fetchall, not fetchone: DuckDB will not register a frame on a cursor with unread rows.
    rows = cur.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def get_setting(cur: Cursor, key: str, default: str | None = None) -> str | None:
    """A school setting by key."""
    value = scalar(cur, "SELECT value FROM settings WHERE key = ?", [key])
    return default if value is None else value


def set_setting(cur: Cursor, key: str, value: str) -> None:
    """Store a school setting."""
    cur.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
