"""Writing Assess-Plan-Do-Review cycles, by whoever edits the pupil's details: starting a plan
(outcomes, the provision for each, the parents' and the pupil's views, when and with whom it was
agreed, the review date), correcting it while it runs, reviewing it (a rating for each outcome,
what worked, what next, the views at review), and the next cycle's first draft carried forward
from the last. A reviewed cycle is history: it is never changed again.

Nothing changes silently: a change to the provision after the parents agreed the plan adds the
action "tell the parents what changed and why", in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from sendlib import audit, db
from sendlib.access import require_pupil_editable
from sendlib.errors import Problem, ValidationError, clean_text
from sendlib.pupils.fields import MAX_TEXT, date_field
from sendlib.pupils.plans import RATINGS, Plan, get_plan, list_plans
from sendlib.timeline import agreeing
from sendlib.users import User

MAX_OUTCOMES = 8
MAX_PROVISION = 12
MAX_OUTCOME = 500
MAX_SHORT = 100
PROVISION_FIELDS = ("description", "frequency", "duration", "delivered_by", "location")
LABELS = {
    "start_date": "Starts",
    "review_date": "Review date",
    "parent_views": "Parents' views",
    "pupil_views": "Pupil's views",
    "agreed_with_parents": "Agreed with parents on",
    "agreed_with": "Agreed with",
    "outcome": "outcome",
    "by_when": "by when",
    "description": "what",
    "frequency": "how often",
    "duration": "how long",
    "delivered_by": "by whom",
    "location": "where",
    "reviewed_on": "Reviewed on",
    "evaluation": "What worked",
    "what_next": "What next",
    "review_parent_views": "Parents' views at the review",
    "review_pupil_views": "Pupil's views at the review",
}
# The plan's own columns a start or a change writes.
PLAN_COLUMNS = (
    "start_date",
    "review_date",
    "parent_views",
    "pupil_views",
    "agreed_with_parents",
    "agreed_with",
)


def _filled(row: dict, keys: tuple[str, ...]) -> bool:
    return any(str(row.get(k) or "").strip() for k in keys)


def _outcomes(values: dict, start: date | None, problems: list[Problem]) -> list[dict]:
    rows = [r for r in values.get("outcomes") or [] if _filled(r, ("outcome", "by_when"))]
    if not rows:
        problems.append(Problem("Outcome 1", "is required: what will the pupil achieve?"))
    if len(rows) > MAX_OUTCOMES:
        problems.append(Problem("Outcomes", f"at most {MAX_OUTCOMES} in one plan"))
    clean = []
    for number, row in enumerate(rows, start=1):
        name = f"Outcome {number}"
        text = clean_text(row.get("outcome"), name, MAX_OUTCOME, True, problems)
        by_when = date_field(row.get("by_when"), f"{name}: by when", problems)
        if by_when and start and by_when <= start:
            problems.append(Problem(f"{name}: by when", "must be after the plan starts"))
        clean.append({"position": number, "outcome": text, "by_when": by_when})
    return clean


def _provision(values: dict, outcomes: int, problems: list[Problem]) -> list[dict]:
    rows = [r for r in values.get("provision") or [] if _filled(r, PROVISION_FIELDS)]
    if len(rows) > MAX_PROVISION:
        problems.append(Problem("Provision", f"at most {MAX_PROVISION} rows in one plan"))
    clean = []
    for number, row in enumerate(rows, start=1):
        name = f"Provision {number}"
        item: dict[str, Any] = {
            key: clean_text(
                row.get(key),
                f"{name}: {LABELS[key]}",
                MAX_OUTCOME if key == "description" else MAX_SHORT,
                key == "description",
                problems,
            )
            for key in PROVISION_FIELDS
        }
        serves = row.get("outcome_position")
        if serves in ("", 0):
            serves = None
        if serves is not None and serves not in range(1, outcomes + 1):
            problems.append(Problem(f"{name}: for outcome", f"there is no outcome {serves}"))
        item["outcome_position"] = serves
        clean.append(item)
    return clean


def validate_plan(values: dict, today: date) -> tuple[dict, list[Problem]]:
    """A plan's fields, outcomes and provision cleaned (empty rows dropped), and every problem,
    each naming its field ('Outcome 2', 'Provision 1: how often')."""
    problems: list[Problem] = []
    clean: dict[str, Any] = {
        key: date_field(values.get(key), LABELS[key], problems)
        for key in ("start_date", "review_date", "agreed_with_parents")
    }
    for key in ("parent_views", "pupil_views"):
        clean[key] = clean_text(values.get(key), LABELS[key], MAX_TEXT, False, problems)
    clean["agreed_with"] = clean_text(
        values.get("agreed_with"), LABELS["agreed_with"], MAX_SHORT, False, problems
    )
    start, review, agreed = clean["start_date"], clean["review_date"], clean["agreed_with_parents"]
    for key in ("start_date", "review_date"):
        if clean[key] is None and LABELS[key] not in {p.field for p in problems}:
            problems.append(Problem(LABELS[key], "is required"))
    if start and review and review <= start:
        problems.append(Problem(LABELS["review_date"], "must be after the plan starts"))
    if agreed and agreed > today:
        problems.append(Problem(LABELS["agreed_with_parents"], "cannot be in the future"))
    if agreed and not clean["agreed_with"]:
        problems.append(
            Problem(LABELS["agreed_with"], "say whom it was agreed with (for example Mrs Khan)")
        )
    if clean["agreed_with"] and not agreed:
        problems.append(Problem(LABELS["agreed_with_parents"], "is needed with whom it was agreed"))
    clean["outcomes"] = _outcomes(values, start, problems)
    clean["provision"] = _provision(values, len(clean["outcomes"]), problems)
    return clean, problems


def _current(cur: db.Cursor, pupil_id: int) -> Plan | None:
    return next((p for p in list_plans(cur, pupil_id) if p.is_current), None)


def _write_rows(c: db.Cursor, plan_id: int, clean: dict) -> None:
    """The plan's outcomes and provision, replacing any it had."""
    c.execute("DELETE FROM plan_outcomes WHERE plan_id = ?", [plan_id])
    c.execute("DELETE FROM plan_provision WHERE plan_id = ?", [plan_id])
    outcomes = pd.DataFrame(clean["outcomes"], columns=["position", "outcome", "by_when"])
    outcomes.insert(0, "plan_id", plan_id)
    db.insert_frame(c, "plan_outcomes", outcomes)
    provision = pd.DataFrame(clean["provision"], columns=[*PROVISION_FIELDS, "outcome_position"])
    provision["outcome_position"] = provision["outcome_position"].astype("Int64")
    provision.insert(0, "plan_id", plan_id)
    db.insert_frame(c, "plan_provision", provision)


