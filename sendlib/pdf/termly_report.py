"""The governors' termly report on SEND and working with parents: counts and charts, no names."""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import DARK_BLUE, FAMILY, MUTED, RULE

COUNTS_ONLY = "Counts only: no pupil is named."
CHART_MISSING = "Chart not available."
TILES_PER_ROW = 5
TILE_GAP = 3.0  # mm between figure tiles
NUMBER_HEIGHT = 8.0  # mm for a figure's number
LABEL_LINE = 3.8  # mm per line of a figure's label
MIN_CHART_SHARE = 0.7  # a chart may shrink this far to stay on its figures' page
MAX_CHART_HEIGHT = 95.0  # mm: a tall chart is narrowed rather than run over most of a page


@dataclass(frozen=True)
class ReportTable:
    """A short table: its headings and its rows, as printed."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None


@dataclass(frozen=True)
class ReportSection:
    """One section: its figures as (label, value), then a chart (PNG bytes) and a table.

    chart_missing says a chart was meant but could not be drawn; note is a muted line after the
    figures (what the figures cover, or that there is nothing to show)."""

    heading: str
    figures: tuple[tuple[str, object], ...] = ()
    chart: bytes | None = None
    chart_missing: bool = False
    table: ReportTable | None = None
    note: str | None = None


@dataclass(frozen=True)
class TermlyReport:
    """The term's label ('Autumn term 2026/27') and the sections in the order printed."""

    term_label: str
    sections: tuple[ReportSection, ...] = field(default_factory=tuple)


def title(term_label: str) -> str:
    return f"SEND and working with parents: {term_label}"


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def _figures(pdf: HouseDocument, figures: Sequence[tuple[str, object]]) -> None:
    """The figures as a row (or rows) of tiles: a big number with its label under it."""
    per_row = min(TILES_PER_ROW, max(1, len(figures)))
    width = (pdf.epw - TILE_GAP * (per_row - 1)) / per_row
    for start in range(0, len(figures), per_row):
        row = figures[start : start + per_row]
        pdf.set_font(FAMILY, "", 8.5)
        labels = [pdf.wrap(label, width - 3) for label, _ in row]
        height = NUMBER_HEIGHT + LABEL_LINE * max(len(lines) for lines in labels) + 3
        pdf.keep_together(height)
        top = pdf.y
        for number, ((_, value), lines) in enumerate(zip(row, labels, strict=True)):
            x = pdf.l_margin + number * (width + TILE_GAP)
            pdf.set_draw_color(*RULE)
            pdf.rect(x, top, width, height - 1.5)
            pdf.set_fill_color(*DARK_BLUE)
            pdf.rect(x, top, 1.0, height - 1.5, style="F")
            pdf.set_xy(x + 2.5, top + 1)
            pdf.set_font(FAMILY, "B", 15)
            pdf.set_text_color(*DARK_BLUE)
            pdf.cell(width - 3, NUMBER_HEIGHT, str(value))
            pdf.set_xy(x + 2.5, top + 1 + NUMBER_HEIGHT)
            pdf.set_font(FAMILY, "", 8.5)
            pdf.set_text_color(*MUTED)
            pdf.print_lines(lines, width - 3, LABEL_LINE)
        pdf.set_xy(pdf.l_margin, top + height + 0.5)
    pdf.set_font(FAMILY, "", 10)


def _chart(pdf: HouseDocument, png: bytes) -> None:
    """The chart across the page width, its aspect kept (narrower if it would be too tall)."""
    pixels_wide, pixels_high = png_size(png)
    width = pdf.epw
    height = width * pixels_high / pixels_wide
    if height > MAX_CHART_HEIGHT:
        width, height = width * MAX_CHART_HEIGHT / height, MAX_CHART_HEIGHT
    room = pdf.page_break_trigger - pdf.y - 2
    if room < height and room >= MIN_CHART_SHARE * height:
        width, height = width * room / height, room  # a little smaller, beside its figures
    pdf.keep_together(height + 2)
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, y=pdf.y, w=width, h=height)
    pdf.set_y(pdf.y + height + 2)


def build_termly_report(report: TermlyReport, school: str, printed_by: str, today: date) -> bytes:
    """The report as PDF in the house layout, each section's heading kept with its figures."""
    pdf = HouseDocument(title(report.term_label), school, today, printed_by)
    pdf.paragraph(COUNTS_ONLY, muted=True)
    for section in report.sections:
        pdf.section(section.heading)
        if section.figures:
            _figures(pdf, section.figures)
        if section.note:
            pdf.paragraph(section.note, muted=True)
        if section.chart:
            _chart(pdf, section.chart)
        elif section.chart_missing:
            pdf.paragraph(CHART_MISSING, muted=True)
        if section.table and section.table.rows:
            table = section.table
            widths = table.widths or tuple(1 for _ in table.headings)
            pdf.keep_together(pdf.table_height(table.headings, table.rows, widths))
            pdf.simple_table(table.headings, table.rows, widths)
    return pdf.to_bytes()
