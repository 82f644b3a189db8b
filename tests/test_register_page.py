"""The register and pupil pages as a SENCo and a teacher use them (AppTest)."""

from __future__ import annotations

from sendlib import audit, db, users
from sendlib.pupils import register
from sendlib.ui import notices
from tests import school
from tests.apptest import as_read, run_page, shown_text


def table(at):
    return at.dataframe[0].value


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_senco_sees_the_register_with_counts(school_copy):
    at = run_page("pages/register.py", "senco")
    assert not at.exception
    assert sorted(table(at)["Name"]) == sorted(
        [
            "Zoë O'Connor-Smith",
            "Łukasz Nowak",
            "Alex Nguyễn",
            "Siobhán Murphy",
            "<script>alert(1)</script> Jones",
        ]
    )
    assert metric(at, "All") == "5"
    assert metric(at, "EHC plan (E)") == "1"


def test_filters_and_search_narrow_the_list_and_the_counts(school_copy):
    at = run_page("pages/register.py", "senco")
    at.multiselect(key="register_statuses").select("K").run()
    assert metric(at, "All") == "3"
    at.text_input(key="register_search").input("nguy").run()
    assert list(table(at)["Name"]) == ["Alex Nguyễn"]
    assert metric(at, "All") == "1"


def test_teacher_sees_only_their_class(school_copy):
    at = run_page("pages/register.py", "teacher")
    assert sorted(table(at)["Name"]) == ["Alex Nguyễn", "Siobhán Murphy"]
    assert at.multiselect(key="register_classes").options == ["5A"]
    assert "Add a pupil to the register" not in shown_text(at)


def _fill_new_pupil(at, upn):
    at.text_input(key="register_add_upn").input(upn)
    at.text_input(key="register_add_forename").input("Wiktoria")
    at.text_input(key="register_add_surname").input("Dvořák")
    at.date_input(key="register_add_dob").set_value(school.TODAY.replace(year=2018, month=3, day=2))
    at.selectbox(key="register_add_year").set_value(3)
    at.text_input(key="register_add_class").input("3B")
    at.selectbox(key="register_add_status").set_value("K")
    at.selectbox(key="register_add_primary").set_value("SPLD")


def test_adding_a_pupil_with_a_bad_upn_names_it_and_keeps_what_was_typed(school_copy):
    at = run_page("pages/register.py", "senco")
    _fill_new_pupil(at, "A801200002099")
    at.button(key="FormSubmitter:register_add-Save").click().run()
    assert not at.exception
    assert "UPN: 'A801200002099' has the wrong check letter" in as_read(at.error[0].value)
    assert at.text_input(key="register_add_surname").value == "Dvořák"
    assert at.text_input(key="register_add_upn").value == "A801200002099"
    assert metric(at, "All") == "5"


def test_adding_a_pupil(school_copy):
    at = run_page("pages/register.py", "senco")
    _fill_new_pupil(at, school.make_upn(99))
    at.button(key="FormSubmitter:register_add-Save").click().run()
    assert not at.exception
    # The form is far down the register: the new pupil's profile opens, the confirmation at its
    # top (and for a moment in the corner), where the eye is.
    added = "Added Wiktoria Dvořák. Add their parents or carers on this profile."
    assert as_read(at.success[0].value) == added
    assert as_read(at.toast[0].value) == added
    assert as_read(at.title[0].value) == "Wiktoria Dvořák"
    new_id = (
        at.query_params["pupil"][0]
        if isinstance(at.query_params["pupil"], list)
        else at.query_params["pupil"]
    )
    conn = db.connect(school_copy)
    assert (
        db.scalar(conn, "SELECT legal_forename FROM pupils WHERE pupil_id = ?", [int(new_id)])
        == "Wiktoria"
    )
    conn.close()
    # Back on the register the pupil is listed and the form is empty for the next one.
    at = run_page("pages/register.py", "senco")
    assert "Wiktoria Dvořák" in list(table(at)["Name"])


