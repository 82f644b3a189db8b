"""Importing pupils from a MIS CSV: reading the file, matching columns, previewing, applying."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from stdnum.gb import upn as upn_rules

from sendlib import audit, db, users
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.pupils import census, importing, register
from sendlib.pupils.register import StatusPeriod

TODAY = date(2026, 10, 1)
LATER = date(2027, 1, 11)
PASSWORD = "correct horse battery"
SAMPLE = Path(__file__).parent.parent / "data" / "sample_mis_export.csv"
HEADER = list(importing.SIMS_HEADER)
SURNAMES = ["Ashworth", "O'Brien", "Nowak", "Dubois", "Adeyemi", "Fischer", "Rahman", "Evans"]


def make_upn(serial: int) -> str:
    """A valid UPN for school 873/2041, issued in 2020."""
    body = f"873204120{serial:03d}"
    return upn_rules.calc_check_digit(body) + body


def pupil(serial: int, **changes: str) -> dict[str, str]:
    """One Year 6 pupil as a SIMS export writes them; keyword names use _ for spaces."""
    row = {
        "UPN": make_upn(serial),
        "Legal Surname": SURNAMES[serial % len(SURNAMES)],
        "Legal Forename": "Zoë",
        "Preferred Forename": "",
        "DOB": "14/11/2015",
        "Year": "Year 6",
        "Reg Group": "6H",
        "SEN Status": "K",
        "Primary Need": "SPLD",
        "Secondary Need": "",
    }
    row.update({key.replace("_", " "): value for key, value in changes.items()})
    return row


def csv_bytes(rows: list[dict[str, str]], header: list[str] = HEADER, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def preview(cur, user, data: bytes, name: str = "test.csv", today: date = TODAY):
    frame = importing.read_csv(data)
    mapping = importing.suggest_mapping(list(frame.columns))
    return importing.preview_import(cur, user, frame, mapping, today, file_name=name)


def run_import(cur, user, data: bytes, name: str = "test.csv", today: date = TODAY):
    checked = preview(cur, user, data, name, today)
    assert checked.problems == []
    return importing.apply_import(cur, user, checked, today)


def counts(cur) -> dict[str, int]:
    tables = ("pupils", "sen_status", "needs", "audit_log")
    return {t: db.scalar(cur, f"SELECT count(*) FROM {t}") for t in tables}


def pupil_id(cur, serial: int) -> int:
    return register.find_pupil_by_upn(cur, make_upn(serial))


def problem_texts(error: ValidationError | importing.ImportPreview) -> list[str]:
    return [str(p) for p in error.problems]


@pytest.fixture
def senco(cur):
    return users.add_user(cur, "senco", "Sam Senco", "senco", PASSWORD)


# --- matching columns ---------------------------------------------------------------------


def test_sims_headers_are_all_recognised():
    assert importing.suggest_mapping(HEADER) == {
        "upn": "UPN",
        "legal_forename": "Legal Forename",
        "legal_surname": "Legal Surname",
        "date_of_birth": "DOB",
        "year_group": "Year",
        "class_name": "Reg Group",
        "known_as": "Preferred Forename",
        "status": "SEN Status",
        "primary_need": "Primary Need",
        "secondary_need": "Secondary Need",
        "status_start": None,
        "gender": None,
        "first_language": None,
        "eal": None,
        "looked_after": None,
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("upn", "upn"),
        (" U.P.N ", "upn"),
        ("Surname", "legal_surname"),
        ("LEGAL_SURNAME", "legal_surname"),
        ("Legal First Name", "legal_forename"),
        ("Forename", "legal_forename"),
        ("Preferred forename", "known_as"),
        ("Known As", "known_as"),
        ("Date of Birth", "date_of_birth"),
        ("D.O.B.", "date_of_birth"),
        ("Date of birth (DD/MM/YYYY)", "date_of_birth"),
        ("NC Year", "year_group"),
        ("Year Group", "year_group"),
        ("YEAR", "year_group"),
        ("Reg", "class_name"),
        ("Class", "class_name"),
        ("Form", "class_name"),
        ("Registration Group", "class_name"),
        ("sen status", "status"),
        ("SEN Primary Need", "primary_need"),
        ("secondary_need", "secondary_need"),
        ("Gender", "gender"),
        ("First Language", "first_language"),
        ("EAL", "eal"),
        ("Looked After", "looked_after"),
        ("SEN Need Type 1", "primary_need"),
        ("SEN Need Type 2", "secondary_need"),
        ("Primary SEN Type", "primary_need"),
        ("Secondary Need Type", "secondary_need"),
        ("SEN Provision", "status"),
        ("SEN Start Date", "status_start"),
        ("SEN Status Start Date", "status_start"),
        ("Tutor Group", "class_name"),
        ("Form/Tutor Group", "class_name"),
        ("Registration Form", "class_name"),
        ("Legal Last Name", "legal_surname"),
        ("Preferred First Name", "known_as"),
        ("NC Year Group", "year_group"),
        ("Looked After/CLA", "looked_after"),
        ("In Care", "looked_after"),
    ],
)
def test_header_variants_are_recognised(header, field):
    assert importing.suggest_mapping(["Something else", header])[field] == header


def test_the_legal_surname_wins_over_a_plain_surname_and_unknown_headers_map_to_nothing():
    mapping = importing.suggest_mapping(["Surname", "Legal Surname", "Pupil ref"])
    assert mapping["legal_surname"] == "Legal Surname"
    assert mapping["upn"] is None
    assert list(mapping) == list(importing.FIELDS)


def test_fields_say_which_are_required():
    assert importing.FIELDS["upn"] == "UPN (required)"
    assert importing.FIELDS["class_name"] == "Class (required)"
    assert importing.FIELDS["known_as"] == "Known as"
    required = [f for f, label in importing.FIELDS.items() if label.endswith("(required)")]
    assert required == [
        "upn",
        "legal_forename",
        "legal_surname",
        "date_of_birth",
        "year_group",
        "class_name",
    ]


def test_a_column_the_user_matched_by_hand_is_used(cur, senco):
    rows = [pupil(1)]
    for row in rows:
        row["Pupil ref"] = row.pop("UPN")
    frame = importing.read_csv(csv_bytes(rows, ["Pupil ref", *HEADER[1:]]))
    mapping = {**importing.suggest_mapping(list(frame.columns)), "upn": "Pupil ref"}
    checked = importing.preview_import(cur, senco, frame, mapping, TODAY)
    assert checked.ok
    assert checked.rows["UPN"].tolist() == [make_upn(1)]


# --- reading the file ---------------------------------------------------------------------

SMALL = "UPN , Legal Surname,Legal Forename\r\nA1,O'Brien,Zoë\r\nB2,Murphy,Siobhán\r\nC3,,Renée\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_utf8_with_bom_and_windows_1252_files_read_the_same(encoding):
    frame = importing.read_csv(SMALL.encode(encoding))
    expected = pd.DataFrame(
        {
            "UPN": ["A1", "B2", "C3"],
            "Legal Surname": ["O'Brien", "Murphy", ""],
            "Legal Forename": ["Zoë", "Siobhán", "Renée"],
        },
        dtype=str,
    )
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.loc[0, "Legal Forename"] == "Zoë"


def test_trailing_blank_lines_and_unnamed_empty_columns_are_ignored():
    data = b"UPN,Surname,\r\nA1,Smith,\r\n,,\r\n\r\n"
    frame = importing.read_csv(data)
    assert frame.to_dict("list") == {"UPN": ["A1"], "Surname": ["Smith"]}


def test_semicolon_separated_files_are_read():
    frame = importing.read_csv(b"UPN;Surname\nA1;Nowak\n")
    assert frame.to_dict("list") == {"UPN": ["A1"], "Surname": ["Nowak"]}


def test_a_quoted_comma_stays_in_its_cell():
    frame = importing.read_csv(b'UPN,Surname\nA1,"Smith, Jones"\n')
    assert frame.to_dict("list") == {"UPN": ["A1"], "Surname": ["Smith, Jones"]}


def read_problems(data: bytes, **limits) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        importing.read_csv(data, **limits)
    return problem_texts(caught.value)


@pytest.mark.parametrize("data", [b"", b"\r\n  \r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(data):
    assert read_problems(data) == ["File: The file is empty"]


def test_a_file_with_a_header_but_no_rows_is_refused():
    assert read_problems(b"UPN,Legal Surname\r\n,\r\n") == [
        "File: has a header row but nothing below it (each row should be one pupil)"
    ]


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "UPN,Name\n".encode("utf-16")],
)
def test_a_file_that_is_not_csv_is_refused(data):
    assert read_problems(data) == [
        "File: is not a CSV file (it may be an Excel workbook or a UTF-16 text file): save it "
        "from your MIS or Excel as 'CSV UTF-8' or 'CSV (comma delimited)'"
    ]


def test_a_row_with_more_values_than_headers_is_refused_naming_the_row():
    assert read_problems(b"UPN,Surname\nA1,Smith\nB2,Smith,Jones,Khan\n") == [
        "Row 3, Columns: has 4 values but the header row has 2 columns (is there a comma in a "
        "name without quotes around it?)"
    ]


def test_duplicate_headers_are_refused_naming_both_columns():
    assert read_problems(b"UPN,Surname,upn\nA1,Smith,B2\n") == [
        "Header: 'upn' appears more than once (columns A and C): rename or delete one"
    ]


def test_too_many_rows_is_refused_with_the_limit():
    data = b"UPN\n" + b"A1\n" * 50_001
    assert read_problems(data) == [
        "File: has more than 50,000 rows; the most that can be imported at once is 50,000: "
        "split the file"
    ]
    assert len(importing.read_csv(b"UPN\n" + b"A1\n" * 50_000)) == 50_000
    assert read_problems(b"UPN\nA\nB\nC\n", max_rows=2) == [
        "File: has more than 2 rows; the most that can be imported at once is 2: split the file"
    ]


def test_too_large_a_file_is_refused_with_the_limit():
    data = b"UPN\n" + b"A" * (20 * 1024 * 1024)
    assert read_problems(data) == [
        "File: is larger than 20 MB, the largest file that can be imported"
    ]
    assert read_problems(b"UPN\nA1\n", max_bytes=5) == [
        "File: is larger than 5 bytes, the largest file that can be imported"
    ]


# --- previewing ----------------------------------------------------------------------------


def test_the_sample_file_imports_cleanly_into_a_fresh_database(cur, senco):
    checked = preview(cur, senco, SAMPLE.read_bytes(), "sample_mis_export.csv")
    assert checked.problems == []
    assert (checked.new, checked.updated, checked.unchanged) == (25, 0, 0)
    result = importing.apply_import(cur, senco, checked, TODAY)
    assert result == importing.ImportResult(created=25, updated=0, unchanged=0)
    # The SENCo's account, one row for each pupil added, and the import itself.
    assert counts(cur) == {"pupils": 25, "sen_status": 13, "needs": 17, "audit_log": 27}
    siobhan = register.find_pupil_by_upn(cur, "Z873204121102")
    assert register.get_pupil(cur, senco, siobhan).legal_name == "Siobhán O'Brien"
    assert register.current_status(cur, siobhan) == "E"
    assert register.get_needs(cur, siobhan) == ("ASD", "SLCN")
    assert register.get_status_history(cur, siobhan) == [
        StatusPeriod("E", TODAY, None, "Imported from MIS file sample_mis_export.csv")
    ]
    seun = register.get_pupil(cur, senco, register.find_pupil_by_upn(cur, "F873204120105"))
    assert (seun.display_name, seun.known_as, seun.date_of_birth) == (
        "Seun Adeyemi",
        "Seun",
        date(2016, 1, 30),
    )
    zoe = register.get_pupil(cur, senco, register.find_pupil_by_upn(cur, "Z873204120101"))
    assert (zoe.known_as, zoe.year_group, zoe.class_name) == (None, 6, "6H")
    entry = audit.list_entries(cur, username="senco").iloc[0]
    assert (entry["action"], entry["detail"]) == (
        "import pupils",
        "sample_mis_export.csv: 25 new, 0 updated, 0 unchanged",
    )
    assert pd.isna(entry["pupil_id"])


def test_the_preview_shows_every_row_with_what_will_happen(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1), pupil(2)]))
    data = csv_bytes(
        [
            pupil(1),
            pupil(2, Reg_Group="6K", Preferred_Forename="Zo"),
            pupil(3, SEN_Status="", Primary_Need="", Year="R", DOB="01/06/2022", Reg_Group="RB"),
            pupil(4, DOB="31/02/2015"),
        ]
    )
    checked = preview(cur, senco, data)
    assert checked.rows.to_dict("records") == [
        {
            "Row": 2,
            "UPN": make_upn(1),
            "Name": "Zoë O'Brien",
            "Year": "Year 6",
            "Class": "6H",
            "Status": "SEN support (K)",
            "Needs": "SPLD",
            "Action": "no change",
            "Changes": "",
            "Problems": "",
        },
        {
            "Row": 3,
            "UPN": make_upn(2),
            "Name": "Zo Nowak",
            "Year": "Year 6",
            "Class": "6K",
            "Status": "SEN support (K)",
            "Needs": "SPLD",
            "Action": "update",
            "Changes": "Known as, Class",
            "Problems": "",
        },
        {
            "Row": 4,
            "UPN": make_upn(3),
            "Name": "Zoë Dubois",
            "Year": "Reception",
            "Class": "RB",
            "Status": "Not on the register",
            "Needs": "",
            "Action": "new",
            "Changes": "",
            "Problems": "",
        },
        {
            "Row": 5,
            "UPN": make_upn(4),
            "Name": "Zoë Adeyemi",
            "Year": "Year 6",
            "Class": "6H",
            "Status": "K",
            "Needs": "SPLD",
            "Action": "error",
            "Changes": "",
            "Problems": "Date of birth: '31/02/2015' is not a date (use DD/MM/YYYY)",
        },
    ]
    assert (checked.new, checked.updated, checked.unchanged, checked.ok) == (1, 1, 1, False)
    assert problem_texts(checked) == [
        "Row 5, Date of birth: '31/02/2015' is not a date (use DD/MM/YYYY)"
    ]


def bad_row_cases() -> list[tuple[dict[str, str], str]]:
    good = make_upn(3)
    wrong = ("A" if good[0] != "A" else "B") + good[1:]
    return [
        ({"DOB": "not known"}, "Row 4, Date of birth: 'not known' is not a date (use DD/MM/YYYY)"),
        (
            {"UPN": wrong},
            f"Row 4, UPN: '{wrong}' has the wrong check letter (it should start with {good[0]})",
        ),
        (
            {"SEN Status": "E", "Primary Need": "NSA"},
            "Row 4, Primary need: NSA (no specialist assessment) is only used with SEN support (K)",
        ),
        (
            {"Primary Need": "ASD", "Secondary Need": "asd"},
            "Row 4, Secondary need: must be different from the primary need",
        ),
        ({"Year": "Year 14"}, "Row 4, Year group: 'Year 14' is not a year group (N, R, 1-13)"),
        ({"Reg Group": "  "}, "Row 4, Class: is required"),
        (
            {"SEN Status": "X", "Primary Need": ""},
            "Row 4, SEN status: 'X' is not K, E, monitoring or none (a census code or its "
            "name, such as 'K - SEN Support')",
        ),
        (
            {"DOB": "14/11/2019"},
            "Row 4, Date of birth: 14/11/2019 does not fit Year 6 "
            "(born 01/09/2015 to 31/08/2016, or a year either side)",
        ),
        ({key: "" for key in HEADER}, "Row 4, Whole row: is empty; delete it from the file"),
    ]


@pytest.mark.parametrize(("changes", "message"), bad_row_cases())
def test_one_bad_row_among_good_ones_is_named_and_nothing_is_written(cur, senco, changes, message):
    run_import(cur, senco, csv_bytes([pupil(1)]))
    before = counts(cur)
    data = csv_bytes([pupil(1, Reg_Group="6K"), pupil(2), {**pupil(3), **changes}, pupil(4)])
    checked = preview(cur, senco, data)
    assert problem_texts(checked) == [message]
    assert checked.rows["Action"].tolist() == ["update", "new", "error", "new"]
    assert checked.rows.loc[2, "Problems"] == message.split(", ", 1)[1]
    with pytest.raises(ValidationError) as caught:
        importing.apply_import(cur, senco, checked, TODAY)
    assert problem_texts(caught.value) == [message]
    assert counts(cur) == before
    assert register.get_pupil(cur, senco, pupil_id(cur, 1)).class_name == "6H"


def test_duplicate_upns_in_the_file_name_each_other_and_nothing_is_written(cur, senco):
    data = csv_bytes([pupil(1), pupil(2), pupil(1, Legal_Surname="Khan"), pupil(5), pupil(5)])
    checked = preview(cur, senco, data)
    assert problem_texts(checked) == [
        f"Row 2, UPN: {make_upn(1)} is also on row 4",
        f"Row 4, UPN: {make_upn(1)} is also on row 2",
        f"Row 5, UPN: {make_upn(5)} is also on row 6",
        f"Row 6, UPN: {make_upn(5)} is also on row 5",
    ]
    assert checked.rows["Action"].tolist() == ["error", "new", "error", "error", "error"]
    with pytest.raises(ValidationError):
        importing.apply_import(cur, senco, checked, TODAY)
    assert counts(cur)["pupils"] == 0


def test_a_upn_on_three_rows_names_the_other_two(cur, senco):
    checked = preview(cur, senco, csv_bytes([pupil(1), pupil(1), pupil(1)]))
    assert problem_texts(checked) == [
        f"Row 2, UPN: {make_upn(1)} is also on rows 3, 4",
        f"Row 3, UPN: {make_upn(1)} is also on rows 2, 4",
        f"Row 4, UPN: {make_upn(1)} is also on rows 2, 3",
    ]


def test_missing_required_columns_are_named_before_any_row_is_checked(cur, senco):
    header = ["UPN", "Legal Surname", "Legal Forename", "Year"]
    frame = importing.read_csv(csv_bytes([{"UPN": "nonsense"}], header))
    mapping = importing.suggest_mapping(list(frame.columns))
    with pytest.raises(ValidationError) as caught:
        importing.preview_import(cur, senco, frame, mapping, TODAY)
    assert problem_texts(caught.value) == [
        "Columns: choose the file's column for Date of birth, Class (required)"
    ]
    assert counts(cur) == {"pupils": 0, "sen_status": 0, "needs": 0, "audit_log": 1}


def test_a_mapping_must_name_real_columns_each_used_once(cur, senco):
    frame = importing.read_csv(csv_bytes([pupil(1)]))
    mapping = importing.suggest_mapping(list(frame.columns))
    mapping.update(class_name="Year", gender="Sex", status=None)
    with pytest.raises(ValidationError) as caught:
        importing.preview_import(cur, senco, frame, mapping, TODAY)
    assert problem_texts(caught.value) == [
        "Columns: 'Year' is chosen for Year group and Class",
        "Columns: 'Sex' is not a column of the file",
        "Columns: needs come with an SEN status: choose the SEN status column too",
    ]


def test_a_pupil_who_has_left_is_not_updated_by_an_import(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1)]))
    register.archive_pupil(cur, senco, pupil_id(cur, 1), date(2026, 9, 30), TODAY)
    checked = preview(cur, senco, csv_bytes([pupil(1)]))
    assert problem_texts(checked) == [
        f"Row 2, UPN: {make_upn(1)} belongs to a pupil who left on 30/09/2026: "
        "take the row out of the file"
    ]


def test_dates_with_a_midnight_time_and_optional_columns_are_read(cur, senco):
    header = [*HEADER, "Gender", "First Language", "EAL", "Looked After"]
    row = {
        **pupil(1, DOB="14/11/2015 00:00:00", Preferred_Forename="Zo"),
        "Gender": "F",
        "First Language": "Polish",
        "EAL": "Y",
        "Looked After": "Yes",
    }
    run_import(cur, senco, csv_bytes([row], header))
    stored = register.get_pupil(cur, senco, pupil_id(cur, 1))
    assert (stored.date_of_birth, stored.known_as, stored.gender, stored.first_language) == (
        date(2015, 11, 14),
        "Zo",
        "F",
        "Polish",
    )
    assert (stored.eal, stored.looked_after) == (True, True)


# --- applying ------------------------------------------------------------------------------


def test_importing_the_same_file_twice_makes_no_duplicates(cur, senco):
    data = SAMPLE.read_bytes()
    run_import(cur, senco, data, "sample_mis_export.csv")
    first = counts(cur)
    again = preview(cur, senco, data, "sample_mis_export.csv")
    assert set(again.rows["Action"]) == {"no change"}
    assert (again.new, again.updated, again.unchanged) == (0, 0, 25)
    result = importing.apply_import(cur, senco, again, TODAY)
    assert result == importing.ImportResult(created=0, updated=0, unchanged=25)
    assert counts(cur) == {**first, "audit_log": first["audit_log"] + 1}
    assert audit.list_entries(cur, username="senco").iloc[0]["detail"] == (
        "sample_mis_export.csv: 0 new, 0 updated, 25 unchanged"
    )


def test_a_preview_can_be_applied_only_once(cur, senco):
    checked = preview(cur, senco, csv_bytes([pupil(1)]))
    importing.apply_import(cur, senco, checked, TODAY)
    before = counts(cur)
    with pytest.raises(ValidationError) as caught:
        importing.apply_import(cur, senco, checked, TODAY)
    assert problem_texts(caught.value) == [
        "File: the register has changed since this preview was made (by this import, another "
        "one or an edit): preview the file again"
    ]
    assert counts(cur) == before


def test_a_changed_status_closes_the_old_period_and_opens_a_new_one(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1), pupil(2)]), "autumn.csv")
    changed = [
        pupil(1, SEN_Status="E", Primary_Need="ASD", Secondary_Need="SLCN"),
        pupil(2, SEN_Status="N", Primary_Need=""),
    ]
    checked = preview(cur, senco, csv_bytes(changed), "spring.csv", LATER)
    assert checked.rows["Changes"].tolist() == ["SEN status, Needs", "SEN status, Needs"]
    result = importing.apply_import(cur, senco, checked, LATER)
    assert result == importing.ImportResult(created=0, updated=2, unchanged=0)
    first, second = pupil_id(cur, 1), pupil_id(cur, 2)
    assert register.get_status_history(cur, first) == [
        StatusPeriod("E", LATER, None, "Imported from MIS file spring.csv"),
        StatusPeriod("K", TODAY, LATER, "Imported from MIS file autumn.csv"),
    ]
    assert register.get_needs(cur, first) == ("ASD", "SLCN")
    assert register.get_status_history(cur, second) == [
        StatusPeriod("K", TODAY, LATER, "Imported from MIS file autumn.csv")
    ]
    assert register.current_status(cur, second) is None
    assert register.get_needs(cur, second) == (None, None)
    assert audit.list_entries(cur, username="senco").iloc[0]["detail"] == (
        "spring.csv: 0 new, 2 updated, 0 unchanged"
    )
    # Nothing changes silently: each family is to be told, as after a change on screen.
    told = cur.execute("SELECT pupil_id, description FROM actions ORDER BY pupil_id").fetchall()
    assert told == [
        (first, "Tell the parents what changed and why: SEN status and needs changed by the "
                "import of spring.csv"),
        (second, "Tell the parents what changed and why: SEN status and needs changed by the "
                 "import of spring.csv"),
    ]  # fmt: skip


def test_a_pupil_on_the_monitoring_list_stays_there_when_the_file_says_n(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1, SEN_Status="M", Primary_Need="")]))
    assert register.current_status(cur, pupil_id(cur, 1)) == "monitoring"
    checked = preview(cur, senco, csv_bytes([pupil(1, SEN_Status="N", Primary_Need="")]))
    assert checked.rows[["Status", "Action"]].values.tolist() == [
        ["Monitoring (cause for concern)", "no change"]
    ]


def test_an_update_keeps_what_the_file_does_not_carry(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1)]))
    cur.execute(
        "UPDATE pupils SET strengths = 'Loves drawing', restricted_notes = 'Known to social care', "
        "what_helps = 'Visual timetable', gender = 'F', eal = TRUE WHERE upn = ?",
        [make_upn(1)],
    )
    result = run_import(cur, senco, csv_bytes([pupil(1, Reg_Group="6K", Legal_Surname="Khan")]))
    assert result == importing.ImportResult(created=0, updated=1, unchanged=0)
    stored = register.get_pupil(cur, senco, pupil_id(cur, 1))
    assert (stored.legal_surname, stored.class_name) == ("Khan", "6K")
    assert (stored.strengths, stored.what_helps, stored.restricted_notes) == (
        "Loves drawing",
        "Visual timetable",
        "Known to social care",
    )
    assert (stored.gender, stored.eal) == ("F", True)
    assert register.get_status_history(cur, stored.pupil_id) == [
        StatusPeriod("K", TODAY, None, "Imported from MIS file test.csv")
    ]


def test_a_file_without_sen_columns_leaves_status_and_needs_alone(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1, SEN_Status="E", Primary_Need="HI")]))
    header = HEADER[:7]
    row = {k: v for k, v in pupil(1, Reg_Group="6K").items() if k in header}
    checked = preview(cur, senco, csv_bytes([row], header))
    assert checked.rows[["Status", "Needs", "Changes"]].values.tolist() == [
        ["EHC plan (E)", "HI", "Class"]
    ]
    importing.apply_import(cur, senco, checked, LATER)
    assert register.current_status(cur, pupil_id(cur, 1)) == "E"
    assert register.get_needs(cur, pupil_id(cur, 1)) == ("HI", None)


@pytest.mark.parametrize(("role", "classes"), [("teacher", ["6H"]), ("office", [])])
def test_teachers_and_office_staff_may_not_import(cur, senco, role, classes):
    user = users.add_user(cur, role, f"{role.title()} User", role, PASSWORD, classes=classes)
    data = csv_bytes([pupil(1)])
    with pytest.raises(PermissionDenied):
        preview(cur, user, data)
    checked = preview(cur, senco, data)
    with pytest.raises(PermissionDenied):
        importing.apply_import(cur, user, checked, TODAY)
    assert counts(cur)["pupils"] == 0


def test_a_file_without_preferred_forenames_shows_and_keeps_the_stored_known_as(cur, senco):
    run_import(cur, senco, csv_bytes([pupil(1, Preferred_Forename="Zo")]))
    header = [h for h in HEADER if h != "Preferred Forename"]
    row = {k: v for k, v in pupil(1).items() if k in header}
    checked = preview(cur, senco, csv_bytes([row], header))
    assert checked.rows[["Name", "Action"]].values.tolist() == [["Zo O'Brien", "no change"]]


# --- exports as each MIS writes them --------------------------------------------------------


def product_file(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def as_seen(cur, senco, checked) -> list[list[str]]:
    """Each row's name, status and needs in the preview, then as the register shows them."""
    shown = checked.rows[["Name", "Status", "Needs"]].values.tolist()
    importing.apply_import(cur, senco, checked, TODAY)
    stored = []
    for upn in checked.rows["UPN"]:
        found = register.find_pupil_by_upn(cur, upn)
        needs = [census.need_label(code) for code in register.get_needs(cur, found) if code]
        stored.append([census.status_label(register.current_status(cur, found)), *needs])
    return [*shown, *stored]


