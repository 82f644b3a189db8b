"""Parents and carers kept by the school: checked as typed (each problem naming its field),
saved whole or not at all, ended rather than deleted, put in the order they are contacted, and
only by those who may edit the pupil; every change audited."""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from sendlib import db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import contacts, record, register
from sendlib.reporting import printing
from sendlib.surgery import bookings, sessions
from tests import school
from tests.school import ALEX, AMIR, NOW, SIOBHAN, TODAY, ZOE

DAD = {
    "title": "Mr",
    "forename": "Minh",
    "surname": "Nguyễn",
    "relationship": "father",
    "phone": "07700900321",
    "preferred_channel": "phone",
    "household": 2,
    "lives_with_pupil": False,
}


def problems(values: dict) -> dict[str, str]:
    return {p.field: p.message for p in contacts.validate_contact(values)[1]}


# ---------------------------------------------------------------------------------- checking


def test_a_full_carer_is_accepted_and_cleaned():
    clean, found = contacts.validate_contact(
        {**DAD, "forename": "  Minh ", "email": "Minh.Nguyen@Example.ORG", "email_consent": True}
    )
    assert found == []
    assert clean["name"] == "Minh Nguyễn"
    assert clean["phone"] == "07700 900321"  # one written form, however it was typed
    assert clean["email"] == "Minh.Nguyen@example.org"
    assert clean["household"] == 2 and clean["lives_with_pupil"] is False


@pytest.mark.parametrize("field", ["forename", "surname", "relationship"])
def test_a_name_part_and_the_relationship_are_required(field):
    assert problems({**DAD, field: "  "}) == {contacts.LABELS[field]: "is required"}


def test_a_phone_number_that_is_not_whole_names_the_phone():
    found = problems({**DAD, "phone": "07700 9003"})
    assert list(found) == ["Phone"] and "not a whole phone number" in found["Phone"]
    assert (
        "not a phone number" in problems({**DAD, "phone_other": "ring the office"})["Other phone"]
    )


def test_a_number_abroad_keeps_its_country_code():
    clean, found = contacts.validate_contact({**DAD, "phone": "+48512345678"})
    assert found == [] and clean["phone"] == "+48 512 345 678"


def test_an_email_address_must_have_its_shape():
    found = problems({**DAD, "email": "minh at example.org"})
    assert list(found) == ["Email"] and "not an email address" in found["Email"]


def test_the_preferred_way_needs_the_means_to_use_it():
    assert problems({**DAD, "phone": ""}) == {"Phone": "is needed to reach them by phone"}
    assert problems({**DAD, "preferred_channel": "email", "email_consent": True}) == {
        "Email": "is needed to reach them by email"
    }


def test_emailing_needs_their_agreement():
    found = problems({**DAD, "preferred_channel": "email", "email": "minh@example.org"})
    assert found == {"Agreed to be emailed": "tick it once they have agreed to be emailed"}


def test_a_third_household_is_refused():
    assert problems({**DAD, "household": 3}) == {"Household": "must be 1 or 2"}


def test_an_unknown_preferred_way_is_refused():
    found = problems({**DAD, "preferred_channel": "pigeon"})
    assert list(found) == ["Preferred way to be contacted"]


def test_a_broken_character_names_its_field():
    found = problems({**DAD, "barriers": "works shifts \ud83d"})
    assert list(found) == ["Barriers"] and "broken character" in found["Barriers"]


def test_every_problem_is_named_at_once():
    found = problems({"forename": "", "surname": "", "relationship": "", "phone": "12"})
    assert {"Forename", "Surname", "Relationship", "Phone"} <= set(found)


# ---------------------------------------------------------------------------------- saving


def _audit(cur, action: str) -> list[tuple]:
    return cur.execute(
        'SELECT pupil_id, detail, "before", "after" FROM audit_log WHERE action = ? '
        "ORDER BY audit_id",
        [action],
    ).fetchall()


