"""Reminders of parent surgeries the school day before: to parents who agreed to email, never
twice for one slot, again after a move to another day; from the app's sender or the command
line. A real SMTP server on loopback receives them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, time, timedelta

import pytest

from sendlib import db
from sendlib.mail import outbox, reminders
from sendlib.surgery import bookings, sessions, slots
from sendlib.ui import sender
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.local_server import ROOT
from tests.mail_server import school_mail, smtp_server

MONDAY = datetime(2026, 11, 23, 16, 30, tzinfo=SCHOOL_TZ)  # the Tuesday surgery is tomorrow
AOIFE, LINH = school.CONTACTS[school.ZOE], school.CONTACTS[school.ALEX]


@pytest.fixture
def tuesday(cur, staff) -> list:
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, school.TODAY)
    return slots.free_slots(cur, MONDAY, 5)


def test_tomorrows_parents_who_agreed_to_email_are_reminded_once(cur, staff, tuesday, tmp_path):
    zoe = bookings.book(
        cur, staff["office"], tuesday[0].slot_id, school.ZOE, AOIFE, "phone", "", MONDAY
    )
    # Alex's mother prefers a text: the office rings her, and she is not emailed.
    bookings.book(cur, staff["office"], tuesday[1].slot_id, school.ALEX, LINH, "phone", "", MONDAY)
    queued = reminders.queue_reminders(cur, MONDAY)
    assert len(queued) == 1
    assert reminders.queue_reminders(cur, MONDAY + timedelta(minutes=1)) == []  # never twice
    with smtp_server(tmp_path) as (inbox, mail_server):
        assert [e.status for e in outbox.send_due(cur, mail_server, MONDAY)] == ["sent"]
    [received] = inbox.received
    assert str(received["Subject"]).strip() == (
        "Reminder: your meeting with the SENCo tomorrow, Tuesday 24 November at 13:30"
    )
    body = received.get_body().get_content()
    assert body.startswith("Dear Ms O'Connor,")
    assert "By phone: the school will ring you on 07700 900123." in body
    email = outbox.get_email(cur, queued[0])
    assert (email.kind, email.about_id, email.queued_by) == ("reminder", zoe, "office")


def test_a_booking_moved_to_another_day_is_reminded_again(cur, staff, tuesday):
    zoe = bookings.book(
        cur, staff["office"], tuesday[0].slot_id, school.ZOE, AOIFE, "phone", "", MONDAY
    )
    assert len(reminders.queue_reminders(cur, MONDAY)) == 1
    next_week = slots.free_slots(cur, MONDAY + timedelta(days=7), 1)[0]
    bookings.move(cur, staff["office"], zoe, next_week.slot_id, MONDAY)
    assert reminders.queue_reminders(cur, MONDAY) == []  # not due yet
    assert len(reminders.queue_reminders(cur, MONDAY + timedelta(days=7))) == 1


def test_a_monday_surgery_is_reminded_on_the_friday(cur, staff):
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=SCHOOL_TZ)
    assert reminders.next_school_day(cur, friday.date()).isoformat() == "2026-11-30"


def test_the_command_line_queues_and_sends_the_reminders(tmp_path, monkeypatch):
    school.cheap_passwords(monkeypatch)
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    cur = db.cursor(conn)
    staff = school.populate(cur)
    # Booked for tomorrow, whatever day the test runs.
    tomorrow = reminders.next_school_day(cur, datetime.now(SCHOOL_TZ).date())
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        session = sessions.add_session(
            cur, staff["senco"],
            {"session_date": tomorrow, "starts": time(13, 30), "ends": time(13, 50), "slot_minutes": 20,
             "slot_count": 1, "place": "SENCo office"},
            datetime.now(SCHOOL_TZ) - timedelta(hours=1),
        )  # fmt: skip
        slot = db.scalar(cur, "SELECT slot_id FROM surgery_slots WHERE session_id = ?", [session])
        bookings.book(cur, staff["office"], slot, school.ZOE, AOIFE, "in person", "",
                      datetime.now(SCHOOL_TZ) - timedelta(hours=1))  # fmt: skip
        conn.close()
        ran = subprocess.run(
            [sys.executable, "-m", "sendlib", "send-reminders", "--db", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "SENDHUB_NO_DEMO": "1"},
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.strip() == "Queued 1 reminders; sent 1 of the 1 emails due."
        assert len(inbox.received) == 1


def test_a_page_run_sends_what_is_due_at_most_once_a_minute(
    cur, staff, tuesday, tmp_path, monkeypatch
):
    monkeypatch.setenv("SENDHUB_TODAY", "2026-11-23")  # the app's clock: 16:30 that Monday
    monkeypatch.setitem(sender._last, "at", float("-inf"))
    bookings.book(cur, staff["office"], tuesday[0].slot_id, school.ZOE, AOIFE, "phone", "", MONDAY)
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        monkeypatch.setenv("SENDHUB_SEND_IN_APP", "0")
        sender.tick(cur)
        assert db.scalar(cur, "SELECT count(*) FROM outbox") == 0
        monkeypatch.setenv("SENDHUB_SEND_IN_APP", "1")
        sender.tick(cur)
        assert len(inbox.received) == 1
        cur.execute("UPDATE outbox SET status = 'queued' WHERE kind = 'reminder'")  # as if not
        sender.tick(cur)  # within the minute: nothing
        assert len(inbox.received) == 1
