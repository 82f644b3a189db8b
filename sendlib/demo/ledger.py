"""The demo school's promise ledger: the actions agreed in its meetings, calls and messages.

Called by sendlib.demo.timeline with the communications it generated (as numpy columns, in
time order) and the builder that knows who is who. Meetings agree most actions (an APDR review
two or three); calls, e-mails and agency contacts the rest, so that the size's number of
actions is met. Each has an owner (a member of staff, the parent, the pupil or an agency), is
due one to four weeks after it was agreed, and by `today` is mostly done (some late), often
with the parents told; recent ones are open, some overdue, some due this week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sendlib.demo import timeline_words as words
from sendlib.demo.tools import (
    AGENCY,
    AGENCY_OWNER,
    ANNUAL,
    APDR,
    EMAIL,
    EVENING,
    IN_PERSON,
    OTHER,
    OWNERS,
    PARENT,
    PHONE,
    PUPIL,
    STAFF,
    SURGERY,
    TO,
    VIDEO,
    WITHIN,
    Templates,
    frame,
    in_england,
    pick,
)

if TYPE_CHECKING:
    from sendlib.demo.timeline import TimelineBuilder

# fmt: off
# How many actions a meeting agrees (0, 1, 2, ... with these weights), by kind.
MEETING_ACTIONS = {
    APDR: (8, 22, 35, 23, 12), ANNUAL: (5, 15, 35, 30, 15), SURGERY: (15, 35, 30, 20),
    EVENING: (45, 40, 15), OTHER: (20, 40, 30, 10),
}
# Who owns it (weights of OWNERS: staff, parent, pupil, agency), by where it was agreed.
OWNER_MIX = {"meeting": (50, 25, 10, 15), "parent": (65, 30, 5, 0), "agency": (40, 0, 0, 60),
             "school": (85, 0, 15, 0)}
# fmt: on
YOUNGEST_OWNER = 3  # pupils own actions from Year 3


class _Descriptions:
    """The ledger's texts, numbered once: one pool per kind of owner (and phase, or service)."""

    def __init__(self) -> None:
        self.templates = Templates()
        self.groups: dict[object, int] = {}
        secondary = words.STAFF_ACTIONS + words.STAFF_ACTIONS_SECONDARY
        pools = {  # by owner and stage (0 primary, 1 Years 7 and 8, 2 Year 9 up); by service
            (STAFF, 0): words.STAFF_ACTIONS,
            (STAFF, 1): secondary,
            (STAFF, 2): secondary + words.STAFF_ACTIONS_UPPER,
            **{(PARENT, stage): words.PARENT_ACTIONS for stage in range(3)},
            (PUPIL, 0): words.PUPIL_ACTIONS["primary"],
            **{(PUPIL, stage): words.PUPIL_ACTIONS["secondary"] for stage in (1, 2)},
            **{service: pool for service, pool in words.AGENCY_ACTIONS.items()},
            **{(STAFF, s): pool for s, pool in words.STAFF_AGENCY_ACTIONS.items()},
        }
        lengths, flat = [], []
        for key, pool in pools.items():
            self.groups[key] = len(lengths)
            lengths.append(len(pool))
            flat += [self.templates.add(text) for text in pool]
        self.length = np.array(lengths, dtype=np.int64)
        self.offset = np.r_[0, np.cumsum(self.length)[:-1]].astype(np.int64)
        self.flat = np.array(flat, dtype=np.int64)

    def choose(self, group: np.ndarray, choice: np.ndarray) -> np.ndarray:
        return self.flat[self.offset[group] + choice % self.length[group]]


_DESCRIPTIONS = _Descriptions()


def _how_many(b: TimelineBuilder, c: dict) -> np.ndarray:
    """Actions agreed in each communication: meetings by kind, the rest spread over calls,
    e-mails and agency contacts so that the size's number is met."""
    rng, n = b.rng, len(c["pupil"])
    kind, direction = c["kind"], c["direction"]
    count = np.zeros(n, dtype=np.int64)
    for what, weights in MEETING_ACTIONS.items():
        chosen = kind == what
        count[chosen] = pick(rng, dict(enumerate(weights)), int(chosen.sum()))
    talk = np.isin(c["channel"], [PHONE, VIDEO, IN_PERSON, EMAIL])
    eligible = (kind < 0) & (
        ((direction <= TO) & talk)
        | (direction == AGENCY)
        | ((direction == WITHIN) & (rng.random(n) < 0.5))
    )
    share = max(b.size.actions - count.sum(), 0) / max(eligible.sum(), 1)
    count[eligible] = int(share) + (rng.random(int(eligible.sum())) < share % 1)
    return count


def actions(b: TimelineBuilder, c: dict) -> pd.DataFrame:
    """The actions table's rows; pupil and communication are local indices."""
    count = _how_many(b, c)
    comm = np.repeat(np.arange(len(count)), count)
    owner = _owners(b, c, comm)
    dates = _dates(b, c, comm, owner)
    descriptions, by_teacher = _promised(b, c, comm, count, owner)
    username = np.where(by_teacher, "teacher", "senco").astype(object)
    return frame(
        {
            "pupil": c["pupil"][comm],
            "communication": comm,
            "description": descriptions,
            "owner_kind": np.array(OWNERS, dtype=object)[owner],
            "owner_username": np.where(owner == STAFF, username, None),
            "owner_name": _owner_names(b, c, comm, owner, by_teacher),
            **dates,
            "created_by": c["entered_by"][comm],
        }
    )


