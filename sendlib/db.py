"""Open the school's DuckDB file, apply migrations once each, and run writes in transactions."""

from __future__ import annotations

import itertools
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

from sendlib.errors import DatabaseDamaged, DatabaseInUse, NotFound, WriteConflict
from sendlib.words import SCHOOL_TZ_ID

DEFAULT_PATH = Path("data") / "sendhub.duckdb"
# Enough for a handful of staff saving at the same moment: each round, one of them lands.
WRITE_RETRIES = 20

# A DuckDB file starts with three 4 KB headers; its blocks follow, numbered from 0.
_HEADERS = 3 * 4096

T = TypeVar("T")
Cursor = duckdb.DuckDBPyConnection


def database_path(configured: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else SENDHUB_DB, else data/sendhub.duckdb."""
    if configured:
        return Path(configured)
    env = os.environ.get("SENDHUB_DB")
    return Path(env) if env else DEFAULT_PATH


def connect(path: str | os.PathLike) -> Cursor:
    """Open (creating if needed) and migrate a database file; ':memory:' gives a scratch one.

    DatabaseInUse when another process holds the file; DatabaseDamaged when it is not a whole
    database (then nothing has been written to it)."""
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(target)
    except duckdb.Error as exc:
        if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
            raise _in_use(target, exc) from exc
        if _is_damage(exc):
            raise _damaged(exc) from exc
        raise
    try:
        conn.execute(f"SET TimeZone = '{SCHOOL_TZ_ID}'")
        short = _cut_short(conn, target)
        if short:
            raise _damaged(short)
        migrate(conn)
    except (duckdb.Error, DatabaseDamaged) as exc:
        conn.close()
        if isinstance(exc, duckdb.Error) and _is_damage(exc):
            raise _damaged(exc) from exc
        raise
    return conn


def _in_use(target: str, exc: duckdb.Error) -> DatabaseInUse:
    holder = re.search(r"PID (\d+)", str(exc))
    return DatabaseInUse(
        "This database is open elsewhere: another copy of the app, or another program, is "
        "using the school's database file. Only one copy of the app can use a database file at "
        "a time. To carry on, use the copy that is already running, or stop it (Ctrl+C in its "
        "window, or close the program) and then try again.",
        f"{target} is in use" + (f" (process {holder[1]})" if holder else "") + f". {exc}",
    )


# DuckDB's words for a file that is not a whole database: not one at all, cut short, or with
# blocks that no longer match their checksums.
_DAMAGE_WORDS = (
    "not a valid duckdb database",
    "could not read enough bytes",
    "corrupt",
    "checksum",
)


def _is_damage(exc: duckdb.Error) -> bool:
    return any(words in str(exc).lower() for words in _DAMAGE_WORDS)


def _damaged(reason: object) -> DatabaseDamaged:
    return DatabaseDamaged(
        "The school's database could not be opened: the file is damaged, cut short, or not a "
        "database of this app. Nothing has been changed. To put back the newest backup, stop "
        "the app and, on the computer it runs on, run this command:\n\n"
        "python -m sendlib restore <backup file> --db <database file>\n\n"
        "The backups are in the backup folder chosen in School settings (unless it was changed, "
        "the folder called backups beside the database file), named by the date and time they "
        "were made. Restoring keeps the damaged file aside, under a dated name; it deletes "
        "nothing. The server's log names the files.",
        str(reason),
    )


def _cut_short(conn: Cursor, target: str) -> str | None:
    """Why the file is shorter than the blocks its tables are stored in (a copy that stopped
    part way), or None. DuckDB opens such a file and only fails when a page reads those rows."""
    if target == ":memory:":
        return None
    size = Path(target).stat().st_size
    block_size, blocks = conn.execute(
        "SELECT block_size, total_blocks FROM pragma_database_size() "
        "WHERE database_name = current_database()"
    ).fetchone()
    # Usually every block is in the file. DuckDB may give free blocks at the end back to the
    # disk, so only then ask which blocks the tables are stored in.
    if size >= _HEADERS + blocks * block_size:
        return None
    last = -1
    tables = conn.execute(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
        "WHERE database_name = current_database()"
    ).fetchall()
    for (table,) in tables:
        used = scalar(
            conn,
            "SELECT max(greatest(block_id, list_max(coalesce(additional_block_ids, [-1])))) "
            "FROM pragma_storage_info(?) WHERE persistent",
            [table],
        )
        last = max(last, -1 if used is None else used)
    needed = _HEADERS + (last + 1) * block_size
    if size < needed:
        return f"{target} holds {size} bytes, but its tables are stored up to byte {needed}"
    return None


def cursor(conn: Cursor) -> Cursor:
    """A cursor for one script run or thread, on the school's clock (a new cursor starts in UTC)."""
    cur = conn.cursor()
    cur.execute(f"SET TimeZone = '{SCHOOL_TZ_ID}'")
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


# Transactions this process has committed: part of the data version that remembered results
# are kept under (sendlib.ui.remembered).
_commits = itertools.count(1)
_committed = [0]


def commits() -> int:
    """How many transactions this process has committed so far."""
    return _committed[0]


@contextmanager
def transaction(cur: Cursor) -> Iterator[Cursor]:
    """All of the block's writes land, or none of them do."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    try:
        cur.execute("COMMIT")
    finally:
        # Counted even when the commit fails part way: a version moved on for nothing costs
        # one piece of work done again, never a result from before a write.
        _committed[0] = next(_commits)


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


@contextmanager
def frame_as(cur: Cursor, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """The DataFrame readable in SQL as the table `name` while the block runs."""
    cur.register(name, frame)
    try:
        yield
    finally:
        cur.unregister(name)


def insert_frame(cur: Cursor, table: str, frame: pd.DataFrame) -> int:
    """Bulk-insert a DataFrame whose columns are named as the table's (far faster than executemany)."""
    if frame.empty:
        return 0
    columns = ", ".join(frame.columns)
    with frame_as(cur, "_incoming", frame):
        cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
    return len(frame)


def scalar(cur: Cursor, sql: str, params: list[Any] | None = None) -> Any:
    """The first column of the first row, or None."""
    # fetchall, not fetchone: DuckDB will not register a frame on a cursor with unread rows.
    rows = cur.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def records(
    cur: Cursor, kind: Callable[..., T], sql: str, params: list[Any] | None = None
) -> list[T]:
    """The rows as records (a dataclass), each column given to the field of its name: a query
    must name every column as its field, so a column added or moved cannot land in another."""
    result = cur.execute(sql, params or [])
    names = [column[0] for column in result.description]
    return [kind(**dict(zip(names, row, strict=True))) for row in result.fetchall()]


def record(
    cur: Cursor, kind: Callable[..., T], sql: str, params: list[Any] | None = None
) -> T | None:
    """The first row as a record (see `records`), or None."""
    found = records(cur, kind, sql, params)
    return found[0] if found else None


def held(cur: Cursor, kind: Callable[..., T], sql: str, params: list[Any], missing: str) -> T:
    """The first row as a record (see `records`); NotFound with the message `missing` if none."""
    found = record(cur, kind, sql, params)
    if found is None:
        raise NotFound(missing)
    return found


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
