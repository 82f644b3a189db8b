"""EHC plans kept by the school: the plan's details, each annual review with its statutory clocks,
and requests for an EHC needs assessment with theirs. Written by whoever edits the pupil.

The clocks are worked out for the SENCo and put on the promise ledger as actions with their due
dates, so a late step shows where late promises already do (the ledger, the dashboard):
- annual review: invitations and papers out at least two weeks before the meeting, the school's
  report to the local authority within two weeks after it, and the local authority's decision
  (keep, change or end the plan) within four weeks of it;
- needs assessment: the local authority's decision whether to assess within 6 weeks of the
  request, and the final plan within 20 weeks of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sendlib import addresses, audit, db
from sendlib.access import require_pupil_editable
from sendlib.errors import NotFound, Problem, ValidationError, clean_text
from sendlib.pupils import contacts
from sendlib.pupils.fields import date_field
from sendlib.pupils.plans import EHCPlan, get_ehc_plan
from sendlib.timeline import agreeing
from sendlib.users import User

LOCAL_AUTHORITY = "Local authority"
# (step, what the action says, days from the meeting, owned by the local authority)
REVIEW_STEPS = (
    ("invitations", "Send the annual review invitations and papers (at least two weeks before "
     "the meeting on {day})", -14, False),
    ("report", "Send the school's review report to the local authority (within two weeks of "
     "the meeting on {day})", 14, False),
    ("decision", "Local authority's decision after the annual review of {day} (within four "
     "weeks of the meeting)", 28, True),
)  # fmt: skip
# (step, what the action says, days from the request)
ASSESSMENT_STEPS = (
    ("decision", "Local authority's decision whether to assess (within 6 weeks of the request "
     "on {day})", 42),
    ("final plan", "Final EHC plan, if the local authority assesses (within 20 weeks of the "
     "request on {day})", 140),
)  # fmt: skip
REQUESTED_BY = ("school", "parents")
LABELS = {
    "local_authority": "Local authority",
    "la_caseworker": "Caseworker",
    "caseworker_phone": "Caseworker's phone",
    "caseworker_email": "Caseworker's email",
    "issue_date": "Final plan issued",
    "last_review": "Last annual review",
    "next_review": "Next annual review",
}
MAX_NAME = 100


@dataclass(frozen=True)
class Step:
    """One statutory step: what, by when, and whether it is done (an action on the ledger)."""

    action_id: int
    reason: str
    description: str
    owner_name: str
    due_date: date
    done_date: date | None

    def late(self, today: date) -> bool:
        return self.done_date is None and self.due_date < today


@dataclass(frozen=True)
class Review:
    review_id: int
    pupil_id: int
    meeting_date: date
    held: bool


@dataclass(frozen=True)
class Request:
    request_id: int
    pupil_id: int
    requested_on: date
    requested_by: str


def validate_ehc_plan(values: dict, today: date) -> tuple[dict, list[Problem]]:
    """An EHC plan's details cleaned, and every problem, each naming its field."""
    problems: list[Problem] = []
    clean: dict = {
        key: clean_text(values.get(key), LABELS[key], MAX_NAME, False, problems)
        for key in ("local_authority", "la_caseworker")
    }
    for key, field in (
        ("caseworker_phone", contacts.phone_field),
        ("caseworker_email", addresses.email_field),
    ):
        clean[key] = field(values.get(key), LABELS[key], problems)
    for key in ("issue_date", "last_review", "next_review"):
        clean[key] = date_field(values.get(key), LABELS[key], problems)
    issued, last, after = clean["issue_date"], clean["last_review"], clean["next_review"]
    if issued is None and not any(p.field == LABELS["issue_date"] for p in problems):
        problems.append(Problem(LABELS["issue_date"], "is required"))
    for key, day in (("issue_date", issued), ("last_review", last)):
        if day and day > today:
            problems.append(Problem(LABELS[key], f"{day:%d/%m/%Y} is in the future"))
    if issued and last and last < issued:
        problems.append(Problem(LABELS["last_review"], "is before the plan was issued"))
    if after and (last or issued) and after <= (last or issued):
        problems.append(
            Problem(
                LABELS["next_review"],
                f"must be after the {'last review' if last else 'plan was issued'}",
            )
        )
    return clean, problems


