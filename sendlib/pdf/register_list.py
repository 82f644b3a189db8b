"""The printed SEN register: the list the register page shows, with its filters and counts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sendlib.pdf.house import HouseDocument
from sendlib.pupils import listing
from sendlib.words import short_date


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, date):
        return short_date(value)
    return str(value)


def build_register_pdf(
    frame: pd.DataFrame,
    filter_summary: str,
    school_name: str,
    printed_on: date,
    printed_by: str,
) -> bytes:
    """The register list as a landscape table, with the filters applied and the counts by status."""
    pdf = HouseDocument("SEN register", school_name, printed_on, printed_by, landscape=True)
    columns = [c for c in frame.columns if c != "pupil_id"]
    if "Left" in columns and not frame["Left"].notna().any():
        columns.remove("Left")
    pdf.key_values(
        [
            ("Filters", filter_summary.strip() or "None"),
            (
                "Pupils",
                "   ".join(f"{k}: {v}" for k, v in listing.count_by_status(frame).items()),
            ),
        ],
        label_width=22,
    )
    pdf.ln(1)
    if frame.empty:
        pdf.empty("No pupils match these filters.")
    else:
        rows = [[_text(v) for v in record] for record in frame[columns].itertuples(index=False)]
        pdf.simple_table(columns, rows, font_size=8.5)
    return pdf.to_bytes()
