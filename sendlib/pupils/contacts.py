"""Parents and carers: who they are, how and when they would like to be contacted; added,
corrected and ended (never deleted: the timeline and the bookings still name them) by the
SENCo and the pupil's teachers.

Phone numbers are read as UK numbers unless they start with + and another country's code, and
kept in one written form ('07700 900123', '+48 512 345 678'); email addresses are checked for
their shape (nothing is sent to find out whether they exist) and kept with the domain in lower
case."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, fields
from datetime import date

import phonenumbers

from sendlib import audit, db
from sendlib.access import require, require_pupil_editable
from sendlib.addresses import as_typed, email_field
from sendlib.errors import NotFound, Problem, ValidationError, clean_text
from sendlib.users import User

CHANNELS = ("phone", "email", "text", "face to face")
RELATIONSHIPS = (
    "mother",
    "father",
    "stepmother",
    "stepfather",
    "grandmother",
    "grandfather",
    "aunt",
    "uncle",
    "foster carer",
    "special guardian",
    "carer",
)
TITLES = ("Mrs", "Ms", "Miss", "Mr", "Mx", "Dr")
_SPACING = re.compile(r"[\s().-]")
MAX_NAME = 100
MAX_SHORT = 60
MAX_NOTE = 200
MAX_ADDRESS = 300
LABELS = {
    "title": "Title",
    "forename": "Forename",
    "surname": "Surname",
    "form_of_address": "How they like to be addressed",
    "relationship": "Relationship",
    "parental_responsibility": "Parental responsibility",
    "lives_with_pupil": "Lives with the pupil",
    "household": "Household",
    "phone": "Phone",
    "phone_other": "Other phone",
    "email": "Email",
    "email_consent": "Agreed to be emailed",
    "address": "Address",
    "preferred_channel": "Preferred way to be contacted",
    "email_before_calling": "Email before calling",
    "language": "First language",
    "interpreter_needed": "Needs an interpreter",
    "best_times": "Best times",
    "difficult_times": "Times to avoid",
    "barriers": "Barriers",
}


@dataclass(frozen=True)
class Contact:
    """One parent or carer of a pupil, as stored."""

    contact_id: int
    pupil_id: int
    name: str
    relationship: str
    parental_responsibility: bool
    form_of_address: str | None
    preferred_channel: str
    email_before_calling: bool
    best_times: str | None
    difficult_times: str | None
    barriers: str | None
    language: str
    interpreter_needed: bool
    phone: str | None
    email: str | None
    household: int
    priority: int
    title: str | None = None
    forename: str | None = None
    surname: str | None = None
    lives_with_pupil: bool = True
    address: str | None = None
    phone_other: str | None = None
    email_consent: bool = False
    ended_on: date | None = None
    ended_reason: str | None = None

    @property
    def addressed_as(self) -> str:
        """How to address them in a letter or on the phone ('Ms Khan'), falling back to the name."""
        return self.form_of_address or self.name

    def how_to_reach(self, everything: bool = False) -> str:
        """How they like to be contacted, in a line: 'prefers phone, email before calling; best
        times: after 3pm; speaks Polish; needs an interpreter'. With `everything`, also the
        times to avoid and any barriers, for whoever is arranging a meeting."""
        parts = [f"prefers {self.preferred_channel}" + (
            ", email before calling" if self.email_before_calling else ""
        )]  # fmt: skip
        if self.best_times:
            parts.append(f"best times: {self.best_times}")
        if everything and self.difficult_times:
            parts.append(f"avoid: {self.difficult_times}")
        if self.language and self.language != "English":
            parts.append(f"speaks {self.language}")
        if self.interpreter_needed:
            parts.append("needs an interpreter")
        if everything and self.barriers:
            parts.append(f"barriers: {self.barriers}")
        return "; ".join(parts)


COLUMNS = ", ".join(f.name for f in fields(Contact))


def list_contacts(cur: db.Cursor, pupil_id: int, include_ended: bool = False) -> list[Contact]:
    """A pupil's parents and carers in the order they are contacted (the main contact first);
    those no longer a contact only when asked for, last.

    No access check here: callers (such as profile.get_profile) check the user may see the pupil.
    """
    current = "" if include_ended else "AND ended_on IS NULL"
    return db.records(
        cur,
        Contact,
        f"SELECT {COLUMNS} FROM contacts WHERE pupil_id = ? {current} "
        "ORDER BY ended_on IS NOT NULL, priority, contact_id",
        [pupil_id],
    )


# Checking -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)  # an import repeats a household's numbers
def phone_number(text: object) -> tuple[str | None, str | None]:
    """A phone number in its one written form, or None when blank; and what is wrong with it."""
    typed, broken = as_typed(text, "number")
    if not typed or broken:
        return None, broken
    digits = _SPACING.sub("", typed)
    if len(digits) == 11 and digits[0] == "0" and digits.isascii() and digits.isdigit():
        # A UK number written in full: what parse() would make of it, without its slow regexes.
        number = phonenumbers.PhoneNumber(country_code=44, national_number=int(digits[1:]))
    else:
        try:
            number = phonenumbers.parse(typed, "GB")
        except phonenumbers.NumberParseException:
            return None, f"'{typed}' is not a phone number"
    # libphonenumber's own ranges, or any UK number of the usual ten digits after the 0 (the
    # ranges Ofcom keeps for drama and tests among them).
    usual_uk = (
        number.country_code == 44
        and len(phonenumbers.national_significant_number(number)) == 10
        and phonenumbers.is_possible_number(number)
    )
    if not (usual_uk or phonenumbers.is_valid_number(number)):
        return None, (
            f"'{typed}' is not a whole phone number: a UK number has 10 or 11 digits starting "
            "with 0, and a number abroad starts with + and its country code"
        )
    form = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, form), None


def phone_field(text: object, label: str, problems: list[Problem]) -> str | None:
    """phone_number() for a form's field: its one written form, or None, noting what is wrong
    under the field's label."""
    number, wrong = phone_number(text)
    if wrong:
        problems.append(Problem(label, wrong))
    return number