def test_a_sims_export_with_need_types_1_and_2_in_words_imports(cur, senco):
    header = [
        "UPN", "Legal Surname", "Legal Forename", "Preferred Forename", "DOB", "Year",
        "Reg Group", "SEN Status", "SEN Need Type 1", "SEN Need Type 2", "SEN Start Date",
    ]  # fmt: skip
    rows = [
        [make_upn(1), "Ashworth", "Zoë", "Zoë", "14/11/2015", "Year 6", "6H",
         "K - SEN Support", "Specific Learning Difficulty", "", "04/09/2025"],
        [make_upn(2), "O'Brien", "Siobhán", "Shiv", "02/03/2016", "Year 6", "6H",
         "E - Education, Health and Care Plan", "Autistic Spectrum Disorder",
         "Speech, Language and Communication Needs", "15/01/2024"],
        [make_upn(3), "Nowak", "Łukasz", "Łukasz", "21/07/2016", "Year 5", "5C",
         "N - No Special Educational Need", "", "", ""],
    ]  # fmt: skip
    checked = preview(cur, senco, product_file(header, rows))
    assert problem_texts(checked) == []
    assert as_seen(cur, senco, checked) == [
        ["Zoë Ashworth", "SEN support (K)", "SPLD"],
        ["Shiv O'Brien", "EHC plan (E)", "ASD, SLCN"],
        ["Łukasz Nowak", "Not on the register", ""],
        ["SEN support (K)", "Specific learning difficulty (SPLD)"],
        ["EHC plan (E)", "Autistic spectrum disorder (ASD)",
         "Speech, language and communication needs (SLCN)"],
        ["Not on the register"],
    ]  # fmt: skip
    # The register's history starts on the MIS's SEN start date, not on the day of the import.
    assert register.get_status_history(cur, pupil_id(cur, 2)) == [
        StatusPeriod("E", date(2024, 1, 15), None, "Imported from MIS file test.csv")
    ]


