"""What the demo surgeries leave on the timeline and in the promise ledger: each surgery held,
typed up by the SENCo soon after as a parent-surgery meeting (with a written record for the
parents, mostly given), and for each family that did not come, an action for the SENCo to
offer another time (mostly done). Called by sendlib.demo.surgery's builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sendlib import db
from sendlib.demo import timeline_words as words
from sendlib.demo.surgery_words import SUMMARIES
from sendlib.demo.tools import frame
from sendlib.surgery.attendance import CHANNEL_FOR_MODE
from sendlib.words import SCHOOL_TZ

if TYPE_CHECKING:
    from sendlib.demo.surgery import SurgeryBuilder


def meetings(
    builder: SurgeryBuilder, chosen, met, pupil, contact, mode
) -> tuple[pd.DataFrame, np.ndarray]:
    """A timeline entry for each surgery held, typed up by the SENCo soon after."""
    rng, n, where = builder.rng, len(chosen), np.flatnonzero(met)
    ids = np.full(n, None, dtype=object)
    numbers = db.reserve_ids(builder.cur, "communication_seq", len(where))
    ids[where] = numbers
    if not len(where):
        return pd.DataFrame(), ids
    people = builder.contacts.iloc[contact[where]].reset_index(drop=True)
    starts = chosen["starts"][met].reset_index(drop=True)
    ends = chosen["ends"][met].reset_index(drop=True)
    typed = ends + pd.to_timedelta(rng.integers(5, 120, len(where)), unit="m")
    choice = rng.integers(0, 1 << 30, len(where))
    summaries, views, attendees = [], [], []
    for i, row in enumerate(people.itertuples(index=False)):
        said = {**builder.pupil_words(int(pupil[where[i]])), "parent": row.address}
        summaries.append(SUMMARIES[choice[i] % len(SUMMARIES)].format(**said))
        heard = words.PARENT_WORDS[(choice[i] >> 8) % len(words.PARENT_WORDS)]
        views.append(heard.format(**said) if (choice[i] >> 16) % 10 < 7 else None)
        who = [f"{row.address} ({row.relationship})", "SENCo"]
        if row.interpreter_needed and row.language:
            who.append(f"{row.language} interpreter")
        attendees.append(", ".join(who))
    record = starts.dt.tz_convert(SCHOOL_TZ).dt.date.to_numpy(dtype="datetime64[D]")
    record = np.busday_offset(record, rng.integers(0, 3, len(where)), roll="forward")
    given = (rng.random(len(where)) < 0.85) & (record <= np.datetime64(builder.today))
    communications = frame(
        {
            "communication_id": np.asarray(numbers, dtype=np.int64),
            "pupil_id": builder.pupils["pupil_id"].to_numpy()[pupil[where]],
            "contact_id": people["contact_id"].to_numpy(),
            "happened_at": starts,
            "entered_at": typed.clip(upper=builder.now),
            "entered_by": np.full(len(where), builder.senco, dtype=object),
            "channel": np.array([CHANNEL_FOR_MODE[m] for m in mode[where]], dtype=object),
            "direction": np.full(len(where), "from parent", dtype=object),
            "staff_username": np.full(len(where), builder.senco, dtype=object),
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
    builder: SurgeryBuilder, chosen, missed, pupil, address, slot_day
) -> tuple[pd.DataFrame, np.ndarray]:
    """For each no-show, an action for the SENCo to offer another time: mostly done."""
    rng, n, where = builder.rng, len(chosen), np.flatnonzero(missed)
    ids = np.full(n, None, dtype=object)
    numbers = db.reserve_ids(builder.cur, "action_seq", len(where))
    ids[where] = numbers
    if not len(where):
        return pd.DataFrame(), ids
    at = np.searchsorted(builder.days, slot_day[where])
    last = len(builder.days) - 1
    due = builder.days[np.minimum(at + rng.integers(3, 6, len(where)), last)]
    done = builder.days[np.minimum(at + rng.integers(0, 7, len(where)), last)]
    today = np.datetime64(builder.today)
    finished = (rng.random(len(where)) < 0.9) & (done <= today)
    done = np.where(finished, done, np.datetime64("NaT"))
    name = db.scalar(builder.cur, "SELECT name FROM users WHERE username = ?", [builder.senco])
    actions = frame(
        {
            "action_id": np.asarray(numbers, dtype=np.int64),
            "pupil_id": builder.pupils["pupil_id"].to_numpy()[pupil[where]],
            "description": np.array(
                [
                    f"Contact {a} about the missed surgery and offer another time"
                    for a in address[where]
                ],
                dtype=object,
            ),
            "owner_kind": np.full(len(where), "staff", dtype=object),
            "owner_username": np.full(len(where), builder.senco, dtype=object),
            "owner_name": np.full(len(where), name or builder.senco, dtype=object),
            "due_date": due,
            "done_date": done,
            "parent_told": done,
            "created_at": chosen["ends"][missed].reset_index(drop=True),
            "created_by": np.full(len(where), builder.senco, dtype=object),
            "reason": np.full(len(where), "missed surgery", dtype=object),
        }
    )
    return actions, ids
