"""The days the school's figures cover: today in England, a school year from 1 September, the
part of a term that has happened, and the instants that bound a run of days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sendlib.school import calendar
from sendlib.school.term_dates import Term
from sendlib.words import SCHOOL_TZ


def school_today() -> date:
    return datetime.now(SCHOOL_TZ).date()


def year_starts(term: Term) -> date:
    return date(term.academic_year, 9, 1)


def window(first: date, last: date) -> dict:
    """The instants bounding the days first to last (inclusive) in England."""
    return {
        "from_at": calendar.day_start(first),
        "until_at": calendar.day_start(last + timedelta(days=1)),
    }


def term_end_so_far(term: Term, today: date | None) -> date:
    """The last day of a term that has happened: its end, or today if that is earlier."""
    return min(term.ends, today or school_today())


def promises_as_of(term: Term, today: date | None = None) -> date:
    """The day a term's promises are judged on: today, or the term's last day once it is over."""
    return term_end_so_far(term, today)


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
