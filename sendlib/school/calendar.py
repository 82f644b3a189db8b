"""The school calendar that reply times and due dates are counted in: terms, half terms, closures.

A school day is a weekday inside a term that is not a closure (half term, bank holiday, INSET
day). A year whose terms were never stored counts with the default pattern (in
sendlib.school.term_dates), so reading never writes; `ensure_year` stores the defaults so that
the school can then correct them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from sendlib import access, audit, db
from sendlib.errors import NotFound, PermissionDenied, Problem, ValidationError, clean_text
from sendlib.school.bank_holidays import bank_holidays
from sendlib.school.term_dates import Closure, Term, default_closures, default_terms
from sendlib.school.year import academic_year_label, academic_year_start
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

TERM_NAMES = ("autumn", "spring", "summer")
MAX_REASON = 100


def day_start(day: date) -> datetime:
    """Midnight at the start of a day in England, as an instant."""
    return datetime.combine(day, time(), tzinfo=SCHOOL_TZ)


def _stored_terms(cur: db.Cursor, years: list[int]) -> list[Term]:
    if not years:
        return []
    marks = ", ".join("?" for _ in years)
    rows = cur.execute(
        f"SELECT academic_year, name, starts, ends FROM terms WHERE academic_year IN ({marks}) "
        "ORDER BY starts",
        years,
    ).fetchall()
    return [Term(*row) for row in rows]


def _calendar(cur: db.Cursor, first: date, last: date) -> tuple[list[Term], list[Closure]]:
    """The terms and closures in force between two dates: stored, or the defaults."""
    years = list(range(academic_year_start(first), academic_year_start(last) + 1))
    terms = _stored_terms(cur, years)
    missing = sorted(set(years) - {t.academic_year for t in terms})
    closures = [
        Closure(s, e, r, i)
        for i, s, e, r in cur.execute(
            "SELECT closure_id, starts, ends, reason FROM closures "
            "WHERE ends >= ? AND starts <= ? ORDER BY starts, closure_id",
            [first, last],
        ).fetchall()
    ]
    for year in missing:
        terms += default_terms(year)
        closures += default_closures(year)
    # Bank holidays in term time that no closure already covers (the usual ones fall in the
    # holidays; the early May one is a default closure; the one-off ones land in term).
    closed = {
        c.starts + timedelta(n) for c in closures for n in range((c.ends - c.starts).days + 1)
    }
    closures += [
        Closure(day, day, f"bank holiday: {name}")
        for day, name in bank_holidays(first, last)
        if day not in closed and any(t.starts <= day <= t.ends for t in terms)
    ]
    terms.sort(key=lambda t: t.starts)
    closures.sort(key=lambda c: c.starts)
    return terms, closures


def list_terms(cur: db.Cursor, academic_year: int) -> list[Term]:
    """A school year's terms as counted: stored ones, else the defaults."""
    return _calendar(cur, date(academic_year, 9, 1), date(academic_year + 1, 8, 31))[0]


def list_closures(cur: db.Cursor, date_from: date, date_to: date) -> list[Closure]:
    """The closures between two dates as counted (defaults carry no closure_id)."""
    closures = _calendar(cur, date_from, date_to)[1]
    return [c for c in closures if c.ends >= date_from and c.starts <= date_to]


def _school_days(cur: db.Cursor, first: date, last: date) -> np.ndarray:
    """One boolean per day from first to last: is it a school day?"""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    weekday = (days.astype(np.int64) + 3) % 7  # 1 January 1970 was a Thursday
    in_term = np.zeros(len(days), dtype=bool)
    terms, closures = _calendar(cur, first, last)
    for term in terms:
        in_term[_slice(first, last, term.starts, term.ends)] = True
    for closure in closures:
        in_term[_slice(first, last, closure.starts, closure.ends)] = False
    return in_term & (weekday < 5)


def _slice(first: date, last: date, starts: date, ends: date) -> slice:
    lo = max((starts - first).days, 0)
    hi = min((ends - first).days, (last - first).days) + 1
    return slice(lo, max(lo, hi))


def school_day_index(cur: db.Cursor, first: date, last: date) -> dict[date, int]:
    """For each date, the school days from `first` up to and including it (a running count)."""
    counts = np.cumsum(_school_days(cur, first, last))
    return {first + timedelta(days=i): int(n) for i, n in enumerate(counts)}


def school_days(cur: db.Cursor, first: date, last: date) -> list[date]:
    """The school days from first to last, in order."""
    if last < first:
        return []
    return [first + timedelta(days=int(i)) for i in np.flatnonzero(_school_days(cur, first, last))]


def is_school_day(cur: db.Cursor, day: date) -> bool:
    """True on a weekday inside a term that is not a closure."""
    return bool(_school_days(cur, day, day)[0])


