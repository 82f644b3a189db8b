"""Parent-surgery bookings: the office books and moves them; the SENCo holds slots.

Taking a slot (one active booking per slot, enforced by the database) is in slots; calling a
booking or a session off in cancelling; who came and the meeting written up in attendance.
What each role sees of a booking is decided here, not on the page: the office sees names and
how to reach the parent, never the agenda; a teacher sees their own pupils' bookings; a head or
governor sees counts only (see grid.week_counts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import (
    BROKEN_TEXT,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationError,
    clean_text,
    composed,
    is_broken,
)
from sendlib.pupils import contacts
from sendlib.pupils.contacts import Contact
from sendlib.surgery.slots import check_open_slot, check_taken_inside, claiming, slot_when
from sendlib.timeline.ledger import PUPIL_NAME_SQL
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, short_date

MODES = ("in person", "phone", "video")
STATES = ("free", "held", "booked", "attended", "no-show")
MAX_AGENDA = 1000
MAX_NOTE = 200


@dataclass(frozen=True)
class Booking:
    """One booking or hold, as the user asking may see it (hidden fields are None)."""

    booking_id: int
    slot_id: int
    status: str
    starts_at: datetime
    ends_at: datetime
    place: str
    remote_details: str | None
    session_cancelled: bool
    pupil_id: int | None
    pupil_name: str | None
    class_name: str | None
    contact_id: int | None
    parent_name: str | None
    relationship: str | None
    phone: str | None
    email: str | None
    language: str | None
    interpreter_needed: bool | None
    mode: str | None
    agenda: str | None
    hold_note: str | None
    booked_by: str
    booked_at: datetime
    cancel_reason: str | None
    communication_id: int | None
    follow_up_action_id: int | None

    @property
    def when(self) -> str:
        """'Tue 24 Nov 2026 13:30–13:50'."""
        return f"{slot_when(self.starts_at)}–{self.ends_at.astimezone(SCHOOL_TZ):%H:%M}"

    @property
    def label(self) -> str:
        """'Tue 24 Nov 2026 13:30–13:50: Zoë O'Connor-Smith with Ms O'Connor (phone)'."""
        if self.status == "held":
            return f"{self.when}: held ({self.hold_note})"
        return f"{self.when}: {self.pupil_name} with {self.parent_name} ({self.mode})"


BOOKING_SQL = f"""
SELECT b.booking_id, b.slot_id, b.status, sl.starts_at, sl.ends_at, s.place, s.remote_details,
       s.cancelled_at IS NOT NULL AS session_cancelled, b.pupil_id,
       {PUPIL_NAME_SQL} AS pupil_name, p.class_name, b.contact_id,
       coalesce(ct.form_of_address, ct.name) AS parent_name, ct.relationship, ct.phone, ct.email,
       ct.language, ct.interpreter_needed, b.mode, b.agenda, b.hold_note,
       coalesce(u.name, b.booked_by) AS booked_by, b.booked_at, b.cancel_reason,
       b.communication_id, b.follow_up_action_id
