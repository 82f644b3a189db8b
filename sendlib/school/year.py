"""The English school year: 1 September to 31 August, and which birth dates fit which year group."""

from __future__ import annotations

from datetime import date

# A pupil out of their chronological year group (common for SEND) is plausible; more is a typo.
YEARS_OF_LEEWAY = 1


def academic_year_start(today: date) -> int:
    """The calendar year in which the current school year began (2026 for 2026/27)."""
    return today.year if today.month >= 9 else today.year - 1


def academic_year_label(start_year: int) -> str:
    """'2026/27'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def birth_range(year_group: int, today: date) -> tuple[date, date]:
    """First and last birth dates of pupils in their chronological year group this school year."""
    start = academic_year_start(today)
    # Reception children turn five during the school year that begins when they are four.
    return date(start - 5 - year_group, 9, 1), date(start - 4 - year_group, 8, 31)


def chronological_year_group(date_of_birth: date, today: date) -> int:
    """The year group a child born on this date is in by age this school year."""
    start = academic_year_start(today)
    born_academic_start = date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1
    return start - 5 - born_academic_start


def is_plausible_for_year(date_of_birth: date, year_group: int, today: date) -> bool:
    """True when the birth date fits the year group, allowing a year either side."""
    return abs(chronological_year_group(date_of_birth, today) - year_group) <= YEARS_OF_LEEWAY


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a date."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday
