"""School settings: name, reply target, term dates, surgery sessions and backups."""

import pandas as pd
import streamlit as st

from sendlib import ui
from sendlib.school import calendar, changes, settings
from sendlib.school import year as school_year
from sendlib.school.term_dates import Term
from sendlib.ui import mail as mail_ui
from sendlib.ui import settings as settings_ui

user, cur = ui.guard("settings")
st.title("School settings")

saved_name, saved_days = settings.get_settings(cur, user)
with st.form("settings_school"):
    left, right = st.columns([3, 1])
    name = left.text_input("School name", saved_name, key="settings_name")
    low, high = settings.REPLY_TARGET_RANGE
    days = right.number_input(
        "Reply to families within (school days)", low, high, saved_days, key="settings_reply_days"
    )
    if st.form_submit_button("Save", type="primary"):
        with ui.reporting_errors():
            changed = settings.save_settings(cur, user, name, int(days))
            ui.flash(
                "Saved: " + ui.md_escape("; ".join(changed)) + "."
                if changed
                else "Nothing had changed."
            )

settings_ui.logo_form(cur, user)
settings_ui.transition_start_form(cur, user)
settings_ui.sign_in_form(cur, user)
settings_ui.school_accounts_form(cur, user)

st.subheader("Term dates")
st.caption(
    "Replies are counted in school days: weekends, holidays and closures do not count. "
    "Until you save a year, it uses the usual English pattern."
)
this_year = school_year.academic_year_start(ui.today())
year = st.selectbox(
    "School year",
    [this_year - 1, this_year, this_year + 1],
    index=1,
    format_func=school_year.academic_year_label,
    key="settings_year",
)
terms = {t.name: t for t in calendar.list_terms(cur, year)}
with st.form(f"settings_terms_{year}"):
    chosen = []
    for name_of_term in calendar.TERM_NAMES:
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
            changes.set_terms(cur, user, year, chosen, ui.today())
            ui.flash(f"Saved the term dates for {school_year.academic_year_label(year)}.")

settings_ui.term_file_form(cur, user)

st.subheader("Half terms, INSET days and closures")
first, last = terms["autumn"].starts, terms["summer"].ends
closures = calendar.list_closures(cur, first, last)
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
            changes.add_closure(cur, user, starts, ends, reason, ui.today())
            ui.flash(f"Added: {ui.md_escape(reason)}.")
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
                changes.remove_closure(cur, user, closure, ui.today())
                ui.flash("Removed the closure.")

settings_ui.surgery_pattern_form(cur, user)
mail_ui.mail_server_form(cur, user)
settings_ui.backups_section(cur, user)
