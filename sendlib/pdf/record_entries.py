"""A communication as the printed record tells it (RecordEntry, with the actions agreed in it as
RecordAction), and the words it is told in: when, how and with whom, how the reply went, the
kind of meeting and who led it, and where an action stands. Shared by the communication record
and a meeting's written record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sendlib.pdf.house_style import clean
from sendlib.words import counted, day_and_date, school_time, short_date


@dataclass(frozen=True)
class RecordAction:
    """An action agreed in a communication, as printed."""

    description: str
    owner_name: str  # as shown: 'Ms Khan (parent)', 'Mr Jones (class teacher)', 'SALT'
    due_date: date | None
    done_date: date | None
    parent_told: date | None  # when the parents were told it was done
    state: str  # as the ledger says it: 'open', 'overdue', 'done late', ... (a done_date wins)


@dataclass(frozen=True)
class RecordEntry:
    """One entry of the timeline, as printed."""

    happened_at: datetime
    channel: str  # 'phone', 'email', 'text', 'letter', 'meeting in person', 'video call', ...
    direction: str  # 'from parent', 'to parent', 'with agency', 'within school'
    with_name: str | None  # 'Ms Khan (mother)', 'Ffion Evans (SALT)'
    staff_name: str | None
    subject: str
    summary: str
    parent_views: str | None
    meeting_kind: str | None  # 'APDR review', 'parent surgery', 'EHCP annual review', ...
    led_by: str | None  # 'class teacher', 'SENCo', 'other' or a name
    written_record_given: date | None
    needs_reply: bool
    replied_at: datetime | None
    reply_school_days: int | None
    actions: tuple[RecordAction, ...] = ()


CHANNELS = {
    "phone": "Phone call",
    "email": "Email",
    "text": "Text message",
    "letter": "Letter",
    "meeting in person": "Meeting in person",
    "video call": "Video call",
    "home-school book": "Note in the home-school book",
}
SPOKEN = {"meeting in person", "video call"}  # a meeting is *with* someone, not from them
MEETING_KINDS = {
    "APDR review": "Review of the support plan (assess, plan, do, review)",
    "parent surgery": "Parent surgery",
    "EHCP annual review": "Annual review of the EHC plan",
    "parents' evening": "Parents' evening",
    "other": "Meeting",
}
LEADERS = {"class teacher": "the class teacher", "SENCo": "the SENCo", "other": None}


def when_words(when: datetime) -> str:
    """'Tue 14 Oct 2025, 15:40', on the school's clock."""
    local = school_time(when)
    return f"{day_and_date(local.date(), short=True)}, {local:%H:%M}"


def channel_words(entry: RecordEntry) -> str:
    """'Phone call from Ms Khan (mother)', 'Meeting in person with Ms Khan (mother)'."""
    channel = CHANNELS.get(entry.channel, _first_upper(clean(entry.channel)))
    name = clean(entry.with_name).strip()
    direction = entry.direction
    if direction == "within school":
        return f"{channel} within school, with {name}" if name else f"{channel} within school"
    if direction == "with agency":
        return f"{channel} with {name or 'an outside agency'}"
    who = name or "a parent or carer"
    if entry.channel in SPOKEN:
        return f"{channel} with {who}"
    if direction == "from parent":
        return f"{channel} from {who}"
    if direction == "to parent":
        return f"{channel} to {who}"
    return f"{channel} ({clean(direction)})" + (f": {name}" if name else "")


def reply_words(entry: RecordEntry) -> str:
    """'Awaiting reply', 'Replied in 2 school days', 'Replied the same day', or '' if no reply
    was needed."""
    if not entry.needs_reply:
        return ""
    if entry.replied_at is None:
        return "Awaiting reply"
    days = entry.reply_school_days
    if days is None:
        return f"Replied {short_date(school_time(entry.replied_at).date())}"
    if days <= 0:
        return "Replied the same day"
    return f"Replied in {counted(days, 'school day', 'school days')}"


def meeting_words(entry: RecordEntry) -> str:
    """'Review of the support plan (assess, plan, do, review), led by the class teacher'."""
    if not entry.meeting_kind:
        return ""
    words = MEETING_KINDS.get(entry.meeting_kind, _first_upper(clean(entry.meeting_kind)))
    led_by = clean(entry.led_by).strip()
    leader = LEADERS.get(led_by, led_by) if led_by else None
    return f"{words}, led by {leader}" if leader else words


def status_words(action: RecordAction) -> str:
    if action.done_date:
        return f"Done {short_date(action.done_date)}"
    return _first_upper(clean(action.state).strip()) or "Open"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
