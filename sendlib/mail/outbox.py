"""The outbox: every email waits here, written in the same transaction as the change that
caused it, and is sent from here, at most once.

A message goes queued -> sending -> sent. 'sending' is committed before the server is given the
message, and 'sent' after the server has taken it, with the message's entry on the pupil's
timeline. If the app stops in between, the message is left 'sending'; after STALE it is marked
'unknown' ("may have gone"), shown to the SENCo, and never sent again unless a person says so.
So a stop can lose a message's record, never send it twice. A message the server refused is
tried again later (BACKOFF), up to its last try, then 'failed' with the server's answer; an
address the server refuses outright fails at once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sendlib import addresses, audit, db, users
from sendlib.access import books_only, is_senco, require, require_pupil
from sendlib.errors import NotFound, Problem, ValidationError
from sendlib.mail import smtp
from sendlib.mail.server import MailServer
from sendlib.mail.smtp import Outgoing, SendFailed
from sendlib.timeline import entries, replies
from sendlib.users import User

# Minutes to wait before each try after a refusal; after the last, the message has failed.
BACKOFF = (1, 5, 30, 120, 360)
STALE = timedelta(minutes=10)
# Emails claimed, handed over on one connection, and recorded together: a stop in between leaves
# at most this many 'unknown'.
BATCH = 10
KINDS = {
    "written record": "records",
    "plan": "records",
    "transition pack": "records",
    "invitation": "invitations",
    "moved": "invitations",
    "cancelled": "invitations",
    "reminder": "invitations",
    "test": "manage",
}
STATUS_WORDS = {
    "queued": "waiting to be sent",
    "sending": "being sent",
    "sent": "sent",
    "failed": "not sent",
    "unknown": "may have gone: check with the parent",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class Email:
    """One message in the outbox, without its attachment's bytes."""

    email_id: int
    pupil_id: int | None
    contact_id: int | None
    kind: str
    about_id: int | None
    to_name: str
    to_address: str
    subject: str
    body: str
    attachment_name: str | None
    status: str
    attempts: int
    next_try_at: datetime | None
    last_error: str | None
    header_id: str | None
    queued_by: str
    queued_at: datetime
    sent_at: datetime | None
    communication_id: int | None

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


_COLUMNS = ", ".join(f.name for f in fields(Email))


def _emails(cur: db.Cursor, email_ids: list[int]) -> list[Email]:
    """These emails, in the order given (one query for a batch)."""
    if not email_ids:
        return []
    found = {
        e.email_id: e
        for e in db.records(
            cur, Email, f"SELECT {_COLUMNS} FROM outbox WHERE email_id IN (SELECT unnest(?))",
            [email_ids],
        )
    }  # fmt: skip
    return [found[email_id] for email_id in email_ids if email_id in found]


def get_email(cur: db.Cursor, email_id: int) -> Email:
    return db.held(
        cur, Email, f"SELECT {_COLUMNS} FROM outbox WHERE email_id = ?", [email_id],
        "That email is not in the outbox.",
    )  # fmt: skip


@dataclass(frozen=True)
class ToQueue:
    """One email to put in the outbox, and whose name it goes in."""

    user: User
    kind: str
    outgoing: Outgoing
    pupil_id: int | None = None
    contact_id: int | None = None
    about_id: int | None = None
    once_key: str | None = None  # what may be queued only once (a reminder of one slot)


def queue(
    c: db.Cursor,
    user: User,
    *,
    kind: str,
    outgoing: Outgoing,
    now: datetime,
    pupil_id: int | None = None,
    contact_id: int | None = None,
    about_id: int | None = None,
    once_key: str | None = None,
) -> int | None:
    """Put one email in the outbox INSIDE the caller's transaction; its id, or None when a
    message with this once_key was queued before (a reminder is queued once). Audited."""
    item = ToQueue(user, kind, outgoing, pupil_id, contact_id, about_id, once_key)
    return queue_many(c, [item], now)[0]


