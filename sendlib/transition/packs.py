"""Transition packs: what the next class or setting needs to know about a pupil before the move.

A pack is prefilled from the record, edited version by version (old versions are kept), agreed
with the parents and handed over. Each change of status is an event and a timeline entry.
Restricted notes enter a pack only when the SENCo asks, at the end of "What works for me" under
RESTRICTED_MARK; users without the right to see them never get that part back (and keep it when
they save). The checklist (tasks) belongs to the pack, not to a version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sendlib import access, audit, db
from sendlib.access import can, require
from sendlib.errors import (
    BROKEN_TEXT,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationError,
    is_broken,
    text_field,
)
from sendlib.pupils import census, register
from sendlib.pupils.plans import Outcome, Plan
from sendlib.pupils.record import PupilProfile, get_profile
from sendlib.school.calendar import SCHOOL_TZ
from sendlib.timeline import entries
from sendlib.timeline.ledger import parse_date
from sendlib.users import User
from sendlib.words import counted

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
RESTRICTED_MARK = "Restricted (added by the SENCo):"
NO_PLAN = "No current APDR plan is recorded."
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


# ---- prefill: the pack's first text, from what the school holds ----------------------------


def _quote(text: str) -> str:
    """Words in the pupil's or parents' own words, in curly quotes (once)."""
    return "“" + text.strip().strip('“”"') + "”"


def _lines(*pairs: tuple[str, str | None]) -> str:
    return "\n".join(f"{label}: {text}" for label, text in pairs if text)


def _needs_text(profile: PupilProfile) -> str:
    words = census.status_label(profile.status) + "."
    primary, secondary = profile.primary_need, profile.secondary_need
    if primary:
        words += f" {census.need_label(primary)}"
        if secondary:
            second = census.need_label(secondary)
            second = second[0].lower() + second[1:] if second[1:2].islower() else second
            words += f"; also {second}"
        words += "."
    ehc = profile.ehc_plan
    if ehc:
        words += f"\nEHC plan issued {ehc.issue_date:%d/%m/%Y}"
        words += f"; next review due {ehc.next_review:%d/%m/%Y}." if ehc.next_review else "."
    return words


def _rating(outcome: Outcome) -> str:
    if outcome.rating is None:
        return "not yet rated"
    sign = f"{outcome.rating:+d}" if outcome.rating else "0"
    return f"rating {sign} ({outcome.rating_label})"


def _plan_text(plan: Plan | None) -> str:
    if plan is None:
        return NO_PLAN
    lines = [f"APDR plan from {plan.start_date:%d/%m/%Y}."]
    if plan.outcomes:
        lines.append("Outcomes:")
    lines += [f"- {o.outcome} — {_rating(o)}" for o in plan.outcomes]
    if plan.provision:
        lines.append("Provision:")
    for p in plan.provision:
        lines.append("- " + ", ".join(x for x in (p.description, p.frequency, p.delivered_by) if x))
    lines.append(f"Review date: {plan.review_date:%d/%m/%Y}")
    return "\n".join(lines)


def _people_text(profile: PupilProfile) -> str:
    lines = []
    for a in profile.agencies:
        who = ", ".join(x for x in (a.practitioner, a.contact) if x)
        lines.append(f"- {a.service_name}{': ' + who if who else ''} ({a.status})")
    for c in profile.contacts:
        how = f"prefers {c.preferred_channel}"
        if c.best_times:
            how += f", best {c.best_times}"
        if c.interpreter_needed:
            how += f", interpreter needed ({c.language})"
        lines.append(f"- {c.addressed_as} ({c.relationship}): {how}")
    return "\n".join(lines)


def prefill(
    cur: db.Cursor, user: User, pupil_id: int, include_restricted: bool = False
) -> dict[str, str]:
    """Each section's text from the pupil's record as this user may see it.

    Restricted notes only when include_restricted and the user may (else PermissionDenied).
    """
    require(user, "transition", "view")
    if include_restricted and not can(user, "transition", "restricted"):
        raise PermissionDenied("Only the SENCo may put restricted notes into a transition pack.")
    profile = get_profile(cur, user, pupil_id)
    pupil, plan = profile.pupil, profile.current_plan
    first = pupil.known_as or pupil.legal_forename
    own_words = plan.pupil_views if plan and plan.pupil_views else None
    works = _lines(
        ("What helps", pupil.what_helps),
        ("Reasonable adjustments", pupil.adjustments),
        ("Triggers and what to avoid", pupil.triggers),
    )
    if include_restricted and pupil.restricted_notes:
        works = f"{works}\n\n{RESTRICTED_MARK}\n{pupil.restricted_notes}".strip()
    return {
        "about_me": _lines(
            ("Strengths", pupil.strengths),
            (f"In {first}'s own words", _quote(own_words) if own_words else None),
        ),
        "needs": _needs_text(profile),
        "what_works": works,
        "health_access": _lines(("Relevant history", pupil.history)),
        "current_plan": _plan_text(plan),
        "people": _people_text(profile),
        "parents_views": _quote(plan.parent_views) if plan and plan.parent_views else "",
        "transition_plan": "",
    }


# ---- reading packs ---------------------------------------------------------------------------


def _split_restricted(text: str) -> tuple[str, str]:
    """The open part of a section and its restricted tail ('' when none)."""
    at = text.find(RESTRICTED_MARK)
    return (text, "") if at < 0 else (text[:at].rstrip(), text[at:])


def _shown(user: User, sections: dict[str, str]) -> dict[str, str]:
    if can(user, "transition", "restricted"):
        return sections
    return {**sections, "what_works": _split_restricted(sections.get("what_works", ""))[0]}


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
    visible, params = access.visible_pupils(user)
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


def _date(values: dict, key: str, label: str, problems: list[Problem]) -> date | None:
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
        "move_date": _date(values, "move_date", "Move date", problems),
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
        due = _date(row, "due_date", f"Task {n}, Due", problems)
        done = _date(row, "done_date", f"Task {n}, Done", problems)
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
        clean[key] = str(text or "").strip()
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


# ---- status ----------------------------------------------------------------------------------


def _on(values: dict, key: str, label: str, today: date, problems: list[Problem]) -> date:
    day = _date(values, key, label, problems) or today
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

    db.write(cur, work)
