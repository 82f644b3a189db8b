"""The demo school's transition packs: for the pupils on the register who leave at the end of the
year, packs at every stage, so the tracker and the September handover have real content.

Called by sendlib.demo.build_school INSIDE its transaction, after the register, the timeline and
the surgeries are in (the app's own functions each open a transaction, so the rows are written
here in bulk, as they would have written them). Each pack's first version is the pupil's record
as transition.prefill gives it to the SENCo (no restricted notes), with the usual checklist from
transition.packs.default_tasks; packs that went further have a second version with the plan for
the move, and an event and a timeline entry (worded as transition.stages.change_status words
them) for each change of status.

What a SENCo will recognise, this late in the autumn term:
- about six in ten of the leavers on the register have a pack; the rest are not started yet;
- about a third of the packs are drafts, a third shared with the parents, a quarter agreed
  (with the parents' comments in their own words) and a few handed over early to the new
  setting's SENCo, one now and then before the parents replied (with the reason);
- Year 6 moves from primary to secondary, Year 11 into post-16, on the first school day of
  next September.
Everything is dated before today; nothing after today at 16:00, the build's "now".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from sendlib import db, users
from sendlib.school import calendar
from sendlib.school.year import academic_year_start
from sendlib.transition import packs as transition_packs
from sendlib.transition import stages
from sendlib.transition.prefill import prefill
from sendlib.words import SCHOOL_TZ

SHARE = 0.6  # of the leavers on the register with a pack
MIX = {"agreed with parents": 0.25, "shared with parents": 0.30, "handed over": 0.10}
LEAVING_YEARS = {"small": (6,), "secondary": (11,), "trust": (6, 11)}
KIND = {6: "primary to secondary", 11: "into post-16"}
# fmt: off
SETTINGS = {
    6: (
        ("Northfield Academy", "Mr Patel (SENCo)"),
        ("St Cuthbert's Catholic High School", "Mrs O'Neill (SENCo)"),
        ("Riverside School", "Ms Adeyemi (SENCo)"),
        ("Hillcrest Church of England Academy", None),
    ),
    11: (
        ("Castle College sixth form", "Ms Hart (learning support)"),
        ("Westgate Sixth Form College", "Mr Lewis (additional learning support)"),
        ("Castle College, Ridgeway campus", None),
    ),
}
PLANS = (
    "Extra visits in June with a small group, and a photo book of the new school to take home "
    "over the summer. The two SENCos will meet before Easter.",
    "{name} will visit with a key adult twice before the induction days; {his} new timetable "
    "and a map will be sent home in July.",
    "Meeting between the two SENCos in the spring; travel practice in the summer term; a named "
    "person for {name} to go to in the first weeks.",
    "A transition booklet made with {name} in class; an extra visit at a quiet time, when the "
    "corridors are empty.",
)
COMMENTS = (
    "We're happy with this. Please make sure {his} form tutor knows about the lunchtime club.",
    "Thank you for putting this together, it reads like {name}. Could you add that {he} "
    "doesn't like being asked to read aloud?",
    "All fine with us. {He} is nervous about the bigger building, so the extra visits will "
    "really help.",
    "We agree with the pack. Please can the new school know that mornings are hardest for {him}.",
    "Happy with it. {His} dad would like to come to the handover meeting if that's possible.",
    "This is lovely, thank you. We'd like {name}'s new teachers to know {he} goes quiet when "
    "{he}'s worried rather than asking for help.",
    "We're pleased with this. The photo book idea is great, {he} looks at pictures a lot.",
    "Agreed. Could someone let us know who {his} key person will be before September?",
    "No changes from us. Thank you for listening to what we said at the meeting.",
    "Happy to agree this. Please make sure the new school has the ear defenders on the list.",
    "Thank you, it's all there. {He} has added that {he} wants to keep going to football club.",
    "We've read it together with {name} and {he} is happy with what it says about {him}.",
)
EARLY_REASONS = (
    "The new school's SENCo asked for it before their spring planning meeting; the parents "
    "know and will send their comments after half term.",
    "Shared early for the meeting between the two SENCos; the parents have the pack and have "
    "not replied yet, we will send their comments on.",
)
# fmt: on


@dataclass(frozen=True)
class TransitionSummary:
    packs: int
    by_status: dict[str, int]
    communications: int


def move_day(cur: db.Cursor, today: date) -> date:
    """The first school day of next September: the next school year's first term if the
    calendar has it, else the first weekday from 2 September."""
    year = academic_year_start(today) + 1
    terms = calendar.list_terms(cur, year)
    if terms:
        return min(t.starts for t in terms)
    day = date(year, 9, 2)
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _words(first: str, gender: str | None) -> dict[str, str]:
    he, him, his = ("he", "him", "his") if gender == "M" else ("she", "her", "her")
    return {"name": first, "he": he, "him": him, "his": his, "He": he.capitalize(),
            "His": his.capitalize()}  # fmt: skip


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(9), SCHOOL_TZ) + timedelta(minutes=minutes)


def _leavers(cur: db.Cursor, years: tuple[int, ...]) -> list[tuple]:
    marks = ", ".join("?" for _ in years)
    return cur.execute(
        "SELECT p.pupil_id, p.year_group, coalesce(p.known_as, p.legal_forename), p.gender, "
        "(SELECT c.contact_id FROM contacts c WHERE c.pupil_id = p.pupil_id "
        " ORDER BY c.priority, c.contact_id LIMIT 1), "
        "(SELECT coalesce(c.form_of_address, c.name) FROM contacts c WHERE c.pupil_id = "
        " p.pupil_id ORDER BY c.priority, c.contact_id LIMIT 1) "
        "FROM pupils p JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL "
        f"WHERE p.date_left IS NULL AND p.year_group IN ({marks}) ORDER BY p.pupil_id",
        list(years),
    ).fetchall()


def _statuses(n: int) -> list[str]:
    """The packs' statuses, furthest on first: n in all."""
    handed = max(1, round(n * MIX["handed over"])) if n >= 3 else 0
    agreed = round(n * MIX["agreed with parents"])
    shared = round(n * MIX["shared with parents"])
    out = ["handed over"] * handed + ["agreed with parents"] * agreed
    out += ["shared with parents"] * shared
    return (out + ["draft"] * n)[:n]