def test_an_arbor_export_imports(cur, senco):
    header = [
        "UPN", "Legal First Name", "Legal Last Name", "Preferred First Name", "Date of Birth",
        "Year Group", "Registration Form", "SEN Status", "Primary SEN Need",
        "Secondary SEN Need", "SEN Status Start Date",
    ]  # fmt: skip
    rows = [
        [make_upn(1), "Amelia", "Kowalczyk", "Millie", "13 Jan 2016", "Year 6", "6H",
         "SEN Support", "Social, Emotional and Mental Health", "", "01 Oct 2024"],
        [make_upn(2), "Grace", "Okafor", "Grace", "12 Aug 2015", "Year 6", "6K",
         "Education, Health and Care Plan", "Severe Learning Difficulty",
         "Physical Disability", "10 Mar 2023"],
        [make_upn(3), "Noah", "Thompson", "Noah", "31 Aug 2016", "Year 5", "5C",
         "Monitoring", "", "", ""],
    ]  # fmt: skip
    checked = preview(cur, senco, product_file(header, rows))
    assert problem_texts(checked) == []
    assert as_seen(cur, senco, checked) == [
        ["Millie Kowalczyk", "SEN support (K)", "SEMH"],
        ["Grace Okafor", "EHC plan (E)", "SLD, PD"],
        ["Noah Thompson", "Monitoring (cause for concern)", ""],
        ["SEN support (K)", "Social, emotional and mental health (SEMH)"],
        ["EHC plan (E)", "Severe learning difficulty (SLD)", "Physical disability (PD)"],
        ["Monitoring (cause for concern)"],
    ]
    millie = register.get_pupil(cur, senco, pupil_id(cur, 1))
    assert millie.date_of_birth == date(2016, 1, 13)