def plan_values(plan: Plan) -> dict:
    """A stored plan as validate_plan cleans one: what the form starts from, and what a change
    is compared with."""
    return {
        **{key: getattr(plan, key) for key in PLAN_COLUMNS},
        "outcomes": [
            {"position": o.position, "outcome": o.outcome, "by_when": o.by_when}
            for o in plan.outcomes
        ],
        "provision": [
            {
                **{key: getattr(p, key) for key in PROVISION_FIELDS},
                "outcome_position": p.outcome_position,
            }
            for p in plan.provision
        ],
    }


def start_plan(cur: db.Cursor, user: User, pupil_id: int, values: dict, today: date) -> int:
    """Start a pupil's next APDR cycle; refused while the current one is not yet reviewed.
    Returns the plan_id."""
    require_pupil_editable(cur, user, pupil_id)
    clean, problems = validate_plan(values, today)
    running = _current(cur, pupil_id)
    if running is not None:
        problems.append(
            Problem(
                "Plan",
                f"the plan that started on {running.start_date:%d/%m/%Y} is not reviewed yet: "
                "review it first",
            )
        )
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        plan_id = c.execute(
            f"INSERT INTO plans (pupil_id, {', '.join(PLAN_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' for _ in PLAN_COLUMNS)}) RETURNING plan_id",
            [pupil_id, *(clean[key] for key in PLAN_COLUMNS)],
        ).fetchone()[0]
        _write_rows(c, plan_id, clean)
        audit.record(
            c, user.username, "start plan", pupil_id,
            f"plan {plan_id}: {len(clean['outcomes'])} outcome(s), "
            f"{len(clean['provision'])} provision, review {clean['review_date']}",
            after=clean,
        )  # fmt: skip
        return plan_id

    return db.write(cur, work)


