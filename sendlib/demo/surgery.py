"""The demo school's parent surgeries: the weekly pattern, a year and a bit of sessions and slots,
and the bookings in them, worked out from the seed.

Called by sendlib.demo.build_school INSIDE its transaction, after the register, the contacts and
the timeline (with the term dates and closures) are in. The sessions are made by
sendlib.surgery.sessions.generate_sessions from 1 September of the previous school year to the end of
next term, as the app makes them; the bookings are worked out with numpy from what is already in
the database (read in a fixed order, so the same seed and `today` give the same rows) and
inserted in bulk.

What a SENCo will recognise:
- past slots mostly used: most families came, a few did not (the SENCo has an action to offer
  another time) and some cancelled; each meeting that happened is on the timeline as a parent
  surgery, typed up by the SENCo soon after;
- the next fortnight nearly half booked, thinning out towards the end of next term, with a few
  slots held while the office rings a parent back;
- the families booking are those of pupils on SEN support or with an EHC plan (EHC plans most),
  booked with one of their own parents or carers, in the way that parent likes to be contacted,
  often with an agenda in their own words;
- a session now and then cancelled (the SENCo needed elsewhere), with nobody booked in it.
Nothing is dated after today at 16:00, the build's "now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from sendlib import db
from sendlib.demo import names
from sendlib.demo import timeline_words as words
from sendlib.demo.base import TEXT_AREA
from sendlib.demo.tools import frame
from sendlib.errors import ValidationError
from sendlib.school import calendar
from sendlib.school.calendar import SCHOOL_TZ
from sendlib.school.year import academic_year_start
from sendlib.surgery import session_rules
from sendlib.surgery import sessions as surgery_sessions
from sendlib.surgery.bookings import CHANNEL_FOR_MODE

NOW = time(16, 0)  # the build's "now": today at 16:00
REMOTE = "Teams link sent by the office, or we ring you"

# (weekday, starts, ends, slots, minutes, place): the SENCo's weekly protected sessions.
_TUESDAY = (1, time(13, 30), time(15, 10), 5, 20, "SENCo office")
_THURSDAY = (3, time(9, 0), time(10, 40), 4, 25, "Learning support base")
_WEDNESDAY = (2, time(15, 30), time(17, 10), 4, 25, "SENCo office")
PATTERNS = {
    "small": (_TUESDAY,),
    "secondary": (_TUESDAY, _THURSDAY),
    "trust": (_TUESDAY, _WEDNESDAY, _THURSDAY),
}

# fmt: off
PAST_USED = 0.65
PAST_OUTCOMES = {"attended": 80, "no-show": 8, "cancelled": 12}
SOON_USED, LATE_USED, SOON_DAYS = 0.45, 0.15, 14  # future slots: booked share, tapering
STATUS_WEIGHT = {"E": 2.5, "K": 1.0}  # EHC plan families book the most
# School days between booking and the slot.
LEAD_DAYS = {0: 4, 1: 12, 2: 14, 3: 14, 4: 10, 5: 14, 8: 14, 12: 10, 20: 8}

# The parent's agenda, in their own words, as the office took it down.
AGENDAS_ANY = (
    "Homework is taking hours every night and ending in tears",
    "Want to talk about the EHCP annual review paperwork",
    "Sensory issues at lunchtime",
    "{name} is refusing to come in most mornings",
    "Would like to understand what support {name} actually gets each week",
    "Worried {he} has no friends and sits on {his} own at break",
    "The last support plan review felt rushed, I'd like to go through it properly",
    "We've had the paediatrician letter and don't know what it means for school",
    "What does being on the SEN register mean for {name} now?",
    "{He} comes home exhausted and melts down every evening",
    "Want to ask about applying for an EHC needs assessment",
    "Reading is not improving and I don't know how to help at home",
    "{He} says the classroom is too noisy and {he} can't think",
    "Concerned about a supply teacher who didn't know about {his} needs",
    "Would like to share the OT report we paid for privately",
    "Sleep has gone badly wrong since the clocks changed",
    "Want to talk about the waiting list for CAMHS",
    "Can we talk about reduced hours? Mornings are a battle",
    "Worried about the trip and whether {he} can go",
    "{He} was upset about something that happened in PE",
    "I think {he} is being left out in group work",
    "Just want to check in, things seem better and I want to keep it that way",
    "New diagnosis, want to talk about what changes at school",
    "Dad would like to come too, can we talk about contact arrangements",
    "Want to understand the targets in the plan, the wording is confusing",
    "Struggling with changes to the timetable",
    "Toileting accidents again and {he} is embarrassed",
    "Would like a copy of the one-page profile and to add to it",
)
AGENDAS_PRIMARY = (
    "Worried about the move to Year 7",
    "Spellings every week are too much for {him}",
    "Phonics, is {he} catching up?",
    "{He} gets very anxious about SATs",
    "Playtimes are hard, {he} keeps getting into trouble",
    "Would like {him} to have more visits to the new classroom before September",
)
AGENDAS_SECONDARY = (
    "Access arrangements for the mocks",
    "GCSE options and whether {he} should drop a language",
    "Detentions keep happening for things {he} can't help",
    "Too many homework apps, {he} can't keep track",
    "Can {he} use a laptop in lessons?",
    "{He} is getting lost between lessons and arriving late",
    "Worried about college applications and what support there is",
    "Wants a time-out card that all the teachers accept",
)
CANCEL_REASONS = (
    "Parent asked to rearrange", "Pupil unwell", "Parent at work, will rebook",
    "Clash with a hospital appointment", "Family emergency", "Parent unwell",
    "Sorted on the phone instead", "Childcare fell through",
)
HOLD_NOTES = (
    "Held for a call back to {parent}",
    "Held for {parent}, ringing back to confirm",
    "Held for {parent}: checking work shifts",
    "Held for a call back to {parent} about an interpreter",
)
SESSION_CANCEL_REASONS = (
    "SENCo at an EHCP tribunal hearing", "SENCo covering a class", "Staff training",
    "SENCo at a local authority panel", "SENCo off sick", "Safeguarding meeting",
)
SUMMARIES = (
    "Parent surgery with {parent} about {name}. Talked through {concern}; agreed to try a new "
    "approach for four weeks and review.",
    "Met {parent} at the surgery. Went through {name}'s support plan and what happens at the "
    "next review.",
    "{parent} came to talk about {name}'s week. Shared the strategies used in class; {parent} "
    "will try the same visual timetable at home.",
    "Surgery slot with {parent}: explained how an EHC needs assessment works and the "
    "timescales; gave the local offer leaflet.",
    "Talked through homework with {parent}; agreed {name} can stop after 30 minutes and hand in "
    "what is done.",
    "{parent} raised worries about friendships at break. Agreed a lunchtime club place and a "
    "daily check-in with {his} key adult.",
    "Went through the latest report from outside agencies with {parent} and what it means for "
    "{name} in class.",
    "Surgery with {parent}: {name} is more settled. Agreed to keep the current support and "
    "check in again next half term.",
    "{parent} shared what works at home for {concern}; added it to {name}'s one-page profile.",
)
# fmt: on


@dataclass(frozen=True)
class SurgerySummary:
    """What build made."""

    patterns: int
    sessions: int
    slots: int
    bookings: int
    meetings: int
    follow_ups: int


def _check_patterns(size: str) -> list[dict]:
    """The size's weekly pattern, checked as the settings page checks it."""
    checked: list[surgery_sessions.Pattern] = []
    rows = []
    for weekday, starts, ends, count, minutes, place in PATTERNS[size]:
        values = {
            "weekday": weekday,
            "starts": starts,
            "ends": ends,
            "slot_count": count,
            "slot_minutes": minutes,
            "place": place,
            "remote_details": REMOTE,
        }
        clean, problems = session_rules.validate_pattern(values, checked)
        if problems:
            raise ValidationError(problems)
        checked.append(surgery_sessions.Pattern(None, **clean))
        rows.append(clean)
    return rows