def test_profile_shows_the_pupil_and_their_parents(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": "1"})
    assert not at.exception
    assert at.title[0].value.replace("\\", "") == "Zoë O'Connor-Smith"
    assert "Speak to the SENCo before calling home." in as_read(shown_text(at))  # SENCo only
    at = run_page("pages/pupil.py", "senco", {"pupil": "1"}, {"pupil_tab": "Parents and carers"})
    assert "Address as: Ms O'Connor" in shown_text(at)


def test_a_profile_opened_with_no_pupil_named_offers_the_users_pupils_to_choose(school_copy):
    at = run_page("pages/pupil.py", "teacher")
    picker = at.selectbox(key="pupil_choose")
    assert not at.error and picker.value is None
    assert sorted(picker.options) == ["Alex Nguyễn (5A)", "Siobhán Murphy (5A)"]  # their class
    picker.set_value(3).run()
    assert at.query_params["pupil"] == "3" and not at.error
    assert at.title[0].value.replace("\\", "") == "Alex Nguyễn"


def test_opening_a_profile_is_audited_once_not_on_every_rerun(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": "1"})
    at.run()
    at.run()
    conn = db.connect(school_copy)
    views = audit.list_entries(conn.cursor(), pupil_id=1)
    assert list(views["action"]).count("view profile") == 1


def test_teacher_cannot_open_another_class_or_see_restricted_notes(school_copy):
    at = run_page("pages/pupil.py", "teacher", {"pupil": "1"})
    assert [e.value for e in at.error] == [notices.NOT_FOUND]
    assert "Zoë" not in shown_text(at)
    at = run_page("pages/pupil.py", "teacher", {"pupil": "3"})
    assert "Restricted notes" not in shown_text(at)


def test_editing_a_pupil_from_the_profile(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": "3"}, {"pupil_tab": "Edit"})
    at.text_input(key="pupil_edit_3_known_as").input("Xander")
    at.button(key="FormSubmitter:pupil_edit_3-Save").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved. Known as changed."
    conn = db.connect(school_copy)
    senco = users.get_user(conn.cursor(), "senco")
    assert register.get_pupil(conn.cursor(), senco, 3).known_as == "Xander"


def test_the_status_change_form_starts_at_the_pupils_status(school_copy):
    for pupil, status in [(1, "K"), (2, "E"), (4, "monitoring"), (6, None)]:
        at = run_page(
            "pages/pupil.py", "senco", {"pupil": str(pupil)}, {"pupil_tab": "Status history"}
        )
        assert at.selectbox(key=f"status_new_{pupil}").value == status, pupil


def _archive_click(at):
    at.button(key="FormSubmitter:archive_3-Archive as a leaver").click().run()
    assert not at.exception


def _date_left(path):
    conn = db.connect(path)
    senco = users.get_user(conn.cursor(), "senco")
    left = register.get_pupil(conn.cursor(), senco, 3).date_left
    conn.close()
    return left


def test_archiving_a_leaver_asks_once_and_only_yes_archives(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": "3"}, {"pupil_tab": "Edit"})
    _archive_click(at)
    assert _date_left(school_copy) is None
    assert [as_read(w.value) for w in at.main.warning] == [
        f"Archive Alex Nguyễn as a leaver from {school.TODAY:%d/%m/%Y}? They come off the "
        "register and their record can no longer be changed; it is kept, not deleted."
    ]
    at.button(key="archive_3_yes").click().run()
    assert not at.exception
    assert _date_left(school_copy) == school.TODAY
    assert "This pupil has left." in shown_text(at)


def test_keep_it_leaves_the_pupil_on_the_register(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": "3"}, {"pupil_tab": "Edit"})
    _archive_click(at)
    at.button(key="archive_3_no").click().run()
    assert not at.exception
    assert not at.main.warning
    assert _date_left(school_copy) is None
