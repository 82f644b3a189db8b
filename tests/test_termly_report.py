"""The governors' termly report: counts and charts for the term, naming nobody."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from sendlib.errors import PermissionDenied
from sendlib.pdf.termly_report import COUNTS_ONLY
from sendlib.reporting import compliance, headlines, termly_report
from sendlib.school import calendar
from tests.school import TODAY, ZOE, at, book
from tests.test_pdf import text

pytestmark = pytest.mark.usefixtures("a_surgery_booked")
NAMES = ("Zoë", "Łukasz", "Nguyễn", "Siobhán", "O'Connor", "Nowak")


@pytest.fixture
def a_surgery_booked(cur, staff):
    """A surgery booked for Zoë's family last Monday, so the report's surgery section has a
    chart: every test here has it."""
    book(cur, ZOE, at("2026-11-16 13:30"), "booked")


@pytest.fixture
def term(cur):
    return calendar.term_containing(cur, TODAY)


def image_count(pdf: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return sum(len(page.images) for page in reader.pages)


def test_the_head_prints_every_section_with_the_figures_and_charts(cur, staff, term):
    pdf = termly_report.print_termly_report(cur, staff["viewer"], term, TODAY)
    words = text(pdf)
    assert f"SEND and working with parents: {term.label}" in words
    assert "Autumn term 2026/27" in words and COUNTS_ONLY in words
    positions = [words.index(heading) for heading in headlines.HEADINGS]
    assert positions == sorted(positions)
    distribution = compliance.meeting_distribution(cur, staff["viewer"], term, TODAY)
    not_met = distribution[distribution["Period"] == "This term"].iloc[0]["Pupils"]
    assert not_met == 4 and "4 Not met this term" in words
    assert "5 On the register" in words and "1 Slots offered" in words
    assert "November 2026" in words and "Median school days to reply" in words
    assert image_count(pdf) >= 3
    assert not any(name in words for name in NAMES)
    assert not any(name.encode() in pdf for name in NAMES)
    rows = cur.execute(
        "SELECT username, detail FROM audit_log WHERE action = 'print termly report'"
    ).fetchall()
    assert rows == [("head", "Autumn term 2026/27")]


def test_the_office_may_not_print_it(cur, staff, term):
    with pytest.raises(PermissionDenied):
        termly_report.print_termly_report(cur, staff["office"], term, TODAY)
    assert not cur.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'print termly report'"
    ).fetchone()[0]


def test_a_chart_that_cannot_be_drawn_leaves_a_note_not_a_crash(cur, staff, term, monkeypatch):
    def broken(spec, scale):
        raise RuntimeError("no renderer")

    import vl_convert

    monkeypatch.setattr(vl_convert, "vegalite_to_png", broken)
    pdf = termly_report.print_termly_report(cur, staff["senco"], term, TODAY)
    words = text(pdf)
    assert "Chart not available" in words and "4 Not met this term" in words
    assert image_count(pdf) == 0


def test_the_promises_printed_are_those_agreed_in_the_term(cur, staff, term):
    cur.execute(
        "INSERT INTO actions (pupil_id, description, owner_kind, owner_name, due_date, "
        "created_at, created_by) VALUES (?, 'Send the reading plan', 'parent', 'Ms Khan', ?, ?, "
        "'senco')",
        [ZOE, date(2026, 11, 10), calendar.day_start(date(2026, 11, 2))],
    )
    autumn = text(termly_report.print_termly_report(cur, staff["viewer"], term, TODAY))
    assert "1 Overdue" in autumn and "as of today (23 November 2026)" in autumn
    summer = calendar.list_terms(cur, 2025)[-1]
    words = text(termly_report.print_termly_report(cur, staff["viewer"], summer, TODAY))
    assert "0 Overdue" in words and "1 Overdue" not in words
    assert "as of the last day of the term" in words
    # The figures that count today say so.
    assert words.count("As of today (23 November 2026), whatever the term chosen.") == 2
