"""School settings' widgets for the logo, the transition-pack start date, signing out, loading
the local authority's term dates, the weekly parent-surgery sessions and the backups. The rules
live in sendlib.school.settings, sendlib.school.term_import, sendlib.transition.tracker and
sendlib.surgery.sessions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sendlib import backup, restore, school_signin, signins, ui
from sendlib.school import changes, settings, term_import
from sendlib.school.settings import is_demo
from sendlib.school.year import academic_year_label
from sendlib.surgery import session_rules, sessions
from sendlib.transition import tracker
from sendlib.ui import confirm, messages, notices, signin
from sendlib.ui import surgery as surgery_ui


def logo_form(cur, user) -> None:
    """The school's logo, printed on transition packs."""
    with st.expander("The school's logo, printed on transition packs"):
        logo = settings.school_logo(cur)
        if logo:
            st.image(logo, width=120)
        upload = st.file_uploader(
            "PNG or JPEG, up to 1 MB", type=["png", "jpg", "jpeg"], key="logo"
        )
        save_col, remove_col, _ = st.columns([1, 1, 3])
        if upload is not None and save_col.button("Use this logo", key="logo_save"):
            with ui.reporting_errors():
                settings.save_logo(cur, user, upload.getvalue(), upload.name)
                ui.flash("Logo saved: it prints on transition packs.")
        asked = bool(logo) and remove_col.button("Remove the logo", key="logo_remove")
        question = (
            "Remove the school's logo? Transition packs print without it until a new one is "
            "uploaded."
        )
        if logo and confirm.confirmed("logo_remove", asked, question, "Yes, remove it"):
            with ui.reporting_errors():
                settings.remove_logo(cur, user)
                ui.flash("Logo removed.")


def transition_start_form(cur, user) -> None:
    """By when this year's transition packs should be started."""
    with st.form("settings_transition"):
        start_by = st.date_input(
            "Start this year's transition packs by",
            tracker.warn_by(cur, ui.today()),
            format="DD/MM/YYYY",
            help="The tracker warns of packs not started by then. By default, the February half term.",
            key="settings_start_by",
        )
        if st.form_submit_button("Save"):
            with ui.reporting_errors():
                tracker.set_start_by(cur, user, start_by, ui.today())
                ui.flash(f"Transition packs should be started by {start_by:%d/%m/%Y}.")


