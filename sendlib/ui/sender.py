"""The app's own sender: while the app runs, once a minute, the day-before reminders of parent
surgeries are queued and the outbox's due emails go out (a retry after a refusal, an email
queued while the server was down). Started once per server process, on the first page run;
never under AppTest, which runs pages without a server."""

from __future__ import annotations

import logging
import os
import threading
import time

import streamlit as st
from streamlit import runtime

from sendlib import db
from sendlib.mail import outbox, reminders, server
from sendlib.ui import connection

SECONDS = float(os.environ.get("SENDHUB_SENDER_SECONDS", "60"))
# Where the app finds what is never stored in the database: its secrets file, or the environment.
SECRETS = {server.PASSWORD_VARIABLE: "smtp_password", server.CA_FILE_VARIABLE: "smtp_ca_file"}
log = logging.getLogger(__name__)


def server_for(cur: db.Cursor) -> server.MailServer | None:
    """The school's mail server with its password, or None until it is set up."""
    found = {name: connection.secret(key) or os.environ.get(name) for name, key in SECRETS.items()}
    return server.mail_server(cur, found)


def start(path: str) -> None:
    """Start the sender for this database, once per server process."""
    if runtime.exists():
        _started(path)


@st.cache_resource(show_spinner=False)
def _started(path: str) -> threading.Thread:
    thread = threading.Thread(target=_every_minute, args=(path,), daemon=True, name="outbox")
    thread.start()
    return thread


def _every_minute(path: str) -> None:
    while True:
        time.sleep(SECONDS)
        try:
            send_due(db.cursor(connection.connection(path)))
        except Exception:  # a bad minute is logged; the next minute tries again
            log.exception("The outbox could not send its due emails")


def send_due(cur: db.Cursor) -> list[outbox.Email]:
    """Queue the reminders due and send what is due now, if the mail server is set up."""
    mail_server = server_for(cur)
    if mail_server is None:
        return []
    now = connection.now()
    reminders.queue_reminders(cur, now)
    return outbox.send_due(cur, mail_server, now)
