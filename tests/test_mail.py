"""Email through the school's own mail server: the settings and their rules, the message as the
parent's mail program receives it, the outbox's sending at most once, and the server's refusals
in plain words. Each test runs a real SMTP server on loopback (tests/mail_server.py)."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from sendlib import audit, db, users
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.mail import outbox, server, smtp
from sendlib.mail.smtp import Outgoing
from sendlib.reporting import printing
from sendlib.timeline import listing as timeline_listing
from tests import school
from tests.local_server import ROOT
from tests.mail_server import smtp_server

NOW = school.NOW
SETTINGS = {
    "host": "smtp.office365.com", "port": "587", "security": "starttls",
    "username": "senco@northfield.sch.uk", "from_address": "senco@northfield.sch.uk",
    "from_name": "Northfield Primary SENCo", "reply_to": "office@northfield.sch.uk",
}  # fmt: skip


@pytest.fixture
def mail(tmp_path):
    with smtp_server(tmp_path) as (inbox, mail_server):
        yield inbox, mail_server


def _queue(cur, user, to_address="aoife@example.org", **changes) -> int:
    outgoing = Outgoing(
        to_name=changes.pop("to_name", "Ms O'Connor"), to_address=to_address,
        subject=changes.pop("subject", "Our meeting about Zoë"),
        body=changes.pop("body", "Dear Ms O'Connor,\n\nThank you for meeting us.\n"),
        **changes,
    )  # fmt: skip
    return db.write(
        cur,
        lambda c: outbox.queue(
            c, user, kind="written record", outgoing=outgoing, now=NOW,
            pupil_id=school.ZOE, contact_id=school.CONTACTS[school.ZOE],
        ),
    )  # fmt: skip


# --- the settings --------------------------------------------------------------------------


def test_the_senco_sets_up_the_mail_server_and_it_is_audited(cur, staff):
    assert server.get_mail_settings(cur) is None
    saved = server.save_mail_settings(cur, staff["senco"], SETTINGS)
    assert server.get_mail_settings(cur) == saved
    assert (saved.port, saved.security, saved.reply_to) == (587, "starttls", SETTINGS["reply_to"])
    row = audit.search(cur, staff["senco"], audit.AuditFilter(action="change settings")).iloc[0]
    assert "mail server" in row["Detail"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"host": ""}, "Mail server", "is required"),
        ({"host": "smtp office365 com"}, "Mail server", "is not a server name"),
        ({"port": "five"}, "Port", "is not a number"),
        ({"port": "70000"}, "Port", "between 1 and 65535"),
        ({"from_address": "senco at school"}, "Send from (address)", "is not an email address"),
        ({"from_address": ""}, "Send from (address)", "is required"),
        ({"reply_to": "office@"}, "Replies go to", "is not an email address"),
        ({"security": "none", "port": "25"}, "User name", "never sent unencrypted"),
    ],
)
def test_a_wrong_mail_setting_is_named_and_nothing_is_saved(cur, staff, change, field, words):
    with pytest.raises(ValidationError) as raised:
        server.save_mail_settings(cur, staff["senco"], {**SETTINGS, **change})
    assert any(p.field == field and words in p.message for p in raised.value.problems)
    assert server.get_mail_settings(cur) is None


@pytest.mark.parametrize("role", ["teacher", "office", "viewer"])
def test_only_the_senco_sets_up_the_mail_server(cur, staff, role):
    with pytest.raises(PermissionDenied):
        server.save_mail_settings(cur, staff[role], SETTINGS)


def test_the_password_comes_from_the_secrets_and_is_never_shown(cur, staff):
    server.save_mail_settings(cur, staff["senco"], SETTINGS)
    found = server.mail_server(cur, {server.PASSWORD_VARIABLE: "hunter2-secret"})
    assert found.password == "hunter2-secret"
    assert "hunter2" not in repr(found)
    assert db.scalar(cur, "SELECT count(*) FROM settings WHERE value LIKE '%hunter2%'") == 0


# --- the message as received -----------------------------------------------------------------


def test_a_queued_email_is_sent_once_with_its_names_attachment_and_headers(cur, staff, mail):
    inbox, mail_server = mail
    pdf = b"%PDF-1.4 fictional record"
    email_id = _queue(
        cur, staff["senco"], to_name="Łucja Nguyễn محمد", subject="Our meeting about Zoë",
        attachment_name="Record of our meeting.pdf", attachment_type="application/pdf",
        attachment=pdf, body="Dear Łucja,\n\nHere is our record of the meeting about Zoë.\n",
    )  # fmt: skip
    sent = outbox.send_now(cur, mail_server, email_id, NOW)
    assert sent.status == "sent" and sent.attempts == 1
    [received] = inbox.received
    assert str(received["To"]) == "Łucja Nguyễn محمد <aoife@example.org>"
    assert str(received["From"]) == "Northfield Primary SENCo <senco@school.example>"
    assert str(received["Reply-To"]) == "Northfield Primary SENCo <office@school.example>"
    assert str(received["Subject"]) == "Our meeting about Zoë"
    assert received["Message-ID"] == sent.header_id
    assert "Here is our record of the meeting about Zoë." in received.get_body().get_content()
    [attached] = list(received.iter_attachments())
    assert attached.get_filename() == "Record of our meeting.pdf"
    assert attached.get_content() == pdf
    # Sending again does nothing: it went.
    assert outbox.send_now(cur, mail_server, email_id, NOW).status == "sent"
    assert outbox.send_due(cur, mail_server, NOW + timedelta(hours=1)) == []
    assert len(inbox.received) == 1


def test_a_sent_email_is_on_the_pupils_timeline_as_an_email_to_the_parents(cur, staff, mail):
    inbox, mail_server = mail
    sent = outbox.send_now(cur, mail_server, _queue(cur, staff["senco"]), NOW)
    entry = timeline_listing.get_entry(cur, staff["senco"], sent.communication_id)
    assert (entry.channel, entry.direction, entry.pupil_id) == ("email", "to parent", school.ZOE)
    assert entry.subject == "Our meeting about Zoë"
    assert entry.contact_id == school.CONTACTS[school.ZOE]


def test_an_invitation_is_attached_as_a_calendar_the_mail_program_reads(cur, staff, mail):
    inbox, mail_server = mail
    ics = Calendar()
    ics.add("prodid", "-//test//EN")
    ics.add("version", "2.0")
    email_id = _queue(
        cur, staff["senco"], attachment_name="invite.ics", attachment_type="text/calendar",
        attachment=ics.to_ical(),
    )  # fmt: skip
    outbox.send_now(cur, mail_server, email_id, NOW)
    [attached] = list(inbox.received[0].iter_attachments())
    assert attached.get_content_type() == "text/calendar"
    assert Calendar.from_ical(attached.get_content()).get("prodid") == "-//test//EN"


def test_typed_text_cannot_add_a_header(cur, staff, mail):
    inbox, mail_server = mail
    email_id = _queue(
        cur, staff["senco"], to_name="Aoife\r\nBcc: everyone@example.org",
        subject="Hello\nBcc: everyone@example.org",
    )  # fmt: skip
    outbox.send_now(cur, mail_server, email_id, NOW)
    [received] = inbox.received
    assert received["Bcc"] is None
    assert inbox.envelopes[0][1] == ["aoife@example.org"]
    assert str(received["Subject"]) == "Hello Bcc: everyone@example.org"


def test_a_wrong_address_is_refused_before_anything_is_queued(cur, staff):
    with pytest.raises(ValidationError) as raised:
        _queue(cur, staff["senco"], to_address="aoife at example")
    assert raised.value.problems[0].field == "Email address"
    assert db.scalar(cur, "SELECT count(*) FROM outbox") == 0


def test_the_office_may_not_send_a_record_and_staff_meeting_mode_sends_nothing(cur, staff):
    with pytest.raises(PermissionDenied):
        _queue(cur, staff["office"])
    with pytest.raises(PermissionDenied):
        _queue(cur, staff["viewer"])
    senco = staff["senco"]
    cur.execute("UPDATE users SET staff_meeting = TRUE WHERE username = ?", [senco.username])
    with pytest.raises(PermissionDenied, match="Staff-meeting mode"):
        _queue(cur, users.get_user(cur, senco.username))


# --- when the server says no ---------------------------------------------------------------


def test_a_refused_address_fails_at_once_with_the_servers_answer(cur, staff, mail):
    inbox, mail_server = mail
    inbox.refuse.add("aoife@example.org")
    failed = outbox.send_now(cur, mail_server, _queue(cur, staff["senco"]), NOW)
    assert failed.status == "failed"
    assert "refused the address aoife@example.org" in failed.last_error
    assert "550" in failed.last_error
    assert failed.communication_id is None


def test_a_server_that_is_down_is_tried_again_later_then_fails(cur, staff, mail):
    inbox, mail_server = mail
    down = server.MailServer(
        server.MailSettings(**{**mail_server.settings.__dict__, "port": 9}), None
    )
    email_id = _queue(cur, staff["senco"])
    waited = outbox.send_now(cur, down, email_id, NOW)
    assert waited.status == "queued" and waited.next_try_at == NOW + timedelta(minutes=1)
    assert "Nothing answered at 127.0.0.1 port 9" in waited.last_error
    when = NOW
    for _ in outbox.BACKOFF[1:]:
        when = outbox.get_email(cur, email_id).next_try_at
        assert outbox.send_due(cur, down, when - timedelta(seconds=1)) == []  # not yet
        outbox.send_due(cur, down, when)
    assert outbox.get_email(cur, email_id).status == "failed"
    # Once the SENCo has put the server right, it can be tried again, and goes once.
    outbox.try_again(cur, staff["senco"], email_id, when)
    assert outbox.send_due(cur, mail_server, when)[0].status == "sent"
    assert len(inbox.received) == 1


def test_a_connection_lost_while_handing_over_leaves_it_unknown_never_resent(cur, staff, mail):
    inbox, mail_server = mail
    inbox.drop_data = True
    email_id = _queue(cur, staff["senco"])
    unknown = outbox.send_now(cur, mail_server, email_id, NOW)
    assert unknown.status == "unknown"
    assert "may or may not have gone" in unknown.last_error
    inbox.drop_data = False
    assert outbox.send_due(cur, mail_server, NOW + timedelta(days=1)) == []
    assert inbox.received == []


def test_a_wrong_password_is_named_in_plain_words(cur, staff, tmp_path):
    with smtp_server(tmp_path, "starttls") as (inbox, mail_server):
        wrong = server.MailServer(mail_server.settings, "not-the-password", mail_server.ca_file)
        failed = outbox.send_now(cur, wrong, _queue(cur, staff["senco"]), NOW)
        assert failed.status == "queued"
        assert "refused the user name or password" in failed.last_error
        assert outbox.send_due(cur, mail_server, NOW + timedelta(minutes=1))[0].status == "sent"
        assert len(inbox.received) == 1


def test_tls_from_the_start_sends(cur, staff, tmp_path):
    with smtp_server(tmp_path, "tls") as (inbox, mail_server):
        assert outbox.send_now(cur, mail_server, _queue(cur, staff["senco"]), NOW).status == "sent"
        assert len(inbox.received) == 1


def test_a_certificate_the_app_does_not_trust_is_refused(cur, staff, tmp_path):
    with smtp_server(tmp_path, "starttls") as (inbox, mail_server):
        untrusted = server.MailServer(mail_server.settings, mail_server.password, None)
        failed = outbox.send_now(cur, untrusted, _queue(cur, staff["senco"]), NOW)
        assert "secure connection" in failed.last_error
        assert inbox.received == []


def test_a_queued_email_can_be_cancelled_and_then_never_goes(cur, staff, mail):
    inbox, mail_server = mail
    email_id = _queue(cur, staff["senco"])
    outbox.cancel(cur, staff["senco"], email_id, NOW)
    assert outbox.get_email(cur, email_id).status == "cancelled"
    assert outbox.send_due(cur, mail_server, NOW + timedelta(hours=1)) == []
    with pytest.raises(ValidationError):
        outbox.try_again(cur, staff["senco"], email_id, NOW)
    assert inbox.received == []


# --- a stop between sending and recording -----------------------------------------------------

KILLED_SENDER = """
import os, sys
from datetime import datetime
from sendlib import db
from sendlib.mail import outbox
from sendlib.mail.server import MailServer, MailSettings
settings = MailSettings('127.0.0.1', int(sys.argv[2]), 'none', None, 'senco@school.example',
                        'SENCo', None)
