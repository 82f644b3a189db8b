"""Exporting the register: a CSV Excel opens with names intact and no cell run as a formula."""

from __future__ import annotations

import codecs
import csv
import io

import pandas as pd
import pytest

from sendlib import audit
from sendlib.errors import PermissionDenied
from sendlib.pupils import exporting
from sendlib.pupils.listing import REGISTER_COLUMNS, RegisterFilter
from tests import school

HEADER = REGISTER_COLUMNS[1:]


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("Zoë O'Connor-Smith", "Zoë O'Connor-Smith"),
        ("Smith = Jones", "Smith = Jones"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(typed, exported):
    frame = pd.DataFrame({"pupil_id": [7], "Name": [typed], "Left": [None]})
    data = exporting.register_csv(frame)
    assert rows_of(data) == [["Name", "Left"], [exported, ""]]


def test_the_csv_has_a_byte_order_mark_and_excel_line_endings():
    frame = pd.DataFrame({"pupil_id": [1], "Name": ["Zoë Ashworth"], "UPN": ["A123"]})
    assert exporting.register_csv(frame) == (
        b"\xef\xbb\xbfName,UPN\r\n" + "Zoë Ashworth,A123\r\n".encode()
    )


def test_an_empty_register_exports_just_the_header():
    data = exporting.register_csv(pd.DataFrame(columns=REGISTER_COLUMNS))
    assert rows_of(data) == [HEADER]


def test_the_senco_exports_the_whole_register_and_it_is_audited(cur, staff):
    data = exporting.export_register(cur, staff["senco"], RegisterFilter(), "All pupils")
    upn = school.make_upn
    assert rows_of(data) == [
        HEADER,
        ["Zoë O'Connor-Smith", "Year 2", "2A", "SEN support (K)", "SLCN", "ASD",
         "Communication and interaction", "", "email", upn(1), ""],
        ["Łukasz Nowak", "Year 3", "3B", "EHC plan (E)", "ASD", "",
         "Communication and interaction", "", "phone", upn(2), ""],
        ["<script>alert(1)</script> Jones", "Year 4", "4A", "SEN support (K)", "SEMH",
         "", "Social, emotional and mental health", "", "", upn(5), ""],
        ["Siobhán Murphy", "Year 5", "5A", "Monitoring (cause for concern)", "", "", "",
         "", "", upn(4), ""],
        ["Alex Nguyễn", "Year 5", "5A", "SEN support (K)", "SPLD", "",
         "Cognition and learning", "", "text", upn(3), ""],
    ]  # fmt: skip
    entry = audit.list_entries(cur, username="senco").iloc[0]
    assert (entry["action"], entry["detail"]) == ("export register", "All pupils: 5 pupils")
    assert pd.isna(entry["pupil_id"])


def test_a_name_typed_as_a_formula_is_exported_as_text(cur, staff):
    cur.execute("UPDATE pupils SET known_as = '=HYPERLINK(\"http://x\")' WHERE pupil_id = 5")
    data = exporting.export_register(
        cur, staff["senco"], RegisterFilter(year_groups=(4,)), "Year 4"
    )
    assert rows_of(data)[1][0] == '\'=HYPERLINK("http://x") Jones'


def test_a_teacher_exports_only_their_classes(cur, staff):
    data = exporting.export_register(cur, staff["teacher"], RegisterFilter(), "My classes")
    assert [row[0] for row in rows_of(data)[1:]] == ["Siobhán Murphy", "Alex Nguyễn"]
    entry = audit.list_entries(cur, username="teacher").iloc[0]
    assert (entry["action"], entry["detail"]) == ("export register", "My classes: 2 pupils")


def test_one_pupil_is_counted_in_the_singular(cur, staff):
    exporting.export_register(cur, staff["senco"], RegisterFilter(statuses=("E",)), "EHC plans")
    assert audit.list_entries(cur, username="senco").iloc[0]["detail"] == "EHC plans: 1 pupil"


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_office_and_viewers_may_not_export(cur, staff, role):
    before = len(audit.list_entries(cur))
    with pytest.raises(PermissionDenied):
        exporting.export_register(cur, staff[role], RegisterFilter(), "All pupils")
    assert len(audit.list_entries(cur)) == before
