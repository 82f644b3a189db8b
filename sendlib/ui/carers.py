"""The profile's Parents and carers tab: who they are and how each likes to be reached; and, for
whoever may edit the pupil, adding one, correcting one, the order they are contacted in, and
ending one (kept on record, never deleted)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from sendlib import db, ui
from sendlib.pupils import contacts
from sendlib.pupils.contacts import Contact
from sendlib.ui import confirm, messages
from sendlib.users import User


def _when(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def show_carers(current: list[Contact], former: list[Contact]) -> None:
    """Parents and carers in the order they are contacted, with how each prefers to be reached,
    and a line on those no longer a contact."""
    if not current:
        st.info(
            "No parent or carer recorded yet."
            + (" Earlier contacts are listed below." if former else "")
        )
    two_households = len({c.household for c in current}) > 1
    for place, contact in enumerate(current, start=1):
        with st.container(border=True):
            facts = [contact.relationship]
            if contact.parental_responsibility:
                facts.append("parental responsibility")
            if two_households:
                facts.append(f"household {contact.household:d}")
            if not contact.lives_with_pupil:
                facts.append("does not live with the pupil")
            title = f"{contact.title} " if contact.title else ""
            st.markdown(
                f"**{place:d}. {ui.md_escape(title + contact.name)}** · "
                + ui.md_escape(" · ".join(facts))
            )
            lines = [
                f"Address as: {contact.form_of_address or 'not recorded'}",
                f"Prefers: {contact.preferred_channel}"
                + (" (email before calling)" if contact.email_before_calling else ""),
                f"Language: {contact.language}"
                + (" — interpreter needed" if contact.interpreter_needed else ""),
                f"Best times: {contact.best_times or 'not recorded'}",
                f"Difficult times: {contact.difficult_times or 'not recorded'}",
                f"Barriers to attending: {contact.barriers or 'none recorded'}",
                "Phone: "
                + (" or ".join(p for p in (contact.phone, contact.phone_other) if p) or "—")
                + f"   Email: {contact.email or '—'}"
                + ("" if not contact.email or contact.email_consent else " (not to be emailed)"),
            ]
            if contact.address:
                lines.append("Address: " + " ".join(contact.address.split()))
            st.text("\n".join(lines))
    if former:
        st.caption(
            ui.md_escape(
                "No longer a contact: "
                + "; ".join(
                    f"{c.name} ({c.relationship}), from {_when(c.ended_on)}: {c.ended_reason}"
                    for c in former
                )
            )
        )


def _choice(options: tuple, value: str | None) -> tuple[list, int | None]:
    """The options with the stored value among them (a value typed before stays choosable)."""
    listed = list(options)
    if value and value not in listed:
        listed.append(value)
    return listed, (listed.index(value) if value else None)


def contact_form(key: Callable[[str], str], initial: Contact | None, button: str) -> dict | None:
    """The fields of a parent or carer, filled from `initial`; their values once sent."""
    start = initial.__dict__ if initial else {}
    with st.form(key("form")):
        left, middle, right = st.columns([1, 2, 2])
        titles, at = _choice(contacts.TITLES, start.get("title"))
        values = {
            "title": left.selectbox(
                "Title",
                titles,
                index=at,
                accept_new_options=True,
                placeholder="None",
                key=key("title"),
            ),
            "forename": middle.text_input("Forename", start.get("forename") or "", key=key("fore")),
            "surname": right.text_input("Surname", start.get("surname") or "", key=key("sur")),
        }
        left, right = st.columns(2)
        kinds, at = _choice(contacts.RELATIONSHIPS, start.get("relationship"))
        values["relationship"] = left.selectbox(
            "Relationship",
            kinds,
            index=at,
            accept_new_options=True,
            placeholder="Choose, or type another",
            key=key("relationship"),
        )
        values["form_of_address"] = right.text_input(
            "How they like to be addressed",
            start.get("form_of_address") or "",
            placeholder="for example Ms Khan, or Sam",
            key=key("address_as"),
        )
        left, middle, right = st.columns(3)
        values["parental_responsibility"] = left.checkbox(
            "Parental responsibility", start.get("parental_responsibility", True), key=key("pr")
        )
        values["lives_with_pupil"] = middle.checkbox(
            "Lives with the pupil", start.get("lives_with_pupil", True), key=key("lives")
        )
        values["household"] = right.radio(
            "Household", (1, 2), index=start.get("household", 1) - 1, horizontal=True,
            help="A pupil who lives across two homes: both households are told.",
            key=key("household"),
        )  # fmt: skip
        left, middle, right = st.columns(3)
        values["phone"] = left.text_input("Phone", start.get("phone") or "", key=key("phone"))
        values["phone_other"] = middle.text_input(
            "Other phone", start.get("phone_other") or "", key=key("phone2")
        )
        values["email"] = right.text_input("Email", start.get("email") or "", key=key("email"))
        values["address"] = st.text_area(
            "Address", start.get("address") or "", height=80, key=key("postal")
        )
        left, middle, right = st.columns(3)
        channel = start.get("preferred_channel") or "phone"
        values["preferred_channel"] = left.selectbox(
            "Preferred way to be contacted",
            contacts.CHANNELS,
            index=contacts.CHANNELS.index(channel),
            key=key("channel"),
        )
        values["email_consent"] = middle.checkbox(
            "Agreed to be emailed", start.get("email_consent", False), key=key("consent")
        )
        values["email_before_calling"] = right.checkbox(
            "Email before calling", start.get("email_before_calling", False), key=key("before")
        )
        left, right = st.columns(2)
        values["language"] = left.text_input(
            "First language", start.get("language") or "English", key=key("language")
        )
        values["interpreter_needed"] = right.checkbox(
            "Needs an interpreter", start.get("interpreter_needed", False), key=key("interpreter")
        )
        left, middle, right = st.columns(3)
        values["best_times"] = left.text_input(
            "Best times", start.get("best_times") or "", key=key("best")
        )
        values["difficult_times"] = middle.text_input(
            "Times to avoid", start.get("difficult_times") or "", key=key("avoid")
        )
        values["barriers"] = right.text_input(
            "Barriers",
            start.get("barriers") or "",
            placeholder="for example works shifts, no car, finds letters hard",
            key=key("barriers"),
        )
        sent = st.form_submit_button(button, type="primary")
    return values if sent else None


def _add(cur: db.Cursor, user: User, pupil_id: int) -> None:
    form = f"carer_add_{pupil_id}"
    k = ui.form_keys(form)
    with st.expander("Add a parent or carer"):
        values = contact_form(k, None, "Add")
        if values is not None:
            with ui.reporting_errors():
                contacts.save_contact(cur, user, pupil_id, values)
                name = f"{values['forename']} {values['surname']}".strip()
                ui.flash(f"Added {ui.md_escape(name)}.", new_form=form, where="carers")


def _change(cur: db.Cursor, user: User, contact: Contact, place: int, last: bool) -> None:
    cid = contact.contact_id
    with st.expander(f"Change {ui.md_escape(contact.name)}'s details"):
        values = contact_form(lambda name: f"carer_{cid}_{name}", contact, "Save changes")
        if values is not None:
            with ui.reporting_errors():
                contacts.save_contact(cur, user, contact.pupil_id, values, contact_id=cid)
                ui.flash(f"Saved {ui.md_escape(contact.name)}'s details.", where="carers")
        left, right, _ = st.columns([1, 1, 2])
        for column, earlier, words, off in (
            (left, True, "Contact sooner", place == 1),
            (right, False, "Contact later", last),
        ):
            if column.button(words, key=f"carer_{cid}_{'up' if earlier else 'down'}", disabled=off):
                with ui.reporting_errors():
                    contacts.move_contact(cur, user, cid, earlier)
                    ui.flash("Order changed.", where="carers")
        _end(cur, user, contact)


def _end(cur: db.Cursor, user: User, contact: Contact) -> None:
    cid = contact.contact_id
    with st.form(f"carer_end_{cid}"):
        st.markdown("**No longer a contact**")
        left, right = st.columns([1, 2])
        on = left.date_input(
            "From", ui.today(), max_value=ui.today(), format="DD/MM/YYYY", key=f"carer_{cid}_on"
        )
        reason = right.text_input(
            "Reason", placeholder="for example moved away", key=f"carer_{cid}_reason"
        )
        asked = st.form_submit_button("End as a contact")
    question = (
        f"End {ui.md_escape(contact.name)} as a contact? They stay on record, and on the timeline "
        "and bookings that name them, but are no longer offered for meetings or messages."
    )
    if confirm.confirmed(f"carer_end_{cid}", asked, question, "Yes, end as a contact"):
        with ui.reporting_errors():
            contacts.end_contact(cur, user, cid, on, reason, ui.today())
            ui.flash(f"{ui.md_escape(contact.name)} is no longer a contact.", where="carers")


def carers_tab(cur: db.Cursor, user: User, record, editable: bool) -> None:
    """The tab: the flash of what was just saved, the carers, and the forms to change them."""
    messages.show_flash("carers")
    show_carers(record.contacts, record.former_contacts)
    if not editable:
        return
    for place, contact in enumerate(record.contacts, start=1):
        _change(cur, user, contact, place, place == len(record.contacts))
    _add(cur, user, record.pupil.pupil_id)