def _owners(b: TimelineBuilder, c: dict, comm: np.ndarray) -> np.ndarray:
    """Who owns each action (OWNERS), by where it was agreed: staff where no agency is involved
    yet, the pupil is too young or no parent was in the conversation."""
    kind, direction = c["kind"][comm], c["direction"][comm]
    source = np.select([kind >= 0, direction <= TO, direction == AGENCY], [0, 1, 2], 3)
    owner = np.zeros(len(comm), dtype=np.int64)
    for index, weights in enumerate(OWNER_MIX.values()):
        chosen = source == index
        owner[chosen] = pick(b.rng, dict(enumerate(weights)), int(chosen.sum()))
    pupil, agency, contact = c["pupil"][comm], c["any_agency"][comm], c["contact"][comm]
    owner[(owner == AGENCY_OWNER) & (agency < 0)] = STAFF  # no agency involved yet
    owner[(owner == PUPIL) & (b.year[pupil] < YOUNGEST_OWNER)] = STAFF
    owner[(owner == PARENT) & (contact < 0)] = STAFF
    return owner


def _dates(b: TimelineBuilder, c: dict, comm: np.ndarray, owner: np.ndarray) -> dict:
    """Due one to four weeks on (a weekday); done or open as of today, and when the parents were
    told: the due_date, done_date, parent_told and created_at columns."""
    rng, m = b.rng, len(comm)
    day = c["day"][comm]
    wanted = day + rng.integers(7, 29, m)
    due = b.school_day(wanted)
    before = b.cal.days[np.maximum(b.cal.index(wanted, "right") - 1, 0)]
    # In a long holiday: the last day of term rather than weeks later, unless that is too soon.
    due = np.where((due - wanted > np.timedelta64(5, "D")) & (before - day >= 3), before, due)
    created = np.minimum(
        c["entered"][comm] + rng.integers(1, 20, m).astype("timedelta64[m]"), b.now
    )
    made = created.astype("datetime64[D]")
    overdue_by = (b.today64 - due).astype(np.int64)
    past = overdue_by > 0
    # Open: most not yet due, some recently overdue, hardly any old ones.
    open_chance = np.select([~past, overdue_by <= 42, overdue_by <= 120], [0.85, 0.15, 0.03], 0.002)
    done = rng.random(m) >= open_chance
    late = past & (rng.random(m) < 0.25)
    on_time = made + (rng.random(m) * ((due - made).astype(np.int64) + 1)).astype(np.int64)
    so_far = made + (rng.random(m) * ((b.today64 - made).astype(np.int64) + 1)).astype(np.int64)
    finished = np.where(late, due + rng.integers(1, 21, m), np.where(past, on_time, so_far))
    finished = np.clip(b.school_day(finished), made, b.today64)
    told_on = finished + rng.integers(0, 4, m)
    told = done & (owner != PARENT) & (rng.random(m) < 0.7) & (told_on <= b.today64)
    nat = np.datetime64("NaT")
    return {
        "due_date": due,
        "done_date": np.where(done, finished, nat),
        "parent_told": np.where(told, told_on, nat),
        "created_at": in_england(created),
    }


def _promised(
    b: TimelineBuilder, c: dict, comm: np.ndarray, count: np.ndarray, owner: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """What each owner promised, from the pool for their kind (and phase, or agency), and
    whether the demo teacher agreed it: (descriptions, by the teacher)."""
    rng, m = b.rng, len(comm)
    pupil, agency, day = c["pupil"][comm], c["any_agency"][comm], c["day"][comm]
    theirs = b.teacher[pupil] & (day >= b.this_year)
    by_teacher = (c["staff"][comm] == "teacher") | (theirs & (rng.random(m) < 0.3))
    stage, groups = c["stage"][comm], _DESCRIPTIONS.groups
    by_stage = {
        who: np.array([groups[(who, s)] for s in range(3)]) for who in (STAFF, PARENT, PUPIL)
    }
    # A third of staff actions follow up the agency's work, when there is one.
    follow_up = (owner == STAFF) & (agency >= 0) & (rng.random(m) < 0.35)
    group = np.select(
        [follow_up, owner == STAFF, owner == PARENT, owner == PUPIL],
        [
            np.array([groups[(STAFF, s)] for s in b.a_service] + [0])[agency],
            by_stage[STAFF][stage],
            by_stage[PARENT][stage],
            by_stage[PUPIL][stage],
        ],
        np.array([groups[s] for s in b.a_service] + [0])[agency],
    )
    # Next to each other in the pool: one meeting does not agree the same thing twice.
    nth = np.arange(m) - np.repeat(np.cumsum(count) - count, count)  # 0, 1, ... in each
    choice = rng.integers(0, 1 << 20, len(count))[comm] + nth
    fields = {key: values[pupil] for key, values in b.words.items()}
    return _DESCRIPTIONS.templates.fill(_DESCRIPTIONS.choose(group, choice), fields), by_teacher


def _owner_names(
    b: TimelineBuilder, c: dict, comm: np.ndarray, owner: np.ndarray, by_teacher: np.ndarray
) -> np.ndarray:
    """Each owner named as sendlib.timeline.agreeing.owner_choices names them: 'Ms Khan
    (mother)', 'Ayaan', 'SALT (Ms Jo Reid)'."""
    pupil, agency, contact = c["pupil"][comm], c["any_agency"][comm], c["contact"][comm]
    parent_names = [
        f"{address} ({relationship})"
        for address, relationship in zip(b.c_address, b.c_relationship, strict=True)
    ]
    agency_names = [
        service + (f" ({practitioner})" if practitioner else "")
        for _, service, practitioner, *_ in b.rows.agencies
    ]
    return np.select(
        [owner == STAFF, owner == PARENT, owner == PUPIL],
        [
            np.array([b.staff[u] for u in ("senco", "teacher")], dtype=object)[by_teacher * 1],
            np.array([*parent_names, ""], dtype=object)[contact],
            b.words["name"][pupil],
        ],
        np.array([*agency_names, ""], dtype=object)[agency],
    )
