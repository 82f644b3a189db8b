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
Nothing is dated after today at 16:00, the build's "now". The weekly pattern and the cancelled
sessions are in sendlib.demo.surgery_pattern, the meetings and follow-ups the bookings leave in
sendlib.demo.surgery_records, and the words in sendlib.demo.surgery_words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from sendlib import db
from sendlib.demo import names, surgery_pattern, surgery_records
from sendlib.demo.base import TEXT_AREA
from sendlib.demo.surgery_words import (
    AGENDAS_ANY,
    AGENDAS_PRIMARY,
    AGENDAS_SECONDARY,
    CANCEL_REASONS,
    HOLD_NOTES,
)
from sendlib.demo.tools import frame
from sendlib.school import calendar
from sendlib.school.year import academic_year_start
from sendlib.surgery import sessions as surgery_sessions
from sendlib.words import SCHOOL_TZ

NOW = time(16, 0)  # the build's "now": today at 16:00

# fmt: off
PAST_USED = 0.65
PAST_OUTCOMES = {"attended": 80, "no-show": 8, "cancelled": 12}
SOON_USED, LATE_USED, SOON_DAYS = 0.45, 0.15, 14  # future slots: booked share, tapering
STATUS_WEIGHT = {"E": 2.5, "K": 1.0}  # EHC plan families book the most
# School days between booking and the slot.
LEAD_DAYS = {0: 4, 1: 12, 2: 14, 3: 14, 4: 10, 5: 14, 8: 14, 12: 10, 20: 8}
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


def _pick(rng: np.random.Generator, mix: dict, n: int) -> np.ndarray:
    keys = np.array(list(mix), dtype=object)
    weights = np.array(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=weights / weights.sum())]


class SurgeryBuilder:
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
            out[i] = pool[choice[i] % len(pool)].format(**self.pupil_words(int(pupil[i])))
        return out

    def pupil_words(self, index: int) -> dict[str, str]:
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
        chosen, status, pupil, slot_day = self._used_slots()
        n = len(chosen)
        contact = self.choose_contacts(pupil)
        held, cancelled = status == "held", status == "cancelled"
        met, missed = status == "attended", status == "no-show"
        ids = np.asarray(db.reserve_ids(self.cur, "booking_seq", n), dtype=np.int64)
        booked_at = self.booked_at(chosen["starts"], slot_day)
        address = self.contacts["address"].to_numpy(dtype=object)[contact]
        notes = self._hold_notes(held, address)
        changed_by, changed_at = self._changed(chosen, booked_at, met | missed, cancelled)
        reasons = np.array(CANCEL_REASONS, dtype=object)[
            self.rng.integers(0, len(CANCEL_REASONS), n)
        ]
        person = ~held
        mode = np.where(person, self.modes(contact), None)
        agenda = np.where(person, self.agendas(pupil), None)
        pupil_ids = self.pupils["pupil_id"].to_numpy()[pupil]
        contact_ids = self.contacts["contact_id"].to_numpy()[contact]

        communications, communication_id = surgery_records.meetings(
            self, chosen, met, pupil, contact, mode
        )
        actions, action_id = surgery_records.follow_ups(
            self, chosen, missed, pupil, address, slot_day
        )
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

    def _used_slots(self) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
        """The slots used, most of the past ones and fewer the further ahead, each with its
        status (attended, no-show or cancelled; booked or held), pupil and day."""
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
        return chosen.reset_index(drop=True), status, pupil, slot_day

    def _hold_notes(self, held: np.ndarray, address: np.ndarray) -> np.ndarray:
        """Why each held slot is held: for a call back to the parent."""
        notes = np.full(len(held), None, dtype=object)
        which = self.rng.integers(0, len(HOLD_NOTES), len(held))
        for i in np.flatnonzero(held):
            notes[i] = HOLD_NOTES[which[i]].format(parent=address[i])
        return notes

    def _changed(
        self, chosen: pd.DataFrame, booked_at: pd.Series, came: np.ndarray, cancelled: np.ndarray
    ) -> tuple[np.ndarray, pd.Series]:
        """Who last changed each booking and when: the SENCo marking it attended or missed as
        the slot ended, the office taking a parent's cancellation."""
        n = len(chosen)
        changed_by = np.full(n, None, dtype=object)
        changed_by[came] = self.senco
        changed_by[cancelled] = self.office
        cancel_at = self.cancelled_at(booked_at, chosen["starts"])
        changed_at = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns, UTC]")
        changed_at[came] = chosen["ends"][came]
        changed_at[cancelled] = cancel_at[cancelled]
        return changed_by, changed_at


def build(
    cur: db.Cursor, size: str, seed: int, today: date, senco: str, office: str
) -> SurgerySummary:
    """The pattern, sessions, slots and bookings of the demo's parent surgeries, INSIDE the
    caller's transaction; the terms, closures, pupils, contacts and accounts must be in."""
    patterns = pd.DataFrame(surgery_pattern.checked_pattern(size))
    db.insert_frame(cur, "surgery_patterns", patterns)
    first = date(academic_year_start(today) - 1, 9, 1)
    last = surgery_sessions.horizon(cur, today)
    sessions = surgery_sessions.generate_sessions(cur, first, last, senco)
    builder = SurgeryBuilder(cur, seed, today, senco, office)
    surgery_pattern.cancel_sessions(builder, first, last)
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
