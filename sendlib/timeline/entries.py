"""The communication timeline: every call, message, letter and meeting with a pupil's family, the
actions agreed in it, and whether a message that needed a reply got one (in school days).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import BROKEN_TEXT, NotFound, Problem, ValidationError, is_broken, text_field
from sendlib.pupils import contacts, register
from sendlib.pupils.fields import MAX_TEXT
from sendlib.reporting import staff_meeting
from sendlib.school import calendar
from sendlib.timeline import agreeing
from sendlib.timeline import ledger as promises
from sendlib.timeline.ledger import PUPIL_NAME_SQL, Action
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, SCHOOL_TZ_ID

CHANNELS = (
    "phone",
    "email",
    "text",
    "letter",
    "meeting in person",
    "video call",
    "home-school book",
)
DIRECTIONS = ("from parent", "to parent", "with agency", "within school")
# A new entry's direction starts as "to parent" (always changeable): a call, message, letter or
# meeting logged is most often one the school made, sent or held; on these channels it is most
# often the parent's.
FROM_PARENT_CHANNELS = frozenset({"home-school book"})
MEETING_KINDS = ("APDR review", "parent surgery", "EHCP annual review", "parents' evening", "other")
LEADS = ("class teacher", "SENCo", "other")
# Only a message to the school waits for the school's reply.
REPLY_DIRECTIONS = ("from parent", "with agency")
CLOCK_SKEW = timedelta(minutes=5)
DEFAULT_REPLY_TARGET = 3
MAX_SUBJECT = 200

LABELS = {
    "happened_at": "When",
    "channel": "Channel",
    "direction": "Direction",
    "contact_id": "With",
    "agency_id": "Agency",
    "staff_username": "Staff",
    "subject": "Subject",
    "summary": "Summary",
    "parent_views": "Parent's views",
    "meeting_kind": "Meeting",
    "led_by": "Led by",
    "attendees": "Attendees",
    "next_meeting": "Next meeting",
    "needs_reply": "Needs reply",
    "replied_at": "Replied",
    "written_record_given": "Written record given",
}
MEETING_FIELDS = ("led_by", "attendees", "next_meeting")
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
class Entry:
    """One communication as stored, with the names a reader needs and the actions agreed in it."""

    communication_id: int
    pupil_id: int
    happened_at: datetime
    entered_at: datetime
    entered_by: str
    channel: str
    direction: str
    contact_id: int | None
    agency_id: int | None
    staff_username: str | None
    subject: str
    summary: str
    parent_views: str | None
    meeting_kind: str | None
    led_by: str | None
    attendees: str | None
    next_meeting: date | None
    needs_reply: bool
    replied_at: datetime | None
    written_record_given: date | None
    pupil_name: str
    with_name: str | None
    staff_name: str | None
    actions: tuple[Action, ...] = ()

    @property
    def is_meeting(self) -> bool:
        return self.meeting_kind is not None

    @property
    def awaiting_reply(self) -> bool:
        return self.needs_reply and self.replied_at is None


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


def _aware(value: datetime) -> datetime:
    """A time in England: naive times are taken as English local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=SCHOOL_TZ)
    return value.astimezone(SCHOOL_TZ)


