"""The pupil's one-page profile ("about me"): written and brought up to date with its audit
rows, each rule naming its field, who may write it, and where it is read again (the printed
profile, the transition pack and the profile's tab)."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib import db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import about_me, register
from sendlib.reporting import printing
from sendlib.transition.prefill import prefill
from tests import school
from tests.apptest import as_read, run_page, shown_text
from tests.school import ALEX, TODAY, ZOE
from tests.test_pdf import pages as pdf_pages

ALEX_S = {
    "admired": "Kind to younger children; brilliant at Lego.",
    "important": "My dog Biscuit. Knowing what happens next.",
    "support": "Tell me before things change. Let me use my fidget.",
    "own_words": True,
    "written_with": "Mrs Lee (TA)",
}


def test_a_profile_is_written_then_brought_up_to_date_with_its_audit_rows(cur, staff):
    senco = staff["senco"]
    saved = about_me.save_about_me(cur, senco, ALEX, ALEX_S, date(2026, 11, 2))
    assert saved.sections() == [
        ("What people like and admire about me", ALEX_S["admired"]),
        ("What is important to me", ALEX_S["important"]),
        ("How best to support me", ALEX_S["support"]),
    ]
    assert saved.credit("Alex") == (
        "In Alex's own words, written with Mrs Lee (TA). Brought up to date on 02/11/2026."
    )
    later = about_me.save_about_me(
        cur, staff["teacher"], ALEX, {**ALEX_S, "important": "My dog Biscuit and football."}, TODAY
    )
    assert (later.important, later.updated_on, later.updated_by) == (
        "My dog Biscuit and football.", TODAY, "teacher",
    )  # fmt: skip
    rows = cur.execute(
        'SELECT action, detail, "before", "after" FROM audit_log '
        "WHERE action LIKE '%one-page profile' ORDER BY audit_id"
    ).fetchall()
    assert [r[:2] for r in rows] == [
        ("add one-page profile", "one-page profile written"),
        ("edit one-page profile", "changed what is important to me"),
    ]
    assert "Knowing what happens next" in rows[1][2] and "football" in rows[1][3]


def test_saving_it_unchanged_writes_nothing(cur, staff):
    about_me.save_about_me(cur, staff["senco"], ALEX, ALEX_S, date(2026, 11, 2))
    again = about_me.save_about_me(cur, staff["senco"], ALEX, ALEX_S, TODAY)
    assert again.updated_on == date(2026, 11, 2)
    assert db.scalar(cur, "SELECT count(*) FROM audit_log WHERE action LIKE '%one-page%'") == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"admired": " ", "important": None, "support": ""},
            "What people like and admire about me: write at least one of the three sections",
        ),
        ({"admired": "x" * 2001}, "What people like and admire about me: must be at most 2000"),
        ({"important": "x" * 2001}, "What is important to me: must be at most 2000 characters"),
        ({"support": "x" * 2001}, "How best to support me: must be at most 2000 characters"),
        ({"written_with": "x" * 101}, "Written with: must be at most 100 characters"),
        ({"support": "Help \ud800 me"}, "How best to support me:"),
    ],
)
def test_each_rule_names_its_field_and_nothing_is_saved(cur, staff, changes, expected):
    with pytest.raises(ValidationError) as caught:
        about_me.save_about_me(cur, staff["senco"], ALEX, {**ALEX_S, **changes}, TODAY)
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value
    assert about_me.get_about_me(cur, ALEX) is None


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_the_office_and_a_head_cannot_write_one(cur, staff, role):
    with pytest.raises(PermissionDenied):
        about_me.save_about_me(cur, staff[role], ALEX, ALEX_S, TODAY)


def test_a_teacher_cannot_reach_another_class_by_its_id(cur, staff):
    with pytest.raises(NotFound):
        about_me.save_about_me(cur, staff["teacher"], ZOE, ALEX_S, TODAY)
    assert db.scalar(cur, "SELECT count(*) FROM one_page_profiles") == 0


def test_a_leavers_profile_is_kept_as_it_was(cur, staff):
    about_me.save_about_me(cur, staff["senco"], ALEX, ALEX_S, date(2026, 11, 2))
    register.archive_pupil(cur, staff["senco"], ALEX, TODAY, TODAY)
    with pytest.raises(ValidationError, match="has left"):
        about_me.save_about_me(cur, staff["senco"], ALEX, {**ALEX_S, "support": "New"}, TODAY)
    assert about_me.get_about_me(cur, ALEX).support == ALEX_S["support"]


def test_the_transition_pack_starts_from_it_in_the_pupils_words(cur, staff):
    about_me.save_about_me(cur, staff["senco"], ALEX, ALEX_S, date(2026, 11, 2))
    text = prefill(cur, staff["senco"], ALEX)["about_me"]
    assert text.splitlines() == [
        "What people like and admire about me: “Kind to younger children; brilliant at Lego.”",
        "What is important to me: “My dog Biscuit. Knowing what happens next.”",
        "How best to support me: “Tell me before things change. Let me use my fidget.”",
        "(In Alex's own words, written with Mrs Lee (TA). Brought up to date on 02/11/2026.)",
    ]
    about_me.save_about_me(cur, staff["senco"], ALEX, {**ALEX_S, "own_words": False}, TODAY)
    text = prefill(cur, staff["senco"], ALEX)["about_me"]
    assert "How best to support me: Tell me before things change." in text
    assert "(Written for Alex, written with Mrs Lee (TA)." in text


def test_the_printed_profile_has_it_with_whose_words_they_are(cur, staff):
    about_me.save_about_me(cur, staff["senco"], ALEX, ALEX_S, date(2026, 11, 2))
    words = " ".join(pdf_pages(printing.print_profile(cur, staff["senco"], ALEX, TODAY)))
    assert "One-page profile" in words
    assert "What is important to me My dog Biscuit. Knowing what happens next." in words
    assert "In Alex's own words, written with Mrs Lee (TA)." in words


# --- the profile's tab, as a teacher uses it (AppTest) ----------------------------------------


def test_a_teacher_writes_it_on_the_profile_and_sees_it_as_typed(school_copy):
    tab = {"pupil_tab": "One-page profile"}
    at = run_page("pages/pupil.py", "teacher", {"pupil": str(school.ALEX)}, tab)
    assert "No one-page profile has been written for Alex. Write it with Alex" in as_read(
        shown_text(at)
    )
    at.text_area(key="about_me_3_admired").input("**Bold** and _kind_")
    at.checkbox(key="about_me_3_own").check()
    at.button(key="FormSubmitter:about_me_3_form-Save the one-page profile").click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["One-page profile saved."]
    shown = as_read(shown_text(at))
    assert "**Bold** and _kind_" in shown
    assert f"In Alex's own words. Brought up to date on {school.TODAY:%d/%m/%Y}." in shown


def test_an_empty_profile_is_named_on_the_form_and_nothing_is_saved(school_copy):
    tab = {"pupil_tab": "One-page profile"}
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, tab)
    at.button(key="FormSubmitter:about_me_3_form-Save the one-page profile").click().run()
    assert not at.exception
    assert "write at least one of the three sections" in as_read(at.error[0].value)


# --- the demo ---------------------------------------------------------------------------------


def test_every_demo_one_page_profile_is_one_the_app_could_have_saved(demo_conn):
    cur = db.cursor(demo_conn)
    found = cur.execute("SELECT pupil_id FROM one_page_profiles").fetchall()
    assert len(found) >= 10
    for (pupil_id,) in found:
        held = about_me.get_about_me(cur, pupil_id)
        clean, problems = about_me.validate_about_me(held.__dict__)
        assert problems == [], (pupil_id, problems)
        assert {k: getattr(held, k) for k in clean} == clean
    # Only pupils still at the school, on SEN support or with an EHC plan, have one.
    leavers = db.scalar(
        cur,
        "SELECT count(*) FROM one_page_profiles JOIN pupils USING (pupil_id) "
        "WHERE date_left IS NOT NULL",
    )
    assert leavers == 0
