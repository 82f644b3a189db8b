"""Exports as CSV that Excel opens safely (names intact, no cell run as a formula): the register
and the audit log."""

from __future__ import annotations

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.audit import AuditFilter
from sendlib.pupils import listing
from sendlib.pupils.listing import RegisterFilter
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell's text, with a leading quote if a spreadsheet would otherwise run it as a formula."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_csv(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a byte-order mark, so Excel shows 'Zoë' as typed, every cell
    (headings too) neutralised."""
    cells = pd.DataFrame(
        {neutralise(column): [neutralise(v) for v in frame[column]] for column in frame.columns}
    )
    return cells.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def register_csv(frame: pd.DataFrame) -> bytes:
    """The register as CSV (see table_csv), without the app's pupil numbers."""
    return table_csv(frame.drop(columns=["pupil_id"], errors="ignore"))


def export_register(
    cur: db.Cursor, user: User, filters: RegisterFilter, filter_summary: str
) -> bytes:
    """The register as this user sees it with these filters, as CSV; the export is audited."""
    require(user, "register", "export")
    frame = listing.list_register(cur, user, filters)
    pupils = "pupil" if len(frame) == 1 else "pupils"
    audit.record_now(
        cur, user.username, "export register", None, f"{filter_summary}: {len(frame)} {pupils}"
    )
    return register_csv(frame)


def export_audit_log(
    cur: db.Cursor, user: User, filters: AuditFilter, filter_summary: str
) -> bytes:
    """Every audit row matching the filters, as CSV, with each row's place in the chain and
    fingerprint so it can be checked again; the export is itself audited (SENCo only)."""
    require(user, "audit", "export")
    frame = audit.search(cur, user, filters, limit=None)
    frame["When"] = [
        when.strftime("%d/%m/%Y %H:%M:%S") for when in frame["When"].dt.tz_convert(SCHOOL_TZ)
    ]
    rows = "row" if len(frame) == 1 else "rows"
    audit.record_now(
        cur, user.username, "export audit log", None, f"{filter_summary}: {len(frame)} {rows}"
    )
    return table_csv(frame.drop(columns=["pupil_id"], errors="ignore"))
