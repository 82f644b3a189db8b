"""The rules a pupil's details must meet: each problem names its field (and row)."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib.pupils import fields
from tests.school import TODAY, make_upn

GOOD = {
    "upn": make_upn(1),
    "legal_forename": "Zoë",
    "legal_surname": "O'Connor-Smith",
    "date_of_birth": "03/05/2020",
    "year_group": "2",
    "class_name": "2A",
    "status": "K",
    "primary_need": "SLCN",
    "secondary_need": "ASD",
}


def problems(**changes) -> list[str]:
    _, found = fields.validate({**GOOD, **changes}, TODAY)
    return [str(p) for p in found]


def test_good_pupil_is_cleaned_without_problems():
    clean, found = fields.validate(GOOD, TODAY)
    assert found == []
    assert clean["date_of_birth"] == date(2020, 5, 3)
    assert clean["year_group"] == 2
    assert clean["legal_forename"] == "Zoë"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"upn": "A801200002001"}, "UPN: 'A801200002001' has the wrong check letter"),
        ({"upn": "12345"}, "UPN: '12345' must be 13 characters (it has 5)"),
        ({"upn": ""}, "UPN: is required"),
        ({"legal_surname": "  "}, "Legal surname: is required"),
        ({"date_of_birth": "yesterday"}, "Date of birth: 'yesterday' is not a date"),
        ({"date_of_birth": "01/01/2010"}, "Date of birth: 01/01/2010 does not fit Year 2"),
        ({"date_of_birth": "01/01/2030"}, "Date of birth: 01/01/2030 is not in the past"),
        ({"year_group": "Y15"}, "Year group: 'Y15' is not a year group"),
        ({"primary_need": "ADHD"}, "Primary need: 'ADHD' is not a DfE need code"),
        ({"secondary_need": "SLCN"}, "Secondary need: must be different from the primary need"),
        ({"status": "E", "primary_need": "NSA", "secondary_need": None}, "Primary need: NSA"),
        ({"primary_need": None, "secondary_need": None}, "Primary need: is required for pupils"),
        ({"primary_need": None}, "Secondary need: needs a primary need first"),
        ({"primary_need": "NSA"}, "Secondary need: NSA (no specialist assessment) stands alone"),
        ({"primary_need": "MLD", "secondary_need": "NSA"}, "Secondary need: NSA"),
        ({"status": "Q"}, "SEN status: 'Q' is not K, E, monitoring or none"),
        ({"class_name": ""}, "Class: is required"),
    ],
)
def test_each_bad_field_is_named(changes, expected):
    found = problems(**changes)
    assert any(p.startswith(expected) for p in found), found


def test_a_year_either_side_of_the_chronological_year_is_allowed():
    assert problems(date_of_birth="03/05/2019") == []  # a year older: taught out of year group
    assert problems(date_of_birth="03/05/2018")  # two years older: a typo


def test_nsa_is_allowed_with_sen_support():
    assert problems(primary_need="NSA", secondary_need=None) == []


def test_row_numbers_are_given_for_imports():
    _, found = fields.validate({**GOOD, "legal_forename": ""}, TODAY, row=7)
    assert [str(p) for p in found] == ["Row 7, Legal forename: is required"]


@pytest.mark.parametrize(
    ("text", "year"), [("R", 0), ("Reception", 0), ("Y7", 7), ("Year 11", 11), ("N1", -1), ("3", 3)]
)
def test_year_groups_as_a_mis_writes_them(text, year):
    clean, _ = fields.validate({**GOOD, "year_group": text}, TODAY)
    assert clean["year_group"] == year


def test_how_a_parent_likes_to_be_reached_reads_as_one_line():
    from sendlib.pupils.contacts import Contact

    carer = Contact(
        1, 1, "Anna Nowak", "mother", True, "Mrs Nowak", "phone", True, "after 3pm", "mornings",
        "works shifts", "Polish", True, None, None, 1, 1,
    )  # fmt: skip
    assert carer.how_to_reach() == (
        "prefers phone, email before calling; best times: after 3pm; speaks Polish; "
        "needs an interpreter"
    )
    # Whoever arranges a meeting also needs the times to avoid and the barriers.
    assert carer.how_to_reach(everything=True).endswith(
        "avoid: mornings; speaks Polish; needs an interpreter; barriers: works shifts"
    )
