"""The import page as a SENCo uses it: upload, see every row, import all or nothing (AppTest)."""

from __future__ import annotations

from pathlib import Path

from sendlib import db
from tests import school
from tests.apptest import as_read, run_page

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_mis_export.csv"


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def pupil_count(path) -> int:
    conn = db.connect(path)
    try:
        return db.scalar(conn, "SELECT count(*) FROM pupils")
    finally:
        conn.close()


def upload(data: bytes, name: str = "export.csv"):
    at = run_page("pages/import.py", "senco")
    at.file_uploader(key="import_file").upload(name, data, "text/csv").run()
    assert not at.exception
    return at


def test_sample_file_previews_every_row_then_imports_once(school_copy):
    at = upload(SAMPLE.read_bytes(), "sample_mis_export.csv")
    assert metric(at, "New pupils") == "25"
    assert metric(at, "Rows with problems") == "0"
    assert len(at.dataframe[0].value) == 25
    assert at.selectbox(key="import_map_upn").value == "UPN"
    at.button(key="import_go").click().run()
    assert not at.exception
    assert as_read(at.success[0].value).startswith(
        "Imported 25 rows from sample_mis_export.csv: 25 new, 0 updated"
    )
    # Done: no button that would import the rows again, and a way to start on another file.
    assert [b.label for b in at.main.button] == ["Import another file"]
    at.button(key="import_again").click().run()
    assert not at.success and not at.dataframe
    assert at.get("file_uploader")[0].proto.label == "CSV file"
    # The same file again changes nothing and duplicates no one.
    at = upload(SAMPLE.read_bytes(), "sample_mis_export.csv")
    assert (metric(at, "New pupils"), metric(at, "No change")) == ("0", "25")


def test_a_bad_row_is_shown_and_nothing_can_be_imported(school_copy):
    before = pupil_count(school_copy)
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("DOB")] = "next Tuesday"
    data = "\n".join([lines[0], ",".join(row), *lines[2:]]).encode("utf-8")
    at = upload(data)
    assert metric(at, "Rows with problems") == "1"
    preview = at.dataframe[0].value
    bad = preview[preview["Action"] == "error"]
    assert list(bad["Row"]) == [2]
    assert bad.iloc[0]["Problems"].startswith("Date of birth: 'next Tuesday' is not a date")
    assert at.error[0].value.startswith("Nothing will be imported until every row is right")
    assert len(at.button) == 0 or not any(b.key == "import_go" for b in at.button)
    assert pupil_count(school_copy) == before


def test_an_empty_file_is_refused_with_its_name(school_copy):
    at = upload(b"", "empty.csv")
    assert as_read(at.error[0].value).startswith("empty.csv: ")
    assert "empty" in at.error[0].value.lower()


def test_each_refused_row_is_described_in_full_above_the_table(school_copy):
    header = "UPN,Legal Surname,Legal Forename,DOB,Year,Reg Group,SEN Status,SEN Need Type 1"
    lines = [
        header,
        "Z873204120101,Ashworth,Zoë,14/11/2015,Year 6,6H,K - SEN Support,Autistic Spectrum Disorder",
        "Z873204121102,O'Brien,Siobhán,next Tuesday,Year 6,6H,K - SEN Support,",
        "Z873204122103,Nowak,Łukasz,21/07/2016,Year 5,5C,E,[Dyslexia](https://example.com)",
    ]
    at = upload("\r\n".join(lines).encode("utf-8"))
    assert metric(at, "Rows with problems") == "2"
    shown = as_read(at.error[0].value)
    assert shown.startswith("Nothing will be imported until every row is right")
    codes = "SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA"
    assert shown.splitlines()[2:] == [
        "- Row 3: Date of birth 'next Tuesday' is not a date (use DD/MM/YYYY); Primary need is "
        "required for pupils on SEN support or with an EHC plan",
        "- Row 4: Primary need '[Dyslexia](https://example.com)' in column 'SEN Need Type 1' is "
        f"not a DfE need code ({codes}) or the name of one, such as 'Specific learning difficulty'",
    ]
    # Text from the file stays plain: the need is not turned into a link.
    assert "[Dyslexia](" not in at.error[0].value
    # The list comes before the table, which still shows every row.
    order = [node.type for node in at.main.children.values()]
    assert order.index("error") == order.index("dataframe") - 1
    assert len(at.dataframe[0].value) == 3
    assert not at.exception


# --- parents and carers -----------------------------------------------------------------------

CONTACTS_HEADER = "UPN,Contact Forename,Contact Surname,Relationship,Priority,Mobile,Email"


def upload_contacts(lines: list[str], name: str = "contacts.csv"):
    at = run_page("pages/import.py", "senco")
    at.radio(key="import_kind").set_value("Parents and carers (the contacts report)").run()
    data = "\r\n".join([CONTACTS_HEADER, *lines]).encode("utf-8")
    at.file_uploader(key="contacts_import_file").upload(name, data, "text/csv").run()
    assert not at.exception
    return at


def contacts_of(path, pupil_id: int) -> list[tuple[str, str]]:
    conn = db.connect(path)
    try:
        return conn.execute(
            "SELECT name, relationship FROM contacts WHERE pupil_id = ? ORDER BY priority",
            [pupil_id],
        ).fetchall()
    finally:
        conn.close()


def test_a_contacts_report_adds_parents_and_skips_pupils_not_on_the_register(school_copy):
    at = upload_contacts(
        [
            f"{school.make_upn(1)},Aoife,O'Connor,Mother,1,07700 900123,aoife@example.org",
            f"{school.make_upn(2)},Tomasz,Nowak,Father,2,07700 900457,",
            f"{school.make_upn(99)},Someone,Else,Mother,1,07700 900999,",
        ]
    )
    assert at.selectbox(key="contacts_import_map_forename").value == "Contact Forename"
    figures = {m.label: m.value for m in at.metric}
    assert figures == {
        "New parents and carers": "1",
        "Updated": "0",
        "No change": "1",
        "Skipped": "1",
        "Rows with problems": "0",
    }
    shown = at.dataframe[0].value
    assert list(shown["Action"]) == ["no change", "new", "skipped"]
    assert shown.iloc[2]["Changes"] == "pupil not on the register"
    at.button(key="contacts_import_go").click().run()
    assert not at.exception
    assert as_read(at.success[0].value) == (
        "Imported 3 rows from contacts.csv: 1 new, 0 updated, 1 unchanged, 1 skipped."
    )
    assert contacts_of(school_copy, school.LUKASZ) == [
        ("Katarzyna Nowak", "mother"),
        ("Tomasz Nowak", "father"),
    ]


def test_a_bad_contact_row_is_named_and_nothing_is_imported(school_copy):
    at = upload_contacts([f"{school.make_upn(2)},Tomasz,Nowak,Father,first,07700 9004,"])
    assert as_read(at.error[0].value).splitlines()[2:] == [
        "- Row 2: Priority (who is contacted first) 'first' is not a whole number from 1 to 99; "
        "Phone '07700 9004' is not a whole phone number: a UK number has 10 or 11 digits "
        "starting with 0, and a number abroad starts with + and its country code"
    ]
    assert not any(b.key == "contacts_import_go" for b in at.button)
    assert contacts_of(school_copy, school.LUKASZ) == [("Katarzyna Nowak", "mother")]
