"""SEND Partnership Hub: sign in, then the landing view for your role."""

import streamlit as st

from sendlib import access, db, register, ui

user, cur = ui.guard("home")
school = db.get_setting(cur, "school_name", "Your school")
st.title(school)
st.write(f"Welcome, {user.name}. Signed in as {user.role_label}.")

if access.can(user.role, "register") or user.role == "viewer":
    counts = register.count_on_register(cur, user, ui.today())
    scope = "your classes" if user.role == "teacher" else "the whole school"
    st.subheader(f"On the SEN register ({scope})")
    columns = st.columns(len(counts))
    for column, (label, number) in zip(columns, counts.items(), strict=True):
        column.metric(label, number)

if access.can(user.role, "register"):
    st.page_link("pages/register.py", label="Open the SEN register", icon=":material/groups:")
if access.can(user.role, "import"):
    st.page_link("pages/import.py", label="Import pupils from the MIS", icon=":material/upload:")
if user.role == "office":
    st.info(
        "Office accounts see the names and contact details needed to book parents' meetings, "
        "and nothing about pupils' needs."
    )
if user.role == "viewer":
    st.caption("Head and governor accounts see counts only, never a pupil's name.")
