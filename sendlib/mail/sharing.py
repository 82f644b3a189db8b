"""The plan for parents and the transition pack, emailed to the parents with the request for
their views in plain words: what we plan, and that we would like their opinion.

Emailing a pack still in draft shares it: the pack moves to "shared with the parents" in the
same transaction as its emails (sendlib.transition.stages). The parents' copy of a pack leaves
out the restricted notes, which are for the receiving school alone."""

from __future__ import annotations

from datetime import date, datetime

from sendlib import db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.mail import parents
from sendlib.mail.parents import Draft
from sendlib.pupils import plans, register
from sendlib.reporting import printing
from sendlib.school.settings import school_name
from sendlib.transition import packs, stages
from sendlib.transition import printing as pack_printing
from sendlib.users import User
from sendlib.words import long_date

# A pack goes to the parents for their views until they have agreed it.
PACK_STAGES = ("draft", "shared with parents")
CLOSING = (
    "Please reply to this email or ring the school: we would be glad to hear from you, and what "
    "you tell us goes into it in your words."
)


def _child(cur: db.Cursor, user: User, pupil_id: int) -> str:
    pupil = register.get_pupil(cur, user, pupil_id)
    return pupil.known_as or pupil.legal_forename


def _working_towards(plan: plans.Plan) -> str:
    """'- read 50 common words by sight (by 12 February 2027)' for each outcome."""
    return "\n".join(
        f"- {o.outcome}" + (f" (by {long_date(o.by_when)})" if o.by_when else "")
        for o in plan.outcomes
    )


def draft_plan(cur: db.Cursor, user: User, plan_id: int) -> Draft:
    """The email the plan for parents goes out with, asking for their views."""
    require(user, "outbox", "records")
    plan = plans.get_plan(cur, plan_id)
    child = _child(cur, user, plan.pupil_id)
    if not plan.is_current:
        raise ValidationError.one("Plan", "has been reviewed: send the plan that follows it")
    attachment = f"Our plan for {child}, from {plan.start_date:%d-%m-%Y}.pdf"
    to = parents.recipients(cur, plan.pupil_id, "plan", plan_id, attachment)
    aims = _working_towards(plan)
    message = (
        f"{parents.greeting(to)}\n\n"
        f"Attached is our plan for {child} from {long_date(plan.start_date)}: what we are "
        f"working towards together, the support {child} will have, and when we will look at how "
        f"it has gone ({long_date(plan.review_date)}).\n\n"
        + (f"We plan to help {child}:\n{aims}\n\n" if aims else "")
        + "We would like your opinion. Does the plan sound right to you? Is there anything you "
        f"would change or add, or something that works well at home that we could try at "
        f"school? {CLOSING}\n\n{user.name}\n{school_name(cur)}\n"
    )
    return Draft(
        "plan", plan_id, plan.pupil_id, f"Our plan for {child}: we would like your views",
        message, attachment, to,
    )  # fmt: skip


def send_plan(
    cur: db.Cursor,
    user: User,
    plan_id: int,
    chosen: list[int],
    message: str,
    checked: set[int],
    now: datetime,
) -> list[int]:
    """Queue the plan for parents to each chosen parent, all together or none; the emails'
    ids (see parents.send_to_parents for the checks)."""
    draft = draft_plan(cur, user, plan_id)
    return parents.send_to_parents(
        cur, user, draft, chosen, message, checked,
        lambda: printing.parent_plan_pdf(cur, user, plan_id, now.date()), now,
    )  # fmt: skip


def draft_pack(cur: db.Cursor, user: User, pack_id: int) -> Draft:
    """The email a transition pack goes out with for the parents' views; sending a draft shares
    it, which only the SENCo may do."""
    require(user, "outbox", "records")
    pack = packs.get_pack(cur, user, pack_id)
    if pack.status not in PACK_STAGES:
        raise ValidationError.one(
            "Transition pack", f"is {pack.status}: it goes to the parents before they agree it"
        )
    if pack.status == "draft":
        require(user, "transition", "status")
    child = _child(cur, user, pack.pupil_id)
    attachment = f"Transition pack for {child}, version {pack.version}.pdf"
    to = parents.recipients(cur, pack.pupil_id, "transition pack", pack_id, attachment)
    _, left_out = packs.for_parents(pack)
    notes = []
    if pack.status == "draft":
        notes.append("Sending it shares the pack with the parents: it will no longer be a draft.")
    if left_out:
        notes.append("The restricted notes are left out of the parents' copy.")
    message = (
        f"{parents.greeting(to)}\n\n"
        f"{child} moves to {pack.receiving_setting} on {long_date(pack.move_date)}. Attached is "
        f"the transition pack we plan to give them, so that they know {child} before the first "
        "day: who they are, what they need and what works for them.\n\n"
        "We would like your opinion before we pass it on. Is it right? Is there anything you "
        f"would change or add, or anything you want the new staff to know? {CLOSING}\n\n"
        f"{user.name}\n{school_name(cur)}\n"
    )
    return Draft(
        "transition pack", pack_id, pack.pupil_id,
        f"{child}'s move to {pack.receiving_setting}: we would like your views", message,
        attachment, to, " ".join(notes),
    )  # fmt: skip


def send_pack(
    cur: db.Cursor,
    user: User,
    pack_id: int,
    chosen: list[int],
    message: str,
    checked: set[int],
    now: datetime,
) -> list[int]:
    """Queue the parents' copy of the pack to each chosen parent, and share a draft pack (its
    change of status) in the same transaction, all together or none; the emails' ids."""
    draft = draft_pack(cur, user, pack_id)
    pack = packs.get_pack(cur, user, pack_id)
    today: date = now.date()
    share = None
    if pack.status == "draft":
        share = stages.status_change(
            cur, user, pack_id, "shared with parents", {"shared_on": today, "channel": "email"},
            today, now,
        )  # fmt: skip
    return parents.send_to_parents(
        cur, user, draft, chosen, message, checked,
        lambda: pack_printing.parents_pack_pdf(cur, user, pack, today), now, then=share,
    )  # fmt: skip