def _as_datetime(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        raise ValueError("a date without a time")
    return _aware(datetime.fromisoformat(str(value)))


def _text(values: dict, key: str, limit: int, required: bool, problems: list) -> str | None:
    return text_field(values, key, LABELS[key], limit, required, problems)


def _date_field(values: dict, key: str, problems: list) -> date | None:
    try:
        return promises.parse_date(values.get(key))
    except ValueError:
        problems.append(Problem(LABELS[key], "is not a date"))
        return None


def _time_field(values: dict, key: str, now: datetime, problems: list) -> datetime | None:
    try:
        value = _as_datetime(values.get(key))
    except ValueError:
        problems.append(Problem(LABELS[key], "is not a date and time"))
        return None
    if value is not None and value > now + CLOCK_SKEW:
        problems.append(Problem(LABELS[key], "is in the future"))
    return value


def validate_entry(values: dict, now: datetime) -> tuple[dict, list[Problem]]:
    """Check a communication's fields (not its references to contacts, agencies and staff)."""
    unknown = set(values) - set(LABELS)
    if unknown:
        raise ValueError(f"not fields of a communication: {', '.join(sorted(unknown))}")
    now = _aware(now)
    problems: list[Problem] = []
    broken = {key for key, value in values.items() if is_broken(value)}
    problems += [Problem(LABELS[key], BROKEN_TEXT) for key in sorted(broken)]
    # Broken text cannot even be looked up: it is refused above and dropped here.
    values = {key: value for key, value in values.items() if key not in broken}
    clean = _cleaned(values, now, problems)
    problems += _choice_problems(clean)
    problems += _reply_problems(clean)
    problems += _date_order_problems(clean, now)
    return clean, problems


def _cleaned(values: dict, now: datetime, problems: list[Problem]) -> dict:
    """Each field as it is stored; what is wrong with a text, date or time is added to
    `problems` (its choices and how its dates fit together are checked after)."""
    when = _time_field(values, "happened_at", now, problems)
    replied = _time_field(values, "replied_at", now, problems)
    if when is None and "When" not in {p.field for p in problems}:
        problems.append(Problem("When", "is required"))
    return {
        "happened_at": when,
        "channel": values.get("channel"),
        "direction": values.get("direction"),
        "contact_id": values.get("contact_id") or None,
        "agency_id": values.get("agency_id") or None,
        "staff_username": str(values.get("staff_username") or "").strip() or None,
        "subject": _text(values, "subject", MAX_SUBJECT, True, problems),
        "summary": _text(values, "summary", MAX_TEXT, True, problems),
        "parent_views": _text(values, "parent_views", MAX_TEXT, False, problems),
        "meeting_kind": values.get("meeting_kind") or None,
        "led_by": values.get("led_by") or None,
        "attendees": _text(values, "attendees", MAX_TEXT, False, problems),
        "next_meeting": _date_field(values, "next_meeting", problems),
        "needs_reply": bool(values.get("needs_reply")),
        "replied_at": replied,
        "written_record_given": _date_field(values, "written_record_given", problems),
    }


def _choice_problems(clean: dict) -> list[Problem]:
    """The channel, direction, kind of meeting and who led it, each one of its choices; and the
    meeting's own fields only on a meeting."""
    problems = []
    for key, allowed in (("channel", CHANNELS), ("direction", DIRECTIONS)):
        if clean[key] not in allowed:
            problems.append(Problem(LABELS[key], f"must be one of: {', '.join(allowed)}"))
    kind = clean["meeting_kind"]
    if kind is None:
        for key in MEETING_FIELDS:
            if clean[key] is not None:
                problems.append(
                    Problem(LABELS[key], "is only for a meeting: choose the kind of meeting first")
                )
    elif kind not in MEETING_KINDS:
        problems.append(Problem("Meeting", f"must be one of: {', '.join(MEETING_KINDS)}"))
    elif clean["led_by"] is None:
        problems.append(Problem("Led by", "is required for a meeting"))
    elif clean["led_by"] not in LEADS:
        problems.append(Problem("Led by", f"must be one of: {', '.join(LEADS)}"))
    return problems


def _reply_problems(clean: dict) -> list[Problem]:
    """Only a message to the school needs a reply, and a reply only to one that needs it."""
    problems = []
    if clean["needs_reply"] and clean["direction"] not in REPLY_DIRECTIONS:
        problems.append(Problem("Needs reply", "is only for a message from a parent or an agency"))
    if clean["replied_at"] is not None and not clean["needs_reply"]:
        problems.append(Problem("Replied", "tick 'Needs reply' to record a reply"))
    return problems


def _date_order_problems(clean: dict, now: datetime) -> list[Problem]:
    """The reply, the next meeting and the written record each after the communication."""
    when, replied = clean["happened_at"], clean["replied_at"]
    if when is None:
        return []
    problems = []
    day = when.date()
    if replied is not None and replied < when:
        problems.append(Problem("Replied", "is before the message"))
    if clean["next_meeting"] is not None and clean["next_meeting"] <= day:
        problems.append(Problem("Next meeting", "must be after this meeting"))
    given = clean["written_record_given"]
    if given is not None and not day <= given <= now.date():
        problems.append(
            Problem("Written record given", f"must be between {day:%d/%m/%Y} and today")
        )
    return problems


def _check_references(cur: db.Cursor, pupil_id: int, clean: dict) -> list[Problem]:
    problems = []
    for key, table in (("contact_id", "contacts"), ("agency_id", "agencies")):
        if clean[key] is not None and not db.scalar(
            cur, f"SELECT 1 FROM {table} WHERE {key} = ? AND pupil_id = ?", [clean[key], pupil_id]
        ):
            problems.append(Problem(LABELS[key], "is not one of this pupil's"))
    username = clean["staff_username"]
    if username and not db.scalar(cur, "SELECT 1 FROM users WHERE username = ?", [username]):
        problems.append(Problem("Staff", f"no account '{username}'"))
    return problems


def check_entry(
    cur: db.Cursor, user: User, pupil_id: int, values: dict, actions: list[dict], now: datetime
) -> dict:
    """Check a communication and its actions before saving; the cleaned values, or a
    ValidationError naming every problem. 'Staff' defaults to the user logging it."""
    require(user, "timeline", "add")
    register.get_pupil(cur, user, pupil_id)
    clean, problems = validate_entry(values, now)
    clean["staff_username"] = clean["staff_username"] or user.username
    problems += _check_references(cur, pupil_id, clean)
    problems += agreeing.validate_actions(cur, actions, _event_date(clean))[1]
    if problems:
        raise ValidationError(problems)
    return clean


def _event_date(clean: dict) -> date | None:
    return clean["happened_at"].date() if clean["happened_at"] else None


def insert_entry(
    c: db.Cursor,
    user: User,
    pupil_id: int,
    clean: dict,
    actions: list[dict],
    now: datetime,
) -> int:
    """Write a checked communication and its actions INSIDE the caller's transaction; its id."""
    columns = list(clean)
    communication_id = c.execute(
        f"INSERT INTO communications (pupil_id, entered_at, entered_by, {', '.join(columns)}) "
        f"VALUES (?, ?, ?, {', '.join('?' for _ in columns)}) RETURNING communication_id",
        [pupil_id, _aware(now), user.username, *clean.values()],
    ).fetchone()[0]
    agreeing.add_actions(c, user, pupil_id, communication_id, actions, _event_date(clean), now)
    audit.record(
        c,
        user.username,
        "add communication",
        pupil_id,
        f"communication {communication_id}: {clean['channel']}, {clean['direction']}, "
        f"{len(actions)} action(s)",
    )
    return communication_id


def save_entry(
    cur: db.Cursor,
    user: User,
    pupil_id: int,
    values: dict,
    actions: list[dict],
    now: datetime,
) -> int:
    """Log a communication and the actions agreed in it: all of it is saved, or none.

    'Staff' defaults to the user logging it. Returns the communication_id.
    """
    clean = check_entry(cur, user, pupil_id, values, actions, now)
    return db.write(cur, lambda c: insert_entry(c, user, pupil_id, clean, actions, now))


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
_ENTRY_SQL = f"SELECT {_ENTRY_COLUMNS} {_ENTRY_FROM}"
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


def get_entry(
    cur: db.Cursor, user: User, communication_id: int, record_view: bool = False
) -> Entry:
    """One communication with its actions, if this user may see the pupil.

    With record_view, writes one 'view communication' audit row (pages pass it once per opening).
    """
    require(user, "ledger")
    visible, params = access.visible_pupils(user)
    row = cur.execute(
        f"{_ENTRY_SQL} WHERE c.communication_id = ? AND {visible}", [communication_id, *params]
    ).fetchone()
    if row is None:
        raise NotFound("That communication is not on your timeline.")
    names = [f.name for f in fields(Entry)][: len(row)]
    found = dict(zip(names, row, strict=True))
    for key in ("happened_at", "entered_at", "replied_at"):
        if found[key] is not None:
            found[key] = found[key].astimezone(SCHOOL_TZ)
    entry = Entry(**found, actions=tuple(promises.list_for_communication(cur, communication_id)))
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
        f"{_ENTRY_SQL} WHERE c.communication_id IN (SELECT unnest(?::INTEGER[])) "
        "ORDER BY c.happened_at, c.communication_id",
        [ids],
    ).fetchall()
    agreed = promises.list_for_communications(cur, ids)
    names = [f.name for f in fields(Entry)][: len(rows[0])]
    entries = []
    for row in rows:
        found = dict(zip(names, row, strict=True))
        for key in ("happened_at", "entered_at", "replied_at"):
            if found[key] is not None:
                found[key] = found[key].astimezone(SCHOOL_TZ)
        entries.append(Entry(**found, actions=tuple(agreed.get(found["communication_id"], []))))
    return entries


