"""The outbox: every email to parents, whether it went, and what to do about one that did not."""

import pandas as pd
import streamlit as st

from sendlib import access, ui
from sendlib.mail import outbox
from sendlib.ui import confirm, sender

user, cur = ui.guard("outbox")
st.title("Outbox")
st.caption(
    "Every email the app sends to parents, through the school's own mail server: written "
    "records, plans and transition packs, invitations and reminders. Each sent email is also "
    "on the pupil's timeline."
)
mail_server = sender.server_for(cur)
if mail_server is None:
    st.info(
        "The school's mail server is not set up yet, so nothing can be sent. The SENCo sets it "
        "up on School settings, under Email to parents."
    )

emails = outbox.list_outbox(cur, user)
if not emails:
    st.info(
        "No emails yet. Written records, plans, packs, invitations and reminders sent from the "
        "app show here."
    )
    st.stop()
waiting = [e for e in emails if e.status == "queued"]
with st.container(horizontal=True):
    for status in ("queued", "failed", "unknown", "sent"):
        st.metric(
            outbox.STATUS_WORDS[status].split(":")[0].capitalize(),
            sum(e.status == status for e in emails),
        )
if (
    waiting
    and mail_server is not None
    and st.button("Send the waiting emails now", key="outbox_send")
):
    now = ui.now()
    with st.spinner("Sending…"):
        done = outbox.send_due(cur, mail_server, now)
    sent = sum(e.status == "sent" for e in done)
    ui.flash(
        f"{sent} of {len(done)} sent." if done else "None was due yet: each waits for its next try."
    )

frame = pd.DataFrame(
    [
        {"email_id": e.email_id, "When": e.sent_at or e.queued_at,
         "To": f"{e.to_name} <{e.to_address}>", "Subject": e.subject, "What": e.kind,
         "Status": e.status_words, "Tries": e.attempts, "Server's answer": e.last_error or ""}
        for e in emails
    ]
)  # fmt: skip
# What matters fits a school laptop's screen; the server's answer is a scroll to the right.
ui.table(
    frame, "outbox_table",
    {"When": 125, "To": 200, "Subject": 230, "What": 100, "Status": 140, "Tries": 45,
     "Server's answer": 320},
)  # fmt: skip

open_ones = frame[[e.status in ("queued", "failed", "unknown") for e in emails]]
if open_ones.empty:
    st.stop()
st.subheader("An email that has not gone")
chosen = ui.pick_row(open_ones, "email_id", "Email", "outbox_pick", "To", "Subject", "Status")
email = next(e for e in emails if e.email_id == chosen)
if email.last_error:
    st.caption(f"The server's answer: {ui.md_escape(email.last_error)}")
with st.container(horizontal=True):
    cancel_asked = st.button("Cancel it", key="outbox_cancel")
    again_asked = (
        email.status in ("failed", "unknown")
        and access.can(user, "outbox", "manage")
        and st.button("Send it again", key="outbox_again")
    )
if confirm.confirmed(
    f"outbox_cancel_{email.email_id}", cancel_asked,
    f"Cancel the email to {ui.md_escape(email.to_name)}? It will not be sent.", "Yes, cancel it",
):  # fmt: skip
    with ui.reporting_errors():
        outbox.cancel(cur, user, email.email_id, ui.now())
        ui.flash("Cancelled: it will not be sent.")
question = (
    "It may already have reached them. Send it again only if you have checked it did not arrive."
    if email.status == "unknown"
    else "Send it again? The app tries it as soon as you press Send the waiting emails now, "
    "or within the minute."
)
if confirm.confirmed(f"outbox_again_{email.email_id}", again_asked, question, "Yes, send it again"):
    with ui.reporting_errors():
        outbox.try_again(cur, user, email.email_id, ui.now())
        ui.flash("It is waiting to be sent again.")
