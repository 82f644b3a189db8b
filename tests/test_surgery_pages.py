"""The parent-surgery page as the office, the SENCo, a teacher and a governor use it (AppTest)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from sendlib import db, users
from sendlib.pupils import contacts
from sendlib.surgery import bookings
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.apptest import as_read, run_page, shown_text
from tests.school import ALEX, LUKASZ, ZOE

NOW = school.NOW
EARLIER = datetime(2026, 11, 10, 9, 0, tzinfo=SCHOOL_TZ)
WEEK = {"week": "2026-11-23"}
SECRET_AGENDA = "Worried about his autism assessment"
SEN_WORDS = ["SEN support", "EHC", "ASD", "SLCN", "SPLD", SECRET_AGENDA]


def slot_at(cur, day: date, clock: time) -> int:
    return db.scalar(
        cur,
        "SELECT slot_id FROM surgery_slots WHERE starts_at = ?",
        [datetime.combine(day, clock, SCHOOL_TZ)],
    )


@pytest.fixture
def school_with_bookings(school_with_surgeries):
    """A fresh copy of the test school with its Tuesday surgeries and three bookings: Alex's and
    Łukasz's families this Tuesday, Zoë's last Tuesday (ready to be written up)."""
    conn = db.connect(school_with_surgeries)
    cur = db.cursor(conn)
    office = users.get_user(cur, "office")
    tuesday = date(2026, 11, 24)
    bookings.book(cur, office, slot_at(cur, tuesday, time(13, 50)), ALEX, 3, "phone", "", NOW)
    bookings.book(
        cur, office, slot_at(cur, tuesday, time(14, 10)), LUKASZ, 2, "in person", SECRET_AGENDA, NOW
    )
    # Last week's surgery, booked before it happened: ready to be written up.
    past = slot_at(cur, date(2026, 11, 17), time(13, 30))
    bookings.book(cur, office, past, ZOE, 1, "in person", "Reading at home", EARLIER)
    conn.close()
    return school_with_surgeries


def reopen(path):
    return db.cursor(db.connect(path))


def test_the_office_books_a_parent_in_and_sees_who_is_coming(school_with_bookings):
    cur = reopen(school_with_bookings)
    free = slot_at(cur, date(2026, 11, 24), time(13, 30))
    cur.close()
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(free)})
    assert not at.exception
    at.selectbox(key="book_pupil").set_value(ZOE).run()
    notes = " ".join(c.value for c in at.caption)
    assert "Prefers email" in notes
    at.radio(key="book_mode_1").set_value("phone")
    at.text_area(key="book_agenda").input("How to help with spelling at home")
    at.button(key="book_book").click().run()
    assert not at.exception
    assert "Booked Tue 24/11 at 13:30" in at.success[0].value
    cur = reopen(school_with_bookings)
    booking = bookings.active_booking_for_slot(cur, users.get_user(cur, "senco"), free)
    assert (booking.pupil_name, booking.parent_name, booking.mode) == (
        "Zoë O'Connor-Smith",
        "Ms O'Connor",
        "phone",
    )
    assert booking.agenda == "How to help with spelling at home"


def test_the_office_corrects_a_parents_number_where_it_books(school_with_bookings):
    cur = reopen(school_with_bookings)
    free = slot_at(cur, date(2026, 11, 24), time(13, 30))
    cur.close()
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(free)})
    at.selectbox(key="book_pupil").set_value(ZOE).run()
    assert "07700 900123, aoife@example.org." in as_read(" ".join(c.value for c in at.caption))
    at.text_input(key="surgery_reach_1_phone").input("01632 960 001")
    at.button(key="FormSubmitter:surgery_reach_1-Save the correction").click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["Saved Ms O'Connor's phone number and email."]
    cur = reopen(school_with_bookings)
    assert contacts.get_contact(cur, 1).phone == "01632 960001"


def test_the_office_never_sees_the_childs_needs_or_the_agenda(school_with_bookings):
    cur = reopen(school_with_bookings)
    booked = slot_at(cur, date(2026, 11, 24), time(14, 10))
    cur.close()
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(booked)})
    assert not at.exception
    text = shown_text(at)
    assert "Łukasz Nowak" in text and "Mrs Nowak" in text and "Polish" in text
    assert not [word for word in SEN_WORDS if word in text]
    assert "Who needs a meeting" not in text


def test_a_clash_is_reported_with_the_nearest_free_slots(school_with_bookings):
    cur = reopen(school_with_bookings)
    free = slot_at(cur, date(2026, 11, 24), time(14, 30))
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(free)})
    at.selectbox(key="book_pupil").set_value(ZOE).run()
    # Someone else books the same slot while this form is open.
    bookings.book(cur, users.get_user(cur, "senco"), free, ALEX, 3, "phone", "", NOW)
    cur.close()
    at.button(key="book_book").click().run()
    assert "has just been booked by someone else" in at.error[0].value
    offers = [b.label for b in at.button if b.label.startswith("Use ")]
    assert offers and "14:30" not in offers[0]


def test_a_slot_taken_while_the_office_fills_in_the_form_is_said_not_swapped(school_with_bookings):
    at = run_page("pages/surgery.py", "office", WEEK)
    slot = at.selectbox[0]
    assert slot.format_func(slot.value) == "Tue 24/11 13:30 — free"  # the first free slot
    at.selectbox(key="book_pupil").set_value(ZOE).run()
    # Someone else books that slot while the office is still on the phone.
    cur = reopen(school_with_bookings)
    bookings.book(cur, users.get_user(cur, "senco"), slot.value, ALEX, 3, "phone", "", NOW)
    cur.close()
    at.radio(key="book_mode_1").set_value("phone").run()
    assert not at.exception
    assert "has just been booked by someone else" in at.error[0].value
    offers = [as_read(b.label) for b in at.button if b.label.startswith("Use ")]
    assert offers[0] == "Use Tue 24 Nov 2026 14:30, SENCo office"


def test_a_teacher_sees_their_own_pupils_bookings_only(school_with_bookings):
    at = run_page("pages/surgery.py", "teacher", WEEK)
    assert not at.exception
    text = shown_text(at)
    assert "Alex Nguyễn (phone)" in text
    assert "Łukasz" not in text and "Tue 24/11 14:10 — booked\n" in text


def test_a_governor_sees_counts_and_no_names(school_with_bookings):
    at = run_page("pages/surgery.py", "head", WEEK)
    assert not at.exception
    counts = at.dataframe[0].value
    assert list(counts.columns)[:3] == ["Week beginning", "Sessions", "Slots"]
    assert counts["Booked"].sum() == 3  # this term: last week's and this week's
    text = shown_text(at)
    assert not [name for name in ("Zoë", "Łukasz", "Nguyễn", "Nowak") if name in text]


def test_the_senco_books_from_who_needs_a_meeting(school_with_bookings):
    at = run_page("pages/surgery.py", "senco", WEEK)
    at.segmented_control(key="surgery_view").set_value("needs").run()
    assert not at.exception
    due = at.dataframe[0].value
    assert "Alex Nguyễn" in set(due["Pupil"])
    at.selectbox(key="surgery_due_pick").set_value(ALEX).run()
    at.button[0].click().run()
    assert not at.exception
    assert at.segmented_control(key="surgery_view").value == "grid"
    assert at.selectbox(key="book_pupil").value == ALEX


def test_the_senco_records_a_surgery_and_gets_the_written_record(school_with_bookings):
    cur = reopen(school_with_bookings)
    senco = users.get_user(cur, "senco")
    past = slot_at(cur, date(2026, 11, 17), time(13, 30))
    booking = bookings.active_booking_for_slot(cur, senco, past)
    cur.close()
    at = run_page("pages/log.py", "senco", {"pupil": str(ZOE), "booking": str(booking.booking_id)})
    assert not at.exception
    assert at.title[0].value == "Record the surgery meeting"
    at.text_area(key="log_summary").input("We agreed a reading routine for home.")
    at.text_area(key="log_views").input("Ms O'Connor would like a weekly note.")
    at.button(key="log_save").click().run()
    assert not at.exception
    cur = reopen(school_with_bookings)
    recorded = bookings.get_booking(cur, senco, booking.booking_id)
    assert recorded.status == "attended"
    kind, contact, when = cur.execute(
        "SELECT meeting_kind, contact_id, happened_at FROM communications "
        "WHERE communication_id = ?",
        [recorded.communication_id],
    ).fetchone()
    assert (kind, contact) == ("parent surgery", 1)
    assert when.astimezone(SCHOOL_TZ).strftime("%d/%m %H:%M") == "17/11 13:30"
    at = run_page("pages/surgery.py", "senco", {"week": "2026-11-16", "slot": str(past)})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Written record for the parents (PDF)" in labels


def test_the_senco_marks_a_missed_surgery_and_gets_a_follow_up(school_with_bookings):
    cur = reopen(school_with_bookings)
    past = slot_at(cur, date(2026, 11, 17), time(13, 30))
    cur.close()
    at = run_page("pages/surgery.py", "senco", {"week": "2026-11-16", "slot": str(past)})
    [b for b in at.button if b.label.startswith("Mark as missed")][0].click().run()
    assert not at.exception
    assert "follow-up action" in at.success[0].value
    cur = reopen(school_with_bookings)
    description = db.scalar(cur, "SELECT description FROM actions WHERE reason = 'missed surgery'")
    assert description.startswith("Contact Ms O'Connor about the surgery missed")


def test_the_grid_moves_term_by_term_and_finds_the_next_free_slot(school_with_bookings):
    at = run_page("pages/surgery.py", "office", {**WEEK, "span": "term"})
    assert at.subheader[0].value == "Autumn term 2026/27"
    assert "Tue 15 Dec · SENCo office" in set(at.dataframe[0].value["Session"])
    [b for b in at.button if b.label == "Next term ▶"][0].click().run()
    assert at.subheader[0].value == "Spring term 2026/27"
    [b for b in at.button if b.label == "Next free slot"][0].click().run()
    # Back to this term, at the first free slot: tomorrow's 13:30.
    assert at.subheader[0].value == "Autumn term 2026/27"
    slot = at.selectbox[0]
    assert slot.format_func(slot.value) == "Tue 24/11 13:30 — free"


def test_at_the_weekend_the_office_opens_on_the_coming_week_at_its_first_free_slot(
    school_with_bookings, monkeypatch
):
    monkeypatch.setenv("SENDHUB_TODAY", "2026-11-28")  # a Saturday: this week's surgery is over
    at = run_page("pages/surgery.py", "office")
    assert not at.exception
    assert at.subheader[0].value == "Week beginning Monday 30 November 2026"
    assert "5 slots: 5 free to book." in [c.value for c in at.caption]
    slot = at.selectbox[0]
    assert slot.format_func(slot.value) == "Tue 01/12 13:30 — free"
    # An address naming a week still opens that week.
    at = run_page("pages/surgery.py", "office", WEEK)
    assert at.subheader[0].value == "Week beginning Monday 23 November 2026"


def test_the_office_prints_the_week_on_view_without_choosing_a_slot(school_with_bookings):
    # Last week: every slot has passed, so no slot is chosen for booking.
    at = run_page("pages/surgery.py", "office", {"week": "2026-11-16"})
    assert not at.exception
    assert at.selectbox[0].value is None
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Day sheet for Tue 17/11 (PDF)", "Week grid (PDF)"]
    assert "To print, for the week beginning 16/11/2026:" in [c.value for c in at.caption]


def test_the_senco_narrows_who_needs_a_meeting(school_with_bookings):
    at = run_page("pages/surgery.py", "senco", WEEK)
    at.segmented_control(key="surgery_view").set_value("needs").run()
    assert "Zoë O'Connor-Smith" in set(at.dataframe[0].value["Pupil"])
    # Nobody in the test school has an overdue action or an unanswered message.
    at.segmented_control(key="surgery_due_focus").set_value("promises").run()
    assert not at.exception
    assert len(at.dataframe) == 0
    assert at.info[0].value.startswith("No pupil is in this list")


def _booking_at(path, clock: time):
    cur = reopen(path)
    slot = slot_at(cur, date(2026, 11, 24), clock)
    booking = bookings.active_booking_for_slot(cur, users.get_user(cur, "senco"), slot)
    cur.close()
    return slot, booking


def test_cancelling_a_booking_asks_once_saying_what_will_happen(school_with_bookings):
    slot, booking = _booking_at(school_with_bookings, time(13, 50))
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(slot)})
    form = f"surgery_cancel_{booking.booking_id}"
    at.button(key=f"FormSubmitter:{form}-Cancel the booking").click().run()
    assert not at.exception
    assert _booking_at(school_with_bookings, time(13, 50))[1].status == "booked"
    assert [as_read(w.value) for w in at.main.warning] == [
        f"Cancel {booking.parent_name}'s surgery on Tue 24/11 at 13:50? "
        "The family will need another slot."
    ]
    assert [b.label for b in at.button if b.key and b.key.startswith(form + "_")] == [
        "Yes, cancel it",
        "Keep it",
    ]
    at.button(key=f"{form}_yes").click().run()
    assert not at.exception
    assert at.success[0].value == "Booking cancelled: the slot is free again."
    assert _booking_at(school_with_bookings, time(13, 50))[1] is None


def test_keep_it_leaves_the_booking(school_with_bookings):
    slot, booking = _booking_at(school_with_bookings, time(13, 50))
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(slot)})
    form = f"surgery_cancel_{booking.booking_id}"
    at.button(key=f"FormSubmitter:{form}-Cancel the booking").click().run()
    at.button(key=f"{form}_no").click().run()
    assert not at.exception
    assert not at.main.warning
    assert _booking_at(school_with_bookings, time(13, 50))[1].status == "booked"


def test_releasing_a_held_slot_asks_once(school_with_bookings):
    cur = reopen(school_with_bookings)
    free = slot_at(cur, date(2026, 11, 24), time(13, 30))
    held = bookings.hold(cur, users.get_user(cur, "office"), free, "Ringing Mr Khan back", NOW)
    cur.close()
    at = run_page("pages/surgery.py", "office", {**WEEK, "slot": str(free)})
    at.button(key=f"surgery_release_{held}").click().run()
    assert not at.exception
    assert _booking_at(school_with_bookings, time(13, 30))[1].status == "held"
    assert as_read(at.main.warning[0].value).startswith(
        "Release the slot held on Tue 24/11 at 13:30?"
    )
    at.button(key=f"surgery_release_{held}_yes").click().run()
    assert not at.exception
    assert _booking_at(school_with_bookings, time(13, 30))[1] is None


def test_the_sessions_view_leads_to_the_weekly_sessions(school_with_bookings):
    at = run_page("pages/surgery.py", "senco", WEEK)
    at.segmented_control(key="surgery_view").set_value("sessions").run()
    assert not at.exception
    [link] = [p.proto for p in at.get("page_link") if "weekly sessions" in p.proto.label]
    assert link.label == "Change or add weekly sessions in School settings"
    assert link.page.endswith("settings")


def test_cancelling_a_session_asks_once(school_with_bookings):
    at = run_page("pages/surgery.py", "senco", WEEK)
    at.segmented_control(key="surgery_view").set_value("sessions").run()
    session = at.selectbox(key="cancel_session").value
    at.text_input(key="cancel_session_reason").input("Staff training")
    at.button(key="FormSubmitter:surgery_cancel_session-Cancel the session").click().run()
    assert not at.exception
    cur = reopen(school_with_bookings)
    assert not db.scalar(
        cur, "SELECT count(*) FROM surgery_sessions WHERE cancelled_at IS NOT NULL"
    )
    cur.close()
    assert as_read(at.main.warning[0].value) == (
        f"Cancel the session on {session.label}? Every family booked into it will need another "
        "slot."
    )
    at.button(key="surgery_cancel_session_yes").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Cancelled ")
    cur = reopen(school_with_bookings)
    assert (
        db.scalar(cur, "SELECT count(*) FROM surgery_sessions WHERE cancelled_at IS NOT NULL") == 1
    )
