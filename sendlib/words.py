"""Shared words for dates, times and counts, as every screen and paper writes them, and the
school's time zone. It sits below everything else in sendlib and imports none of it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# English schools keep UK time: every date and time the app shows or prints is on this clock.
SCHOOL_TZ_ID = "Europe/London"
SCHOOL_TZ = ZoneInfo(SCHOOL_TZ_ID)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date | None) -> str:
    """'3 September 2024' (no leading zero, month in words, whatever the machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def short_date(day: date | None) -> str:
    """'3 Sep 2024', for table columns."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}" if day else ""


def day_and_date(day: date, short: bool = False) -> str:
    """'Tuesday 14 October 2025', or with short=True 'Tue 14 Oct 2025'."""
    weekday = DAYS[day.weekday()]
    return f"{weekday[:3]} {short_date(day)}" if short else f"{weekday} {long_date(day)}"


def day_and_time(when: datetime) -> str:
    """'Tuesday 24 November at 13:30', on the school's clock, for a letter to a family."""
    local = when.astimezone(SCHOOL_TZ)
    return f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} at {local:%H:%M}"


def school_time(when: datetime) -> datetime:
    """The time as the school's clock showed it: an aware time moved to UK time (the database
    hands TIMESTAMPTZ values back in its session zone); a naive time is taken as already so."""
    return when.astimezone(SCHOOL_TZ).replace(tzinfo=None) if when.tzinfo else when


def meeting_how(
    mode: str | None,
    phone: str | None = None,
    remote_details: str | None = None,
    place: str | None = None,
) -> tuple[str, str]:
    """How a surgery meeting happens and what makes it happen: ('Phone call', 'ring 07700
    900123'), ('Video call', the link), ('In person', the room); the second says when the number
    or link is missing, and is empty for a meeting in person with no place."""
    if mode == "phone":
        return "Phone call", f"ring {phone}" if phone else "number not recorded"
    if mode == "video":
        return "Video call", remote_details or "link not recorded"
    if mode == "in person":
        return "In person", place or ""
    return (mode or "")[:1].upper() + (mode or "")[1:], ""


def counted(number: int, one: str, many: str | None = None) -> str:
    """'1 pack', '3 packs', '2 entries': a number with its noun agreeing."""
    return f"{number} {one if number == 1 else (many or one + 's')}"