def mark_written_record_given(cur: db.Cursor, user: User, communication_id: int, on: date) -> None:
    """Note that the parents were given the written record of a meeting (the first time)."""
    entry = get_entry(cur, user, communication_id)
    if not entry.is_meeting:
        raise ValidationError.one("Meeting", "only a meeting has a written record")

    def work(c: db.Cursor) -> None:
        c.execute(
            "UPDATE communications SET written_record_given = coalesce(written_record_given, ?) "
            "WHERE communication_id = ?",
            [on, communication_id],
        )
        audit.record(
            c, user.username, "written record given", entry.pupil_id, str(communication_id),
            before={"written_record_given": entry.written_record_given},
            after={"written_record_given": entry.written_record_given or on},
        )  # fmt: skip

    db.write(cur, work)


def mark_replied(
    cur: db.Cursor, user: User, communication_id: int, replied_at: datetime, now: datetime
) -> None:
    """Record when a message that needed a reply was answered."""
    require(user, "ledger", "edit")
    entry = get_entry(cur, user, communication_id)
    if not entry.needs_reply:
        raise ValidationError.one("Replied", "this message was not marked as needing a reply")
    if entry.replied_at is not None:
        raise ValidationError.one(
            "Replied", f"a reply was already recorded on {entry.replied_at:%d/%m/%Y %H:%M}"
        )
    if not isinstance(replied_at, datetime):
        raise ValidationError.one("Replied", "is required")
    replied_at = _aware(replied_at)
    if replied_at < entry.happened_at:
        raise ValidationError.one("Replied", "is before the message")
    if replied_at > _aware(now) + CLOCK_SKEW:
        raise ValidationError.one("Replied", "is in the future")

    def work(c: db.Cursor) -> None:
        c.execute(
            "UPDATE communications SET replied_at = ? WHERE communication_id = ?",
            [replied_at, communication_id],
        )
        audit.record(
            c, user.username, "mark replied", entry.pupil_id, str(communication_id),
            before={"replied_at": None}, after={"replied_at": replied_at},
        )  # fmt: skip

    db.write(cur, work)


