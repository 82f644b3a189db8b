"""Writing a checked contacts file in one transaction: the new parents and carers after each
pupil's held ones in the file's priority order, the changed ones updated with only what the MIS
knows, an audit row for each, and a row for the file; refused if anything changed since the
preview."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.pupils import contacts
from sendlib.pupils.importing.contacts import (
    FROM_FILE,
    ContactsPreview,
    PlannedContact,
    held_contacts,
)
from sendlib.users import User


@dataclass(frozen=True)
class ContactsResult:
    created: int
    updated: int
    unchanged: int
    skipped: int


def _new_rows(
    cur: db.Cursor, adding: list[PlannedContact], held: tuple[contacts.Contact, ...]
) -> list[dict[str, Any]]:
    """The new contacts as rows of the contacts table: after each pupil's held contacts, in the
    file's priority order."""
    last = defaultdict(int)
    for contact in held:
        last[contact.pupil_id] = max(last[contact.pupil_id], contact.priority)
    rows = []
    ids = db.reserve_ids(cur, "contact_seq", len(adding))
    for contact_id, plan in zip(ids, sorted(adding, key=lambda p: (p.order, p.row)), strict=True):
        last[plan.pupil_id] += 1
        rows.append(
            {
                "contact_id": contact_id,
                "pupil_id": plan.pupil_id,
                "priority": last[plan.pupil_id],
                **{k: plan.clean[k] for k in contacts.SAVED},
            }
        )
    return rows


def _update(cur: db.Cursor, changing: list[PlannedContact]) -> None:
    if not changing:
        return
    columns = ("name", *FROM_FILE)
    frame = pd.DataFrame(
        [{"contact_id": p.before.contact_id, **{k: p.clean[k] for k in columns}} for p in changing]
    )
    with db.frame_as(cur, "_contact_updates", frame):
        cur.execute(
            f"UPDATE contacts SET {', '.join(f'{k} = u.{k}' for k in columns)} "
            "FROM _contact_updates u WHERE contacts.contact_id = u.contact_id"
        )


def _audit_rows(
    user: User, file_name: str, added: list[dict[str, Any]], changing: list[PlannedContact]
) -> list[dict[str, Any]]:
    rows = [
        {
            "username": user.username,
            "action": "import contact",
            "pupil_id": new["pupil_id"],
            "detail": f"contact {new['contact_id']} added from {file_name}: "
            f"{new['name']} ({new['relationship']})",
            "after": {k: new[k] for k in contacts.SAVED},
        }
        for new in added
    ]
    rows += [
        {
            "username": user.username,
            "action": "import contact",
            "pupil_id": p.pupil_id,
            "detail": f"contact {p.before.contact_id} updated from {file_name}: changed "
            + ", ".join(contacts.LABELS[k] for k in p.changed),
            "before": {k: getattr(p.before, k) for k in p.changed},
            "after": {k: p.clean[k] for k in p.changed},
        }
        for p in changing
    ]
    return rows


def apply_contacts(cur: db.Cursor, user: User, preview: ContactsPreview) -> ContactsResult:
    """Write a previewed contacts file: all of it in one transaction, or nothing if any row has
    a problem or the contacts changed since the preview."""
    require(user, "import", "add")
    if preview.problems:
        raise ValidationError(preview.problems)
    adding = [p for p in preview.planned if p.before is None]
    changing = [p for p in preview.planned if p.before is not None and p.changed]

    def work(c: db.Cursor) -> ContactsResult:
        pupils, held = held_contacts(c, [p.upn for p in preview.seen[0]])
        if (tuple(pupils.values()), tuple(held)) != preview.seen:
            raise ValidationError.one(
                "File",
                "the pupils or their parents and carers have changed since this preview was "
                "made (by this import, another one or an edit): preview the file again",
            )
        added = _new_rows(c, adding, preview.seen[1])
        db.insert_frame(c, "contacts", pd.DataFrame(added))
        _update(c, changing)
        result = ContactsResult(len(added), len(changing), preview.unchanged, preview.skipped)
        audit.record_many(c, _audit_rows(user, preview.file_name, added, changing))
        audit.record(
            c,
            user.username,
            "import contacts",
            None,
            f"{preview.file_name}: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.skipped} skipped",
        )
        return result

    return db.write(cur, work)
