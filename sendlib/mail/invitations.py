"""A parent-surgery booking's invitation, emailed to the parent with the calendar file attached
(METHOD:REQUEST): the first time as an invitation, after a move as its change, with the same
calendar event (UID) and a higher SEQUENCE, so the parent's calendar moves the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sendlib import db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError
from sendlib.mail import outbox, records
from sendlib.mail.records import Recipient
from sendlib.mail.server import get_mail_settings
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import contacts
from sendlib.reporting import printing
from sendlib.school.settings import school_name
from sendlib.surgery import bookings
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

KINDS = ("invitation", "moved")


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
    return [
        email
        for kind in KINDS
        for email in outbox.emails_about(cur, kind, booking_id)
        if email.status != "cancelled"
    ]


def draft_invitation(cur: db.Cursor, user: User, booking_id: int) -> InvitationDraft:
    """The invitation's email for a booked meeting: its subject and message in plain words, and
    the parent it goes to."""
    require(user, "outbox", "invitations")
    booking = bookings.get_booking(cur, user, booking_id)
    if booking.status != "booked" or booking.contact_id is None:
        raise ValidationError.one("Booking", f"is {booking.status}: only a booking is sent")
    before = _sent_before(cur, booking_id)
    emailed = records.emailed_words(before[-1]) if before else None
    parent = records.recipient(contacts.get_contact(cur, booking.contact_id), emailed)
    when = booking.starts_at.astimezone(SCHOOL_TZ)
    day = f"{when:%A} {when.day} {when:%B} at {when:%H:%M}"
    how, _ = printing.invite_description(cur, booking)
    if before:
        kind, subject = "moved", f"Your meeting with the SENCo has moved: now {day}"
        opening = f"We have moved your meeting with the SENCo about {booking.pupil_name}."
    else:
        kind, subject = "invitation", f"Your meeting with the SENCo on {day}"
        opening = f"Your meeting with the SENCo about {booking.pupil_name} is booked."
    how_words = how if booking.mode != "in person" else f"In person: {how}."
    message = (
        f"Dear {parent.name},\n\n{opening} It is on {day}.\n{how_words}\n\n"
        "The calendar invitation is attached: open it to put the meeting in your calendar. If "
        "this time no longer suits you, please reply to this email or ring the school office, "
        f"and we will find another.\n\n{school_name(cur)}\n"
    )
    current = bool(before) and before[-1].subject.endswith(day)
    return InvitationDraft(booking_id, kind, len(before), subject, message, parent, current)


def send_invitation(
    cur: db.Cursor, user: User, booking_id: int, checked: bool, now: datetime
) -> int:
    """Queue the booking's invitation (or its change) to the parent, with the calendar file;
    the email's id. A parent who has not agreed to email is sent it only when `checked`."""
    draft = draft_invitation(cur, user, booking_id)
    problems: list[Problem] = []
    settings = get_mail_settings(cur)
    if settings is None:
        problems.append(Problem("Email", "the school's mail server is not set up yet"))
    records.check_recipient(draft.recipient, checked, problems)
    if problems:
        raise ValidationError(problems)
    assert settings is not None
    parent = draft.recipient
    booking = bookings.get_booking(cur, user, booking_id)
    calendar = printing.booking_invite(
        cur, booking, now, draft.sequence,
        (settings.from_name, settings.from_address, parent.name, parent.address or ""),
    )  # fmt: skip
    outgoing = Outgoing(
        parent.name, parent.address or "", draft.subject, draft.message,
        f"meeting-{booking.starts_at.astimezone(SCHOOL_TZ):%Y-%m-%d-%H%M}.ics",
        "text/calendar; method=REQUEST", calendar,
    )  # fmt: skip
    return db.write(
        cur,
        lambda c: outbox.queue(
            c, user, kind=draft.kind, outgoing=outgoing, now=now, pupil_id=booking.pupil_id,
            contact_id=parent.contact_id, about_id=booking_id,
        ),
    )  # fmt: skip