def validate_contact(values: dict) -> tuple[dict, list[Problem]]:
    """A parent's or carer's details cleaned, and every problem, each naming its field."""
    problems: list[Problem] = []

    def text(key: str, limit: int, required: bool = False) -> str | None:
        return clean_text(values.get(key), LABELS[key], limit, required, problems)

    clean: dict = {
        "title": text("title", 20),
        "forename": text("forename", MAX_NAME, True),
        "surname": text("surname", MAX_NAME, True),
        "form_of_address": text("form_of_address", MAX_NAME),
        "relationship": text("relationship", MAX_SHORT, True),
        "address": text("address", MAX_ADDRESS),
        "language": text("language", MAX_SHORT) or "English",
        "best_times": text("best_times", MAX_NOTE),
        "difficult_times": text("difficult_times", MAX_NOTE),
        "barriers": text("barriers", MAX_NOTE),
    }
    if clean["relationship"]:
        clean["relationship"] = clean["relationship"].lower()
    for key in ("parental_responsibility", "lives_with_pupil", "email_before_calling"):
        clean[key] = bool(values.get(key, key != "email_before_calling"))
    for key in ("email_consent", "interpreter_needed"):
        clean[key] = bool(values.get(key))
    household = values.get("household", 1)
    clean["household"] = household if household in (1, 2) else 1
    if household not in (1, 2):
        problems.append(Problem(LABELS["household"], "must be 1 or 2"))
    for key in ("phone", "phone_other"):
        clean[key] = phone_field(values.get(key), LABELS[key], problems)
    clean["email"] = email_field(values.get("email"), LABELS["email"], problems)
    channel = values.get("preferred_channel") or "phone"
    clean["preferred_channel"] = channel
    if channel not in CHANNELS:
        problems.append(
            Problem(LABELS["preferred_channel"], f"must be one of {', '.join(CHANNELS)}")
        )
    problems += _reach_problems(clean, values)
    if clean["forename"] and clean["surname"]:
        clean["name"] = f"{clean['forename']} {clean['surname']}"
    return clean, problems


