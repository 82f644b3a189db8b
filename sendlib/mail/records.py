"""A meeting's written record, emailed to the parents (SEND Code of Practice 6.68): who it can go
to, the message in plain words, and the emails queued together with the record attached. It is
noted as given to the parents when the mail server has taken it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sendlib import db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError, clean_text
from sendlib.mail import outbox
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import contacts, register
from sendlib.reporting import printing
from sendlib.school.settings import school_name
from sendlib.timeline import listing
from sendlib.users import User
from sendlib.words import long_date

MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Recipient:
    """A parent or carer with parental responsibility, and whether they can be emailed as is."""

    contact_id: int
    name: str  # as they are addressed ("Ms O'Connor")
    address: str | None
    agreed: bool  # agreed to email, and prefer it
    caution: str | None  # why the sender must check first, in words
    emailed: str | None = None  # when this record was emailed to them before, in words

    @property
    def label(self) -> str:
        return f"{self.name} <{self.address}>" if self.address else self.name


@dataclass(frozen=True)
class RecordDraft:
    communication_id: int
    pupil_id: int
    subject: str
    message: str
    attachment_name: str
    recipients: tuple[Recipient, ...]


def recipients(
    cur: db.Cursor, pupil_id: int, communication_id: int | None = None
) -> tuple[Recipient, ...]:
    """The pupil's parents and carers with parental responsibility, first in the school's order;
    with a meeting, whether its record was emailed to each before (and not cancelled)."""
    before = {}
    if communication_id is not None:
        for email in outbox.emails_about(cur, "written record", communication_id):
            if email.status != "cancelled" and email.contact_id is not None:
                before[email.contact_id] = emailed_words(email)
    return tuple(
        recipient(carer, before.get(carer.contact_id))
        for carer in contacts.list_contacts(cur, pupil_id)
        if carer.parental_responsibility
    )


def recipient(carer: contacts.Contact, emailed: str | None = None) -> Recipient:
    """A parent or carer as someone to email: whether they agreed to it, and if not, why the
    sender must check with them first."""
    caution = None
    if not carer.email:
        caution = "has no email address on record"
    elif not carer.email_consent:
        caution = "has not agreed to be emailed"
    elif carer.preferred_channel != "email":
        caution = f"prefers {carer.preferred_channel}, not email"
    return Recipient(
        carer.contact_id, carer.addressed_as, carer.email, caution is None, caution, emailed
    )


def check_recipient(person: Recipient, checked: bool, problems: list[Problem]) -> None:
    """Note why this parent cannot be emailed now, naming them: no address, or not agreed and
    not checked with by the sender."""
    if not person.address:
        problems.append(
            Problem(person.name, "has no email address: add it on the Parents and carers tab")
        )
    elif not person.agreed and not checked:
        problems.append(
            Problem(person.name, f"{person.caution}: tick that you have checked with them")
        )


def emailed_words(email: outbox.Email) -> str:
    """When an email went (or was queued), and how it stands: '06/12/2026 16:57, sent'."""
    return f"{email.sent_at or email.queued_at:%d/%m/%Y %H:%M}, {email.status_words}"


def draft_record(cur: db.Cursor, user: User, communication_id: int, today: date) -> RecordDraft:
    """The email a meeting's written record goes out with, for the sender to read and change."""
    require(user, "outbox", "records")
    entry = listing.get_entry(cur, user, communication_id)
    if not entry.is_meeting:
        raise ValidationError.one("Meeting", "only a meeting has a written record")
    pupil = register.get_pupil(cur, user, entry.pupil_id)
    child = pupil.known_as or pupil.legal_forename
    to = recipients(cur, entry.pupil_id, communication_id)
    held = long_date(entry.happened_at.date())
    dear = " and ".join(r.name for r in to if r.address) or "parent or carer"
    message = (
        f"Dear {dear},\n\n"
        f"Thank you for meeting us on {held} about {child}. Attached is our written record of "
        "the meeting: what you told us, what we talked about, what we agreed and who will do "
        "what by when.\n\n"
        "If anything in it is not as you remember it, or there is something you would like to "
        "add, please reply to this email or ring the school. We would be glad to hear from "
        f"you.\n\n{user.name}\n{school_name(cur)}\n"
    )
    return RecordDraft(
        communication_id, entry.pupil_id, f"Our meeting about {child} on {held}", message,
        f"Record of our meeting, {entry.happened_at:%d-%m-%Y}.pdf", to,
    )  # fmt: skip


def send_record(
    cur: db.Cursor,
    user: User,
    communication_id: int,
    chosen: list[int],
    message: str,
    checked: set[int],
    now: datetime,
) -> list[int]:
    """Queue the written record to each chosen parent, all together or none; the emails' ids.

    A parent who has not agreed to email, or prefers another way, is sent it only if the sender
    has checked with them (their contact_id in `checked`); each problem names the parent."""
    draft = draft_record(cur, user, communication_id, now.date())
    problems: list[Problem] = []
    text = clean_text(message, "Message", MAX_MESSAGE, True, problems)
    by_id = {r.contact_id: r for r in draft.recipients}
    if not chosen:
        problems.append(Problem("Send to", "choose at least one parent or carer"))
    for contact_id in chosen:
        person = by_id.get(contact_id)
        if person is None:
            problems.append(Problem("Send to", "is not a parent or carer of this pupil"))
        else:
            check_recipient(person, contact_id in checked, problems)
    if problems:
        raise ValidationError(problems)
    document = printing.meeting_record_pdf(cur, user, communication_id, now.date())

    def work(c: db.Cursor) -> list[int]:
        queued = []
        for contact_id in chosen:
            person = by_id[contact_id]
            outgoing = Outgoing(
                person.name, person.address or "", draft.subject, text or "",
                draft.attachment_name, "application/pdf", document,
            )  # fmt: skip
            email_id = outbox.queue(
                c, user, kind="written record", outgoing=outgoing, now=now,
                pupil_id=draft.pupil_id, contact_id=contact_id, about_id=communication_id,
            )  # fmt: skip
            queued.append(email_id)
        return queued

    return db.write(cur, work)
