"""A surgery booking's invitation emailed to the parent: the calendar file is a request from the
school to the parent, its change after a move is the same event with a higher SEQUENCE, and the
office may send it. A real SMTP server on loopback receives it."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from sendlib import db, users
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.mail import invitations, outbox
from sendlib.reporting import printing
from sendlib.surgery import bookings, cancelling, sessions, slots
from sendlib.surgery.invites import booking_uid
from tests import school
from tests.apptest import as_read, run_page, shown_text
from tests.mail_server import school_mail

NOW = school.NOW
AOIFE = school.CONTACTS[school.ZOE]


@pytest.fixture
def booked(cur, staff) -> int:
    """Zoë's mother booked into the first Tuesday slot by the office; the booking's id."""
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, school.TODAY)
    first = slots.free_slots(cur, NOW, 1)[0]
    return bookings.book(
        cur, staff["office"], first.slot_id, school.ZOE, AOIFE, "in person", "", NOW
    )


@pytest.fixture
def mail(cur, staff, tmp_path):
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        yield inbox, mail_server


def _event(received):
    [attached] = list(received.iter_attachments())
    assert attached.get_content_type() == "text/calendar"
    assert attached.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(attached.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_office_emails_the_invitation_as_a_calendar_request(cur, staff, booked, mail):
    inbox, mail_server = mail
    draft = invitations.draft_invitation(cur, staff["office"], booked)
    assert draft.kind == "invitation"
    assert draft.subject == "Your meeting with the SENCo on Tuesday 24 November at 13:30"
    assert draft.message.startswith("Dear Ms O'Connor,")
    email_id = invitations.send_invitation(cur, staff["office"], booked, False, NOW)
    assert outbox.send_now(cur, mail_server, email_id, NOW).status == "sent"
    calendar, event = _event(inbox.received[0])
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == booking_uid(cur, booked)
    assert int(event["SEQUENCE"]) == 0
    assert str(event["ORGANIZER"]) == "mailto:senco@school.example"
    assert str(event["ATTENDEE"]) == "mailto:aoife@example.org"
    assert event["ATTENDEE"].params["CN"] == "Ms O'Connor"
    assert event.decoded("DTSTART").isoformat() == "2026-11-24T13:30:00+00:00"


def test_after_a_move_the_change_is_the_same_event_with_a_higher_sequence(cur, staff, booked, mail):
    inbox, mail_server = mail
    outbox.send_now(
        cur, mail_server, invitations.send_invitation(cur, staff["office"], booked, False, NOW), NOW
    )
    later = slots.free_slots(cur, NOW, 3)[2]
    bookings.move(cur, staff["office"], booked, later.slot_id, NOW)
    draft = invitations.draft_invitation(cur, staff["office"], booked)
    assert draft.kind == "moved"
    assert draft.subject.startswith("Your meeting with the SENCo has moved: now Tuesday")
    assert "We have moved your meeting" in draft.message
    email_id = invitations.send_invitation(cur, staff["office"], booked, False, NOW)
    assert outbox.send_now(cur, mail_server, email_id, NOW).status == "sent"
    (_, first), (_, moved) = (_event(r) for r in inbox.received)
    assert str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == later.starts_at


def test_the_downloaded_calendar_file_is_the_same_event(cur, staff, booked):
    downloaded = Calendar.from_ical(printing.calendar_invite(cur, staff["office"], booked, NOW))
    [event] = downloaded.walk("VEVENT")
    assert str(downloaded["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == booking_uid(cur, booked)
    assert "ORGANIZER" not in event


def test_each_school_names_its_events_with_an_id_of_its_own(cur, staff, booked):
    calendar_id = db.get_setting(cur, "calendar_id")
    assert len(calendar_id) == 16
    assert booking_uid(cur, booked) == f"booking-{booked}.{calendar_id}@sendhub"


def test_a_parent_who_prefers_a_text_is_emailed_only_once_checked(cur, staff, mail):
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, school.TODAY)
    first = slots.free_slots(cur, NOW, 1)[0]
    linh = school.CONTACTS[school.ALEX]
    cur.execute("UPDATE contacts SET email = 'linh@example.org' WHERE contact_id = ?", [linh])
    booking = bookings.book(
        cur, staff["office"], first.slot_id, school.ALEX, linh, "phone", "", NOW
    )
    with pytest.raises(ValidationError) as raised:
        invitations.send_invitation(cur, staff["office"], booking, False, NOW)
    assert raised.value.problems[0].field == "Mrs Nguyễn"
    assert "has not agreed to be emailed" in raised.value.problems[0].message
    assert invitations.send_invitation(cur, staff["office"], booking, True, NOW)


def test_no_invitation_is_queued_before_the_mail_server_is_set_up(cur, staff, booked):
    with pytest.raises(ValidationError) as raised:
        invitations.send_invitation(cur, staff["office"], booked, False, NOW)
    assert "mail server is not set up" in raised.value.problems[0].message


def test_a_governor_sends_nothing_and_a_teacher_only_for_their_class(cur, staff, booked):
    with pytest.raises(PermissionDenied):
        invitations.draft_invitation(cur, staff["viewer"], booked)
    with pytest.raises((NotFound, PermissionDenied)):  # Zoë is not in the teacher's 5A
        invitations.send_invitation(cur, staff["teacher"], booked, True, NOW)


def test_the_office_sends_the_invitation_from_the_booked_slot(school_with_surgeries, tmp_path):
    cur = db.cursor(db.connect(school_with_surgeries))
    office = users.get_user(cur, "office")
    first = slots.free_slots(cur, NOW, 1)[0]
    booked = bookings.book(cur, office, first.slot_id, school.ZOE, AOIFE, "in person", "", NOW)
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        cur.close()
        at = run_page(
            "pages/surgery.py", "office", {"week": "2026-11-23", "slot": str(first.slot_id)}
        )
        assert not at.exception
        key = f"surgery_invite_{booked}"
        assert "Dear Ms O'Connor," in shown_text(at)
        at.button(key=f"{key}_send").click().run()
        assert not at.exception
        assert any("the mail server took it" in s.value for s in at.success)
        assert len(inbox.received) == 1
        # Drawn again, it says it went for this time, and offers to send it again.
        assert "(for this time)" in shown_text(at)
        assert at.button(key=f"{key}_send").label == "Send it again"
        # Cancelled: the parent emailed the invitation is emailed the cancellation (ticked).
        assert at.checkbox(key=f"surgery_cancel_email_send_{AOIFE}_True").value is True
        at.button(key=f"FormSubmitter:surgery_cancel_{booked}-Cancel the booking").click().run()
        at.button(key=f"surgery_cancel_{booked}_yes").click().run()
        assert not at.exception
        assert "The parent was emailed (aoife@example.org)." in as_read(shown_text(at))
        assert len(inbox.received) == 2
        assert inbox.received[1].get_content_type() == "multipart/mixed"


def test_a_cancellation_takes_the_meeting_out_of_the_parents_calendar(cur, staff, booked, mail):
    inbox, mail_server = mail
    outbox.send_now(
        cur, mail_server, invitations.send_invitation(cur, staff["office"], booked, False, NOW), NOW
    )
    then = invitations.cancellation(cur, staff["office"], booked, False, NOW)
    email_id = cancelling.cancel(cur, staff["office"], booked, "Parent unwell", NOW, then)
    assert bookings.get_booking(cur, staff["office"], booked).status == "cancelled"
    assert outbox.send_now(cur, mail_server, email_id, NOW).status == "sent"
    cancelled = inbox.received[1]
    # Long, it is folded onto the next line whole; Python's parser keeps the fold's space.
    assert (
        str(cancelled["Subject"]).strip()
        == "Your meeting with the SENCo on Tuesday 24 November at 13:30 is cancelled"
    )
    [attached] = list(cancelled.iter_attachments())
    assert attached.get_param("method") == "CANCEL"
    calendar = Calendar.from_ical(attached.get_content())
    [event] = calendar.walk("VEVENT")
    (_, first) = _event(inbox.received[0])
    assert (str(calendar["METHOD"]), str(event["STATUS"])) == ("CANCEL", "CANCELLED")
    assert str(event["UID"]) == str(first["UID"]) and int(event["SEQUENCE"]) == 1
    assert "Parent unwell" not in cancelled.get_body().get_content()  # the school's own note


def test_a_cancellation_and_its_email_land_together_or_not_at_all(cur, staff, booked, mail):
    def broken(c):
        outbox_rows = db.scalar(c, "SELECT count(*) FROM outbox")
        raise RuntimeError(f"the disk filled after {outbox_rows} rows")

    with pytest.raises(RuntimeError):
        cancelling.cancel(cur, staff["office"], booked, None, NOW, broken)
    assert bookings.get_booking(cur, staff["office"], booked).status == "booked"


def _inviting(user, checked=False):
    """The `then` that queues the invitation inside a booking's or a move's transaction, and
    the list the email's id goes in."""
    queued: list[int] = []

    def then(c, booking_id):
        queued.append(invitations.queue_invitation(c, user, booking_id, checked, NOW))

    return then, queued


