"""Email's widgets: the mail server's form and its test message on School settings, and what
became of an email in words. The rules live in sendlib.mail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from sendlib import access, db, ui
from sendlib.mail import invitations, outbox, parents, records, server, sharing
from sendlib.mail.outbox import Email
from sendlib.mail.parents import Draft, Recipient
from sendlib.mail.smtp import Outgoing
from sendlib.ui.sender import server_for
from sendlib.users import User

NOT_SET_UP = (
    "The school's mail server is not set up yet: the SENCo sets it up on School settings, under "
    "Email to parents."
)


def outcome(email: Email) -> None:
    """What became of an email just sent, in words."""
    to = ui.md_escape(f"{email.to_name} <{email.to_address}>")
    if email.status == "sent":
        st.success(f"Sent to {to}: the mail server took it.", icon=":material/mark_email_read:")
    elif email.status == "queued":
        st.warning(
            f"Not sent yet to {to}: {ui.md_escape(email.last_error or '')} The app tries again "
            f"at {email.next_try_at:%H:%M}; the Outbox shows how it goes.",
            icon=":material/schedule_send:",
        )
    elif email.status == "unknown":
        st.warning(
            f"It may or may not have reached {to}: {ui.md_escape(email.last_error or '')} "
            "Check with them before sending it again.",
            icon=":material/help:",
        )
    else:
        st.error(f"Not sent to {to}: {ui.md_escape(email.last_error or email.status_words)}")


def mail_server_form(cur: db.Cursor, user: User) -> None:
    """The school's mail server, and a test message to check it."""
    if not access.can(user, "outbox", "manage"):
        return
    st.subheader("Email to parents")
    saved = server.get_mail_settings(cur)
    st.caption(
        "Written records, plans, transition packs, invitations and reminders go out through the "
        "school's own mail "
        "server, from the address below. The password is not typed here: put it in the app's "
        f"secrets file as smtp_password, or in the {server.PASSWORD_VARIABLE} environment "
        "variable, and restart the app."
    )
    with st.form("settings_mail"):
        left, middle, right = st.columns([3, 1, 2])
        security = list(server.SECURITY)
        values = {
            "host": left.text_input(
                server.LABELS["host"], saved.host if saved else "",
                placeholder="smtp.office365.com", key="mail_host",
            ),
            "port": middle.text_input(
                server.LABELS["port"], str(saved.port) if saved else "587", key="mail_port"
            ),
            "security": right.selectbox(
                server.LABELS["security"], security,
                index=security.index(saved.security) if saved else 0,
                format_func=server.SECURITY.get, key="mail_security",
            ),
        }  # fmt: skip
        left, right = st.columns(2)
        values["username"] = left.text_input(
            server.LABELS["username"], (saved.username or "") if saved else "",
            help="The account the app signs in as; blank for a relay that needs no sign-in.",
            key="mail_username",
        )  # fmt: skip
        values["from_address"] = right.text_input(
            server.LABELS["from_address"], saved.from_address if saved else "",
            placeholder="senco@school.org", key="mail_from_address",
        )  # fmt: skip
        values["from_name"] = left.text_input(
            server.LABELS["from_name"], saved.from_name if saved else "",
            placeholder="Northfield Primary SENCo", key="mail_from_name",
        )  # fmt: skip
        values["reply_to"] = right.text_input(
            server.LABELS["reply_to"], (saved.reply_to or "") if saved else "",
            help="Where parents' replies go, if not to the address above (the office, say).",
            key="mail_reply_to",
        )  # fmt: skip
        if st.form_submit_button("Save the mail server"):
            with ui.reporting_errors():
                server.save_mail_settings(cur, user, values)
                ui.flash("Mail server saved. Send a test message to check it.")
    if saved is not None:
        _test_message(cur, user)


def _test_message(cur: db.Cursor, user: User) -> None:
    with st.form("settings_mail_test"):
        address = st.text_input(
            "Send a test message to", user.email or "", key="mail_test_to",
            placeholder="you@school.org",
        )  # fmt: skip
        if not st.form_submit_button("Send a test message"):
            return
    mail_server = server_for(cur)
    if mail_server is None:
        return
    with ui.reporting_errors():
        outgoing = Outgoing(
            user.name, address, "Test message from SEND Partnership Hub",
            "This is a test message from SEND Partnership Hub: the school's mail server is "
            "set up, and written records, plans, packs, invitations and reminders can go to "
            "parents.\n",
        )  # fmt: skip
        now = ui.now()
        email_id = db.write(
            cur, lambda c: outbox.queue(c, user, kind="test", outgoing=outgoing, now=now)
        )
        sent = outbox.send_now(cur, mail_server, email_id, now)
        if sent.status == "sent":
            outcome(sent)
            return
        # A test that did not go is not kept waiting to go later: it is cancelled, and the
        # server's answer shown.
        if sent.status in ("queued", "failed"):
            outbox.cancel(cur, user, email_id, now)
        st.error(f"The test message did not go. {ui.md_escape(sent.last_error or '')}")


