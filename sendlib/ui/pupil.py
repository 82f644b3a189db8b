"""The pupil profile's widgets: the add/edit form, the record's tabs, and status and archive
forms. Shared by the register (adding a pupil) and the profile page."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from sendlib import db, ui
from sendlib.pupils import census, register
from sendlib.ui import confirm
from sendlib.users import User

# What a teacher needs to know about a pupil, in the order the profile and its form show it.
ABOUT_FIELDS = {
    "strengths": "Strengths",
    "what_helps": "What helps",
    "triggers": "Triggers and what to avoid",
    "adjustments": "Reasonable adjustments",
    "history": "Relevant history (e.g. premature, summer-born)",
}


def _choice(options: list, value: object) -> int | None:
    return options.index(value) if value in options else None


def pupil_form(
    prefix: str, initial: dict | None = None, include_status: bool = False, restricted: bool = False
) -> dict | None:
    """The add/edit pupil form; returns what was typed when submitted, else None.

    The form is not cleared on submit, so after an error what was typed is still there.
    """

    initial = initial or {}
    with st.form(prefix, clear_on_submit=False):
        values = _detail_fields(prefix, initial)
        values.update(_register_fields(prefix, initial, include_status))
        for field, label in ABOUT_FIELDS.items():
            values[field] = st.text_area(label, initial.get(field) or "", key=f"{prefix}_{field}")
        if restricted:
            values["restricted_notes"] = st.text_area(
                "Restricted notes (SENCo only)",
                initial.get("restricted_notes") or "",
                key=f"{prefix}_restricted",
            )
        submitted = st.form_submit_button("Save", type="primary")
    return values if submitted else None


def _detail_fields(prefix: str, initial: dict) -> dict:
    """The pupil's details: UPN, names, date of birth, year group, class, gender, first
    language, EAL and looked after."""
    years = list(range(-1, 14))
    left, middle, right = st.columns(3)
    values = {
        "upn": left.text_input("UPN", initial.get("upn", ""), key=f"{prefix}_upn"),
        "legal_forename": middle.text_input(
            "Legal forename", initial.get("legal_forename", ""), key=f"{prefix}_forename"
        ),
        "legal_surname": right.text_input(
            "Legal surname", initial.get("legal_surname", ""), key=f"{prefix}_surname"
        ),
        "known_as": left.text_input(
            "Known as (if different)", initial.get("known_as") or "", key=f"{prefix}_known_as"
        ),
        "date_of_birth": middle.date_input(
            "Date of birth",
            initial.get("date_of_birth"),
            min_value=date(1995, 1, 1),
            max_value=ui.today(),
            format="DD/MM/YYYY",
            key=f"{prefix}_dob",
        ),
        "year_group": right.selectbox(
            "Year group",
            years,
            index=_choice(years, initial.get("year_group")),
            format_func=census.year_label,
            key=f"{prefix}_year",
        ),
        "class_name": left.text_input(
            "Class", initial.get("class_name", ""), key=f"{prefix}_class"
        ),
        "gender": middle.text_input("Gender", initial.get("gender") or "", key=f"{prefix}_gender"),
        "first_language": right.text_input(
            "First language", initial.get("first_language") or "English", key=f"{prefix}_lang"
        ),
    }
    values["eal"] = left.checkbox(
        "English as an additional language", bool(initial.get("eal")), key=f"{prefix}_eal"
    )
    values["looked_after"] = middle.checkbox(
        "Looked after", bool(initial.get("looked_after")), key=f"{prefix}_lac"
    )
    return values


def _register_fields(prefix: str, initial: dict, include_status: bool) -> dict:
    """The SEN status (when asked for) and the primary and secondary needs."""
    needs = [None, *census.NEEDS]
    values = {}
    left, middle, right = st.columns(3)
    if include_status:
        statuses = [None, *census.STATUSES]
        values["status"] = left.selectbox(
            "SEN status",
            statuses,
            index=_choice(statuses, initial.get("status")),
            format_func=census.status_label,
            key=f"{prefix}_status",
        )
    for column, rank, label in (
        (middle, "primary", "Primary need"),
        (right, "secondary", "Secondary need"),
    ):
        values[f"{rank}_need"] = column.selectbox(
            label,
            needs,
            index=_choice(needs, initial.get(f"{rank}_need")),
            format_func=lambda c: census.need_label(c) or "None",
            key=f"{prefix}_{rank}",
        )
    return values


def pupil_about(record) -> None:
    """The About tab of a profile: needs, EHC plan dates, and what helps."""

    pupil = record.pupil
    left, right = st.columns(2)
    with left:
        st.markdown("**Needs**")
        st.text(
            "\n".join(
                f"{rank}: {census.need_label(code)}"
                + (f" — {area}" if (area := census.broad_area(code)) != census.NEEDS[code] else "")
                for rank, code in (
                    ("Primary", record.primary_need),
                    ("Secondary", record.secondary_need),
                )
                if code
            )
            or "No need recorded"
        )
        ui.labelled("Date of birth", f"{pupil.date_of_birth:%d/%m/%Y}")
        ui.labelled("Legal name", pupil.legal_name)
        ui.labelled(
            "First language",
            pupil.first_language + (" (English as an additional language)" if pupil.eal else ""),
        )
        if pupil.looked_after:
            st.markdown("**Looked after**")
    with right:
        if record.ehc_plan:
            plan = record.ehc_plan
            st.markdown("**EHC plan**")
            st.text(
                f"Issued {plan.issue_date:%d/%m/%Y}\n"
                f"Last annual review: {_date(plan.last_review)}\n"
                f"Next annual review: {_date(plan.next_review)}\n"
                f"Local authority: {plan.local_authority or 'not recorded'}\n"
                f"Caseworker: {plan.la_caseworker or 'not recorded'}"
                + (f" ({plan.caseworker_reach})" if plan.caseworker_reach else "")
            )
        for field, label in ABOUT_FIELDS.items():
            ui.labelled(label, getattr(pupil, field))
    if pupil.restricted_notes is not None:
        with st.container(border=True):
            ui.labelled("Restricted notes (SENCo only)", pupil.restricted_notes)


# The profile's open tab, kept across clicks (and from one pupil to the next).
TAB_KEY = "pupil_tab"


def _date(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "not recorded"


def pupil_status_history(history: list) -> None:
    """Every SEN status period, newest first."""
    if not history:
        st.info("Never on the register.")
        return
    rows = [
        {
            "Status": p.label,
            "From": p.start_date,
            # The open period has no end: "current" says so where a blank would puzzle.
            "To": f"{p.end_date:%d/%m/%Y}" if p.end_date else "current",
            "Reason": p.reason or "",
        }
        for p in history
    ]
    ui.table(pd.DataFrame(rows), "pupil_status_history")


def status_change_form(cur: db.Cursor, user: User, pupil_id: int, current: str | None) -> None:
    """Close the current SEN status and open a new one, dated, with a reason."""

    st.markdown("**Change SEN status**")
    choices = [None, *census.STATUSES]
    with st.form(f"status_change_{pupil_id}", clear_on_submit=False):
        left, middle = st.columns(2)
        # Starts at the status the pupil has now: a slip of the mouse changes nothing.
        new_status = left.selectbox(
            "New status",
            choices,
            index=choices.index(current),
            format_func=census.status_label,
            key=f"status_new_{pupil_id}",
        )
        from_date = middle.date_input(
            "From",
            ui.today(),
            max_value=ui.today(),
            format="DD/MM/YYYY",
            key=f"status_from_{pupil_id}",
        )
        reason = st.text_input("Reason", key=f"status_reason_{pupil_id}")
        if st.form_submit_button("Change status"):
            with ui.reporting_errors():
                register.change_status(
                    cur, user, pupil_id, new_status, from_date, reason, ui.today()
                )
                ui.flash(f"Status changed to {census.status_label(new_status)}.")


def archive_form(cur: db.Cursor, user: User, pupil_id: int, name: str) -> None:
    """Mark a pupil as left: their record is kept, never deleted."""

    with st.expander("This pupil has left the school"), st.form(f"archive_{pupil_id}"):
        left_on = st.date_input(
            "Date left",
            ui.today(),
            max_value=ui.today(),
            format="DD/MM/YYYY",
            key=f"archive_date_{pupil_id}",
        )
        asked = st.form_submit_button("Archive as a leaver")
    since = f" from {left_on:%d/%m/%Y}" if left_on else ""
    question = (
        f"Archive {ui.md_escape(name)} as a leaver{since}? They come off the register and their "
        "record can no longer be changed; it is kept, not deleted."
    )
    if confirm.confirmed(f"archive_{pupil_id}", asked, question, "Yes, archive"):
        with ui.reporting_errors():
            register.archive_pupil(cur, user, pupil_id, left_on, ui.today())
            st.rerun()
