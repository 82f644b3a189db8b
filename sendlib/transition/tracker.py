"""Starting transition early: who is moving on this year, how far each pack has got, and by
when packs should be started (a date the school sets, by default the February half term)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.pupils import census
from sendlib.reporting import staff_meeting
from sendlib.school import calendar
from sendlib.school.year import academic_year_start
from sendlib.timeline.ledger import PUPIL_NAME_SQL
from sendlib.users import User

TRACKER_COLUMNS = ["pupil_id", "pack_id", "Pupil", "Class", "Year", "Status", "Moving to",
                   "Move date", "Pack", "Version", "Warning"]  # fmt: skip
AGREED_WARNING_WEEKS = 6


def year_bounds(today: date) -> tuple[date, date]:
    """This school year's moves: from 1 September to the end of next September, as moves at the
    end of the year are dated the first days of the next."""
    start = academic_year_start(today)
    return date(start, 9, 1), date(start + 1, 9, 30)


def warn_by(cur: db.Cursor, today: date) -> date:
    """By when this year's packs should be started: the school's setting
    ('transition_start_by', an ISO date inside this school year), else the Monday of the
    February half term, else the third Monday of February."""
    first, last = year_bounds(today)
    try:
        chosen = date.fromisoformat(db.get_setting(cur, "transition_start_by") or "")
    except ValueError:
        chosen = None
    if chosen and first <= chosen <= last:
        return chosen
    february = date(last.year, 2, 1)
    for closure in calendar.list_closures(cur, february, date(last.year, 2, 28)):
        if "half term" in closure.reason.lower() and closure.starts.month == 2:
            return closure.starts - timedelta(days=closure.starts.weekday())
    return february + timedelta(days=(7 - february.weekday()) % 7 + 14)


def set_start_by(cur: db.Cursor, user: User, day: date | None, today: date) -> None:
    """The school's own date by which this year's packs should be started (None: the default,
    the February half term)."""
    require(user, "settings", "edit")
    first, last = academic_year_start(today), academic_year_start(today) + 1
    if day is not None and not date(first, 9, 1) <= day <= date(last, 8, 31):
        raise ValidationError.one(
            "Start transition packs by", f"must be in this school year ({first}/{last % 100:02d})"
        )

    def work(c: db.Cursor) -> None:
        before = db.get_setting(c, "transition_start_by")
        if day is None:
            c.execute("DELETE FROM settings WHERE key = 'transition_start_by'")
        else:
            db.set_setting(c, "transition_start_by", day.isoformat())
        audit.record(
            c,
            user.username,
            "change settings",
            detail=f"start packs by {day or 'default'}",
            before={"transition_start_by": before},
            after={"transition_start_by": day},
        )

    db.write(cur, work)


# Pupils moving on at the end of the year: to secondary school (Year 6), into post-16 (Year 11),
# or out of the oldest year group on roll. Everyone else on the register moves class.
MOVING_ON_SQL = """(p.year_group IN (6, 11) OR p.year_group =
          (SELECT max(year_group) FROM pupils WHERE date_left IS NULL))"""

TRACKER_SQL = """
WITH latest AS (
    SELECT * FROM transition_packs QUALIFY row_number() OVER
        (PARTITION BY pupil_id ORDER BY created_at DESC, pack_id DESC) = 1
), versions AS (
    SELECT pack_id, max(version) AS version FROM pack_versions GROUP BY pack_id
)
SELECT p.pupil_id, t.pack_id, concat_ws(' ', coalesce(p.known_as, p.legal_forename),
       p.legal_surname) AS pupil, p.class_name, p.year_group, s.status,
       t.receiving_setting, t.move_date, t.status AS pack_status, v.version
FROM pupils p
LEFT JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
LEFT JOIN latest t ON t.pupil_id = p.pupil_id
LEFT JOIN versions v ON v.pack_id = t.pack_id
WHERE p.date_left IS NULL AND {visible}
  AND ((s.status IS NOT NULL AND MOVING_ON) OR t.move_date BETWEEN ? AND ?)
