"""Test data as code for the timeline and the promise ledger: the test school, entries, and a
large generated timeline built with one DataFrame insert."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from sendlib import db, users
from sendlib.school.calendar import SCHOOL_TZ
from sendlib.timeline import entries
from tests import school
from tests.profile_data import cheap_passwords

NOW = datetime(2026, 11, 23, 16, 0, tzinfo=SCHOOL_TZ)
# Pupils of the test school (tests/school.py): Zoë is in 2A, Alex and Siobhán in 5A (the teacher's).
ZOE, LUKASZ, ALEX, SIOBHAN = 1, 2, 3, 4


def at(text: str) -> datetime:
    """A time in England: at("2026-11-16 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SCHOOL_TZ)


def populate(cur: db.Cursor, monkeypatch) -> dict[str, users.User]:
    """The test school, with passwords hashed cheaply (these tests are not about sign-in)."""
    cheap_passwords(monkeypatch)
    return school.populate(cur)


def entry(**changes) -> dict:
    """A valid email from a parent, changed as asked."""
    return {
        "happened_at": datetime(2026, 11, 20, 15, 30, tzinfo=SCHOOL_TZ),
        "channel": "email",
        "direction": "from parent",
        "subject": "Reading at home",
        "summary": "Asked how to help with phonics at home.",
        **changes,
    }


def action(**changes) -> dict:
    """A valid action owned by the teacher, changed as asked."""
    return {
        "description": "Send home the phonics cards",
        "owner_kind": "staff",
        "owner_username": "teacher",
        "due_date": date(2026, 11, 27),
        **changes,
    }


def log(cur, user, pupil_id, actions=(), now=NOW, **changes) -> int:
    """Save an entry (with its actions) and return its communication_id."""
    return entries.save_entry(cur, user, pupil_id, entry(**changes), list(actions), now)


def count_rows(cur) -> tuple[int, int, int]:
    """Communications, actions and audit rows: what a failed save must leave as it was."""
    return tuple(
        db.scalar(cur, f"SELECT count(*) FROM {table}")
        for table in ("communications", "actions", "audit_log")
    )


def build_large_timeline(
    cur: db.Cursor, rows: int, pupils: int, seed: int = 7, actions_per_entry: float = 0.3
) -> pd.DataFrame:
    """Add `pupils` pupils and `rows` communications from September 2024, with actions on
    some of them, each through one DataFrame insert; returns the communications as inserted."""
    rng = np.random.default_rng(seed)
    first_id = (db.scalar(cur, "SELECT max(pupil_id) FROM pupils") or 0) + 1
    classes = [f"{year}{letter}" for year in range(1, 7) for letter in "ABCDEFGH"]
    pupil_ids = np.arange(first_id, first_id + pupils)
    db.insert_frame(
        cur,
        "pupils",
        pd.DataFrame(
            {
                "pupil_id": pupil_ids,
                "upn": [f"Z{n:012d}" for n in pupil_ids],
                "legal_forename": [f"Forename{n}" for n in pupil_ids],
                "legal_surname": [f"Surname{n}" for n in pupil_ids],
                "date_of_birth": date(2018, 1, 1),
                "year_group": 3,
                "class_name": rng.choice(classes, pupils),
            }
        ),
    )
    start = pd.Timestamp("2024-09-02 08:00", tz=SCHOOL_TZ)
    minutes = rng.integers(0, 810 * 24 * 60, rows)  # to November 2026
    # Sorted, as a real timeline is written: day by day.
    happened = start + pd.to_timedelta(np.sort(minutes), unit="min")
    needs_reply = rng.random(rows) < 0.3
    replied = happened + pd.to_timedelta(rng.integers(10, 60 * 24 * 8, rows), unit="min")
    ids = db.reserve_ids(cur, "communication_seq", rows)
    frame = pd.DataFrame(
        {
            "communication_id": ids,
            "pupil_id": rng.choice(pupil_ids, rows),
            "happened_at": happened,
            "entered_at": happened,
            "entered_by": "senco",
            "channel": rng.choice(entries.CHANNELS, rows),
            "direction": rng.choice(("from parent", "with agency"), rows),
            "staff_username": rng.choice(("senco", "teacher"), rows),
            "subject": [f"Subject {n}" for n in ids],
            "summary": [f"Summary of conversation {n}" for n in ids],
            "needs_reply": needs_reply,
            "replied_at": pd.Series(replied).where(needs_reply & (rng.random(rows) < 0.8)),
        }
    )
    db.insert_frame(cur, "communications", frame)
    agreed = frame.sample(frac=actions_per_entry, random_state=seed)
    db.insert_frame(
        cur,
        "actions",
        pd.DataFrame(
            {
                "pupil_id": agreed["pupil_id"].to_numpy(),
                "communication_id": agreed["communication_id"].to_numpy(),
                "description": "Follow up",
                "owner_kind": "staff",
                "owner_username": "senco",
                "owner_name": "Sam Senco",
                "due_date": (agreed["happened_at"] + timedelta(days=7)).dt.date.to_numpy(),
                "done_date": None,
                "created_by": "senco",
            }
        ),
    )
    return frame


# Each test-school pupil with a parent on record, and that parent's contact id.
CONTACTS = {ZOE: 1, LUKASZ: 2, ALEX: 3}


def book(
    cur,
    pupil_id: int,
    starts: datetime,
    status: str = "booked",
    communication_id: int | None = None,
    session_cancelled: bool = False,
) -> int:
    """A surgery booking in a one-off session, written as the surgery screens store it."""
    session_id = cur.execute(
        "INSERT INTO surgery_sessions (session_date, starts, ends, slot_count, slot_minutes, "
        "place, created_by, cancelled_at, cancelled_by, cancel_reason) "
        "VALUES (?, ?, ?, 1, 20, 'SENCo office', 'senco', ?, ?, ?) RETURNING session_id",
        [
            starts.date(),
            starts.time(),
            (starts + timedelta(minutes=20)).time(),
            *((at("2026-11-20 09:00"), "senco", "SENCo ill") if session_cancelled else (None,) * 3),
        ],
    ).fetchone()[0]
    slot_id = cur.execute(
        "INSERT INTO surgery_slots (session_id, position, starts_at, ends_at) "
        "VALUES (?, 1, ?, ?) RETURNING slot_id",
        [session_id, starts, starts + timedelta(minutes=20)],
    ).fetchone()[0]
    return cur.execute(
        "INSERT INTO bookings (slot_id, active_slot_id, status, pupil_id, contact_id, mode, "
        "booked_by, booked_at, communication_id) "
        "VALUES (?, ?, ?, ?, ?, 'in person', 'office', ?, ?) RETURNING booking_id",
        [
            slot_id,
            None if status == "cancelled" else slot_id,
            status,
            pupil_id,
            CONTACTS[pupil_id],
            at("2026-11-02 09:00"),
            communication_id,
        ],
    ).fetchone()[0]