def build(cur: db.Cursor, size: str, seed: int, today: date, senco: str) -> TransitionSummary:
    """The leavers' transition packs, INSIDE the caller's transaction (see the module's notes)."""
    rng = np.random.default_rng([seed, 5005])
    user = users.get_user(cur, senco)
    now = datetime.combine(today, time(16), SCHOOL_TZ)
    moving = move_day(cur, today)
    days = calendar.school_days(cur, today - timedelta(days=56), today - timedelta(days=1))
    if not days:
        return TransitionSummary(0, {}, 0)
    chosen, drafts, status = _chosen(cur, user, rng, size)
    pack_ids = db.reserve_ids(cur, "transition_pack_seq", len(chosen))
    made = _Packs(rng, days, moving, senco, now)
    for i, leaver in enumerate(chosen):
        made.add(leaver, pack_ids[i], status[i], drafts[i])
    numbers = _insert_communications(cur, made.entries, senco)
    _insert_packs(cur, made, senco, numbers)
    by_status: dict[str, int] = {}
    for st in status.values():
        by_status[st] = by_status.get(st, 0) + 1
    return TransitionSummary(len(made.packs), by_status, len(made.entries))


def _chosen(
    cur: db.Cursor, user: users.User, rng: np.random.Generator, size: str
) -> tuple[list[tuple], list[dict], dict[int, str]]:
    """The leavers given a pack, each pack's first text, and the stage each has reached: the
    packs the app would let go further (the required sections filled in) go furthest."""
    leavers = _leavers(cur, LEAVING_YEARS.get(size, (6,)))
    chosen = [
        leavers[i] for i in sorted(rng.permutation(len(leavers))[: round(SHARE * len(leavers))])
    ]
    drafts = [prefill(cur, user, row[0]) for row in chosen]
    complete = [all(d[k] for k in transition_packs.REQUIRED) for d in drafts]
    order = sorted(range(len(chosen)), key=lambda i: (not complete[i], rng.random()))
    status = {}
    for i, st in zip(order, _statuses(len(chosen)), strict=True):
        status[i] = st if complete[i] or st == "draft" else "draft"
    return chosen, drafts, status