FROM bookings b
JOIN surgery_slots sl ON sl.slot_id = b.slot_id
JOIN surgery_sessions s ON s.session_id = sl.session_id
LEFT JOIN pupils p ON p.pupil_id = b.pupil_id
LEFT JOIN contacts ct ON ct.contact_id = b.contact_id
LEFT JOIN users u ON u.username = b.booked_by
"""


def _shown(user: User, booking: Booking) -> Booking:
    if not access.reads_agendas(user):
        return replace(booking, agenda=None)  # the agenda may say what the child needs
    return booking


def get_booking(cur: db.Cursor, user: User, booking_id: int) -> Booking:
    """A booking as this user may see it; NotFound when it is not theirs to see."""
    require(user, "surgery")
    if access.counts_only(user):
        raise PermissionDenied("Head and governor accounts see surgery counts only.")
    booking = db.held(
        cur, Booking, f"{BOOKING_SQL} WHERE b.booking_id = ?", [booking_id],
        "That booking does not exist.",
    )  # fmt: skip
    if booking.pupil_id is not None and not access.sees_family_booked(user, booking.class_name):
        raise NotFound("That booking does not exist.")
    return _shown(user, booking)


def active_booking_for_slot(cur: db.Cursor, user: User, slot_id: int) -> Booking | None:
    """The booking or hold in a slot, if any (as this user may see it)."""
    booking_id = db.scalar(
        cur, "SELECT booking_id FROM bookings WHERE active_slot_id = ?", [slot_id]
    )
    return None if booking_id is None else get_booking(cur, user, booking_id)


# ---------------------------------------------------------------- free slots


# ---------------------------------------------------------------- booking


def bookable_pupils(cur: db.Cursor, user: User) -> pd.DataFrame:
    """Pupils whose parents can be booked in: everyone still at the school (a parent worried
    about a child not yet on the SEN register may book too). Names and classes only."""
    require(user, "surgery", "book")
    return cur.execute(
        f"SELECT p.pupil_id, {PUPIL_NAME_SQL} AS Pupil, p.class_name AS Class FROM pupils p "
        "WHERE p.date_left IS NULL ORDER BY p.legal_surname, p.legal_forename, p.pupil_id"
    ).df()


def contacts_for(cur: db.Cursor, user: User, pupil_id: int) -> list[Contact]:
    """The parents and carers to book with, and how each likes to be contacted."""
    require(user, "surgery", "book")
    return contacts.list_contacts(cur, pupil_id)


def _check_booking(
    cur: db.Cursor, pupil_id: int | None, contact_id: int | None, mode: str | None, agenda: str
) -> list[Problem]:
    problems = []
    row = None
    if pupil_id is None:
        problems.append(Problem("Pupil", "is required"))
    else:
        row = cur.execute(
            f"SELECT {PUPIL_NAME_SQL}, p.date_left FROM pupils p WHERE p.pupil_id = ?",
            [pupil_id],
        ).fetchone()
        if row is None:
            problems.append(Problem("Pupil", "is not on the school's records"))
        elif row[1] is not None:
            problems.append(Problem("Pupil", f"{row[0]} left the school on {short_date(row[1])}"))
    if row is not None and row[1] is None:
        carers = {c.contact_id for c in contacts.list_contacts(cur, pupil_id)}
        if not carers:
            problems.append(
                Problem(
                    "Parent or carer",
                    f"{row[0]} has no parent or carer on record: the SENCo or the class "
                    "teacher adds them first, on the pupil's profile under Parents and carers",
                )
            )
        elif contact_id is None:
            problems.append(Problem("Parent or carer", "is required"))
        elif contact_id not in carers:
            problems.append(Problem("Parent or carer", "is not one of this pupil's"))
    if mode not in MODES:
        problems.append(Problem("Mode", f"must be one of {', '.join(MODES)}"))
    if is_broken(agenda):
        problems.append(Problem("Agenda", BROKEN_TEXT))
    elif len(agenda) > MAX_AGENDA:
        problems.append(Problem("Agenda", f"must be at most {MAX_AGENDA} characters"))
    return problems


def book(
    cur: db.Cursor,
    user: User,
    slot_id: int,
    pupil_id: int | None,
    contact_id: int | None,
    mode: str | None,
    agenda: str | None,
    now: datetime,
    then: Callable[[db.Cursor, int], object] | None = None,
) -> int:
    """Book a parent or carer into a free slot; returns the booking_id. `then(c, booking_id)`
    runs in the same transaction (the invitation emailed to the parent)."""
    require(user, "surgery", "book")
    agenda = composed((agenda or "").strip())
    problems = _check_booking(cur, pupil_id, contact_id, mode, agenda)
    starts_at = check_open_slot(cur, slot_id, now, problems)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        booking_id = _claim(
            c,
            user,
            slot_id,
            now,
            status="booked",
            pupil_id=pupil_id,
            contact_id=contact_id,
            mode=mode,
            agenda=agenda or None,
        )
        detail = f"booking {booking_id}: {slot_when(starts_at)}, {mode}"
        audit.record(c, user.username, "book surgery", pupil_id, detail)
        if then is not None:
            then(c, booking_id)
        return booking_id

    return claiming(cur, slot_id, now, work)


def hold(cur: db.Cursor, user: User, slot_id: int, note: str, now: datetime) -> int:
    """Hold a slot without a booking yet (while the office rings a parent back)."""
    require(user, "surgery", "hold")
    problems: list[Problem] = []
    note = clean_text(
        note, "Why it is held", MAX_NOTE, True, problems, "for example 'for Mrs Khan'"
    )
    starts_at = check_open_slot(cur, slot_id, now, problems)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        booking_id = _claim(c, user, slot_id, now, status="held", hold_note=note)
        audit.record(c, user.username, "hold surgery slot", None, f"{slot_when(starts_at)}: {note}")
        return booking_id

    return claiming(cur, slot_id, now, work)


def _claim(c: db.Cursor, user: User, slot_id: int, now: datetime, **columns) -> int:
    """Insert a booking or hold that occupies the slot, INSIDE the caller's transaction."""
    check_taken_inside(c, slot_id, now)
    names = ["slot_id", "active_slot_id", "booked_by", "booked_at", *columns]
    return c.execute(
        f"INSERT INTO bookings ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)}) "
        "RETURNING booking_id",
        [slot_id, slot_id, user.username, now, *columns.values()],
    ).fetchone()[0]


