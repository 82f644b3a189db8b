"""Calling off: the office cancels a booking when the parent can no longer come, and the SENCo
cancels a whole session when needed elsewhere (each family booked gets a follow-up to offer
another time). Either way the slots are free again and the families are not forgotten."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError, clean_text

# bookings._change_status is the one writer of a booking's status (with its audit row); it is
# private so that the audit-coverage test counts these functions as the writers.
from sendlib.surgery import bookings, sessions
from sendlib.surgery.bookings import BOOKING_SQL, Booking, current_booking
from sendlib.timeline import agreeing
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

MAX_REASON = 200
T = TypeVar("T")


def cancel(
    cur: db.Cursor,
    user: User,
    booking_id: int,
    reason: str | None,
    now: datetime,
    then: Callable[[db.Cursor], T] | None = None,
) -> T | None:
    """Cancel a booking (the parent can no longer come); the slot is free again. `then` runs in
    the same transaction (the email telling the parent is queued with the cancellation, or
    neither happens); what it returns is returned."""
    require(user, "surgery", "cancel")
    booking = current_booking(cur, user, booking_id, "booked")
    problems: list[Problem] = []
    reason = clean_text(reason, "Reason", MAX_REASON, False, problems)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> T | None:
        detail = f"booking {booking_id}: {booking.when}" + (f"; {reason}" if reason else "")
        bookings._change_status(
            c, user, booking, "cancelled", now, "cancel surgery booking", detail,
            cancel_reason=reason,
        )  # fmt: skip
        return then(c) if then else None

    return db.write(cur, work)


def cancel_session(
    cur: db.Cursor, user: User, session_id: int, reason: str, now: datetime
) -> list[int]:
    """Cancel a session (the SENCo is needed elsewhere) with its bookings and holds; each family
    booked gets an action for the SENCo to offer another slot. Returns those bookings' ids."""
    require(user, "surgery", "sessions")
    session = sessions.get_session(cur, session_id)
    problems: list[Problem] = []
    reason = clean_text(reason, "Reason", MAX_REASON, True, problems, "the families are told it")
    if session.cancelled_at is not None:
        problems.append(Problem("Session", "is already cancelled"))
    if datetime.combine(session.session_date, session.ends, SCHOOL_TZ) < now:
        problems.append(Problem("Session", "has already happened"))
    if problems:
        raise ValidationError(problems)
    today = now.astimezone(SCHOOL_TZ).date()

    def work(c: db.Cursor) -> list[int]:
        c.execute(
            "UPDATE surgery_sessions SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? "
            "WHERE session_id = ?",
            [now, user.username, reason, session_id],
        )
        cancelled = db.records(
            c,
            Booking,
            f"{BOOKING_SQL} WHERE s.session_id = ? AND b.status IN ('booked', 'held')",
            [session_id],
        )
        for booking in cancelled:
            bookings._change_status(
                c, user, booking, "cancelled", now, "cancel surgery booking",
                f"booking {booking.booking_id}: {booking.when}; session cancelled: {reason}",
                cancel_reason=f"session cancelled: {reason}",
            )  # fmt: skip
            if booking.status == "booked":
                agreeing.create_follow_up(
                    c,
                    booking.pupil_id,
                    f"Tell {booking.parent_name} the surgery on {booking.when} is cancelled "
                    f"({reason}) and offer another slot",
                    "surgery session cancelled",
                    user.username,
                    today,
                    owner=user.username,
                )
        audit.record(
            c,
            user.username,
            "cancel surgery session",
            detail=f"{session.label}: {reason}; {len(cancelled)} booking(s) cancelled",
        )
        return [booking.booking_id for booking in cancelled]

    return db.write(cur, work)
