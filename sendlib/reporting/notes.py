"""What the figures cover, in words: said under them on the dashboard and in the termly
report, so a governor reads the same caveats as the SENCo."""

from __future__ import annotations

from datetime import date

from sendlib import access
from sendlib.reporting.periods import long_day, promises_as_of, school_today, year_starts
from sendlib.school.term_dates import Term
from sendlib.users import User


def promises_note(term: Term, today: date | None = None) -> str:
    """What the promise figures cover, in words for the dashboard and the termly report."""
    as_of = promises_as_of(term, today)
    judged = "today" if as_of == (today or school_today()) else "the last day of the term"
    return (
        f"Actions agreed with families from {long_day(term.starts)} to {long_day(as_of)}, "
        f"and their state as of {judged} ({long_day(as_of)}): overdue means past its due date and "
        "not done by then."
    )


def today_note(today: date | None = None) -> str:
    """Said under figures that count today, whatever term is chosen."""
    return f"As of today ({long_day(today or school_today())}), whatever the term chosen."


def reply_times_note(term: Term, today: date | None = None) -> str:
    """What the reply-times table covers."""
    last = min(date(term.academic_year + 1, 8, 31), today or school_today())
    return (
        f"Awaiting our reply: as of today ({long_day(today or school_today())}). Reply times: "
        f"messages received each month from {long_day(year_starts(term))} to {long_day(last)}."
    )


def surgery_note(user: User) -> str | None:
    """What the surgery figures cover when that is not what the user's other figures cover."""
    if access.counts_whole_school(user):
        return None
    return (
        "Slots offered and free are the whole school's surgeries; booked, attended and no-shows "
        "are your classes' families only. Slots taken for other classes count as 'other classes'."
    )
