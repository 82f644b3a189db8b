"""Results a page reads often, remembered for one user until the school's data changes.

A result is remembered under the user it was worked out for (username, role, classes and
staff-meeting mode all part of the key), the arguments it was asked with, and the database's
data version: so it is never given to another user, another role or another scope, and never
after a write. Nothing is remembered for a database held only in memory."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from sendlib import db
from sendlib.users import User

T = TypeVar("T")

# Enough for a school's staff clicking about between two writes; an entry nobody asks for again
# goes after ten minutes, and every entry goes at the first run after a write (see remembered).
MOST_ENTRIES = 64
KEPT_SECONDS = 600
_seen: dict[str, tuple] = {}
_seen_lock = threading.Lock()


def database_file(cur: db.Cursor) -> str | None:
    """The file this cursor's database is in; None for one held only in memory."""
    rows = cur.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return rows[0][0] if rows and rows[0][0] else None


def data_version(path: str) -> tuple:
    """A value that changes whenever a write to the database at `path` commits.

    DuckDB appends every commit to the file's write-ahead log (`.wal`), which grows and is
    touched; a checkpoint that empties the log rewrites the file itself. The sizes and
    modification times of both therefore move on with every write, whichever connection or
    process made it; this process's own commits are counted too, for file systems that keep
    coarse modification times."""
    parts: list[object] = [db.commits()]
    for name in (path, f"{path}.wal"):
        try:
            found = os.stat(name)
        except FileNotFoundError:
            parts.append(None)
        else:
            parts.append((found.st_size, found.st_mtime_ns))
    return tuple(parts)


@st.cache_resource(show_spinner=False, max_entries=MOST_ENTRIES, ttl=KEPT_SECONDS)
def _remember(
    name: str, version: tuple, user: User, args: tuple, _work: Callable, _cur: db.Cursor
) -> object:
    return _work(_cur, user, *args)


def remembered(work: Callable[..., T], cur: db.Cursor, user: User, *args: object) -> T:
    """work(cur, user, *args), or the same result remembered from an earlier run for this same
    user, with the same arguments, while the data has not changed since. The result is shared
    between those runs, so a page must not change it in place."""
    path = database_file(cur)
    if path is None:
        return work(cur, user, *args)
    version = data_version(path)
    with _seen_lock:
        if _seen.get(path, version) != version:
            # Answers from before a write are never asked for again: let their memory go.
            _remember.clear()
        _seen[path] = version
    name = f"{work.__module__}.{work.__qualname__}"
    return _remember(name, version, user, args, work, cur)  # type: ignore[return-value]
