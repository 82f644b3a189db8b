"""The local authority's published term dates, loaded from its calendar file (.ics) or a CSV:
every entry read and sorted into terms, closures in term time (half terms, INSET days, other
closures) and holidays between terms (not needed: outside the terms nobody counts), each
problem naming its row; shown before anything is saved; then saved all or nothing.

A term may be one entry that spans it ("Autumn term", 2 September to 18 December) or two that
mark its first and last days ("Autumn term starts", "Autumn term ends"). A CSV has a heading
row with what each entry is (What, Event or Description) and its first and last days (Starts,
Ends; a one-day entry may leave Ends empty), dates as 02/09/2026 or 2026-09-02."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import icalendar
import pandas as pd

from sendlib import audit, db
from sendlib.errors import BROKEN_TEXT, Problem, ValidationError, is_broken
from sendlib.school import calendar
from sendlib.school.term_dates import Closure, Term
from sendlib.school.year import academic_year_label, academic_year_start
from sendlib.users import User

MAX_BYTES = 1_000_000
WHAT = ("what", "event", "description", "summary", "title", "name")
STARTS = ("starts", "start", "start date", "from", "date", "first day")
ENDS = ("ends", "end", "end date", "to", "until", "last day")
# Words that make an entry a closure in term time, and the reason it is kept under.
CLOSURE_WORDS = (
    (("half term", "half-term", "halfterm"), "half term"),
    (("inset", "training day", "staff development", "teacher day", "pupil free"), "INSET day"),
    (("bank holiday", "closed", "closure", "polling", "election"), None),
)


@dataclass(frozen=True)
class Entry:
    """One dated entry of the file: its row (a CSV line, or the calendar's event number)."""

    row: int
    what: str
    starts: date
    ends: date


@dataclass(frozen=True)
class TermFilePreview:
    file_name: str
    terms: dict[int, list[Term]]  # academic year -> its three terms
    closures: list[Closure]
    ignored: list[Entry]  # holidays between terms, and closures outside the terms
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.terms)


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for shape in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, shape).date()
        except ValueError:
            continue
    raise ValueError(text)


def _ics_entries(data: bytes, problems: list[Problem]) -> list[Entry]:
    try:
        found = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        problems.append(Problem("File", f"is not a calendar file that can be read ({error})"))
        return []
    entries = []
    for number, event in enumerate(found.walk("VEVENT"), start=1):
        what = str(event.get("SUMMARY", "")).strip()
        start, end = event.get("DTSTART"), event.get("DTEND")
        if start is None:
            problems.append(Problem(f"Event {number}", f"'{what}' has no date"))
            continue
        starts = _day(start.dt)
        if end is None:
            ends = starts
        elif isinstance(end.dt, datetime):
            ends = _day(end.dt)
        else:  # an all-day event ends the day before its DTEND
            ends = _day(end.dt) - timedelta(days=1)
        entries.append(Entry(number, what, starts, max(starts, ends)))
    return entries


def _column(headers: list[str], names: tuple[str, ...]) -> str | None:
    return next((h for h in headers if h.strip().casefold() in names), None)