def _as_days(values: pd.Series) -> np.ndarray:
    """Dates, datetimes or timestamps as numpy days; aware times count by the date in England."""
    series = pd.Series(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert(SCHOOL_TZ).dt.tz_localize(None)
    elif series.dtype == object:
        series = series.map(_local_date)
    return pd.to_datetime(series).to_numpy().astype("datetime64[D]")


def _local_date(value: object) -> object:
    if isinstance(value, pd.Timestamp | date) and getattr(value, "tzinfo", None) is not None:
        return value.astimezone(SCHOOL_TZ).date()
    return value


def school_days_between_many(cur: db.Cursor, starts: pd.Series, ends: pd.Series) -> pd.Series:
    """School days after each start up to and including its end, for many pairs at once.

    Friday to Monday is 1 and the same day 0. A start that is not a school day (a weekend,
    holiday or closure) counts from the next school day, so a Saturday message answered on
    Monday is 0. Never negative; missing ends give <NA>. One running count over the dates
    spanned, so hundreds of thousands of pairs cost one pass.
    """
    start_days, end_days = _as_days(starts), _as_days(ends)
    index = starts.index if isinstance(starts, pd.Series) else pd.RangeIndex(len(start_days))
    counted = np.full(len(start_days), -1, dtype=np.int64)
    known = ~np.isnat(start_days) & ~np.isnat(end_days)
    if known.any():
        first = min(start_days[known].min(), end_days[known].min())
        last = max(start_days[known].max(), end_days[known].max())
        mask = _school_days(cur, first.astype(object), last.astype(object))
        running = np.cumsum(mask)
        at_start = (start_days[known] - first).astype(np.int64)
        at_end = (end_days[known] - first).astype(np.int64)
        between = running[at_end] - running[at_start] - (~mask[at_start]).astype(np.int64)
        counted[known] = np.maximum(between, 0)
    return pd.Series(counted, index=index, dtype="Int64").mask(~known)


def school_days_between(cur: db.Cursor, start: date, end: date) -> int:
    """School days after `start` up to and including `end` (Friday to Monday is 1)."""
    return int(school_days_between_many(cur, pd.Series([start]), pd.Series([end])).iloc[0])


def add_school_days(cur: db.Cursor, start: date, days: int) -> date:
    """The school day that is `days` school days after `start`, counted as school_days_between
    counts (from the next school day when `start` is not one)."""
    window = 31 + days * 2
    while True:
        mask = _school_days(cur, start, start + timedelta(days=window))
        # Either way the answer is the school day where the running count reaches days + 1.
        hits = np.flatnonzero(mask & (np.cumsum(mask) == days + 1))
        if len(hits):
            return start + timedelta(days=int(hits[0]))
        window *= 2


def term_containing(cur: db.Cursor, day: date) -> Term | None:
    """The term whose dates include this day (half terms included), or None in a holiday."""
    terms = _calendar(cur, day, day)[0]
    return next((t for t in terms if t.starts <= day <= t.ends), None)


def this_term(cur: db.Cursor, day: date) -> Term | None:
    """'This term' as a SENCo means it: the term containing the day or, in a holiday, the term
    just ended (so the Christmas holiday still reports on the autumn term)."""
    terms = _calendar(cur, date(academic_year_start(day) - 1, 9, 1), day)[0]
    started = [t for t in terms if t.starts <= day]
    return started[-1] if started else None


def neighbour_term(cur: db.Cursor, term: Term, step: int) -> Term | None:
    """The term before (step -1) or after (step 1) this one."""
    years = [term.academic_year - 1, term.academic_year, term.academic_year + 1]
    terms = [t for year in years for t in list_terms(cur, year)]
    at = next(i for i, t in enumerate(terms) if t.name == term.name and t.starts == term.starts)
    return terms[at + step] if 0 <= at + step < len(terms) else None


def ensure_year(cur: db.Cursor, academic_year: int) -> bool:
    """Store the default terms and closures of a year that has no terms yet; True if it did.

    Runs inside the caller's transaction (it does not open one).
    """
    if _stored_terms(cur, [academic_year]):
        return False
    for term in default_terms(academic_year):
        cur.execute(
            "INSERT INTO terms (academic_year, name, starts, ends) VALUES (?, ?, ?, ?)",
            [term.academic_year, term.name, term.starts, term.ends],
        )
    for closure in default_closures(academic_year):
        cur.execute(
            "INSERT INTO closures (starts, ends, reason) VALUES (?, ?, ?)",
            [closure.starts, closure.ends, closure.reason],
        )
    return True


def require_senco(user: User) -> None:
    # The calendar changes every pupil's reply times: only the SENCo may change it.
    if not access.is_senco(user):
        raise PermissionDenied("Only the SENCo may change the school calendar.")


def validate_terms(academic_year: int, terms: list[Term]) -> list[Problem]:
    """Everything wrong with a year's term dates, each naming the term."""
    problems = []
    by_name = {t.name: t for t in terms}
    if sorted(t.name for t in terms) != sorted(TERM_NAMES):
        problems.append(Problem("Terms", "give the autumn, spring and summer terms once each"))
    year_starts, year_ends = date(academic_year, 9, 1), date(academic_year + 1, 8, 31)
    for term in terms:
        field = f"{term.name.capitalize()} term"
        if term.ends < term.starts:
            problems.append(Problem(field, "ends before it starts"))
        if (
            term.academic_year != academic_year
            or term.starts < year_starts
            or term.ends > year_ends
        ):
            problems.append(
                Problem(
                    field,
                    f"must fall within the {academic_year_label(academic_year)} school year "
                    f"({year_starts:%d/%m/%Y} to {year_ends:%d/%m/%Y})",
                )
            )
    for before, after in zip(TERM_NAMES, TERM_NAMES[1:], strict=False):
        if before in by_name and after in by_name and by_name[after].starts <= by_name[before].ends:
            problems.append(
                Problem(f"{after.capitalize()} term", f"starts before the {before} term ends")
            )
    return problems


# What else changes with the calendar, in the same transaction (sendlib.school.changes).
InStep = Callable[[db.Cursor], object] | None


def set_terms(
    cur: db.Cursor, user: User, academic_year: int, terms: list[Term], in_step: InStep = None
) -> None:
    """Replace a school year's term dates (its closures are kept, or defaulted if new); then
    `in_step` runs inside the same transaction."""
    require_senco(user)
    problems = validate_terms(academic_year, terms)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> None:
        ensure_year(c, academic_year)
        before = c.execute(
            "SELECT name, starts, ends FROM terms WHERE academic_year = ? ORDER BY starts",
            [academic_year],
        ).fetchall()
        c.execute("DELETE FROM terms WHERE academic_year = ?", [academic_year])
        for term in terms:
            c.execute(
                "INSERT INTO terms (academic_year, name, starts, ends) VALUES (?, ?, ?, ?)",
                [academic_year, term.name, term.starts, term.ends],
            )
        detail = "; ".join(f"{t.name} {t.starts} to {t.ends}" for t in terms)
        audit.record(
            c,
            user.username,
            "change term dates",
            detail=detail,
            before={name: [starts, ends] for name, starts, ends in before},
            after={t.name: [t.starts, t.ends] for t in terms},
        )
        if in_step:
            in_step(c)

    db.write(cur, work)


def add_closure(
    cur: db.Cursor,
    user: User,
    starts: date,
    ends: date | None,
    reason: str,
    in_step: InStep = None,
) -> int:
    """Close the school for a day or more (an INSET day, a snow day); returns its closure_id.
    Then `in_step` runs inside the same transaction."""
    require_senco(user)
    ends = ends or starts
    problems: list[Problem] = []
    if not isinstance(starts, date):
        problems.append(Problem("Starts", "is required"))
    elif ends < starts:
        problems.append(Problem("Ends", "is before the closure starts"))
    reason = clean_text(reason, "Reason", MAX_REASON, True, problems, "for example 'INSET day'")
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        for year in range(academic_year_start(starts), academic_year_start(ends) + 1):
            ensure_year(c, year)
        closure_id = c.execute(
            "INSERT INTO closures (starts, ends, reason) VALUES (?, ?, ?) RETURNING closure_id",
            [starts, ends, reason],
        ).fetchone()[0]
        audit.record(
            c, user.username, "add closure", detail=f"{reason}: {starts} to {ends}",
            after={"closure_id": closure_id, "starts": starts, "ends": ends, "reason": reason},
        )  # fmt: skip
        if in_step:
            in_step(c)
        return closure_id

    return db.write(cur, work)


def remove_closure(cur: db.Cursor, user: User, closure_id: int, in_step: InStep = None) -> None:
    """Reopen the school on a closure's days (a closure entered by mistake); then `in_step` runs
    inside the same transaction."""
    require_senco(user)
    row = cur.execute(
        "SELECT starts, ends, reason FROM closures WHERE closure_id = ?", [closure_id]
    ).fetchone()
    if row is None:
        raise NotFound("That closure is not in the calendar.")

    def work(c: db.Cursor) -> None:
        c.execute("DELETE FROM closures WHERE closure_id = ?", [closure_id])
        audit.record(
            c, user.username, "remove closure", detail=f"{row[2]}: {row[0]} to {row[1]}",
            before={"closure_id": closure_id, "starts": row[0], "ends": row[1], "reason": row[2]},
        )  # fmt: skip
        if in_step:
            in_step(c)

    db.write(cur, work)
