"""A parent-surgery booking's invitation, emailed to the parent with the calendar file attached
(METHOD:REQUEST): the first time as an invitation, after a move as its change, with the same
calendar event (UID) and a higher SEQUENCE, so the parent's calendar moves the meeting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sendlib import db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError
from sendlib.mail import outbox, parents
from sendlib.mail.parents import Recipient
from sendlib.mail.server import get_mail_settings
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import contacts
from sendlib.reporting import printing
from sendlib.school.settings import school_name
from sendlib.surgery import bookings
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, day_and_time

KINDS = ("invitation", "moved", "cancelled")


@dataclass(frozen=True)
class InvitationDraft:
    booking_id: int
    kind: str  # invitation, or moved: the change of one sent before
    sequence: int
    subject: str
    message: str
    recipient: Recipient
    sent_for_this_time: bool  # the last email sent was for the time the meeting is at now


def _sent_before(cur: db.Cursor, booking_id: int) -> list[outbox.Email]:
    sent = [
        email
        for kind in KINDS
        for email in outbox.emails_about(cur, kind, booking_id)
        if email.status != "cancelled"
    ]
    return sorted(sent, key=lambda email: email.email_id)  # oldest first, whatever the kind


def draft_invitation(cur: db.Cursor, user: User, booking_id: int) -> InvitationDraft:
    """The invitation's email for a booked meeting: its subject and message in plain words, and
    the parent it goes to."""
    require(user, "outbox", "invitations")
    booking = bookings.get_booking(cur, user, booking_id)
    if booking.status != "booked" or booking.contact_id is None:
        raise ValidationError.one("Booking", f"is {booking.status}: only a booking is sent")
    before = _sent_before(cur, booking_id)
    emailed = parents.emailed_words(before[-1]) if before else None
    parent = parents.recipient(contacts.get_contact(cur, booking.contact_id), emailed)
    day = day_and_time(booking.starts_at)
    if before:
        kind, subject = "moved", f"Your meeting with the SENCo has moved: now {day}"
        opening = f"We have moved your meeting with the SENCo about {booking.pupil_name}."
    else:
        kind, subject = "invitation", f"Your meeting with the SENCo on {day}"
        opening = f"Your meeting with the SENCo about {booking.pupil_name} is booked."
    message = (
        f"Dear {parent.name},\n\n{opening} It is on {day}.\n{how_it_happens(cur, booking)}\n\n"
        "The calendar invitation is attached: open it to put the meeting in your calendar. If "
        "this time no longer suits you, please reply to this email or ring the school office, "
        f"and we will find another.\n\n{school_name(cur)}\n"
    )
    current = bool(before) and before[-1].subject.endswith(day)
    return InvitationDraft(booking_id, kind, len(before), subject, message, parent, current)


def how_it_happens(cur: db.Cursor, booking: bookings.Booking) -> str:
    """How the meeting happens, in a sentence for the parent: 'In person: SENCo office.',
    'By phone: the school will ring you on 07700 900123.'"""
    how, _ = printing.invite_description(cur, booking)
    return f"In person: {how}." if booking.mode == "in person" else how


def cancellation(
    cur: db.Cursor, user: User, booking_id: int, checked: bool, now: datetime
) -> Callable[[db.Cursor], int | None]:
    """Before a booking is cancelled: the email telling the parent, with the calendar's
    cancellation of the event, checked now and queued by the function returned, which the
    cancellation runs in its own transaction (surgery.cancelling.cancel's `then`)."""
    draft = draft_invitation(cur, user, booking_id)
    booking = bookings.get_booking(cur, user, booking_id)
    day = day_and_time(booking.starts_at)
    message = (
        f"Dear {draft.recipient.name},\n\nWe are sorry: your meeting with the SENCo about "
        f"{booking.pupil_name} on {day} has had to be cancelled. The attached calendar file "
        "takes it out of your calendar. We will be in touch to find another time; or reply to "
        f"this email or ring the school office.\n\n{school_name(cur)}\n"
    )
    subject = f"Your meeting with the SENCo on {day} is cancelled"
    outgoing = _prepared(cur, booking, draft, checked, now, subject, message, cancelled=True)
    return lambda c: outbox.queue(
        c, user, kind="cancelled", outgoing=outgoing, now=now, pupil_id=booking.pupil_id,
        contact_id=draft.recipient.contact_id, about_id=booking_id,
    )  # fmt: skip


def _prepared(
    cur: db.Cursor,
    booking: bookings.Booking,
    draft: InvitationDraft,
    checked: bool,
    now: datetime,
    subject: str,
    message: str,
    cancelled: bool = False,
) -> Outgoing:
    """The email with its calendar file, once the parent may be emailed (else each problem
    names them) and the mail server is set up."""
    problems: list[Problem] = []
    settings = get_mail_settings(cur)
    if settings is None:
        problems.append(Problem("Email", "the school's mail server is not set up yet"))
    parents.check_recipient(draft.recipient, checked, problems)
    if problems:
        raise ValidationError(problems)
    assert settings is not None
    parent = draft.recipient
    calendar = printing.booking_invite(
        cur, booking, now, draft.sequence,
        (settings.from_name, settings.from_address, parent.name, parent.address or ""),
        cancelled=cancelled,
    )  # fmt: skip
    method = "CANCEL" if cancelled else "REQUEST"
    return Outgoing(
        parent.name, parent.address or "", subject, message,
        f"meeting-{booking.starts_at.astimezone(SCHOOL_TZ):%Y-%m-%d-%H%M}.ics",
        f"text/calendar; method={method}", calendar,
    )  # fmt: skip


def send_invitation(
    cur: db.Cursor, user: User, booking_id: int, checked: bool, now: datetime
) -> int:
    """Queue the booking's invitation (or its change) to the parent, with the calendar file;
    the email's id. A parent who has not agreed to email is sent it only when `checked`."""
    return db.write(cur, lambda c: queue_invitation(c, user, booking_id, checked, now))


def queue_invitation(
    c: db.Cursor, user: User, booking_id: int, checked: bool, now: datetime
) -> int:
    """As send_invitation, INSIDE the caller's transaction: the booking or the move that the
    email tells the parent of (surgery.bookings' `then`), so that both happen or neither."""
    draft = draft_invitation(c, user, booking_id)
    booking = bookings.get_booking(c, user, booking_id)
    outgoing = _prepared(c, booking, draft, checked, now, draft.subject, draft.message)
    return outbox.queue(
        c, user, kind=draft.kind, outgoing=outgoing, now=now, pupil_id=booking.pupil_id,
        contact_id=draft.recipient.contact_id, about_id=booking_id,
    )  # fmt: skip
