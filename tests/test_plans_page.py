"""The profile's Plans tab as a SENCo and a teacher use it (AppTest): starting a plan with its
outcomes and provision, a mistake named by its field, reviewing it with ratings, and the next
cycle carried forward; the wording advice on the plan's words."""

from __future__ import annotations

from datetime import date

from sendlib import db
from sendlib.pupils import plans
from tests import school
from tests.apptest import as_read, run_page, shown_text

START = "FormSubmitter:plan_start_3_form-Start the plan"


def _plans(path, pupil_id: int) -> list[plans.Plan]:
    conn = db.connect(path)
    try:
        return plans.list_plans(conn.cursor(), pupil_id)
    finally:
        conn.close()


def _start(at, outcome: str, provision: str = "Reading with a TA", suffix: str = "") -> None:
    k = lambda name: f"plan_start_3_{name}{suffix}"  # noqa: E731
    at.date_input(key=k("review")).set_value(date(2027, 2, 5))
    at.text_input(key=k("out_0")).input(outcome)
    at.selectbox(key=k("prov_0_for")).set_value(1)
    at.text_input(key=k("prov_0_what")).input(provision)
    at.text_input(key=k("prov_0_often")).input("3 times a week")
    at.text_area(key=k("pviews")).input("Mum says he reads at bedtime.")
    at.button(key=START).click().run()


def test_a_teacher_starts_a_plan_and_sees_it_with_wording_advice(school_copy):
    at = run_page("pages/pupil.py", "teacher", {"pupil": str(school.ALEX)}, {"pupil_tab": "Plans"})
    assert "No plan recorded yet." in shown_text(at)
    _start(at, "**Alex** will read a Year 3 book aloud")
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["Plan started."]
    (plan,) = _plans(school_copy, school.ALEX)
    assert [o.outcome for o in plan.outcomes] == ["**Alex** will read a Year 3 book aloud"]
    assert [(p.outcome_position, p.frequency) for p in plan.provision] == [(1, "3 times a week")]
    outcomes = next(d.value for d in at.dataframe if "Outcome" in d.value.columns)
    assert list(outcomes["Outcome"]) == ["**Alex** will read a Year 3 book aloud"]
    # "Mum" in the parents' views: the advice names the parent instead.
    advice = [as_read(i.value) for i in at.info if "Wording" in i.value]
    assert advice and "Mum" in advice[0]
    assert {"Change this plan", "Review this plan"} <= {as_read(e.label) for e in at.expander}


def test_a_plan_without_an_outcome_is_refused_naming_the_field(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Plans"})
    _start(at, "")
    assert not at.exception
    assert "Outcome 1: is required" in as_read(at.error[0].value)
    assert _plans(school_copy, school.ALEX) == []


def test_a_review_then_the_next_cycle_carried_forward(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "Plans"})
    _start(at, "Alex will read a Year 3 book aloud")
    (plan,) = _plans(school_copy, school.ALEX)
    pid, oid = plan.plan_id, plan.outcomes[0].outcome_id
    at.selectbox(key=f"plan_review_{pid}_rate_{oid}").set_value(1)
    at.text_area(key=f"plan_review_{pid}_evaluation").input("Reads with more expression.")
    at.button(key=f"FormSubmitter:plan_review_{pid}-Save the review").click().run()
    assert not at.exception
    assert as_read(at.success[0].value).startswith("Review saved.")
    (reviewed,) = _plans(school_copy, school.ALEX)
    assert (reviewed.reviewed_on, reviewed.outcomes[0].rating) == (school.TODAY, 1)
    # The next cycle starts from the last one's outcomes and provision.
    assert "Start the next cycle" in [as_read(e.label) for e in at.expander]
    assert at.text_input(key="plan_start_3_out_0_1").value == "Alex will read a Year 3 book aloud"
    assert at.text_input(key="plan_start_3_prov_0_what_1").value == "Reading with a TA"
    at.date_input(key="plan_start_3_review_1").set_value(date(2027, 3, 26))
    at.button(key=START.replace("form-", "form_1-")).click().run()
    assert not at.exception
    newest, past = _plans(school_copy, school.ALEX)
    assert (newest.is_current, past.is_current) == (True, False)
    assert [o.outcome for o in newest.outcomes] == ["Alex will read a Year 3 book aloud"]
