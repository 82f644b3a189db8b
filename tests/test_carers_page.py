"""The profile's Parents and carers tab as a SENCo and a teacher use it (AppTest): adding a
carer, a mistake named by its field with nothing saved, and ending one after a question."""

from __future__ import annotations

from sendlib import db, users
from sendlib.pupils import contacts, register
from tests import school
from tests.apptest import as_read, run_page, shown_text

ADD = "FormSubmitter:carer_add_3_form-Add"


def _carers(path, pupil_id: int, include_ended: bool = False) -> list[contacts.Contact]:
    conn = db.connect(path)
    try:
        return contacts.list_contacts(conn.cursor(), pupil_id, include_ended)
    finally:
        conn.close()


def _fill(at, **values):
    for key, value in values.items():
        widget = f"carer_add_3_{key}"
        if key == "relationship":
            at.selectbox(key=widget).set_value(value)
        else:
            at.text_input(key=widget).input(value)


def test_a_senco_adds_a_second_carer_shown_as_typed(school_copy):
    at = run_page(
        "pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Parents and carers"}
    )
    _fill(at, fore="**Minh**", sur="<b>Nguyễn</b>", relationship="father", phone="07700900321")
    at.button(key=ADD).click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["Added **Minh** <b>Nguyễn</b>."]
    headings = [as_read(m.value) for m in at.markdown if "father" in m.value]
    assert headings == ["**2. **Minh** <b>Nguyễn</b>** · father · parental responsibility"]
    added = _carers(school_copy, school.ALEX)[-1]
    assert (added.name, added.phone) == ("**Minh** <b>Nguyễn</b>", "07700 900321")
    # The form starts empty again for the next one.
    assert at.text_input(key="carer_add_3_fore_1").value == ""


def test_a_wrong_phone_number_is_named_and_nothing_is_saved(school_copy):
    at = run_page(
        "pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Parents and carers"}
    )
    _fill(at, fore="Minh", sur="Nguyễn", relationship="father", phone="0770")
    at.button(key=ADD).click().run()
    assert not at.exception
    (error,) = at.error
    assert "Phone: '0770' is not a whole phone number" in as_read(error.value)
    assert len(_carers(school_copy, school.ALEX)) == 1


def test_a_teacher_corrects_a_number_for_their_class(school_copy):
    contact_id = school.CONTACTS[school.ALEX]
    at = run_page(
        "pages/pupil.py",
        "teacher",
        {"pupil": str(school.ALEX)},
        {"pupil_tab": "Parents and carers"},
    )
    at.text_input(key=f"carer_{contact_id}_phone").input("01632 960 001")
    at.button(key=f"FormSubmitter:carer_{contact_id}_form-Save changes").click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["Saved Linh Nguyễn's details."]
    assert _carers(school_copy, school.ALEX)[0].phone == "01632 960001"


def test_ending_a_carer_asks_first_and_keeps_them_on_record(school_copy):
    contact_id = school.CONTACTS[school.ALEX]
    at = run_page(
        "pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Parents and carers"}
    )
    at.text_input(key=f"carer_{contact_id}_reason").input("moved away")
    at.button(key=f"FormSubmitter:carer_end_{contact_id}-End as a contact").click().run()
    assert not at.exception
    assert len(_carers(school_copy, school.ALEX)) == 1  # only asked so far
    at.button(key=f"carer_end_{contact_id}_yes").click().run()
    assert not at.exception
    assert _carers(school_copy, school.ALEX) == []
    assert "No parent or carer recorded yet. Earlier contacts are listed below." in shown_text(at)
    assert f"Linh Nguyễn (mother), from {school.TODAY:%d/%m/%Y}: moved away" in as_read(
        shown_text(at)
    )


def test_a_leavers_carers_are_shown_without_forms(school_copy):
    conn = db.connect(school_copy)
    senco = users.get_user(conn.cursor(), "senco")

    register.archive_pupil(conn.cursor(), senco, school.ALEX, school.TODAY, school.TODAY)
    conn.close()
    at = run_page(
        "pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Parents and carers"}
    )
    assert not at.exception
    assert "Linh Nguyễn" in shown_text(at)
    assert not [e for e in at.expander if "Add a parent or carer" in e.label]
