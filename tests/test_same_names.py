"""The same names on screen, in the CSV exports and on paper. A pupil and a parent named in each
script a school in England meets are saved through the forms' own rules, then read back from
the register page and a profile, the register's CSV and a subject access export, and the printed
register and profile. A name typed with its accent as a separate mark (as some keyboards and
copied text give it) is kept as the same name, and found by a search for it typed either way."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile

import pytest
from pypdf import PdfReader

from sendlib import db, users
from sendlib.pupils import contacts, exporting, register, subject_access
from sendlib.pupils.listing import RegisterFilter, list_register
from sendlib.reporting import printing
from tests import school
from tests.apptest import as_read, run_page, shown_text

# A French forename and a Vietnamese surname, typed with each accent as a mark of its own.
SEPARATE_MARKS = ("Zoe\u0308", "Nguye\u0302\u0303n")
TYPED = {**school.SCRIPT_NAMES, "Separate marks": (*SEPARATE_MARKS, "Hoa", "Le\u0302", "")}


def _composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def _pdf_text(document: bytes) -> str:
    """The PDF's words, without the layout marks pypdf leaves between shaped letters."""
    reader = PdfReader(io.BytesIO(document))
    text = " ".join(page.extract_text() for page in reader.pages)
    return "".join(c for c in text if unicodedata.category(c) != "Cc")


@pytest.fixture(scope="module")
def named_school(tmp_path_factory) -> tuple[str, dict[str, int]]:
    """The test school with a pupil in class 6N for each script, each with a parent named in it;
    the database file and each script's pupil id."""
    path = tmp_path_factory.mktemp("names") / "school.duckdb"
    conn = db.connect(path)
    cur = db.cursor(conn)
    school.populate(cur)
    senco = users.get_user(cur, "senco")
    pupils = {}
    for serial, (script, names) in enumerate(TYPED.items(), start=40):
        forename, surname, parent_forename, parent_surname, _ = names
        pupils[script] = register.save_pupil(
            cur, senco,
            {"upn": school.make_upn(serial), "legal_forename": forename,
             "legal_surname": surname, "date_of_birth": school.TODAY.replace(year=2015),
             "year_group": 6, "class_name": "6N", "status": "K", "primary_need": "SLCN"},
            school.TODAY,
        ).pupil_id  # fmt: skip
        contacts.save_contact(
            cur, senco, pupils[script],
            {"forename": parent_forename, "surname": parent_surname, "relationship": "mother",
             "preferred_channel": "phone", "phone": "07700 900123"},
        )  # fmt: skip
    conn.close()
    return str(path), pupils


@pytest.fixture
def names_cur(named_school):
    conn = db.connect(named_school[0])
    yield db.cursor(conn)
    conn.close()


def _shown(script: str) -> tuple[str, str, str, str]:
    """The pupil's forename and surname and the parent's, as every screen and paper shows them."""
    return tuple(_composed(name) for name in TYPED[script][:4])  # type: ignore[return-value]


def test_names_are_kept_as_typed_with_each_accent_composed(names_cur, named_school):
    pupil = register.get_pupil(
        names_cur, school_senco(names_cur), named_school[1]["Separate marks"]
    )
    assert (pupil.legal_forename, pupil.legal_surname) == ("Zoë", "Nguyễn")
    for script in school.SCRIPT_NAMES:
        pupil = register.get_pupil(names_cur, school_senco(names_cur), named_school[1][script])
        assert (pupil.legal_forename, pupil.legal_surname) == _shown(script)[:2]


def school_senco(cur) -> users.User:
    return users.get_user(cur, "senco")


@pytest.mark.parametrize("search", ["Zoë Nguyễn", "Zoe\u0308 Nguye\u0302\u0303n", "zoë nguyễn"])
def test_a_name_is_found_however_its_accent_is_typed(names_cur, search):
    found = list_register(names_cur, school_senco(names_cur), RegisterFilter(search=search))
    assert list(found["Name"]) == ["Zoë Nguyễn"]


