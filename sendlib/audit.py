"""The audit log: who opened, changed, imported, exported or printed which pupil's data, and when."""

from __future__ import annotations

import pandas as pd

from sendlib import db


def record(
    cur: db.Cursor,
    username: str | None,
    action: str,
    pupil_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Write one audit row. Call it inside the same transaction as the change it describes."""
    cur.execute(
        "INSERT INTO audit_log (username, action, pupil_id, detail) VALUES (?, ?, ?, ?)",
        [username, action, pupil_id, detail],
    )


def list_entries(
    cur: db.Cursor,
    pupil_id: int | None = None,
    username: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The newest audit rows first, optionally for one pupil or one user."""
    where, params = [], []
    if pupil_id is not None:
        where.append("pupil_id = ?")
        params.append(pupil_id)
    if username is not None:
        where.append("username = ?")
        params.append(username)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return cur.execute(
        f"SELECT logged_at, username, action, pupil_id, detail FROM audit_log {clause} "
        "ORDER BY audit_id DESC LIMIT ?",
        [*params, limit],
    ).df()
