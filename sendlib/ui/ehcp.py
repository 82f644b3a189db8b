"""The profile's EHC plan tab: the plan's details, each annual review and needs assessment with
its statutory steps (on the ledger, late ones flagged); and, for whoever may edit the pupil,
recording the plan, planning the next annual review, recording it held, marking a step done,
and recording a request for a needs assessment."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sendlib import access, db, ui
from sendlib.pupils import ehcp
from sendlib.pupils.plans import EHCPlan
from sendlib.timeline import ledger
from sendlib.ui import messages
from sendlib.users import User


def _when(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _steps_table(found: list[ehcp.Step], key: str) -> None:
    today = ui.today()
    rows = [
        {
            "Step": s.description,
            "Who": s.owner_name,
            "Due": s.due_date,
            "Done": _when(s.done_date) or ("late" if s.late(today) else "not yet"),
        }
        for s in found
    ]
    ui.table(pd.DataFrame(rows), key)


def _details(plan: EHCPlan | None) -> None:
    if plan is None:
        st.info("No EHC plan recorded.")
        return
    ui.labelled("Local authority", plan.local_authority)
    ui.labelled(
        "Caseworker",
        ", ".join(x for x in (plan.la_caseworker, plan.caseworker_reach) if x) or None,
    )
    ui.labelled("Final plan issued", _when(plan.issue_date))
    ui.labelled("Last annual review", _when(plan.last_review) or None)
    ui.labelled("Next annual review", _when(plan.next_review) or None)


def _plan_form(cur: db.Cursor, user: User, pupil_id: int, plan: EHCPlan | None) -> None:
    start = plan.__dict__ if plan else {}
    key = f"ehcp_{pupil_id}"
    with st.expander("Change the EHC plan's details" if plan else "Record an EHC plan"):
        with st.form(f"{key}_form"):
            left, right = st.columns(2)
            values = {
                "local_authority": left.text_input(
                    "Local authority", start.get("local_authority") or "", key=f"{key}_la"
                ),
                "la_caseworker": right.text_input(
                    "Caseworker", start.get("la_caseworker") or "", key=f"{key}_who"
                ),
            }
            values["caseworker_phone"] = left.text_input(
                "Caseworker's phone", start.get("caseworker_phone") or "", key=f"{key}_phone"
            )
            values["caseworker_email"] = right.text_input(
                "Caseworker's email", start.get("caseworker_email") or "", key=f"{key}_email"
            )
            first, second, third = st.columns(3)
            for column, field, label in (
                (first, "issue_date", "Final plan issued"),
                (second, "last_review", "Last annual review"),
                (third, "next_review", "Next annual review"),
            ):
                values[field] = column.date_input(
                    label, start.get(field), format="DD/MM/YYYY", key=f"{key}_{field}"
                )
            sent = st.form_submit_button("Save the EHC plan", type="primary")
        if sent:
            with ui.reporting_errors():
                ehcp.save_ehc_plan(cur, user, pupil_id, values, ui.today())
                ui.flash("EHC plan saved.", where="ehcp")


def _reviews(cur: db.Cursor, user: User, pupil_id: int, editable: bool, found: dict) -> None:
    reviews = ehcp.list_reviews(cur, pupil_id)
    for review in reviews:
        state = "held" if review.held else "planned"
        st.markdown(f"**Annual review meeting, {review.meeting_date:%d/%m/%Y}** ({state})")
        _steps_table(
            found.get(f"EHC review {review.review_id}", []), f"ehcp_review_{review.review_id}"
        )
        may_close = editable and not review.held and review.meeting_date <= ui.today()
        if may_close and st.button("The meeting was held", key=f"ehcp_held_{review.review_id}"):
            with ui.reporting_errors():
                ehcp.review_held(cur, user, review.review_id, ui.today())
                ui.flash("Recorded as held; the next review is due within a year.", where="ehcp")
    if editable and not any(not r.held for r in reviews):
        with st.form(f"ehcp_review_{pupil_id}"):
            meeting = st.date_input(
                "Next annual review meeting", None, format="DD/MM/YYYY",
                key=f"ehcp_review_{pupil_id}_on",
            )  # fmt: skip
            sent = st.form_submit_button("Plan the annual review")
        if sent:
            with ui.reporting_errors():
                ehcp.plan_annual_review(cur, user, pupil_id, meeting, ui.today())
                ui.flash(
                    "Annual review planned; its steps are on the promise ledger.", where="ehcp"
                )


def _requests(cur: db.Cursor, user: User, pupil_id: int, editable: bool, found: dict) -> None:
    for request in ehcp.list_requests(cur, pupil_id):
        st.markdown(
            f"**Needs assessment requested {request.requested_on:%d/%m/%Y}** "
            f"by the {ui.md_escape(request.requested_by)}"
        )
        _steps_table(
            found.get(f"EHC request {request.request_id}", []), f"ehcp_request_{request.request_id}"
        )
    if not editable:
        return
    with (
        st.expander("Record a request for an EHC needs assessment"),
        st.form(f"ehcp_ask_{pupil_id}"),
    ):
        left, right = st.columns(2)
        asked = left.date_input(
            "Requested on", ui.today(), max_value=ui.today(), format="DD/MM/YYYY",
            key=f"ehcp_ask_{pupil_id}_on",
        )  # fmt: skip
        by = right.radio(
            "Requested by", ehcp.REQUESTED_BY, horizontal=True, key=f"ehcp_ask_{pupil_id}_by"
        )
        sent = st.form_submit_button("Record the request")
    if sent:
        with ui.reporting_errors():
            ehcp.request_assessment(cur, user, pupil_id, asked, by, ui.today())
            ui.flash(
                "Request recorded; the local authority's clocks are on the ledger.", where="ehcp"
            )


def _mark_done(cur: db.Cursor, user: User, found: dict) -> None:
    """A step done, marked here as on the ledger."""
    open_steps = [s for group in found.values() for s in group if s.done_date is None]
    if not open_steps or not access.can(user, "ledger", "edit"):
        return
    with st.form("ehcp_done"):
        chosen = st.selectbox(
            "A step done",
            [s.action_id for s in open_steps],
            format_func={
                s.action_id: f"{s.description} (due {s.due_date:%d/%m/%Y})" for s in open_steps
            }.get,
            key="ehcp_done_step",
        )
        on = st.date_input(
            "Done on", ui.today(), max_value=ui.today(), format="DD/MM/YYYY", key="ehcp_done_on"
        )
        sent = st.form_submit_button("Mark done")
    if sent:
        with ui.reporting_errors():
            ledger.mark_done(cur, user, chosen, on, ui.today())
            ui.flash("Step marked done.", where="ehcp")


def ehcp_tab(cur: db.Cursor, user: User, record, editable: bool) -> None:
    """The tab: the flash of what was just saved, the plan, its reviews and requests, and the
    forms to keep them."""
    messages.show_flash("ehcp")
    pupil_id = record.pupil.pupil_id
    _details(record.ehc_plan)
    found = ehcp.steps(cur, pupil_id)
    if record.ehc_plan is not None:
        _reviews(cur, user, pupil_id, editable, found)
    _requests(cur, user, pupil_id, editable and record.ehc_plan is None, found)
    if editable:
        _mark_done(cur, user, found)
        _plan_form(cur, user, pupil_id, record.ehc_plan)
