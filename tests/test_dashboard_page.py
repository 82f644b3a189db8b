"""The home dashboard as the SENCo, a teacher, a governor and the office see it (AppTest)."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib import db, users
from sendlib.school import calendar
from sendlib.surgery import bookings, sessions, slots
from tests import school
from tests.apptest import run_page, shown_text

NAMES = ["Zoë", "Łukasz", "Nguyễn", "Siobhán", "Amir", "O'Connor", "Nowak", "Jones"]


@pytest.fixture(scope="module", autouse=True)
def dashboard_school(shared_school):
    """The test school (one copy for this file) with Tuesday surgeries since half term, two
    bookings this week and an overdue promise."""
    cur = db.cursor(db.connect(shared_school))
    senco, office = users.get_user(cur, "senco"), users.get_user(cur, "office")
    # Tuesday surgeries since half term, and one booking for Alex's mother this week.
    sessions.save_pattern(cur, senco, school.TUESDAYS, date(2026, 11, 2))
    now = school.NOW
    bookings.book(cur, office, slots.free_slots(cur, now, 1)[0].slot_id, 3, 3, "phone", "", now)
    # and one for Zoë's father, in 2A.
    bookings.book(cur, office, slots.free_slots(cur, now, 2)[1].slot_id, 1, 1, "phone", "", now)
    # An action agreed with Alex's mother this term, now overdue.
    cur.execute(
        "INSERT INTO actions (pupil_id, description, owner_kind, owner_name, due_date, "
        "created_at, created_by) VALUES (3, 'Send the reading plan', 'parent', 'Ms Nguyen', ?, "
        "?, 'senco')",
        [date(2026, 11, 10), calendar.day_start(date(2026, 11, 2))],
    )
    cur.close()
    return shared_school


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_senco_sees_the_figures_and_the_pupils_behind_them():
    at = run_page("app.py", "senco")
    assert not at.exception
    # Four pupils are on SEN support or have an EHC plan; nobody has met their parents yet.
    assert metric(at, "Not met this term") == "4"
    assert metric(at, "SEN support (K)") == "3"
    assert len(at.get("vega_lite_chart")) >= 3
    assert metric(at, "Slots offered") == "35"  # seven Tuesdays of five slots this term
    assert metric(at, "Slots taken") == "2"
    listed = [e for e in at.expander if e.label.startswith("The pupils not met this term")]
    assert listed and "Zoë O'Connor-Smith" in shown_text(at)


def test_a_governor_sees_counts_and_charts_but_never_a_name():
    at = run_page("app.py", "head")
    assert not at.exception
    assert metric(at, "Not met this term") == "4"
    assert "Counts only: no pupil is named." in shown_text(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Termly report for governors: Autumn term 2026/27 (PDF)" in labels
    text = shown_text(at)
    assert not [name for name in NAMES if name in text]
    assert not [e for e in at.expander if e.label.startswith("The pupils")]
    for frame in at.dataframe:
        assert "Pupil" not in frame.value.columns


def test_a_teacher_sees_their_class_only():
    at = run_page("app.py", "teacher")
    assert not at.exception
    # In 5A only Alex is on SEN support (Siobhán is monitored).
    assert metric(at, "Not met this term") == "1"
    text = shown_text(at)
    assert "Zoë" not in text and "Łukasz" not in text
    # Their surgery figures count their class's families, and say what they cover.
    assert metric(at, "Slots offered") == "35" and metric(at, "Slots taken") == "1"
    assert "your classes' families only" in text


@pytest.mark.parametrize(
    ("term", "overdue", "judged"),
    [
        ("Autumn term 2026/27", "1", "as of today (23 November 2026)"),
        ("Summer term 2025/26", "0", "as of the last day of the term"),
    ],
)
def test_the_promises_follow_the_term_chosen(term, overdue, judged):
    at = run_page("app.py", "head", state={"dashboard_term": term})
    assert not at.exception
    assert metric(at, "Overdue") == overdue
    assert judged in shown_text(at)


def test_the_office_has_no_dashboard():
    at = run_page("app.py", "office")
    assert not at.exception
    assert not at.metric and not at.get("vega_lite_chart")
    assert not [name for name in NAMES if name in shown_text(at)]


def test_the_termly_report_prints_the_figures_the_dashboard_shows(dashboard_school):
    # The head's dashboard and the head's printed report give every figure alike.
    from sendlib.reporting import termly_report
    from tests.test_pdf import text

    at = run_page("app.py", "head")
    shown = {(m.label, m.value) for m in at.metric}
    assert ("Slots offered", "35") in shown and ("On the register", "5") in shown
    cur = db.cursor(db.connect(dashboard_school))
    try:
        head, term = users.get_user(cur, "head"), calendar.term_containing(cur, school.TODAY)
        printed = text(termly_report.print_termly_report(cur, head, term, school.TODAY))
    finally:
        cur.close()
    missing = [f"{value} {label}" for label, value in shown if f"{value} {label}" not in printed]
    assert not missing, missing
