"""Assess-Plan-Do-Review cycles (outcomes, provision, views, review) and the EHC plan's dates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sendlib import db
from sendlib.errors import NotFound

# The review rating of an outcome, -2 to +2, in the words used at a review meeting.
RATINGS = {
    -2: "Much less than expected",
    -1: "Less than expected",
    0: "As expected",
    1: "More than expected",
    2: "Much more than expected",
}


@dataclass(frozen=True)
class Outcome:
    """What the pupil is working towards in one plan, and how it went at review."""

    outcome_id: int
    position: int
    outcome: str
    rating: int | None
    by_when: date | None = None

    @property
    def rating_label(self) -> str:
        """The rating in words, or 'Not yet rated'."""
        return RATINGS.get(self.rating, "Not yet rated")


@dataclass(frozen=True)
class Provision:
    """One piece of support in a plan: what, how often, how long, by whom, where, and the
    outcome (by its number) it serves."""

    provision_id: int
    description: str
    frequency: str | None
    delivered_by: str | None
    outcome_position: int | None = None
    duration: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Plan:
    """One Assess-Plan-Do-Review cycle; kept, not overwritten, when the next one starts."""

    plan_id: int
    pupil_id: int
    start_date: date
    review_date: date
    parent_views: str | None
    pupil_views: str | None
    agreed_with_parents: date | None
    evaluation: str | None  # what worked, written at the review
    reviewed_on: date | None
    agreed_with: str | None = None
    what_next: str | None = None
    review_parent_views: str | None = None
    review_pupil_views: str | None = None
    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)
    provision: tuple[Provision, ...] = field(default_factory=tuple)

    @property
    def is_current(self) -> bool:
        """True until the plan has been reviewed."""
        return self.reviewed_on is None

    def review_overdue(self, today: date) -> bool:
        """True when the plan has not been reviewed and its review date has passed: the pupil
        page and the printed profile both flag it."""
        return self.is_current and self.review_date < today


@dataclass(frozen=True)
class EHCPlan:
    """The dates and caseworker of a pupil's education, health and care plan."""

    issue_date: date
    la_caseworker: str | None
    caseworker_contact: str | None  # as written before phone and email were kept apart
    last_review: date | None
    next_review: date | None
    local_authority: str | None = None
    caseworker_phone: str | None = None
    caseworker_email: str | None = None

    @property
    def caseworker_reach(self) -> str:
        """The caseworker's phone and email, or the contact as first written."""
        parts = [p for p in (self.caseworker_phone, self.caseworker_email) if p]
        return ", ".join(parts) if parts else (self.caseworker_contact or "")


_PLAN_COLUMNS = (
    "plan_id, pupil_id, start_date, review_date, parent_views, pupil_views, agreed_with_parents, "
    "evaluation, reviewed_on, agreed_with, what_next, review_parent_views, review_pupil_views"
)


def _by_plan(cur: db.Cursor, kind: type, sql: str, params: list) -> dict[int, list]:
    """Rows of one kind (outcomes or provision), as records, by their plan_id (the query's
    first column; the others are named as the record's fields)."""
    found: dict[int, list] = defaultdict(list)
    result = cur.execute(sql, params)
    names = [column[0] for column in result.description][1:]
    for plan_id, *values in result.fetchall():
        found[plan_id].append(kind(**dict(zip(names, values, strict=True))))
    return found


def _plans(cur: db.Cursor, where: str, params: list) -> list[Plan]:
    """The plans a condition on `p` picks, with their outcomes and provision, newest first."""
    result = cur.execute(
        f"SELECT {_PLAN_COLUMNS} FROM plans p WHERE {where} ORDER BY start_date DESC, plan_id DESC",
        params,
    )
    names = [column[0] for column in result.description]
    rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    if not rows:
        return []
    outcomes = _by_plan(
        cur,
        Outcome,
        "SELECT o.plan_id, o.outcome_id, o.position, o.outcome, o.rating, o.by_when "
        f"FROM plan_outcomes o JOIN plans p USING (plan_id) WHERE {where} "
        "ORDER BY o.plan_id, o.position, o.outcome_id",
        params,
    )
    provision = _by_plan(
        cur,
        Provision,
        "SELECT v.plan_id, v.provision_id, v.description, v.frequency, v.delivered_by, "
        "v.outcome_position, v.duration, v.location "
        f"FROM plan_provision v JOIN plans p USING (plan_id) WHERE {where} "
        "ORDER BY v.plan_id, v.provision_id",
        params,
    )
    return [
        Plan(
            **row,
            outcomes=tuple(outcomes[row["plan_id"]]),
            provision=tuple(provision[row["plan_id"]]),
        )
        for row in rows
    ]


def list_plans(cur: db.Cursor, pupil_id: int) -> list[Plan]:
    """Every plan of a pupil with its outcomes and provision, newest first.

    No access check here: callers (such as profile.get_profile) check the user may see the pupil.
    """
    return _plans(cur, "p.pupil_id = ?", [pupil_id])


def get_plan(cur: db.Cursor, plan_id: int) -> Plan:
    """One plan with its outcomes and provision (no access check: callers check the pupil)."""
    found = _plans(cur, "p.plan_id = ?", [plan_id])
    if not found:
        raise NotFound("That plan is not on record.")
    return found[0]


def get_ehc_plan(cur: db.Cursor, pupil_id: int) -> EHCPlan | None:
    """The pupil's EHC plan, or None when there is none on record."""
    return db.record(
        cur,
        EHCPlan,
        "SELECT issue_date, la_caseworker, caseworker_contact, last_review, next_review, "
        "local_authority, caseworker_phone, caseworker_email FROM ehc_plans WHERE pupil_id = ?",
        [pupil_id],
    )
