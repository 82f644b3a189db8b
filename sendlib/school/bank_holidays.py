"""England's bank holidays, from the `holidays` package (kept up to date from GOV.UK's list, with
the one-off ones such as the State Funeral of 19 September 2022 and the Coronation of 8 May 2023),
and Easter from python-dateutil. Schools are closed on every bank holiday, so the school
calendar counts none of them as a school day, whatever terms the school stores."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
from dateutil.easter import easter


def easter_sunday(year: int) -> date:
    """Easter Sunday (Western, Gregorian)."""
    return easter(year)


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[tuple[date, str], ...]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted(found.items()))


def bank_holidays(first: date, last: date) -> list[tuple[date, str]]:
    """England's bank holidays from first to last (substitute days included), with their names."""
    return [
        (day, name)
        for year in range(first.year, last.year + 1)
        for day, name in _year(year)
        if first <= day <= last
    ]


def _first_between(first: date, last: date, usual: date) -> date:
    found = bank_holidays(first, last)
    return found[0][0] if found else usual


def early_may_bank_holiday(year: int) -> date:
    """The early May bank holiday: the first Monday of May, or the day it was moved to (Friday
    8 May in 2020, for VE Day)."""
    may_first = date(year, 5, 1)
    usual = date(year, 5, 1 + (7 - may_first.weekday()) % 7)
    return _first_between(date(year, 5, 1), date(year, 5, 8), usual)


def spring_bank_holiday(year: int) -> date:
    """The late spring bank holiday: the last Monday of May, or the day it was moved to (2 June
    in 2022, for the Platinum Jubilee)."""
    usual = date(year, 5, 31 - date(year, 5, 31).weekday())
    return _first_between(date(year, 5, 22), date(year, 6, 7), usual)