def _ready(cur: db.Cursor, key: str):
    """The mail server, or None (saying it is not set up yet); and, shown once, what became of
    the emails this widget just sent (the page is drawn again after sending, nobody ticked)."""
    mail_server = server_for(cur)
    if mail_server is None:
        st.info(NOT_SET_UP)
        return None
    for email_id in st.session_state.pop(f"{key}_sent", []):
        outcome(outbox.get_email(cur, email_id))
    return mail_server


def email_record(cur: db.Cursor, user: User, communication_id: int, key: str) -> None:
    """Email a meeting's written record to the parents."""
    if not access.can(user, "outbox", "records"):
        return
    with st.expander("Email the written record to the parents", icon=":material/forward_to_inbox:"):
        _email_parents(
            cur, key, lambda: records.draft_record(cur, user, communication_id, ui.today()),
            lambda *chosen: records.send_record(cur, user, communication_id, *chosen),
            "Send the written record",
        )  # fmt: skip


def email_plan(cur: db.Cursor, user: User, plan_id: int, key: str) -> None:
    """Email the plan for parents to the parents, asking for their views."""
    if not access.can(user, "outbox", "records"):
        return
    with st.expander(
        "Email the plan to the parents for their views", icon=":material/forward_to_inbox:"
    ):
        _email_parents(
            cur, key, lambda: sharing.draft_plan(cur, user, plan_id),
            lambda *chosen: sharing.send_plan(cur, user, plan_id, *chosen), "Send the plan",
        )  # fmt: skip


def email_pack(cur: db.Cursor, user: User, pack, key: str) -> None:
    """Email a transition pack to the parents for their views (sharing a draft)."""
    may_share = pack.status != "draft" or access.can(user, "transition", "status")
    if not (access.can(user, "outbox", "records") and may_share):
        return
    if pack.status not in sharing.PACK_STAGES:
        return
    with st.expander(
        "Email the pack to the parents for their views", icon=":material/forward_to_inbox:"
    ):
        _email_parents(
            cur, key, lambda: sharing.draft_pack(cur, user, pack.pack_id),
            lambda *chosen: sharing.send_pack(cur, user, pack.pack_id, *chosen),
            "Send the pack",
        )  # fmt: skip


def _email_parents(
    cur: db.Cursor,
    key: str,
    make_draft: Callable[[], Draft],
    send: Callable[[list[int], str, set[int], datetime], list[int]],
    label: str,
) -> None:
    """A document's email to the parents: who it goes to (and the check for one who has not
    agreed to email), the message to read and change (with wording advice), then send, and
    what became of each email."""
    mail_server = _ready(cur, key)
    if mail_server is None:
        return
    draft = make_draft()
    if not draft.recipients:
        st.info(
            "No parent or carer with parental responsibility is on record for this pupil: add "
            "them on the profile's Parents and carers tab."
        )
        return
    chosen, checked = [], set()
    for person in draft.recipients:
        name = ui.md_escape(person.name)
        ticked = st.checkbox(
            f"Send to {ui.md_escape(person.label)}",
            value=person.agreed and not person.emailed,
            disabled=not person.address, key=f"{key}_to_{person.contact_id}",
        )  # fmt: skip
        if person.emailed:
            st.caption(f"Already emailed to {name}: {ui.md_escape(person.emailed)}.")
        if person.caution:
            st.caption(f"{name} {ui.md_escape(person.caution)}.")
        asks = ticked and person.address and not person.agreed
        if asks and st.checkbox(
            f"I have checked with {name} that email is all right",
            key=f"{key}_checked_{person.contact_id}",
        ):
            checked.add(person.contact_id)
        if ticked:
            chosen.append(person.contact_id)
    st.caption(
        f"Subject: {ui.md_escape(draft.subject)} · Attached: {ui.md_escape(draft.attachment_name)}"
    )
    if draft.note:
        st.caption(ui.md_escape(draft.note))
    message = st.text_area("Message", draft.message, height=280, key=f"{key}_message")
    ui.language_advice(message)
    if st.button(label, type="primary", key=f"{key}_send"):
        with ui.reporting_errors():
            now = ui.now()
            queued = send(chosen, message, checked, now)
            for email_id in queued:
                outbox.send_now(cur, mail_server, email_id, now)
            st.session_state[f"{key}_sent"] = queued
            for person in draft.recipients:  # nobody ticked: a second click sends nothing
                st.session_state.pop(f"{key}_to_{person.contact_id}", None)
                st.session_state.pop(f"{key}_checked_{person.contact_id}", None)
            st.rerun()


