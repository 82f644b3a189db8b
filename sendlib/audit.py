"""The audit log: who opened, changed, imported, exported or printed which pupil's data, and when,
with what a change was from and to, each row chained to the one before so an edit shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from sendlib import db
from sendlib.access import Account, require

# What audit_log rows are written with: record() and record_many() are the only writers.
COLUMNS = ("username", "action", "pupil_id", "detail", "before", "after")


def _content(t: str) -> str:
    """The SQL for one row's content as hashed: every field, each with its length, so no two
    different rows read the same. Migration 007 spells out _content("o") in full."""

    def text(column: str) -> str:
        return f"length({column})::VARCHAR || ':' || {column}"

    def maybe(column: str) -> str:
        return f"coalesce({text(column)}, '-')"

    return (
        f"concat_ws('|', {t}.seq::VARCHAR, epoch_us({t}.logged_at)::VARCHAR, "
        f"{maybe(f'{t}.username')}, {text(f'{t}.action')}, coalesce({t}.pupil_id::VARCHAR, '-'), "
        f"{maybe(f'{t}.detail')}, {maybe(f'{t}.before::VARCHAR')}, {maybe(f'{t}.after::VARCHAR')})"
    )


def _hash(previous: str, t: str) -> str:
    return f"sha256({previous} || '|' || {_content(t)})"


_HEAD = (
    "SELECT coalesce(max(seq), 0) AS seq, coalesce(arg_max(row_hash, seq), '') AS row_hash "
    "FROM audit_log"
)

_RECORD_SQL = (
    "INSERT INTO audit_log (seq, logged_at, username, action, pupil_id, detail, before, after, "
    "row_hash) "
    "SELECT n.seq, n.logged_at, n.username, n.action, n.pupil_id, n.detail, n.before, n.after, "
    f"{_hash('n.previous', 'n')} "
    "FROM (SELECT head.seq + 1 AS seq, head.row_hash AS previous, current_timestamp AS logged_at, "
    "?::VARCHAR AS username, ?::VARCHAR AS action, ?::INTEGER AS pupil_id, ?::VARCHAR AS detail, "
    f"?::JSON AS before, ?::JSON AS after FROM ({_HEAD}) head) n"
)

# Many rows at once: numbered on from the chain's head into a temporary table, their content
# read back as the chain hashes it, hashed in turn here (a recursive query does it row by row, far
# slower), and written with their hashes.
_NUMBER_MANY_SQL = (
    "CREATE OR REPLACE TEMP TABLE _audit_new AS "
    "SELECT head.seq + row_number() OVER (ORDER BY _order) AS seq, "
    "coalesce(logged_at::TIMESTAMPTZ, current_timestamp) AS logged_at, username::VARCHAR AS "
    "username, action::VARCHAR AS action, pupil_id::INTEGER AS pupil_id, detail::VARCHAR AS "
    f"detail, before::JSON AS before, after::JSON AS after FROM _audit_incoming, ({_HEAD}) head"
)
_CONTENT_MANY_SQL = f"SELECT {_content('n')} FROM _audit_new n ORDER BY seq"
_WRITE_MANY_SQL = (
    "INSERT INTO audit_log (seq, logged_at, username, action, pupil_id, detail, before, after, "
    "row_hash) SELECT n.seq, n.logged_at, n.username, n.action, n.pupil_id, n.detail, n.before, "
    "n.after, h.row_hash FROM _audit_new n JOIN _audit_hashes h USING (seq)"
)

# Each row with the hash it should carry, worked out from the previous row's stored hash.
_CHECK_SQL = (
    "WITH o AS (SELECT *, row_number() OVER w AS position, "
    "lag(row_hash, 1, '') OVER w AS previous FROM audit_log "
    "WINDOW w AS (ORDER BY seq NULLS LAST, audit_id)) "
    "SELECT position, audit_id, CASE WHEN seq > position THEN 'missing' "
    f"WHEN row_hash IS DISTINCT FROM {_hash('o.previous', 'o')} THEN 'altered' END AS problem "
    "FROM o WHERE problem IS NOT NULL ORDER BY position LIMIT 1"
)


def _json(values: dict[str, Any] | None) -> str | None:
    """Values as JSON text: keys sorted, dates as ISO text, names as typed."""
    if values is None:
        return None
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def record(
    cur: db.Cursor,
    username: str | None,
    action: str,
    pupil_id: int | None = None,
    detail: str | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit row. Call it inside the same transaction as the change it describes
    (db.write): it takes the next place in the chain, and a racing writer retries."""
    cur.execute(
        _RECORD_SQL,
        [username, action, None if pupil_id is None else int(pupil_id), detail]
        + [_json(before), _json(after)],
    )