def sign_in_form(cur, user) -> None:
    """How long a sign-in may go unused before the app signs it out."""
    with st.form("settings_sign_in"):
        low, high = signins.IDLE_RANGE
        minutes = st.number_input(
            "Sign out after this many minutes without use",
            low,
            high,
            int(signins.idle_limit(cur).total_seconds() // 60),
            help="On every tab and browser of that account. Whatever this says, a sign-in "
            "lasts one school day (ten hours) at most.",
            key="settings_idle_minutes",
        )
        if st.form_submit_button("Save"):
            with ui.reporting_errors():
                changed = signins.save_idle_limit(cur, user, int(minutes))
                ui.flash(
                    f"Staff are signed out after {int(minutes)} minutes without use."
                    if changed
                    else "Nothing had changed."
                )


def school_accounts_form(cur, user) -> None:
    """Signing in with the school's own Microsoft 365 or Google accounts, and whether password
    sign-in stays open alongside."""
    saved = school_signin.get_school_accounts(cur)
    choices = [None, *school_signin.PROVIDERS]
    with st.form("settings_school_accounts"):
        st.markdown("**Sign in with the school's own accounts**")
        st.caption(
            'Staff press "Sign in with Microsoft 365" (or Google) and the school\'s provider '
            "checks their password and second factor. Only a member of staff whose account here "
            "has that email address gets in, with the role set here. The provider's settings go "
            "in the app's secrets file: the README says how."
        )
        left, right = st.columns(2)
        values = {
            "provider": left.selectbox(
                school_signin.LABELS["provider"], choices, index=choices.index(saved.provider),
                format_func=lambda p: school_signin.PROVIDERS.get(p, "None: passwords only"),
                key="settings_accounts_provider",
            ),
            "passwords": right.radio(
                school_signin.LABELS["passwords"], list(school_signin.PASSWORDS),
                index=list(school_signin.PASSWORDS).index(saved.passwords),
                format_func=school_signin.PASSWORDS.get, key="settings_accounts_passwords",
            ),
            "tenant": left.text_input(
                school_signin.LABELS["tenant"], saved.tenant or "",
                help="Microsoft Entra ID, Overview: the school's Tenant ID. Accounts of any "
                "other tenant are refused.", key="settings_accounts_tenant",
            ),
            "domain": right.text_input(
                school_signin.LABELS["domain"], saved.domain or "",
                placeholder="school.org", help="Google: only accounts of this domain.",
                key="settings_accounts_domain",
            ),
        }  # fmt: skip
        if st.form_submit_button("Save sign-in settings"):
            with ui.reporting_errors():
                school_signin.save_school_accounts(cur, user, values)
                ui.flash("Sign-in settings saved.")
    if saved.provider and not signin.provider_configured(saved.provider):
        st.warning(
            f"The app's secrets file has no [auth.{ui.md_escape(saved.provider)}] section yet, so "
            "nobody can "
            "sign in with the school's accounts: the README's \"Signing in with the school's "
            'accounts" says what to put there.',
            icon=":material/key_off:",
        )


NEW_PATTERN = 0  # the weekly-session choice that adds one (pattern ids start at 1)


def surgery_pattern_form(cur, user) -> None:
    """Change, add or stop a weekly surgery session; future slots follow at once. What was saved
    is confirmed here, in place of the form, so no button is left that would save it again."""
    st.subheader("Parent surgeries")
    st.caption(
        "The weekly sessions you protect for meeting parents. Slots are made for this term and next, "
        "skipping holidays and closures; a session someone has booked is never changed or removed."
    )
    patterns = sessions.list_patterns(cur)
    st.markdown(
        "\n".join(f"- {ui.md_escape(p.label)}" for p in patterns)
        if patterns
        else "No weekly sessions yet: add the first below."
    )
    if messages.show_flash("settings_pattern"):
        st.button("Change or add a weekly session", key="settings_pattern_again")
        return
    chosen_id, chosen = _chosen_pattern(patterns)
    _pattern_form(cur, user, chosen_id, chosen, chosen or sessions.new_pattern(patterns))


def _chosen_pattern(patterns: list[sessions.Pattern]) -> tuple[int, sessions.Pattern | None]:
    """The weekly session to change (the one just saved, or the first), or NEW_PATTERN to add
    one: its id, and the session itself when it is one already."""
    by_id = {p.pattern_id: p for p in patterns}
    if "settings_pattern_next" in st.session_state:  # the session just saved, or the first
        st.session_state["settings_pattern"] = st.session_state.pop("settings_pattern_next")
    if st.session_state.get("settings_pattern") not in (*by_id, NEW_PATTERN):
        st.session_state.pop("settings_pattern", None)
    chosen_id = st.selectbox(
        "Weekly session",
        [*by_id, NEW_PATTERN],
        format_func=lambda i: by_id[i].label if i in by_id else "A new weekly session",
        key="settings_pattern",
    )
    return chosen_id, by_id.get(chosen_id)


def _pattern_form(
    cur, user, chosen_id: int, chosen: sessions.Pattern | None, base: sessions.Pattern
) -> None:
    """The session's day, times, slots and place, starting from `base`; save it, or stop it."""
    k = ui.form_keys("settings_pattern")
    with st.form(k(f"form_{chosen_id}")):
        st.markdown(
            f"**Change the {session_rules.WEEKDAYS[chosen.weekday]} session**"
            if chosen
            else "**Add a weekly session**"
        )
        day, values = surgery_ui.session_fields(k(f"pattern_{chosen_id}"), base)
        values["weekday"] = day.selectbox(
            "Day",
            range(len(session_rules.WEEKDAYS)),
            index=base.weekday,
            format_func=session_rules.WEEKDAYS.__getitem__,
            key=k(f"pattern_{chosen_id}_day"),
        )
        save, stop = st.columns(2)
        label = "Save the changes" if chosen else "Add this weekly session"
        if save.form_submit_button(label, type="primary"):
            with ui.reporting_errors():
                saved = sessions.save_pattern(cur, user, values, ui.today(), base.pattern_id)
                st.session_state["settings_pattern_next"] = saved
                day_name = session_rules.WEEKDAYS[values["weekday"]]
                ui.flash(
                    ("Saved the changes to" if chosen else "Added")
                    + f" the {day_name} session. Surgery slots for this term and next follow it.",
                    new_form="settings_pattern",
                    where="settings_pattern",
                )
        if chosen and stop.form_submit_button("Stop this weekly session"):
            with ui.reporting_errors():
                removed = sessions.retire_pattern(cur, user, chosen.pattern_id, ui.today())
                ui.flash(
                    f"Stopped. {removed:d} future sessions nobody had booked were removed.",
                    new_form="settings_pattern",
                    where="settings_pattern",
                )


def backups_section(cur, user) -> None:
    """Where backups go and how many are kept, "Back up now", the backups, and restoring one."""
    st.subheader("Backups")
    st.caption(
        "Each day, when the app starts, it copies the whole database to the backup folder and "
        "checks the copy table by table before keeping it. Choose a folder on another disk (a USB "
        "drive or the school's network), kept as safe as the database itself: it holds pupils' data."
    )
    if ui.backup_passphrase():
        st.caption(
            "Backups are encrypted with the school's backup passphrase before they leave the "
            "app's folder: without the passphrase nobody can read them, the app included. Keep "
            "it on paper in the office safe."
        )
    elif not is_demo(cur):
        notices.unencrypted_backups_howto()
    shown = backup.backup_folder(cur)
    with st.form("settings_backups"):
        left, right = st.columns([3, 1])
        folder = left.text_input(
            "Backup folder",
            backup.folder_as_typed(cur),
            key="settings_backup_folder",
        )
        low, high = backup.KEEP_RANGE
        keep = right.number_input(
            "Backups to keep", low, high, backup.keep_count(cur), key="settings_backup_keep"
        )
        if st.form_submit_button("Save backup settings"):
            with ui.reporting_errors():
                changed = backup.save_backup_settings(cur, user, folder, int(keep))
                ui.flash(
                    "Saved: " + ui.md_escape("; ".join(changed)) + "."
                    if changed
                    else "Nothing had changed."
                )
    if st.button("Back up now", type="primary", key="settings_backup_now"):
        with ui.reporting_errors():
            made = backup.back_up_now(cur, user, ui.now(), ui.backup_passphrase())
            rows = sum(made.table_rows.values())
            ui.flash(
                f"Backed up and checked: {ui.md_escape(made.file_name)} holds all {rows:d} rows of the "
                f"{len(made.table_rows)} tables."
            )
    listed = backup.list_backups(cur)
    if not listed:
        st.info(
            f"No backups yet in {ui.md_escape(shown)}." if shown else "No backup folder chosen yet."
        )
        return
    ui.table(
        pd.DataFrame(
            [
                {
                    "Made": b.taken_at.replace(tzinfo=None),
                    "File": b.file_name,
                    "Size": backup.size_text(b.size_bytes),
                    "Encrypted": "Yes" if b.encrypted else "No",
                    "Checked": "Yes" if b.verified else "No: not made here, or changed since",
                }
                for b in listed
            ]
        ),
        "settings_backup_list",
    )
    _restore_form(cur, user, listed)


def _restore_form(cur, user, listed) -> None:
    st.markdown("**Restore a backup**")
    chosen = st.selectbox(
        "Backup to restore",
        listed,
        format_func=lambda b: b.label,
        key="settings_restore_pick",
    )
    if st.button("Check this backup", key="settings_restore_check"):
        st.session_state["settings_restore_checked"] = chosen.file_name
    if st.session_state.get("settings_restore_checked") != chosen.file_name:
        return
    check = restore.check_backup(cur, chosen.path, ui.backup_passphrase())
    if not check.ok:
        st.error(
            "This backup cannot be restored:\n\n"
            + "\n".join(f"- {ui.md_escape(p)}" for p in check.problems)
        )
        return
    st.write(
        f"The backup opens and holds every table the app expects (schema version "
        f"{check.schema_version:d}). Rows in each table, in the backup and now:"
    )
    ui.table(
        pd.DataFrame(
            [{"Table": t.table, "In the backup": t.in_backup, "Now": t.now} for t in check.tables]
        ),
        "settings_restore_counts",
    )
    confirmed = st.checkbox(
        f"Replace everything in the app with the backup of {chosen.taken_at:%d/%m/%Y %H:%M}. "
        "What was entered since then goes (a copy of the database as it is now is kept first); "
        "the audit log keeps every entry.",
        key="settings_restore_confirm",
    )
    if st.button("Restore this backup", disabled=not confirmed, key="settings_restore_go"):
        with ui.reporting_errors():
            _, before = restore.restore_backup(
                cur, user, chosen.path, ui.now(), ui.backup_passphrase()
            )
            st.session_state.pop("settings_restore_checked", None)
            ui.flash(
                f"Restored the backup of {chosen.taken_at:%d/%m/%Y %H:%M}. The database as it was "
                f"just before is kept as {ui.md_escape(before.file_name)}: restore that one to undo."
            )


def term_file_form(cur, user) -> None:
    """The local authority's term dates from its file: every entry checked and shown, then
    loaded all or nothing."""
    with st.expander("Load the local authority's term dates from its file (.ics or CSV)"):
        st.caption(
            "Download your local authority's term dates as a calendar file (.ics) or a CSV with "
            "the columns What, Starts and Ends. Each school year in the file replaces that "
            "year's terms and half terms; the INSET days and closures you added are kept. "
            "Nothing is saved until you press Load."
        )
        upload = st.file_uploader("Term dates file", type=["ics", "csv"], key="settings_term_file")
        if upload is None:
            return
        preview = term_import.preview_term_file(upload.getvalue(), upload.name)
        if preview.problems:
            st.error(
                "Nothing can be loaded from this file until these are put right:\n\n"
                + "\n".join(f"- {ui.md_escape(p)}" for p in preview.problems)
            )
            return
        ui.table(
            pd.DataFrame(
                [
                    {"School year": academic_year_label(t.academic_year),
                     "Term": t.name.capitalize(), "Starts": t.starts, "Ends": t.ends}
                    for year in preview.terms.values() for t in year
                ]
            ),
            "settings_term_file_terms",
        )  # fmt: skip
        if preview.closures:
            ui.table(
                pd.DataFrame(
                    [{"From": c.starts, "To": c.ends, "Closed for": c.reason}
                     for c in preview.closures]
                ),
                "settings_term_file_closures",
            )  # fmt: skip
        if preview.ignored:
            st.caption(
                ui.md_escape(
                    "Outside the terms, so not needed: "
                    + "; ".join(f"{e.what} ({e.starts:%d/%m/%Y})" for e in preview.ignored)
                    + "."
                )
            )
        years = ", ".join(academic_year_label(y) for y in sorted(preview.terms))
        if st.button(f"Load the term dates for {years}", type="primary", key="settings_term_load"):
            with ui.reporting_errors():
                changes.import_term_dates(cur, user, preview, ui.today())
                for year in preview.terms:  # the term-date boxes above show the new dates
                    for key in [
                        k for k in st.session_state if str(k).startswith(f"settings_{year}_")
                    ]:
                        del st.session_state[key]
                ui.flash(
                    f"Loaded the term dates for {years} from {ui.md_escape(preview.file_name)}."
                )
