"""APDR plans written by the school: started with outcomes and the provision for each, corrected
while they run, reviewed with a rating for every outcome, and the next cycle carried forward;
past cycles never change, and a change of agreed support is never silent."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from sendlib import db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import apdr, plans
from sendlib.reporting import deadlines, printing
from sendlib.surgery import meetings_due
from tests.school import ALEX, TODAY, ZOE

PLAN = {
    "start_date": date(2026, 11, 9),
    "review_date": date(2027, 2, 5),
    "parent_views": "We want Alex to enjoy reading at home.",
    "pupil_views": "I like reading about animals.",
    "agreed_with_parents": date(2026, 11, 16),
    "agreed_with": "Mrs Nguyễn (mother)",
    "outcomes": [
        {"outcome": "Alex will read a Year 3 book aloud with few errors.", "by_when": date(2027, 2, 1)},
        {"outcome": "Alex will spell 20 of the Year 3/4 words.", "by_when": None},
        {"outcome": "", "by_when": None},  # an empty row is left out
    ],
    "provision": [
        {"outcome_position": 1, "description": "Precision teaching of sight words",
         "frequency": "3 times a week", "duration": "10 minutes", "delivered_by": "TA",
         "location": "Classroom"},
        {"outcome_position": 2, "description": "Spelling practice with Word Wasp",
         "frequency": "daily", "duration": "15 minutes", "delivered_by": "Mrs Patel (HLTA)",
         "location": "Library"},
    ],
}  # fmt: skip


def start(cur, user, **changes) -> int:
    return apdr.start_plan(cur, user, ALEX, {**PLAN, **changes}, TODAY)


def current(cur, pupil_id=ALEX) -> plans.Plan:
    return next(p for p in plans.list_plans(cur, pupil_id) if p.is_current)


def open_actions(cur) -> list[str]:
    found = cur.execute(
        "SELECT description FROM actions WHERE pupil_id = ? AND done_date IS NULL "
        "AND description LIKE 'Tell the parents%' ORDER BY action_id",
        [ALEX],
    ).fetchall()
    return [description for (description,) in found]


def test_a_plan_is_started_with_its_outcomes_and_the_provision_for_each(cur, staff):
    plan = plans.get_plan(cur, start(cur, staff["teacher"]))
    assert [(o.position, o.outcome[:30], o.by_when) for o in plan.outcomes] == [
        (1, "Alex will read a Year 3 book a", date(2027, 2, 1)),
        (2, "Alex will spell 20 of the Year", None),
    ]
    assert [(p.outcome_position, p.frequency, p.duration, p.location) for p in plan.provision] == [
        (1, "3 times a week", "10 minutes", "Classroom"),
        (2, "daily", "15 minutes", "Library"),
    ]
    assert (plan.agreed_with, plan.pupil_views) == ("Mrs Nguyễn (mother)", PLAN["pupil_views"])
    row = cur.execute(
        "SELECT detail, after FROM audit_log WHERE action = 'start plan' ORDER BY audit_id DESC"
    ).fetchone()
    assert row[0] == f"plan {plan.plan_id}: 2 outcome(s), 2 provision, review 2027-02-05"
    assert len(json.loads(row[1])["outcomes"]) == 2


def test_a_second_plan_waits_until_the_first_is_reviewed(cur, staff):
    start(cur, staff["senco"])
    with pytest.raises(ValidationError, match="not reviewed yet: review it first"):
        start(cur, staff["senco"])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"start_date": None}, "Starts: is required"),
        ({"review_date": "soon"}, "Review date: 'soon' is not a date"),
        ({"review_date": date(2026, 11, 1)}, "Review date: must be after the plan starts"),
        ({"outcomes": []}, "Outcome 1: is required"),
        ({"outcomes": [{"outcome": "x" * 501}]}, "Outcome 1: must be at most 500 characters"),
        ({"outcomes": [{"outcome": "", "by_when": date(2027, 1, 1)}]}, "Outcome 1: is required"),
        (
            {"outcomes": [{"outcome": "Read", "by_when": date(2026, 11, 1)}]},
            "Outcome 1: by when: must be after the plan starts",
        ),
        ({"outcomes": [{"outcome": "Read"}] * 9}, "Outcomes: at most 8 in one plan"),
        ({"provision": [{"frequency": "daily"}]}, "Provision 1: what: is required"),
        (
            {"provision": [{"description": "Reading", "outcome_position": 3}]},
            "Provision 1: for outcome: there is no outcome 3",
        ),
        (
            {"provision": [{"description": "Reading", "delivered_by": "x" * 101}]},
            "Provision 1: by whom: must be at most 100 characters",
        ),
        ({"agreed_with": None}, "Agreed with: say whom it was agreed with"),
        ({"agreed_with_parents": None}, "Agreed with parents on: is needed with whom"),
        ({"agreed_with_parents": date(2026, 12, 25)}, "Agreed with parents on: cannot be in the"),
        ({"parent_views": "x" * 4001}, "Parents' views: must be at most 4000 characters"),
    ],
)
def test_each_rule_names_its_field_and_nothing_is_saved(cur, staff, changes, expected):
    with pytest.raises(ValidationError) as caught:
        start(cur, staff["senco"], **changes)
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value
    assert db.scalar(cur, "SELECT count(*) FROM plans WHERE pupil_id = ?", [ALEX]) == 0


def test_changing_agreed_support_asks_for_the_parents_to_be_told(cur, staff):
    senco = staff["senco"]
    plan_id = start(cur, senco)
    # A new review date is not a change of support: no action.
    apdr.change_plan(cur, senco, plan_id, {**PLAN, "review_date": date(2027, 2, 12)}, TODAY)
    assert open_actions(cur) == []
    fewer = {**PLAN, "review_date": date(2027, 2, 12), "provision": PLAN["provision"][:1]}
    apdr.change_plan(cur, senco, plan_id, fewer, TODAY)
    assert open_actions(cur) == [
        "Tell the parents what changed and why: the support in the plan agreed on 16/11/2026 "
        "changed"
    ]
    assert len(current(cur).provision) == 1
    detail = db.scalar(
        cur, "SELECT detail FROM audit_log WHERE action = 'change plan' ORDER BY audit_id DESC"
    )
    assert detail == f"plan {plan_id}: changed provision"


def test_support_changed_before_the_parents_agreed_needs_no_action(cur, staff):
    senco = staff["senco"]
    draft = {**PLAN, "agreed_with_parents": None, "agreed_with": None}
    plan_id = start(cur, senco, **draft)
    apdr.change_plan(cur, senco, plan_id, {**draft, "provision": []}, TODAY)
    assert open_actions(cur) == []


def test_a_review_rates_every_outcome_and_the_next_cycle_carries_them_forward(cur, staff):
    senco = staff["senco"]
    plan = plans.get_plan(cur, start(cur, senco))
    first, second = plan.outcomes
    with pytest.raises(ValidationError) as caught:
        apdr.review_plan(
            cur, senco, plan.plan_id,
            {"reviewed_on": TODAY, "evaluation": "Reading is more fluent.",
             "ratings": {first.outcome_id: 1}},
            TODAY,
        )  # fmt: skip
    assert [str(p) for p in caught.value.problems] == ["Outcome 2: give it a rating from -2 to +2"]
    review = {
        "reviewed_on": TODAY,
        "evaluation": "Reading is more fluent.",
        "what_next": "Move on to Year 4 spellings.",
        "review_parent_views": "Reading together every night now.",
        "review_pupil_views": "I read a whole book!",
        "ratings": {first.outcome_id: 2, second.outcome_id: 0},
    }
    apdr.review_plan(cur, senco, plan.plan_id, review, TODAY)
    reviewed = plans.get_plan(cur, plan.plan_id)
    assert [o.rating_label for o in reviewed.outcomes] == ["Much more than expected", "As expected"]
    assert (reviewed.reviewed_on, reviewed.what_next) == (TODAY, "Move on to Year 4 spellings.")
    # History: a reviewed cycle is not reviewed or changed again.
    with pytest.raises(ValidationError, match="already reviewed"):
        apdr.review_plan(cur, senco, plan.plan_id, review, TODAY)
    with pytest.raises(ValidationError, match="a past cycle stays as it was"):
        apdr.change_plan(cur, senco, plan.plan_id, PLAN, TODAY)
    draft = apdr.next_cycle(reviewed, TODAY)
    assert [o["outcome"] for o in draft["outcomes"]] == [o.outcome for o in plan.outcomes]
    assert draft["provision"][1]["delivered_by"] == "Mrs Patel (HLTA)"
    assert draft["review_date"] - draft["start_date"] == plan.review_date - plan.start_date
    next_id = apdr.start_plan(cur, senco, ALEX, {**draft, "review_date": date(2027, 3, 26)}, TODAY)
    assert [p.plan_id for p in plans.list_plans(cur, ALEX)] == [next_id, plan.plan_id]
    assert plans.get_plan(cur, plan.plan_id) == reviewed


def test_a_review_cannot_be_dated_in_the_future_or_before_the_plan(cur, staff):
    plan = plans.get_plan(cur, start(cur, staff["senco"]))
    ratings = {o.outcome_id: 0 for o in plan.outcomes}
    for day, words in ((date(2026, 12, 1), "cannot be in the future"),
                       (date(2026, 11, 2), r"is before the plan started \(09/11/2026\)")):  # fmt: skip
        with pytest.raises(ValidationError, match=words):
            apdr.review_plan(
                cur, staff["senco"], plan.plan_id,
                {"reviewed_on": day, "evaluation": "Fine.", "ratings": ratings}, TODAY,
            )  # fmt: skip


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_the_office_and_a_head_cannot_write_a_plan(cur, staff, role):
    with pytest.raises(PermissionDenied):
        start(cur, staff[role])


def test_a_teacher_cannot_write_another_class_pupils_plan(cur, staff):
    with pytest.raises(NotFound):
        apdr.start_plan(cur, staff["teacher"], ZOE, PLAN, TODAY)


# --- the plan for parents ---------------------------------------------------------------------


def test_the_plan_for_parents_says_who_does_what_in_plain_words(cur, staff):
    plan_id = start(cur, staff["senco"])
    document = printing.print_parent_plan(cur, staff["teacher"], plan_id, TODAY)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages
    )
    for words in (
        "Our plan for Alex, this term",
        "For Mrs Nguyễn",
        "We will review it by 5 February 2027",
        "Agreed 16 November 2026, with Mrs Nguyễn (mother)",
        "1. Alex will read a Year 3 book aloud with few errors. (by 1 February 2027)",
        "Towards 1 • Precision teaching of sight words: 3 times a week, 10 minutes each time, "
        "with TA, in the classroom.",
        "Spelling practice with Word Wasp: daily, 15 minutes each time, with Mrs Patel (HLTA), "
        "in the library.",
        "What you told us “We want Alex to enjoy reading at home.”",
        "What Alex told us “I like reading about animals.”",
    ):
        assert words in text
    assert len(PdfReader(io.BytesIO(document)).pages) <= 2
    detail = db.scalar(cur, "SELECT detail FROM audit_log WHERE action = 'print plan'")
    assert detail == f"plan {plan_id}"


def test_a_plan_printed_after_its_review_date_says_the_review_is_being_arranged(cur, staff):
    plan_id = start(cur, staff["senco"])
    later = date(2027, 2, 22)
    document = printing.print_parent_plan(cur, staff["senco"], plan_id, later)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages
    )
    assert "The review was due 5 February 2027: we are arranging it" in text
    assert "we will be in touch soon to arrange a time to meet" in text
    assert "We will meet with you by" not in text and "We will review it by" not in text


def test_the_plan_for_parents_is_refused_to_the_office_and_another_class(cur, staff):
    plan_id = apdr.start_plan(cur, staff["senco"], ZOE, PLAN, TODAY)
    with pytest.raises(PermissionDenied):
        printing.print_parent_plan(cur, staff["office"], plan_id, TODAY)
    with pytest.raises(NotFound):
        printing.print_parent_plan(cur, staff["teacher"], plan_id, TODAY)


# --- review dates feed the dashboard and who needs a meeting ----------------------------------


def test_a_plan_past_its_review_date_is_counted_and_its_pupil_needs_a_meeting(cur, staff):
    senco = staff["senco"]
    assert deadlines.deadlines(cur, senco, TODAY)["APDR reviews overdue"] == 0
    late = {"start_date": date(2026, 9, 7), "review_date": date(2026, 11, 20),
            "agreed_with_parents": None, "agreed_with": None}  # fmt: skip
    start(cur, senco, **late)
    assert deadlines.deadlines(cur, senco, TODAY)["APDR reviews overdue"] == 1
    due = meetings_due.meetings_due(cur, senco, TODAY)
    why = due.loc[due["pupil_id"] == ALEX, "Why"].item()
    assert "APDR review overdue since 20/11/2026" in why
    # Reviewed: no longer counted, and no longer a reason.
    plan = current(cur)
    apdr.review_plan(
        cur, senco, plan.plan_id,
        {"reviewed_on": TODAY, "evaluation": "Good progress.",
         "ratings": {o.outcome_id: 1 for o in plan.outcomes}},
        TODAY,
    )  # fmt: skip
    assert deadlines.deadlines(cur, senco, TODAY)["APDR reviews overdue"] == 0
    due = meetings_due.meetings_due(cur, senco, TODAY)
    assert "APDR" not in " ".join(due["Why"])


def test_a_review_in_the_next_fortnight_puts_the_pupil_on_the_meetings_list(cur, staff):
    start(cur, staff["senco"], review_date=date(2026, 12, 4))
    due = meetings_due.meetings_due(cur, staff["senco"], TODAY)
    assert "APDR review due 04/12/2026" in due.loc[due["pupil_id"] == ALEX, "Why"].item()


def test_on_a_projector_the_review_date_stays_and_the_pupil_is_initials_only(cur, staff):
    start(cur, staff["senco"], review_date=date(2026, 12, 4))
    projected = replace(staff["senco"], staff_meeting=True)
    due = meetings_due.meetings_due(cur, projected, TODAY)
    alex = due[due["Plan review"] == date(2026, 12, 4)]
    assert alex["Pupil"].tolist() == ["A. N."]
    assert "APDR review due 04/12/2026" in alex["Why"].item()
    assert {"Class", "Status"} <= set(meetings_due.meetings_due(cur, staff["senco"], TODAY))
    assert not {"Class", "Status"} & set(due.columns)


# --- the demo ---------------------------------------------------------------------------------


def test_every_demo_plan_is_one_the_app_could_have_saved(demo_conn):
    cur = db.cursor(demo_conn)
    today = db.scalar(cur, "SELECT max(CAST(happened_at AS DATE)) FROM communications")
    checked = 0
    for (pupil_id,) in cur.execute("SELECT DISTINCT pupil_id FROM plans").fetchall():
        for plan in plans.list_plans(cur, pupil_id):
            stored = apdr.plan_values(plan)
            clean, found = apdr.validate_plan(stored, today)
            assert found == [], (plan.plan_id, found)
            assert clean == stored, plan.plan_id
            if not plan.is_current:
                assert plan.evaluation and all(o.rating in plans.RATINGS for o in plan.outcomes)
            checked += 1
    assert checked > 100