def email_invitation(cur: db.Cursor, user: User, booking, key: str) -> None:
    """Email a booked meeting's invitation (or, after a move, its change) to the parent, with
    the calendar file; and what became of it."""
    if not access.can(user, "outbox", "invitations") or booking.contact_id is None:
        return
    with st.expander("Email the invitation to the parent", icon=":material/forward_to_inbox:"):
        mail_server = _ready(cur, key)
        if mail_server is None:
            return
        draft = invitations.draft_invitation(cur, user, booking.booking_id)
        person = draft.recipient
        name = ui.md_escape(person.name)
        if person.emailed:
            st.caption(
                f"Already emailed to {name}: {ui.md_escape(person.emailed)}"
                + (" (for this time)." if draft.sent_for_this_time else ", before it moved.")
            )
        if person.caution:
            st.caption(f"{name} {ui.md_escape(person.caution)}.")
        checked = bool(person.address and not person.agreed) and st.checkbox(
            f"I have checked with {name} that email is all right", key=f"{key}_checked"
        )
        st.caption(
            f"To: {ui.md_escape(person.label)} · Subject: {ui.md_escape(draft.subject)} · "
            "Attached: the calendar invitation"
        )
        st.text(draft.message)
        if draft.sent_for_this_time:
            label = "Send it again"
        elif draft.kind == "moved":
            label = "Send the new time"
        else:
            label = "Send the invitation"
        if st.button(label, key=f"{key}_send", disabled=not person.address):
            with ui.reporting_errors():
                now = ui.now()
                email_id = invitations.send_invitation(
                    cur, user, booking.booking_id, bool(checked), now
                )
                outbox.send_now(cur, mail_server, email_id, now)
                st.session_state[f"{key}_sent"] = [email_id]
                st.session_state.pop(f"{key}_checked", None)
                st.rerun()


def _email_choice(
    cur: db.Cursor,
    user: User,
    person: Recipient,
    label: str,
    ticked: bool,
    key: str,
    in_form: bool = True,
) -> bool | None:
    """A tick to email this parent about the booking, and the check for one who has not agreed
    to email (in a form, always shown, since a form is not drawn again as it is ticked): None
    when not emailing (no right, no mail server, no address, not ticked), else whether the
    sender has checked with them."""
    if not access.can(user, "outbox", "invitations") or not person.address:
        return None
    if server_for(cur) is None:
        return None
    name = ui.md_escape(person.name)
    # Keyed by what decides the tick, so that when it changes the box starts afresh.
    wanted = st.checkbox(
        f"{label} {ui.md_escape(person.label)}", value=ticked,
        key=f"{key}_send_{person.contact_id}_{ticked}",
    )  # fmt: skip
    checked = False
    if not person.agreed:
        st.caption(f"{name} {ui.md_escape(person.caution or '')}.")
    if not person.agreed and (wanted or in_form):
        checked = st.checkbox(
            f"I have checked with {name} that email is all right",
            key=f"{key}_checked_{person.contact_id}",
        )
    return checked if wanted else None


def invitation_choice(cur: db.Cursor, user: User, carer, key: str) -> bool | None:
    """In the booking form: whether to email the parent the invitation (ticked when they agreed
    to email); see _email_choice."""
    if carer is None:
        return None
    person = parents.recipient(carer)
    label = "Email the invitation to"
    return _email_choice(cur, user, person, label, person.agreed, key, in_form=False)


def move_choice(cur: db.Cursor, user: User, booking, key: str) -> bool | None:
    """In the move form: whether to email the parent the new time (ticked when they were
    emailed the invitation and agreed to email); see _email_choice."""
    if booking.contact_id is None or not access.can(user, "outbox", "invitations"):
        return None
    person = invitations.draft_invitation(cur, user, booking.booking_id).recipient
    ticked = person.agreed and bool(person.emailed)
    return _email_choice(cur, user, person, "Email the new time to", ticked, key)


def invitation_sender(
    user: User, checked: bool | None, now: datetime
) -> tuple[Callable[[db.Cursor, int], None] | None, list[int]]:
    """What queues the invitation (or the new time) INSIDE the booking's or the move's own
    transaction (its `then`), or None when not emailing; and the list its email's id goes in."""
    queued: list[int] = []
    if checked is None:
        return None, queued

    def then(c: db.Cursor, booking_id: int) -> None:
        queued.append(invitations.queue_invitation(c, user, booking_id, checked, now))

    return then, queued


def cancellation_choice(cur: db.Cursor, user: User, booking, key: str):
    """Inside the cancel form: whether to email the parent the cancellation (ticked when they
    were emailed the invitation and agreed to email), and the check for one who did not agree.
    Returns what makes the email's queuing (given the time), or None when not sending."""
    if booking.contact_id is None or not access.can(user, "outbox", "invitations"):
        return None
    person = invitations.draft_invitation(cur, user, booking.booking_id).recipient
    ticked = person.agreed and bool(person.emailed)
    checked = _email_choice(cur, user, person, "Email the cancellation to", ticked, key)
    if checked is None:
        return None
    return lambda now: invitations.cancellation(cur, user, booking.booking_id, checked, now)


def send_and_say(cur: db.Cursor, email_id: int, now) -> str:
    """Send one queued email now; a sentence on what became of it, for a confirmation (plain
    text: escape it where it is shown)."""
    mail_server = server_for(cur)
    if mail_server is None:
        return ""
    email = outbox.send_now(cur, mail_server, email_id, now)
    if email.status == "sent":
        return f" The parent was emailed ({email.to_address})."
    return (
        f" The email to {email.to_address} has not gone yet: "
        f"{email.last_error or email.status_words} The Outbox shows how it goes."
    )