def _reach_problems(clean: dict, values: dict) -> list[Problem]:
    """What is wrong with how they are to be reached, given the way they prefer."""
    problems = []
    channel = clean["preferred_channel"]
    typed = {key: str(values.get(key) or "").strip() for key in ("phone", "phone_other", "email")}
    if channel in ("phone", "text") and not (typed["phone"] or typed["phone_other"]):
        problems.append(Problem(LABELS["phone"], f"is needed to reach them by {channel}"))
    if channel == "email" and not typed["email"]:
        problems.append(Problem(LABELS["email"], "is needed to reach them by email"))
    if (channel == "email" or clean["email_before_calling"]) and not clean["email_consent"]:
        problems.append(
            Problem(LABELS["email_consent"], "tick it once they have agreed to be emailed")
        )
    if clean["email_before_calling"] and not typed["email"]:
        problems.append(Problem(LABELS["email"], "is needed to email before calling"))
    return problems


# Saving ---------------------------------------------------------------------------------------

# The columns a form or an import saves (name is written from the forename and surname).
SAVED = ("name", *(key for key in LABELS))


def get_contact(cur: db.Cursor, contact_id: int) -> Contact:
    """One parent or carer, ended or not (no access check: callers check the pupil)."""
    return db.held(
        cur, Contact, f"SELECT {COLUMNS} FROM contacts WHERE contact_id = ?", [contact_id],
        "That parent or carer is not on record.",
    )  # fmt: skip


def save_contact(
    cur: db.Cursor, user: User, pupil_id: int, values: dict, contact_id: int | None = None
) -> int:
    """Add a parent or carer to a pupil (last in the order), or correct one; all of it is saved
    or none. Returns the contact_id."""
    require_pupil_editable(cur, user, pupil_id)
    before = None
    if contact_id is not None:
        before = get_contact(cur, contact_id)
        if before.pupil_id != pupil_id:
            raise NotFound("That parent or carer is not on record.")
        if before.ended_on is not None:
            raise ValidationError.one("Parent or carer", "is no longer a contact")
    clean, problems = validate_contact(values)
    if problems:
        raise ValidationError(problems)
    row = {key: clean[key] for key in SAVED}

    def work(c: db.Cursor) -> int:
        if before is None:
            priority = db.scalar(
                c, "SELECT coalesce(max(priority), 0) + 1 FROM contacts WHERE pupil_id = ?",
                [pupil_id],
            )  # fmt: skip
            new_id = c.execute(
                f"INSERT INTO contacts (pupil_id, priority, {', '.join(row)}) "
                f"VALUES (?, ?, {', '.join('?' for _ in row)}) RETURNING contact_id",
                [pupil_id, priority, *row.values()],
            ).fetchone()[0]
            audit.record(
                c, user.username, "add contact", pupil_id,
                f"contact {new_id}: {clean['name']} ({clean['relationship']})", after=row,
            )  # fmt: skip
            return new_id
        was = {key: getattr(before, key) for key in row}
        changed = [key for key in row if was[key] != row[key]]
        c.execute(
            f"UPDATE contacts SET {', '.join(f'{key} = ?' for key in row)} WHERE contact_id = ?",
            [*row.values(), contact_id],
        )
        audit.record(
            c, user.username, "edit contact", pupil_id,
            f"contact {contact_id}: " + (
                "changed " + ", ".join(LABELS.get(k, "Name") for k in changed) if changed
                else "no change"
            ),
            before={k: was[k] for k in changed}, after={k: row[k] for k in changed},
        )  # fmt: skip
        return contact_id

    return db.write(cur, work)