def _pick(rng: np.random.Generator, mix: dict, n: int) -> np.ndarray:
    keys = np.array(list(mix), dtype=object)
    weights = np.array(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=weights / weights.sum())]


class _Builder:
    """Works out the bookings from the slots, pupils and contacts in the database."""

    def __init__(self, cur: db.Cursor, seed: int, today: date, senco: str, office: str):
        self.cur, self.today, self.senco, self.office = cur, today, senco, office
        self.rng = np.random.default_rng([seed, 11])  # its own stream: the others are untouched
        self.now = pd.Timestamp(datetime.combine(today, NOW, SCHOOL_TZ)).tz_convert("UTC")
        self._said: dict[int, dict[str, str]] = {}

    # -- what is in the database already ----------------------------------------------------

    def read(self, first: date, last: date) -> None:
        cur = self.cur
        self.slots = cur.execute(
            """
            SELECT sl.slot_id, sl.session_id, epoch_ms(sl.starts_at) AS starts,
                   epoch_ms(sl.ends_at) AS ends, s.session_date
            FROM surgery_slots sl JOIN surgery_sessions s USING (session_id)
            WHERE s.cancelled_at IS NULL
            ORDER BY sl.starts_at, sl.slot_id
            """
        ).df()
        for column in ("starts", "ends"):
            self.slots[column] = pd.to_datetime(self.slots[column], unit="ms", utc=True)
        # Pupils on SEN support or with an EHC plan, still here, with a parent or carer on record.
        pupils = cur.execute(
            """
            SELECT p.pupil_id, coalesce(p.known_as, p.legal_forename) AS name, p.gender,
                   p.year_group, s.status, n.code AS need,
                   (SELECT min(h.start_date) FROM sen_status h
                    WHERE h.pupil_id = p.pupil_id) AS since
            FROM pupils p
            JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
            LEFT JOIN needs n ON n.pupil_id = p.pupil_id AND n.rank = 1
            WHERE p.date_left IS NULL AND s.status IN ('K', 'E')
              AND EXISTS (SELECT 1 FROM contacts c WHERE c.pupil_id = p.pupil_id)
            ORDER BY p.pupil_id
            """
        ).df()
        self.pupils = pupils
        self._columns = {k: pupils[k].tolist() for k in ("name", "gender", "need")}
        contacts = cur.execute(
            """
            SELECT c.contact_id, c.pupil_id, coalesce(c.form_of_address, c.name) AS address,
                   c.relationship, c.preferred_channel, c.language, c.interpreter_needed
            FROM contacts c JOIN pupils p USING (pupil_id)
            WHERE p.date_left IS NULL
            ORDER BY c.pupil_id, c.priority, c.contact_id
            """
        ).df()
        contacts = contacts[contacts["pupil_id"].isin(pupils["pupil_id"])].reset_index(drop=True)
        self.contacts = contacts
        # Each pupil's contacts, as a run in `contacts`.
        position = pd.Index(pupils["pupil_id"])
        owner = position.get_indexer(contacts["pupil_id"])
        self.c_first = np.searchsorted(owner, np.arange(len(pupils)), "left")
        self.c_count = np.searchsorted(owner, np.arange(len(pupils)), "right") - self.c_first
        days = calendar.school_days(self.cur, first - timedelta(days=60), last)
        self.days = np.array(days, dtype="datetime64[D]")

    # -- who books -----------------------------------------------------------------------------

    def choose_pupils(self, slot_day: np.ndarray, session: np.ndarray) -> np.ndarray:
        """For each slot, a pupil (index into self.pupils) on the register by then, not twice in
        one session; -1 where none fits."""
        rng, pupils = self.rng, self.pupils
        n = len(slot_day)
        # EHC plans most; and some families book far more than others.
        family = rng.gamma(2.0, 0.5, len(pupils))
        weight = pupils["status"].map(STATUS_WEIGHT).to_numpy(dtype=float) * family
        p = weight / weight.sum()
        since = pupils["since"].to_numpy(dtype="datetime64[D]")
        chosen = rng.choice(len(pupils), size=n, p=p)
        for _ in range(12):
            seen = pd.DataFrame({"session": session, "pupil": chosen}).duplicated()
            bad = (since[chosen] > slot_day) | seen.to_numpy()
            if not bad.any():
                break
            chosen[bad] = rng.choice(len(pupils), size=int(bad.sum()), p=p)
        seen = pd.DataFrame({"session": session, "pupil": chosen}).duplicated().to_numpy()
        return np.where((since[chosen] > slot_day) | seen, -1, chosen)

    def choose_contacts(self, pupil: np.ndarray) -> np.ndarray:
        """One of each pupil's parents or carers: mostly the first to contact."""
        count = self.c_count[pupil]
        nth = np.where(self.rng.random(len(pupil)) < 0.75, 0, self.rng.integers(0, 8, len(pupil)))
        return self.c_first[pupil] + nth % count

    def modes(self, contact: np.ndarray) -> np.ndarray:
        preferred = self.contacts["preferred_channel"].to_numpy(dtype=object)[contact]
        n = len(contact)
        mode = _pick(self.rng, {"in person": 75, "video": 25}, n)
        mode[preferred == "phone"] = "phone"
        mode[preferred == "face to face"] = "in person"
        return mode

    def agendas(self, pupil: np.ndarray) -> np.ndarray:
        rng, pupils = self.rng, self.pupils
        out = np.full(len(pupil), None, dtype=object)
        given = rng.random(len(pupil)) < 0.7
        choice = rng.integers(0, 1 << 30, len(pupil))
        primary = pupils["year_group"].to_numpy() <= 6
        for i in np.flatnonzero(given):
            pool = AGENDAS_ANY + (AGENDAS_PRIMARY if primary[pupil[i]] else AGENDAS_SECONDARY)
            out[i] = pool[choice[i] % len(pool)].format(**self._words(int(pupil[i])))
        return out

    def _words(self, index: int) -> dict[str, str]:
        """The words for texts about one pupil: {name}, {he}, ... and {concern}."""
        said = self._said.get(index)
        if said is None:
            name, gender, need = (self._columns[k][index] for k in ("name", "gender", "need"))
            he, him, his = ("he", "him", "his") if gender == "M" else ("she", "her", "her")
            area = TEXT_AREA.get(need) if isinstance(need, str) else None
            said = self._said[index] = {
                "name": name,
                "he": he,
                "him": him,
                "his": his,
                "He": he.capitalize(),
                "His": his.capitalize(),
                "concern": names.CONCERNS[area or "learning"],
            }
        return said

    # -- when ------------------------------------------------------------------------------------

    def _school_time(self, days: np.ndarray) -> pd.Series:
        """A moment in office hours (08:30 to 15:30) on each school day, as UTC instants."""
        minute = 8 * 60 + 30 + (self.rng.random(len(days)) * 7 * 60).astype(np.int64)
        local = days.astype("datetime64[m]") + minute.astype("timedelta64[m]")
        series = pd.Series(local.astype("datetime64[ns]"))
        return series.dt.tz_localize(SCHOOL_TZ).dt.tz_convert("UTC")

    def booked_at(self, starts: pd.Series, slot_day: np.ndarray) -> pd.Series:
        """Some school days before each slot, in office hours; never after now, never after
        the slot starts."""
        lead = _pick(self.rng, LEAD_DAYS, len(starts)).astype(np.int64)
        at = np.searchsorted(self.days, slot_day) - lead
        when = self._school_time(self.days[np.maximum(at, 0)])
        # A future slot booked after now: booked in the last week or so instead.
        recent = np.searchsorted(self.days, np.datetime64(self.today), "right") - 1
        back = self.rng.integers(0, 6, len(starts))
        instead = self._school_time(self.days[np.maximum(recent - back, 0)])
        latest = self.now - pd.Timedelta(minutes=10)
        when = when.where(when <= latest, instead.clip(upper=latest))
        return when.clip(upper=starts.reset_index(drop=True) - pd.Timedelta(minutes=15))

    def cancelled_at(self, booked_at: pd.Series, starts: pd.Series) -> pd.Series:
        """A parent's cancellation: in office hours on a school day after booking, before the
        slot."""
        first = np.searchsorted(
            self.days,
            booked_at.dt.tz_convert(SCHOOL_TZ).dt.date.to_numpy(dtype="datetime64[D]"),
            "right",
        )
        last = np.searchsorted(
            self.days, starts.dt.tz_convert(SCHOOL_TZ).dt.date.to_numpy(dtype="datetime64[D]")
        )
        at = first + (self.rng.random(len(first)) * np.maximum(last - first + 1, 1)).astype(int)
        when = self._school_time(self.days[np.minimum(at, len(self.days) - 1)])
        starts = starts.reset_index(drop=True)
        when = when.clip(upper=starts - pd.Timedelta(minutes=30))
        return when.where(when > booked_at, booked_at + (starts - booked_at) / 2).dt.floor("min")

    # -- the rows -------------------------------------------------------------------------------

    def bookings(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The bookings, the timeline entries of meetings held and the no-show follow-ups."""
        rng, slots, now = self.rng, self.slots, self.now
        past = (slots["ends"] <= now).to_numpy()
        ahead = (slots["starts"] - now).dt.total_seconds().to_numpy() / 86400
        span = max(float(ahead.max()) - SOON_DAYS, 1.0) if len(ahead) else 1.0
        taper = np.clip((ahead - SOON_DAYS) / span, 0, 1)
        chance = np.where(past, PAST_USED, SOON_USED - (SOON_USED - LATE_USED) * taper)
        used = np.flatnonzero(rng.random(len(slots)) < chance)
        soon = ahead[used] <= 21
        holding = rng.random(len(used)) < np.where(soon, 0.12, 0.03)
        status = np.where(
            past[used], _pick(rng, PAST_OUTCOMES, len(used)), np.where(holding, "held", "booked")
        ).astype(object)
        coming = np.flatnonzero(~past[used] & soon)
        if len(coming) and not (status == "held").any():  # always one or two held
            status[coming[rng.integers(0, len(coming))]] = "held"
        chosen = slots.iloc[used].reset_index(drop=True)
        slot_day = chosen["session_date"].to_numpy(dtype="datetime64[D]")
        pupil = self.choose_pupils(slot_day, chosen["session_id"].to_numpy())
        keep = pupil >= 0
        chosen, status, pupil, slot_day = chosen[keep], status[keep], pupil[keep], slot_day[keep]
        chosen = chosen.reset_index(drop=True)
        n = len(chosen)
        contact = self.choose_contacts(pupil)
        held = status == "held"
        cancelled = status == "cancelled"
        met = status == "attended"
        missed = status == "no-show"
        ids = np.asarray(db.reserve_ids(self.cur, "booking_seq", n), dtype=np.int64)
        booked_at = self.booked_at(chosen["starts"], slot_day)
        address = self.contacts["address"].to_numpy(dtype=object)[contact]
        notes = np.full(n, None, dtype=object)
        which = rng.integers(0, len(HOLD_NOTES), n)
        for i in np.flatnonzero(held):
            notes[i] = HOLD_NOTES[which[i]].format(parent=address[i])
        changed_by = np.full(n, None, dtype=object)
        changed_by[met | missed] = self.senco
        changed_by[cancelled] = self.office
        cancel_at = self.cancelled_at(booked_at, chosen["starts"])
        changed_at = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns, UTC]")
        changed_at[met | missed] = chosen["ends"][met | missed]
        changed_at[cancelled] = cancel_at[cancelled]
        reasons = np.array(CANCEL_REASONS, dtype=object)[rng.integers(0, len(CANCEL_REASONS), n)]
        person = ~held
        mode = np.where(person, self.modes(contact), None)
        agenda = np.where(person, self.agendas(pupil), None)
        pupil_ids = self.pupils["pupil_id"].to_numpy()[pupil]
        contact_ids = self.contacts["contact_id"].to_numpy()[contact]

        communications, communication_id = self.meetings(chosen, met, pupil, contact, mode)
        actions, action_id = self.follow_ups(chosen, missed, pupil, address, slot_day)
        bookings = frame(
            {
                "booking_id": ids,
                "slot_id": chosen["slot_id"].to_numpy(),
                "active_slot_id": pd.array(
                    np.where(cancelled, 0, chosen["slot_id"].to_numpy()), dtype="Int64"
                ),
                "status": status,
                "pupil_id": pd.array(np.where(person, pupil_ids, 0), dtype="Int64"),
                "contact_id": pd.array(np.where(person, contact_ids, 0), dtype="Int64"),
                "mode": mode.astype(object),
                "agenda": agenda.astype(object),
                "hold_note": notes,
                "booked_by": np.full(n, self.office, dtype=object),
                "booked_at": booked_at,
                "changed_by": changed_by,
                "changed_at": changed_at,
                "cancel_reason": np.where(cancelled, reasons, None).astype(object),
                "communication_id": pd.array(communication_id, dtype="Int64"),
                "follow_up_action_id": pd.array(action_id, dtype="Int64"),
            }
        )
        bookings.loc[cancelled, "active_slot_id"] = pd.NA
        bookings.loc[~person, ["pupil_id", "contact_id"]] = pd.NA
        return bookings, communications, actions

    def meetings(self, chosen, met, pupil, contact, mode) -> tuple[pd.DataFrame, np.ndarray]:
        """A timeline entry for each surgery held, typed up by the SENCo soon after."""
        rng, n, where = self.rng, len(chosen), np.flatnonzero(met)
        ids = np.full(n, None, dtype=object)
        numbers = db.reserve_ids(self.cur, "communication_seq", len(where))
        ids[where] = numbers
        if not len(where):
            return pd.DataFrame(), ids
        people = self.contacts.iloc[contact[where]].reset_index(drop=True)
        starts = chosen["starts"][met].reset_index(drop=True)
        ends = chosen["ends"][met].reset_index(drop=True)
        typed = ends + pd.to_timedelta(rng.integers(5, 120, len(where)), unit="m")
        choice = rng.integers(0, 1 << 30, len(where))
        summaries, views, attendees = [], [], []
        for i, row in enumerate(people.itertuples(index=False)):
            said = {**self._words(int(pupil[where[i]])), "parent": row.address}
            summaries.append(SUMMARIES[choice[i] % len(SUMMARIES)].format(**said))
            heard = words.PARENT_WORDS[(choice[i] >> 8) % len(words.PARENT_WORDS)]
            views.append(heard.format(**said) if (choice[i] >> 16) % 10 < 7 else None)
            who = [f"{row.address} ({row.relationship})", "SENCo"]
            if row.interpreter_needed and row.language:
                who.append(f"{row.language} interpreter")
            attendees.append(", ".join(who))
        record = starts.dt.tz_convert(SCHOOL_TZ).dt.date.to_numpy(dtype="datetime64[D]")
        record = np.busday_offset(record, rng.integers(0, 3, len(where)), roll="forward")
        given = (rng.random(len(where)) < 0.85) & (record <= np.datetime64(self.today))
        communications = frame(
            {
                "communication_id": np.asarray(numbers, dtype=np.int64),
                "pupil_id": self.pupils["pupil_id"].to_numpy()[pupil[where]],
                "contact_id": people["contact_id"].to_numpy(),
                "happened_at": starts,
                "entered_at": typed.clip(upper=self.now),
                "entered_by": np.full(len(where), self.senco, dtype=object),
                "channel": np.array([CHANNEL_FOR_MODE[m] for m in mode[where]], dtype=object),
                "direction": np.full(len(where), "from parent", dtype=object),
                "staff_username": np.full(len(where), self.senco, dtype=object),
                "subject": np.full(len(where), "Parent surgery", dtype=object),
                "summary": np.array(summaries, dtype=object),
                "parent_views": np.array(views, dtype=object),
                "meeting_kind": np.full(len(where), "parent surgery", dtype=object),
                "led_by": np.full(len(where), "SENCo", dtype=object),
                "attendees": np.array(attendees, dtype=object),
                "needs_reply": np.zeros(len(where), dtype=bool),
                "written_record_given": np.where(given, record, np.datetime64("NaT")),
            }
        )
        return communications, ids

    def follow_ups(
        self, chosen, missed, pupil, address, slot_day
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """For each no-show, an action for the SENCo to offer another time: mostly done."""
        rng, n, where = self.rng, len(chosen), np.flatnonzero(missed)
        ids = np.full(n, None, dtype=object)
        numbers = db.reserve_ids(self.cur, "action_seq", len(where))
        ids[where] = numbers
        if not len(where):
            return pd.DataFrame(), ids
        at = np.searchsorted(self.days, slot_day[where])
        last = len(self.days) - 1
        due = self.days[np.minimum(at + rng.integers(3, 6, len(where)), last)]
        done = self.days[np.minimum(at + rng.integers(0, 7, len(where)), last)]
        today = np.datetime64(self.today)
        finished = (rng.random(len(where)) < 0.9) & (done <= today)
        done = np.where(finished, done, np.datetime64("NaT"))
        name = db.scalar(self.cur, "SELECT name FROM users WHERE username = ?", [self.senco])
        actions = frame(
            {
                "action_id": np.asarray(numbers, dtype=np.int64),
                "pupil_id": self.pupils["pupil_id"].to_numpy()[pupil[where]],
                "description": np.array(
                    [
                        f"Contact {a} about the missed surgery and offer another time"
                        for a in address[where]
                    ],
                    dtype=object,
                ),
                "owner_kind": np.full(len(where), "staff", dtype=object),
                "owner_username": np.full(len(where), self.senco, dtype=object),
                "owner_name": np.full(len(where), name or self.senco, dtype=object),
                "due_date": due,
                "done_date": done,
                "parent_told": done,
                "created_at": chosen["ends"][missed].reset_index(drop=True),
                "created_by": np.full(len(where), self.senco, dtype=object),
                "reason": np.full(len(where), "missed surgery", dtype=object),
            }
        )
        return actions, ids

    def cancel_sessions(self, first: date, last: date) -> None:
        """Now and then the SENCo is needed elsewhere: about one session a term is cancelled,
        told to families a few days before (nobody is booked in them)."""
        rng = self.rng
        sessions = self.cur.execute(
            "SELECT session_id, session_date, starts FROM surgery_sessions "
            "WHERE session_date BETWEEN ? AND ? ORDER BY session_date, starts, session_id",
            [first, last],
        ).fetchall()
        today = self.today
        terms = [
            t
            for year in range(academic_year_start(first), academic_year_start(last) + 1)
            for t in calendar.list_terms(self.cur, year)
        ]
        rows = []
        for term in terms:
            within = [s for s in sessions if term.starts <= s[1] <= term.ends]
            if not within or rng.random() >= 0.6:
                continue
            session_id, day, _ = within[int(rng.integers(0, len(within)))]
            told = day - timedelta(days=int(rng.integers(2, 10)))
            if told >= today:  # a future session, cancelled in good time
                told = today - timedelta(days=int(rng.integers(1, 15)))
            told = np.busday_offset(np.datetime64(told), 0, roll="backward").astype(date)
            at = datetime.combine(told, time(8, 15 + int(rng.integers(0, 40))), SCHOOL_TZ)
            reason = SESSION_CANCEL_REASONS[int(rng.integers(0, len(SESSION_CANCEL_REASONS)))]
            rows.append((session_id, pd.Timestamp(at).tz_convert("UTC"), self.senco, reason))
        if not rows:
            return
        cancelled = pd.DataFrame(
            rows, columns=["session_id", "cancelled_at", "cancelled_by", "cancel_reason"]
        )
        self.cur.register("_cancelled", cancelled)
        try:
            self.cur.execute(
                "UPDATE surgery_sessions s SET cancelled_at = c.cancelled_at, "
                "cancelled_by = c.cancelled_by, cancel_reason = c.cancel_reason "
                "FROM _cancelled c WHERE s.session_id = c.session_id"
            )
        finally:
            self.cur.unregister("_cancelled")


def build(
    cur: db.Cursor, size: str, seed: int, today: date, senco: str, office: str
) -> SurgerySummary:
    """The pattern, sessions, slots and bookings of the demo's parent surgeries, INSIDE the
    caller's transaction; the terms, closures, pupils, contacts and accounts must be in."""
    patterns = pd.DataFrame(_check_patterns(size))
    db.insert_frame(cur, "surgery_patterns", patterns)
    first = date(academic_year_start(today) - 1, 9, 1)
    last = surgery_sessions.horizon(cur, today)
    sessions = surgery_sessions.generate_sessions(cur, first, last, senco)
    builder = _Builder(cur, seed, today, senco, office)
    builder.cancel_sessions(first, last)
    builder.read(first, last)
    bookings, communications, actions = builder.bookings()
    db.insert_frame(cur, "communications", communications)
    db.insert_frame(cur, "actions", actions)
    db.insert_frame(cur, "bookings", bookings)
    return SurgerySummary(
        patterns=len(patterns),
        sessions=sessions,
        slots=db.scalar(cur, "SELECT count(*) FROM surgery_slots"),
        bookings=len(bookings),
        meetings=len(communications),
        follow_ups=len(actions),
    )