""".replace("MOVING_ON", MOVING_ON_SQL)

CLASS_MOVE_COLUMNS = ["pupil_id", "Pupil", "Class", "Year", "Status", "Moving to", "Pack"]


_TRACKER_FIELDS = ("pupil_id", "pack_id", "pupil", "class_name", "year_group", "status",
                   "setting", "move_date", "pack_status", "version")  # fmt: skip


def _warning(row: dict, today: date, start_by: date) -> str:
    if row["pack_id"] is None:
        late = today >= start_by
        return f"Not started: due by {start_by:%d/%m/%Y}" if late else ""
    soon = row["move_date"] - today <= timedelta(weeks=AGREED_WARNING_WEEKS)
    unagreed = row["pack_status"] in ("draft", "shared with parents")
    return "Not yet agreed with parents" if soon and unagreed else ""


def tracker(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """Pupils moving on at the end of this school year, and anyone with a pack for a move this
    year, with how far each pack has got and what needs doing.

    "Moving on" means pupils on the register (any status) in Year 6 or Year 11 (the moves to
    secondary school and into post-16) or in the oldest year group on roll (Year 13 leavers).
    """
    require(user, "transition", "view")
    visible, params = access.pupil_scope(user).where()
    rows = cur.execute(
        TRACKER_SQL.format(visible=visible), [*params, *year_bounds(today)]
    ).fetchall()
    start_by = warn_by(cur, today)
    records = []
    for values in rows:
        row = dict(zip(_TRACKER_FIELDS, values, strict=True))
        records.append(
            {
                "pupil_id": row["pupil_id"],
                "pack_id": row["pack_id"],
                "Pupil": row["pupil"],
                "Class": row["class_name"],
                "Year": census.year_label(row["year_group"]),
                "Status": census.status_label(row["status"]),
                "Moving to": row["setting"] or "",
                "Move date": row["move_date"],
                "Pack": row["pack_status"] or "not started",
                "Version": row["version"],
                "Warning": _warning(row, today, start_by),
            }
        )
    frame = pd.DataFrame(records, columns=TRACKER_COLUMNS, dtype=object)
    if frame.empty:
        return staff_meeting.mask(frame, user)
    frame["_ok"] = frame["Warning"] == ""
    frame = frame.sort_values(["_ok", "Class", "Pupil"], kind="stable").drop(columns="_ok")
    return staff_meeting.mask(frame.reset_index(drop=True), user)


def class_moves(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """Pupils on the register moving up to their next class in September who are not on the
    tracker (no pack yet for a move this year): CLASS_MOVE_COLUMNS, by class and name. Their
    packs are class-to-class ones, handed to the new teacher in the September handover."""
    require(user, "transition", "view")
    visible, params = access.pupil_scope(user).where()
    tracked = TRACKER_SQL.format(visible=visible)
    rows = cur.execute(
        f"""
        WITH tracked AS ({tracked})
        SELECT p.pupil_id, concat_ws(' ', coalesce(p.known_as, p.legal_forename),
               p.legal_surname) AS pupil, p.class_name, p.year_group, s.status
        FROM pupils p
        JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
        WHERE p.date_left IS NULL AND {visible}
          AND p.pupil_id NOT IN (SELECT pupil_id FROM tracked)
        ORDER BY p.class_name, p.legal_surname, p.legal_forename, p.pupil_id
        """,
        [*params, *year_bounds(today), *params],
    ).fetchall()
    frame = pd.DataFrame(
        [
            {
                "pupil_id": pupil_id,
                "Pupil": pupil,
                "Class": class_name,
                "Year": census.year_label(year),
                "Status": census.status_label(status),
                "Moving to": census.year_label(year + 1) if year is not None else "",
                "Pack": "not started",
            }
            for pupil_id, pupil, class_name, year, status in rows
        ],
        columns=CLASS_MOVE_COLUMNS,
        dtype=object,
    )
    return staff_meeting.mask(frame, user)


def class_pupils(cur: db.Cursor, user: User, class_name: str) -> list[tuple[int, str]]:
    """The pupils on the register in a class (not leavers), by name: a September handover's."""
    require(user, "transition")
    visible, params = access.pupil_scope(user).where()
    rows = cur.execute(
        f"SELECT p.pupil_id, {PUPIL_NAME_SQL} FROM pupils p "
        "JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL "
        f"WHERE {visible} AND p.date_left IS NULL AND p.class_name = ? "
        "ORDER BY p.legal_surname, p.legal_forename",
        [*params, class_name],
    ).fetchall()
    return [(pupil_id, name) for pupil_id, name in rows]
