"""Transition packs: what the next class or setting needs to know about a pupil before the move.
Here: what a pack holds, starting one, reading it and saving new versions.

A pack is prefilled from the record (sendlib.transition.prefill), edited version by version
(old versions are kept), agreed with the parents and handed over (its stages are in
sendlib.transition.stages; each change of status is an event and a timeline entry).
Restricted notes enter a pack only when the SENCo asks, at the end of "What works for me" under
RESTRICTED_MARK; users without the right to see them never get that part back (and keep it when
they save). The checklist (tasks) belongs to the pack, not to a version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sendlib import access, audit, db
from sendlib.access import can, require
from sendlib.errors import (
    BROKEN_TEXT,
    NotFound,
    Problem,
    ValidationError,
    composed,
    is_broken,
    text_field,
)
from sendlib.pupils import register
from sendlib.timeline.ledger import parse_date
from sendlib.transition.prefill import RESTRICTED_MARK, prefill
from sendlib.users import User

MOVE_KINDS = ("class to class", "primary to secondary", "school to school", "into post-16")
STATUSES = ("draft", "shared with parents", "agreed with parents", "handed over",
            "receipt confirmed")  # fmt: skip
SECTIONS = {  # key -> heading, in the order the pack prints
    "about_me": "About me",
    "needs": "My needs",
    "what_works": "What works for me",
    "health_access": "Health, physical access and getting around",
    "current_plan": "My current plan",
    "people": "People involved",
    "parents_views": "What my parents or carers want you to know",
    "transition_plan": "The move: how we are preparing",
}
REQUIRED = ("about_me", "needs", "what_works")  # may not be empty when the pack is shared
MAX_SECTION = 5000
MAX_NAME = 200
MAX_TASK = 200
CLOSED = ("handed over", "receipt confirmed")
# Allowed status moves; draft or shared to "handed over" needs a reason.
NEXT = {
    "draft": ("shared with parents", "handed over"),
    "shared with parents": ("agreed with parents", "handed over"),
    "agreed with parents": ("handed over",),
    "handed over": ("receipt confirmed",),
}
# Default checklist per kind of move: description, owner, weeks before the move date.
DEFAULT_TASKS = {
    "class to class": [
        ("Visit the new classroom", "Class teacher", 4),
        ("Meet the new teacher", "Class teacher", 3),
        ("Photo book", "Class teacher", 2),
        ("Handover meeting", "SENCo", 1),
    ],
    "primary to secondary": [
        ("Meeting between the two SENCos", "SENCo", 10),
        ("Staff training needed at the new school", "SENCo", 8),
        ("Extra visits to the new school", "SENCo", 6),
        ("Photo book of the new school", "Class teacher", 4),
        ("Handover meeting", "SENCo", 2),
    ],
    "school to school": [
        ("Meeting between the two SENCos", "SENCo", 4),
        ("Visit to the new school", "SENCo", 3),
        ("Photo book of the new school", "Class teacher", 2),
        ("Handover meeting", "SENCo", 1),
    ],
    "into post-16": [
        ("Meeting with the learning support team", "SENCo", 10),
        ("Extra visits to the college or sixth form", "SENCo", 6),
        ("Travel training", "SENCo", 4),
        ("Handover meeting", "SENCo", 2),
    ],
}


@dataclass(frozen=True)
class Task:
    """One step of the move: extra visits, a photo book, the handover meeting."""

    description: str
    owner: str
    due_date: date | None
    done_date: date | None
    task_id: int | None = None


@dataclass(frozen=True)
class PackEvent:
    """One change of status: when, by whom, which version, who agreed or received it, and why."""

    status: str
    happened_on: date
    recorded_by: str
    version: int
    person: str | None
    comments: str | None
    reason: str | None


@dataclass(frozen=True)
class Pack:
    """A transition pack at one version, with its checklist and its history of statuses."""

    pack_id: int
    pupil_id: int
    pupil_name: str
    class_name: str
    year_group: int
    move_kind: str
    receiving_setting: str
    receiving_teacher: str | None
    move_date: date
    status: str
    version: int
    sections: dict[str, str]
    tasks: list[Task]
    events: list[PackEvent]
    agreed_version: int | None


# ---- reading packs ---------------------------------------------------------------------------


def _split_restricted(text: str) -> tuple[str, str]:
    """The open part of a section and its restricted tail ('' when none)."""
    at = text.find(RESTRICTED_MARK)
    return (text, "") if at < 0 else (text[:at].rstrip(), text[at:])


def _shown(user: User, sections: dict[str, str]) -> dict[str, str]:
    if can(user, "transition", "restricted"):
        return sections
    return {**sections, "what_works": _split_restricted(sections.get("what_works", ""))[0]}


def for_parents(pack: Pack) -> tuple[Pack, bool]:
    """The pack as the parents are sent it: without the restricted notes (which are for the
    receiving school alone, as a profile printed for parents leaves them out); and whether
    anything was left out."""
    open_part, restricted = _split_restricted(pack.sections.get("what_works", ""))
    return replace(pack, sections={**pack.sections, "what_works": open_part}), bool(restricted)


def _sections(cur: db.Cursor, pack_id: int, version: int | None) -> tuple[int, dict[str, str]]:
    rows = cur.execute(
        "SELECT version, sections FROM pack_versions WHERE pack_id = ? "
        "AND (? IS NULL OR version = ?) ORDER BY version DESC LIMIT 1",
        [pack_id, version, version],
    ).fetchall()
    if not rows:
        raise NotFound("That version of the transition pack does not exist.")
    stored = json.loads(rows[0][1])
    return rows[0][0], {key: stored.get(key, "") for key in SECTIONS}


def _tasks(cur: db.Cursor, pack_id: int) -> list[Task]:
    rows = cur.execute(
        "SELECT description, owner, due_date, done_date, task_id FROM pack_tasks "
        "WHERE pack_id = ? ORDER BY position, task_id",
        [pack_id],
    ).fetchall()
    return [Task(*row) for row in rows]


def _events(cur: db.Cursor, pack_id: int) -> list[PackEvent]:
    rows = cur.execute(
        "SELECT status, happened_on, recorded_by, version, person, comments, reason "
        "FROM pack_events WHERE pack_id = ? ORDER BY event_id",
        [pack_id],
    ).fetchall()
    return [PackEvent(*row) for row in rows]


def get_pack(cur: db.Cursor, user: User, pack_id: int, version: int | None = None) -> Pack:
    """A pack at its latest version (or the one asked for), if the user may see the pupil."""
    require(user, "transition", "open")
    visible, params = access.pupil_scope(user).where()
    rows = cur.execute(
        "SELECT t.pack_id, t.pupil_id, concat_ws(' ', coalesce(p.known_as, p.legal_forename), "
        "p.legal_surname), p.class_name, p.year_group, t.move_kind, t.receiving_setting, "
        "t.receiving_teacher, t.move_date, t.status FROM transition_packs t "
        f"JOIN pupils p USING (pupil_id) WHERE t.pack_id = ? AND {visible}",
        [pack_id, *params],
    ).fetchall()
    if not rows:
        raise NotFound("That transition pack is not one you can open.")
    number, sections = _sections(cur, pack_id, version)
    events = _events(cur, pack_id)
    agreed = [e.version for e in events if e.status == "agreed with parents"]
    return Pack(
        *rows[0],
        version=number,
        sections=_shown(user, sections),
        tasks=_tasks(cur, pack_id),
        events=events,
        agreed_version=agreed[-1] if agreed else None,
    )


def packs_for_pupil(cur: db.Cursor, user: User, pupil_id: int) -> list[Pack]:
    """The pupil's packs at their latest versions, newest first."""
    require(user, "transition", "open")
    register.get_pupil(cur, user, pupil_id)
    ids = cur.execute(
        "SELECT pack_id FROM transition_packs WHERE pupil_id = ? "
        "ORDER BY created_at DESC, pack_id DESC",
        [pupil_id],
    ).fetchall()
    return [get_pack(cur, user, pack_id) for (pack_id,) in ids]


