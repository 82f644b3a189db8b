"""The plan for parents: one APDR cycle in plain words, "Our plan for Ayesha, this term": what we
are working towards, who does what and how often, what the parents and the pupil told us, and
when we will look at how it has gone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import clean
from sendlib.words import long_date


@dataclass(frozen=True)
class PlanSupport:
    """One piece of support, as the parents' plan prints it."""

    what: str
    how_often: str | None
    how_long: str | None
    by_whom: str | None
    where: str | None
    outcome: int | None  # the outcome's number it serves, or None for the whole plan


@dataclass(frozen=True)
class ParentPlan:
    """One plan, with the names the parents know."""

    pupil_name: str  # the name the pupil is known by: 'Zoë'
    parent_names: str  # 'Mrs Khan and Mr Khan'
    start_date: date
    review_date: date
    outcomes: tuple[tuple[str, date | None], ...]  # what, and by when
    support: tuple[PlanSupport, ...]
    parent_views: str | None
    pupil_views: str | None
    agreed_on: date | None
    agreed_with: str | None


def _support_line(item: PlanSupport) -> str:
    """'Precision teaching of sight words: 3 times a week, 10 minutes each time, with Mrs Patel
    (TA), in the classroom.'"""
    parts = []
    if clean(item.how_often).strip():
        parts.append(clean(item.how_often).strip())
    if clean(item.how_long).strip():
        parts.append(f"{clean(item.how_long).strip()} each time")
    if clean(item.by_whom).strip():
        parts.append(f"with {clean(item.by_whom).strip()}")
    where = clean(item.where).strip()
    if where:
        parts.append(f"in the {where.lower()}" if _bare(where) else where)
    what = clean(item.what).strip()
    return f"{what}: {', '.join(parts)}." if parts else f"{what}."


def _bare(place: str) -> bool:
    """A place written as a plain noun ('Classroom', 'library') reads as 'in the classroom'."""
    words = place.split()
    return len(words) == 1 and words[0].isalpha()


def build_parent_plan(
    plan: ParentPlan, school_name: str, printed_on: date, printed_by: str
) -> bytes:
    """The plan for the parents, as a PDF of a page or two."""
    pupil = clean(plan.pupil_name).strip()
    pdf = HouseDocument(f"Our plan for {pupil}, this term", school_name, printed_on, printed_by)
    parents = clean(plan.parent_names).strip()
    pdf.paragraph(f"For {parents}" if parents else "For the parents and carers")
    pdf.paragraph(
        f"This is the plan for {pupil} from {long_date(plan.start_date)}. It says what we are "
        f"working towards together, the support {pupil} will have, and when we will look at how "
        "it has gone."
    )
    overdue = plan.review_date < printed_on
    pairs: list[tuple[str, object]] = [
        ("The plan starts", long_date(plan.start_date)),
        (
            ("The review was due", long_date(plan.review_date) + ": we are arranging it")
            if overdue
            else ("We will review it by", long_date(plan.review_date))
        ),
    ]
    if plan.agreed_on:
        with_whom = clean(plan.agreed_with).strip()
        pairs.append(
            ("Agreed", long_date(plan.agreed_on) + (f", with {with_whom}" if with_whom else ""))
        )
    pdf.key_values(pairs, label_width=46)
    _working_towards(pdf, plan)
    _support(pdf, plan, pupil)
    _views(pdf, plan, pupil)
    pdf.section("What happens next")
    meeting = (
        f"The review of this plan was due on {long_date(plan.review_date)}, and we will be in "
        f"touch soon to arrange a time to meet. We will talk about how {pupil} has got on"
        if overdue
        else f"We will meet with you by {long_date(plan.review_date)} to talk about how {pupil} "
        "has got on"
    )
    pdf.paragraph(
        f"{meeting}, and to agree the next steps together. If anything changes before we meet, at "
        f"home or at school, please get in touch with us at {clean(school_name).strip()}: we "
        "would be glad to hear from you."
    )
    return pdf.to_bytes()


def _working_towards(pdf: HouseDocument, plan: ParentPlan) -> None:
    pdf.section("What we are working towards")
    for number, (outcome, by_when) in enumerate(plan.outcomes, start=1):
        when = f" (by {long_date(by_when)})" if by_when else ""
        pdf.paragraph(f"{number:d}. {clean(outcome).strip()}{when}")


def _support(pdf: HouseDocument, plan: ParentPlan, pupil: str) -> None:
    pdf.section("Who does what, and how often")
    if not plan.support:
        pdf.empty(f"We will talk with you about the support {pupil} will have.")
        return
    for number in [*range(1, len(plan.outcomes) + 1), None]:
        found = [s for s in plan.support if s.outcome == number]
        if not found:
            continue
        pdf.subheading(f"Towards {number:d}" if number else "Across the whole plan")
        for item in found:
            pdf.paragraph(f"• {_support_line(item)}")


def _views(pdf: HouseDocument, plan: ParentPlan, pupil: str) -> None:
    for heading, views in (
        ("What you told us", plan.parent_views),
        (f"What {pupil} told us", plan.pupil_views),
    ):
        text = clean(views).strip()
        if text:
            pdf.section(heading)
            pdf.paragraph(text if text[:1] in "“\"'‘" else f"“{text}”")
