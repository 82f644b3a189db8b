"""Terms and closures as the school calendar holds them (Term, Closure), and the default term
dates that a school year whose terms were never stored counts with.

Default pattern for the school year starting in September of `academic_year`:
- autumn: the first Wednesday on or after 1 September (schools usually open with INSET days,
  which the school adds) to the Friday before the week containing Christmas Day; half term is
  the Monday to Friday of the week containing 28 October (the last full week of October, or the
  week running into November when 28 October is a Monday or Tuesday);
- spring: the first Monday after 1 January (never New Year's Day itself) to the Friday nine days
  before Easter Sunday, so that the two-week Easter holiday holds Good Friday and Easter Monday;
  half term is the week containing 17 February (a Monday between 11 and 17 February);
- summer: the Monday a week after Easter Monday to 22 July (the Friday before, if that is a
  weekend); the early May bank holiday is closed, and half term is the week of the spring bank
  holiday (the last Monday of May, unless moved that year).
Every bank holiday (sendlib.school.bank_holidays) is closed too, whatever terms are stored.
Local authorities differ by a few days (some fix the Easter holiday to early April whatever the
date of Easter): the SENCo corrects the terms and adds INSET days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sendlib.school.bank_holidays import early_may_bank_holiday, easter_sunday, spring_bank_holiday
from sendlib.school.year import academic_year_label


@dataclass(frozen=True)
class Term:
    """One term of a school year (half terms are closures inside it)."""

    academic_year: int
    name: str
    starts: date
    ends: date

    @property
    def label(self) -> str:
        """'Autumn term 2026/27'."""
        return f"{self.name.capitalize()} term {academic_year_label(self.academic_year)}"


@dataclass(frozen=True)
class Closure:
    """Days inside a term when the school is closed to pupils."""

    starts: date
    ends: date
    reason: str
    closure_id: int | None = None


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week(monday: date, reason: str) -> Closure:
    return Closure(monday, monday + timedelta(days=4), reason)


def default_terms(academic_year: int) -> list[Term]:
    """The default autumn, spring and summer terms of a school year (see the module's notes)."""
    y = academic_year
    september = date(y, 9, 1)
    autumn_starts = september + timedelta(days=(2 - september.weekday()) % 7)
    autumn_ends = _monday_of(date(y, 12, 25)) - timedelta(days=3)
    new_year = date(y + 1, 1, 1)
    spring_starts = new_year + timedelta(days=7 - new_year.weekday())
    easter = easter_sunday(y + 1)
    july = date(y + 1, 7, 22)
    summer_ends = july - timedelta(days=max(0, july.weekday() - 4))
    return [
        Term(y, "autumn", autumn_starts, autumn_ends),
        Term(y, "spring", spring_starts, easter - timedelta(days=9)),
        Term(y, "summer", easter + timedelta(days=8), summer_ends),
    ]


def default_closures(academic_year: int) -> list[Closure]:
    """The default half terms and the early May bank holiday of a school year."""
    y = academic_year
    early_may = early_may_bank_holiday(y + 1)
    spring_bank = _monday_of(spring_bank_holiday(y + 1))
    return [
        _week(_monday_of(date(y, 10, 28)), "half term"),
        _week(_monday_of(date(y + 1, 2, 17)), "half term"),
        Closure(early_may, early_may, "bank holiday"),
        _week(spring_bank, "half term"),
    ]
