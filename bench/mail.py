"""Email: REMINDERS surgery reminders queued through the outbox together, as the app's sender
queues the day before's, then sent to an SMTP server on loopback (aiosmtpd), ten at a time over
one connection, each recorded on the pupil's timeline."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.timing import NOW, median_ms, school_copy
from sendlib import db, users
from sendlib.mail import outbox
from sendlib.mail.smtp import Outgoing
from tests.mail_server import school_mail

REMINDERS = 200


def time_reminders(path: Path, repeat: int) -> float:
    """On a copy of the school: the median time to queue and send REMINDERS reminders."""
    with school_copy(path, "mail") as cur:
        return _queue_and_send(cur, repeat)


def _queue_and_send(cur: db.Cursor, repeat: int) -> float:
    office = users.get_user(cur, "office")
    parents = cur.execute(
        "SELECT pupil_id, contact_id, coalesce(form_of_address, name), email FROM contacts "
        "WHERE email IS NOT NULL ORDER BY contact_id LIMIT ?",
        [REMINDERS],
    ).fetchall()
    assert len(parents) == REMINDERS
    with tempfile.TemporaryDirectory() as folder, school_mail(cur, Path(folder)) as (inbox, mail):

        def queue_and_send() -> None:
            items = [
                outbox.ToQueue(
                    office, "reminder",
                    Outgoing(name, address, "Reminder: your meeting with the SENCo tomorrow",
                             f"Dear {name},\n\nA reminder of your meeting with the SENCo.\n"),
                    pupil_id, contact_id,
                )
                for pupil_id, contact_id, name, address in parents
            ]  # fmt: skip
            db.write(cur, lambda c: outbox.queue_many(c, items, NOW))
            sent = outbox.send_due(cur, mail, NOW, limit=REMINDERS)
            assert [e.status for e in sent] == ["sent"] * REMINDERS

        median = median_ms(queue_and_send, repeat)
        assert len(inbox.received) == REMINDERS * repeat
    return median
