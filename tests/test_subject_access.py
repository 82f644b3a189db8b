"""The subject access export: everything held about one pupil, for the SENCo, in one zip."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import replace

import pypdf
import pytest

from sendlib.errors import NotFound, PermissionDenied
from sendlib.pupils import subject_access
from tests import school
from tests.school import KNOWN_TABLES, LUKASZ, ZOE, add_full_record, pupil_tables


@pytest.fixture
def records(cur, staff):
    add_full_record(cur, ZOE, "Zoë")
    add_full_record(cur, LUKASZ, "Łukasz")
    return staff


def export(cur, user, pupil_id=ZOE) -> zipfile.ZipFile:
    data = subject_access.export_pupil(cur, user, pupil_id, school.TODAY)
    return zipfile.ZipFile(io.BytesIO(data))


def table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    data = archive.read(f"tables/{name}.csv")
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def pdf_text(archive: zipfile.ZipFile) -> str:
    (name,) = [n for n in archive.namelist() if n.startswith("subject-access-")]
    reader = pypdf.PdfReader(io.BytesIO(archive.read(name)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_search_finds_every_table_of_the_migrations_that_holds_pupil_rows(cur):
    found = {t.name for t in subject_access.linked_tables(cur)}
    assert found == set(pupil_tables(cur))
    assert found >= KNOWN_TABLES
    assert not {"users", "surgery_slots", "surgery_sessions", "settings", "terms"} & found


def test_every_table_linked_to_pupils_is_in_the_zip(cur, records):
    archive = export(cur, records["senco"])
    csvs = {
        n.removeprefix("tables/").removesuffix(".csv")
        for n in archive.namelist()
        if not n.startswith("files/")
    }
    assert csvs == set(pupil_tables(cur)) | {f"subject-access-{school.make_upn(1)}.pdf"}


def test_an_email_sent_to_the_parents_is_in_the_zip_with_its_attachment(cur, records):
    archive = export(cur, records["senco"])
    (email,) = table(archive, "outbox")
    assert email["subject"] == "Zoë record"
    assert email["attachment"] == "9 bytes: files/outbox-1-Zoë record.pdf"  # ë is two
    assert archive.read("files/outbox-1-Zoë record.pdf") == "%PDF Zoë".encode()
    assert "Emails to the parents" in pdf_text(archive)


def test_each_table_holds_this_pupils_rows_and_no_one_elses(cur, records):
    archive = export(cur, records["senco"])
    for name in pupil_tables(cur):
        rows = table(archive, name)
        assert rows, name
        assert not [r for r in rows if "Łukasz" in str(r)], name
    assert [r["outcome"] for r in table(archive, "plan_outcomes")] == ["Zoë outcome"]
    assert [r["status"] for r in table(archive, "pack_events")] == ["draft"]


def test_restricted_notes_are_included(cur, records):
    archive = export(cur, records["senco"])
    (pupil,) = table(archive, "pupils")
    assert pupil["restricted_notes"] == "Speak to the SENCo before calling home."
    assert "Speak to the SENCo before calling home." in pdf_text(archive)


def test_cells_a_spreadsheet_would_run_are_neutralised(cur, records):
    (contact,) = [c for c in table(export(cur, records["senco"]), "contacts") if "Zoë" in c["name"]]
    assert contact["name"] == "'=SUM(A1) Zoë parent"


def test_the_audit_rows_about_the_pupil_are_in_the_zip(cur, records):
    rows = table(export(cur, records["senco"]), "audit_log")
    assert [(r["action"], r["detail"]) for r in rows] == [
        ("add pupil", "new pupil"),
        ("add contact", "contact 1: Aoife O'Connor (mother)"),
        ("view profile", "Zoë detail"),
    ]


def test_the_pdf_has_a_section_per_kind_of_record_in_plain_words(cur, records):
    text = pdf_text(export(cur, records["senco"]))
    assert "Test Primary School" in text
    assert "Subject access request: Zoë O'Connor-Smith" in text
    for title in (
        "Details about the pupil",
        "SEN status history",
        "Parents and carers",
        "Contacts and meetings",
        "Actions agreed",
        "Parent surgery bookings",
        "Transition pack versions",
        "Who opened, changed, printed or exported this record",
    ):
        assert title in text
    assert "Date of birth 03/05/2019" in text
    assert "SEN support (K)" in text
    assert "Speech, language and communication needs (SLCN)" in text
    assert "When it happened 02/06/2020 09:30" in text
    assert "Surgery slot 09/06/2020 13:30" in text
    assert "About me: Zoë likes trains" in text


def test_the_export_is_audited(cur, records):
    export(cur, records["senco"])
    row = cur.execute(
        "SELECT username, pupil_id, detail FROM audit_log WHERE action = 'export subject access'"
    ).fetchall()
    assert row[0][:2] == ("senco", ZOE)
    assert row[0][2].startswith("actions 1, agencies 1, audit_log 3,")


@pytest.mark.parametrize("role", ["teacher", "office", "viewer"])
def test_only_the_senco_may_export(cur, records, role):
    with pytest.raises(PermissionDenied):
        subject_access.export_pupil(cur, records[role], ZOE, school.TODAY)


def test_not_in_staff_meeting_mode(cur, records):
    with pytest.raises(PermissionDenied, match="Staff-meeting mode"):
        export(cur, replace(records["senco"], staff_meeting=True))


def test_a_pupil_not_held_is_not_found(cur, records):
    with pytest.raises(NotFound):
        export(cur, records["senco"], 99)
    assert not cur.execute(
        "SELECT * FROM audit_log WHERE action = 'export subject access'"
    ).fetchall()


def test_a_table_added_later_is_exported_with_what_hangs_from_it(cur, records):
    cur.execute(
        "CREATE TABLE counselling_notes (note_id INTEGER PRIMARY KEY, pupil_id INTEGER, "
        "note VARCHAR)"
    )
    cur.execute("CREATE TABLE counselling_replies (note_id INTEGER, reply VARCHAR)")
    cur.execute(
        "INSERT INTO counselling_notes VALUES (1, 1, 'Zoë met the counsellor'), (2, 2, 'x')"
    )
    cur.execute("INSERT INTO counselling_replies VALUES (1, 'Parents thanked us'), (2, 'y')")
    archive = export(cur, records["senco"])
    assert table(archive, "counselling_notes") == [
        {"note_id": "1", "pupil_id": "1", "note": "Zoë met the counsellor"}
    ]
    assert table(archive, "counselling_replies") == [
        {"note_id": "1", "reply": "Parents thanked us"}
    ]
    assert "Counselling notes" in pdf_text(archive)