def test_a_bromcom_export_imports(cur, senco):
    header = [
        "UPN", "Legal Surname", "Legal Forename", "Preferred Forename", "Date Of Birth",
        "NC Year", "Tutor Group", "SEN Status", "Primary Need Type", "Secondary Need Type",
        "SEN Start Date", "EAL", "Looked After/CLA",
    ]  # fmt: skip
    rows = [
        [make_upn(1), "Rahman", "Mohammed", "Mo", "11/06/2016", "6", "6H", "K",
         "MLD - Moderate Learning Difficulty", "SEMH - Social, Emotional and Mental Health",
         "02/09/2025", "Y", "N"],
        [make_upn(2), "Yılmaz", "Ayşe", "", "23/09/2015", "6", "6K", "E",
         "Hearing Impairment", "", "01/02/2022", "Y", "Y"],
    ]  # fmt: skip
    checked = preview(cur, senco, product_file(header, rows))
    assert problem_texts(checked) == []
    assert as_seen(cur, senco, checked) == [
        ["Mo Rahman", "SEN support (K)", "MLD, SEMH"],
        ["Ayşe Yılmaz", "EHC plan (E)", "HI"],
        ["SEN support (K)", "Moderate learning difficulty (MLD)",
         "Social, emotional and mental health (SEMH)"],
        ["EHC plan (E)", "Hearing impairment (HI)"],
    ]  # fmt: skip
    ayse = register.get_pupil(cur, senco, pupil_id(cur, 2))
    assert (ayse.year_group, ayse.class_name, ayse.eal, ayse.looked_after) == (6, "6K", True, True)


