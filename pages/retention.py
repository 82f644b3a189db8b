"""Leavers past retention: review and delete leavers past the school's retention period."""

import streamlit as st

from sendlib import ui
from sendlib.pupils import retention

user, cur = ui.guard("retention")
st.title("Leavers past retention")
years = retention.years_after_25(cur)
st.write(
    f"A leaver's SEN file is kept until they are 25, then {years:d} more years (the school's "
    "retention schedule). After that it is listed here for you to review and delete: the pupil "
    "and everything recorded about them. The audit log keeps that it happened, with the UPN."
)

with st.form("retention_setting"):
    low, high = retention.YEARS_RANGE
    chosen_years = st.number_input(
        "Years kept after the pupil turns 25", low, high, years, key="retention_years"
    )
    if st.form_submit_button("Save"):
        with ui.reporting_errors():
            retention.save_years_after_25(cur, user, int(chosen_years))
            ui.flash(f"Saved: SEN files are kept until age 25 plus {int(chosen_years)} years.")

leavers = retention.list_past_retention(cur, user, ui.today())
if not leavers:
    st.info("No leaver is past the retention period.")
    st.stop()

st.subheader(f"{len(leavers)} past retention")
ui.table(retention.leavers_table(leavers), "retention_list")
with st.form("retention_delete"):
    labels = {p.pupil_id: f"{p.name} ({p.upn}), left {p.date_left:%d/%m/%Y}" for p in leavers}
    pupil_id = st.selectbox(
        "Leaver to delete", list(labels), format_func=labels.get, key="retention_pupil"
    )
    reason = st.text_input("Reason", placeholder="Annual retention review", key="retention_reason")
    confirmed = st.checkbox(
        "I have reviewed this record; deleting it cannot be undone", key="retention_confirm"
    )
    if st.form_submit_button("Delete this pupil's records", type="primary"):
        with ui.reporting_errors():
            deleted = retention.delete_pupil(cur, user, pupil_id, reason, confirmed, ui.today())
            ui.flash(f"Deleted {ui.md_escape(labels[pupil_id])}: {sum(deleted.values())} records.")