def queue_many(c: db.Cursor, items: list[ToQueue], now: datetime) -> list[int | None]:
    """Put these emails in the outbox INSIDE the caller's transaction, each checked as queue()
    checks it; their ids (None for one queued before by its once_key). Audited."""
    ids: list[int | None] = []
    rows = []
    for item in items:
        email_id = _insert(c, item, now)
        ids.append(email_id)
        if email_id is not None:
            to = f"{smtp.one_line(item.outgoing.to_name)} <{item.outgoing.to_address.strip()}>"
            rows.append(
                {"username": item.user.username, "action": "queue email",
                 "pupil_id": item.pupil_id, "detail": f"email {email_id}: {item.kind} to {to}"}
            )  # fmt: skip
    audit.record_many(c, rows)
    return ids


def _insert(c: db.Cursor, item: ToQueue, now: datetime) -> int | None:
    user, outgoing = item.user, item.outgoing
    require(user, "outbox", KINDS[item.kind])
    if item.pupil_id is not None and not books_only(user):
        require_pupil(c, user, item.pupil_id)  # a teacher, for their own class's pupils
    address, wrong = addresses.email_address(outgoing.to_address)
    if wrong or not address:
        raise ValidationError([Problem("Email address", wrong or "is required")])
    if item.once_key and db.scalar(c, "SELECT 1 FROM outbox WHERE once_key = ?", [item.once_key]):
        return None
    return db.scalar(
        c,
        "INSERT INTO outbox (pupil_id, contact_id, kind, about_id, once_key, to_name, "
        "to_address, subject, body, attachment_name, attachment_type, attachment, next_try_at, "
        "queued_by, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING email_id",
        [item.pupil_id, item.contact_id, item.kind, item.about_id, item.once_key,
         smtp.one_line(outgoing.to_name), address, smtp.one_line(outgoing.subject),
         outgoing.body, outgoing.attachment_name, outgoing.attachment_type, outgoing.attachment,
         now, user.username, now],
    )  # fmt: skip


def list_outbox(cur: db.Cursor, user: User, statuses: tuple[str, ...] = ()) -> list[Email]:
    """The outbox, newest first: the SENCo sees every email, the office the invitations and
    reminders; only these statuses, if given."""
    require(user, "outbox", "view")
    kinds = [k for k, right in KINDS.items() if is_senco(user) or right == "invitations"]
    where = [f"kind IN ({', '.join('?' for _ in kinds)})"]
    params: list = list(kinds)
    if statuses:
        where.append(f"status IN ({', '.join('?' for _ in statuses)})")
        params += list(statuses)
    return db.records(
        cur, Email,
        f"SELECT {_COLUMNS} FROM outbox WHERE {' AND '.join(where)} "
        "ORDER BY queued_at DESC, email_id DESC",
        params,
    )  # fmt: skip


def emails_about(cur: db.Cursor, kind: str, about_id: int) -> list[Email]:
    """The emails of this kind about this meeting, booking, plan or pack, oldest first."""
    return db.records(
        cur, Email,
        f"SELECT {_COLUMNS} FROM outbox WHERE kind = ? AND about_id = ? ORDER BY email_id",
        [kind, about_id],
    )  # fmt: skip


# --- sending ---------------------------------------------------------------------------------


def send_now(cur: db.Cursor, server: MailServer, email_id: int, now: datetime) -> Email:
    """Send one queued email at once (the Send button); the email as it then stands: sent,
    queued again for a later try, failed, or unknown."""
    _send(cur, server, [email_id], now)
    return get_email(cur, email_id)


def send_due(
    cur: db.Cursor,
    server: MailServer,
    now: datetime,
    limit: int = 200,
    timeout: float = smtp.TIMEOUT_SECONDS,
) -> list[Email]:
    """Send every email whose time has come (first marking as unknown any left 'sending' by a
    stop), BATCH at a time over one connection to the server, waiting at most `timeout` seconds
    for its answers; the emails as they then stand."""
    settle_interrupted(cur, now)
    due = [
        row[0]
        for row in cur.execute(
            "SELECT email_id FROM outbox WHERE status = 'queued' AND next_try_at <= ? "
            "ORDER BY next_try_at, email_id LIMIT ?",
            [now, limit],
        ).fetchall()
    ]
    for first in range(0, len(due), BATCH):
        _send(cur, server, due[first : first + BATCH], now, timeout)
    return _emails(cur, due)