def current_booking(cur: db.Cursor, user: User, booking_id: int, *statuses: str) -> Booking:
    booking = get_booking(cur, user, booking_id)
    if booking.status not in statuses:
        raise ValidationError.one("Booking", f"is {booking.status}, so this cannot be done")
    return booking


def _change_status(
    c: db.Cursor,
    user: User,
    booking: Booking,
    status: str,
    now: datetime,
    action: str,
    detail: str | None = None,
    **columns,
) -> None:
    """Move a booking to a new status INSIDE the caller's transaction, with its audit row: the
    action, the detail (the booking's label unless given) and what changed."""
    active = None if status == "cancelled" else booking.slot_id
    extra = "".join(f", {name} = ?" for name in columns)
    c.execute(
        f"UPDATE bookings SET status = ?, active_slot_id = ?, changed_by = ?, changed_at = ?"
        f"{extra} WHERE booking_id = ?",
        [status, active, user.username, now, *columns.values(), booking.booking_id],
    )
    audit.record(
        c,
        user.username,
        action,
        booking.pupil_id,
        detail or booking.label,
        before={"status": booking.status},
        after={"status": status, **columns},
    )


def release(cur: db.Cursor, user: User, booking_id: int, now: datetime) -> None:
    """Free a held slot."""
    require(user, "surgery", "hold")
    booking = current_booking(cur, user, booking_id, "held")

    def work(c: db.Cursor) -> None:
        _change_status(
            c, user, booking, "cancelled", now, "release surgery slot",
            cancel_reason="hold released",
        )  # fmt: skip

    db.write(cur, work)


def move(
    cur: db.Cursor,
    user: User,
    booking_id: int,
    slot_id: int,
    now: datetime,
    then: Callable[[db.Cursor, int], object] | None = None,
) -> None:
    """Move a booking to another free slot, keeping who, how and the agenda. `then(c,
    booking_id)` runs in the same transaction (the new time emailed to the parent)."""
    require(user, "surgery", "move")
    booking = current_booking(cur, user, booking_id, "booked")
    problems: list[Problem] = []
    if slot_id == booking.slot_id:
        problems.append(Problem("New slot", "is the slot it is already in"))
    starts_at = check_open_slot(cur, slot_id, now, problems)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        check_taken_inside(c, slot_id, now)
        c.execute(
            "UPDATE bookings SET slot_id = ?, active_slot_id = ?, changed_by = ?, changed_at = ? "
            "WHERE booking_id = ?",
            [slot_id, slot_id, user.username, now, booking_id],
        )
        audit.record(
            c,
            user.username,
            "move surgery booking",
            booking.pupil_id,
            f"booking {booking_id}: {booking.when} to {slot_when(starts_at)}",
            before={"slot_id": booking.slot_id, "starts_at": booking.starts_at},
            after={"slot_id": slot_id, "starts_at": starts_at},
        )
        if then is not None:
            then(c, booking_id)
        return booking_id

    claiming(cur, slot_id, now, work)


def bookings_for_pupil(cur: db.Cursor, user: User, pupil_id: int) -> list[Booking]:
    """A pupil's surgery bookings, newest first, for users who may see that pupil."""
    require(user, "surgery")
    found = db.records(
        cur, Booking, f"{BOOKING_SQL} WHERE b.pupil_id = ? ORDER BY sl.starts_at DESC", [pupil_id]
    )
    return [_shown(user, b) for b in found if access.sees_family_booked(user, b.class_name)]
