"""The parents a document is emailed to: who has parental responsibility, whether each agreed to
email (or the sender must check with them first), whether the same document went to them
before; and a document's emails queued to the chosen parents, all together or none.

The written record of a meeting (sendlib.mail.records), the plan for parents and the transition
pack (sendlib.mail.sharing) go out this way; an invitation goes to the one parent who booked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sendlib import db
from sendlib.errors import Problem, ValidationError, clean_text
from sendlib.mail import outbox
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import contacts
from sendlib.users import User

MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Recipient:
    """A parent or carer with parental responsibility, and whether they can be emailed as is."""

    contact_id: int
    name: str  # as they are addressed ("Ms O'Connor")
    address: str | None
    agreed: bool  # agreed to email, and prefer it
    caution: str | None  # why the sender must check first, in words
    emailed: str | None = None  # when this document was emailed to them before, in words

    @property
    def label(self) -> str:
        return f"{self.name} <{self.address}>" if self.address else self.name


@dataclass(frozen=True)
class Draft:
    """A document's email to the parents, for the sender to read and change before it goes."""

    kind: str  # the outbox's kind: written record, plan, transition pack
    about_id: int  # the meeting, plan or pack
    pupil_id: int
    subject: str
    message: str
    attachment_name: str
    recipients: tuple[Recipient, ...]
    note: str = ""  # what else sending does, or what the parents' copy leaves out, in words


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


def recipients(
    cur: db.Cursor, pupil_id: int, kind: str | None = None, about_id: int | None = None,
    attachment_name: str | None = None,
) -> tuple[Recipient, ...]:  # fmt: skip
    """The pupil's parents and carers with parental responsibility, first in the school's order;
    with a document (its kind and id, and its file's name when it has versions), whether it was
    emailed to each before (and not cancelled)."""
    before = {}
    if kind is not None and about_id is not None:
        for email in outbox.emails_about(cur, kind, about_id):
            same = attachment_name is None or email.attachment_name == attachment_name
            if same and email.status != "cancelled" and email.contact_id is not None:
                before[email.contact_id] = emailed_words(email)
    return tuple(
        recipient(carer, before.get(carer.contact_id))
        for carer in contacts.list_contacts(cur, pupil_id)
        if carer.parental_responsibility
    )


def greeting(people: tuple[Recipient, ...]) -> str:
    """'Dear Ms O'Connor and Mr O'Connor,' for the parents who have an address."""
    return f"Dear {' and '.join(r.name for r in people if r.address) or 'parent or carer'},"


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


def send_to_parents(
    cur: db.Cursor,
    user: User,
    draft: Draft,
    chosen: list[int],
    message: str,
    checked: set[int],
    document: Callable[[], bytes],
    now: datetime,
    then: Callable[[db.Cursor], object] | None = None,
) -> list[int]:
    """Queue the document (made by `document` once everything is checked) to each chosen parent,
    with `then` (what sending it changes) in the same transaction, all together or none; the
    emails' ids.

    A parent who has not agreed to email, or prefers another way, is sent it only if the sender
    has checked with them (their contact_id in `checked`); each problem names the parent."""
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
    attachment = document()
    items = [
        outbox.ToQueue(
            user, draft.kind,
            Outgoing(
                by_id[contact_id].name, by_id[contact_id].address or "", draft.subject,
                text or "", draft.attachment_name, "application/pdf", attachment,
            ),
            draft.pupil_id, contact_id, draft.about_id,
        )
        for contact_id in chosen
    ]  # fmt: skip

    def work(c: db.Cursor) -> list[int]:
        queued = [email_id for email_id in outbox.queue_many(c, items, now) if email_id]
        if then is not None:
            then(c)
        return queued

    return db.write(cur, work)
