"""When the demo school's communications happened and were typed in, and which messages from
parents needed a reply and when they got one (most within one to three school days, some late,
a few recent ones still waiting past the target). Called by sendlib.demo.timeline's builder
with its columns, which these fill in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sendlib.demo.tools import (
    BOOK,
    CHANNELS,
    EMAIL,
    EVENING,
    FROM,
    IN_PERSON,
    LETTER,
    NOW,
    PHONE,
    TEXT,
    TO,
    VIDEO,
    WITHIN,
    pick,
)

if TYPE_CHECKING:
    from sendlib.demo.timeline import TimelineBuilder

# fmt: off
# The share of 'from parent' messages that need a reply, by channel.
NEEDS_REPLY = {EMAIL: 0.7, TEXT: 0.5, PHONE: 0.35, BOOK: 0.4, LETTER: 0.7, IN_PERSON: 0.2,
               VIDEO: 0.2}
# School days to reply: mostly one to three, some late (-1: 5 to 15).
REPLY_DAYS = {0: 28, 1: 30, 2: 18, 3: 11, 4: 4, -1: 9}
# fmt: on


def times(builder: TimelineBuilder, c: dict) -> None:
    """When each communication happened (school hours, some parents' messages in the evening or
    at the weekend, meetings on the quarter hour) and when it was typed in."""
    rng, n = builder.rng, len(c["pupil"])
    day, channel, direction, kind = c["day"], c["channel"], c["direction"], c["kind"]
    u = rng.random(n)
    minute = 8 * 60 + 30 + u * 8 * 60  # school hours
    minute = np.where(direction == WITHIN, 8 * 60 + u * 9.5 * 60, minute)
    book = channel == BOOK
    minute = np.where(book & (direction == FROM), 8 * 60 + 35 + u * 25, minute)
    minute = np.where(book & (direction == TO), 14 * 60 + 50 + u * 40, minute)
    meeting = kind >= 0
    after_school = rng.random(n) < 0.5
    slot = np.where(after_school, 15 * 60 + 15 + u * 60, 8 * 60 + 45 + u * 345)
    slot = np.where(kind == EVENING, 15 * 60 + 30 + u * 210, slot)
    minute = np.where(meeting, slot // 15 * 15, minute)
    written = (direction == FROM) & ~meeting & ((channel == EMAIL) | (channel == TEXT))
    evening = written & (rng.random(n) < 0.35)
    minute = np.where(evening, 18 * 60 + 30 + u * 240, minute)
    weekday = (day.astype(np.int64) + 3) % 7
    weekend = day + (5 - weekday) + rng.integers(0, 2, n)  # that week's Saturday or Sunday
    moved = written & (rng.random(n) < 0.1) & (weekend <= builder.today64)
    moved &= weekend < builder.left[c["pupil"]]
    c["day"] = day = np.where(moved, weekend, day)
    minute = np.where(moved, 9 * 60 + u * 12 * 60, minute).astype(np.int64)
    late_today = (day == builder.today64) & (minute >= NOW)
    minute[late_today] = 8 * 60 + 30 + (u[late_today] * (NOW - 8 * 60 - 31)).astype(np.int64)
    happened = day.astype("datetime64[m]") + minute.astype("timedelta64[m]")
    # Typed in minutes or hours later; out of hours, the next weekday morning; sometimes a
    # weekday or two later.
    v, w = rng.random(n), rng.random(n)
    entered = happened + np.where(v < 0.6, 5 + w * 85, 90 + w * 270).astype("timedelta64[m]")
    clock = (entered - entered.astype("datetime64[D]")).astype(np.int64)
    later = np.where(v < 0.88, 1, 1 + (v > 0.96))
    off_hours = (clock >= 19 * 60) | (minute >= 18 * 60) | moved | (v >= 0.88)
    next_day = np.busday_offset(day, later, roll="backward")
    at = np.where(v >= 0.88, 8 * 60 + u * 9 * 60, 7 * 60 + 45 + u * 100).astype(np.int64)
    later_on = next_day.astype("datetime64[m]") + at.astype("timedelta64[m]")
    entered = np.where(off_hours, later_on, entered)
    c["happened"], c["minute"] = happened, minute
    c["entered"] = np.maximum(np.minimum(entered, builder.now), happened)


def replies(builder: TimelineBuilder, c: dict) -> None:
    """Which 'from parent' messages need a reply, and when (if yet) they got one."""
    rng, cal, n = builder.rng, builder.cal, len(c["pupil"])
    chance = np.array([NEEDS_REPLY.get(ch, 0) for ch in range(len(CHANNELS))])
    needs = (c["direction"] == FROM) & (c["kind"] < 0)
    needs &= rng.random(n) < chance[c["channel"]]
    base = cal.index(c["day"])
    on_school_day = cal.days[np.minimum(base, len(cal.days) - 1)] == c["day"]
    base = base + (on_school_day & (c["minute"] >= 17 * 60))  # counted from the next day
    days = pick(rng, REPLY_DAYS, n)
    at = base + np.where(days < 0, rng.integers(5, 16, n), days)
    valid = at < len(cal.days)
    when = cal.days[np.minimum(at, len(cal.days) - 1)]
    minute = np.where(
        when == c["day"],
        c["minute"] + 15 + (rng.random(n) * 225).astype(np.int64),
        8 * 60 + (rng.random(n) * 9.5 * 60).astype(np.int64),
    )
    replied = when.astype("datetime64[m]") + minute.astype("timedelta64[m]")
    replied = np.maximum(replied, c["happened"] + np.timedelta64(10, "m"))
    waiting = needs & (~valid | (replied > builder.now))
    # A handful of recent ones still waiting, past the three-school-day target.
    overdue = np.flatnonzero(
        needs & ~waiting & (base >= builder.today_idx - 10) & (base <= builder.today_idx - 4)
    )
    handful = min(len(overdue), max(3, builder.size.register // 40))
    waiting[rng.choice(overdue, handful, replace=False)] = True
    c["needs_reply"] = needs
    c["replied"] = np.where(needs & ~waiting, replied, np.datetime64("NaT"))
