"""The school calendar: default terms and closures, counting school days, and changing the dates."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from sendlib import audit, db
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.school import calendar, term_dates
from sendlib.school.term_dates import Closure, Term
from sendlib.words import SCHOOL_TZ


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"),
     (2038, "2038-04-25"), (2285, "2285-03-22")],
)  # fmt: skip
def test_easter_sunday(year, easter):
    assert term_dates.easter_sunday(year) == d(easter)


def test_default_terms_2026_27():
    assert term_dates.default_terms(2026) == [
        Term(2026, "autumn", d("2026-09-02"), d("2026-12-18")),
        Term(2026, "spring", d("2027-01-04"), d("2027-03-19")),
        Term(2026, "summer", d("2027-04-05"), d("2027-07-22")),
    ]


def test_default_closures_2026_27():
    assert term_dates.default_closures(2026) == [
        Closure(d("2026-10-26"), d("2026-10-30"), "half term"),
        Closure(d("2027-02-15"), d("2027-02-19"), "half term"),
        Closure(d("2027-05-03"), d("2027-05-03"), "bank holiday"),
        Closure(d("2027-05-31"), d("2027-06-04"), "half term"),
    ]


@pytest.mark.parametrize(
    ("year", "autumn", "spring", "summer", "october", "february", "may"),
    [
        # New Year's Day on a Monday: spring starts the Monday after. Christmas Day on a Monday.
        (2023, ("2023-09-06", "2023-12-22"), ("2024-01-08", "2024-03-22"),
         ("2024-04-08", "2024-07-22"), "2023-10-23", "2024-02-12", "2024-05-27"),
        # A late Easter (20 April 2025).
        (2024, ("2024-09-04", "2024-12-20"), ("2025-01-06", "2025-04-11"),
         ("2025-04-28", "2025-07-22"), "2024-10-28", "2025-02-17", "2025-05-26"),
        # 22 July on a Saturday: the summer term ends on Friday 21 July.
        (2022, ("2022-09-07", "2022-12-16"), ("2023-01-02", "2023-03-31"),
         ("2023-04-17", "2023-07-21"), "2022-10-24", "2023-02-13", "2023-05-29"),
    ],
)  # fmt: skip
def test_default_pattern_in_other_years(year, autumn, spring, summer, october, february, may):
    terms = term_dates.default_terms(year)
    assert [(t.starts, t.ends) for t in terms] == [
        (d(autumn[0]), d(autumn[1])),
        (d(spring[0]), d(spring[1])),
        (d(summer[0]), d(summer[1])),
    ]
    half_terms = [c.starts for c in term_dates.default_closures(year) if c.reason == "half term"]
    assert half_terms == [d(october), d(february), d(may)]


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2026-11-23", "2026-11-23", 0),  # same day
        ("2026-11-20", "2026-11-23", 1),  # Friday to Monday, across a weekend
        ("2026-11-16", "2026-11-20", 4),
        ("2026-10-23", "2026-11-02", 1),  # across October half term
        ("2026-12-18", "2027-01-04", 1),  # across the Christmas holiday
        ("2026-11-21", "2026-11-23", 0),  # sent on a Saturday: counting starts on Monday
        ("2026-11-21", "2026-11-24", 1),
        ("2026-10-28", "2026-11-02", 0),  # sent in half term
        ("2026-10-28", "2026-11-04", 2),
        ("2026-12-27", "2027-01-05", 1),  # sent over Christmas
        ("2026-07-23", "2026-09-03", 1),  # sent in the summer holiday; autumn begins 2 September
        ("2027-04-30", "2027-05-04", 1),  # across the early May bank holiday
        ("2026-11-23", "2026-11-20", 0),  # an end before the start never counts back
    ],
)
def test_school_days_between(cur, start, end, days):
    assert calendar.school_days_between(cur, d(start), d(end)) == days


def test_school_days_between_many_keeps_the_index_and_counts_by_the_date_in_england(cur):
    # 23:30 UTC on Friday 23 October is 00:30 on Saturday in England (summer time).
    starts = pd.Series(
        [
            pd.Timestamp("2026-10-23 23:30", tz="UTC"),
            pd.Timestamp("2026-11-20 15:00", tz="UTC"),
            pd.Timestamp("2026-11-20 09:00", tz="UTC"),
        ],
        index=[10, 11, 12],
    )
    ends = pd.Series(
        [pd.Timestamp("2026-11-02 08:00", tz="UTC"), pd.NaT, pd.Timestamp("2026-11-24", tz="UTC")],
        index=[10, 11, 12],
    )
    days = calendar.school_days_between_many(cur, starts, ends)
    assert list(days.index) == [10, 11, 12]
    assert days.tolist() == [0, pd.NA, 2]


def test_school_days_between_many_takes_plain_dates_and_datetimes(cur):
    days = calendar.school_days_between_many(
        cur,
        pd.Series([date(2026, 10, 23), datetime(2026, 12, 18, 17, 0, tzinfo=SCHOOL_TZ)]),
        pd.Series([date(2026, 11, 2), date(2027, 1, 4)]),
    )
    assert days.tolist() == [1, 1]


def test_many_pairs_match_one_at_a_time(cur):
    rng = np.random.default_rng(3)
    starts = pd.Series(
        pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 900, 300_000), "D")
    )
    ends = starts + pd.to_timedelta(rng.integers(0, 40, 300_000), "D")
    days = calendar.school_days_between_many(cur, starts.dt.date, ends.dt.date)
    assert len(days) == 300_000
    for i in rng.integers(0, 300_000, 50):
        expected = calendar.school_days_between(cur, starts[i].date(), ends[i].date())
        assert days[i] == expected


def test_school_day_index_is_a_running_count(cur):
    index = calendar.school_day_index(cur, d("2026-10-22"), d("2026-11-03"))
    assert index == {
        d("2026-10-22"): 1,  # Thursday
        d("2026-10-23"): 2,
        d("2026-10-24"): 2,
        d("2026-10-25"): 2,
        **{d(f"2026-10-{n}"): 2 for n in range(26, 32)},  # half term
        d("2026-11-01"): 2,
        d("2026-11-02"): 3,
        d("2026-11-03"): 4,
    }


@pytest.mark.parametrize(
    ("day", "school_day", "term", "this_term"),
    [
        ("2026-11-23", True, "autumn", "autumn"),
        ("2026-11-21", False, "autumn", "autumn"),  # a Saturday in term
        ("2026-10-27", False, "autumn", "autumn"),  # half term is inside the term
        ("2026-12-25", False, None, "autumn"),  # the Christmas holiday reports on autumn
        ("2027-01-04", True, "spring", "spring"),
        ("2027-05-03", False, "summer", "summer"),  # bank holiday
        ("2027-08-10", False, None, "summer"),
    ],
)
def test_is_school_day_and_terms(cur, day, school_day, term, this_term):
    assert calendar.is_school_day(cur, d(day)) is school_day
    found = calendar.term_containing(cur, d(day))
    assert (found.name if found else None) == term
    assert calendar.this_term(cur, d(day)).name == this_term


def test_this_term_before_the_autumn_term_starts_is_last_summer(cur):
    term = calendar.this_term(cur, d("2026-09-01"))
    assert (term.academic_year, term.name, term.label) == (2025, "summer", "Summer term 2025/26")


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-11-23", 5, "2026-11-30"),
        ("2026-11-23", 0, "2026-11-23"),
        ("2026-11-21", 0, "2026-11-23"),  # from a Saturday: the next school day
        ("2026-12-17", 5, "2027-01-07"),  # across Christmas
        ("2026-10-23", 1, "2026-11-02"),  # across half term
        ("2026-07-01", 40, "2026-10-06"),  # across the summer holiday
    ],
)
def test_add_school_days(cur, start, days, due):
    found = calendar.add_school_days(cur, d(start), days)
    assert found == d(due)
    assert calendar.school_days_between(cur, d(start), found) == days


def test_ensure_year_stores_the_defaults_once(cur):
    with db.transaction(cur):
        assert calendar.ensure_year(cur, 2026) is True
        assert calendar.ensure_year(cur, 2026) is False
    stored = cur.execute("SELECT name, starts, ends FROM terms ORDER BY starts").fetchall()
    assert stored == [(t.name, t.starts, t.ends) for t in term_dates.default_terms(2026)]
    closures = cur.execute("SELECT starts, ends, reason FROM closures ORDER BY starts").fetchall()
    assert closures == [(c.starts, c.ends, c.reason) for c in term_dates.default_closures(2026)]
    assert calendar.school_days_between(cur, d("2026-10-23"), d("2026-11-02")) == 1


def test_reading_never_writes(cur):
    calendar.school_days_between(cur, d("2024-01-01"), d("2027-12-31"))
    assert db.scalar(cur, "SELECT count(*) FROM terms") == 0


def test_stored_terms_and_an_inset_day_change_the_count(cur, staff):
    senco = staff["senco"]
    terms = term_dates.default_terms(2026)
    # The school's autumn term starts on Thursday 3 September.
    changed = [Term(2026, "autumn", d("2026-09-03"), d("2026-12-18")), *terms[1:]]
    calendar.set_terms(cur, senco, 2026, changed)
    assert calendar.list_terms(cur, 2026) == changed
    assert calendar.is_school_day(cur, d("2026-09-02")) is False
    closure_id = calendar.add_closure(cur, senco, d("2026-11-23"), None, "INSET day")
    assert calendar.school_days_between(cur, d("2026-11-20"), d("2026-11-24")) == 1
    assert [c.reason for c in calendar.list_closures(cur, d("2026-10-01"), d("2026-12-31"))] == [
        "half term",
        "INSET day",
    ]
    calendar.remove_closure(cur, senco, closure_id)
    assert calendar.school_days_between(cur, d("2026-11-20"), d("2026-11-24")) == 2
    logged = audit.list_entries(cur, username="senco")["action"].tolist()
    assert logged[:3] == ["remove closure", "add closure", "change term dates"]


def test_a_closure_in_a_new_year_stores_that_years_defaults_first(cur, staff):
    calendar.add_closure(cur, staff["senco"], d("2027-09-01"), d("2027-09-02"), "INSET day")
    assert [t.name for t in calendar.list_terms(cur, 2027)] == ["autumn", "spring", "summer"]
    assert db.scalar(cur, "SELECT count(*) FROM terms WHERE academic_year = 2027") == 3
    assert db.scalar(cur, "SELECT count(*) FROM closures") == 5


@pytest.mark.parametrize("role", ["teacher", "office", "viewer"])
def test_only_the_senco_changes_the_calendar(cur, staff, role):
    with pytest.raises(PermissionDenied):
        calendar.add_closure(cur, staff[role], d("2026-11-23"), None, "INSET day")
    with pytest.raises(PermissionDenied):
        calendar.set_terms(cur, staff[role], 2026, term_dates.default_terms(2026))
    assert db.scalar(cur, "SELECT count(*) FROM closures") == 0


@pytest.mark.parametrize(
    ("terms", "fields"),
    [
        (lambda t: t[:2], ["Terms"]),
        (lambda t: [Term(2026, "autumn", d("2026-12-18"), d("2026-09-02")), *t[1:]],
         ["Autumn term"]),
        (lambda t: [Term(2026, "autumn", d("2026-08-28"), d("2026-12-18")), *t[1:]],
         ["Autumn term"]),
        (lambda t: [t[0], Term(2026, "spring", d("2026-12-14"), d("2027-03-19")), t[2]],
         ["Spring term"]),
    ],
)  # fmt: skip
def test_bad_term_dates_name_the_term(cur, staff, terms, fields):
    with pytest.raises(ValidationError) as caught:
        calendar.set_terms(cur, staff["senco"], 2026, terms(term_dates.default_terms(2026)))
    assert [p.field for p in caught.value.problems] == fields
    assert db.scalar(cur, "SELECT count(*) FROM terms") == 0


@pytest.mark.parametrize(
    ("starts", "ends", "reason", "fields"),
    [
        ("2026-11-23", "2026-11-20", "INSET day", ["Ends"]),
        ("2026-11-23", None, "  ", ["Reason"]),
        ("2026-11-23", None, "x" * 101, ["Reason"]),
    ],
)
def test_bad_closures_name_the_field(cur, staff, starts, ends, reason, fields):
    with pytest.raises(ValidationError) as caught:
        calendar.add_closure(cur, staff["senco"], d(starts), d(ends) if ends else None, reason)
    assert [p.field for p in caught.value.problems] == fields
    assert db.scalar(cur, "SELECT count(*) FROM closures") == 0


# --- bank holidays, from the kept list --------------------------------------------------------


def test_the_one_off_bank_holidays_are_not_school_days(cur):
    # The State Funeral of Queen Elizabeth II and the Coronation of King Charles III.
    assert not calendar.is_school_day(cur, d("2022-09-19"))
    assert not calendar.is_school_day(cur, d("2023-05-08"))
    assert calendar.is_school_day(cur, d("2022-09-20")) and calendar.is_school_day(
        cur, d("2023-05-09")
    )
    reasons = {
        c.starts: c.reason for c in calendar.list_closures(cur, d("2022-09-01"), d("2023-08-31"))
    }
    assert reasons[d("2022-09-19")] == "bank holiday: State Funeral of Queen Elizabeth II"
    assert reasons[d("2023-05-08")] == "bank holiday: Coronation of Charles III"
    assert not any(day.month == 12 and day.day > 20 for day in reasons)  # holidays are not listed


def test_replies_and_due_dates_count_past_them(cur):
    # Friday 16 to Wednesday 21 September 2022: Monday 19th was the State Funeral.
    assert calendar.school_days_between(cur, d("2022-09-16"), d("2022-09-21")) == 2
    waiting = calendar.school_days_between_many(
        cur, pd.Series([d("2023-05-05")]), pd.Series([d("2023-05-10")])
    )
    assert waiting.tolist() == [2]  # Tuesday 9th and Wednesday 10th; Monday 8th was the Coronation
    assert calendar.add_school_days(cur, d("2023-05-05"), 1) == d("2023-05-09")


def test_stored_term_dates_still_close_on_a_bank_holiday(cur, staff):
    calendar.set_terms(cur, staff["senco"], 2022, [
        Term(2022, "autumn", d("2022-09-05"), d("2022-12-16")),
        Term(2022, "spring", d("2023-01-04"), d("2023-03-31")),
        Term(2022, "summer", d("2023-04-17"), d("2023-07-21")),
    ])  # fmt: skip
    assert not calendar.is_school_day(cur, d("2022-09-19"))
    assert not calendar.is_school_day(cur, d("2023-05-08"))


def test_the_may_half_term_follows_a_moved_spring_bank_holiday():
    # 2022: the spring bank holiday moved to Thursday 2 June for the Platinum Jubilee.
    half_terms = [c.starts for c in term_dates.default_closures(2021) if c.reason == "half term"]
    assert half_terms[-1] == d("2022-05-30")
    # 2020: the early May bank holiday moved to Friday 8 May for VE Day.
    assert Closure(d("2020-05-08"), d("2020-05-08"), "bank holiday") in term_dates.default_closures(
        2019
    )
