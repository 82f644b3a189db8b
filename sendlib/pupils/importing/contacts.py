"""Importing parents and carers from a MIS contacts report: every row checked as the contact
form would check it and shown before anything is saved, then the whole file written in one
transaction, or nothing (the writing is in contacts_apply).

A row is matched to a parent or carer already held by the pupil's UPN, the names and the
relationship, so importing the same file again updates rather than duplicates. The file's
details (names, phones, email, address, parental responsibility, who lives with the pupil)
replace the held ones where the file says something; what only the app keeps (how they like to
be contacted, the best times, the barriers, language and interpreter) is never touched. New
contacts go after those already held, in the file's priority order; the order the school set
in the app stays as it is. Rows for pupils not on the register are skipped and counted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from sendlib import db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError
from sendlib.pupils import contacts
from sendlib.pupils.importing.contact_rows import (
    FIELDS,
    LABELS,
    REQUIRED,
    read_row,
    relationship_key,
)
from sendlib.pupils.importing.read import check_mapping
from sendlib.users import User

PREVIEW_COLUMNS = [
    "Row",
    "Pupil",
    "Name",
    "Relationship",
    "Action",
    "Changes",
    "Phone",
    "Email",
    "Parental responsibility",
    "UPN",
    "Problems",
]
# What a MIS file knows about a contact, and so may change on one already held.
FROM_FILE = (
    "title",
    "forename",
    "surname",
    "parental_responsibility",
    "lives_with_pupil",
    "phone",
    "phone_other",
    "email",
    "email_consent",
    "address",
)

_Key = tuple[str, str, str, str]
_NO_PRIORITY = 1_000  # a new contact without a priority comes after those with one


@dataclass(frozen=True)
class _Pupil:
    pupil_id: int
    upn: str
    name: str
    date_left: date | None


@dataclass
class PlannedContact:
    """What importing one row will do: add a contact, or change one already held."""

    row: int
    pupil_id: int
    clean: dict[str, Any]
    before: contacts.Contact | None
    changed: list[str]
    order: int  # the file's priority, for placing new contacts


@dataclass
class ContactsPreview:
    """Every row of a contacts file with what importing it would do, before anything is
    written."""

    rows: pd.DataFrame
    problems: list[Problem]
    new: int
    updated: int
    unchanged: int
    skipped: int
    not_on_register: int
    file_name: str = "the MIS file"
    planned: list[PlannedContact] = field(default_factory=list, repr=False)
    seen: tuple = field(default=(), repr=False)  # what was held when the preview was made

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_mapping(frame: pd.DataFrame, mapping: dict[str, str | None]) -> None:
    problems = check_mapping(frame, mapping, LABELS, REQUIRED)
    two = mapping.get("forename") and mapping.get("surname")
    if not two and not mapping.get("full_name"):
        problems.append(
            Problem(
                "Columns",
                "choose the file's columns for the Forename and Surname, or for the Whole name",
            )
        )
    elif two and mapping.get("full_name"):
        problems.append(
            Problem("Columns", "choose the Whole name or the Forename and Surname, not both")
        )
    if problems:
        raise ValidationError(problems)


def held_contacts(
    cur: db.Cursor, upns: list[str]
) -> tuple[dict[str, _Pupil], list[contacts.Contact]]:
    """The pupils holding these UPNs, and all their parents and carers (ended ones too)."""
    pupils = db.records(
        cur,
        _Pupil,
        "SELECT pupil_id, upn, coalesce(known_as, legal_forename) || ' ' || legal_surname AS name, "
        "date_left FROM pupils WHERE upn IN (SELECT unnest(?::VARCHAR[])) ORDER BY pupil_id",
        [sorted(set(upns))],
    )
    held = db.records(
        cur,
        contacts.Contact,
        f"SELECT {contacts.COLUMNS} FROM contacts "
        "WHERE pupil_id IN (SELECT unnest(?::INTEGER[])) "
        "ORDER BY ended_on IS NOT NULL, pupil_id, priority, contact_id",
        [[p.pupil_id for p in pupils]],
    )
    return {p.upn: p for p in pupils}, held


def _key(upn: str, forename: Any, surname: Any, relationship: Any) -> _Key:
    return (
        upn,
        " ".join(str(forename or "").split()).casefold(),
        " ".join(str(surname or "").split()).casefold(),
        relationship_key(relationship),
    )


def _read_rows(
    frame: pd.DataFrame, headings: dict[str, str]
) -> list[tuple[dict[str, Any], list[Problem]]]:
    columns = {
        f: ["" if v is None else str(v) for v in frame[h].tolist()] for f, h in headings.items()
    }
    rows = []
    for index in range(len(frame)):
        number = index + 2  # the spreadsheet's row number: the header is row 1
        cells = {f: values[index] for f, values in columns.items()}
        if not any(v.strip() for v in cells.values()):
            rows.append(({}, [Problem("Whole row", "is empty; delete it from the file", number)]))
            continue
        rows.append(read_row(cells, number))
    return rows


def _new_values(said: dict[str, Any]) -> dict[str, Any]:
    """A new contact's details: the file's, and how to reach them worked out from what it has
    (the school changes that on the profile once it knows better)."""
    if said.get("phone") or said.get("phone_other"):
        channel = "phone"
    elif said.get("email") and said.get("email_consent"):
        channel = "email"
    else:
        channel = "face to face"
    lives_with = said.get("lives_with_pupil", True)
    return {"preferred_channel": channel, "household": 1 if lives_with else 2, **said}


def _shown(said: dict[str, Any], pupil: _Pupil | None, clean: dict[str, Any] | None) -> dict:
    now = clean or said
    responsibility = now.get("parental_responsibility")
    return {
        "UPN": said.get("upn", ""),
        "Pupil": pupil.name if pupil else "",
        "Name": " ".join(str(now.get(k) or "") for k in ("title", "forename", "surname")).strip(),
        "Relationship": now.get("relationship", ""),
        "Parental responsibility": {True: "yes", False: "no", None: ""}[responsibility],
        "Phone": now.get("phone") or "",
        "Email": now.get("email") or "",
    }


def _skipped(pupil: _Pupil | None, before: contacts.Contact | None) -> str | None:
    """Why a row is left out, when it is."""
    if pupil is None:
        return "pupil not on the register"
    if pupil.date_left is not None:
        return f"pupil left on {pupil.date_left:%d/%m/%Y}"
    if before is not None and before.ended_on is not None:
        return f"no longer a contact since {before.ended_on:%d/%m/%Y}: not brought back"
    return None


def _mark_repeats(rows: list[tuple[dict[str, Any], list[Problem]]]) -> None:
    rows_of: dict[_Key, list[int]] = defaultdict(list)
    for index, (said, problems) in enumerate(rows):
        if said and not problems and said.get("forename") and said.get("surname"):
            key = _key(said["upn"], said["forename"], said["surname"], said.get("relationship"))
            rows_of[key].append(index + 2)
    for numbers in rows_of.values():
        for number in numbers if len(numbers) > 1 else ():
            others = ", ".join(str(n) for n in numbers if n != number)
            rows[number - 2][1].append(
                Problem(
                    "Whole row",
                    f"the same contact of the same pupil is also on row {others}",
                    number,
                )
            )


def _plan(
    said: dict[str, Any], pupil: _Pupil | None, before: contacts.Contact | None, number: int
) -> tuple[PlannedContact | None, list[Problem]]:
    """Check a row's contact as the form would, merged with the one already held (the pupil is
    missing only from a row without a UPN, which is refused for that)."""
    if before:
        # The names matched without case or spacing: the school's spelling stays.
        said = {**said, "forename": before.forename, "surname": before.surname}
        values = {**{k: getattr(before, k) for k in contacts.LABELS}, **said}
    else:
        values = _new_values(said)
    clean, problems = contacts.validate_contact(values)
    if problems:
        return None, [Problem(p.field, p.message, number) for p in problems]
    changed = [k for k in FROM_FILE if before and getattr(before, k) != clean[k]]
    order = said.get("priority") or _NO_PRIORITY
    return PlannedContact(number, pupil and pupil.pupil_id, clean, before, changed, order), []


def preview_contacts(
    cur: db.Cursor,
    user: User,
    frame: pd.DataFrame,
    mapping: dict[str, str | None],
    file_name: str = "the MIS file",
) -> ContactsPreview:
    """Check every row of a contacts file and say what importing it would do; writes nothing."""
    require(user, "import")
    _check_mapping(frame, mapping)
    headings = {f: h for f, h in mapping.items() if h and f in FIELDS}
    rows = _read_rows(frame, headings)
    _mark_repeats(rows)
    pupils, held = held_contacts(cur, [said.get("upn", "") for said, _ in rows])
    by_key: dict[_Key, contacts.Contact] = {}
    upn_of = {p.pupil_id: p.upn for p in pupils.values()}
    for contact in held:  # current contacts first, so one of them wins a repeated name
        by_key.setdefault(
            _key(upn_of[contact.pupil_id], contact.forename, contact.surname, contact.relationship),
            contact,
        )
    table, planned, all_problems = [], [], []
    counts = {"new": 0, "update": 0, "no change": 0, "skipped": 0}
    not_on_register = 0
    for index, (said, problems) in enumerate(rows):
        number = index + 2
        pupil = pupils.get(said.get("upn", ""))
        key = _key(
            said.get("upn", ""), said.get("forename"), said.get("surname"), said.get("relationship")
        )
        before = by_key.get(key)
        # A row the import leaves out is not checked: its problems are not the school's.
        skipped = _skipped(pupil, before) if said.get("upn") else None
        plan = None
        if skipped:
            action, changes, problems = "skipped", skipped, []
            not_on_register += pupil is None
        else:
            if said:
                plan, more = _plan(said, pupil, before, number)
                if any(p.field == LABELS["full_name"] for p in problems):
                    names = (contacts.LABELS["forename"], contacts.LABELS["surname"])
                    more = [p for p in more if p.field not in names]  # said once is enough
                problems = problems + more
            if problems:
                action, changes, plan = "error", "", None
            else:
                action = "new" if before is None else ("update" if plan.changed else "no change")
                changes = ", ".join(contacts.LABELS[k] for k in plan.changed)
                planned.append(plan)
        if action in counts:
            counts[action] += 1
        all_problems += problems
        table.append(
            {
                "Row": number,
                **_shown(said, pupil, plan.clean if plan else None),
                "Action": action,
                "Changes": changes,
                "Problems": "; ".join(f"{p.field}: {p.message}" for p in problems),
            }
        )
    return ContactsPreview(
        rows=pd.DataFrame(table, columns=PREVIEW_COLUMNS),
        problems=all_problems,
        new=counts["new"],
        updated=counts["update"],
        unchanged=counts["no change"],
        skipped=counts["skipped"],
        not_on_register=not_on_register,
        file_name=file_name,
        planned=planned,
        seen=(tuple(pupils.values()), tuple(held)),
    )