def test_a_booking_and_its_invitation_are_saved_together_or_not_at_all(cur, staff, mail):
    office = staff["office"]
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, school.TODAY)
    first, second = slots.free_slots(cur, NOW, 2)
    linh = school.CONTACTS[school.ALEX]  # prefers a text: emailed only once checked
    cur.execute("UPDATE contacts SET email = 'linh@example.org' WHERE contact_id = ?", [linh])
    then, queued = _inviting(office)
    with pytest.raises(ValidationError) as raised:
        bookings.book(cur, office, first.slot_id, school.ALEX, linh, "phone", "", NOW, then)
    assert raised.value.problems[0].field == "Mrs Nguyễn"
    assert bookings.active_booking_for_slot(cur, office, first.slot_id) is None  # not booked
    assert db.scalar(cur, "SELECT count(*) FROM outbox") == 0
    then, queued = _inviting(office)
    booked = bookings.book(cur, office, first.slot_id, school.ZOE, AOIFE, "phone", "", NOW, then)
    [email] = outbox.emails_about(cur, "invitation", booked)
    assert queued == [email.email_id]
    # Moved, with the new time emailed in the move's own transaction: the same event, later.
    then, queued = _inviting(office)
    bookings.move(cur, office, booked, second.slot_id, NOW, then)
    [moved] = outbox.emails_about(cur, "moved", booked)
    assert queued == [moved.email_id]
    inbox, mail_server = mail
    outbox.send_due(cur, mail_server, NOW)
    events = [_event(received)[1] for received in inbox.received]
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1]
    assert events[0]["UID"] == events[1]["UID"]


def test_the_office_books_a_slot_and_the_parent_is_emailed_the_invitation(
    school_with_surgeries, tmp_path
):
    cur = db.cursor(db.connect(school_with_surgeries))
    first = slots.free_slots(cur, NOW, 1)[0]
    with school_mail(cur, tmp_path) as (inbox, _):
        cur.close()
        at = run_page(
            "pages/surgery.py", "office", {"week": "2026-11-23", "slot": str(first.slot_id)}
        )
        at.selectbox(key="book_pupil").set_value(school.ZOE).run()
        assert at.checkbox(key=f"book_email_send_{AOIFE}_True").value is True  # she agreed
        at.button(key="book_book").click().run()
        assert not at.exception
        told = as_read(at.success[0].value)
        assert told.startswith("Booked Tue 24/11 at 13:30 for Zoë")
        assert told.endswith("The parent was emailed (aoife@example.org).")
        [received] = inbox.received
    assert str(received["Subject"]) == "Your meeting with the SENCo on Tuesday 24 November at 13:30"