def changes_since_agreed(cur: db.Cursor, user: User, pack_id: int) -> list[str]:
    """Headings of the sections changed since the version the parents agreed, in print order.

    [] when the parents have never agreed the pack (there is nothing to compare with: the
    pack's status says it is not agreed).
    """
    pack = get_pack(cur, user, pack_id)
    if pack.agreed_version is None:
        return []
    agreed = _sections(cur, pack_id, pack.agreed_version)[1]
    latest = _sections(cur, pack_id, None)[1]
    return [SECTIONS[key] for key in SECTIONS if agreed[key] != latest[key]]


# ---- starting and editing --------------------------------------------------------------------


def date_field(values: dict, key: str, label: str, problems: list[Problem]) -> date | None:
    """A date from a form, or None with a problem naming the field when it is not one."""
    try:
        return parse_date(values.get(key))
    except ValueError:
        problems.append(Problem(label, f"'{values.get(key)}' is not a date"))
        return None


def _check_start(values: dict, today: date) -> dict:
    problems: list[Problem] = []
    kind = values.get("move_kind")
    if kind not in MOVE_KINDS:
        problems.append(Problem("Kind of move", f"must be one of: {', '.join(MOVE_KINDS)}"))
    clean = {
        "move_kind": kind,
        "receiving_setting": text_field(
            values, "receiving_setting", "Moving to", MAX_NAME, True, problems
        ),
        "receiving_teacher": text_field(
            values, "receiving_teacher", "Receiving teacher", MAX_NAME, False, problems
        ),
        "move_date": date_field(values, "move_date", "Move date", problems),
    }
    if clean["move_date"] is None and "Move date" not in {p.field for p in problems}:
        problems.append(Problem("Move date", "is required"))
    elif clean["move_date"] is not None and clean["move_date"] < today:
        problems.append(Problem("Move date", f"is in the past ({clean['move_date']:%d/%m/%Y})"))
    if problems:
        raise ValidationError(problems)
    return clean


