"""A transition pack's stages: moving a pack on from draft to shared with the parents, agreed
with them, handed over and its receipt confirmed (the moves allowed are packs.NEXT), each an
event, a timeline entry and an audit row; and the words for packs not yet agreed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError, text_field
from sendlib.timeline import entries
from sendlib.transition.packs import MAX_NAME, NEXT, REQUIRED, SECTIONS, Pack, date_field, get_pack
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, counted

DRAFT_WORDS = "still in draft"
SHARED_WORDS = "shared with the parents, not yet agreed"


def not_yet_agreed(stages: list[str]) -> str:
    """'2 packs still in draft; 1 pack shared with the parents, not yet agreed' for packs at
    these stages: what a new teacher cannot yet rely on, counted ('' when every pack is agreed)."""
    return "; ".join(
        f"{counted(number, 'pack', 'packs')} {words}"
        for number, words in (
            (stages.count("draft"), DRAFT_WORDS),
            (stages.count("shared with parents"), SHARED_WORDS),
        )
        if number
    )


def _on(values: dict, key: str, label: str, today: date, problems: list[Problem]) -> date:
    day = date_field(values, key, label, problems) or today
    if day > today:
        problems.append(Problem(label, "is in the future"))
    return day


def _check_status(pack: Pack, new: str, values: dict, today: date) -> dict:
    """The event's fields for a change of status, or a ValidationError naming every problem."""
    if new not in NEXT.get(pack.status, ()):
        raise ValidationError.one("Status", f"a pack that is {pack.status} cannot become {new}")
    problems: list[Problem] = []
    if new in ("shared with parents", "handed over"):
        problems += [Problem(SECTIONS[k], "is empty") for k in REQUIRED if not pack.sections[k]]
    event = {"person": None, "comments": None, "reason": None}
    if new == "shared with parents":
        event["happened_on"] = _on(values, "shared_on", "Shared on", today, problems)
    elif new == "agreed with parents":
        event["happened_on"] = _on(values, "agreed_on", "Agreed on", today, problems)
        event["person"] = text_field(values, "agreed_by", "Agreed by", MAX_NAME, True, problems)
        event["comments"] = text_field(values, "comments", "Comments", 4000, False, problems)
    elif new == "handed over":
        event["happened_on"] = _on(values, "handed_on", "Handed over on", today, problems)
        event["person"] = text_field(values, "handed_to", "Handed to", 150, True, problems)
        event["reason"] = text_field(values, "reason", "Reason", 4000, False, problems)
        if pack.status != "agreed with parents" and not event["reason"]:
            problems.append(
                Problem("Reason", "Handing over a pack the parents have not agreed needs a reason")
            )
    else:
        event["happened_on"] = _on(values, "confirmed_on", "Confirmed on", today, problems)
        event["person"] = text_field(values, "person", "Confirmed by", MAX_NAME, False, problems)
    if problems:
        raise ValidationError(problems)
    return event


def _entry_values(pack: Pack, new: str, event: dict, values: dict, now: datetime) -> dict:
    """The timeline entry recording a change of status."""
    n, day, who = pack.version, event["happened_on"], event["person"]
    now = now if now.tzinfo else now.replace(tzinfo=SCHOOL_TZ)
    at = min(datetime.combine(day, time(12), SCHOOL_TZ), now)
    direction, subject, summary = {
        "shared with parents": (
            "to parent",
            f"Transition pack shared with parents (version {n})",
            f"Version {n} of the transition pack (move to {pack.receiving_setting}) was shared "
            "with the parents or carers to read and agree.",
        ),
        "agreed with parents": (
            "from parent",
            "Parents agreed the transition pack",
            f"{who} agreed version {n} of the transition pack on {day:%d/%m/%Y}.",
        ),
        "handed over": (
            "within school",
            f"Transition pack handed over to {who}",
            f"Version {n} was handed over to {who} ({pack.receiving_setting}) on {day:%d/%m/%Y}."
            + (f" Not agreed with the parents: {event['reason']}" if event["reason"] else ""),
        ),
        "receipt confirmed": (
            "within school",
            "Transition pack receipt confirmed",
            f"{pack.receiving_setting} confirmed receipt of the transition pack"
            + (f" ({who})" if who else "")
            + f" on {day:%d/%m/%Y}.",
        ),
    }[new]
    return {
        "happened_at": at,
        "channel": values.get("channel") or "email",
        "direction": direction,
        "subject": subject,
        "summary": summary,
        "parent_views": event["comments"],
    }


def change_status(
    cur: db.Cursor,
    user: User,
    pack_id: int,
    new_status: str,
    values: dict,
    today: date,
    now: datetime,
) -> None:
    """Move a pack on (SENCo only): an event, a timeline entry and an audit row, all or none.

    values by status: shared with parents {shared_on}; agreed with parents {agreed_on,
    agreed_by, comments}; handed over {handed_to, handed_on, reason (needed unless agreed)};
    receipt confirmed {confirmed_on, person}; any of them {channel} for the timeline entry.
    """
    db.write(cur, status_change(cur, user, pack_id, new_status, values, today, now))


def status_change(
    cur: db.Cursor,
    user: User,
    pack_id: int,
    new_status: str,
    values: dict,
    today: date,
    now: datetime,
) -> Callable[[db.Cursor], None]:
    """The change of status, checked now (as change_status checks it), made by the function
    returned INSIDE the caller's transaction (sharing the pack by email queues the emails in
    the same one)."""
    require(user, "transition", "status")
    pack = get_pack(cur, user, pack_id)
    event = _check_status(pack, new_status, values, today)
    entry = _entry_values(pack, new_status, event, values, now)
    clean = entries.check_entry(cur, user, pack.pupil_id, entry, [], now)

    def work(c: db.Cursor) -> None:
        communication_id = entries.insert_entry(c, user, pack.pupil_id, clean, [], now)
        c.execute("UPDATE transition_packs SET status = ? WHERE pack_id = ?", [new_status, pack_id])
        c.execute(
            "INSERT INTO pack_events (pack_id, status, happened_on, recorded_by, recorded_at, "
            "version, person, comments, reason, communication_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pack_id, new_status, event["happened_on"], user.username, now, pack.version,
             event["person"], event["comments"], event["reason"], communication_id],
        )  # fmt: skip
        audit.record(
            c, user.username, "transition pack status", pack.pupil_id,
            f"pack {pack_id}: {pack.status} -> {new_status} (version {pack.version})",
            before={"status": pack.status}, after={"status": new_status, **event},
        )  # fmt: skip

    return work
