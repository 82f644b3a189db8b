"""The readable copy of a subject access export: everything held about one pupil, a section for
each kind of record, in plain words with dates as DD/MM/YYYY."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from sendlib.pdf.house import HouseDocument
from sendlib.words import school_time

# A kind of record with at most this many columns prints as a table; wider ones record by record.
TABLE_COLUMNS = 5


@dataclass(frozen=True)
class RecordSection:
    """One kind of record: its title, a sentence on what it is, and its rows (stored values)."""

    title: str
    about: str
    labels: list[str]
    rows: list[list[object]]


def words(value: object) -> str:
    """A stored value as a reader would write it: DD/MM/YYYY, Yes/No, a pack's sections by name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{school_time(value):%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    text = str(value)
    if text.startswith("{"):
        try:
            parts = json.loads(text)
        except ValueError:
            return text
        if isinstance(parts, dict):
            return "\n".join(f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in parts.items())
    return text


def build_subject_access_pdf(
    pupil_name: str,
    upn: str,
    sections: list[RecordSection],
    school_name: str,
    printed_on: date,
    printed_by: str,
) -> bytes:
    """Everything held about a pupil as a PDF: a summary, then a section per kind of record."""
    pdf = HouseDocument(
        f"Subject access request: {pupil_name}", school_name, printed_on, printed_by
    )
    pdf.key_values(
        [
            ("Pupil", pupil_name),
            ("UPN", upn),
            ("Prepared on", f"{printed_on:%d/%m/%Y}"),
            ("Prepared by", printed_by),
        ],
        label_width=30,
    )
    pdf.paragraph(
        "This is everything the school's SEND records hold about the pupil, restricted notes "
        "included. The same records are in the folder 'tables' beside this document, one "
        "spreadsheet (CSV) file for each kind of record, exactly as stored."
    )
    pdf.section("What is held")
    pdf.simple_table(
        ["Kind of record", "Records"],
        [[s.title, str(len(s.rows))] for s in sections],
        widths=[5, 1],
    )
    for section in sections:
        _section(pdf, section)
    return pdf.to_bytes()


def _section(pdf: HouseDocument, section: RecordSection) -> None:
    pdf.section(section.title)
    pdf.paragraph(section.about, muted=True)
    if not section.rows:
        pdf.empty("None held.")
        return
    rows = [[words(v) for v in row] for row in section.rows]
    if len(section.labels) <= TABLE_COLUMNS:
        pdf.simple_table(section.labels, rows, font_size=8.5)
        return
    for number, row in enumerate(rows, start=1):
        if len(rows) > 1:
            pdf.subheading(f"Record {number} of {len(rows)}")
        pdf.key_values(
            [(label, text) for label, text in zip(section.labels, row, strict=True) if text]
        )
