"""The governors' termly report: the dashboard's figures for a term (sendlib.reporting.headlines),
printed with their charts.

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
from sendlib.reporting import headlines
from sendlib.school.settings import school_name
from sendlib.school.term_dates import Term
from sendlib.users import User

log = logging.getLogger(__name__)

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


def _median(value: float) -> str:
    if pd.isna(value):
        return "–"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _months_table(months: pd.DataFrame) -> ReportTable:
    rows = tuple(
        (month, _median(median), str(int(n))) for month, median, n in months.itertuples(index=False)
    )
    return ReportTable(
        ("Month", "Median school days to reply", "Messages answered"), rows, (2, 2, 1.4)
    )


def _section(section: headlines.Headlines) -> ReportSection:
    """The section as printed: the chart drawn, or marked missing if drawing it failed."""
    png = chart_png(section.chart) if section.chart is not None else None
    note = " ".join(part for part in (section.empty, section.note) if part) or None
    return ReportSection(
        section.heading,
        section.figures,
        chart=png,
        chart_missing=section.chart is not None and png is None,
        table=_months_table(section.months) if section.months is not None else None,
        note=note,
    )


def termly_report(cur: db.Cursor, user: User, term: Term, today: date) -> TermlyReport:
    """The figures and charts for the term, as this user may count them."""
    sections = headlines.every_section(cur, user, term, today)
    return TermlyReport(term.label, tuple(_section(s) for s in sections))


def print_termly_report(cur: db.Cursor, user: User, term: Term, today: date) -> bytes:
    """The termly report as PDF for the SENCo, a teacher (their classes) or the head and
    governors; the office may not print it. The print is audited."""
    require(user, "home", "print")
    report = termly_report(cur, user, term, today)
    document = build_termly_report(report, school_name(cur), user.name, today)
    audit.record_now(cur, user.username, "print termly report", detail=term.label)
    return document
