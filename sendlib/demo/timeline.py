"""The demo school's communication timeline and promise ledger, worked out from a seed.

Works from the rows sendlib.demo.school generated (pupils, SEN status history, contacts,
agencies, plans, EHC plans) and returns DataFrames for the terms, closures, communications and
actions tables, with pupils, contacts, agencies and communications numbered locally;
sendlib.demo gives them real ids. Vectorised with numpy, so the trust's half a million
communications take seconds: one numpy Generator (and one random.Random for the per-term
meeting loop) seeded from the school's seed, so the same seed and `today` give the same rows.

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

from sendlib.demo import ledger, names, timeline_texts
from sendlib.demo.base import SchoolRows, SchoolSize
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

NOW = 16 * 60  # the build's "now": today at 16:00, in minutes after midnight
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
# The share of 'from parent' messages that need a reply, by channel.
NEEDS_REPLY = {EMAIL: 0.7, TEXT: 0.5, PHONE: 0.35, BOOK: 0.4, LETTER: 0.7, IN_PERSON: 0.2,
               VIDEO: 0.2}
# School days to reply: mostly one to three, some late (-1: 5 to 15).
REPLY_DAYS = {0: 28, 1: 30, 2: 18, 3: 11, 4: 4, -1: 9}
MAIN_MEETING = {APDR: 72, SURGERY: 14, EVENING: 14}
EXTRA_MEETING = {SURGERY: 50, EVENING: 25, OTHER: 25}
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
    """Works out the timeline; sendlib.demo.ledger reads its arrays for the actions."""

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
        self.a_referred = as_days([a[4] for a in rows.agencies] or [self.today])
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

    # -- meetings ------------------------------------------------------------------------

    def meetings(self) -> dict[str, np.ndarray]:
        """Review meetings, annual reviews, surgeries and parents' evenings, term by term."""
        rr, cal = self.loop_rng, self.cal
        reviews: dict[int, list[tuple[int, str | None]]] = {}
        for plan in self.rows.plans:
            if plan[8] is not None:
                day = int(cal.index([plan[8]])[0])
                if day <= self.today_idx:
                    reviews.setdefault(plan[1], []).append((day, plan[4]))
        annual: dict[int, list[int]] = {}
        for local, issued, _, _, last, _ in self.rows.ehc_plans:
            review = last
            while review > issued and review >= self.window:
                annual.setdefault(local, []).append(int(cal.index([review])[0]))
                review -= timedelta(days=364)
        evening = np.minimum(cal.term_lo + 32, cal.term_hi - 1)  # parents' evenings: week 7
        main_kinds, main_weights = list(MAIN_MEETING), list(MAIN_MEETING.values())
        extra_kinds, extra_weights = list(EXTRA_MEETING), list(EXTRA_MEETING.values())
        pupil, day, kind, views, statuses = [], [], [], [], []

        def place(when: int, what: int, a: int, b: int) -> tuple[int, int]:
            """Parents' evenings are on the school's evening that term, if the pupil was here."""
            if what == EVENING:
                term = cal.term_of_day[when]
                evening_day = int(evening[term]) + rr.randint(0, 1)
                if cal.terms[term].name == "summer" or not a <= evening_day < b:
                    return when, SURGERY
                return evening_day, EVENING
            return when, what

        for local, status, lo, end in zip(
            self.p_pupil, self.p_status, self.p_lo, self.p_end, strict=True
        ):
            if status == "monitoring":
                continue
            local, e = int(local), status == "E"
            for term in range(len(cal.terms)):
                a, b = max(lo, cal.term_lo[term]), min(end, cal.term_hi[term])
                if b - a < 10 or a > self.today_idx:
                    continue
                held = [(d, ANNUAL, None) for d in annual.get(local, ()) if a <= d < b and e]
                in_term = [r for r in reviews.get(local, ()) if a <= r[0] < b]
                in_term = [r for r in in_term if r[0] >= cal.term_lo[term] + 5]  # not week one
                if not held and in_term and rr.random() < 0.7:
                    held.append((in_term[0][0], APDR, in_term[0][1]))
                elif not held and rr.random() < (0.9 if e else 0.85):
                    what = rr.choices(main_kinds, main_weights)[0]
                    held.append((a + int(rr.random() * (b - a)), what, None))
                roll = rr.random()
                for _ in range((roll > (0.6 if e else 0.72)) + (roll > (0.9 if e else 0.95))):
                    what = rr.choices(extra_kinds, extra_weights)[0]
                    held.append((a + int(rr.random() * (b - a)), what, None))
                for when, what, said in held:
                    when, what = place(when, what, a, b)
                    if when <= self.today_idx:  # this term's later meetings are still to come
                        pupil.append(local), day.append(when), kind.append(what)
                        views.append(said), statuses.append(STATUSES.index(status))
        return {
            "pupil": np.array(pupil, dtype=np.int64),
            "day": np.array(day, dtype=np.int64),
            "kind": np.array(kind, dtype=np.int64),
            "views": np.array(views, dtype=object),
            "status": np.array(statuses, dtype=np.int64),
        }

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
        meet = self.meetings()
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
        self._times(c)
        self._replies(c)
        self._staff(c)
        order = np.lexsort((c["pupil"], c["happened"]))
        return {key: value[order] for key, value in c.items()}

    def _times(self, c: dict) -> None:
        rng, n = self.rng, len(c["pupil"])
        day, channel, direction, kind = c["day"], c["channel"], c["direction"], c["kind"]
        u = rng.random(n)
        minute = 8 * 60 + 30 + u * 8 * 60  # school hours
        minute = np.where(direction == WITHIN, 8 * 60 + u * 9.5 * 60, minute)
        book = channel == BOOK
        minute = np.where(book & (direction == FROM), 8 * 60 + 35 + u * 25, minute)
        minute = np.where(book & (direction == TO), 14 * 60 + 50 + u * 40, minute)
        meeting = kind >= 0
        after_school = rng.random(n) < 0.5
        slot = np.where(after_school, 15 * 60 + 15 + u * 60, 8 * 60 + 45 + u * 345)
        slot = np.where(kind == EVENING, 15 * 60 + 30 + u * 210, slot)
        minute = np.where(meeting, slot // 15 * 15, minute)
        written = (direction == FROM) & ~meeting & ((channel == EMAIL) | (channel == TEXT))
        evening = written & (rng.random(n) < 0.35)
        minute = np.where(evening, 18 * 60 + 30 + u * 240, minute)
        weekday = (day.astype(np.int64) + 3) % 7
        weekend = day + (5 - weekday) + rng.integers(0, 2, n)  # that week's Saturday or Sunday
        moved = written & (rng.random(n) < 0.1) & (weekend <= self.today64)
        moved &= weekend < self.left[c["pupil"]]
        c["day"] = day = np.where(moved, weekend, day)
        minute = np.where(moved, 9 * 60 + u * 12 * 60, minute).astype(np.int64)
        late_today = (day == self.today64) & (minute >= NOW)
        minute[late_today] = 8 * 60 + 30 + (u[late_today] * (NOW - 8 * 60 - 31)).astype(np.int64)
        happened = day.astype("datetime64[m]") + minute.astype("timedelta64[m]")
        # Typed in minutes or hours later; out of hours, the next weekday morning; sometimes a
        # weekday or two later.
        v, w = rng.random(n), rng.random(n)
        entered = happened + np.where(v < 0.6, 5 + w * 85, 90 + w * 270).astype("timedelta64[m]")
        clock = (entered - entered.astype("datetime64[D]")).astype(np.int64)
        later = np.where(v < 0.88, 1, 1 + (v > 0.96))
        off_hours = (clock >= 19 * 60) | (minute >= 18 * 60) | moved | (v >= 0.88)
        next_day = np.busday_offset(day, later, roll="backward")
        at = np.where(v >= 0.88, 8 * 60 + u * 9 * 60, 7 * 60 + 45 + u * 100).astype(np.int64)
        later_on = next_day.astype("datetime64[m]") + at.astype("timedelta64[m]")
        entered = np.where(off_hours, later_on, entered)
        c["happened"], c["minute"] = happened, minute
        c["entered"] = np.maximum(np.minimum(entered, self.now), happened)

    def _replies(self, c: dict) -> None:
        """Which 'from parent' messages need a reply, and when (if yet) they got one."""
        rng, cal, n = self.rng, self.cal, len(c["pupil"])
        chance = np.array([NEEDS_REPLY.get(ch, 0) for ch in range(len(CHANNELS))])
        needs = (c["direction"] == FROM) & (c["kind"] < 0)
        needs &= rng.random(n) < chance[c["channel"]]
        base = cal.index(c["day"])
        on_school_day = cal.days[np.minimum(base, len(cal.days) - 1)] == c["day"]
        base = base + (on_school_day & (c["minute"] >= 17 * 60))  # counted from the next day
        days = pick(rng, REPLY_DAYS, n)
        at = base + np.where(days < 0, rng.integers(5, 16, n), days)
        valid = at < len(cal.days)
        when = cal.days[np.minimum(at, len(cal.days) - 1)]
        minute = np.where(
            when == c["day"],
            c["minute"] + 15 + (rng.random(n) * 225).astype(np.int64),
            8 * 60 + (rng.random(n) * 9.5 * 60).astype(np.int64),
        )
        replied = when.astype("datetime64[m]") + minute.astype("timedelta64[m]")
        replied = np.maximum(replied, c["happened"] + np.timedelta64(10, "m"))
        waiting = needs & (~valid | (replied > self.now))
        # A handful of recent ones still waiting, past the three-school-day target.
        overdue = np.flatnonzero(
            needs & ~waiting & (base >= self.today_idx - 10) & (base <= self.today_idx - 4)
        )
        handful = min(len(overdue), max(3, self.size.register // 40))
        waiting[rng.choice(overdue, handful, replace=False)] = True
        c["needs_reply"] = needs
        c["replied"] = np.where(needs & ~waiting, replied, np.datetime64("NaT"))

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
