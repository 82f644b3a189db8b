"""The headline figures of working with parents, section by section, worked out once: the home
dashboard shows them and the governors' termly report prints them, in the same words.

Counts only (sendlib.reporting.compliance), as the user may count them; the lists of pupils
behind a figure are the dashboard's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd

from sendlib import db
from sendlib.reporting import charts, compliance, notes
from sendlib.reporting import deadlines as deadline_counts
from sendlib.school.term_dates import Term
from sendlib.users import User

REGISTER = "The SEN register"
MEETINGS = "Meeting parents (Code of Practice 6.65 and 6.67)"
LISTENING = "Listening: replies to families"
PROMISES = "Promises: actions agreed with families"
DEADLINES = "Deadlines"
SURGERIES = "Parent surgeries"
HEADINGS = (REGISTER, MEETINGS, LISTENING, PROMISES, DEADLINES, SURGERIES)


@dataclass(frozen=True)
class Headlines:
    """One section: its big numbers, the chart behind them (None when there is nothing to draw,
    and `empty` says so), a note on what the figures cover, and for replies the months' table."""

    heading: str
    figures: tuple[tuple[str, int], ...]
    chart: alt.TopLevelMixin | None = None
    note: str | None = None
    empty: str | None = None
    months: pd.DataFrame | None = None
    # The register's pupils by broad area of need and need (counts, as the figures are).
    by_need: pd.DataFrame | None = None


def register(cur: db.Cursor, user: User, today: date) -> Headlines:
    counts = compliance.register_counts(cur, user, today)
    by_status = counts.groupby("Status", sort=False)["Pupils"].sum()
    figures = [("On the register", int(counts["Pupils"].sum()))]
    figures += [(status, int(n)) for status, n in by_status.items()]
    note = notes.today_note(today)
    if counts.empty:
        return Headlines(REGISTER, tuple(figures), note=note, empty="No pupils on the register.")
    by_need = counts.groupby(["Broad area", "Need"], as_index=False)["Pupils"].sum()
    chart = charts.register_by_year(counts)
    return Headlines(REGISTER, tuple(figures), chart, note, by_need=by_need)


def meetings(cur: db.Cursor, user: User, term: Term, today: date) -> Headlines:
    distribution = compliance.meeting_distribution(cur, user, term, today)
    this_term = distribution[distribution["Period"] == "This term"].set_index("Meetings")["Pupils"]
    records = compliance.written_records(cur, user, term, today)
    led = compliance.meetings_led_by(cur, user, term, today).set_index("Led by")["Meetings"]
    days = compliance.WRITTEN_RECORD_DAYS
    figures = (
        ("Not met this term", int(this_term.get("0", 0))),
        ("Meetings this term", int(records["meetings"])),
        ("Led by class teachers", int(led.get("class teacher", 0))),
        ("Written record given", int(records["written record given"])),
        (f"Record in {days} school days", int(records[f"within {days} school days"])),
    )
    note = (
        "Pupils on SEN support or with an EHC plan; meetings with their parents, and how many "
        f"had a written record for the parents, and how many within {days} school days."
    )
    if not distribution["Pupils"].sum():
        empty = "No pupils on SEN support or with an EHC plan, so no meetings to count."
        return Headlines(MEETINGS, figures, note=note, empty=empty)
    return Headlines(MEETINGS, figures, charts.meetings_with_parents(distribution), note)


def listening(cur: db.Cursor, user: User, term: Term, today: date) -> Headlines:
    replies = compliance.replies(cur, user, today)
    figures = (
        ("Awaiting our reply", int(replies["awaiting reply"])),
        (f"Over {replies['target school days']:d} school days", int(replies["over target"])),
    )
    months = compliance.reply_times_by_month(cur, user, term, today)
    note = notes.reply_times_note(term, today)
    return Headlines(LISTENING, figures, note=note, months=months)


def promises(cur: db.Cursor, user: User, term: Term, today: date) -> Headlines:
    frame = compliance.promises(cur, user, term, today)
    totals = frame.groupby("State", sort=False)["Actions"].sum()
    figures = tuple((state.capitalize(), int(n)) for state, n in totals.items())
    note = notes.promises_note(term, today)
    if not frame["Actions"].sum():
        empty = "No actions were agreed with families in this term."
        return Headlines(PROMISES, figures, note=note, empty=empty)
    return Headlines(PROMISES, figures, charts.promises_by_owner(frame[frame["Actions"] > 0]), note)


def deadlines(cur: db.Cursor, user: User, today: date) -> Headlines:
    counted = deadline_counts.deadlines(cur, user, today)
    figures = tuple((label, int(n)) for label, n in counted.items())
    return Headlines(DEADLINES, figures, note=notes.today_note(today))


def surgeries(cur: db.Cursor, user: User, term: Term) -> Headlines:
    weeks = compliance.surgery_weeks(cur, user, term)
    if weeks.empty:
        return Headlines(SURGERIES, (), empty="No surgery sessions in this term.")
    taken = weeks["Booked"].sum() + weeks["Attended"].sum() + weeks["No-show"].sum()
    figures = (
        ("Slots offered", int(weeks["Slots"].sum())),
        ("Slots taken", int(taken)),
        ("Attended", int(weeks["Attended"].sum())),
        ("No-shows", int(weeks["No-show"].sum())),
    )
    note = notes.surgery_note(user)
    return Headlines(SURGERIES, figures, charts.surgery_use(weeks), note)


def every_section(cur: db.Cursor, user: User, term: Term, today: date) -> tuple[Headlines, ...]:
    """Every section for the term, in the order the dashboard and the report give them."""
    return (
        register(cur, user, today),
        meetings(cur, user, term, today),
        listening(cur, user, term, today),
        promises(cur, user, term, today),
        deadlines(cur, user, today),
        surgeries(cur, user, term),
    )
