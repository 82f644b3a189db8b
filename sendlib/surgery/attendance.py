"""After a surgery: the parent came or did not (a no-show gives the SENCo an action to follow
up), and the meeting written up on the timeline from its booking."""

from __future__ import annotations

from datetime import datetime

from sendlib import db
from sendlib.access import require
from sendlib.errors import ValidationError

# bookings._change_status is the one writer of a booking's status (with its audit row); it is
# private so that the audit-coverage test counts these functions as the writers.
from sendlib.surgery import bookings
from sendlib.surgery.bookings import Booking, current_booking
from sendlib.timeline import agreeing, entries
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

CHANNEL_FOR_MODE = {"in person": "meeting in person", "phone": "phone", "video": "video call"}


def _check_started(booking: Booking, now: datetime) -> None:
    if booking.starts_at > now:
        raise ValidationError.one("Booking", f"{booking.when} has not happened yet")


def mark_attended(cur: db.Cursor, user: User, booking_id: int, now: datetime) -> None:
    """The parent came (or took the call): it counts towards the three meetings a year."""
    require(user, "surgery", "attend")
    booking = current_booking(cur, user, booking_id, "booked", "no-show")
    _check_started(booking, now)

    def work(c: db.Cursor) -> None:
        bookings._change_status(c, user, booking, "attended", now, "surgery attended")

    db.write(cur, work)


def mark_no_show(cur: db.Cursor, user: User, booking_id: int, now: datetime) -> int:
    """The parent did not come: the SENCo gets an action to follow up. Returns its action_id."""
    require(user, "surgery", "attend")
    booking = current_booking(cur, user, booking_id, "booked")
    _check_started(booking, now)
    today = now.astimezone(SCHOOL_TZ).date()
    description = (
        f"Contact {booking.parent_name} about the surgery missed on {booking.when} and offer "
        "another time"
    )

    def work(c: db.Cursor) -> int:
        action_id = agreeing.create_follow_up(
            c, booking.pupil_id, description, "missed surgery", user.username, today
        )
        bookings._change_status(
            c, user, booking, "no-show", now, "surgery no-show", follow_up_action_id=action_id
        )
        return action_id

    return db.write(cur, work)


def meeting_defaults(booking: Booking) -> dict:
    """What a meeting record from this booking starts with."""
    return {
        "happened_at": booking.starts_at.astimezone(SCHOOL_TZ),
        "channel": CHANNEL_FOR_MODE[booking.mode],
        "direction": "from parent",
        "contact_id": booking.contact_id,
        "meeting_kind": "parent surgery",
        "led_by": "SENCo",
        "subject": "Parent surgery",
    }


def record_meeting(
    cur: db.Cursor,
    user: User,
    booking_id: int,
    values: dict,
    agreed: list[dict],
    now: datetime,
) -> int:
    """Write up a surgery: a timeline entry (a parent surgery, with who led it, the parent's
    views and the actions agreed), and the booking marked attended. Returns the communication_id."""
    require(user, "surgery", "record")
    booking = current_booking(cur, user, booking_id, "booked", "attended", "no-show")
    if booking.communication_id is not None:
        raise ValidationError.one("Booking", "already has a meeting record on the timeline")
    _check_started(booking, now)
    values = {**values, "meeting_kind": "parent surgery", "contact_id": booking.contact_id}
    clean = entries.check_entry(cur, user, booking.pupil_id, values, agreed, now)

    def work(c: db.Cursor) -> int:
        communication_id = entries.insert_entry(c, user, booking.pupil_id, clean, agreed, now)
        bookings._change_status(
            c, user, booking, "attended", now, "surgery attended", communication_id=communication_id
        )
        return communication_id

    return db.write(cur, work)
