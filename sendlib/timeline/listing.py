"""Reading the timeline: one communication, the filtered list a page shows or prints, and the
filters described in words. Logging an entry is in entries; replies in replies."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import NotFound, composed
from sendlib.pupils import register
from sendlib.reporting import staff_meeting
from sendlib.school import calendar
from sendlib.timeline import ledger as promises
from sendlib.timeline.entries import Entry
from sendlib.timeline.ledger import PUPIL_NAME_SQL
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

LIST_COLUMNS = [
    "communication_id",
    "pupil_id",
    "When",
    "Pupil",
    "Channel",
    "Direction",
    "With",
    "Staff",
    "Subject",
    "Summary",
    "Parent's views",
    "Meeting",
    "Led by",
    "Needs reply",
    "Replied",
    "Open actions",
]


# What the timeline shows, in order, with widths in pixels: when, who, what and with whom fill a
# school laptop's screen (1366 px wide); the rest is a scroll to the right.
LIST_SHOWN = {"When": 125, "Pupil": 140, "Subject": 290, "With": 215, "Channel": 134,
              "Direction": 100, "Staff": 130, "Meeting": 130, "Needs reply": 95, "Replied": 130,
              "Open actions": 100, "Summary": 400, "Parent's views": 400, "Led by": 130}  # fmt: skip


@dataclass(frozen=True)
class TimelineFilter:
    """What the timeline page asks for; every field narrows the list."""

    pupil_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    channels: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    meetings_only: bool = False
    awaiting_reply: bool = False
    with_open_actions: bool = False
    search: str = ""


_ENTRY_COLUMNS = f"""
       c.communication_id, c.pupil_id, c.happened_at, c.entered_at, c.entered_by, c.channel,
       c.direction, c.contact_id, c.agency_id, c.staff_username, c.subject, c.summary,
       c.parent_views, c.meeting_kind, c.led_by, c.attendees, c.next_meeting, c.needs_reply,
       c.replied_at, c.written_record_given,
       {PUPIL_NAME_SQL} AS pupil_name,
       nullif(concat_ws(', ',
           coalesce(ct.form_of_address, ct.name) || ' (' || ct.relationship || ')',
           ag.service || coalesce(' (' || ag.practitioner || ')', '')), '') AS with_name,
       coalesce(u.name, c.staff_username) AS staff_name"""


_ENTRY_FROM = """
FROM communications c
JOIN pupils p ON p.pupil_id = c.pupil_id
LEFT JOIN contacts ct ON ct.contact_id = c.contact_id
LEFT JOIN agencies ag ON ag.agency_id = c.agency_id
LEFT JOIN users u ON u.username = c.staff_username"""


ENTRY_SQL = f"SELECT {_ENTRY_COLUMNS} {_ENTRY_FROM}"


# Stored column -> the heading the timeline shows.
_HEADINGS = {
    "happened_at": "When",
    "pupil_name": "Pupil",
    "channel": "Channel",
    "direction": "Direction",
    "with_name": "With",
    "staff_name": "Staff",
    "subject": "Subject",
    "summary": "Summary",
    "parent_views": "Parent's views",
    "meeting_kind": "Meeting",
    "led_by": "Led by",
    "needs_reply": "Needs reply",
    "replied_at": "Replied",
    "open_actions": "Open actions",
}


# Entry's fields read from a row of ENTRY_SQL (its actions are read apart).
_ROW_FIELDS = [f.name for f in fields(Entry) if f.name != "actions"]


def _entry(row: tuple, actions: list) -> Entry:
    found = dict(zip(_ROW_FIELDS, row, strict=True))
    for key in ("happened_at", "entered_at", "replied_at"):
        if found[key] is not None:
            found[key] = found[key].astimezone(SCHOOL_TZ)
    return Entry(**found, actions=tuple(actions))


def get_entry(
    cur: db.Cursor, user: User, communication_id: int, record_view: bool = False
) -> Entry:
    """One communication with its actions, if this user may see the pupil.

    With record_view, writes one 'view communication' audit row (pages pass it once per opening).
    """
    require(user, "ledger")
    visible, params = access.pupil_scope(user).where()
    row = cur.execute(
        f"{ENTRY_SQL} WHERE c.communication_id = ? AND {visible}", [communication_id, *params]
    ).fetchone()
    if row is None:
        raise NotFound("That communication is not on your timeline.")
    entry = _entry(row, promises.list_for_communication(cur, communication_id))
    if record_view:
        audit.record_now(
            cur, user.username, "view communication", entry.pupil_id, str(communication_id)
        )
    return entry


def list_full_entries(cur: db.Cursor, user: User, filters: TimelineFilter) -> list[Entry]:
    """The filtered entries with every field and their actions, oldest first (for printing)."""
    ids = [int(i) for i in list_entries(cur, user, filters)["communication_id"]]
    if not ids:
        return []
    rows = cur.execute(
        f"{ENTRY_SQL} WHERE c.communication_id IN (SELECT unnest(?::INTEGER[])) "
        "ORDER BY c.happened_at, c.communication_id",
        [ids],
    ).fetchall()
    agreed = promises.list_for_communications(cur, ids)
    return [_entry(row, agreed.get(row[0], [])) for row in rows]


def in_school_time(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    # A cursor's time zone is UTC whatever the connection's: show times as the school saw them.
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(SCHOOL_TZ)
    return frame


def narrow_to_dates(where: list[str], params: list, date_from: date | None, date_to: date | None):
    if date_from is not None:
        where.append("c.happened_at >= ?")
        params.append(calendar.day_start(date_from))
    if date_to is not None:
        where.append("c.happened_at < ?")
        params.append(calendar.day_start(date_to + timedelta(days=1)))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_entries(
    cur: db.Cursor, user: User, filters: TimelineFilter, limit: int | None = None
) -> pd.DataFrame:
    """The communications this user may see, newest first, narrowed by the filters (one query)."""
    require(user, "timeline")
    visible, params = access.pupil_scope(user).where()
    where = [visible]
    # The open-action count is narrowed to the pupil too, so a pupil's page stays quick.
    action_where, action_params = "", []
    if filters.pupil_id is not None:
        where.append("c.pupil_id = ?")
        params.append(filters.pupil_id)
        action_where, action_params = "AND pupil_id = ?", [filters.pupil_id]
    narrow_to_dates(where, params, filters.date_from, filters.date_to)
    for column, chosen in (("c.channel", filters.channels), ("c.staff_username", filters.staff)):
        if chosen:
            where.append(f"{column} IN ({', '.join('?' for _ in chosen)})")
            params += list(chosen)
    if filters.meetings_only:
        where.append("c.meeting_kind IS NOT NULL")
    if filters.awaiting_reply:
        where.append("c.needs_reply AND c.replied_at IS NULL")
    if filters.with_open_actions:
        where.append("coalesce(oa.n, 0) > 0")
    # On a projector, searching the hidden notes would show which rows hold the words typed.
    text = "" if staff_meeting.in_staff_meeting(user) else composed(filters.search.strip())
    if text:
        where.append(
            "(c.subject ILIKE ? ESCAPE '\\' OR c.summary ILIKE ? ESCAPE '\\' "
            "OR c.parent_views ILIKE ? ESCAPE '\\')"
        )
        params += [_like(text)] * 3
    sql = f"""
        WITH oa AS (
            SELECT communication_id, count(*) AS n FROM actions
            WHERE done_date IS NULL AND communication_id IS NOT NULL {action_where}
            GROUP BY communication_id
        )
        SELECT {_ENTRY_COLUMNS}, coalesce(oa.n, 0) AS open_actions {_ENTRY_FROM}
        LEFT JOIN oa ON oa.communication_id = c.communication_id
        WHERE {" AND ".join(where)}
        ORDER BY c.happened_at DESC, c.communication_id DESC
        {"LIMIT ?" if limit else ""}
    """
    frame = cur.execute(sql, [*action_params, *params, *([limit] if limit else [])]).df()
    if frame.empty:
        # Typed as when full, so a page can use .dt on an empty timeline.
        return in_school_time(pd.DataFrame(columns=LIST_COLUMNS), "When", "Replied")
    frame = frame.rename(columns=_HEADINGS)
    for column in ("With", "Parent's views", "Meeting", "Led by"):
        frame[column] = frame[column].fillna("")
    frame["Open actions"] = frame["Open actions"].astype(int)
    return staff_meeting.mask(in_school_time(frame, "When", "Replied")[LIST_COLUMNS], user)


def latest_meeting(cur: db.Cursor, user: User, pupil_id: int | None) -> tuple[int, datetime] | None:
    """The newest meeting on this pupil's timeline (everyone's, when pupil_id is None) that this
    user may see: its communication_id and when it was; None when there is none."""
    found = list_entries(cur, user, TimelineFilter(pupil_id, meetings_only=True), limit=1)
    if found.empty:
        return None
    return int(found["communication_id"].iloc[0]), found["When"].iloc[0].to_pydatetime()


def staff_choices(cur: db.Cursor) -> dict[str, str]:
    """Every staff account, username -> name, for the timeline's staff filter (leavers too: their
    entries stay on the timeline)."""
    return dict(cur.execute("SELECT username, name FROM users ORDER BY name, username").fetchall())


def _filter_parts(filters: TimelineFilter) -> list[str]:
    parts = []
    if filters.date_from and filters.date_to:
        parts.append(f"{filters.date_from:%d/%m/%Y} to {filters.date_to:%d/%m/%Y}")
    elif filters.date_from:
        parts.append(f"from {filters.date_from:%d/%m/%Y}")
    elif filters.date_to:
        parts.append(f"up to {filters.date_to:%d/%m/%Y}")
    if filters.channels:
        parts.append(", ".join(filters.channels))
    if filters.staff:
        parts.append("staff " + ", ".join(filters.staff))
    for chosen, words in (
        (filters.meetings_only, "meetings only"),
        (filters.awaiting_reply, "awaiting our reply"),
        (filters.with_open_actions, "with open actions"),
    ):
        if chosen:
            parts.append(words)
    if filters.search.strip():
        parts.append(f"matching '{filters.search.strip()}'")
    return parts


def describe_filter(filters: TimelineFilter) -> str:
    """The filters in words, for the top of a printed record."""
    parts = _filter_parts(filters)
    return "Communications" + (": " + "; ".join(parts) if parts else " (all)")


def describe_nothing(cur: db.Cursor, user: User, filters: TimelineFilter) -> str:
    """What an empty timeline says, in words: nothing logged yet for a pupil with no history,
    else that nothing matches the filters."""
    who = ""
    if filters.pupil_id is not None:
        name = register.shown_name(cur, user, filters.pupil_id)
        logged = "SELECT count(*) FROM communications WHERE pupil_id = ?"
        if not db.scalar(cur, logged, [filters.pupil_id]):
            return f"Nothing logged yet for {name}."
        who = f" with {name}'s family"
    parts = _filter_parts(filters)
    return (
        f"No communications{who} match these filters"
        + (f" ({'; '.join(parts)})" if parts else "")
        + ". Widen the dates or clear the search to see more."
    )
