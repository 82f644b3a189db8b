"""School settings' widgets for the logo, the transition-pack start date and the weekly
parent-surgery sessions. The rules live in sendlib.school, transition_tracker and surgeries."""

from __future__ import annotations

from datetime import time

import streamlit as st

from sendlib import documents, school, surgeries, transition_tracker, ui
from sendlib.ui import surgery as surgery_ui


def logo_form(cur, user) -> None:
    """The school's logo, printed on transition packs."""
    with st.expander("The school's logo, printed on transition packs"):
        logo = documents.school_logo(cur)
        if logo:
            st.image(logo, width=120)
        upload = st.file_uploader(
            "PNG or JPEG, up to 1 MB", type=["png", "jpg", "jpeg"], key="logo"
        )
        save_col, remove_col, _ = st.columns([1, 1, 3])
        if upload is not None and save_col.button("Use this logo", key="logo_save"):
            with ui.reporting_errors():
                school.save_logo(cur, user, upload.getvalue(), upload.name)
                ui.flash("Logo saved: it prints on transition packs.")
        if logo and remove_col.button("Remove the logo", key="logo_remove"):
            with ui.reporting_errors():
                school.remove_logo(cur, user)
                ui.flash("Logo removed.")


def transition_start_form(cur, user) -> None:
    """By when this year's transition packs should be started."""
    with st.form("settings_transition"):
        start_by = st.date_input(
            "Start this year's transition packs by",
            transition_tracker.warn_by(cur, ui.today()),
            format="DD/MM/YYYY",
            help="The tracker warns of packs not started by then. By default, the February half term.",
            key="settings_start_by",
        )
        if st.form_submit_button("Save"):
            with ui.reporting_errors():
                transition_tracker.set_start_by(cur, user, start_by, ui.today())
                ui.flash(f"Transition packs should be started by {start_by:%d/%m/%Y}.")


def surgery_pattern_form(cur, user) -> None:
    """Add, change or stop a weekly surgery session; future slots follow at once."""
    st.subheader("Parent surgeries")
    st.caption(
        "The weekly sessions you protect for meeting parents. Slots are made for this term and next, "
        "skipping holidays and closures; a session someone has booked is never changed or removed."
    )
    patterns = surgeries.list_patterns(cur)
    st.markdown(
        "\n".join(f"- {ui.md_escape(p.label)}" for p in patterns)
        if patterns
        else "No weekly sessions yet: add the first below."
    )
    chosen = st.selectbox(
        "Weekly session",
        [None, *patterns],
        format_func=lambda p: "Add a new weekly session" if p is None else p.label,
        key="settings_pattern",
    )
    base = chosen or surgeries.Pattern(None, 1, time(13, 30), time(15, 10), 5, 20, "", None)
    with st.form(f"settings_pattern_{base.pattern_id}"):
        day, values = surgery_ui.session_fields("pattern", base)
        values["weekday"] = day.selectbox(
            "Day",
            range(len(surgeries.WEEKDAYS)),
            index=base.weekday,
            format_func=surgeries.WEEKDAYS.__getitem__,
            key="pattern_day",
        )
        save, stop = st.columns(2)
        if save.form_submit_button("Save the weekly session", type="primary"):
            with ui.reporting_errors():
                surgeries.save_pattern(cur, user, values, ui.today(), base.pattern_id)
                ui.flash("Saved. Surgery slots for this term and next follow it.")
        if chosen and stop.form_submit_button("Stop this weekly session"):
            with ui.reporting_errors():
                removed = surgeries.retire_pattern(cur, user, chosen.pattern_id, ui.today())
                ui.flash(f"Stopped. {removed} future sessions nobody had booked were removed.")