def killed(*args, **kwargs):
    os._exit(9)  # the app stops just after the server took the message
outbox._record_sent = killed
cur = db.cursor(db.connect(sys.argv[1]))
outbox.send_now(cur, MailServer(settings, None), int(sys.argv[3]), datetime.fromisoformat(sys.argv[4]))
"""


def test_a_stop_after_the_server_took_it_never_sends_it_twice(tmp_path, mail, monkeypatch):
    inbox, mail_server = mail
    school.cheap_passwords(monkeypatch)
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    cur = db.cursor(conn)
    staff = school.populate(cur)
    email_id = _queue(cur, staff["senco"])
    conn.close()
    stopped = subprocess.run(
        [sys.executable, "-c", KILLED_SENDER, str(path), str(mail_server.settings.port),
         str(email_id), NOW.isoformat()],
        cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    assert stopped.returncode == 9, stopped.stderr
    assert len(inbox.received) == 1
    cur = db.cursor(db.connect(path))
    assert outbox.get_email(cur, email_id).status == "sending"
    assert outbox.send_due(cur, mail_server, NOW + timedelta(minutes=5)) == []  # still sending
    assert outbox.send_due(cur, mail_server, NOW + timedelta(minutes=11)) == []
    settled = outbox.get_email(cur, email_id)
    assert settled.status == "unknown"
    assert "stopped while this was being sent" in settled.last_error
    assert len(inbox.received) == 1


def test_the_pdf_sent_is_the_pdf_queued(cur, staff, mail):
    inbox, mail_server = mail
    document = printing.print_profile(cur, staff["senco"], school.ZOE, school.TODAY)
    email_id = _queue(
        cur, staff["senco"], attachment_name="profile.pdf", attachment_type="application/pdf",
        attachment=document,
    )  # fmt: skip
    outbox.send_now(cur, mail_server, email_id, NOW)
    [attached] = list(inbox.received[0].iter_attachments())
    text = PdfReader(io.BytesIO(attached.get_content())).pages[0].extract_text()
    assert "Zoë" in text


def test_one_line_turns_line_breaks_into_spaces():
    assert smtp.one_line("a\r\nb\n\tc  d") == "a b c d"