class _Packs:
    """The packs' rows as they are made, table by table; each change of status is an event and
    a timeline entry (entries become communications when they are inserted)."""

    def __init__(
        self, rng: np.random.Generator, days: list[date], moving: date, senco: str, now: datetime
    ):
        self.rng, self.days, self.moving, self.senco, self.now = rng, days, moving, senco, now
        self.packs: list[tuple] = []
        self.versions: list[tuple] = []
        self.tasks: list[tuple] = []
        self.events: list[tuple] = []
        self.entries: list[tuple] = []
        self.early = 0  # packs handed over before the parents agreed, so far

    def add(self, leaver: tuple, pack_id: int, st: str, draft: dict) -> None:
        """One leaver's pack: started as a draft, with the usual checklist; a pack further on
        has a second version with the plan for the move, and a step for each stage since."""
        rng, days = self.rng, self.days
        pupil_id, year, first, gender, contact_id, parent = leaver
        setting, teacher = SETTINGS[year][int(rng.integers(len(SETTINGS[year])))]
        kind = KIND[year]
        # Started in the first half of the last eight weeks; each step a few school days later.
        at = [int(rng.integers(0, max(1, len(days) // 2)))]
        for _ in range(3):
            at.append(min(at[-1] + int(rng.integers(2, 8)), len(days) - 1))
        started, saved, shared_on, agreed_on = (days[k] for k in at)
        created = _at(started, int(rng.integers(0, 360)))
        self.packs.append(
            (pack_id, pupil_id, kind, setting, teacher, self.moving, st, self.senco, created)
        )
        self.versions.append((pack_id, 1, draft, created))
        for position, t in enumerate(
            transition_packs.default_tasks(kind, self.moving, started), start=1
        ):
            self.tasks.append((pack_id, position, t.description, t.owner, t.due_date, None))
        self.events.append((pack_id, "draft", started, created, 1, None, None, None, None))
        if st == "draft":
            return
        said = _words(first, gender)
        plan = PLANS[int(rng.integers(len(PLANS)))].format(**said)
        self.versions.append((pack_id, 2, {**draft, "transition_plan": plan}, _at(saved, 300)))
        steps = self._steps(st, said, parent, setting, teacher, shared_on, agreed_on, at[-1])
        view = transition_packs.Pack(
            pack_id, pupil_id, "", "", year, kind, setting, teacher, self.moving, st, 2, {}, [],
            [], None,
        )  # fmt: skip
        self._record(view, contact_id, steps)

    def _steps(
        self, st, said, parent, setting, teacher, shared_on, agreed_on, last_at
    ) -> list[tuple[str, date, dict]]:
        """The stages a pack reached after its draft, each on its day with its event's fields:
        shared; agreed (with the parents' comments); handed over, now and then before the
        parents agreed, with the reason."""
        rng, days = self.rng, self.days
        agreed = st == "agreed with parents" or (st == "handed over" and self.early % 3 != 2)
        steps = [("shared with parents", shared_on, {})]
        if st != "shared with parents" and agreed:
            words = COMMENTS[int(rng.integers(len(COMMENTS)))].format(**said)
            who = parent or "Parent or carer"
            steps.append(("agreed with parents", agreed_on, {"person": who, "comments": words}))
        if st == "handed over":
            handed_on = days[min(last_at + int(rng.integers(1, 4)), len(days) - 1)]
            reason = None if agreed else EARLY_REASONS[self.early // 3 % len(EARLY_REASONS)]
            self.early += 1
            steps.append(("handed over", handed_on, {"person": teacher or f"The SENCo, {setting}",
                                                     "reason": reason}))  # fmt: skip
        return steps

    def _record(self, pack: transition_packs.Pack, contact_id, steps) -> None:
        """An event and a timeline entry for each step, worded as the app words them."""
        rng = self.rng
        for new, on, extra in steps:
            event = {"person": None, "comments": None, "reason": None, "happened_on": on, **extra}
            view = replace(pack, status=new)  # what the timeline wording reads
            channel = "phone" if new == "agreed with parents" and rng.random() < 0.3 else "email"
            entry = stages._entry_values(view, new, event, {"channel": channel}, self.now)
            recorded = min(_at(on, 200 + int(rng.integers(0, 180))), self.now)
            self.entries.append((pack.pupil_id, recorded, entry, contact_id))
            self.events.append((pack.pack_id, new, on, recorded, 2, event["person"],
                                event["comments"], event["reason"], len(self.entries) - 1))  # fmt: skip


def _insert_communications(cur: db.Cursor, entries: list[tuple], senco: str) -> list[int]:
    """The timeline entries for the packs' steps, typed in by the SENCo; their ids."""
    numbers = db.reserve_ids(cur, "communication_seq", len(entries))
    communications = pd.DataFrame(
        [
            {
                "communication_id": numbers[n],
                "pupil_id": pupil_id,
                "happened_at": entry["happened_at"],
                "entered_at": max(recorded, entry["happened_at"]),
                "entered_by": senco,
                "channel": entry["channel"],
                "direction": entry["direction"],
                "contact_id": contact_id if entry["direction"] != "within school" else None,
                "staff_username": senco,
                "subject": entry["subject"],
                "summary": entry["summary"],
                "parent_views": entry["parent_views"],
            }
            for n, (pupil_id, recorded, entry, contact_id) in enumerate(entries)
        ]
    )
    if not communications.empty:
        communications["contact_id"] = communications["contact_id"].astype("Int64")
    db.insert_frame(cur, "communications", communications)
    return numbers


def _insert_packs(cur: db.Cursor, made: _Packs, senco: str, numbers: list[int]) -> None:
    """The packs, their versions, checklists and events (each step's with its entry's id)."""
    columns = ["pack_id", "pupil_id", "move_kind", "receiving_setting", "receiving_teacher",
               "move_date", "status", "created_by", "created_at"]  # fmt: skip
    db.insert_frame(cur, "transition_packs", pd.DataFrame(made.packs, columns=columns))
    db.insert_frame(
        cur,
        "pack_versions",
        pd.DataFrame(
            [
                (pack_id, version, json.dumps(text, ensure_ascii=False), senco, at)
                for pack_id, version, text, at in made.versions
            ],
            columns=["pack_id", "version", "sections", "saved_by", "saved_at"],
        ),
    )
    db.insert_frame(
        cur,
        "pack_tasks",
        pd.DataFrame(
            made.tasks,
            columns=["pack_id", "position", "description", "owner", "due_date", "done_date"],
        ).astype({"done_date": "datetime64[ns]"}),
    )
    rows = [(*e[:4], senco, *e[4:8], None if e[8] is None else numbers[e[8]]) for e in made.events]
    frame = pd.DataFrame(
        rows,
        columns=["pack_id", "status", "happened_on", "recorded_at", "recorded_by", "version",
                 "person", "comments", "reason", "communication_id"],
    )  # fmt: skip
    frame["communication_id"] = frame["communication_id"].astype("Int64")
    db.insert_frame(cur, "pack_events", frame)
