"""Logging a communication on the timeline: every call, message, letter and meeting with a
pupil's family, checked and saved with the actions agreed in it, all of it or none.

Reading the timeline is in listing, replies and written records in replies, chart data in
trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import BROKEN_TEXT, Problem, ValidationError, is_broken, text_field
from sendlib.pupils import contacts, register
from sendlib.pupils.fields import MAX_TEXT
from sendlib.timeline import agreeing
from sendlib.timeline import ledger as promises
from sendlib.timeline.ledger import Action
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

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


def aware(value: datetime) -> datetime:
    """A time in England: naive times are taken as English local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=SCHOOL_TZ)
    return value.astimezone(SCHOOL_TZ)


def _as_datetime(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return aware(value)
    if isinstance(value, date):
        raise ValueError("a date without a time")
    return aware(datetime.fromisoformat(str(value)))


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
    now = aware(now)
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
        [pupil_id, aware(now), user.username, *clean.values()],
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


def default_direction(channel: str | None) -> str:
    """The direction a new entry on this channel starts as (see FROM_PARENT_CHANNELS)."""
    return "from parent" if channel in FROM_PARENT_CHANNELS else "to parent"


def log_choices(
    cur: db.Cursor, user: User, pupil_id: int, first: str | None = None
) -> tuple[list[contacts.Contact], dict[str, dict]]:
    """For logging a contact with this pupil's family: their parents and carers, and who may own
    an action agreed (`first` heads that list)."""
    require(user, "log")
    register.get_pupil(cur, user, pupil_id)
    return contacts.list_contacts(cur, pupil_id), agreeing.owner_choices(cur, pupil_id, first)
