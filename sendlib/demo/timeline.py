"""The demo school's communication timeline and promise ledger, worked out from a seed.

Works from the rows sendlib.demo.school generated (pupils, SEN status history, contacts,
agencies, plans, EHC plans) and returns DataFrames for the terms, closures, communications and
actions tables, with pupils, contacts, agencies and communications numbered locally;
sendlib.demo gives them real ids. Vectorised with numpy, so the trust's half a million
communications take seconds: one numpy Generator (and one random.Random for the per-term
meeting loop) seeded from the school's seed, so the same seed and `today` give the same rows.
The meetings are worked out in sendlib.demo.timeline_meetings, times and replies in
sendlib.demo.timeline_times, texts in sendlib.demo.timeline_texts and the actions agreed in
sendlib.demo.ledger, each reading the builder's arrays.

What a SENCo will recognise:
- only pupils with a SEN file have communications, and only while they were on the register
  (leavers until the day they left, earlier statuses while they were open); EHC plan pupils most,
  monitoring pupils least; some families far more than others;
- dated on school days in term (the demo stores its terms and closures), in school hours,
  except some parents' e-mails and texts in the evening or at the weekend; nothing after today
  at 16:00, the build's "now";
- meetings: a review meeting most terms for each pupil on SEN support or with an EHC plan (on a
  plan's review date where there is one), the EHCP annual review on the plan's review dates,
  parent surgeries, parents' evenings; some terms have none, and this term's are not all held
  yet, so the "not met this term" tracker has something to show;
- messages from parents that need a reply are mostly answered within one to three school days,
  some late, and a few recent ones are still waiting, some past the three-day target;
- actions agreed in meetings and calls, owned by staff, parents, pupils or agencies, due one to
  four weeks on: most done (some late), some overdue, some due this week.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from sendlib.demo import ledger, names, timeline_meetings, timeline_texts, timeline_times
from sendlib.demo.base import AGENCY_FIELDS, SchoolRows, SchoolSize
from sendlib.demo.tools import (
    AGENCY,
    ANNUAL,
    APDR,
    BOOK,
    CHANNELS,
    DIRECTIONS,
    EMAIL,
    EVENING,
    FROM,
    IN_PERSON,
    KINDS,
    LED_BY,
    LETTER,
    NOW,
    OTHER,
    PHONE,
    STATUSES,
    SURGERY,
    TEXT,
    TO,
    VIDEO,
    WITHIN,
    SchoolDays,
    as_days,
    frame,
    in_england,
    pick,
)
from sendlib.school.year import academic_year_start

# A contact's preferred channel (contacts.CHANNELS) as a channel of communication.
PREFERRED = {"phone": PHONE, "email": EMAIL, "text": TEXT, "face to face": IN_PERSON}

# fmt: off
# Non-meeting communications per school day, relative to a pupil on SEN support.
STATUS_WEIGHT = {"E": 2.2, "K": 1.0, "monitoring": 0.3}
DIRECTION_MIX = {FROM: 36, TO: 32, AGENCY: 16, WITHIN: 16}
CHANNEL_MIX = {  # by direction, when not the parent's preferred channel
    FROM: {EMAIL: 30, PHONE: 25, TEXT: 14, BOOK: 15, LETTER: 3, IN_PERSON: 11, VIDEO: 2},
    TO: {PHONE: 35, EMAIL: 25, TEXT: 14, LETTER: 8, BOOK: 10, IN_PERSON: 6, VIDEO: 2},
    AGENCY: {EMAIL: 50, PHONE: 30, VIDEO: 10, IN_PERSON: 8, LETTER: 2},
    WITHIN: {IN_PERSON: 60, EMAIL: 40},
}
LEADS = {  # meeting kind -> weights of LED_BY ('class teacher', 'SENCo', 'other')
    APDR: (75, 21, 4), SURGERY: (20, 78, 2), ANNUAL: (0, 92, 8), EVENING: (95, 5, 0),
    OTHER: (20, 50, 30),
}
# fmt: on


@dataclass
class Timeline:
    """The rows for the timeline tables; pupil, contact, agency and communication are local
    indices into SchoolRows.pupils, .contacts, .agencies and `communications` (-1 for none)."""

    terms: pd.DataFrame
    closures: pd.DataFrame
    communications: pd.DataFrame
    actions: pd.DataFrame


# ---------------------------------------------------------------------------------------------
# Generating


class TimelineBuilder:
    """Works out the timeline; the modules named above read and fill in its arrays."""

    def __init__(self, rows: SchoolRows, size: SchoolSize, seed: int, today: date, staff, classes):
        self.rows, self.size, self.today = rows, size, today
        self.rng = np.random.default_rng([seed, 3])  # its own streams: the school's are untouched
        self.loop_rng = random.Random(seed * 7 + 3)
        self.staff = staff
        start = academic_year_start(today)
        self.window = date(start - size.history_years, 9, 1)
        self.this_year = np.datetime64(date(start, 9, 1))
        # The years kept, and far enough ahead for due dates and next meetings.
        ahead = academic_year_start(today + timedelta(days=120))
        self.cal = SchoolDays(start - size.history_years, ahead)
        self.today64 = np.datetime64(today)
        self.now = self.today64.astype("datetime64[m]") + np.timedelta64(NOW, "m")
        self.today_idx = int(self.cal.index([today], "right")[0]) - 1  # last school day so far
        self._pupil_arrays(classes)

    # -- who is who ----------------------------------------------------------------------

    def _pupil_arrays(self, classes) -> None:
        rows, n = self.rows, len(self.rows.pupils)
        self.c_first, self.c_count = np.full(n, -1), np.zeros(n, dtype=np.int64)
        for index, contact in enumerate(rows.contacts):
            if self.c_count[contact[0]] == 0:
                self.c_first[contact[0]] = index
            self.c_count[contact[0]] += 1
        self.c_address = [c[4] or c[1] for c in rows.contacts]
        self.c_relationship = [c[2] for c in rows.contacts]
        self.c_preferred = np.array([PREFERRED[c[5]] for c in rows.contacts], dtype=np.int64)
        self.c_interpreter = [c[10] if c[11] else None for c in rows.contacts]
        self.c_email = np.array([c[13] is not None for c in rows.contacts] or [False])
        self.a_first, self.a_count = np.full(n, -1), np.zeros(n, dtype=np.int64)
        for index, agency in enumerate(rows.agencies):
            if self.a_count[agency[0]] == 0:
                self.a_first[agency[0]] = index
            self.a_count[agency[0]] += 1
        self.a_service = [a[1] for a in rows.agencies]
        # An agency the school is only considering is never in touch: referred "tomorrow".
        referred = [a[1 + AGENCY_FIELDS.index("referral_date")] for a in rows.agencies]
        later = self.today + timedelta(days=1)
        self.a_referred = as_days([day or later for day in referred] or [self.today])
        pupils = rows.pupils
        self.secondary = np.array([p.phase == "secondary" for p in pupils])
        self.as_year = np.array([academic_year_start(p.as_of) for p in pupils])
        self.year = np.array([p.year for p in pupils])
        self.left = as_days([p.left or date.max for p in pupils])
        self.teacher = np.array([p.left is None and p.class_name in classes for p in pupils])
        # Words for texts, by pupil: {name}, {he}, ... and {concern}.
        said = [{**p.words, "concern": names.CONCERNS[p.area]} for p in pupils]
        self.words = {key: np.array([w[key] for w in said], dtype=object) for key in said[0]}
        self.caseworker = {e[0]: e[2] for e in rows.ehc_plans}

    def school_day(self, days: np.ndarray) -> np.ndarray:
        """The school day on or after each date."""
        return self.cal.days[np.minimum(self.cal.index(days), len(self.cal.days) - 1)]

    def stage(self, pupil: np.ndarray, day: np.ndarray) -> np.ndarray:
        """For each pupil on each day: 0 in primary, 1 in Years 7 and 8, 2 in Year 9 and up."""
        school_year = (day.astype("datetime64[M]").astype(np.int64) - 8) // 12 + 1970
        year = self.year[pupil] - (self.as_year[pupil] - school_year)
        return np.select([year <= 6, year <= 8], [0, 1], 2)

    def periods(self) -> None:
        """Each status a pupil with a SEN file held within the window, in school days."""
        keep = [s for s in self.rows.statuses if self.c_count[s[0]]]
        self.p_pupil = np.array([s[0] for s in keep], dtype=np.int64)
        self.p_status = np.array([s[1] for s in keep], dtype=object)
        self.p_code = np.array([STATUSES.index(s[1]) for s in keep], dtype=np.int64)
        starts = as_days([max(s[2], self.window) for s in keep])
        ends = as_days([s[3] or date.max for s in keep])
        self.p_lo = self.cal.index(starts)
        self.p_end = self.cal.index(np.minimum(ends, self.cal.days[-1]), "right")  # may be future
        self.p_hi = np.minimum(self.p_end, self.today_idx + 1)  # up to today

    # -- everything else -------------------------------------------------------------------

    def messages(self, count: int) -> dict[str, np.ndarray]:
        """Calls, e-mails, texts, letters and notes, shared out over the school days pupils were
        on the register, weighted by status and by how much each family is in touch."""
        rng = self.rng
        family = rng.gamma(2.0, 0.5, len(self.rows.pupils))
        weight = np.array([STATUS_WEIGHT[s] for s in self.p_status]) * family[self.p_pupil]
        exposure = weight * np.maximum(self.p_hi - self.p_lo, 0)
        counts = rng.poisson(exposure * max(count, 0) / max(exposure.sum(), 1e-9))
        period = np.repeat(np.arange(len(counts)), counts)
        span = (self.p_hi - self.p_lo)[period]
        day = self.p_lo[period] + (rng.random(len(period)) * span).astype(np.int64)
        return {
            "pupil": self.p_pupil[period],
            "day": day,
            "kind": np.full(len(period), -1),
            "views": np.full(len(period), None, dtype=object),
            "status": self.p_code[period],
        }

    # -- the rows as the table wants them -----------------------------------------------------

    def communications(self) -> dict[str, np.ndarray]:
        """Meetings and messages together, with who, how, when, replies and texts; in time
        order."""
        self.periods()
        meet = timeline_meetings.meetings(self)
        rest = self.messages(self.size.communications - len(meet["pupil"]))
        c = {key: np.concatenate([meet[key], rest[key]]) for key in meet}
        rng, n, pupil, kind = self.rng, len(c["pupil"]), c["pupil"], c["kind"]
        meeting = kind >= 0
        day = self.cal.days[c["day"]]

        direction = np.where(meeting, TO, pick(rng, DIRECTION_MIX, n))
        direction[meeting & (kind == SURGERY) & (rng.random(n) < 0.5)] = FROM  # parent asked
        spread = (rng.random(n) * self.a_count[pupil]).astype(np.int64)
        agency = np.where(self.a_count[pupil] > 0, self.a_first[pupil] + spread, -1)
        agency[self.a_referred[np.maximum(agency, 0)] > day] = -1  # not referred yet
        no_agency = (direction == AGENCY) & (agency < 0)  # none yet: talk to the family instead
        direction[no_agency] = pick(rng, {FROM: 36, TO: 32, WITHIN: 16}, int(no_agency.sum()))
        nth = np.minimum(pick(rng, {0: 68, 1: 26, 2: 6}, n), self.c_count[pupil] - 1)
        contact = self.c_first[pupil] + nth

        channel = np.empty(n, dtype=np.int64)
        for way, mix in CHANNEL_MIX.items():
            chosen = direction == way
            channel[chosen] = pick(rng, mix, int(chosen.sum()))
        preferred = (direction <= TO) & (rng.random(n) < np.where(direction == FROM, 0.75, 0.6))
        channel[preferred] = self.c_preferred[contact[preferred]]
        channel[(channel == BOOK) & self.secondary[pupil] & (rng.random(n) < 0.85)] = EMAIL
        channel[meeting] = pick(rng, {IN_PERSON: 85, VIDEO: 10, PHONE: 5}, int(meeting.sum()))
        channel[(kind == EVENING) | ((kind == ANNUAL) & (channel == PHONE))] = IN_PERSON
        no_email = (channel == EMAIL) & (direction <= TO) & ~self.c_email[contact]
        channel[no_email] = PHONE

        c.update(direction=direction, channel=channel, day=day, any_agency=agency)
        c["agency"] = np.where(direction == AGENCY, agency, -1)
        c["contact"] = np.where(meeting | (direction <= TO), contact, -1)
        timeline_times.times(self, c)
        timeline_times.replies(self, c)
        self._staff(c)
        order = np.lexsort((c["pupil"], c["happened"]))
        return {key: value[order] for key, value in c.items()}

    def _staff(self, c: dict) -> None:
        """Who spoke or wrote for the school, who led a meeting, who typed it in."""
        rng, n = self.rng, len(c["pupil"])
        kind, direction = c["kind"], c["direction"]
        led = np.full(n, -1)
        for what, weights in LEADS.items():
            chosen = kind == what
            led[chosen] = pick(rng, dict(enumerate(weights)), int(chosen.sum()))
        # The demo teacher teaches this year's class; everyone else is logged by the SENCo.
        theirs = self.teacher[c["pupil"]] & (c["day"] >= self.this_year)
        u = rng.random(n)
        by_teacher = (
            np.where(kind >= 0, led == 0, u < np.where(direction == AGENCY, 0.2, 0.55)) & theirs
        )
        staff = np.where(by_teacher, "teacher", "senco").astype(object)
        written = np.isin(c["channel"], [EMAIL, TEXT, LETTER, BOOK])
        no_one = (kind < 0) & (direction == FROM) & written & (rng.random(n) < 0.25)
        staff[no_one] = None
        c["staff"] = staff
        c["entered_by"] = np.where(no_one, np.where(theirs & (u < 0.5), "teacher", "senco"), staff)
        c["led"] = led


def generate(
    rows: SchoolRows,
    size: SchoolSize,
    seed: int,
    today: date,
    staff: dict[str, str],
    teacher_classes: list[str],
) -> Timeline:
    """The timeline tables' rows for a generated school. `staff` names the demo accounts that
    log communications and own actions ('senco', 'teacher'); the teacher's classes are theirs."""
    builder = TimelineBuilder(rows, size, seed, today, staff, set(teacher_classes))
    c = builder.communications()
    timeline_texts.texts(builder, c)
    actions = ledger.actions(builder, c)
    rng, n, kind = builder.rng, len(c["pupil"]), c["kind"]
    meeting = kind >= 0
    nat = np.datetime64("NaT")
    follow = meeting & (kind != EVENING)
    follow &= rng.random(n) < np.where(kind == SURGERY, 0.3, 0.55)
    weeks = np.where(kind == SURGERY, rng.integers(21, 43, n), rng.integers(42, 85, n))
    record = np.busday_offset(c["day"] + rng.integers(0, 6, n), 0, roll="forward")
    record_given = meeting & (rng.random(n) < 0.88) & (record <= builder.today64)
    communications = frame(
        {
            "pupil": c["pupil"],
            "contact": c["contact"],
            "agency": c["agency"],
            "happened_at": in_england(c["happened"]),
            "entered_at": in_england(c["entered"]),
            "entered_by": c["entered_by"],
            "channel": np.array(CHANNELS, dtype=object)[c["channel"]],
            "direction": np.array(DIRECTIONS, dtype=object)[c["direction"]],
            "staff_username": c["staff"],
            "subject": c["subject"],
            "summary": c["summary"],
            "parent_views": c["parent_views"],
            "meeting_kind": np.array((*KINDS, None), dtype=object)[kind],
            "led_by": np.array((*LED_BY, None), dtype=object)[c["led"]],
            "attendees": c["attendees"],
            "next_meeting": np.where(follow, builder.school_day(c["day"] + weeks), nat),
            "needs_reply": c["needs_reply"],
            "replied_at": in_england(c["replied"]),
            "written_record_given": np.where(record_given, record, nat),
        }
    )
    terms, closures = builder.cal.frames()
    return Timeline(terms, closures, communications, actions)