def test_the_register_page_its_csv_and_its_print_show_the_same_names(
    named_school, names_cur, monkeypatch
):
    monkeypatch.setenv("SENDHUB_DB", named_school[0])
    monkeypatch.setenv("SENDHUB_COOKIE_KEY", "test-cookie-key-not-secret-at-all-32")
    monkeypatch.setenv("SENDHUB_TODAY", school.TODAY.isoformat())
    at = run_page("pages/register.py", "senco")
    on_screen = set(at.dataframe[0].value["Name"])
    senco = school_senco(names_cur)
    in_csv = {
        row["Name"]
        for row in _csv_rows(exporting.export_register(names_cur, senco, RegisterFilter(), "All"))
    }
    printed = _pdf_text(
        printing.print_register(names_cur, senco, RegisterFilter(), "", school.TODAY)
    )
    for script in TYPED:
        forename, surname, _, _ = _shown(script)
        name = f"{forename} {surname}"
        assert name in on_screen, script
        assert name in in_csv, script
        assert forename in printed and surname in printed, script


@pytest.mark.parametrize("script", sorted(TYPED))
def test_a_profile_its_subject_access_export_and_its_print_show_the_same_names(
    named_school, names_cur, monkeypatch, script
):
    monkeypatch.setenv("SENDHUB_DB", named_school[0])
    monkeypatch.setenv("SENDHUB_COOKIE_KEY", "test-cookie-key-not-secret-at-all-32")
    monkeypatch.setenv("SENDHUB_TODAY", school.TODAY.isoformat())
    forename, surname, parent_forename, parent_surname = _shown(script)
    pupil_id = named_school[1][script]
    at = run_page(
        "pages/pupil.py", "senco", {"pupil": str(pupil_id)}, {"pupil_tab": "Parents and carers"}
    )
    assert as_read(at.title[0].value) == f"{forename} {surname}"
    assert f"{parent_forename} {parent_surname}" in as_read(shown_text(at))
    senco = school_senco(names_cur)
    archive = zipfile.ZipFile(
        io.BytesIO(subject_access.export_pupil(names_cur, senco, pupil_id, school.TODAY))
    )
    pupil_row = _csv_rows(archive.read("tables/pupils.csv"))[0]
    assert (pupil_row["legal_forename"], pupil_row["legal_surname"]) == (forename, surname)
    parent_row = _csv_rows(archive.read("tables/contacts.csv"))[0]
    assert (parent_row["forename"], parent_row["surname"]) == (parent_forename, parent_surname)
    printed = _pdf_text(printing.print_profile(names_cur, senco, pupil_id, school.TODAY))
    for word in (forename, surname, parent_forename, parent_surname):
        assert word in printed, word


def test_names_saved_before_with_separate_marks_are_composed_when_the_app_is_updated(cur, staff):
    # As an earlier version of the app stored them, before names were composed as they are saved.
    cur.execute(
        "UPDATE pupils SET legal_forename = ?, known_as = ? WHERE pupil_id = ?",
        ["Zoe\u0308", "Zoe\u0308", school.ZOE],
    )
    cur.execute(
        "UPDATE contacts SET surname = ?, name = ? WHERE contact_id = 3",
        ["Nguye\u0302\u0303n", "Linh Nguye\u0302\u0303n"],
    )
    cur.execute("UPDATE users SET name = ? WHERE username = 'teacher'", ["Ti\u0301a Teacher"])
    cur.execute("DELETE FROM schema_version WHERE name = '015_composed_names.sql'")
    assert db.migrate(cur) == [15]
    assert cur.execute(
        "SELECT legal_forename, known_as FROM pupils WHERE pupil_id = ?", [school.ZOE]
    ).fetchall() == [("Zoë", "Zoë")]
    assert db.scalar(cur, "SELECT name FROM contacts WHERE contact_id = 3") == "Linh Nguyễn"
    assert users.get_user(cur, "teacher").name == "Tía Teacher"