def test_a_scholarpack_export_imports(cur, senco):
    header = [
        "UPN", "Surname", "Forename", "Known As", "Date of Birth", "Year", "Class",
        "SEN Provision", "Primary SEN Type", "Secondary SEN Type", "SEN Provision Start Date",
    ]  # fmt: skip
    rows = [
        [make_upn(1), "Evans", "Ruby", "Ruby", "27/12/2015", "6", "Oak",
         "K - SEN support", "Speech, language and communication needs", "", "06/01/2025"],
        [make_upn(2), "Hussain", "Maryam", "Maryam", "08/07/2016", "5", "Ash",
         "E - Education, health and care plan", "Visual impairment",
         "Multi-sensory impairment", "17/05/2023"],
        [make_upn(3), "Petrov", "Alexander", "Sasha", "22/11/2015", "6", "Oak",
         "K - SEN support", "SEN support but no specialist assessment of type of need", "",
         "03/03/2026"],
    ]  # fmt: skip
    checked = preview(cur, senco, product_file(header, rows))
    assert problem_texts(checked) == []
    assert as_seen(cur, senco, checked) == [
        ["Ruby Evans", "SEN support (K)", "SLCN"],
        ["Maryam Hussain", "EHC plan (E)", "VI, MSI"],
        ["Sasha Petrov", "SEN support (K)", "NSA"],
        ["SEN support (K)", "Speech, language and communication needs (SLCN)"],
        ["EHC plan (E)", "Visual impairment (VI)", "Multi-sensory impairment (MSI)"],
        ["SEN support (K)", "SEN support but no specialist assessment of type of need (NSA)"],
    ]  # fmt: skip