def with_ids(
    timeline: Timeline,
    pupil_ids: list[int],
    contact_ids: list[int],
    agency_ids: list[int],
    communication_ids: list[int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The communications and actions frames with real ids, named as the tables' columns."""

    def ids(local: pd.Series, real: list[int]) -> pd.Series:
        local = local.to_numpy()
        found = local >= 0
        mapped = np.asarray([*real, 0], dtype=np.int64)[local]  # -1 (none) takes the 0
        return pd.Series(pd.array(mapped, dtype="Int64")).where(found)

    comms = timeline.communications.copy()
    comms.insert(0, "communication_id", np.asarray(communication_ids, dtype=np.int64))
    comms.insert(1, "pupil_id", np.asarray(pupil_ids, dtype=np.int64)[comms.pop("pupil")])
    comms.insert(2, "contact_id", ids(comms.pop("contact"), contact_ids))
    comms.insert(3, "agency_id", ids(comms.pop("agency"), agency_ids))
    actions = timeline.actions.copy()
    local = actions.pop("communication").to_numpy()
    actions.insert(0, "communication_id", np.asarray(communication_ids, dtype=np.int64)[local])
    actions.insert(0, "pupil_id", np.asarray(pupil_ids, dtype=np.int64)[actions.pop("pupil")])
    return comms, actions
