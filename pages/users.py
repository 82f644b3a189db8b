"""Staff accounts: who can sign in, with which role, and which classes a teacher teaches."""

import streamlit as st

from sendlib import access, signins, ui, users
from sendlib.ui import confirm
from sendlib.words import SCHOOL_TZ

user, cur = ui.guard("users")
st.title("Staff accounts")
st.caption("Deactivating an account signs that person out on their next click.")

accounts = users.list_users(cur, user)
paused = {  # until when, in the school's time
    a.username: until.astimezone(SCHOOL_TZ)
    for a in accounts
    if (until := signins.username_paused_until(cur, a.username))
}
st.dataframe(
    [
        {
            "Username": a.username,
            "Name": a.name,
            "Role": a.role_label,
            "Classes": ", ".join(a.classes),
            "Active": "Yes" if a.active else "No",
            "Sign-in": f"Paused until {paused[a.username]:%H:%M}" if a.username in paused else "",
        }
        for a in accounts
    ],
    hide_index=True,
    width="stretch",
    key="users_table",
)
for a in accounts:
    if a.username not in paused or not access.can(user, "users", "manage users"):
        continue
    st.warning(
        f"{ui.md_escape(a.name)}'s account is paused until {paused[a.username]:%H:%M} after "
        "many failed tries to sign in. Unlock it once you have checked with them that they "
        "made the tries (the computers the tries came from stay paused).",
        icon=":material/lock_clock:",
    )
    if st.button(f"Unlock {ui.md_escape(a.name)}'s account", key=f"users_unlock_{a.username}"):
        with ui.reporting_errors():
            signins.unlock(cur, user, a.username)
            ui.flash(f"{ui.md_escape(a.name)} can sign in again.")

others = [a for a in accounts if a.username != user.username]
if others:
    with st.form("users_active"):
        chosen = st.selectbox(
            "Account", others, format_func=lambda a: f"{a.name} ({a.username})", key="users_pick"
        )
        asked = st.form_submit_button("Deactivate or reactivate")
    if asked and not chosen.active:
        with ui.reporting_errors():
            users.set_active(cur, user, chosen.username, True)
            ui.flash(f"{ui.md_escape(chosen.name)} is now active.")
    question = (
        f"Deactivate {ui.md_escape(chosen.name)}'s account? They are signed out on their next "
        "click and cannot sign in again until the account is reactivated."
    )
    if chosen.active and confirm.confirmed(
        f"users_deactivate_{chosen.username}", asked, question, "Yes, deactivate"
    ):
        with ui.reporting_errors():
            users.set_active(cur, user, chosen.username, False)
            ui.flash(f"{ui.md_escape(chosen.name)} is now inactive.")

    st.markdown("**Change an account's role**")
    chosen = st.selectbox(
        "Account",
        others,
        format_func=lambda a: f"{a.name} ({a.username})",
        key="users_role_pick",
    )
    with st.form("users_role"):
        left, right = st.columns(2)
        # Keyed by account, so the form shows the chosen account's role and classes as they are.
        role = left.selectbox(
            "Role",
            list(access.ROLES),
            index=list(access.ROLES).index(chosen.role),
            format_func=access.ROLES.get,
            key=f"users_new_role_{chosen.username}",
        )
        classes = right.text_input(
            "Classes taught (teachers)",
            ", ".join(chosen.classes),
            key=f"users_new_classes_{chosen.username}",
        )
        if st.form_submit_button("Change role"):
            with ui.reporting_errors():
                changed = users.change_role(cur, user, chosen.username, role, classes.split(","))
                ui.flash(
                    f"{ui.md_escape(changed.name)} is now {changed.role_label}, from their next click."
                )

with st.expander("Add an account"), st.form("users_add", clear_on_submit=False):
    left, right = st.columns(2)
    username = left.text_input("Username", key="users_username")
    name = right.text_input("Full name", key="users_name")
    role = left.selectbox(
        "Role", list(access.ROLES), format_func=access.ROLES.get, key="users_role"
    )
    email = right.text_input("Email (optional)", key="users_email")
    classes = left.text_input("Classes taught (teachers; comma-separated)", key="users_classes")
    password = right.text_input(
        f"First password (at least {users.MIN_PASSWORD_LENGTH} characters)",
        type="password",
        key="users_password",
    )
    if st.form_submit_button("Add account", type="primary"):
        with ui.reporting_errors():
            added = users.create_account(
                cur,
                user,
                username,
                name,
                role,
                password,
                email or None,
                [c.strip() for c in classes.split(",") if c.strip()],
            )
            ui.flash(f"Added {ui.md_escape(added.name)} as {added.role_label}.")
