"""The governors' termly report: the dashboard's figures for a term, printed with their charts.

Counts only (sendlib.reporting.compliance), so the head and governors may print it; the office may not.
"""

from __future__ import annotations

import logging
from datetime import date

import altair as alt
import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.pdf.termly_report import ReportSection, ReportTable, TermlyReport, build_termly_report
from sendlib.reporting import charts, compliance
from sendlib.school.calendar import Term
from sendlib.school.settings import school_name
from sendlib.users import User

log = logging.getLogger(__name__)

SECTION_HEADINGS = (
    "The SEN register",
    "Meeting parents (Code of Practice 6.65 and 6.67)",
    "Listening: replies to families",
    "Promises",
    "Deadlines",
    "Parent surgeries",
)
CHART_SCALE = 2
CHART_WIDTH = 560  # px: charts without a set width are drawn this wide, to read well on A4


def chart_png(chart: alt.TopLevelMixin) -> bytes | None:
    """The chart as PNG (vl-convert, offline), or None if it cannot be drawn."""
    try:
        import vl_convert as vlc

        spec = chart.to_dict()
        if "width" not in spec and "facet" not in spec and "spec" not in spec:
            spec["width"] = CHART_WIDTH
        return vlc.vegalite_to_png(spec, scale=CHART_SCALE)
    except Exception:  # a report without a chart beats no report
        log.exception("Could not draw a chart for the termly report")
        return None


def _section(heading: str, figures: list, chart=None, **rest) -> ReportSection:
    """A section with the chart drawn, or marked missing if drawing it failed."""
    png = chart_png(chart) if chart is not None else None
    return ReportSection(
        heading, tuple(figures), chart=png, chart_missing=chart is not None and png is None, **rest
    )


def _median(value: float) -> str:
    if pd.isna(value):
        return "–"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _register(cur: db.Cursor, user: User, today: date) -> ReportSection:
    counts = compliance.register_counts(cur, user, today)
    by_status = counts.groupby("Status", sort=False)["Pupils"].sum()
    figures = [("On the register", int(counts["Pupils"].sum()))]
    figures += [(status, int(n)) for status, n in by_status.items()]
    note = compliance.today_note(today)
    if counts.empty:
        return _section(SECTION_HEADINGS[0], figures, note=f"No pupils on the register. {note}")
    return _section(SECTION_HEADINGS[0], figures, charts.register_by_year(counts), note=note)


def _meetings(cur: db.Cursor, user: User, term: Term, today: date) -> ReportSection:
    distribution = compliance.meeting_distribution(cur, user, term, today)
    this_term = distribution[distribution["Period"] == "This term"].set_index("Meetings")["Pupils"]
    records = compliance.written_records(cur, user, term, today)
    led = compliance.meetings_led_by(cur, user, term, today).set_index("Led by")["Meetings"]
    days = compliance.WRITTEN_RECORD_DAYS
    figures = [
        ("Not met this term", int(this_term.get("0", 0))),
        ("Meetings this term", records["meetings"]),
        ("Led by class teachers", int(led.get("class teacher", 0))),
        ("Written record given", records["written record given"]),
        (f"Written record within {days} school days", records[f"within {days} school days"]),
    ]
    note = "Pupils on SEN support or with an EHC plan; meetings with their parents."
    return _section(
        SECTION_HEADINGS[1], figures, charts.meetings_with_parents(distribution), note=note
    )


def _listening(cur: db.Cursor, user: User, term: Term, today: date) -> ReportSection:
    replies = compliance.replies(cur, user, today)
    figures = [
        ("Awaiting our reply", replies["awaiting reply"]),
        (f"Over {replies['target school days']} school days", replies["over target"]),
    ]
    months = compliance.reply_times_by_month(cur, user, term, today)
    rows = tuple(
        (month, _median(median), str(int(n))) for month, median, n in months.itertuples(index=False)
    )
    table = ReportTable(
        ("Month", "Median school days to reply", "Messages answered"), rows, (2, 2, 1.4)
    )
    note = compliance.reply_times_note(term, today)
    return _section(SECTION_HEADINGS[2], figures, table=table, note=note)


def _promises(cur: db.Cursor, user: User, term: Term, today: date) -> ReportSection:
    frame = compliance.promises(cur, user, term, today)
    totals = frame.groupby("State", sort=False)["Actions"].sum()
    figures = [(state.capitalize(), int(n)) for state, n in totals.items()]
    note = compliance.promises_note(term, today)
    if not frame["Actions"].sum():
        return _section(SECTION_HEADINGS[3], figures, note=f"None agreed in this term. {note}")
    chart = charts.promises_by_owner(frame[frame["Actions"] > 0])
    return _section(SECTION_HEADINGS[3], figures, chart, note=note)


def _deadlines(cur: db.Cursor, user: User, today: date) -> ReportSection:
    figures = list(compliance.deadlines(cur, user, today).items())
    return _section(SECTION_HEADINGS[4], figures, note=compliance.today_note(today))


def _surgeries(cur: db.Cursor, user: User, term: Term) -> ReportSection:
    weeks = compliance.surgery_weeks(cur, user, term)
    if weeks.empty:
        return _section(SECTION_HEADINGS[5], [], note="No surgery sessions in this term.")
    taken = weeks["Booked"].sum() + weeks["Attended"].sum() + weeks["No-show"].sum()
    figures = [
        ("Slots offered", int(weeks["Slots"].sum())),
        ("Slots taken", int(taken)),
        ("Attended", int(weeks["Attended"].sum())),
        ("No-shows", int(weeks["No-show"].sum())),
    ]
    note = compliance.surgery_note(user)
    return _section(SECTION_HEADINGS[5], figures, charts.surgery_use(weeks), note=note)


def termly_report(cur: db.Cursor, user: User, term: Term, today: date) -> TermlyReport:
    """The figures and charts for the term, as this user may count them."""
    return TermlyReport(
        term.label,
        (
            _register(cur, user, today),
            _meetings(cur, user, term, today),
            _listening(cur, user, term, today),
            _promises(cur, user, term, today),
            _deadlines(cur, user, today),
            _surgeries(cur, user, term),
        ),
    )


def print_termly_report(cur: db.Cursor, user: User, term: Term, today: date) -> bytes:
    """The termly report as PDF for the SENCo, a teacher (their classes) or the head and
    governors; the office may not print it. The print is audited."""
    require(user, "home", "print")
    report = termly_report(cur, user, term, today)
    document = build_termly_report(report, school_name(cur), user.name, today)
    audit.record_now(cur, user.username, "print termly report", detail=term.label)
    return document