def default_tasks(move_kind: str, move_date: date, today: date) -> list[Task]:
    """The usual checklist for a kind of move, due in the weeks before it (never before today)."""
    return [
        Task(text, owner, max(today, move_date - timedelta(weeks=weeks)), None)
        for text, owner, weeks in DEFAULT_TASKS[move_kind]
    ]


def _insert_version(c: db.Cursor, user: User, pack_id: int, version: int, sections, now) -> None:
    c.execute(
        "INSERT INTO pack_versions (pack_id, version, sections, saved_by, saved_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [pack_id, version, json.dumps(sections, ensure_ascii=False), user.username, now],
    )


def _replace_tasks(c: db.Cursor, pack_id: int, tasks: list[Task]) -> None:
    c.execute("DELETE FROM pack_tasks WHERE pack_id = ?", [pack_id])
    for position, t in enumerate(tasks, start=1):
        c.execute(
            "INSERT INTO pack_tasks (pack_id, position, description, owner, due_date, done_date) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [pack_id, position, t.description, t.owner, t.due_date, t.done_date],
        )


def start_pack(
    cur: db.Cursor, user: User, pupil_id: int, values: dict, today: date, now: datetime
) -> int:
    """Start a draft pack (version 1, prefilled, with the usual checklist); its pack_id."""
    require(user, "transition", "add")
    pupil = register.get_pupil(cur, user, pupil_id)
    if pupil.date_left:
        raise ValidationError.one("Pupil", f"left on {pupil.date_left:%d/%m/%Y}")
    clean = _check_start(values, today)
    sections = prefill(cur, user, pupil_id, bool(values.get("include_restricted")))
    tasks = default_tasks(clean["move_kind"], clean["move_date"], today)

    def work(c: db.Cursor) -> int:
        pack_id = c.execute(
            "INSERT INTO transition_packs (pupil_id, move_kind, receiving_setting, "
            "receiving_teacher, move_date, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "RETURNING pack_id",
            [pupil_id, *clean.values(), user.username, now],
        ).fetchone()[0]
        _insert_version(c, user, pack_id, 1, sections, now)
        _replace_tasks(c, pack_id, tasks)
        c.execute(
            "INSERT INTO pack_events (pack_id, status, happened_on, recorded_by, recorded_at, "
            "version) VALUES (?, 'draft', ?, ?, ?, 1)",
            [pack_id, today, user.username, now],
        )
        audit.record(
            c, user.username, "start transition pack", pupil_id,
            f"pack {pack_id}: {clean['move_kind']} to {clean['receiving_setting']}",
        )  # fmt: skip
        return pack_id

    return db.write(cur, work)