def end_contact(
    cur: db.Cursor, user: User, contact_id: int, on: date, reason: str, today: date
) -> None:
    """Mark a parent or carer as no longer a contact from a day, with the reason; kept on record
    for the timeline and bookings that name them."""
    contact = get_contact(cur, contact_id)
    require_pupil_editable(cur, user, contact.pupil_id)
    problems: list[Problem] = []
    reason = clean_text(reason, "Reason", MAX_NOTE, True, problems, "for example 'moved away'")
    if contact.ended_on is not None:
        problems.append(Problem("Parent or carer", f"ended on {contact.ended_on:%d/%m/%Y}"))
    if not isinstance(on, date):
        problems.append(Problem("From", "is required"))
    elif on > today:
        problems.append(Problem("From", "cannot be in the future"))
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> None:
        c.execute(
            "UPDATE contacts SET ended_on = ?, ended_reason = ? WHERE contact_id = ?",
            [on, reason, contact_id],
        )
        audit.record(
            c, user.username, "end contact", contact.pupil_id,
            f"contact {contact_id}: {contact.name} ({contact.relationship}) from {on}: {reason}",
            before={"ended_on": None}, after={"ended_on": on, "ended_reason": reason},
        )  # fmt: skip

    db.write(cur, work)


def move_contact(cur: db.Cursor, user: User, contact_id: int, earlier: bool) -> None:
    """Move a parent or carer one place earlier (rung sooner) or later among the pupil's current
    contacts; the order is saved as 1, 2, 3."""
    contact = get_contact(cur, contact_id)
    require_pupil_editable(cur, user, contact.pupil_id)
    order = [c.contact_id for c in sorted(
        list_contacts(cur, contact.pupil_id), key=lambda c: (c.priority, c.contact_id)
    )]  # fmt: skip
    if contact_id not in order:
        raise ValidationError.one("Parent or carer", "is no longer a contact")
    place = order.index(contact_id)
    to = place - 1 if earlier else place + 1
    if not 0 <= to < len(order):
        return
    order[place], order[to] = order[to], order[place]

    def work(c: db.Cursor) -> None:
        c.executemany(
            "UPDATE contacts SET priority = ? WHERE contact_id = ?",
            [[n, cid] for n, cid in enumerate(order, start=1)],
        )
        audit.record(
            c, user.username, "reorder contacts", contact.pupil_id,
            f"contact {contact_id} ({contact.name}) moved {'up' if earlier else 'down'}",
            after={"order": order},
        )  # fmt: skip

    db.write(cur, work)


def correct_reach(cur: db.Cursor, user: User, contact_id: int, phone: str, email: str) -> Contact:
    """Correct a parent's or carer's phone number and email, and nothing else: what whoever books
    surgeries (the office too) needs to reach them. Returns the contact as now saved."""
    require(user, "surgery", "book")
    contact = get_contact(cur, contact_id)
    if contact.ended_on is not None:
        raise ValidationError.one("Parent or carer", "is no longer a contact")
    problems: list[Problem] = []
    clean = {
        "phone": phone_field(phone, LABELS["phone"], problems),
        "email": email_field(email, LABELS["email"], problems),
    }
    now = {**contact.__dict__, **clean}
    problems += _reach_problems(now, now)
    if problems:
        raise ValidationError(problems)
    changed = [key for key in clean if getattr(contact, key) != clean[key]]
    if not changed:
        return contact

    def work(c: db.Cursor) -> None:
        c.execute(
            "UPDATE contacts SET phone = ?, email = ? WHERE contact_id = ?",
            [clean["phone"], clean["email"], contact_id],
        )
        audit.record(
            c, user.username, "correct contact details", contact.pupil_id,
            f"contact {contact_id}: changed " + ", ".join(LABELS[k] for k in changed),
            before={k: getattr(contact, k) for k in changed}, after={k: clean[k] for k in changed},
        )  # fmt: skip

    db.write(cur, work)
    return get_contact(cur, contact_id)