def test_a_carer_added_comes_last_in_the_order_and_is_audited(cur, staff):
    contact_id = contacts.save_contact(cur, staff["senco"], ALEX, DAD)
    found = contacts.list_contacts(cur, ALEX)
    assert [c.name for c in found] == ["Linh Nguyễn", "Minh Nguyễn"]
    added = found[-1]
    assert (added.contact_id, added.priority, added.phone) == (contact_id, 2, "07700 900321")
    assert (added.household, added.lives_with_pupil, added.title) == (2, False, "Mr")
    pupil_id, detail, _, after = _audit(cur, "add contact")[-1]
    assert pupil_id == ALEX and "Minh Nguyễn (father)" in detail
    assert '"phone": "07700 900321"' in after


def test_a_correction_saves_and_audits_only_what_changed(cur, staff):
    contact_id = school.CONTACTS[ALEX]
    linh = contacts.get_contact(cur, contact_id)
    values = {**dataclasses.asdict(linh), "phone": "01632 960 001", "best_times": "after 6pm"}
    contacts.save_contact(cur, staff["teacher"], ALEX, values, contact_id=contact_id)
    saved = contacts.get_contact(cur, contact_id)
    assert (saved.phone, saved.best_times, saved.name) == ("01632 960001", "after 6pm", linh.name)
    _, detail, before, after = _audit(cur, "edit contact")[-1]
    assert detail == f"contact {contact_id}: changed Phone, Best times"
    assert "07700 900789" in before and "01632 960001" in after and "Vietnamese" not in after


def test_nothing_is_saved_when_anything_is_wrong(cur, staff):
    count = "SELECT count(*) FROM contacts"
    before = db.scalar(cur, count)
    with pytest.raises(ValidationError):
        contacts.save_contact(cur, staff["senco"], ALEX, {**DAD, "email": "nope"})
    assert db.scalar(cur, count) == before
    assert not [row for row in _audit(cur, "add contact") if "Minh" in row[1]]


def test_an_ended_carer_stays_on_record_but_is_not_offered(cur, staff, monkeypatch):
    contact_id = school.CONTACTS[ZOE]
    contacts.end_contact(cur, staff["senco"], contact_id, TODAY, "moved to Spain", TODAY)
    assert contacts.list_contacts(cur, ZOE) == []
    (former,) = contacts.list_contacts(cur, ZOE, include_ended=True)
    assert (former.ended_on, former.ended_reason) == (TODAY, "moved to Spain")
    profile = record.get_profile(cur, staff["senco"], ZOE)
    assert profile.contacts == [] and [c.name for c in profile.former_contacts] == [former.name]
    # A surgery can no longer be booked with them.
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, TODAY)
    slot = db.scalar(cur, "SELECT min(slot_id) FROM surgery_slots")
    with pytest.raises(ValidationError, match="no parent or carer on record"):
        bookings.book(cur, staff["office"], slot, ZOE, contact_id, "phone", "", NOW)
    assert "moved to Spain" in _audit(cur, "end contact")[-1][1]


@pytest.mark.parametrize(
    ("on", "reason", "field"),
    [(TODAY + timedelta(days=1), "moved", "From"), (TODAY, " ", "Reason")],
)
def test_ending_needs_a_past_date_and_a_reason(cur, staff, on, reason, field):
    with pytest.raises(ValidationError) as refused:
        contacts.end_contact(cur, staff["senco"], school.CONTACTS[ZOE], on, reason, TODAY)
    assert [p.field for p in refused.value.problems] == [field]
    assert contacts.list_contacts(cur, ZOE)


def test_the_order_they_are_contacted_in_can_change(cur, staff):
    dad = contacts.save_contact(cur, staff["senco"], ALEX, DAD)
    contacts.move_contact(cur, staff["senco"], dad, earlier=True)
    assert [c.contact_id for c in contacts.list_contacts(cur, ALEX)] == [
        dad,
        school.CONTACTS[ALEX],
    ]
    # Already first: nothing moves, nothing is audited.
    moves = len(_audit(cur, "reorder contacts"))
    contacts.move_contact(cur, staff["senco"], dad, earlier=True)
    assert len(_audit(cur, "reorder contacts")) == moves == 1


# ---------------------------------------------------------------------------------- rights


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_the_office_and_a_viewer_may_not_add_or_change_carers(cur, staff, role):
    with pytest.raises(PermissionDenied):
        contacts.save_contact(cur, staff[role], ALEX, DAD)
    with pytest.raises(PermissionDenied):
        contacts.end_contact(cur, staff[role], school.CONTACTS[ALEX], TODAY, "moved", TODAY)


