"""The audit log: search who did what to which pupil's data, check its chain, export it."""

import streamlit as st

from sendlib import audit, ui
from sendlib.audit import AuditFilter
from sendlib.pupils import exporting

user, cur = ui.guard("audit")
st.title("Audit log")
st.write(
    "Every opening, change, import, export and print of a pupil's data, and every change to "
    "accounts and settings: who, when, what, which pupil, and what a change was from and to."
)

broken = audit.verify_chain(cur)
rows, fingerprint = audit.chain_head(cur)
if broken is None:
    st.success(
        f"The log is intact: all {rows:d} rows are as they were written, each sealed to the one "
        f"before. Newest row's fingerprint: {ui.md_escape(fingerprint[:16])}",
        icon=":material/verified:",
    )
else:
    st.error(
        f"{ui.md_escape(broken.message)} The log is not as the app wrote it from that row on: keep an export, "
        "and ask whoever looks after the school's computers who could open the database file.",
        icon=":material/gpp_bad:",
    )
st.caption(
    "Note the newest row's fingerprint now and then (for example in the governors' minutes): "
    "rows removed from the very end of the log can only be seen against a fingerprint kept "
    "elsewhere."
)

usernames, actions, pupils = audit.filter_choices(cur, user)
left, middle, right = st.columns(3)
pupil_id = left.selectbox(
    "Pupil", list(pupils), None, format_func=pupils.get, placeholder="Any", key="audit_pupil"
)
username = middle.selectbox("User", usernames, None, placeholder="Any", key="audit_user")
action = right.selectbox("Action", actions, None, placeholder="Any", key="audit_action")
start, end = st.columns(2)
date_from = start.date_input("From", None, format="DD/MM/YYYY", key="audit_from")
date_to = end.date_input("To", None, format="DD/MM/YYYY", key="audit_to")

filters = AuditFilter(pupil_id, username, date_from, date_to, action)
summary = audit.describe_filter(filters, pupils.get(pupil_id))
entries = audit.search(cur, user, filters)
shown = "the newest 1000" if len(entries) == 1000 else str(len(entries))
st.subheader(
    f"{ui.md_escape(summary[0].upper() + summary[1:])}: {shown} row{'' if len(entries) == 1 else 's'}"
)
if entries.empty:
    st.info("No audit rows match these filters.")
else:
    ui.table(entries.drop(columns=["Fingerprint"]), "audit_table", audit.SHOWN)
ui.download(
    "Export as CSV",
    cur,
    lambda c: exporting.export_audit_log(c, user, filters, summary),
    file_name="audit_log.csv",
    mime="text/csv",
    key="audit_export",
)
