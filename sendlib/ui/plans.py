"""The profile's Plans tab: the current APDR cycle and the past ones; and, for whoever may edit
the pupil, starting a plan (the next cycle carried forward from the last), correcting the one
that runs, and reviewing it with a rating for every outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from sendlib import access, db, ui
from sendlib.pupils import apdr
from sendlib.pupils.plans import RATINGS, Plan
from sendlib.reporting import printing
from sendlib.ui import mail as mail_ui
from sendlib.ui import messages
from sendlib.users import User

MORE_ROWS = 2  # rows "More rows" adds to the plan form


def _when(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _plan_tables(plan: Plan) -> None:
    outcomes = [
        {
            "No.": o.position,
            "Outcome": o.outcome,
            "By when": _when(o.by_when),
            "Review": o.rating_label if o.rating is not None else "Not yet reviewed",
        }
        for o in plan.outcomes
    ]
    ui.table(pd.DataFrame(outcomes), f"pupil_outcomes_{plan.plan_id}")
    provision = [
        {
            "For outcome": p.outcome_position or "",
            "Provision": p.description,
            "How often": p.frequency or "",
            "How long": p.duration or "",
            "By whom": p.delivered_by or "",
            "Where": p.location or "",
        }
        for p in plan.provision
    ]
    if provision:
        ui.table(pd.DataFrame(provision), f"pupil_provision_{plan.plan_id}")
    else:
        st.caption("No provision recorded in this plan.")


def show_plans(plans: list[Plan], today: date) -> None:
    """The current APDR plan first, then past cycles with their reviews."""
    if not plans:
        st.info("No plan recorded yet.")
        return
    for plan in plans:
        title = (
            f"{'Current plan' if plan.is_current else 'Past plan'}: "
            f"{plan.start_date:%d/%m/%Y} to review {plan.review_date:%d/%m/%Y}"
        )
        if plan.review_overdue(today):
            title += " — review overdue"
        with st.expander(title, expanded=plan.is_current):
            _plan_tables(plan)
            ui.labelled("Parents' views", plan.parent_views)
            ui.labelled("Pupil's views", plan.pupil_views)
            agreed = None
            if plan.agreed_with_parents:
                agreed = f"{plan.agreed_with_parents:%d/%m/%Y} with {plan.agreed_with}"
            ui.labelled("Agreed with parents", agreed, empty="Not yet agreed")
            if not plan.is_current:
                ui.labelled("Reviewed on", _when(plan.reviewed_on))
                ui.labelled("What worked", plan.evaluation)
                ui.labelled("What next", plan.what_next)
                ui.labelled("Parents' views at the review", plan.review_parent_views)
                ui.labelled("Pupil's views at the review", plan.review_pupil_views)


def _plan_text(plan: Plan) -> str:
    """Every text of a plan a parent reads, for the wording advice."""
    parts = [o.outcome for o in plan.outcomes]
    parts += [p.description for p in plan.provision]
    parts += [plan.parent_views or "", plan.pupil_views or ""]
    return "\n".join(part for part in parts if part)


def _rows(start: dict, key: str, least: int, most: int, extra: int) -> int:
    return min(most, max(least, len(start.get(key) or []) + 1) + extra)


def plan_form(key: Callable[[str], str], start: dict, button: str, extra: int) -> dict | None:
    """The fields of a plan, filled from `start`; their values once sent."""
    outcomes = start.get("outcomes") or []
    provision = start.get("provision") or []
    n_out = _rows(start, "outcomes", 3, apdr.MAX_OUTCOMES, extra)
    n_prov = _rows(start, "provision", 4, apdr.MAX_PROVISION, extra)
    with st.form(key("form")):
        left, right = st.columns(2)
        values: dict = {
            "start_date": left.date_input(
                "Starts", start.get("start_date"), format="DD/MM/YYYY", key=key("start")
            ),
            "review_date": right.date_input(
                "Review date", start.get("review_date"), format="DD/MM/YYYY", key=key("review")
            ),
        }
        st.markdown("**Outcomes**: what the pupil will achieve, and by when")
        values["outcomes"] = []
        for i in range(n_out):
            was = outcomes[i] if i < len(outcomes) else {}
            left, right = st.columns([4, 1])
            values["outcomes"].append(
                {
                    "outcome": left.text_input(
                        f"Outcome {i + 1}", was.get("outcome") or "", key=key(f"out_{i}")
                    ),
                    "by_when": right.date_input(
                        "By when", was.get("by_when"), format="DD/MM/YYYY", key=key(f"by_{i}")
                    ),
                }
            )
        st.markdown("**Provision**: what, how often, how long, by whom and where")
        values["provision"] = []
        numbers = [None, *range(1, n_out + 1)]
        for i in range(n_prov):
            was = provision[i] if i < len(provision) else {}
            serves, what, often, long_, who, where = st.columns([1.3, 3, 1.4, 1.2, 1.6, 1.4])
            values["provision"].append(
                {
                    "outcome_position": serves.selectbox(
                        "For outcome",
                        numbers,
                        index=numbers.index(was.get("outcome_position"))
                        if was.get("outcome_position") in numbers
                        else 0,
                        format_func=lambda n: "—" if n is None else f"{n:d}",
                        key=key(f"prov_{i}_for"),
                    ),
                    "description": what.text_input(
                        f"Provision {i + 1}",
                        was.get("description") or "",
                        key=key(f"prov_{i}_what"),
                    ),
                    "frequency": often.text_input(
                        "How often", was.get("frequency") or "", key=key(f"prov_{i}_often")
                    ),
                    "duration": long_.text_input(
                        "How long", was.get("duration") or "", key=key(f"prov_{i}_long")
                    ),
                    "delivered_by": who.text_input(
                        "By whom", was.get("delivered_by") or "", key=key(f"prov_{i}_who")
                    ),
                    "location": where.text_input(
                        "Where", was.get("location") or "", key=key(f"prov_{i}_where")
                    ),
                }
            )
        values["parent_views"] = st.text_area(
            "Parents' views, in their words", start.get("parent_views") or "", key=key("pviews")
        )
        values["pupil_views"] = st.text_area(
            "Pupil's views, in their words", start.get("pupil_views") or "", key=key("cviews")
        )
        left, right = st.columns([1, 2])
        values["agreed_with_parents"] = left.date_input(
            "Agreed with parents on",
            start.get("agreed_with_parents"),
            max_value=ui.today(),
            format="DD/MM/YYYY",
            key=key("agreed"),
        )
        values["agreed_with"] = right.text_input(
            "Agreed with",
            start.get("agreed_with") or "",
            placeholder="for example Mrs Khan (mother)",
            key=key("agreed_with"),
        )
        sent = st.form_submit_button(button, type="primary")
    return values if sent else None


def _more_rows(form: str) -> int:
    """A button beside the plan form that gives it more empty rows; the rows added so far."""
    extra_key = f"{form}_extra"
    if st.button("More rows", key=f"{form}_more"):
        st.session_state[extra_key] = st.session_state.get(extra_key, 0) + MORE_ROWS
    return st.session_state.get(extra_key, 0)


def _start(cur: db.Cursor, user: User, pupil_id: int, last: Plan | None) -> None:
    form = f"plan_start_{pupil_id}"
    title = "Start the next cycle" if last else "Start a plan"
    with st.expander(title, expanded=last is not None):
        if last:
            st.caption(
                "The last cycle's outcomes and provision are carried forward: change them as "
                "you agree with the parents. The last cycle stays as it was."
            )
        start = apdr.next_cycle(last, ui.today()) if last else {"start_date": ui.today()}
        extra = _more_rows(form)
        values = plan_form(ui.form_keys(form), start, "Start the plan", extra)
        if values is not None:
            with ui.reporting_errors():
                apdr.start_plan(cur, user, pupil_id, values, ui.today())
                st.session_state.pop(f"{form}_extra", None)
                ui.flash("Plan started.", new_form=form, where="plans")


def _change(cur: db.Cursor, user: User, plan: Plan) -> None:
    form = f"plan_{plan.plan_id}"
    with st.expander("Change this plan"):
        start = apdr.plan_values(plan)
        extra = _more_rows(form)
        values = plan_form(lambda name: f"{form}_{name}", start, "Save changes", extra)
        if values is not None:
            with ui.reporting_errors():
                apdr.change_plan(cur, user, plan.plan_id, values, ui.today())
                ui.flash("Plan saved.", where="plans")


def _review(cur: db.Cursor, user: User, plan: Plan) -> None:
    pid = plan.plan_id
    with st.expander("Review this plan"), st.form(f"plan_review_{pid}"):
        reviewed = st.date_input(
            "Reviewed on", ui.today(), max_value=ui.today(), format="DD/MM/YYYY",
            key=f"plan_review_{pid}_on",
        )  # fmt: skip
        ratings = {}
        for outcome in plan.outcomes:
            ratings[outcome.outcome_id] = st.selectbox(
                f"Outcome {outcome.position:d}: {ui.md_escape(outcome.outcome)}",
                list(RATINGS),
                index=None,
                format_func=lambda r: f"{r:+d} {RATINGS[r]}" if r else f"0 {RATINGS[r]}",
                placeholder="How did it go?",
                key=f"plan_review_{pid}_rate_{outcome.outcome_id}",
            )
        texts = {
            key: st.text_area(label, key=f"plan_review_{pid}_{key}")
            for key, label in (
                ("evaluation", "What worked"),
                ("what_next", "What next"),
                ("review_parent_views", "Parents' views at the review, in their words"),
                ("review_pupil_views", "Pupil's views at the review, in their words"),
            )
        }
        sent = st.form_submit_button("Save the review", type="primary")
    if sent:
        with ui.reporting_errors():
            values = {"reviewed_on": reviewed, "ratings": ratings, **texts}
            apdr.review_plan(cur, user, pid, values, ui.today())
            ui.flash(
                "Review saved. Start the next cycle below when you have agreed it with the "
                "parents.",
                where="plans",
            )


def plans_tab(cur: db.Cursor, user: User, record, editable: bool) -> None:
    """The tab: the flash of what was just saved, the plans, and the forms to write them."""
    messages.show_flash("plans")
    show_plans(record.plans, ui.today())
    if not editable:
        return
    current = next((p for p in record.plans if p.is_current), None)
    if current is None:
        _start(cur, user, record.pupil.pupil_id, record.plans[0] if record.plans else None)
        return
    if access.can(user, "pupil", "print"):
        ui.download(
            "Plan for parents (PDF)",
            cur,
            lambda c: printing.print_parent_plan(c, user, current.plan_id, ui.today()),
            f"plan-{record.pupil.upn}.pdf",
            "application/pdf",
            f"plan_print_{current.plan_id}",
        )
    mail_ui.email_plan(cur, user, current.plan_id, f"plan_email_{current.plan_id}")
    address = record.contacts[0].addressed_as if record.contacts else None
    ui.language_advice(_plan_text(current), address)
    _change(cur, user, current)
    _review(cur, user, current)
