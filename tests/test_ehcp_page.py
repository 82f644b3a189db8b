"""The profile's EHC plan tab as a SENCo uses it (AppTest): recording the plan, planning the
annual review and seeing its statutory steps, and a mistake named by its field."""

from __future__ import annotations

from datetime import date

from sendlib import db
from sendlib.pupils import ehcp, plans
from tests import school
from tests.apptest import as_read, run_page, shown_text


def _stored(path, pupil_id: int):
    conn = db.connect(path)
    try:
        cur = conn.cursor()
        return plans.get_ehc_plan(cur, pupil_id), ehcp.steps(cur, pupil_id)
    finally:
        conn.close()


def test_a_senco_records_a_plan_then_plans_its_review_and_sees_the_steps(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "EHC plan"})
    assert "No EHC plan recorded." in shown_text(at)
    at.text_input(key="ehcp_3_la").input("Leeds City Council")
    at.text_input(key="ehcp_3_who").input("**Sam** Patel")
    at.date_input(key="ehcp_3_issue_date").set_value(date(2025, 3, 3))
    at.button(key="FormSubmitter:ehcp_3_form-Save the EHC plan").click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["EHC plan saved."]
    assert "**Sam** Patel" in as_read(shown_text(at))
    at.date_input(key="ehcp_review_3_on").set_value(date(2026, 12, 2))
    at.button(key="FormSubmitter:ehcp_review_3-Plan the annual review").click().run()
    assert not at.exception
    plan, steps = _stored(school_copy, school.ALEX)
    assert plan.next_review == date(2026, 12, 2)
    (review_steps,) = steps.values()
    assert len(review_steps) == 3
    table = next(d.value for d in at.dataframe if "Step" in d.value.columns)
    assert list(table["Done"]) == ["late", "not yet", "not yet"]


def test_a_wrong_date_order_is_named_and_nothing_is_saved(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "EHC plan"})
    at.date_input(key="ehcp_3_issue_date").set_value(date(2025, 3, 3))
    at.date_input(key="ehcp_3_last_review").set_value(date(2025, 1, 1))
    at.button(key="FormSubmitter:ehcp_3_form-Save the EHC plan").click().run()
    assert not at.exception
    assert "Last annual review: is before the plan was issued" in as_read(at.error[0].value)
    assert _stored(school_copy, school.ALEX)[0] is None


def test_a_request_for_an_assessment_shows_its_clocks(school_copy):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)}, {"pupil_tab": "EHC plan"})
    at.date_input(key="ehcp_ask_3_on").set_value(date(2026, 11, 2))
    at.button(key="FormSubmitter:ehcp_ask_3-Record the request").click().run()
    assert not at.exception
    assert "**Needs assessment requested 02/11/2026** by the school" in as_read(shown_text(at))
    table = next(d.value for d in at.dataframe if "Step" in d.value.columns)
    assert list(table["Who"]) == ["Local authority", "Local authority"]