def change_plan(cur: db.Cursor, user: User, plan_id: int, values: dict, today: date) -> None:
    """Correct a plan that is still running; a reviewed one stays as it was. A change to the
    provision of a plan the parents agreed adds the action to tell them what changed and why."""
    plan = get_plan(cur, plan_id)
    require_pupil_editable(cur, user, plan.pupil_id)
    if not plan.is_current:
        raise ValidationError.one(
            "Plan", f"was reviewed on {plan.reviewed_on:%d/%m/%Y}: a past cycle stays as it was"
        )
    clean, problems = validate_plan(values, today)
    if problems:
        raise ValidationError(problems)
    was = plan_values(plan)
    changed = [key for key in (*PLAN_COLUMNS, "outcomes", "provision") if was[key] != clean[key]]
    if not changed:
        return
    tell = "provision" in changed and plan.agreed_with_parents is not None

    def work(c: db.Cursor) -> None:
        c.execute(
            f"UPDATE plans SET {', '.join(f'{key} = ?' for key in PLAN_COLUMNS)} WHERE plan_id = ?",
            [*(clean[key] for key in PLAN_COLUMNS), plan_id],
        )
        _write_rows(c, plan_id, clean)
        if tell:
            agreeing.create_change_action(
                c, plan.pupil_id,
                f"the support in the plan agreed on {plan.agreed_with_parents:%d/%m/%Y} changed",
                user.username, today,
            )  # fmt: skip
        audit.record(
            c, user.username, "change plan", plan.pupil_id,
            f"plan {plan_id}: changed {', '.join(changed)}",
            before={k: was[k] for k in changed}, after={k: clean[k] for k in changed},
        )  # fmt: skip

    db.write(cur, work)


def review_plan(cur: db.Cursor, user: User, plan_id: int, values: dict, today: date) -> None:
    """Close a cycle with its review: a rating (-2 to +2) for every outcome, what worked, what
    next, and the parents' and pupil's views at the review. Past cycles are not reviewed again."""
    plan = get_plan(cur, plan_id)
    require_pupil_editable(cur, user, plan.pupil_id)
    problems: list[Problem] = []
    if not plan.is_current:
        problems.append(Problem("Plan", f"was already reviewed on {plan.reviewed_on:%d/%m/%Y}"))
    reviewed = date_field(values.get("reviewed_on"), LABELS["reviewed_on"], problems)
    if reviewed is None and not problems:
        problems.append(Problem(LABELS["reviewed_on"], "is required"))
    elif reviewed and reviewed > today:
        problems.append(Problem(LABELS["reviewed_on"], "cannot be in the future"))
    elif reviewed and reviewed < plan.start_date:
        problems.append(
            Problem(
                LABELS["reviewed_on"], f"is before the plan started ({plan.start_date:%d/%m/%Y})"
            )
        )
    texts = {
        key: clean_text(values.get(key), LABELS[key], MAX_TEXT, key == "evaluation", problems)
        for key in ("evaluation", "what_next", "review_parent_views", "review_pupil_views")
    }
    given = values.get("ratings") or {}
    ratings = {}
    for outcome in plan.outcomes:
        rating = given.get(outcome.outcome_id)
        if rating not in RATINGS:
            problems.append(
                Problem(f"Outcome {outcome.position}", "give it a rating from -2 to +2")
            )
        ratings[outcome.outcome_id] = rating
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> None:
        c.execute(
            f"UPDATE plans SET reviewed_on = ?, {', '.join(f'{k} = ?' for k in texts)} "
            "WHERE plan_id = ?",
            [reviewed, *texts.values(), plan_id],
        )
        c.executemany(
            "UPDATE plan_outcomes SET rating = ? WHERE outcome_id = ?",
            [[rating, outcome_id] for outcome_id, rating in ratings.items()],
        )
        audit.record(
            c, user.username, "review plan", plan.pupil_id,
            f"plan {plan_id}: reviewed on {reviewed}",
            before={"reviewed_on": None},
            after={"reviewed_on": reviewed, **texts, "ratings": list(ratings.values())},
        )  # fmt: skip

    db.write(cur, work)


def next_cycle(plan: Plan, today: date) -> dict:
    """The first draft of the cycle after a reviewed plan: its outcomes and provision carried
    forward to be edited, starting today and reviewed as long after as the last one was; views
    and the parents' agreement are the new cycle's own, so they start empty."""
    length = plan.review_date - plan.start_date
    return {
        "start_date": today,
        "review_date": today + length,
        "outcomes": [{"outcome": o.outcome, "by_when": None} for o in plan.outcomes],
        "provision": [
            {
                **{key: getattr(p, key) for key in PROVISION_FIELDS},
                "outcome_position": p.outcome_position,
            }
            for p in plan.provision
        ],
    }
