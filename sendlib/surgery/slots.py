"""Surgery slots: which are free, the nearest ones when a slot was just taken, taking one for a
booking or a hold (one active booking per slot, enforced by the database), and which week the
booking grid opens on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

from sendlib import db
from sendlib.access import can
from sendlib.errors import NotFound, Problem, SendHubError
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, short_date

NEAREST = 3


class SlotTaken(SendHubError):
    """The slot was booked or held by someone else first; carries the nearest free slots."""

    def __init__(self, message: str, alternatives: list[FreeSlot]):
        self.alternatives = alternatives
        if alternatives:
            message += " Nearest free: " + "; ".join(s.label for s in alternatives) + "."
        else:
            message += " There are no free slots left in the sessions made so far."
        super().__init__(message)


@dataclass(frozen=True)
class FreeSlot:
    """A slot nobody holds, in a session that is not cancelled."""

    slot_id: int
    starts_at: datetime
    ends_at: datetime
    place: str

    @property
    def label(self) -> str:
        """'Tue 24 Nov 2026 13:50, SENCo office'."""
        return f"{slot_when(self.starts_at)}, {self.place}"


def slot_when(moment: datetime) -> str:
    local = moment.astimezone(SCHOOL_TZ)
    return f"{local:%a} {short_date(local.date())} {local:%H:%M}"


def free_slots(
    cur: db.Cursor, after: datetime, limit: int = NEAREST, around: datetime | None = None
) -> list[FreeSlot]:
    """Free slots starting after `after`: the soonest, or those nearest to `around`."""
    order = "abs(epoch(sl.starts_at) - epoch(?::TIMESTAMPTZ))" if around else "sl.starts_at"
    params: list = [after] + ([around] if around else []) + [limit]
    return db.records(
        cur,
        FreeSlot,
        f"""
        SELECT sl.slot_id, sl.starts_at, sl.ends_at, s.place
        FROM surgery_slots sl JOIN surgery_sessions s USING (session_id)
        WHERE s.cancelled_at IS NULL AND sl.starts_at > ?
          AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.active_slot_id = sl.slot_id)
        ORDER BY {order}, sl.starts_at LIMIT ?
        """,
        params,
    )


def slot_exists(cur: db.Cursor, slot_id: int) -> bool:
    """Whether there is a surgery slot with this id (a page's address may name any number)."""
    return bool(db.scalar(cur, "SELECT count(*) FROM surgery_slots WHERE slot_id = ?", [slot_id]))


def slot_times(cur: db.Cursor, slot_id: int) -> tuple[datetime, datetime, bool]:
    row = cur.execute(
        "SELECT sl.starts_at, sl.ends_at, s.cancelled_at IS NOT NULL "
        "FROM surgery_slots sl JOIN surgery_sessions s USING (session_id) WHERE sl.slot_id = ?",
        [slot_id],
    ).fetchone()
    if row is None:
        raise NotFound("That surgery slot does not exist.")
    return row


def check_open_slot(cur: db.Cursor, slot_id: int, now: datetime, problems: list) -> datetime:
    starts_at, _, cancelled = slot_times(cur, slot_id)
    if cancelled:
        problems.append(Problem("Slot", "is in a cancelled session: choose another"))
    elif starts_at < now:
        problems.append(Problem("Slot", f"{slot_when(starts_at)} has passed: choose a later slot"))
    return starts_at


def taken(cur: db.Cursor, slot_id: int, now: datetime) -> SlotTaken:
    """The error for a slot someone else has just taken, with the nearest free slots."""
    starts_at = slot_times(cur, slot_id)[0]
    row = cur.execute(
        "SELECT status, hold_note FROM bookings WHERE active_slot_id = ?", [slot_id]
    ).fetchone()
    what = f"held ({row[1]})" if row and row[0] == "held" else "booked"
    return SlotTaken(
        f"The slot at {slot_when(starts_at)} has just been {what} by someone else.",
        free_slots(cur, now, NEAREST, around=starts_at),
    )


def claiming(cur: db.Cursor, slot_id: int, now: datetime, work) -> int:
    """Run a write that takes a slot; if someone else took it first, say so with alternatives."""
    try:
        return db.write(cur, work)
    except (duckdb.ConstraintException, duckdb.TransactionException) as exc:
        # Met at the insert ("active_slot_id"), or at commit when the other booking committed
        # in between ("constraint violation: duplicate key"): either way the slot was taken.
        message = str(exc)
        if "active_slot_id" not in message and "constraint violation" not in message.lower():
            raise
    raise taken(cur, slot_id, now)


def check_taken_inside(c: db.Cursor, slot_id: int, now: datetime) -> None:
    if db.scalar(c, "SELECT 1 FROM bookings WHERE active_slot_id = ?", [slot_id]):
        raise taken(c, slot_id, now)


def week_start(day: date) -> date:
    """The Monday of the week containing a day."""
    return day - timedelta(days=day.weekday())


def opening_week(cur: db.Cursor, user: User, today: date, now: datetime) -> date:
    """The Monday of the week the booking grid opens on, when the address names none.

    Whoever books but does not run the meetings (the office) starts at the first week, from this
    one on, with a slot still free to book: on a Saturday, or when this week is full, that is a
    later week. Whoever runs the meetings starts at this week, with its meetings to write up.
    """
    if can(user, "surgery", "book") and not can(user, "surgery", "attend"):
        nearest = free_slots(cur, now, 1)
        if nearest:
            return week_start(nearest[0].starts_at.astimezone(SCHOOL_TZ).date())
    return week_start(today)
