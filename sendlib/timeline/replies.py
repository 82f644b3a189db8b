"""Replies and written records: a message marked answered, a meeting's record given to the
parents, what still waits for the school's reply and how long answers took in school days."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.reporting import staff_meeting
from sendlib.school import calendar
from sendlib.timeline.entries import CLOCK_SKEW, DEFAULT_REPLY_TARGET, aware
from sendlib.timeline.listing import ENTRY_SQL, get_entry, in_school_time, narrow_to_dates
from sendlib.users import User


def mark_written_record_given(cur: db.Cursor, user: User, communication_id: int, on: date) -> None:
    """Note that the parents were given the written record of a meeting (the first time)."""
    entry = get_entry(cur, user, communication_id)
    if not entry.is_meeting:
        raise ValidationError.one("Meeting", "only a meeting has a written record")
    db.write(cur, lambda c: note_record_given(c, user.username, communication_id, on))


def note_record_given(c: db.Cursor, username: str, communication_id: int, on: date) -> None:
    """Note INSIDE the caller's transaction that a meeting's written record reached the parents
    on this day (printed, or emailed from the outbox), unless it had before; audited."""
    pupil_id, given = c.execute(
        "SELECT pupil_id, written_record_given FROM communications WHERE communication_id = ?",
        [communication_id],
    ).fetchone()
    c.execute(
        "UPDATE communications SET written_record_given = coalesce(written_record_given, ?) "
        "WHERE communication_id = ?",
        [on, communication_id],
    )
    audit.record(
        c, username, "written record given", pupil_id, str(communication_id),
        before={"written_record_given": given}, after={"written_record_given": given or on},
    )  # fmt: skip


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
    replied_at = aware(replied_at)
    if replied_at < entry.happened_at:
        raise ValidationError.one("Replied", "is before the message")
    if replied_at > aware(now) + CLOCK_SKEW:
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
    visible, params = access.pupil_scope(user).where()
    frame = cur.execute(
        f"""SELECT communication_id, pupil_id, happened_at AS "When", pupil_name AS "Pupil",
                   channel AS "Channel", coalesce(with_name, '') AS "With",
                   subject AS "Subject", coalesce(staff_name, '') AS "Staff"
            FROM ({ENTRY_SQL} WHERE c.needs_reply AND c.replied_at IS NULL AND {visible})
            ORDER BY happened_at, communication_id""",
        params,
    ).df()
    columns = [*frame.columns, "School days waiting", "Target", "Over target"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = in_school_time(frame, "When")
    target = reply_target(cur)
    today_column = pd.Series([today] * len(frame), index=frame.index)
    waiting = calendar.school_days_between_many(cur, frame["When"], today_column)
    frame["School days waiting"] = waiting.astype(int)
    frame["Target"] = target
    frame["Over target"] = frame["School days waiting"] > target
    return staff_meeting.mask(frame[columns], user)


def reply_times(cur: db.Cursor, user: User, date_from: date, date_to: date) -> pd.DataFrame:
    """Answered messages sent between two dates, with the school days each took to answer."""
    visible, params = access.count_scope(user).where()
    where = [visible, "c.replied_at IS NOT NULL"]
    narrow_to_dates(where, params, date_from, date_to)
    frame = cur.execute(
        "SELECT c.communication_id, c.pupil_id, c.channel, c.happened_at, c.replied_at "
        f"FROM communications c JOIN pupils p ON p.pupil_id = c.pupil_id "
        f"WHERE {' AND '.join(where)} ORDER BY c.happened_at, c.communication_id",
        params,
    ).df()
    if frame.empty:
        return pd.DataFrame(columns=[*frame.columns, "school_days_to_reply"])
    frame = in_school_time(frame, "happened_at", "replied_at")
    days = calendar.school_days_between_many(cur, frame["happened_at"], frame["replied_at"])
    frame["school_days_to_reply"] = days.astype(int)
    return frame
