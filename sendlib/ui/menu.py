"""The menu beside every page and the notices across its top: the pages in the menu (PAGES),
the staff-meeting mode's switch and its reminder, and the banner on the fictional demo school."""

from __future__ import annotations

import streamlit as st

from sendlib import access, db, signins, users
from sendlib.school.settings import is_demo
from sendlib.ui import signin
from sendlib.ui.connection import cursor
from sendlib.ui.text import md_escape
from sendlib.users import User

# screen -> (page file, menu label, icon)
PAGES = {
    "home": ("app.py", "Home", ":material/home:"),
    "register": ("pages/register.py", "SEN register", ":material/groups:"),
    "pupil": ("pages/pupil.py", "Pupil profile", ":material/person:"),
    "log": ("pages/log.py", "Log a contact", ":material/edit_note:"),
    "timeline": ("pages/timeline.py", "Communication timeline", ":material/forum:"),
    "ledger": ("pages/ledger.py", "Promises and replies", ":material/task_alt:"),
    "import": ("pages/import.py", "Import from the MIS", ":material/upload_file:"),
    "users": ("pages/users.py", "Staff accounts", ":material/manage_accounts:"),
    "surgery": ("pages/surgery.py", "Parent surgeries", ":material/event_available:"),
    "transition": ("pages/transition.py", "Transition packs", ":material/move_up:"),
    "outbox": ("pages/outbox.py", "Outbox", ":material/outbox:"),
    "settings": ("pages/settings.py", "School settings", ":material/settings:"),
    "audit": ("pages/audit.py", "Audit log", ":material/policy:"),
    "retention": ("pages/retention.py", "Leavers past retention", ":material/auto_delete:"),
}


def demo_banner(cur: db.Cursor) -> None:
    if is_demo(cur):
        st.warning(
            "**Fictional demo data.** Every pupil, parent and member of staff here is invented.",
            icon=":material/theater_comedy:",
        )


def sidebar(user: User) -> None:
    with st.sidebar:
        st.markdown(f"**{md_escape(user.name)}**  \n{user.role_label}")
        for screen in access.screens_for(user):
            if screen == "pupil" or screen not in PAGES:
                continue  # the profile opens from the register; some screens have no page yet
            path, label, icon = PAGES[screen]
            st.page_link(path, label=label, icon=icon)
        # Shown while the mode is on whatever the role, so it can always be switched off.
        if access.may_use_staff_meeting(user) or user.staff_meeting:
            # The database decides, on every run: a reload cannot switch the mode off.
            st.session_state["menu_staff_meeting"] = user.staff_meeting
            st.toggle(
                "Staff-meeting mode",
                key="menu_staff_meeting",
                on_change=_switch_staff_meeting,
                help="For a projector: pupils and parents by initials, notes hidden, nothing "
                "changed. It stays on, on every page, until you switch it off.",
            )
        # Acted on at the top of the next run: see signin.signed_in.
        st.button("Sign out", key="menu_sign_out")


def _switch_staff_meeting() -> None:
    cur = cursor()
    user = signins.check(cur, st.session_state.get(signin.SIGN_IN_KEY)).user
    if user is not None:
        users.set_staff_meeting(cur, user, bool(st.session_state.get("menu_staff_meeting")))


def staff_meeting_marker(user: User) -> None:
    if user.staff_meeting:
        st.warning(
            "**Staff-meeting mode is on.** Pupils and parents show as initials, notes are hidden "
            "and nothing can be changed. Switch it off in the menu after the meeting.",
            icon=":material/co_present:",
        )
