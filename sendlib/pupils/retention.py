"""Retention of SEN files: a leaver's record is kept until they are 25 and then the years the
school sets (six unless it chooses otherwise), then listed for the SENCo to review and delete.
Deleting removes the pupil and every row linked to them (found as sendlib.pupils.subject_access finds
them), all in one transaction; the audit log keeps its rows, with no more detail than needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import NotFound, Problem, SendHubError, ValidationError
from sendlib.pupils.subject_access import linked_tables, quoted, row_filter
from sendlib.users import User

YEARS_SETTING = "retention_years_after_25"
DEFAULT_YEARS_AFTER_25 = 6
YEARS_RANGE = (0, 50)
KEPT_UNTIL_AGE = 25
MAX_REASON = 200
# Never deleted with the pupil: the audit log is kept whole and unaltered (each row is chained to
# the one before, so the app never edits one).
KEPT_TABLES = frozenset({"audit_log"})


class DeleteRefused(SendHubError):
    """The database would not delete the record; nothing was deleted."""


def years_after_25(cur: db.Cursor) -> int:
    """How many years after a leaver's 25th birthday the school keeps their SEN file."""
    stored = db.get_setting(cur, YEARS_SETTING)
    return int(stored) if stored is not None else DEFAULT_YEARS_AFTER_25


def save_years_after_25(cur: db.Cursor, user: User, years: int) -> None:
    """Set the school's retention period (years after the 25th birthday); audited."""
    require(user, "retention", "edit")
    low, high = YEARS_RANGE
    if isinstance(years, bool) or not isinstance(years, int) or not low <= years <= high:
        raise ValidationError.one(
            "Years kept after the pupil turns 25", f"must be a whole number from {low} to {high}"
        )
    before = years_after_25(cur)

    def work(c: db.Cursor) -> None:
        db.set_setting(c, YEARS_SETTING, str(years))
        if years != before:
            audit.record(
                c, user.username, "change settings", detail=f"retention to 25 plus {years} years"
            )

    db.write(cur, work)


def delete_from(date_of_birth: date, years: int = DEFAULT_YEARS_AFTER_25) -> date:
    """The first day the record may be deleted: the birthday of age 25 + years (by default the
    31st). Someone born on 29 February has it on 1 March in other years."""
    year = date_of_birth.year + KEPT_UNTIL_AGE + years
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def is_past_retention(
    date_of_birth: date, date_left: date | None, today: date, years: int = DEFAULT_YEARS_AFTER_25
) -> bool:
    """True for a leaver whose retention period is over on `today`."""
    return date_left is not None and today >= delete_from(date_of_birth, years)


@dataclass(frozen=True)
class Leaver:
    """A leaver whose record may now be deleted."""

    pupil_id: int
    upn: str
    name: str
    date_of_birth: date
    date_left: date
    delete_from: date


def leavers_table(leavers: list[Leaver]) -> pd.DataFrame:
    """The leavers past retention as the SENCo reviews them, one row each."""
    return pd.DataFrame(
        [
            {
                "Name": p.name,
                "UPN": p.upn,
                "Date of birth": p.date_of_birth,
                "Left": p.date_left,
                "Past retention since": p.delete_from,
            }
            for p in leavers
        ],
        columns=["Name", "UPN", "Date of birth", "Left", "Past retention since"],
    )


def list_past_retention(cur: db.Cursor, user: User, today: date) -> list[Leaver]:
    """Leavers past the school's retention period on `today`, longest past first."""
    require(user, "retention")
    years = years_after_25(cur)
    rows = cur.execute(
        "SELECT pupil_id, upn, coalesce(known_as, legal_forename) || ' ' || legal_surname, "
        "date_of_birth, date_left FROM pupils WHERE date_left IS NOT NULL "
        "ORDER BY date_of_birth, legal_surname, pupil_id"
    ).fetchall()
    return [
        Leaver(*row, delete_from(row[3], years))
        for row in rows
        if is_past_retention(row[3], row[4], today, years)
    ]


def delete_pupil(
    cur: db.Cursor, user: User, pupil_id: int, reason: str, confirmed: bool, today: date
) -> dict[str, int]:
    """Delete a leaver past retention and everything linked to them, in one transaction;
    returns the rows deleted per table. Refuses anyone not past the period."""
    require(user, "retention", "delete")
    reason = _checked_reason(reason, confirmed)

    def work(c: db.Cursor) -> dict[str, int]:
        # Checked inside the transaction, against the record as it is now.
        upn = _past_retention_upn(c, pupil_id, today)
        deleted = _delete_linked(c, pupil_id)
        audit.record(
            c,
            user.username,
            "delete after retention",
            pupil_id,
            f"UPN {upn}: deleted after retention ({reason})",
        )
        return deleted

    try:
        return db.write(cur, work)
    except duckdb.ConstraintException as exc:
        raise DeleteRefused(
            "The database would not delete this record, so nothing was deleted: a table refers "
            f"to it by a foreign key, which DuckDB checks before the end of a change ({exc})."
        ) from exc


def _checked_reason(reason: str, confirmed: bool) -> str:
    """The reason for deleting, given and short enough, with the deletion confirmed; else a
    ValidationError naming both."""
    problems = []
    reason = (reason or "").strip()
    if not reason:
        problems.append(Problem("Reason", "is required (for example 'annual retention review')"))
    elif len(reason) > MAX_REASON:
        problems.append(Problem("Reason", f"must be at most {MAX_REASON} characters"))
    if not confirmed:
        problems.append(Problem("Confirm", "tick to confirm: a deleted record cannot be restored"))
    if problems:
        raise ValidationError(problems)
    return reason


def _past_retention_upn(c: db.Cursor, pupil_id: int, today: date) -> str:
    """The UPN of a leaver past the retention period; else why the record is kept."""
    row = c.execute(
        "SELECT upn, date_of_birth, date_left FROM pupils WHERE pupil_id = ?", [pupil_id]
    ).fetchone()
    if row is None:
        raise NotFound("That pupil is not on the school's records.")
    upn, born, left = row
    years = years_after_25(c)
    if left is None:
        raise ValidationError.one("Pupil", "is still at the school: only leavers are deleted")
    if not is_past_retention(born, left, today, years):
        raise ValidationError.one(
            "Pupil",
            f"is kept until {delete_from(born, years):%d/%m/%Y} "
            f"(age {KEPT_UNTIL_AGE} plus {years} years)",
        )
    return upn


def _delete_linked(c: db.Cursor, pupil_id: int) -> dict[str, int]:
    """Delete the pupil's rows in every linked table but the kept ones; the count per table."""
    tables = {t.name: t for t in linked_tables(c)}
    # Furthest from the pupil first (their filters read the nearer tables), pupils last.
    order = sorted(
        (t for t in tables.values() if t.name not in KEPT_TABLES),
        key=lambda t: (-t.depth, t.name == "pupils", t.name),
    )
    deleted = {}
    for table in order:
        (count,) = c.execute(
            f"DELETE FROM {quoted(table.name)} WHERE {row_filter(table, tables)}",
            {"pupil_id": pupil_id},
        ).fetchone()
        deleted[table.name] = count
    return deleted
