"""The demo surgeries' sessions: the SENCo's weekly protected sessions for each size, checked as
the settings page checks them, and now and then a session the SENCo had to cancel (needed
elsewhere), told to families a few days before. Used by sendlib.demo.surgery.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sendlib import db
from sendlib.demo.surgery_words import SESSION_CANCEL_REASONS
from sendlib.errors import ValidationError
from sendlib.school import calendar
from sendlib.school.year import academic_year_start
from sendlib.surgery import session_rules
from sendlib.surgery import sessions as surgery_sessions
from sendlib.words import SCHOOL_TZ

if TYPE_CHECKING:
    from sendlib.demo.surgery import SurgeryBuilder

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


def checked_pattern(size: str) -> list[dict]:
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


def cancel_sessions(builder: SurgeryBuilder, first: date, last: date) -> None:
    """Now and then the SENCo is needed elsewhere: about one session a term is cancelled,
    told to families a few days before (nobody is booked in them)."""
    rng = builder.rng
    sessions = builder.cur.execute(
        "SELECT session_id, session_date, starts FROM surgery_sessions "
        "WHERE session_date BETWEEN ? AND ? ORDER BY session_date, starts, session_id",
        [first, last],
    ).fetchall()
    today = builder.today
    terms = [
        t
        for year in range(academic_year_start(first), academic_year_start(last) + 1)
        for t in calendar.list_terms(builder.cur, year)
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
        rows.append((session_id, pd.Timestamp(at).tz_convert("UTC"), builder.senco, reason))
    if not rows:
        return
    cancelled = pd.DataFrame(
        rows, columns=["session_id", "cancelled_at", "cancelled_by", "cancel_reason"]
    )
    with db.frame_as(builder.cur, "_cancelled", cancelled):
        builder.cur.execute(
            "UPDATE surgery_sessions s SET cancelled_at = c.cancelled_at, "
            "cancelled_by = c.cancelled_by, cancel_reason = c.cancel_reason "
            "FROM _cancelled c WHERE s.session_id = c.session_id"
        )