def record_now(
    cur: db.Cursor,
    username: str | None,
    action: str,
    pupil_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Write one audit row in a transaction of its own: for a view, print or export, which
    changes nothing else. Never call it inside a db.write (use record there)."""
    db.write(cur, lambda c: record(c, username, action, pupil_id, detail))


def record_many(cur: db.Cursor, rows: list[dict[str, Any]]) -> int:
    """Write many audit rows at once (imports, demo data), chained in the order given.

    Each row is a dict with the arguments of record(); logged_at may be given (demo history).
    """
    if not rows:
        return 0
    frame = pd.DataFrame(
        {
            "_order": range(len(rows)),
            "logged_at": pd.Series([r.get("logged_at") for r in rows], dtype=object),
            **{
                column: pd.Series(
                    [
                        _json(r.get(column)) if column in ("before", "after") else r.get(column)
                        for r in rows
                    ],
                    dtype=object,
                )
                for column in COLUMNS
            },
        }
    )
    with db.frame_as(cur, "_audit_incoming", frame):
        cur.execute(_NUMBER_MANY_SQL)
    try:
        first_seq, previous = cur.execute(_HEAD).fetchone()
        hashes = []
        for (content,) in cur.execute(_CONTENT_MANY_SQL).fetchall():
            previous = hashlib.sha256(f"{previous}|{content}".encode()).hexdigest()
            hashes.append(previous)
        numbered = pd.DataFrame(
            {"seq": range(first_seq + 1, first_seq + 1 + len(hashes)), "row_hash": hashes}
        )
        with db.frame_as(cur, "_audit_hashes", numbered):
            cur.execute(_WRITE_MANY_SQL)
    finally:
        cur.execute("DROP TABLE IF EXISTS _audit_new")
    return len(rows)


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the audit log is not as it was written."""

    row: int
    audit_id: int | None
    problem: str  # "altered" or "missing"

    @property
    def message(self) -> str:
        if self.problem == "missing":
            return f"Row {self.row} is missing: it has been deleted."
        return f"Row {self.row} has been altered."


def verify_chain(cur: db.Cursor) -> ChainBreak | None:
    """The first row that was edited, deleted or slipped in outside the app; None if intact."""
    row = cur.execute(_CHECK_SQL).fetchone()
    if row is None:
        return None
    position, audit_id, problem = row
    return ChainBreak(int(position), None if problem == "missing" else int(audit_id), problem)


def chain_head(cur: db.Cursor) -> tuple[int, str]:
    """How many rows the chain holds, and the newest row's hash (to note down and compare)."""
    seq, row_hash = cur.execute(_HEAD).fetchone()
    return int(seq), row_hash


@dataclass(frozen=True)
class AuditFilter:
    """What the SENCo is looking for in the log; None (or empty) means any."""

    pupil_id: int | None = None
    username: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    action: str | None = None


# What the audit log shows, with widths in pixels: who did what to whom fills a school laptop's
# screen (1366 px wide); what a change was from and to is a scroll to the right.
SHOWN = {"Row": 60, "When": 130, "Who": 110, "Action": 150, "Pupil": 140, "Detail": 314,
         "Before": 400, "After": 400}  # fmt: skip
# The log as the SENCo reads it: newest first, the pupil by name, "the app" for its own rows.
_SEARCH_SQL = """
SELECT a.seq AS Row, a.logged_at AS "When", coalesce(a.username, 'the app') AS Who,
       a.action AS Action, a.pupil_id,
       CASE WHEN p.pupil_id IS NOT NULL
            THEN coalesce(p.known_as, p.legal_forename) || ' ' || p.legal_surname END AS Pupil,
       a.detail AS Detail, a.before::VARCHAR AS Before, a.after::VARCHAR AS After,
       a.row_hash AS Fingerprint
FROM audit_log a LEFT JOIN pupils p ON p.pupil_id = a.pupil_id
{where}
ORDER BY a.seq DESC
{limit}
"""


def search(
    cur: db.Cursor, user: Account, filters: AuditFilter, limit: int | None = 1000
) -> pd.DataFrame:
    """The audit rows matching the filters, newest first (SENCo only)."""
    require(user, "audit", "view")
    where, params = [], []
    if filters.pupil_id is not None:
        where.append("a.pupil_id = ?")
        params.append(filters.pupil_id)
    if filters.username:
        where.append("a.username = ?")
        params.append(filters.username)
    if filters.date_from is not None:
        where.append("CAST(a.logged_at AS DATE) >= ?")
        params.append(filters.date_from)
    if filters.date_to is not None:
        where.append("CAST(a.logged_at AS DATE) <= ?")
        params.append(filters.date_to)
    if filters.action:
        where.append("a.action = ?")
        params.append(filters.action)
    sql = _SEARCH_SQL.format(
        where=f"WHERE {' AND '.join(where)}" if where else "",
        limit="" if limit is None else "LIMIT ?",
    )
    return cur.execute(sql, params + ([] if limit is None else [limit])).df()


def filter_choices(cur: db.Cursor, user: Account) -> tuple[list[str], list[str], dict[int, str]]:
    """What the log can be searched by: the users and actions in it, and every pupil (leavers
    too) by name and class."""
    require(user, "audit", "view")
    names = cur.execute(
        "SELECT DISTINCT username FROM audit_log WHERE username IS NOT NULL ORDER BY username"
    ).fetchall()
    actions = cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY action").fetchall()
    pupils = cur.execute(
        "SELECT pupil_id, coalesce(known_as, legal_forename) || ' ' || legal_surname || ' (' || "
        "class_name || CASE WHEN date_left IS NULL THEN '' ELSE ', left' END || ')' FROM pupils "
        "ORDER BY legal_surname, legal_forename, pupil_id"
    ).fetchall()
    return [n for (n,) in names], [a for (a,) in actions], dict(pupils)


def describe_filter(filters: AuditFilter, pupil_name: str | None = None) -> str:
    """The filters in words, for the export's audit row and the SENCo's screen."""
    parts = []
    if filters.pupil_id is not None:
        parts.append(f"pupil {pupil_name or filters.pupil_id}")
    if filters.username:
        parts.append(f"user {filters.username}")
    if filters.date_from is not None:
        parts.append(f"from {filters.date_from:%d/%m/%Y}")
    if filters.date_to is not None:
        parts.append(f"to {filters.date_to:%d/%m/%Y}")
    if filters.action:
        parts.append(f"action {filters.action}")
    return "; ".join(parts) if parts else "all rows"


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
        f"SELECT logged_at, username, action, pupil_id, detail, before, after FROM audit_log "
        f"{clause} ORDER BY seq DESC LIMIT ?",
        [*params, limit],
    ).df()