def save_ehc_plan(cur: db.Cursor, user: User, pupil_id: int, values: dict, today: date) -> None:
    """Record a pupil's EHC plan, or correct its details; audited with what it was before."""
    require_pupil_editable(cur, user, pupil_id)
    clean, problems = validate_ehc_plan(values, today)
    if problems:
        raise ValidationError(problems)
    before = get_ehc_plan(cur, pupil_id)

    def work(c: db.Cursor) -> None:
        if before is None:
            c.execute(
                f"INSERT INTO ehc_plans (pupil_id, {', '.join(clean)}) "
                f"VALUES (?, {', '.join('?' for _ in clean)})",
                [pupil_id, *clean.values()],
            )
            audit.record(
                c, user.username, "add EHC plan", pupil_id, "EHC plan recorded", after=clean
            )
            return
        changed = [key for key in clean if getattr(before, key) != clean[key]]
        c.execute(
            f"UPDATE ehc_plans SET {', '.join(f'{k} = ?' for k in clean)} WHERE pupil_id = ?",
            [*clean.values(), pupil_id],
        )
        audit.record(
            c, user.username, "edit EHC plan", pupil_id,
            "changed " + ", ".join(LABELS[k] for k in changed) if changed else "no change",
            before={k: getattr(before, k) for k in changed}, after={k: clean[k] for k in changed},
        )  # fmt: skip

    db.write(cur, work)


def _needs_plan(cur: db.Cursor, pupil_id: int) -> EHCPlan:
    plan = get_ehc_plan(cur, pupil_id)
    if plan is None:
        raise ValidationError.one("EHC plan", "record the plan's details first")
    return plan


def list_reviews(cur: db.Cursor, pupil_id: int) -> list[Review]:
    """A pupil's annual reviews, the latest first (no access check: callers check the pupil)."""
    return db.records(
        cur, Review,
        "SELECT review_id, pupil_id, meeting_date, held FROM ehc_reviews WHERE pupil_id = ? "
        "ORDER BY meeting_date DESC, review_id DESC",
        [pupil_id],
    )  # fmt: skip


def list_requests(cur: db.Cursor, pupil_id: int) -> list[Request]:
    """A pupil's requests for a needs assessment, the latest first."""
    return db.records(
        cur, Request,
        "SELECT request_id, pupil_id, requested_on, requested_by FROM ehc_requests "
        "WHERE pupil_id = ? ORDER BY requested_on DESC, request_id DESC",
        [pupil_id],
    )  # fmt: skip


def steps(cur: db.Cursor, pupil_id: int) -> dict[str, list[Step]]:
    """The statutory steps of a pupil's reviews and requests, by what they belong to
    ('EHC review 3', 'EHC request 1'), each in date order."""
    found: dict[str, list[Step]] = {}
    for step in db.records(
        cur, Step,
        "SELECT action_id, reason, description, owner_name, due_date, done_date FROM actions "
        "WHERE pupil_id = ? AND reason LIKE 'EHC %' ORDER BY due_date, action_id",
        [pupil_id],
    ):  # fmt: skip
        found.setdefault(step.reason.split(":")[0], []).append(step)
    return found


