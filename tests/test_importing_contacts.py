"""Importing parents and carers from a MIS contacts report: matching columns, checking each row as
the contact form would, all or nothing, and re-imports that update rather than duplicate."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from sendlib import db, users
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.pupils import contacts, importing, register
from sendlib.pupils.importing.contact_rows import split_name

TODAY = date(2026, 10, 1)
DATA = Path(__file__).parent.parent / "data"
PUPILS = DATA / "sample_mis_export.csv"
CONTACTS = DATA / "sample_mis_contacts.csv"
ZOE = "Z873204120101"
HEADER = [
    "UPN",
    "Contact Title",
    "Contact Forename",
    "Contact Surname",
    "Relationship",
    "Priority",
    "Parental Responsibility",
    "Mobile",
    "Email",
]


@pytest.fixture
def senco(cur, monkeypatch):
    """A school with the sample MIS file's 25 pupils on its register, and its SENCo."""
    senco = users.add_user(cur, "senco", "Sam Senco", "senco", "correct horse battery")
    frame = importing.read_csv(PUPILS.read_bytes())
    preview = importing.preview_import(
        cur, senco, frame, importing.suggest_mapping(list(frame.columns)), TODAY
    )
    importing.apply_import(cur, senco, preview, TODAY)
    return senco


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def parent(forename="Helen", surname="Ashworth", relationship="Mother", **cells) -> list[str]:
    """One row of HEADER for Zoë Ashworth's parent; keyword names use _ for spaces."""
    row = {
        "UPN": ZOE,
        "Contact Title": "Mrs",
        "Contact Forename": forename,
        "Contact Surname": surname,
        "Relationship": relationship,
        "Priority": "1",
        "Parental Responsibility": "Yes",
        "Mobile": "07700 900101",
        "Email": "h.ashworth@example.org",
    }
    row.update({key.replace("_", " "): value for key, value in cells.items()})
    return [row[h] for h in HEADER]


def preview(cur, user, data: bytes, name="contacts.csv", **mapping):
    frame = importing.read_csv(data, row_is="one parent or carer")
    chosen = importing.suggest_mapping(list(frame.columns), importing.contact_rows.ALIASES)
    return importing.preview_contacts(cur, user, frame, {**chosen, **mapping}, name)


def run(cur, user, data: bytes, name="contacts.csv"):
    checked = preview(cur, user, data, name)
    assert checked.problems == []
    return importing.apply_contacts(cur, user, checked)


def zoe(cur) -> int:
    return register.find_pupil_by_upn(cur, ZOE)


def held(cur, pupil_id=None, ended=False) -> list[contacts.Contact]:
    return contacts.list_contacts(cur, pupil_id or zoe(cur), include_ended=ended)


def count(cur) -> int:
    return db.scalar(cur, "SELECT count(*) FROM contacts")


def problems(found) -> list[str]:
    return [str(p) for p in found.problems]


# --- the sample file --------------------------------------------------------------------------


def test_the_sample_file_adds_every_parent_and_skips_the_pupil_not_on_the_register(cur, senco):
    checked = preview(cur, senco, CONTACTS.read_bytes())
    assert problems(checked) == []
    assert (checked.new, checked.updated, checked.skipped, checked.not_on_register) == (36, 0, 1, 1)
    skipped = checked.rows[checked.rows["Action"] == "skipped"]
    assert list(skipped["UPN"]) == ["Z873204129999"]
    assert list(skipped["Changes"]) == ["pupil not on the register"]
    result = importing.apply_contacts(cur, senco, checked)
    assert (result.created, result.skipped) == (36, 1)
    helen, david = held(cur)
    assert (helen.name, helen.title, helen.relationship) == ("Helen Ashworth", "Mrs", "mother")
    assert (helen.phone, helen.phone_other) == ("07700 900101", "0113 496 0101")
    assert helen.address == "1 Mill Lane, Leeds, LS6 1AB"
    assert (helen.preferred_channel, helen.parental_responsibility) == ("phone", True)
    assert david.name == "David Ashworth"


def test_the_same_file_again_changes_nothing_and_duplicates_no_one(cur, senco):
    run(cur, senco, CONTACTS.read_bytes())
    before = count(cur)
    again = preview(cur, senco, CONTACTS.read_bytes())
    assert (again.new, again.updated, again.unchanged) == (0, 0, 36)
    importing.apply_contacts(cur, senco, again)
    assert count(cur) == before


def test_the_sample_file_reads_a_stepfather_and_a_second_household(cur, senco):
    run(cur, senco, CONTACTS.read_bytes())
    renee = register.find_pupil_by_upn(cur, "N873204125107")
    mark = next(c for c in held(cur, renee) if c.forename == "Mark")
    assert (mark.relationship, mark.parental_responsibility) == ("stepfather", False)
    siobhan = register.find_pupil_by_upn(cur, "Z873204121102")
    ciaran = next(c for c in held(cur, siobhan) if c.forename == "Ciarán")
    assert (ciaran.lives_with_pupil, ciaran.household) == (False, 2)


# --- matching and updating --------------------------------------------------------------------


