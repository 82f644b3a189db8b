"""The profile's One-page profile tab: what people like and admire about the pupil, what is
important to them and how best to support them, with whose words they are; and, for whoever may
edit the pupil, writing it and bringing it up to date."""

from __future__ import annotations

import streamlit as st

from sendlib import db, ui
from sendlib.pupils import about_me
from sendlib.pupils.about_me import OnePageProfile
from sendlib.ui import messages
from sendlib.users import User

HELP = {
    "admired": "What friends, family and staff say they like and admire: the pupil's gifts and "
    "strengths.",
    "important": "What matters to the pupil now, from their point of view: people, things to "
    "do, routines.",
    "support": "What others need to know and do to help: what works, what to avoid.",
}


def _shown(about: OnePageProfile | None, first: str, editable: bool) -> None:
    if about is None:
        words = f"No one-page profile has been written for {first}."
        if editable:
            words += (
                f" Write it with {first}: what people like and admire about them, what is "
                "important to them, and how best to support them."
            )
        st.info(ui.md_escape(words))
        return
    for heading, text in about.sections():
        ui.labelled(heading, text)
    st.caption(ui.md_escape(about.credit(first)))


def _form(cur: db.Cursor, user: User, pupil_id: int, about: OnePageProfile | None) -> None:
    start = about.__dict__ if about else {}
    key = f"about_me_{pupil_id}"
    title = "Bring the one-page profile up to date" if about else "Write the one-page profile"
    with st.expander(title, expanded=about is None), st.form(f"{key}_form"):
        values = {
            field: st.text_area(
                label,
                start.get(field) or "",
                help=HELP[field],
                max_chars=about_me.MAX_SECTION,
                key=f"{key}_{field}",
            )
            for field, label in about_me.SECTIONS.items()
        }
        left, right = st.columns(2)
        values["own_words"] = left.checkbox(
            about_me.LABELS["own_words"], start.get("own_words", False), key=f"{key}_own"
        )
        values["written_with"] = right.text_input(
            about_me.LABELS["written_with"],
            start.get("written_with") or "",
            placeholder="e.g. Mrs Patel, teaching assistant",
            max_chars=about_me.MAX_NAME,
            key=f"{key}_with",
        )
        sent = st.form_submit_button("Save the one-page profile", type="primary")
    if sent:
        with ui.reporting_errors():
            about_me.save_about_me(cur, user, pupil_id, values, ui.today())
            ui.flash("One-page profile saved.", where="about_me")


def about_me_tab(cur: db.Cursor, user: User, record, editable: bool) -> None:
    """The tab: the flash of what was just saved, the profile, and the form to keep it."""
    messages.show_flash("about_me")
    pupil = record.pupil
    _shown(record.about_me, pupil.known_as or pupil.legal_forename, editable)
    if editable:
        _form(cur, user, pupil.pupil_id, record.about_me)
