"""The rules for a surgery session's times, slots and place, whether it comes from the weekly
pattern or is an extra: the hours a session may run in, slot lengths and counts, the words for
each field, checking them (validate_times, and validate_pattern against the pattern's other
sessions), whether two sessions overlap, and when each slot starts on its day."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sendlib.errors import Problem, text_field
from sendlib.words import SCHOOL_TZ

if TYPE_CHECKING:
    from sendlib.surgery.sessions import Pattern

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SLOT_LENGTHS = (20, 25)
DEFAULT_SLOT_MINUTES = 20
SLOT_MINUTES_RANGE = (10, 120)
SLOT_COUNT_RANGE = (1, 24)
EARLIEST, LATEST = time(7, 0), time(19, 0)
MAX_PLACE = 200
MAX_REMOTE = 300

LABELS = {
    "weekday": "Day",
    "session_date": "Date",
    "starts": "Starts",
    "ends": "Ends",
    "slot_minutes": "Slot length",
    "slot_count": "Number of slots",
    "place": "Place",
    "remote_details": "Link or number for remote meetings",
}


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _text(values: dict, key: str, limit: int, required: bool, problems: list) -> str | None:
    return text_field(values, key, LABELS[key], limit, required, problems)


def _number(values: dict, key: str, bounds: tuple[int, int], unit: str, problems: list) -> int:
    try:
        number = int(values.get(key))
    except (TypeError, ValueError):
        problems.append(Problem(LABELS[key], "is required"))
        return 0
    if not bounds[0] <= number <= bounds[1]:
        problems.append(Problem(LABELS[key], f"must be {bounds[0]} to {bounds[1]}{unit}"))
    return number


def validate_times(values: dict) -> tuple[dict, list[Problem]]:
    """Check a session's times, slots and place; the cleaned values and every problem found."""
    problems: list[Problem] = []
    starts, ends = values.get("starts"), values.get("ends")
    for key, clock in (("starts", starts), ("ends", ends)):
        if not isinstance(clock, time):
            problems.append(Problem(LABELS[key], "is required"))
        elif not EARLIEST <= clock <= LATEST:
            problems.append(
                Problem(LABELS[key], f"must be between {EARLIEST:%H:%M} and {LATEST:%H:%M}")
            )
    length = _number(values, "slot_minutes", SLOT_MINUTES_RANGE, " minutes", problems)
    count = _number(values, "slot_count", SLOT_COUNT_RANGE, "", problems)
    if not problems:
        room = _minutes(ends) - _minutes(starts)
        if room <= 0:
            problems.append(Problem("Ends", f"must be after the start ({starts:%H:%M})"))
        elif count * length > room:
            fits = room // length
            advice = f"Use {fits} slot{'s' if fits != 1 else ''}" if fits else "Use fewer slots"
            shorter = room // count // 5 * 5  # slot lengths people book in: 15, 20, 25
            if shorter >= SLOT_MINUTES_RANGE[0]:
                advice += f", or slots of {shorter} minutes"
            problems.append(
                Problem(
                    "Number of slots",
                    f"{count} slots of {length} minutes need {_span(count * length)}, but "
                    f"{starts:%H:%M} to {ends:%H:%M} is {_span(room)}. {advice}.",
                )
            )
    clean = {
        "starts": starts,
        "ends": ends,
        "slot_count": count,
        "slot_minutes": length,
        "place": _text(values, "place", MAX_PLACE, True, problems),
        "remote_details": _text(values, "remote_details", MAX_REMOTE, False, problems),
    }
    return clean, problems


def overlaps(starts: time, ends: time, other_starts: time, other_ends: time) -> bool:
    """Whether two sessions' times on one day overlap (one ending as the next starts does not)."""
    return starts < other_ends and other_starts < ends


def validate_pattern(values: dict, others: list[Pattern]) -> tuple[dict, list[Problem]]:
    """Check a weekly pattern against the other active ones (sessions may not overlap)."""
    clean, problems = validate_times(values)
    weekday = values.get("weekday")
    if weekday not in range(len(WEEKDAYS)):
        problems.append(Problem("Day", "must be a weekday, Monday to Friday"))
    elif not problems:
        for other in others:
            if (
                other.active
                and other.weekday == weekday
                and overlaps(clean["starts"], clean["ends"], other.starts, other.ends)
            ):
                problems.append(
                    Problem(
                        "Starts",
                        f"overlaps the {WEEKDAYS[weekday]} session "
                        f"{other.starts:%H:%M}–{other.ends:%H:%M}",
                    )
                )
    return {"weekday": weekday, **clean}, problems


def slot_times(day: date, starts: time, slot_minutes: int, slot_count: int) -> list[datetime]:
    """The start of each slot, at the school's wall-clock time on that day."""
    first = _minutes(starts)
    return [
        datetime.combine(day, time(*divmod(first + n * slot_minutes, 60)), SCHOOL_TZ)
        for n in range(slot_count)
    ]