def _csv_entries(data: bytes, problems: list[Problem]) -> list[Entry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # saved from Excel on Windows
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        problems.append(Problem("File", f"is not a CSV file that can be read ({error})"))
        return []
    headers = list(frame.columns)
    what, starts, ends = (_column(headers, names) for names in (WHAT, STARTS, ENDS))
    if what is None or starts is None:
        problems.append(
            Problem(
                "File",
                "needs a column saying what each entry is (What) and one with its first day "
                f"(Starts); its headings are {', '.join(headers) or 'missing'}",
            )
        )
        return []
    entries = []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        text = row[what].strip()
        first, last = row[starts].strip(), (row[ends].strip() if ends else "")
        if not text and not first and not last:
            continue  # a blank line
        try:
            day = _day(first)
        except ValueError:
            problems.append(Problem(f"Row {number}", f"Starts: '{first}' is not a date"))
            continue
        try:
            end = _day(last) if last else day
        except ValueError:
            problems.append(Problem(f"Row {number}", f"Ends: '{last}' is not a date"))
            continue
        if end < day:
            problems.append(Problem(f"Row {number}", f"'{text}' ends before it starts"))
            continue
        entries.append(Entry(number, text, day, end))
    return entries


def _term_name(text: str) -> str | None:
    for name in calendar.TERM_NAMES:
        if name in text and "term" in text:
            return name
    return None


def _closure_reason(text: str, as_typed: str) -> str | None:
    for words, reason in CLOSURE_WORDS:
        if any(word in text for word in words):
            return reason or as_typed
    return None


def _sort(entries: list[Entry], label: str, problems: list[Problem]):
    """The entries as term ends (by year and term), closures and holidays between terms."""
    ends: dict[tuple[int, str], dict[str, date]] = {}
    closures, ignored = [], []
    for entry in entries:
        where = f"{label} {entry.row}"
        if is_broken(entry.what):
            problems.append(Problem(where, BROKEN_TEXT))
            continue
        text = " ".join(entry.what.casefold().split())
        reason = _closure_reason(text, entry.what)
        name = _term_name(text) if reason is None else None
        if reason is not None:
            closures.append(
                (entry, Closure(entry.starts, entry.ends, reason[: calendar.MAX_REASON]))
            )
        elif name is not None:
            key = (academic_year_start(entry.starts), name)
            marks = ends.setdefault(key, {})
            if any(w in text for w in ("start", "begin", "open", "first day")):
                marks["starts"] = entry.starts
            elif any(w in text for w in ("end", "close", "finish", "last day")):
                marks["ends"] = entry.ends
            else:
                marks.update(starts=entry.starts, ends=entry.ends)
        elif "holiday" in text or "vacation" in text or "break" in text:
            ignored.append(entry)
        else:
            problems.append(
                Problem(where, f"'{entry.what}' is not a term, a half term or a closure")
            )
    return ends, closures, ignored


def preview_term_file(data: bytes, file_name: str) -> TermFilePreview:
    """Read a term-dates file and check it whole; nothing is saved."""
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        problems.append(Problem("File", "is larger than 1 MB: is it the term dates?"))
        return TermFilePreview(file_name, {}, [], [], problems)
    is_ics = data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR")
    entries = _ics_entries(data, problems) if is_ics else _csv_entries(data, problems)
    label = "Event" if is_ics else "Row"
    ends, closures, ignored = _sort(entries, label, problems)
    terms: dict[int, list[Term]] = {}
    for (year, name), marks in sorted(ends.items()):
        shown = f"{name.capitalize()} term {academic_year_label(year)}"
        missing = [word for word in ("starts", "ends") if word not in marks]
        if missing:
            problems.append(Problem(shown, f"the file does not say when it {missing[0][:-1]}s"))
            continue
        terms.setdefault(year, []).append(Term(year, name, marks["starts"], marks["ends"]))
    for year, found in terms.items():
        for problem in calendar.validate_terms(year, found):
            problems.append(
                Problem(f"{academic_year_label(year)}: {problem.field}", problem.message)
            )
    if not entries and not problems:
        problems.append(Problem("File", "has no dated entries"))
    elif not terms and not problems:
        problems.append(Problem("File", "gives no term dates"))
    spans = [t for year in terms.values() for t in year]
    kept = []
    for entry, closure in closures:
        if any(t.starts <= closure.ends and closure.starts <= t.ends for t in spans):
            kept.append(closure)
        else:  # outside the terms, so not needed (an INSET day before the term starts)
            ignored.append(entry)
    ignored.sort(key=lambda e: e.row)
    return TermFilePreview(file_name, terms, kept, ignored, problems)


def apply_term_file(
    cur: db.Cursor, user: User, preview: TermFilePreview, in_step: calendar.InStep = None
) -> int:
    """Save a checked file's term dates: for each school year in it, its terms replaced and, if
    the file gives half terms, its half terms replaced by the file's. The school's own INSET
    days and closures are kept (a closure on the same days as one in the file is not added
    twice). All in one transaction with `in_step`. Returns how many of the file's closures were
    added."""
    calendar.require_senco(user)
    if not preview.ok:
        raise ValidationError(preview.problems or [Problem("File", "gives no term dates")])

    def work(c: db.Cursor) -> int:
        added = 0
        for year, terms in sorted(preview.terms.items()):
            calendar.ensure_year(c, year)
            first, last = date(year, 9, 1), date(year + 1, 8, 31)
            before = c.execute(
                "SELECT name, starts, ends FROM terms WHERE academic_year = ?", [year]
            ).fetchall()
            c.execute("DELETE FROM terms WHERE academic_year = ?", [year])
            c.executemany(
                "INSERT INTO terms (academic_year, name, starts, ends) VALUES (?, ?, ?, ?)",
                [[year, t.name, t.starts, t.ends] for t in terms],
            )
            if any(x.reason == "half term" and first <= x.starts <= last for x in preview.closures):
                c.execute(
                    "DELETE FROM closures WHERE reason = 'half term' AND starts BETWEEN ? AND ?",
                    [first, last],
                )
            held = {
                (s, e)
                for s, e in c.execute(
                    "SELECT starts, ends FROM closures WHERE starts BETWEEN ? AND ?", [first, last]
                ).fetchall()
            }
            new = [x for x in preview.closures if first <= x.starts <= last
                   and (x.starts, x.ends) not in held]  # fmt: skip
            for x in new:
                c.execute(
                    "INSERT INTO closures (starts, ends, reason) VALUES (?, ?, ?)",
                    [x.starts, x.ends, x.reason],
                )
            added += len(new)
            audit.record(
                c, user.username, "import term dates",
                detail=f"{preview.file_name}: {academic_year_label(year)}, {len(new)} closures",
                before={name: [starts, ends] for name, starts, ends in before},
                after={t.name: [t.starts, t.ends] for t in terms}
                | {"closures": [[x.starts, x.ends, x.reason] for x in new]},
            )  # fmt: skip
        if in_step:
            in_step(c)
        return added

    return db.write(cur, work)