def _london(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    # A cursor's time zone is UTC whatever the connection's: show times as the school saw them.
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(SCHOOL_TZ)
    return frame


def _date_range(where: list[str], params: list, date_from: date | None, date_to: date | None):
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
    visible, params = access.visible_pupils(user)
    where = [visible]
    # The open-action count is narrowed to the pupil too, so a pupil's page stays quick.
    action_where, action_params = "", []
    if filters.pupil_id is not None:
        where.append("c.pupil_id = ?")
        params.append(filters.pupil_id)
        action_where, action_params = "AND pupil_id = ?", [filters.pupil_id]
    _date_range(where, params, filters.date_from, filters.date_to)
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
    text = "" if staff_meeting.in_staff_meeting(user) else filters.search.strip()
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
        return _london(pd.DataFrame(columns=LIST_COLUMNS), "When", "Replied")
    frame = frame.rename(columns=_HEADINGS)
    for column in ("With", "Parent's views", "Meeting", "Led by"):
        frame[column] = frame[column].fillna("")
    frame["Open actions"] = frame["Open actions"].astype(int)
    return staff_meeting.mask(_london(frame, "When", "Replied")[LIST_COLUMNS], user)


def reply_target(cur: db.Cursor) -> int:
    """The school's reply target in school days (setting 'reply_target_days', default 3)."""
    try:
        return int(db.get_setting(cur, "reply_target_days", str(DEFAULT_REPLY_TARGET)))
    except ValueError:
        return DEFAULT_REPLY_TARGET


def awaiting_reply(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """Messages still waiting for the school's reply, oldest first, with their age in school days
    and whether that is over the school's target."""
    require(user, "timeline")
    visible, params = access.visible_pupils(user)
    frame = cur.execute(
        f"""SELECT communication_id, pupil_id, happened_at AS "When", pupil_name AS "Pupil",
                   channel AS "Channel", coalesce(with_name, '') AS "With",
                   subject AS "Subject", coalesce(staff_name, '') AS "Staff"
            FROM ({_ENTRY_SQL} WHERE c.needs_reply AND c.replied_at IS NULL AND {visible})
            ORDER BY happened_at, communication_id""",
        params,
    ).df()
    columns = [*frame.columns, "School days waiting", "Target", "Over target"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = _london(frame, "When")
    target = reply_target(cur)
    today_column = pd.Series([today] * len(frame), index=frame.index)
    waiting = calendar.school_days_between_many(cur, frame["When"], today_column)
    frame["School days waiting"] = waiting.astype(int)
    frame["Target"] = target
    frame["Over target"] = frame["School days waiting"] > target
    return staff_meeting.mask(frame[columns], user)


def reply_times(cur: db.Cursor, user: User, date_from: date, date_to: date) -> pd.DataFrame:
    """Answered messages sent between two dates, with the school days each took to answer."""
    visible, params = access.counted_pupils(user)
    where = [visible, "c.replied_at IS NOT NULL"]
    _date_range(where, params, date_from, date_to)
    frame = cur.execute(
        "SELECT c.communication_id, c.pupil_id, c.channel, c.happened_at, c.replied_at "
        f"FROM communications c JOIN pupils p ON p.pupil_id = c.pupil_id "
        f"WHERE {' AND '.join(where)} ORDER BY c.happened_at, c.communication_id",
        params,
    ).df()
    if frame.empty:
        return pd.DataFrame(columns=[*frame.columns, "school_days_to_reply"])
    frame = _london(frame, "happened_at", "replied_at")
    days = calendar.school_days_between_many(cur, frame["happened_at"], frame["replied_at"])
    frame["school_days_to_reply"] = days.astype(int)
    return frame


def counts_by_week_and_channel(
    cur: db.Cursor, user: User, date_from: date, date_to: date
) -> pd.DataFrame:
    """How many communications each week (starting Monday) by channel: counts, no names."""
    visible, params = access.counted_pupils(user)
    where = [visible]
    _date_range(where, params, date_from, date_to)
    frame = cur.execute(
        f"SELECT date_trunc('week', timezone('{SCHOOL_TZ_ID}', c.happened_at))::DATE AS week, "
        "c.channel, count(*) AS count "
        "FROM communications c JOIN pupils p ON p.pupil_id = c.pupil_id "
        f"WHERE {' AND '.join(where)} GROUP BY ALL ORDER BY week, c.channel",
        params,
    ).df()
    frame["week"] = pd.to_datetime(frame["week"]).dt.date
    frame["count"] = frame["count"].astype(int)
    return frame


def pupil_timeline_points(
    cur: db.Cursor,
    user: User,
    pupil_id: int,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """One pupil's communications, meetings and action due dates as points for a chart
    (columns when, channel, kind, label; an action's channel is 'action').

    Between date_from and date_to when given, as the timeline's list is; an action still open
    shows when it falls due even after date_to, since it is still promised.
    """
    require(user, "timeline")
    register.get_pupil(cur, user, pupil_id)
    where, params = [], []
    _date_range(where, params, date_from, date_to)
    # An action shows when due within the dates; one still open shows even when due after them.
    action_where, action_params = [], []
    if date_from:
        action_where.append("due_date >= ?")
        action_params.append(date_from)
    if date_to:
        action_where.append("(due_date <= ? OR done_date IS NULL)")
        action_params.append(date_to)
    frame = cur.execute(
        f"""SELECT happened_at AS "when", channel,
                  CASE WHEN meeting_kind IS NULL THEN 'entry' ELSE 'meeting' END AS kind,
                  coalesce(meeting_kind || ': ', '') || subject AS label
           FROM communications c WHERE pupil_id = ? {"".join(f" AND {w}" for w in where)}
           UNION ALL
           SELECT timezone('{SCHOOL_TZ_ID}', due_date::TIMESTAMP), 'action', 'action due',
                  description || ' (' || owner_name || ')'
                  || CASE WHEN done_date IS NULL THEN '' ELSE ' - done' END
           FROM actions WHERE pupil_id = ? {"".join(f" AND {w}" for w in action_where)}
           ORDER BY "when", kind""",
        [pupil_id, *params, pupil_id, *action_params],
    ).df()
    return staff_meeting.mask(_london(frame, "when"), user)


def default_direction(channel: str | None) -> str:
    """The direction a new entry on this channel starts as (see FROM_PARENT_CHANNELS)."""
    return "from parent" if channel in FROM_PARENT_CHANNELS else "to parent"


def latest_meeting(cur: db.Cursor, user: User, pupil_id: int | None) -> tuple[int, datetime] | None:
    """The newest meeting on this pupil's timeline (everyone's, when pupil_id is None) that this
    user may see: its communication_id and when it was; None when there is none."""
    found = list_entries(cur, user, TimelineFilter(pupil_id, meetings_only=True), limit=1)
    if found.empty:
        return None
    return int(found["communication_id"].iloc[0]), found["When"].iloc[0].to_pydatetime()


def log_choices(
    cur: db.Cursor, user: User, pupil_id: int, first: str | None = None
) -> tuple[list[contacts.Contact], dict[str, dict]]:
    """For logging a contact with this pupil's family: their parents and carers, and who may own
    an action agreed (`first` heads that list)."""
    require(user, "log")
    register.get_pupil(cur, user, pupil_id)
    return contacts.list_contacts(cur, pupil_id), agreeing.owner_choices(cur, pupil_id, first)


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
