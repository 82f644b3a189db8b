"""The profile's Agencies tab as a SENCo and a teacher use it (AppTest): adding an agency, shown
as typed and put on the timeline; a mistake named by its field with nothing saved; a new status;
and no forms for those who may not edit."""

from __future__ import annotations

from datetime import date

from sendlib import db, users
from sendlib.pupils import agencies, referrals, register
from tests import school
from tests.apptest import as_read, run_page, shown_text

ADD = "FormSubmitter:agency_add_3_form-Add"


def _stored(path, pupil_id: int) -> tuple[list[agencies.Agency], list[tuple]]:
    conn = db.connect(path)
    try:
        found = agencies.list_agencies(conn.cursor(), pupil_id)
        told = conn.execute(
            "SELECT channel, direction, subject FROM communications WHERE agency_id IS NOT NULL "
            "AND pupil_id = ? ORDER BY communication_id",
            [pupil_id],
        ).fetchall()
        return found, told
    finally:
        conn.close()


def test_a_teacher_adds_an_agency_shown_as_typed_and_put_on_the_timeline(school_copy):
    at = run_page(
        "pages/pupil.py", "teacher", {"pupil": str(school.ALEX)}, {"pupil_tab": "Agencies"}
    )
    assert "No outside agencies recorded." in shown_text(at)
    at.selectbox(key="agency_add_3_service").set_value("EP")
    at.text_input(key="agency_add_3_who").input("**Dr** <i>Okafor</i>")
    at.date_input(key="agency_add_3_referred").set_value(date(2026, 11, 2))
    at.selectbox(key="agency_add_3_heard").set_value("phone")
    at.button(key=ADD).click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == [
        "Added Educational psychologist (EP); it is on the timeline."
    ]
    table = next(d.value for d in at.dataframe if "Named contact" in d.value.columns)
    assert list(table["Named contact"]) == ["**Dr** <i>Okafor</i>"]
    assert list(table["Where it stands"]) == ["referred"]
    found, told = _stored(school_copy, school.ALEX)
    assert [(a.service, a.practitioner, a.referral_date) for a in found] == [
        ("EP", "**Dr** <i>Okafor</i>", date(2026, 11, 2))
    ]
    assert told == [("phone", "with agency", "Educational psychologist (EP): referred")]
    # The form starts empty again, and the new agency has its own form to update it.
    assert at.selectbox(key="agency_add_3_service_1").value is None
    assert "Update Educational psychologist (EP)" in [as_read(e.label) for e in at.expander]


def test_a_mistake_is_named_by_its_field_and_nothing_is_saved(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Agencies"})
    at.selectbox(key="agency_add_3_service").set_value("SALT")
    at.text_input(key="agency_add_3_phone").input("0113")
    at.button(key=ADD).click().run()
    assert not at.exception
    (error,) = at.error
    assert "Phone: '0113' is not a whole phone number" in as_read(error.value)
    assert "Referred on: is needed once the pupil is referred" in as_read(error.value)
    assert _stored(school_copy, school.ALEX) == ([], [])


def test_a_new_status_is_saved_and_put_on_the_timeline(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Agencies"})
    at.selectbox(key="agency_add_3_service").set_value("OT")
    at.date_input(key="agency_add_3_referred").set_value(date(2026, 10, 5))
    at.button(key=ADD).click().run()
    (agency,) = _stored(school_copy, school.ALEX)[0]
    aid = agency.agency_id
    at.selectbox(key=f"agency_{aid}_status").set_value("waiting")
    at.text_input(key=f"agency_{aid}_next").input("Ask about the wait at the review.")
    at.button(key=f"FormSubmitter:agency_{aid}_form-Save changes").click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == [
        "Saved Occupational therapy (OT); the new status is on the timeline."
    ]
    found, told = _stored(school_copy, school.ALEX)
    assert (found[0].status, found[0].next_step) == ("waiting", "Ask about the wait at the review.")
    assert told[-1][2] == "Occupational therapy (OT): now on the waiting list (was referred)"


def test_a_pupil_who_left_shows_their_agencies_without_forms(school_copy):
    conn = db.connect(school_copy)
    try:
        cur = conn.cursor()
        senco = users.get_user(cur, "senco")
        agency = {"service": "EP", "status": "seen", "referral_date": date(2026, 1, 5)}
        referrals.save_agency(cur, senco, school.ALEX, agency, school.NOW)
        register.archive_pupil(cur, senco, school.ALEX, school.TODAY, school.TODAY)
    finally:
        conn.close()
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Agencies"})
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Named contact" in d.value.columns)
    assert list(table["Service"]) == ["Educational psychologist (EP)"]
    assert not any(b.key == ADD for b in at.button)
    assert not any(as_read(e.label).startswith("Update") for e in at.expander)