def test_a_re_import_keeps_what_the_school_added_in_the_app(cur, senco):
    run(cur, senco, csv_bytes([parent()]))
    helen = held(cur)[0]
    richer = {
        **{k: getattr(helen, k) for k in contacts.LABELS},
        "preferred_channel": "email",
        "email_consent": True,
        "best_times": "after 3pm",
        "barriers": "works shifts",
        "form_of_address": "Helen",
    }
    contacts.save_contact(cur, senco, zoe(cur), richer, helen.contact_id)
    changed = preview(cur, senco, csv_bytes([parent(Mobile="07700 900555")]))
    assert list(changed.rows["Action"]) == ["update"]
    assert list(changed.rows["Changes"]) == ["Phone"]
    importing.apply_contacts(cur, senco, changed)
    now = held(cur)[0]
    assert now.phone == "07700 900555"
    assert (now.preferred_channel, now.best_times, now.barriers, now.form_of_address) == (
        "email",
        "after 3pm",
        "works shifts",
        "Helen",
    )


def test_a_blank_cell_never_wipes_what_is_held(cur, senco):
    run(cur, senco, csv_bytes([parent()]))
    again = preview(cur, senco, csv_bytes([parent(Email="", Mobile="")]))
    assert list(again.rows["Action"]) == ["no change"]
    assert held(cur)[0].email == "h.ashworth@example.org"


def test_a_contact_is_matched_whatever_the_case_and_spacing(cur, senco):
    run(cur, senco, csv_bytes([parent()]))
    again = preview(cur, senco, csv_bytes([parent(" HELEN ", "ashworth", "MOTHER")]))
    assert list(again.rows["Action"]) == ["no change"]


def test_new_contacts_come_after_those_held_in_the_files_priority_order(cur, senco):
    contacts.save_contact(
        cur, senco, zoe(cur),
        {"forename": "Linda", "surname": "Ashworth", "relationship": "grandmother",
         "phone": "07700 900900"},
    )  # fmt: skip
    run(cur, senco, csv_bytes([parent("David", relationship="Father", Priority="2"), parent()]))
    assert [c.forename for c in held(cur)] == ["Linda", "Helen", "David"]


def test_a_contact_the_school_ended_is_not_brought_back(cur, senco):
    run(cur, senco, csv_bytes([parent()]))
    contacts.end_contact(cur, senco, held(cur)[0].contact_id, TODAY, "moved away", TODAY)
    again = preview(cur, senco, csv_bytes([parent()]))
    assert list(again.rows["Action"]) == ["skipped"]
    assert list(again.rows["Changes"]) == ["no longer a contact since 01/10/2026: not brought back"]
    importing.apply_contacts(cur, senco, again)
    assert held(cur) == []


def test_contacts_of_a_pupil_who_left_are_skipped(cur, senco):
    register.archive_pupil(cur, senco, zoe(cur), TODAY, TODAY)
    checked = preview(cur, senco, csv_bytes([parent()]))
    assert list(checked.rows["Changes"]) == ["pupil left on 01/10/2026"]
    assert (checked.skipped, checked.not_on_register) == (1, 0)


# --- a whole name in one column ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("Mrs Sarah Khan", ("Mrs", "Sarah", "Khan")),
        ("Khan, Sarah", (None, "Sarah", "Khan")),
        ("KHAN, Mrs Sarah", ("Mrs", "Sarah", "KHAN")),
        ("Khan, Sarah (Mrs)", ("Mrs", "Sarah", "Khan")),
        ("Mary Ann  Evans", (None, "Mary Ann", "Evans")),
        ("Mr Jo", (None, "Mr", "Jo")),  # two words: a forename and a surname, as written
        ("Sarah", (None, "Sarah", "")),
    ],
)
def test_a_whole_name_is_split_into_title_forename_and_surname(cell, parts):
    assert split_name(cell) == parts


def test_a_file_with_whole_names_imports_them_and_names_a_name_it_cannot_split(cur, senco):
    header = ["UPN", "Contact Name", "Relationship", "Mobile"]
    good = csv_bytes([[ZOE, "Ashworth, Helen (Mrs)", "Mother", "07700 900101"]], header)
    run(cur, senco, good)
    assert (held(cur)[0].title, held(cur)[0].name) == ("Mrs", "Helen Ashworth")
    bad = preview(cur, senco, csv_bytes([[ZOE, "Helen", "Mother", "07700 900101"]], header))
    assert problems(bad) == [
        "Row 2, Whole name (when not in two columns): 'Helen' needs a forename and a surname"
    ]