SIMS_NEEDS = ["UPN", "Legal Surname", "Legal Forename", "DOB", "Year", "Reg Group", "SEN Status",
              "SEN Need Type 1", "SEN Need Type 2", "SEN Start Date"]  # fmt: skip


def sims_row(serial: int, status: str, first: str, second: str = "", since: str = "") -> list[str]:
    return [make_upn(serial), SURNAMES[serial], "Zoë", "14/11/2015", "6", "6H", status, first,
            second, since]  # fmt: skip


def test_a_need_or_status_that_is_not_clear_is_refused_naming_the_row_and_column(cur, senco):
    data = product_file(
        SIMS_NEEDS,
        [
            sims_row(1, "K - SEN Support", "Specific Learning Difficulty"),
            sims_row(2, "K - SEN Support", "Dyslexia"),
            sims_row(3, "O - Other", "MLD", "Learning difficulty"),
        ],
    )
    checked = preview(cur, senco, data)
    codes = "SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA"
    assert problem_texts(checked) == [
        f"Row 3, Primary need: 'Dyslexia' in column 'SEN Need Type 1' is not a DfE need code "
        f"({codes}) or the name of one, such as 'Specific learning difficulty'",
        "Row 4, SEN status: 'O - Other' is not K, E, monitoring or none (a census code or its "
        "name, such as 'K - SEN Support')",
        f"Row 4, Secondary need: 'Learning difficulty' in column 'SEN Need Type 2' is not a DfE "
        f"need code ({codes}) or the name of one, such as 'Specific learning difficulty'",
    ]
    assert checked.rows["Action"].tolist() == ["new", "error", "error"]


