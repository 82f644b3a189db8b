"""Changing the school calendar: new term dates, a closure added or removed, and the parent
surgery sessions kept in step with it in the same transaction, so a surgery is never left on a
day the school is closed, nor missing from a day it has reopened."""

from __future__ import annotations

from datetime import date

from sendlib import db
from sendlib.school import calendar, term_import
from sendlib.school.term_dates import Term
from sendlib.surgery import sessions
from sendlib.users import User


def _sessions_in_step(user: User, today: date) -> calendar.InStep:
    return lambda c: sessions.refresh_audited(c, user, today)


def set_terms(
    cur: db.Cursor, user: User, academic_year: int, terms: list[Term], today: date
) -> None:
    """Replace a school year's term dates; surgery sessions follow at once."""
    calendar.set_terms(cur, user, academic_year, terms, _sessions_in_step(user, today))


def add_closure(
    cur: db.Cursor, user: User, starts: date, ends: date | None, reason: str, today: date
) -> int:
    """Close the school for a day or more; the surgeries on those days are taken away."""
    return calendar.add_closure(cur, user, starts, ends, reason, _sessions_in_step(user, today))


def remove_closure(cur: db.Cursor, user: User, closure_id: int, today: date) -> None:
    """Reopen the school on a closure's days; the weekly surgeries come back on them."""
    calendar.remove_closure(cur, user, closure_id, _sessions_in_step(user, today))


def import_term_dates(
    cur: db.Cursor, user: User, preview: term_import.TermFilePreview, today: date
) -> int:
    """Load the local authority's term dates from a checked file; surgery sessions follow."""
    return term_import.apply_term_file(cur, user, preview, _sessions_in_step(user, today))
