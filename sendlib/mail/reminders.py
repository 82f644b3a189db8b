"""Reminders of parent surgeries, emailed the school day before: to each parent booked for the
next school day (a Monday's on the Friday) who agreed to be emailed and prefers it, never twice
for the same slot. Queued by the app's own sender while it runs, or by `python -m sendlib
send-reminders` from a scheduled task; each in the name of whoever booked it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from sendlib import db, users
from sendlib.mail import invitations, outbox, parents
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import contacts
from sendlib.school import calendar
from sendlib.school.settings import school_name
from sendlib.surgery import bookings
from sendlib.words import SCHOOL_TZ, day_and_time


def next_school_day(cur: db.Cursor, today: date) -> date:
    """The first school day after today."""
    days = calendar.school_days(cur, today + timedelta(days=1), today + timedelta(days=60))
    return days[0] if days else today + timedelta(days=1)


def queue_reminders(cur: db.Cursor, now: datetime) -> list[int]:
    """Queue a reminder for each booking from now until the end of the next school day whose
    parent agreed to email and prefers it; the new emails' ids (none twice for one slot)."""
    today = now.astimezone(SCHOOL_TZ).date()
    last = datetime.combine(next_school_day(cur, today), datetime.max.time(), SCHOOL_TZ)
    due = cur.execute(
        "SELECT b.booking_id, b.slot_id, b.booked_by FROM bookings b "
        "JOIN surgery_slots sl ON sl.slot_id = b.slot_id "
        "JOIN contacts c ON c.contact_id = b.contact_id "
        "WHERE b.status = 'booked' AND sl.starts_at > ? AND sl.starts_at <= ? "
        "AND c.email IS NOT NULL AND c.email_consent AND c.preferred_channel = 'email' "
        "AND c.ended_on IS NULL ORDER BY sl.starts_at",
        [now, last],
    ).fetchall()
    if not due:
        return []
    school = school_name(cur)
    items = []
    for booking_id, slot_id, booked_by in due:
        # Queued in the booker's name; a reminder is the app's own, so whatever their screen is
        # showing (staff-meeting mode) does not hold it back.
        sender = replace(users.get_user(cur, booked_by), staff_meeting=False)
        booking = bookings.get_booking(cur, sender, booking_id)
        items.append(
            outbox.ToQueue(
                sender, "reminder", _reminder(cur, booking, school, today), booking.pupil_id,
                booking.contact_id, booking_id, once_key=f"reminder:{booking_id}:{slot_id}",
            )
        )  # fmt: skip
    queued = db.write(cur, lambda c: outbox.queue_many(c, items, now))
    return [email_id for email_id in queued if email_id is not None]


def _reminder(cur: db.Cursor, booking: bookings.Booking, school: str, today: date) -> Outgoing:
    parent = parents.recipient(contacts.get_contact(cur, booking.contact_id or 0))
    tomorrow = booking.starts_at.astimezone(SCHOOL_TZ).date() == today + timedelta(days=1)
    day = ("tomorrow, " if tomorrow else "") + day_and_time(booking.starts_at)
    how = invitations.how_it_happens(cur, booking)
    message = (
        f"Dear {parent.name},\n\nA reminder of your meeting with the SENCo about "
        f"{booking.pupil_name}: {day}.\n{how}\n\nIf you can no longer come, please reply "
        "to this email or ring the school office, and we will find another time.\n\n"
        f"{school}\n"
    )
    subject = f"Reminder: your meeting with the SENCo {day}"
    return Outgoing(parent.name, parent.address or "", subject, message)