def test_a_teacher_changes_carers_of_their_own_classes_only(cur, staff):
    teacher = staff["teacher"]
    assert contacts.save_contact(cur, teacher, SIOBHAN, DAD)  # 5A, the teacher's class
    with pytest.raises(NotFound):
        contacts.save_contact(cur, teacher, ZOE, DAD)  # 2A
    with pytest.raises(NotFound):
        contacts.move_contact(cur, teacher, school.CONTACTS[ZOE], earlier=False)
    # Another pupil's contact id with this pupil: not theirs to change.
    with pytest.raises(NotFound):
        contacts.save_contact(cur, teacher, SIOBHAN, DAD, contact_id=school.CONTACTS[ZOE])


def test_a_leavers_carers_are_kept_as_they_were(cur, staff):
    register.archive_pupil(cur, staff["senco"], AMIR, TODAY, TODAY)
    with pytest.raises(ValidationError, match="has left"):
        contacts.save_contact(cur, staff["senco"], AMIR, DAD)


# ---------------------------------------------------------------------------------- the office


def test_the_office_corrects_a_phone_number_and_nothing_else(cur, staff):
    contact_id = school.CONTACTS[school.LUKASZ]
    before = contacts.get_contact(cur, contact_id)
    after = contacts.correct_reach(cur, staff["office"], contact_id, "+48 512345678", "")
    assert after.phone == "+48 512 345 678"
    assert dataclasses.replace(after, phone=before.phone) == before
    pupil_id, detail, was, now = _audit(cur, "correct contact details")[-1]
    assert (pupil_id, detail) == (school.LUKASZ, f"contact {contact_id}: changed Phone")
    assert "07700 900456" in was and "+48 512 345 678" in now


def test_a_correction_that_changes_nothing_is_not_audited(cur, staff):
    contact_id = school.CONTACTS[school.LUKASZ]
    contacts.correct_reach(cur, staff["office"], contact_id, "07700900456", "")
    assert _audit(cur, "correct contact details") == []


def test_a_correction_is_checked_like_the_full_form(cur, staff):
    contact_id = school.CONTACTS[school.LUKASZ]  # prefers the phone
    with pytest.raises(ValidationError) as refused:
        contacts.correct_reach(cur, staff["office"], contact_id, "", "kasia@")
    assert {p.field for p in refused.value.problems} == {"Phone", "Email"}
    assert contacts.get_contact(cur, contact_id).phone == "07700 900456"


@pytest.mark.parametrize("role", ["teacher", "viewer"])
def test_only_who_books_surgeries_corrects_from_the_booking(cur, staff, role):
    with pytest.raises(PermissionDenied):
        contacts.correct_reach(cur, staff[role], school.CONTACTS[ALEX], "01632 960001", "")


# ---------------------------------------------------------------------------------- the demo


def test_every_demo_carer_is_one_the_app_could_have_saved(demo_conn):
    cur = db.cursor(demo_conn)
    checked = 0
    for (pupil_id,) in cur.execute("SELECT DISTINCT pupil_id FROM contacts").fetchall():
        for contact in contacts.list_contacts(cur, pupil_id, include_ended=True):
            stored = dataclasses.asdict(contact)
            clean, found = contacts.validate_contact(stored)
            assert found == [], (contact.name, found)
            assert {k: clean[k] for k in clean} == {k: stored[k] for k in clean}, contact.name
            checked += 1
    assert checked > 100


def test_the_printed_profile_shows_the_second_phone_the_address_and_the_email_wish(cur, staff):
    father = {
        "forename": "Van", "surname": "Nguyễn", "relationship": "father", "household": 2,
        "phone": "07700 900321", "phone_other": "0113 496 0001", "email": "van@example.org",
        "address": "12 Mill Lane, Leeds LS6 1AB", "lives_with_pupil": False,
    }  # fmt: skip
    contacts.save_contact(cur, staff["senco"], ALEX, father)
    document = printing.print_profile(cur, staff["senco"], ALEX, school.TODAY)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages
    )
    for words in (
        "Other phone 0113 496 0001",
        "Email van@example.org (not to be emailed)",
        "Lives with the pupil No",
        "Address 12 Mill Lane, Leeds LS6 1AB",
    ):
        assert words in text
