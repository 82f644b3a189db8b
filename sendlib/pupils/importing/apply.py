"""Applying a checked import in one transaction: new pupils added, known UPNs updated, statuses
and needs moved as the file says, an audit row for every pupil, and nothing else touched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.pupils import register
from sendlib.pupils.importing.check import PUPIL_FIELDS, ImportPreview, PlannedRow, held_pupils
from sendlib.timeline import agreeing
from sendlib.users import User

IMPORT_REASON = "Imported from MIS file {name}"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _check_still_current(cur: db.Cursor, preview: ImportPreview) -> None:
    """Refuse when the register changed since the preview (another import, an edit, or this one)."""
    seen = {p.clean["upn"]: p.before for p in preview.planned}
    if held_pupils(cur, list(seen)) != {upn: b for upn, b in seen.items() if b is not None}:
        raise ValidationError.one(
            "File",
            "the register has changed since this preview was made (by this import, another one "
            "or an edit): preview the file again",
        )


def _insert_pupils(cur: db.Cursor, targets: list[tuple[int, PlannedRow]]) -> None:
    frame = pd.DataFrame(
        {
            "pupil_id": [pupil_id for pupil_id, _ in targets],
            **{f: [p.clean[f] for _, p in targets] for f in PUPIL_FIELDS},
        }
    )
    db.insert_frame(cur, "pupils", frame)


def _update_pupils(
    cur: db.Cursor, targets: list[tuple[int, PlannedRow]], fields: tuple[str, ...]
) -> None:
    if not targets or not fields:
        return
    frame = pd.DataFrame(
        {
            "pupil_id": [pupil_id for pupil_id, _ in targets],
            **{f: [p.clean[f] for _, p in targets] for f in fields},
        }
    )
    with db.frame_as(cur, "_import_updates", frame):
        cur.execute(
            f"UPDATE pupils SET {', '.join(f'{f} = u.{f}' for f in fields)}, "
            "updated_at = current_timestamp FROM _import_updates u "
            "WHERE pupils.pupil_id = u.pupil_id"
        )


def _move_statuses(
    cur: db.Cursor, targets: list[tuple[int, PlannedRow]], today: date, reason: str
) -> None:
    """Close each open status that the file changes, and open the file's status from its SEN
    start date (or today, when the file has none)."""
    register._end_open_statuses(
        cur, {i: p.since or today for i, p in targets if p.status_changed and p.before}
    )
    opening = [
        (pupil_id, p.status, p.since or today)
        for pupil_id, p in targets
        if p.status and p.status_changed
    ]
    frame = pd.DataFrame(opening, columns=["pupil_id", "status", "start_date"])
    frame["reason"] = reason
    db.insert_frame(cur, "sen_status", frame)


def _replace_needs(cur: db.Cursor, targets: list[tuple[int, PlannedRow]]) -> None:
    replacing = [(pupil_id, p) for pupil_id, p in targets if p.needs_changed]
    known = [pupil_id for pupil_id, p in replacing if p.before]
    if known:
        cur.execute("DELETE FROM needs WHERE pupil_id IN (SELECT unnest(?::INTEGER[]))", [known])
    ranked = [
        (pupil_id, rank, code)
        for pupil_id, p in replacing
        for rank, code in ((1, p.clean["primary_need"]), (2, p.clean["secondary_need"]))
        if code
    ]
    db.insert_frame(cur, "needs", pd.DataFrame(ranked, columns=["pupil_id", "rank", "code"]))


def _pupil_audit_rows(
    user: User,
    file_name: str,
    added: list[tuple[int, PlannedRow]],
    known: list[tuple[int, PlannedRow]],
) -> list[dict[str, Any]]:
    """One audit row for each pupil the import adds or changes, with what changed."""
    fields = (*PUPIL_FIELDS, "primary_need", "secondary_need")
    rows = [
        {
            "username": user.username,
            "action": "import pupil",
            "pupil_id": pupil_id,
            "detail": f"added from {file_name}",
            "after": {**{f: p.clean[f] for f in fields}, "status": p.status},
        }
        for pupil_id, p in added
    ]
    for pupil_id, p in known:
        was = {f: p.before[f] for f in fields if p.before[f] != p.clean[f]}
        if p.status_changed:
            was["status"] = p.before["status"]
        if not was:
            continue
        now = {f: p.status if f == "status" else p.clean[f] for f in was}
        rows.append(
            {
                "username": user.username,
                "action": "import pupil",
                "pupil_id": pupil_id,
                "detail": f"updated from {file_name}: " + ", ".join(sorted(was)),
                "before": was,
                "after": now,
            }
        )
    return rows


def apply_import(cur: db.Cursor, user: User, preview: ImportPreview, today: date) -> ImportResult:
    """Write a previewed file: all of it in one transaction, or nothing if any row has a problem."""
    require(user, "import", "add")
    if preview.problems:
        raise ValidationError(preview.problems)
    reason = IMPORT_REASON.format(name=preview.file_name)
    new = [p for p in preview.planned if p.before is None]
    known = [(p.pupil_id, p) for p in preview.planned if p.before is not None]

    def work(c: db.Cursor) -> ImportResult:
        _check_still_current(c, preview)
        added = list(zip(db.reserve_ids(c, "pupil_seq", len(new)), new, strict=True))
        _insert_pupils(c, added)
        _update_pupils(c, [(i, p) for i, p in known if p.pupil_changed], preview.fields)
        _move_statuses(c, added + known, today, reason)
        _replace_needs(c, added + known)
        for pupil_id, planned in known:
            changed = [
                what
                for what, flag in (
                    ("SEN status", planned.status_changed),
                    ("needs", planned.needs_changed),
                )
                if flag
            ]
            if changed:
                what = " and ".join(changed) + f" changed by the import of {preview.file_name}"
                agreeing.create_change_action(c, pupil_id, what, user.username, today)
        result = ImportResult(len(added), preview.updated, preview.unchanged)
        audit.record_many(c, _pupil_audit_rows(user, preview.file_name, added, known))
        audit.record(
            c,
            user.username,
            "import pupils",
            None,
            f"{preview.file_name}: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged",
        )
        return result

    return db.write(cur, work)
