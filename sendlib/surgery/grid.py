"""The surgery grid: every slot in a span of days with its state and, as far as the user may
see, who is booked; and weekly counts that name nobody, for heads and governors."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from sendlib import access, db
from sendlib.access import require
from sendlib.errors import PermissionDenied
from sendlib.reporting import staff_meeting
from sendlib.timeline.ledger import PUPIL_NAME_SQL
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, counted

_GRID_SQL = f"""
SELECT sl.slot_id, s.session_id, b.booking_id, b.pupil_id, s.session_date,
       sl.starts_at, sl.ends_at, sl.position, s.place, s.remote_details,
       s.cancelled_at IS NOT NULL AS session_cancelled,
       coalesce(b.status, 'free') AS state,
       CASE WHEN b.pupil_id IS NOT NULL THEN {PUPIL_NAME_SQL} END AS pupil,
       p.class_name, coalesce(ct.form_of_address, ct.name) AS parent, ct.relationship,
       ct.phone, b.mode,
       CASE WHEN ct.interpreter_needed THEN ct.language || ' interpreter' END AS interpreter,
       ct.language, b.agenda, b.hold_note, b.communication_id
FROM surgery_slots sl
JOIN surgery_sessions s ON s.session_id = sl.session_id
LEFT JOIN bookings b ON b.active_slot_id = sl.slot_id
LEFT JOIN pupils p ON p.pupil_id = b.pupil_id
LEFT JOIN contacts ct ON ct.contact_id = b.contact_id
WHERE s.session_date BETWEEN ? AND ?
ORDER BY sl.starts_at
"""
_PRIVATE = [
    "pupil_id",
    "pupil",
    "class_name",
    "parent",
    "relationship",
    "phone",
    "mode",
    "interpreter",
    "language",
    "agenda",
    "communication_id",
]


def grid(cur: db.Cursor, user: User, first: date, last: date) -> pd.DataFrame:
    """Every slot between two dates with its state and, as far as this user may see, who."""
    require(user, "surgery")
    if access.counts_only(user):
        raise PermissionDenied("Head and governor accounts see surgery counts only.")
    frame = cur.execute(_GRID_SQL, [first, last]).df()
    for column in ("starts_at", "ends_at"):
        frame[column] = frame[column].dt.tz_convert(SCHOOL_TZ)
    if not access.reads_agendas(user):
        frame["agenda"] = None
    elif access.sees_class_only(user):
        hidden = frame["pupil_id"].notna() & ~frame["class_name"].isin(list(user.classes))
        frame = frame.astype({c: object for c in _PRIVATE})
        frame.loc[hidden, _PRIVATE] = None
        frame["hold_note"] = None  # a hold's note may name a family
    return staff_meeting.mask(frame, user)


def _initial(name: str) -> str:
    """'Mia Wright' -> 'Mia W.': enough to tell families apart on a crowded grid."""
    first, _, last = name.rpartition(" ")
    if not first or not last or last.endswith((".", ")")):
        return name  # one word, or initials already (staff-meeting mode: 'T. O.', 'T. O. (2)')
    return f"{first} {last[0]}."


# A slot's state in the words a cell and its count use: a family who did not come "missed" it.
STATE_WORDS = {"no-show": "missed"}


def grid_cell(row, short: bool = False) -> str:
    """What a slot says: '13:50 booked: Zoë O'Connor-Smith (phone)', or on the grid (short)
    '13:50 Zoë O. · phone'."""
    clock = f"{row.starts_at:%H:%M}"
    if row.session_cancelled:
        return f"{clock} cancelled"
    if row.state == "free":
        return f"{clock} free"
    if row.state == "held":
        return f"{clock} held" if short or not row.hold_note else f"{clock} held: {row.hold_note}"
    state = STATE_WORDS.get(row.state, row.state)
    if not isinstance(row.pupil, str):
        return f"{clock} {state}"  # another class's family: a teacher sees only that
    if not short:
        return f"{clock} {state}: {row.pupil} ({row.mode})"
    if row.state == "booked":
        return f"{clock} {_initial(row.pupil)} · {row.mode}"
    return f"{clock} {state} · {_initial(row.pupil)}"


def grid_table(
    frame: pd.DataFrame, now: datetime | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sessions down, slots across: (the words in each cell, the state of each cell). A free
    slot that has passed reads 'not used', so nobody mistakes it for one to book."""
    if frame.empty:
        return pd.DataFrame(columns=["Session"]), pd.DataFrame(columns=["Session"])
    passed = (frame["state"] == "free") & (frame["starts_at"] < now if now else False)
    state = frame["state"].where(~passed, "passed")
    frame = frame.assign(
        cell=[
            f"{row.starts_at:%H:%M} not used" if gone else grid_cell(row, short=True)
            for row, gone in zip(frame.itertuples(index=False), passed, strict=True)
        ],
        shown_state=state.where(~frame["session_cancelled"], "cancelled"),
        session=[
            f"{row.session_date:%a} {row.session_date.day} {row.session_date:%b} · {row.place}"
            for row in frame.itertuples(index=False)
        ],
    )
    order = frame.drop_duplicates("session_id")[["session_id", "session"]]
    tables = []
    for values in ("cell", "shown_state"):
        table = frame.pivot(index="session_id", columns="position", values=values)
        table = table.reindex(order["session_id"]).fillna("")
        table.columns = [f"Slot {n}" for n in table.columns]
        table.insert(0, "Session", order["session"].to_numpy())
        tables.append(table.reset_index(drop=True))
    return tables[0], tables[1]


