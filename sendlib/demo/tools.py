"""Tools shared by the demo timeline generators (sendlib.demo.timeline, .timeline_texts,
.ledger): the timeline's vocabulary as small integer codes, a weighted pick, texts filled in
for many rows at once, and the school days of the years the demo spans.
"""

from __future__ import annotations

import string
from datetime import date

import numpy as np
import pandas as pd

from sendlib.school import term_dates
from sendlib.words import SCHOOL_TZ_ID

NOW = 16 * 60  # the build's "now": today at 16:00, in minutes after midnight

# The timeline's vocabulary, as the schema spells it (migrations/003_timeline.sql); rows carry
# the position in these tuples until they become a DataFrame.
DIRECTIONS = ("from parent", "to parent", "with agency", "within school")
FROM, TO, AGENCY, WITHIN = range(4)
CHANNELS = (
    "phone", "email", "text", "letter", "meeting in person", "video call", "home-school book",
)  # fmt: skip
PHONE, EMAIL, TEXT, LETTER, IN_PERSON, VIDEO, BOOK = range(7)
KINDS = ("APDR review", "parent surgery", "EHCP annual review", "parents' evening", "other")
APDR, SURGERY, ANNUAL, EVENING, OTHER = range(5)
LED_BY = ("class teacher", "SENCo", "other")
STATUSES = ("K", "E", "monitoring")  # SEN statuses, numbered in this order
OWNERS = ("staff", "parent", "pupil", "agency")
STAFF, PARENT, PUPIL, AGENCY_OWNER = range(4)


def pick(rng: np.random.Generator, mix: dict, size: int) -> np.ndarray:
    """`size` keys of `mix`, each drawn with probability proportional to its weight."""
    keys = np.array(list(mix))
    weights = np.array(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=weights / weights.sum())]


class Templates:
    """Texts with {fields}, numbered as they are added, filled in for many rows at once.

    `fill` takes one template number per row (-1 for none) and, for each field, an array with
    one value per row; it builds each template's rows by adding numpy object arrays, which is
    many times faster than str.format row by row. A field that opens a text is capitalised when
    a '^field' array is given ("the EP" -> "The EP").
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.numbers: dict[str, int] = {}
        self.parts: list[list[tuple[str, str | None]]] = []

    def add(self, text: str) -> int:
        if text not in self.numbers:
            self.numbers[text] = len(self.texts)
            self.texts.append(text)
            parsed = [(literal, field) for literal, field, _, _ in string.Formatter().parse(text)]
            if parsed and parsed[0][0] == "" and parsed[0][1]:
                parsed[0] = ("", "^" + parsed[0][1])
            self.parts.append(parsed)
        return self.numbers[text]

    def add_all(self, texts) -> np.ndarray:
        return np.array([self.add(text) for text in texts], dtype=np.int64)

    def fill(self, numbers: np.ndarray, fields: dict[str, np.ndarray]) -> np.ndarray:
        out = np.full(len(numbers), None, dtype=object)
        order = np.argsort(numbers, kind="stable")
        ordered = numbers[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else []
        ends = np.r_[starts[1:], len(order)] if len(order) else []
        for start, end in zip(starts, ends, strict=True):
            number, rows = int(ordered[start]), order[start:end]
            if number < 0:
                continue
            text = np.full(len(rows), "", dtype=object)
            for literal, field in self.parts[number]:
                if literal:
                    text = text + literal
                if field:
                    values = fields.get(field)
                    if values is None:  # no capitalised form given
                        values = fields[field.lstrip("^")]
                    text = text + values[rows]
            out[rows] = text
        return out


def capitalised(values: np.ndarray) -> np.ndarray:
    """Each text with its first letter in capitals."""
    return np.array([v[:1].upper() + v[1:] if v else v for v in values], dtype=object)


def frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A DataFrame that keeps text columns as Python objects: pandas would otherwise convert
    them to Arrow strings, which costs more than DuckDB's reading them as they are."""
    return pd.DataFrame(
        {
            name: (
                pd.Series(values, dtype=object)
                if isinstance(values, np.ndarray) and values.dtype == object
                else values
            )
            for name, values in columns.items()
        }
    )


def in_england(times: np.ndarray) -> pd.Series:
    """Clock times in England (naive numpy datetimes) as UTC instants, to store in TIMESTAMPTZ
    columns whatever the session's time zone (a DuckDB cursor does not inherit the
    connection's). The demo's times are all in the day, never in the hour the clocks change."""
    local = pd.Series(times.astype("datetime64[s]"))
    england = local.dt.tz_localize(SCHOOL_TZ_ID, ambiguous=False, nonexistent="shift_forward")
    return england.dt.tz_convert("UTC")


def as_days(values) -> np.ndarray:
    """Dates as numpy days."""
    return np.array(values, dtype="datetime64[D]")


class Pools:
    """Groups of templates (one group per topic or per meeting kind), flattened into arrays so
    that a template can be chosen for every row at once."""

    def __init__(self, templates: Templates, groups: list[tuple[str, ...]]):
        self.length = np.array([len(g) for g in groups], dtype=np.int64)
        self.offset = np.r_[0, np.cumsum(self.length)[:-1]].astype(np.int64)
        self.flat = np.r_[templates.add_all([t for g in groups for t in g]), -1]

    def choose(self, group: np.ndarray, choice: np.ndarray) -> np.ndarray:
        """For each row, one template of its group (-1 when the group is empty)."""
        length = self.length[group]
        at = self.offset[group] + choice % np.maximum(length, 1)
        return np.where(length > 0, self.flat[np.minimum(at, len(self.flat) - 1)], -1)


class SchoolDays:
    """The school days of the years the demo spans: sendlib.school.term_dates's default terms and
    closures, with two INSET days a year (the first day of the spring and of the summer term)."""

    def __init__(self, first_year: int, last_year: int):
        self.terms: list[term_dates.Term] = []
        self.closures: list[term_dates.Closure] = []
        for year in range(first_year, last_year + 1):
            terms = term_dates.default_terms(year)
            self.terms += terms
            self.closures += term_dates.default_closures(year)
            for term in terms[1:]:
                self.closures.append(term_dates.Closure(term.starts, term.starts, "INSET day"))
        first = date(first_year, 9, 1)
        every = np.arange(np.datetime64(first), np.datetime64(date(last_year + 1, 9, 1)))
        term_of = np.full(len(every), -1)
        for index, term in enumerate(self.terms):
            term_of[(term.starts - first).days : (term.ends - first).days + 1] = index
        for closure in self.closures:
            term_of[(closure.starts - first).days : (closure.ends - first).days + 1] = -1
        weekday = (every.astype(np.int64) + 3) % 7  # 1 January 1970 was a Thursday
        open_days = (term_of >= 0) & (weekday < 5)
        self.days = every[open_days]
        self.term_of_day = term_of[open_days]
        self.term_lo = np.searchsorted(self.term_of_day, np.arange(len(self.terms)), "left")
        self.term_hi = np.searchsorted(self.term_of_day, np.arange(len(self.terms)), "right")

    def index(self, days, side: str = "left") -> np.ndarray:
        """The first school day on or after each date ('right': the first after it)."""
        return np.searchsorted(self.days, as_days(days), side)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        terms = pd.DataFrame(
            [(t.academic_year, t.name, t.starts, t.ends) for t in self.terms],
            columns=["academic_year", "name", "starts", "ends"],
        )
        closures = pd.DataFrame(
            sorted((c.starts, c.ends, c.reason) for c in self.closures),
            columns=["starts", "ends", "reason"],
        )
        return terms, closures
