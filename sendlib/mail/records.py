"""A meeting's written record, emailed to the parents (SEND Code of Practice 6.68): the message
in plain words, and the emails queued together with the record attached. It is noted as given to
the parents when the mail server has taken it."""

from __future__ import annotations

from datetime import date, datetime

from sendlib import db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.mail import parents
from sendlib.mail.parents import Draft
from sendlib.pupils import register
from sendlib.reporting import printing
from sendlib.school.settings import school_name
from sendlib.timeline import listing
from sendlib.users import User
from sendlib.words import long_date


def draft_record(cur: db.Cursor, user: User, communication_id: int, today: date) -> Draft:
    """The email a meeting's written record goes out with, for the sender to read and change."""
    require(user, "outbox", "records")
    entry = listing.get_entry(cur, user, communication_id)
    if not entry.is_meeting:
        raise ValidationError.one("Meeting", "only a meeting has a written record")
    pupil = register.get_pupil(cur, user, entry.pupil_id)
    child = pupil.known_as or pupil.legal_forename
    to = parents.recipients(cur, entry.pupil_id, "written record", communication_id)
    held = long_date(entry.happened_at.date())
    message = (
        f"{parents.greeting(to)}\n\n"
        f"Thank you for meeting us on {held} about {child}. Attached is our written record of "
        "the meeting: what you told us, what we talked about, what we agreed and who will do "
        "what by when.\n\n"
        "If anything in it is not as you remember it, or there is something you would like to "
        "add, please reply to this email or ring the school. We would be glad to hear from "
        f"you.\n\n{user.name}\n{school_name(cur)}\n"
    )
    return Draft(
        "written record", communication_id, entry.pupil_id, f"Our meeting about {child} on {held}",
        message, f"Record of our meeting, {entry.happened_at:%d-%m-%Y}.pdf", to,
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
    """Queue the written record to each chosen parent, all together or none; the emails' ids
    (see parents.send_to_parents for the checks)."""
    draft = draft_record(cur, user, communication_id, now.date())
    return parents.send_to_parents(
        cur, user, draft, chosen, message, checked,
        lambda: printing.meeting_record_pdf(cur, user, communication_id, now.date()), now,
    )  # fmt: skip
