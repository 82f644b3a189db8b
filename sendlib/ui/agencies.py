"""The profile's Agencies tab: the outside services involved with the pupil and where each
referral stands; and, for whoever may edit the pupil, adding one and updating one (a new status
goes on the pupil's timeline)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from sendlib import db, ui
from sendlib.pupils import agencies, referrals
from sendlib.pupils.agencies import Agency
from sendlib.timeline import entries
from sendlib.ui import messages
from sendlib.users import User


def show_agencies(found: list[Agency]) -> None:
    """The agencies, those still involved first."""
    if not found:
        st.info("No outside agencies recorded.")
        return
    rows = [
        {
            "Service": a.service_name,
            "Named contact": a.reach,
            "Referred": a.referral_date,
            "Where it stands": a.status_words,
            "Last contact": a.last_contact,
            "Next step": a.next_step or "",
            "Report received": "Yes" if a.report_received else "No",
        }
        for a in found
    ]
    ui.table(pd.DataFrame(rows), "pupil_agencies")


def _dated(column, label: str, value: date | None, key: str):
    return column.date_input(label, value, max_value=ui.today(), format="DD/MM/YYYY", key=key)


def agency_form(
    key: Callable[[str], str], initial: Agency | None, button: str
) -> tuple[dict, str] | None:
    """The fields of an agency, filled from `initial`; their values and how the school heard
    of the change, once sent."""
    start = initial.__dict__ if initial else {}
    with st.form(key("form")):
        left, right = st.columns(2)
        services = list(agencies.SERVICES)
        service = start.get("service")
        if service and service not in services:
            services.append(service)
        values = {
            "service": left.selectbox(
                "Service",
                services,
                index=services.index(service) if service else None,
                format_func=agencies.service_name,
                accept_new_options=True,
                placeholder="Choose, or type another",
                key=key("service"),
            ),
        }
        statuses = agencies.AGENCY_STATUSES
        values["status"] = right.selectbox(
            "Where it stands",
            statuses,
            index=statuses.index(start.get("status", "referred")),
            format_func=lambda s: agencies.STATUS_WORDS[s].capitalize(),
            key=key("status"),
        )
        left, right = st.columns(2)
        values["practitioner"] = left.text_input(
            "Named contact", start.get("practitioner") or "", key=key("who")
        )
        values["team"] = right.text_input(
            "Team", start.get("team") or "", placeholder="for example Leeds SALT service",
            key=key("team"),
        )  # fmt: skip
        left, right = st.columns(2)
        values["phone"] = left.text_input("Phone", start.get("phone") or "", key=key("phone"))
        values["email"] = right.text_input("Email", start.get("email") or "", key=key("email"))
        left, middle, right = st.columns(3)
        values["referral_date"] = _dated(
            left, "Referred on", start.get("referral_date"), key("referred")
        )
        values["last_contact"] = _dated(
            middle, "Last contact", start.get("last_contact"), key("last")
        )
        values["report_received"] = right.checkbox(
            "Report received", start.get("report_received", False), key=key("report")
        )
        values["next_step"] = st.text_input(
            "Next step",
            start.get("next_step") or "",
            placeholder="for example EP to observe in class after half term",
            key=key("next"),
        )
        heard_by = st.selectbox(
            "How the school heard (for the timeline, when the status is new)",
            entries.CHANNELS,
            index=entries.CHANNELS.index("email"),
            key=key("heard"),
        )
        sent = st.form_submit_button(button, type="primary")
    return (values, heard_by) if sent else None


def _add(cur: db.Cursor, user: User, pupil_id: int) -> None:
    form = f"agency_add_{pupil_id}"
    with st.expander("Add an agency"):
        sent = agency_form(ui.form_keys(form), None, "Add")
        if sent is not None:
            values, heard_by = sent
            with ui.reporting_errors():
                referrals.save_agency(cur, user, pupil_id, values, ui.now(), heard_by=heard_by)
                name = agencies.service_name(values["service"] or "")
                ui.flash(
                    f"Added {ui.md_escape(name)}; it is on the timeline.",
                    new_form=form,
                    where="agencies",
                )


def _change(cur: db.Cursor, user: User, agency: Agency) -> None:
    aid = agency.agency_id
    with st.expander(f"Update {ui.md_escape(agency.service_name)}"):
        sent = agency_form(lambda name: f"agency_{aid}_{name}", agency, "Save changes")
        if sent is not None:
            values, heard_by = sent
            with ui.reporting_errors():
                referrals.save_agency(
                    cur, user, agency.pupil_id, values, ui.now(), agency_id=aid, heard_by=heard_by
                )
                moved = values["status"] != agency.status
                ui.flash(
                    f"Saved {ui.md_escape(agency.service_name)}"
                    + ("; the new status is on the timeline." if moved else "."),
                    where="agencies",
                )


def agencies_tab(cur: db.Cursor, user: User, record, editable: bool) -> None:
    """The tab: the flash of what was just saved, the agencies, and the forms to change them."""
    messages.show_flash("agencies")
    show_agencies(record.agencies)
    if not editable:
        return
    for agency in record.agencies:
        _change(cur, user, agency)
    _add(cur, user, record.pupil.pupil_id)