# --- checking each row: every rule names its field and row ------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"Mobile": "12345"}, "Row 2, Phone: '12345' is not a whole phone number"),
        ({"Email": "helen@"}, "Row 2, Email: 'helen@' is not an email address"),
        ({"Parental_Responsibility": "maybe"}, "Row 2, Parental responsibility: 'maybe' is not"),
        ({"Priority": "first"}, "Row 2, Priority (who is contacted first): 'first' is not a whole"),
        ({"Contact_Surname": ""}, "Row 2, Surname: is required"),
        ({"Relationship": ""}, "Row 2, Relationship: is required"),
        ({"Contact_Forename": "x" * 101}, "Row 2, Forename: must be at most 100 characters"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_field_and_nothing_is_saved(cur, senco, cells, expected):
    checked = preview(cur, senco, csv_bytes([parent("David", relationship="Father"),
                                             parent(**cells)][::-1]))  # fmt: skip
    assert any(p.startswith(expected) for p in problems(checked)), problems(checked)
    assert list(checked.rows["Action"]) == ["error", "new"]
    with pytest.raises(ValidationError):
        importing.apply_contacts(cur, senco, checked)
    assert count(cur) == 0


def test_the_same_contact_twice_in_the_file_is_refused(cur, senco):
    checked = preview(cur, senco, csv_bytes([parent(), parent(Mobile="07700 900555")]))
    assert problems(checked) == [
        "Row 2, Whole row: the same contact of the same pupil is also on row 3",
        "Row 3, Whole row: the same contact of the same pupil is also on row 2",
    ]


def test_an_update_that_leaves_no_way_to_reach_them_is_refused(cur, senco):
    run(cur, senco, csv_bytes([parent()]))
    helen = held(cur)[0]
    by_email = {**{k: getattr(helen, k) for k in contacts.LABELS}, "preferred_channel": "email",
                "email_consent": True}  # fmt: skip
    contacts.save_contact(cur, senco, zoe(cur), by_email, helen.contact_id)
    header = [*HEADER, "Email Consent"]
    checked = preview(cur, senco, csv_bytes([[*parent(), "No"]], header))
    assert problems(checked) == [
        "Row 2, Agreed to be emailed: tick it once they have agreed to be emailed"
    ]


def test_columns_must_give_the_pupil_the_names_and_the_relationship(cur, senco):
    data = csv_bytes([[ZOE, "Helen", "07700 900101"]], ["UPN", "Forename", "Mobile"])
    with pytest.raises(ValidationError) as caught:
        preview(cur, senco, data)
    assert [str(p) for p in caught.value.problems] == [
        "Columns: choose the file's column for Relationship (required)",
        "Columns: choose the file's columns for the Forename and Surname, or for the Whole name",
    ]


def test_a_bare_forename_column_is_not_taken_for_the_contacts():
    headers = ["UPN", "Forename", "Surname", "Contact Forename", "Contact Surname", "Relationship"]
    chosen = importing.suggest_mapping(headers, importing.contact_rows.ALIASES)
    assert (chosen["forename"], chosen["surname"]) == ("Contact Forename", "Contact Surname")
    assert chosen["full_name"] is None
    arbor = ["Student UPN", "Guardian First Name", "Guardian Last Name", "Relationship to Student"]
    chosen = importing.suggest_mapping(arbor, importing.contact_rows.ALIASES)
    assert [chosen[k] for k in ("upn", "forename", "surname", "relationship")] == arbor


# --- all or nothing, rights and the audit -----------------------------------------------------


def test_a_preview_made_before_someone_else_changed_the_contacts_is_refused(cur, senco):
    checked = preview(cur, senco, csv_bytes([parent()]))
    run(cur, senco, csv_bytes([parent()]))
    with pytest.raises(ValidationError, match="changed since this preview was made"):
        importing.apply_contacts(cur, senco, checked)
    assert count(cur) == 1


def test_only_whoever_imports_pupils_may_import_contacts(cur, senco):
    teacher = users.add_user(cur, "tia", "Tia Teacher", "teacher", "correct horse battery")
    with pytest.raises(PermissionDenied):
        preview(cur, teacher, csv_bytes([parent()]))
    checked = preview(cur, senco, csv_bytes([parent()]))
    with pytest.raises(PermissionDenied):
        importing.apply_contacts(cur, teacher, checked)
    assert count(cur) == 0


def audit_rows(cur) -> list[tuple]:
    return cur.execute(
        'SELECT action, detail, "before", "after" FROM audit_log '
        "WHERE action LIKE 'import contact%' ORDER BY audit_id"
    ).fetchall()


def test_every_contact_added_or_changed_has_its_audit_row(cur, senco):
    run(cur, senco, csv_bytes([parent(), parent("David", relationship="Father")]), "first.csv")
    run(cur, senco, csv_bytes([parent(Mobile="07700 900555")]), "second.csv")
    rows = audit_rows(cur)
    assert [r[0] for r in rows] == ["import contact"] * 2 + ["import contacts", "import contact",
                                                              "import contacts"]  # fmt: skip
    assert sorted(r[1].split(": ", 1)[1] for r in rows[:2]) == [
        "David Ashworth (father)",
        "Helen Ashworth (mother)",
    ]
    assert rows[2][1] == "first.csv: 2 new, 0 updated, 0 unchanged, 0 skipped"
    assert rows[3][1].endswith("updated from second.csv: changed Phone")
    assert (json.loads(rows[3][2]), json.loads(rows[3][3])) == (
        {"phone": "07700 900101"},
        {"phone": "07700 900555"},
    )
    assert rows[4][1] == "second.csv: 0 new, 1 updated, 0 unchanged, 0 skipped"