def _send(
    cur: db.Cursor,
    server: MailServer,
    email_ids: list[int],
    now: datetime,
    timeout: float = smtp.TIMEOUT_SECONDS,
) -> None:
    """Claim these emails, hand each to the server, and record what became of them."""
    claimed = _claim(cur, email_ids, server, now)
    if not claimed:
        return
    attached = _attachments(cur, [e.email_id for e in claimed])
    outcomes: list[tuple[Email, SendFailed | None]] = []
    with smtp.Session(server, timeout) as session:
        for email in claimed:
            kind, data = attached[email.email_id]
            outgoing = Outgoing(
                email.to_name, email.to_address, email.subject, email.body,
                email.attachment_name, kind, data,
            )  # fmt: skip
            try:
                message = smtp.build_email(server, outgoing, email.header_id or "", now)
            except (ValueError, TypeError) as exc:  # never handed over, so certain not to have gone
                outcomes.append(
                    (email, SendFailed(f"The email could not be made: {exc}", lasting=True))
                )
                continue
            outcomes.append((email, session.send(message)))
    _record(cur, outcomes, now)


def _claim(cur: db.Cursor, email_ids: list[int], server: MailServer, now: datetime) -> list[Email]:
    """Mark the queued ones of these emails 'sending', committed, so that no one else sends
    them; those claimed (an email no longer waiting is left alone)."""
    domain = server.settings.from_address.rpartition("@")[2]

    # Message-IDs unique to each email and to this try at the batch (RFC 5322 3.6.4).
    token = secrets.token_hex(8)

    def work(c: db.Cursor) -> list[int]:
        claimed = c.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, sending_since = ?, "
            "header_id = coalesce(header_id, '<outbox.' || email_id || '.' || ? || '@' || ? "
            "|| '>') WHERE email_id IN (SELECT unnest(?)) AND status = 'queued' "
            "RETURNING email_id, pupil_id, queued_by, attempts",
            [now, token, domain, email_ids],
        ).fetchall()
        audit.record_many(c, [
            {"username": queued_by, "action": "sending email", "pupil_id": pupil_id,
             "detail": f"email {email_id}, try {attempts}: handed to {server.settings.host}"}
            for email_id, pupil_id, queued_by, attempts in claimed
        ])  # fmt: skip
        taken = {row[0] for row in claimed}
        return [email_id for email_id in email_ids if email_id in taken]  # in the order due

    return _emails(cur, db.write(cur, work))


def _attachments(cur: db.Cursor, email_ids: list[int]) -> dict[int, tuple]:
    """Each email's attachment (its type and bytes), read for a whole batch at once."""
    return {
        email_id: (kind, data)
        for email_id, kind, data in cur.execute(
            "SELECT email_id, attachment_type, attachment FROM outbox "
            "WHERE email_id IN (SELECT unnest(?))",
            [email_ids],
        ).fetchall()
    }


def _record(cur: db.Cursor, outcomes: list[tuple[Email, SendFailed | None]], now: datetime) -> None:
    """What became of each email handed over, in one transaction: each sent one on the pupil's
    timeline (and a written record noted as given), each other to be tried again, failed, or
    unknown, with the server's answer."""
    senders = {e.queued_by: users.get_user(cur, e.queued_by) for e, _ in outcomes}

    def work(c: db.Cursor) -> None:
        rows = []
        for email, failure in outcomes:
            if failure is None:
                _record_sent(c, senders[email.queued_by], email, now)
                action = "send email"
                detail = f"email {email.email_id}: {email.kind} to {email.to_name} " \
                    f"<{email.to_address}>"  # fmt: skip
            else:
                _record_failure(c, email, failure, now)
                action = "email not sent"
                detail = f"email {email.email_id}, try {email.attempts}: {failure.reason}"
            rows.append(
                {"username": email.queued_by, "action": action, "pupil_id": email.pupil_id,
                 "detail": detail}
            )  # fmt: skip
        audit.record_many(c, rows)

    db.write(cur, work)


def _record_sent(c: db.Cursor, sender: User, email: Email, now: datetime) -> None:
    """INSIDE the recording transaction: the email sent, and on the pupil's timeline."""
    communication_id = None
    if email.pupil_id is not None:
        communication_id = _on_timeline(c, sender, email, now)
    if email.kind == "written record" and email.about_id is not None:
        replies.note_record_given(c, sender.username, email.about_id, now.date())
    c.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, sending_since = NULL, "
        "communication_id = ? WHERE email_id = ?",
        [now, communication_id, email.email_id],
    )


