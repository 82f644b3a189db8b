"""A transition pack's first text, prefilled section by section from what the school holds about
the pupil (strengths, needs, what works, the current APDR plan, the people involved), as the
user starting it may see it. Restricted notes go in only when the SENCo asks, at the end of
"What works for me" under RESTRICTED_MARK, where sendlib.transition.packs finds them again.
"""

from __future__ import annotations

from sendlib import db
from sendlib.access import can, require
from sendlib.errors import PermissionDenied
from sendlib.pupils import census
from sendlib.pupils.plans import Outcome, Plan
from sendlib.pupils.record import PupilProfile, get_profile
from sendlib.users import User

RESTRICTED_MARK = "Restricted (added by the SENCo):"
NO_PLAN = "No current APDR plan is recorded."


def _quote(text: str) -> str:
    """Words in the pupil's or parents' own words, in curly quotes (once)."""
    return "“" + text.strip().strip('“”"') + "”"


def _lines(*pairs: tuple[str, str | None]) -> str:
    return "\n".join(f"{label}: {text}" for label, text in pairs if text)


def _needs_text(profile: PupilProfile) -> str:
    words = census.status_label(profile.status) + "."
    primary, secondary = profile.primary_need, profile.secondary_need
    if primary:
        words += f" {census.need_label(primary)}"
        if secondary:
            second = census.need_label(secondary)
            second = second[0].lower() + second[1:] if second[1:2].islower() else second
            words += f"; also {second}"
        words += "."
    ehc = profile.ehc_plan
    if ehc:
        words += f"\nEHC plan issued {ehc.issue_date:%d/%m/%Y}"
        words += f"; next review due {ehc.next_review:%d/%m/%Y}." if ehc.next_review else "."
    return words


def _rating(outcome: Outcome) -> str:
    if outcome.rating is None:
        return "not yet rated"
    sign = f"{outcome.rating:+d}" if outcome.rating else "0"
    return f"rating {sign} ({outcome.rating_label})"


def _plan_text(plan: Plan | None) -> str:
    if plan is None:
        return NO_PLAN
    lines = [f"APDR plan from {plan.start_date:%d/%m/%Y}."]
    if plan.outcomes:
        lines.append("Outcomes:")
    lines += [f"- {o.outcome} — {_rating(o)}" for o in plan.outcomes]
    if plan.provision:
        lines.append("Provision:")
    for p in plan.provision:
        lines.append("- " + ", ".join(x for x in (p.description, p.frequency, p.delivered_by) if x))
    lines.append(f"Review date: {plan.review_date:%d/%m/%Y}")
    return "\n".join(lines)


def _about_me(profile: PupilProfile, first: str) -> str:
    """The one-page profile as written (quoted when in the pupil's own words), else the
    strengths the school holds and the pupil's views on their plan."""
    about = profile.about_me
    if about is not None:
        shown = _quote if about.own_words else str
        sections = _lines(*((heading, shown(text)) for heading, text in about.sections()))
        return f"{sections}\n({about.credit(first)})"
    plan = profile.current_plan
    own_words = plan.pupil_views if plan and plan.pupil_views else None
    return _lines(
        ("Strengths", profile.pupil.strengths),
        (f"In {first}'s own words", _quote(own_words) if own_words else None),
    )


def _people_text(profile: PupilProfile) -> str:
    lines = []
    for a in profile.agencies:
        who = a.reach
        lines.append(f"- {a.service_name}{': ' + who if who else ''} ({a.status_words})")
    for c in profile.contacts:
        lines.append(f"- {c.addressed_as} ({c.relationship}): {c.how_to_reach()}")
    return "\n".join(lines)


def prefill(
    cur: db.Cursor, user: User, pupil_id: int, include_restricted: bool = False
) -> dict[str, str]:
    """Each section's text from the pupil's record as this user may see it.

    Restricted notes only when include_restricted and the user may (else PermissionDenied).
    """
    require(user, "transition", "view")
    if include_restricted and not can(user, "transition", "restricted"):
        raise PermissionDenied("Only the SENCo may put restricted notes into a transition pack.")
    profile = get_profile(cur, user, pupil_id)
    pupil, plan = profile.pupil, profile.current_plan
    first = pupil.known_as or pupil.legal_forename
    works = _lines(
        ("What helps", pupil.what_helps),
        ("Reasonable adjustments", pupil.adjustments),
        ("Triggers and what to avoid", pupil.triggers),
    )
    if include_restricted and pupil.restricted_notes:
        works = f"{works}\n\n{RESTRICTED_MARK}\n{pupil.restricted_notes}".strip()
    return {
        "about_me": _about_me(profile, first),
        "needs": _needs_text(profile),
        "what_works": works,
        "health_access": _lines(("Relevant history", pupil.history)),
        "current_plan": _plan_text(plan),
        "people": _people_text(profile),
        "parents_views": _quote(plan.parent_views) if plan and plan.parent_views else "",
        "transition_plan": "",
    }
