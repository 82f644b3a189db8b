"""The English school year and which birth dates fit which year group."""

from datetime import date

import pytest

from sendlib.school import year as school_year


@pytest.mark.parametrize(
    ("today", "start"),
    [(date(2026, 9, 1), 2026), (date(2026, 8, 31), 2025), (date(2027, 3, 1), 2026)],
)
def test_academic_year_starts_on_1_september(today, start):
    assert school_year.academic_year_start(today) == start


def test_reception_in_2026_27_was_born_september_2021_to_august_2022():
    assert school_year.birth_range(0, date(2026, 11, 23)) == (date(2021, 9, 1), date(2022, 8, 31))


@pytest.mark.parametrize(
    ("born", "year"),
    [(date(2014, 9, 1), 7), (date(2015, 8, 31), 7), (date(2015, 9, 1), 6), (date(2021, 9, 1), 0)],
)
def test_chronological_year_group_changes_on_1_september(born, year):
    assert school_year.chronological_year_group(born, date(2026, 11, 23)) == year


def test_academic_year_label():
    assert school_year.academic_year_label(2026) == "2026/27"
    assert school_year.academic_year_label(2099) == "2099/00"
