"""The app's own sending: while the app is in use, at most once a minute, a page run queues the
day-before reminders of parent surgeries and sends a batch of the outbox's due emails (a retry
after a refusal, an email queued while the server was down), waiting at most a few seconds for
a mail server that does not answer. It runs in the page's own script run, on its cursor, like
any other action: no thread of its own shares the database connection. SENDHUB_SEND_IN_APP=0
leaves all of it to `python -m sendlib send-reminders` from a scheduled task."""

from __future__ import annotations

import logging
import os
import threading
import time

from sendlib import db
from sendlib.errors import SendHubError
from sendlib.mail import outbox, reminders, server
from sendlib.ui import connection

SECONDS = 60
TIMEOUT_SECONDS = 5
# Where the app finds what is never stored in the database: its secrets file, or the environment.
log = logging.getLogger(__name__)
_last = {"at": float("-inf")}
_lock = threading.Lock()


def server_for(cur: db.Cursor) -> server.MailServer | None:
    """The school's mail server with its password, or None until it is set up."""
    found = {
        name: connection.secret(key) or os.environ.get(name)
        for name, key in server.SECRET_NAMES.items()
    }
    return server.mail_server(cur, found)


def tick(cur: db.Cursor) -> None:
    """Once a minute at most, in whichever page run comes first: queue the reminders due and
    send one batch of due emails. A failure is logged; the page goes on."""
    if os.environ.get("SENDHUB_SEND_IN_APP", "1") == "0":
        return
    with _lock:
        if time.monotonic() - _last["at"] < SECONDS:
            return
        _last["at"] = time.monotonic()
    try:
        mail_server = server_for(cur)
        if mail_server is None:
            return
        now = connection.now()
        reminders.queue_reminders(cur, now)
        outbox.send_due(cur, mail_server, now, limit=outbox.BATCH, timeout=TIMEOUT_SECONDS)
    except SendHubError:
        log.exception("The outbox could not send its due emails")
