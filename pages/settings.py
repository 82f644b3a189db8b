"""School settings: the school's name, the reply target, the term dates replies count in, and the
weekly parent-surgery sessions."""

from datetime import time

import pandas as pd
import streamlit as st

from sendlib import (
    documents,
    school,
    schoolcalendar,
    schoolyear,
    surgeries,
    timeline,
    transition_tracker,
    ui,
)
from sendlib.schoolcalendar import Term

user, cur = ui.guard("settings")
st.title("School settings")

with st.form("settings_school"):
    left, right = st.columns([3, 1])
    name = left.text_input("School name", school.school_name(cur), key="settings_name")
    low, high = school.REPLY_TARGET_RANGE
    days = right.number_input(
        "Reply to families within (school days)",
        low,
        high,
        timeline.reply_target(cur),
        key="settings_reply_days",
    )
    if st.form_submit_button("Save", type="primary"):
        with ui.reporting_errors():
            changed = school.save_settings(cur, user, name, int(days))
            ui.flash("Saved: " + "; ".join(changed) + "." if changed else "Nothing had changed.")

with st.expander("The school's logo, printed on transition packs"):
    logo = documents.school_logo(cur)
    if logo:
        st.image(logo, width=120)
    upload = st.file_uploader("PNG or JPEG, up to 1 MB", type=["png", "jpg", "jpeg"], key="logo")
    save_col, remove_col, _ = st.columns([1, 1, 3])
    if upload is not None and save_col.button("Use this logo", key="logo_save"):
        with ui.reporting_errors():
            school.save_logo(cur, user, upload.getvalue(), upload.name)
            ui.flash("Logo saved: it prints on transition packs.")
    if logo and remove_col.button("Remove the logo", key="logo_remove"):
        with ui.reporting_errors():
            school.remove_logo(cur, user)
            ui.flash("Logo removed.")

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

st.subheader("Term dates")
st.caption(
    "Replies are counted in school days: weekends, holidays and closures do not count. "
    "Until you save a year, it uses the usual English pattern."
)
this_year = schoolyear.academic_year_start(ui.today())
year = st.selectbox(
    "School year",
    [this_year - 1, this_year, this_year + 1],
    index=1,
    format_func=schoolyear.academic_year_label,
    key="settings_year",
)
terms = {t.name: t for t in schoolcalendar.list_terms(cur, year)}
with st.form(f"settings_terms_{year}"):
    chosen = []
    for name_of_term in schoolcalendar.TERM_NAMES:
        left, right = st.columns(2)
        term = terms[name_of_term]
        chosen.append(
            Term(
                year,
                name_of_term,
                left.date_input(
                    f"{name_of_term.capitalize()} term starts",
                    term.starts,
                    format="DD/MM/YYYY",
                    key=f"settings_{year}_{name_of_term}_from",
                ),
                right.date_input(
                    f"{name_of_term.capitalize()} term ends",
                    term.ends,
                    format="DD/MM/YYYY",
                    key=f"settings_{year}_{name_of_term}_to",
                ),
            )
        )
    if st.form_submit_button("Save term dates"):
        with ui.reporting_errors():
            schoolcalendar.set_terms(cur, user, year, chosen)
            surgeries.refresh_sessions(cur, user, ui.today())
            ui.flash(f"Saved the term dates for {schoolyear.academic_year_label(year)}.")

st.subheader("Half terms, INSET days and closures")
first, last = terms["autumn"].starts, terms["summer"].ends
closures = schoolcalendar.list_closures(cur, first, last)
ui.table(
    pd.DataFrame(
        [{"From": c.starts, "To": c.ends, "Reason": c.reason} for c in closures],
        columns=["From", "To", "Reason"],
    ),
    f"settings_closures_{year}",
)
with st.form("settings_closure"):
    left, middle, right = st.columns([1, 1, 2])
    starts = left.date_input("From", None, format="DD/MM/YYYY", key="settings_closure_from")
    ends = middle.date_input(
        "To (if more than a day)", None, format="DD/MM/YYYY", key="settings_closure_to"
    )
    reason = right.text_input("Reason", placeholder="INSET day", key="settings_closure_reason")
    if st.form_submit_button("Add closure"):
        with ui.reporting_errors():
            schoolcalendar.add_closure(cur, user, starts, ends, reason)
            surgeries.refresh_sessions(cur, user, ui.today())
            ui.flash(f"Added: {reason}.")
stored = [c for c in closures if c.closure_id is not None]
if stored:
    with st.form("settings_reopen"):
        labels = {
            c.closure_id: f"{c.reason}, {c.starts:%d/%m/%Y} to {c.ends:%d/%m/%Y}" for c in stored
        }
        closure = st.selectbox(
            "Closure entered by mistake",
            list(labels),
            format_func=labels.get,
            key="settings_reopen_pick",
        )
        if st.form_submit_button("Remove it"):
            with ui.reporting_errors():
                schoolcalendar.remove_closure(cur, user, closure)
                surgeries.refresh_sessions(cur, user, ui.today())
                ui.flash("Removed the closure.")

st.subheader("Parent surgeries")
st.caption(
    "The weekly sessions you protect for meeting parents. Slots are made for this term and next, "
    "skipping holidays and closures; a session someone has booked is never changed or removed."
)
patterns = surgeries.list_patterns(cur)
chosen = st.selectbox(
    "Weekly session",
    [None, *patterns],
    format_func=lambda p: "Add a new weekly session" if p is None else p.label,
    key="settings_pattern",
)
base = chosen or surgeries.Pattern(None, 1, time(13, 30), time(15, 10), 5, 20, "", None)
with st.form(f"settings_pattern_{base.pattern_id}"):
    day, starts_col, ends_col = st.columns(3)
    length_col, count_col, place_col = st.columns(3)
    values = {
        "weekday": day.selectbox(
            "Day",
            range(len(surgeries.WEEKDAYS)),
            index=base.weekday,
            format_func=surgeries.WEEKDAYS.__getitem__,
            key="pattern_day",
        ),
        "starts": starts_col.time_input("Starts", base.starts, step=300, key="pattern_starts"),
        "ends": ends_col.time_input("Ends", base.ends, step=300, key="pattern_ends"),
        "slot_minutes": length_col.number_input(
            "Slot length (minutes)", 10, 120, base.slot_minutes, step=5, key="pattern_length"
        ),
        "slot_count": count_col.number_input(
            "Number of slots", 1, 24, base.slot_count, key="pattern_count"
        ),
        "place": place_col.text_input(
            "Place", base.place, placeholder="SENCo office", key="pattern_place"
        ),
        "remote_details": st.text_input(
            "Link or number for remote meetings", base.remote_details or "", key="pattern_remote"
        ),
    }
    save, stop = st.columns(2)
    if save.form_submit_button("Save the weekly session", type="primary"):
        with ui.reporting_errors():
            surgeries.save_pattern(cur, user, values, ui.today(), base.pattern_id)
            ui.flash("Saved. Surgery slots for this term and next follow it.")
    if chosen and stop.form_submit_button("Stop this weekly session"):
        with ui.reporting_errors():
            removed = surgeries.retire_pattern(cur, user, chosen.pattern_id, ui.today())
            ui.flash(f"Stopped. {removed} future sessions nobody had booked were removed.")
