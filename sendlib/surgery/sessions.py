"""Parent surgeries: the weekly pattern of protected sessions the SENCo keeps for meeting parents,
and the sessions and slots made from it, term by term, skipping holidays and closures.

A slot's start is worked out from the school's wall-clock time on its own day, so a 13:30 slot
is at 13:30 on both sides of the change of the clocks in late October and late March. Sessions
are made from today to the end of next term. When the pattern or the calendar changes, future
sessions nobody has booked are made again; a session someone has booked is kept as it was, so a
parent's appointment never moves without a person moving it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import NotFound, Problem, ValidationError
from sendlib.school import calendar
from sendlib.school.year import academic_year_start
from sendlib.surgery.session_rules import (
    DEFAULT_SLOT_MINUTES,
    WEEKDAYS,
    overlaps,
    slot_times,
    validate_pattern,
    validate_times,
)
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, short_date


@dataclass(frozen=True)
class Pattern:
    """One weekly surgery session, kept every school week in term."""

    pattern_id: int | None
    weekday: int
    starts: time
    ends: time
    slot_count: int
    slot_minutes: int
    place: str
    remote_details: str | None
    active: bool = True

    @property
    def label(self) -> str:
        """'Tuesdays 13:30–15:10: 5 slots of 20 minutes, SENCo office'."""
        return (
            f"{WEEKDAYS[self.weekday]}s {self.starts:%H:%M}–{self.ends:%H:%M}: "
            f"{self.slot_count} slots of {self.slot_minutes} minutes, {self.place}"
        )


@dataclass(frozen=True)
class Session:
    """A surgery session on one day, made from a pattern or added as an extra."""

    session_id: int
    pattern_id: int | None
    session_date: date
    starts: time
    ends: time
    slot_count: int
    slot_minutes: int
    place: str
    remote_details: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None

    @property
    def label(self) -> str:
        """'Tue 24 Nov 2026 13:30–15:10, SENCo office'."""
        return (
            f"{self.session_date:%a} {short_date(self.session_date)} "
            f"{self.starts:%H:%M}–{self.ends:%H:%M}, {self.place}"
        )


_PATTERN_COLUMNS = (
    "pattern_id, weekday, starts, ends, slot_count, slot_minutes, place, remote_details, active"
)
_SESSION_COLUMNS = (
    "session_id, pattern_id, session_date, starts, ends, slot_count, slot_minutes, place, "
    "remote_details, cancelled_at, cancel_reason"
)


def new_pattern(patterns: list[Pattern]) -> Pattern:
    """What a new weekly session starts from: the first weekday, Monday first, that has none yet,
    at the usual times, in the place (and with the link) of the first session there is."""
    taken = {p.weekday for p in patterns}
    weekday = next((d for d in range(len(WEEKDAYS)) if d not in taken), 0)
    first = patterns[0] if patterns else None
    return Pattern(
        None, weekday, time(13, 30), time(15, 10), 5, DEFAULT_SLOT_MINUTES,
        first.place if first else "", first.remote_details if first else None,
    )  # fmt: skip


def list_patterns(cur: db.Cursor, include_retired: bool = False) -> list[Pattern]:
    """The weekly surgery pattern, Monday first."""
    where = "" if include_retired else "WHERE active"
    rows = cur.execute(
        f"SELECT {_PATTERN_COLUMNS} FROM surgery_patterns {where} ORDER BY weekday, starts"
    ).fetchall()
    return [Pattern(*row) for row in rows]


def horizon(cur: db.Cursor, today: date) -> date:
    """The last day sessions are made up to: the end of next term."""
    year = academic_year_start(today)
    terms = calendar.list_terms(cur, year) + calendar.list_terms(cur, year + 1)
    coming = [t for t in terms if t.ends >= today]
    return coming[1].ends if len(coming) > 1 else coming[0].ends


def _insert_sessions(cur: db.Cursor, sessions: pd.DataFrame) -> list[int]:
    """Insert sessions (columns as the table's, without ids) and their slots, in bulk; their ids."""
    if sessions.empty:
        return []
    ids = db.reserve_ids(cur, "surgery_session_seq", len(sessions))
    sessions = sessions.assign(session_id=ids)
    slots = []
    for row in sessions.itertuples(index=False):
        for position, start in enumerate(
            slot_times(row.session_date, row.starts, row.slot_minutes, row.slot_count), start=1
        ):
            end = start + timedelta(minutes=row.slot_minutes)
            slots.append((row.session_id, position, start, end))
    db.insert_frame(cur, "surgery_sessions", sessions)
    frame = pd.DataFrame(slots, columns=["session_id", "position", "starts_at", "ends_at"])
    db.insert_frame(cur, "surgery_slots", frame)
    return ids


def generate_sessions(cur: db.Cursor, first: date, last: date, by: str) -> int:
    """Make the pattern's sessions and slots on each school day from first to last that has none
    yet; returns how many. Runs INSIDE the caller's transaction."""
    patterns = list_patterns(cur)
    if not patterns or last < first:
        return 0
    made = {
        (pattern_id, day)
        for pattern_id, day in cur.execute(
            "SELECT pattern_id, session_date FROM surgery_sessions "
            "WHERE pattern_id IS NOT NULL AND session_date BETWEEN ? AND ?",
            [first, last],
        ).fetchall()
    }
    open_days = calendar.school_days(cur, first, last)
    # Other sessions already there (an extra one, or a booked one kept from an old pattern).
    taken: dict[date, list[tuple[time, time]]] = {}
    for day, starts, ends in cur.execute(
        "SELECT session_date, starts, ends FROM surgery_sessions "
        "WHERE cancelled_at IS NULL AND session_date BETWEEN ? AND ?",
        [first, last],
    ).fetchall():
        taken.setdefault(day, []).append((starts, ends))
    rows = [
        {
            "pattern_id": p.pattern_id,
            "session_date": day,
            "starts": p.starts,
            "ends": p.ends,
            "slot_count": p.slot_count,
            "slot_minutes": p.slot_minutes,
            "place": p.place,
            "remote_details": p.remote_details,
            "created_by": by,
        }
        for day in open_days
        for p in patterns
        if p.weekday == day.weekday()
        and (p.pattern_id, day) not in made
        and not any(overlaps(p.starts, p.ends, *other) for other in taken.get(day, []))
    ]
    return len(_insert_sessions(cur, pd.DataFrame(rows)))


def _drop_stale(cur: db.Cursor, today: date, until: date) -> int:
    """Remove future pattern sessions nobody has booked that no longer match their pattern, the
    pattern was retired, or the school is now closed that day. Inside the caller's transaction."""
    open_days = set(calendar.school_days(cur, today, until))
    rows = cur.execute(
        """
        SELECT s.session_id, s.session_date,
               p.pattern_id IS NULL OR NOT p.active OR s.starts <> p.starts OR s.ends <> p.ends
               OR s.slot_count <> p.slot_count OR s.slot_minutes <> p.slot_minutes
               OR s.place <> p.place
               OR coalesce(s.remote_details, '') <> coalesce(p.remote_details, '') AS changed
        FROM surgery_sessions s
        LEFT JOIN surgery_patterns p USING (pattern_id)
        WHERE s.pattern_id IS NOT NULL AND s.session_date > ? AND s.cancelled_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM bookings b JOIN surgery_slots sl USING (slot_id)
                          WHERE sl.session_id = s.session_id)
        """,
        [today],
    ).fetchall()

    stale = [sid for sid, day, changed in rows if changed or day not in open_days]
    if stale:
        marks = ", ".join("?" for _ in stale)
        cur.execute(f"DELETE FROM surgery_slots WHERE session_id IN ({marks})", stale)
        cur.execute(f"DELETE FROM surgery_sessions WHERE session_id IN ({marks})", stale)
    return len(stale)


def refresh(cur: db.Cursor, today: date, by: str) -> tuple[int, int]:
    """Bring future sessions into line with the pattern and the calendar, up to the end of next
    term: (removed, made). Runs INSIDE the caller's transaction."""
    until = horizon(cur, today)
    removed = _drop_stale(cur, today, until)
    return removed, generate_sessions(cur, today, until, by)


def refresh_audited(cur: db.Cursor, user: User, today: date) -> tuple[int, int]:
    """`refresh`, with its audit row, INSIDE the caller's transaction (a calendar change)."""
    require(user, "settings", "edit")
    removed, made = refresh(cur, today, user.username)
    audit.record(
        cur, user.username, "refresh surgery sessions", detail=f"{removed} removed, {made} made"
    )
    return removed, made


def refresh_sessions(cur: db.Cursor, user: User, today: date) -> tuple[int, int]:
    """Remake future sessions to match the pattern and the calendar (SENCo)."""
    require(user, "settings", "edit")
    return db.write(cur, lambda c: refresh_audited(c, user, today))


def save_pattern(
    cur: db.Cursor, user: User, values: dict, today: date, pattern_id: int | None = None
) -> int:
    """Add a weekly session to the pattern, or change one; future sessions follow at once."""
    require(user, "settings", "edit")
    others = [p for p in list_patterns(cur) if p.pattern_id != pattern_id]
    clean, problems = validate_pattern(values, others)
    if problems:
        raise ValidationError(problems)
    if pattern_id is not None and not db.scalar(
        cur, "SELECT 1 FROM surgery_patterns WHERE pattern_id = ? AND active", [pattern_id]
    ):
        raise NotFound("That surgery session is not in the pattern.")
    columns = list(clean)
    before = next((p for p in list_patterns(cur) if p.pattern_id == pattern_id), None)

    def work(c: db.Cursor) -> int:
        if pattern_id is None:
            new_id = c.execute(
                f"INSERT INTO surgery_patterns ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)}) RETURNING pattern_id",
                list(clean.values()),
            ).fetchone()[0]
        else:
            new_id = pattern_id
            c.execute(
                f"UPDATE surgery_patterns SET {', '.join(f'{k} = ?' for k in columns)} "
                "WHERE pattern_id = ?",
                [*clean.values(), pattern_id],
            )
        removed, made = refresh(c, today, user.username)
        pattern = Pattern(new_id, **clean)
        verb = "add" if pattern_id is None else "change"
        audit.record(
            c,
            user.username,
            f"{verb} surgery pattern",
            detail=f"{pattern.label}; {made} sessions",
            before=None if before is None else {k: getattr(before, k) for k in columns},
            after=clean,
        )
        return new_id

    return db.write(cur, work)


def retire_pattern(cur: db.Cursor, user: User, pattern_id: int, today: date) -> int:
    """Stop a weekly session: future sessions nobody has booked go; booked ones stay.
    Returns how many sessions were removed."""
    require(user, "settings", "edit")
    row = cur.execute(
        f"SELECT {_PATTERN_COLUMNS} FROM surgery_patterns WHERE pattern_id = ? AND active",
        [pattern_id],
    ).fetchone()
    if row is None:
        raise NotFound("That surgery session is not in the pattern.")

    def work(c: db.Cursor) -> int:
        c.execute("UPDATE surgery_patterns SET active = FALSE WHERE pattern_id = ?", [pattern_id])
        removed = refresh(c, today, user.username)[0]
        audit.record(
            c, user.username, "stop surgery pattern", detail=Pattern(*row).label,
            before={"active": True}, after={"active": False},
        )  # fmt: skip
        return removed

    return db.write(cur, work)


def list_sessions(cur: db.Cursor, first: date, last: date) -> list[Session]:
    """The sessions between two dates, cancelled ones included, in time order."""
    rows = cur.execute(
        f"SELECT {_SESSION_COLUMNS} FROM surgery_sessions WHERE session_date BETWEEN ? AND ? "
        "ORDER BY session_date, starts",
        [first, last],
    ).fetchall()
    return [Session(*row) for row in rows]


def get_session(cur: db.Cursor, session_id: int) -> Session:
    """One session by id."""
    row = cur.execute(
        f"SELECT {_SESSION_COLUMNS} FROM surgery_sessions WHERE session_id = ?", [session_id]
    ).fetchone()
    if row is None:
        raise NotFound("That surgery session does not exist.")
    return Session(*row)


def add_session(cur: db.Cursor, user: User, values: dict, now: datetime) -> int:
    """A one-off extra session (before a review, at a busy time); returns its session_id."""
    require(user, "surgery", "sessions")
    clean, problems = validate_times(values)
    day = values.get("session_date")
    if not isinstance(day, date):
        problems.append(Problem("Date", "is required"))
    elif not problems:
        if datetime.combine(day, clean["starts"], SCHOOL_TZ) < now:
            problems.append(
                Problem("Date", f"{short_date(day)} at {clean['starts']:%H:%M} has passed")
            )
        for other in list_sessions(cur, day, day):
            if other.cancelled_at is None and overlaps(
                clean["starts"], clean["ends"], other.starts, other.ends
            ):
                problems.append(
                    Problem(
                        "Starts", f"overlaps the session {other.starts:%H:%M}–{other.ends:%H:%M}"
                    )
                )
    if problems:
        raise ValidationError(problems)
    row = {"pattern_id": None, "session_date": day, **clean, "created_by": user.username}

    def work(c: db.Cursor) -> int:
        session_id = _insert_sessions(c, pd.DataFrame([row]))[0]
        audit.record(c, user.username, "add surgery session", detail=f"session {session_id}: {day}")
        return session_id

    return db.write(cur, work)


def sessions_table(sessions: list[Session]) -> pd.DataFrame:
    """Sessions as a table for people: date, times, slots, place, and whether cancelled."""
    return pd.DataFrame(
        [
            {
                "Date": x.session_date,
                "Day": f"{x.session_date:%A}",
                "Time": f"{x.starts:%H:%M}–{x.ends:%H:%M}",
                "Slots": f"{x.slot_count} × {x.slot_minutes} min",
                "Place": x.place,
                "Kind": "weekly" if x.pattern_id is not None else "extra",
                "Cancelled": x.cancel_reason if x.cancelled_at is not None else "",
            }
            for x in sessions
        ],
        columns=["Date", "Day", "Time", "Slots", "Place", "Kind", "Cancelled"],
    )


def keep_ahead(cur: db.Cursor, today: date) -> int:
    """Make any sessions still missing up to the end of next term (as terms roll on); the
    pattern itself is changed only by the SENCo. Returns how many were made."""
    until = horizon(cur, today)
    latest = db.scalar(
        cur, "SELECT max(session_date) FROM surgery_sessions WHERE pattern_id IS NOT NULL"
    )
    if latest is not None and latest >= until - timedelta(days=7):
        return 0
    if not db.scalar(cur, "SELECT count(*) FROM surgery_patterns WHERE active"):
        return 0
    return db.write(cur, lambda c: generate_sessions(c, today, until, "system"))