def _check_tasks(rows: list[dict], today: date, problems: list[Problem]) -> list[Task]:
    tasks = []
    for n, row in enumerate(rows, start=1):
        text = text_field(row, "description", f"Task {n}, Description", MAX_TASK, True, problems)
        owner = text_field(row, "owner", f"Task {n}, Owner", MAX_NAME, True, problems)
        due = date_field(row, "due_date", f"Task {n}, Due", problems)
        done = date_field(row, "done_date", f"Task {n}, Done", problems)
        if done and done > today:
            problems.append(Problem(f"Task {n}, Done", "is in the future"))
        tasks.append(Task(text or "", owner or "", due, done))
    return tasks


def _check_sections(sections: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    clean = {}
    for key, text in sections.items():
        if key not in SECTIONS:
            problems.append(Problem("Section", f"'{key}' is not a section of the pack"))
            continue
        clean[key] = composed(str(text or "").strip())
        if is_broken(clean[key]):
            problems.append(Problem(SECTIONS[key], BROKEN_TEXT))
        elif len(clean[key]) > MAX_SECTION:
            problems.append(Problem(SECTIONS[key], f"must be at most {MAX_SECTION} characters"))
    return clean


def save_version(
    cur: db.Cursor,
    user: User,
    pack_id: int,
    sections: dict[str, str],
    tasks: list[dict],
    now: datetime,
) -> int:
    """Save the sections as a new version and replace the checklist; the new version number.

    Sections not given keep their text. A user who may not see restricted notes keeps the
    restricted part of "What works for me" as it was. Handed-over packs cannot be edited.
    """
    require(user, "transition", "edit")
    pack = get_pack(cur, user, pack_id)
    if pack.status in CLOSED:
        raise ValidationError.one(
            "Status", f"the pack has been handed over ({pack.status}) and can no longer be edited"
        )
    problems: list[Problem] = []
    clean = _check_sections(sections, problems)
    new_tasks = _check_tasks(tasks, now.date(), problems)
    if problems:
        raise ValidationError(problems)
    latest = _sections(cur, pack_id, None)[1]
    merged = {**latest, **clean}
    if not can(user, "transition", "restricted"):
        tail = _split_restricted(latest["what_works"])[1]
        works = _split_restricted(merged["what_works"])[0]
        merged["what_works"] = f"{works}\n\n{tail}".strip() if tail else works

    def work(c: db.Cursor) -> int:
        version = db.scalar(
            c, "SELECT max(version) + 1 FROM pack_versions WHERE pack_id = ?", [pack_id]
        )
        _insert_version(c, user, pack_id, version, merged, now)
        _replace_tasks(c, pack_id, new_tasks)
        audit.record(
            c, user.username, "save transition pack", pack.pupil_id,
            f"pack {pack_id}: version {version}, {len(new_tasks)} task(s)",
        )  # fmt: skip
        return version

    return db.write(cur, work)