def _one_year_on(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def plan_annual_review(
    cur: db.Cursor, user: User, pupil_id: int, meeting: date, today: date
) -> int:
    """Set the date of the next annual review meeting: it becomes the plan's next review, and
    its three statutory steps go on the ledger with their due dates. Returns the review_id."""
    require_pupil_editable(cur, user, pupil_id)
    plan = _needs_plan(cur, pupil_id)
    problems = []
    if not isinstance(meeting, date):
        problems.append(Problem("Meeting date", "is required"))
    elif meeting < plan.issue_date:
        problems.append(Problem("Meeting date", "is before the plan was issued"))
    waiting = [r for r in list_reviews(cur, pupil_id) if not r.held]
    if waiting:
        problems.append(
            Problem(
                "Annual review",
                f"the review planned for {waiting[0].meeting_date:%d/%m/%Y} has not been held "
                "yet: record it as held first",
            )
        )
    if problems:
        raise ValidationError(problems)
    authority = plan.local_authority or LOCAL_AUTHORITY

    def work(c: db.Cursor) -> int:
        review_id = c.execute(
            "INSERT INTO ehc_reviews (pupil_id, meeting_date) VALUES (?, ?) RETURNING review_id",
            [pupil_id, meeting],
        ).fetchone()[0]
        c.execute("UPDATE ehc_plans SET next_review = ? WHERE pupil_id = ?", [meeting, pupil_id])
        for step, words, days, theirs in REVIEW_STEPS:
            agreeing.create_follow_up(
                c, pupil_id, words.format(day=f"{meeting:%d/%m/%Y}"),
                f"EHC review {review_id}: {step}", user.username, today,
                due=meeting + timedelta(days=days), agency=authority if theirs else None,
            )  # fmt: skip
        audit.record(
            c, user.username, "plan EHC review", pupil_id,
            f"review {review_id}: meeting {meeting}",
            before={"next_review": plan.next_review}, after={"next_review": meeting},
        )  # fmt: skip
        return review_id

    return db.write(cur, work)


def review_held(cur: db.Cursor, user: User, review_id: int, today: date) -> None:
    """Record that an annual review meeting was held: it becomes the plan's last review, and the
    next is due within a year of it."""
    review = next(
        (r for r in db.records(
            cur, Review,
            "SELECT review_id, pupil_id, meeting_date, held FROM ehc_reviews WHERE review_id = ?",
            [review_id],
        )),
        None,
    )  # fmt: skip
    if review is None:
        raise NotFound("That annual review is not on record.")
    require_pupil_editable(cur, user, review.pupil_id)
    if review.held:
        raise ValidationError.one("Annual review", "is already recorded as held")
    if review.meeting_date > today:
        raise ValidationError.one(
            "Annual review",
            f"is planned for {review.meeting_date:%d/%m/%Y}, which is still to come",
        )
    after = {"last_review": review.meeting_date, "next_review": _one_year_on(review.meeting_date)}

    def work(c: db.Cursor) -> None:
        c.execute("UPDATE ehc_reviews SET held = TRUE WHERE review_id = ?", [review_id])
        c.execute(
            "UPDATE ehc_plans SET last_review = ?, next_review = ? WHERE pupil_id = ?",
            [after["last_review"], after["next_review"], review.pupil_id],
        )
        audit.record(
            c, user.username, "EHC review held", review.pupil_id, f"review {review_id}",
            after=after,
        )  # fmt: skip

    db.write(cur, work)


def request_assessment(
    cur: db.Cursor, user: User, pupil_id: int, requested_on: date, requested_by: str, today: date
) -> int:
    """Record a request for an EHC needs assessment; its two clocks go on the ledger, owned by
    the local authority. Returns the request_id."""
    require_pupil_editable(cur, user, pupil_id)
    problems = []
    if not isinstance(requested_on, date):
        problems.append(Problem("Requested on", "is required"))
    elif requested_on > today:
        problems.append(Problem("Requested on", "cannot be in the future"))
    if requested_by not in REQUESTED_BY:
        problems.append(Problem("Requested by", "must be the school or the parents"))
    if get_ehc_plan(cur, pupil_id) is not None:
        problems.append(Problem("Pupil", "already has an EHC plan"))
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        request_id = c.execute(
            "INSERT INTO ehc_requests (pupil_id, requested_on, requested_by) VALUES (?, ?, ?) "
            "RETURNING request_id",
            [pupil_id, requested_on, requested_by],
        ).fetchone()[0]
        for step, words, days in ASSESSMENT_STEPS:
            agreeing.create_follow_up(
                c, pupil_id, words.format(day=f"{requested_on:%d/%m/%Y}"),
                f"EHC request {request_id}: {step}", user.username, today,
                due=requested_on + timedelta(days=days), agency=LOCAL_AUTHORITY,
            )  # fmt: skip
        audit.record(
            c, user.username, "request EHC assessment", pupil_id,
            f"request {request_id}: by the {requested_by} on {requested_on}",
        )  # fmt: skip
        return request_id

    return db.write(cur, work)
