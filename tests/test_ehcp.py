"""EHC plans kept by the school: the details checked field by field, the annual review's
statutory steps worked out and put on the ledger, a needs assessment's clocks, and late steps
counted on the dashboard."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib import db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import ehcp, plans
from sendlib.reporting import deadlines
from sendlib.timeline import ledger
from tests.school import ALEX, LUKASZ, TODAY, ZOE

PLAN = {
    "local_authority": "Leeds City Council",
    "la_caseworker": "Sam Patel",
    "caseworker_phone": "0113 496 0500",
    "caseworker_email": "Sam.Patel@Leeds.example",
    "issue_date": date(2025, 3, 3),
    "last_review": date(2026, 2, 10),
    "next_review": date(2027, 2, 9),
}


def save(cur, user, pupil_id=LUKASZ, **changes) -> None:
    ehcp.save_ehc_plan(cur, user, pupil_id, {**PLAN, **changes}, TODAY)


def test_an_ehc_plan_is_recorded_then_corrected_with_its_audit_rows(cur, staff):
    senco = staff["senco"]
    save(cur, senco)
    plan = plans.get_ehc_plan(cur, LUKASZ)
    assert (plan.local_authority, plan.caseworker_email, plan.caseworker_reach) == (
        "Leeds City Council",
        "Sam.Patel@leeds.example",
        "0113 496 0500, Sam.Patel@leeds.example",
    )
    save(cur, senco, la_caseworker="Jo Bell")
    detail, before = cur.execute(
        "SELECT detail, \"before\" FROM audit_log WHERE action = 'edit EHC plan'"
    ).fetchone()
    assert detail == "changed Caseworker"
    assert "Sam Patel" in before


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"issue_date": None}, "Final plan issued: is required"),
        ({"issue_date": "spring"}, "Final plan issued: 'spring' is not a date"),
        ({"issue_date": date(2026, 12, 1)}, "Final plan issued: 01/12/2026 is in the future"),
        ({"last_review": date(2025, 1, 1)}, "Last annual review: is before the plan was issued"),
        ({"next_review": date(2026, 2, 1)}, "Next annual review: must be after the last review"),
        ({"caseworker_phone": "123"}, "Caseworker's phone: '123' is not a whole phone number"),
        ({"caseworker_email": "sam@"}, "Caseworker's email: 'sam@' is not an email address"),
        ({"local_authority": "x" * 101}, "Local authority: must be at most 100 characters"),
    ],
)
def test_each_rule_names_its_field_and_nothing_is_saved(cur, staff, changes, expected):
    with pytest.raises(ValidationError) as caught:
        save(cur, staff["senco"], pupil_id=ALEX, **changes)
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value
    assert plans.get_ehc_plan(cur, ALEX) is None


def test_an_annual_review_puts_its_three_clocks_on_the_ledger(cur, staff):
    senco = staff["senco"]
    save(cur, senco)
    review_id = ehcp.plan_annual_review(cur, senco, LUKASZ, date(2026, 12, 2), TODAY)
    assert plans.get_ehc_plan(cur, LUKASZ).next_review == date(2026, 12, 2)
    found = ehcp.steps(cur, LUKASZ)[f"EHC review {review_id}"]
    assert [(s.due_date, s.owner_name) for s in found] == [
        (date(2026, 11, 18), "Sam Senco"),  # invitations: two weeks before, already late
        (date(2026, 12, 16), "Sam Senco"),  # the school's report: two weeks after
        (date(2026, 12, 30), "Leeds City Council"),  # the decision: four weeks after
    ]
    assert found[0].late(TODAY) and not found[1].late(TODAY)
    assert found[0].description.startswith("Send the annual review invitations and papers")
    assert deadlines.deadlines(cur, senco, TODAY)["EHC steps late"] == 1
    # On the ledger like any promise: marking it done there clears it here.
    ledger.mark_done(cur, senco, found[0].action_id, TODAY, TODAY)
    assert deadlines.deadlines(cur, senco, TODAY)["EHC steps late"] == 0
    # One review at a time; once held it is the last review and the next is a year on.
    with pytest.raises(ValidationError, match="has not been held yet"):
        ehcp.plan_annual_review(cur, senco, LUKASZ, date(2027, 1, 5), TODAY)
    with pytest.raises(ValidationError, match="still to come"):
        ehcp.review_held(cur, senco, review_id, TODAY)
    later = date(2026, 12, 3)
    ehcp.review_held(cur, senco, review_id, later)
    plan = plans.get_ehc_plan(cur, LUKASZ)
    assert (plan.last_review, plan.next_review) == (date(2026, 12, 2), date(2027, 12, 2))


def test_a_needs_assessment_request_has_its_six_and_twenty_week_clocks(cur, staff):
    request_id = ehcp.request_assessment(
        cur, staff["teacher"], ALEX, date(2026, 9, 7), "parents", TODAY
    )
    found = ehcp.steps(cur, ALEX)[f"EHC request {request_id}"]
    assert [(s.due_date, s.owner_name) for s in found] == [
        (date(2026, 10, 19), "Local authority"),
        (date(2027, 1, 25), "Local authority"),
    ]
    assert deadlines.deadlines(cur, staff["senco"], TODAY)["EHC steps late"] == 1
    with pytest.raises(ValidationError, match="Requested on: cannot be in the future"):
        ehcp.request_assessment(cur, staff["senco"], ALEX, date(2026, 12, 1), "school", TODAY)


def test_a_review_needs_a_plan_and_a_request_needs_no_plan(cur, staff):
    with pytest.raises(ValidationError, match="record the plan's details first"):
        ehcp.plan_annual_review(cur, staff["senco"], ALEX, date(2027, 1, 5), TODAY)
    save(cur, staff["senco"])
    with pytest.raises(ValidationError, match="already has an EHC plan"):
        ehcp.request_assessment(cur, staff["senco"], LUKASZ, TODAY, "school", TODAY)


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_the_office_and_a_head_cannot_write_an_ehc_plan(cur, staff, role):
    with pytest.raises(PermissionDenied):
        save(cur, staff[role])


def test_a_teacher_cannot_reach_another_class_by_its_id(cur, staff):
    with pytest.raises(NotFound):
        ehcp.request_assessment(cur, staff["teacher"], ZOE, TODAY, "school", TODAY)
    assert db.scalar(cur, "SELECT count(*) FROM ehc_requests") == 0


# --- the demo ---------------------------------------------------------------------------------


def test_every_demo_ehc_plan_is_one_the_app_could_have_saved(demo_conn):
    cur = db.cursor(demo_conn)
    today = db.scalar(cur, "SELECT max(CAST(happened_at AS DATE)) FROM communications")
    checked = 0
    for (pupil_id,) in cur.execute("SELECT pupil_id FROM ehc_plans").fetchall():
        stored = plans.get_ehc_plan(cur, pupil_id).__dict__
        clean, found = ehcp.validate_ehc_plan(stored, today)
        assert found == [], (pupil_id, found)
        assert clean == {k: stored[k] for k in clean}, pupil_id
        checked += 1
    assert checked > 5