def free_to_book(frame: pd.DataFrame, now: datetime) -> pd.Series:
    """Which of the grid's slots can still be booked: free, in a session that is on, and not
    yet begun."""
    return (frame["state"] == "free") & ~frame["session_cancelled"] & (frame["starts_at"] > now)


def session_days(frame: pd.DataFrame, week: date) -> list[date]:
    """The days of the week beginning `week` with a session that is on: those a day sheet can
    be printed for."""
    on = frame[~frame["session_cancelled"]]
    days = sorted({pd.Timestamp(d).date() for d in on["session_date"]})
    return [day for day in days if week <= day <= week + timedelta(days=6)]


SUMMARY_WORDS = {  # a slot's state on the grid -> how the count under the grid names it
    "booked": "booked",
    "held": "held",
    "attended": "attended",
    "no-show": STATE_WORDS["no-show"],
    "free": "free to book",
    "passed": "not used",
    "cancelled": "in cancelled sessions",
}


def summary(frame: pd.DataFrame, now: datetime) -> str:
    """The count under the grid: '5 slots: 2 booked, 1 held, 2 free to book.', or for a week
    gone by '5 slots: 1 attended, 2 missed, 2 not used; none free to book.'"""
    states = grid_table(frame, now)[1].drop(columns="Session").to_numpy().ravel()
    counts = pd.Series([s for s in states if s]).value_counts()
    parts = [f"{counts[s]} {words}" for s, words in SUMMARY_WORDS.items() if s in counts]
    total = int(counts.sum())
    text = f"{counted(total, 'slot')}: " + ", ".join(parts)
    return text + ("." if "free" in counts else "; none free to book.")


OTHER_CLASSES = "Other classes"


def week_counts(
    cur: db.Cursor,
    user: User,
    first: date,
    last: date,
    pupils: tuple[str, list] | None = None,
) -> pd.DataFrame:
    """Slots offered and used per week, naming nobody (what a head or governor sees).

    With `pupils` (a condition on pupils `p` and its markers, such as a teacher's classes), only
    those pupils' bookings are counted by status; slots taken for other pupils are counted in an
    extra column, OTHER_CLASSES."""
    require(user, "surgery")
    visible, params = pupils or ("TRUE", [])
    other = f', count(*) FILTER (WHERE NOT b.mine) AS "{OTHER_CLASSES}"' if pupils else ""
    return cur.execute(
        f"""
        SELECT date_trunc('week', s.session_date)::DATE AS "Week beginning",
               count(DISTINCT s.session_id) AS "Sessions",
               count(*) AS "Slots",
               count(*) FILTER (WHERE b.status = 'booked' AND b.mine) AS "Booked",
               count(*) FILTER (WHERE b.status = 'held' AND b.mine) AS "Held",
               count(*) FILTER (WHERE b.status = 'attended' AND b.mine) AS "Attended",
               count(*) FILTER (WHERE b.status = 'no-show' AND b.mine) AS "No-show",
               count(*) FILTER (WHERE b.booking_id IS NULL) AS "Free"
               {other}
        FROM surgery_slots sl
        JOIN surgery_sessions s ON s.session_id = sl.session_id AND s.cancelled_at IS NULL
        LEFT JOIN (
            SELECT b.*, (b.pupil_id IS NULL OR coalesce({visible}, FALSE)) AS mine
            FROM bookings b LEFT JOIN pupils p ON p.pupil_id = b.pupil_id
        ) b ON b.active_slot_id = sl.slot_id
        WHERE s.session_date BETWEEN ? AND ?
        GROUP BY 1 ORDER BY 1
        """,
        [*params, first, last],
    ).df()