def test_a_sen_start_date_must_be_a_past_date_after_the_current_status_began(cur, senco):
    run_import(cur, senco, product_file(SIMS_NEEDS, [sims_row(1, "K", "SPLD", since="01/10/2025")]))
    data = product_file(
        SIMS_NEEDS,
        [
            sims_row(1, "E", "SPLD", since="01/09/2025"),
            sims_row(2, "K", "MLD", since="02/10/2026"),
            sims_row(3, "K", "MLD", since="sometime"),
            sims_row(4, "K", "MLD", since="01/01/2015"),
        ],
    )
    assert problem_texts(preview(cur, senco, data)) == [
        "Row 2, SEN start date: 01/09/2025 is before the current status (SEN support (K)) began "
        "on 01/10/2025",
        "Row 3, SEN start date: 02/10/2026 is in the future",
        "Row 4, SEN start date: 'sometime' is not a date (use DD/MM/YYYY)",
        "Row 5, SEN start date: 01/01/2015 is before the date of birth",
    ]


def test_a_sen_start_date_closes_the_old_status_and_is_ignored_when_nothing_changes(cur, senco):
    run_import(cur, senco, product_file(SIMS_NEEDS, [sims_row(1, "K", "SPLD", since="01/10/2025")]))
    first = pupil_id(cur, 1)
    same = product_file(SIMS_NEEDS, [sims_row(1, "K", "SPLD", since="05/05/2026")])
    assert preview(cur, senco, same).rows["Action"].tolist() == ["no change"]
    run_import(cur, senco, product_file(SIMS_NEEDS, [sims_row(1, "E", "SPLD", since="01/09/2026")]))
    assert register.get_status_history(cur, first) == [
        StatusPeriod("E", date(2026, 9, 1), None, "Imported from MIS file test.csv"),
        StatusPeriod("K", date(2025, 10, 1), date(2026, 9, 1), "Imported from MIS file test.csv"),
    ]


def test_refused_rows_are_described_in_full_in_words(cur, senco):
    data = csv_bytes(
        [
            pupil(1),
            pupil(2, Primary_Need="", DOB="next Tuesday"),
            pupil(3, Reg_Group=""),
            pupil(4, UPN=make_upn(1)),
        ]
    )
    assert importing.describe_refused_rows(preview(cur, senco, data)) == [
        f"Row 2: UPN: {make_upn(1)} is also on row 5",
        "Row 3: Date of birth 'next Tuesday' is not a date (use DD/MM/YYYY); Primary need is "
        "required for pupils on SEN support or with an EHC plan",
        "Row 4: Class is required",
        f"Row 5: UPN: {make_upn(1)} is also on row 2",
    ]
