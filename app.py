"""SEND Partnership Hub: sign in, then the landing view for your role: for the SENCo, teachers,
the head and governors, the dashboard of how the school is working with parents."""

import streamlit as st

from sendlib import access, db, ui
from sendlib.ui import dashboard

user, cur = ui.guard("home")
school = db.get_setting(cur, "school_name", "Your school")
st.title(ui.md_escape(school))
st.write(f"Welcome, {ui.md_escape(user.name)}. Signed in as {user.role_label}.")

if access.can(user, "home", "figures"):
    scope = "your classes" if access.sees_class_only(user) else "the whole school"
    st.caption(
        f"Are we working with our parents as the Code of Practice asks? Figures for {scope}."
        + (" Counts only: no pupil is named." if access.counts_only(user) else "")
    )
    dashboard.dashboard(cur, user, ui.today())

if access.can(user, "register"):
    st.page_link("pages/register.py", label="Open the SEN register", icon=":material/groups:")
if access.can(user, "import"):
    st.page_link(
        "pages/import.py", label="Import pupils and parents from the MIS", icon=":material/upload:"
    )
if access.books_only(user):
    st.info(
        "Office accounts see the names and contact details needed to book parents' meetings, "
        "and nothing about pupils' needs."
    )
    st.page_link("pages/surgery.py", label="Book parent surgeries", icon=":material/event:")