def _record_failure(c: db.Cursor, email: Email, failure: SendFailed, now: datetime) -> None:
    """INSIDE the recording transaction: an email the server did not take."""
    if failure.may_have_gone:
        status, next_try = "unknown", None
    elif failure.lasting or email.attempts >= len(BACKOFF):
        status, next_try = "failed", None
    else:
        status, next_try = "queued", now + timedelta(minutes=BACKOFF[email.attempts - 1])
    c.execute(
        "UPDATE outbox SET status = ?, next_try_at = ?, last_error = ?, sending_since = NULL "
        "WHERE email_id = ?",
        [status, next_try, failure.reason, email.email_id],
    )


def _on_timeline(c: db.Cursor, sender: User, email: Email, now: datetime) -> int:
    attached = f" Attached: {email.attachment_name}." if email.attachment_name else ""
    clean, problems = entries.validate_entry(
        {"happened_at": now, "channel": "email", "direction": "to parent",
         "contact_id": email.contact_id, "staff_username": sender.username,
         "subject": email.subject, "summary": f"Emailed to {email.to_name} "
         f"<{email.to_address}> from the app.{attached}\n\n{email.body}"[:entries.MAX_TEXT]},
        now,
    )  # fmt: skip
    if problems:
        raise ValidationError(problems)
    return entries.insert_entry(c, sender, email.pupil_id or 0, clean, [], now)


def settle_interrupted(cur: db.Cursor, now: datetime) -> int:
    """Emails left 'sending' longer than STALE (the app stopped while sending them) become
    'unknown': they may have gone, so they are not sent again by themselves. How many."""

    def work(c: db.Cursor) -> list[tuple]:
        rows = c.execute(
            "UPDATE outbox SET status = 'unknown', last_error = 'The app stopped while this was "
            "being sent: it may or may not have gone.' WHERE status = 'sending' "
            "AND sending_since < ? RETURNING email_id, pupil_id, queued_by",
            [now - STALE],
        ).fetchall()
        for email_id, pupil_id, queued_by in rows:
            audit.record(
                c, queued_by, "email not sent", pupil_id,
                f"email {email_id}: the app stopped while it was being sent",
            )  # fmt: skip
        return rows

    return len(db.write(cur, work))


# --- what a person does with a message that has not gone --------------------------------------


def cancel(cur: db.Cursor, user: User, email_id: int, now: datetime) -> None:
    """Cancel an email that has not gone (SENCo, or whoever queued it); audited."""
    _change(cur, user, email_id, ("queued", "failed", "unknown"), "cancelled", now)


def try_again(cur: db.Cursor, user: User, email_id: int, now: datetime) -> None:
    """Queue again an email that failed, or that may have gone when the person has checked it
    did not arrive (SENCo only); audited."""
    _change(cur, user, email_id, ("failed", "unknown"), "queued", now)


def _change(
    cur: db.Cursor, user: User, email_id: int, allowed: tuple[str, ...], to: str, now: datetime
) -> None:
    require(user, "outbox", "view")
    email = get_email(cur, email_id)
    if not (is_senco(user) or (to == "cancelled" and email.queued_by == user.username)):
        require(user, "outbox", "manage")
    if email.status not in allowed:
        raise ValidationError.one("Email", f"is {email.status_words}: it cannot be changed now")

    def work(c: db.Cursor) -> None:
        done = c.execute(
            "UPDATE outbox SET status = ?, next_try_at = ?, cancelled_by = ?, cancelled_at = ? "
            f"WHERE email_id = ? AND status IN ({', '.join('?' for _ in allowed)}) "
            "RETURNING email_id",
            [to, now if to == "queued" else None,
             user.username if to == "cancelled" else None,
             now if to == "cancelled" else None, email_id, *allowed],
        ).fetchall()  # fmt: skip
        if not done:
            raise NotFound("That email has just been sent or changed: look again.")
        action = "cancel email" if to == "cancelled" else "queue email again"
        audit.record(
            c, user.username, action, email.pupil_id, f"email {email_id}: {email.kind}",
            before={"status": email.status}, after={"status": to},
        )  # fmt: skip

    db.write(cur, work)
