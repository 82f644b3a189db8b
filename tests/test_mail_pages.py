"""Email on the pages (AppTest): the SENCo sets up the mail server on School settings and sends a
test message to a real loopback server; the Outbox shows what went and what did not, and who
may see it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sendlib import db, users
from sendlib.mail import outbox, server
from sendlib.mail.smtp import Outgoing
from tests import school
from tests.apptest import as_read, run_page, shown_text
from tests.mail_server import settings_for, smtp_server


def _set_up(at, port: int) -> None:
    at.text_input(key="mail_host").input("127.0.0.1")
    at.text_input(key="mail_port").input(str(port))
    at.selectbox(key="mail_security").set_value("none")
    at.text_input(key="mail_from_address").input("senco@school.example")
    at.text_input(key="mail_from_name").input("Test Primary SENCo")
    at.button(key="FormSubmitter:settings_mail-Save the mail server").click().run()


def test_the_senco_sets_up_the_server_and_a_test_message_arrives(school_copy, tmp_path):
    with smtp_server(tmp_path) as (inbox, mail_server):
        at = run_page("pages/settings.py", "senco")
        assert not at.exception
        _set_up(at, mail_server.settings.port)
        assert "Mail server saved" in as_read(shown_text(at))
        at.text_input(key="mail_test_to").input("sam@school.example")
        at.button(key="FormSubmitter:settings_mail_test-Send a test message").click().run()
        assert not at.exception
        assert any("the mail server took it" in s.value for s in at.success)
        [received] = inbox.received
        assert str(received["To"]) == "Sam Senco <sam@school.example>"


def test_a_wrong_setting_is_named_on_the_form_and_nothing_is_saved(school_copy):
    at = run_page("pages/settings.py", "senco")
    at.text_input(key="mail_host").input("smtp office365 com")
    at.text_input(key="mail_from_address").input("senco@school.example")
    at.text_input(key="mail_from_name").input("SENCo")
    at.button(key="FormSubmitter:settings_mail-Save the mail server").click().run()
    assert "Mail server: 'smtp office365 com' is not a server name" in as_read(at.error[0].value)
    cur = db.cursor(db.connect(school_copy))
    assert server.get_mail_settings(cur) is None


def test_a_test_message_to_a_server_that_is_down_says_so_and_is_not_kept(school_copy):
    cur = db.cursor(db.connect(school_copy))
    senco = users.get_user(cur, "senco")
    server.save_mail_settings(
        cur, senco,
        {"host": "127.0.0.1", "port": "9", "security": "none", "from_address": "s@school.example",
         "from_name": "SENCo"},
    )  # fmt: skip
    cur.close()
    at = run_page("pages/settings.py", "senco")
    at.text_input(key="mail_test_to").input("sam@school.example")
    at.button(key="FormSubmitter:settings_mail_test-Send a test message").click().run()
    assert "The test message did not go. Nothing answered at 127.0.0.1 port 9" in as_read(
        at.error[0].value
    )
    cur = db.cursor(db.connect(school_copy))
    assert [e.status for e in outbox.list_outbox(cur, senco)] == ["cancelled"]


def _queued(path, kind="written record", to_name="Ms O'Connor") -> int:
    cur = db.cursor(db.connect(path))
    senco = users.get_user(cur, "senco")
    outgoing = Outgoing(to_name, "aoife@example.org", f"About Zoë ({kind})", "Dear Ms O'Connor")
    email_id = db.write(
        cur,
        lambda c: outbox.queue(
            c, senco, kind=kind, outgoing=outgoing, now=school.NOW, pupil_id=school.ZOE
        ),
    )
    cur.close()
    return email_id


def test_an_empty_outbox_says_so_in_words(school_copy):
    at = run_page("pages/outbox.py", "senco")
    assert not at.exception
    text = shown_text(at)
    assert "The school's mail server is not set up yet" in text
    assert "No emails yet." in text


def test_the_senco_sends_again_an_email_that_failed(school_copy):
    email_id = _queued(school_copy, to_name="**Ms** O'Connor")
    cur = db.cursor(db.connect(school_copy))
    cur.execute(
        "UPDATE outbox SET status = 'failed', attempts = 5, last_error = 'The mail server "
        "refused the address' WHERE email_id = ?",
        [email_id],
    )
    cur.close()
    at = run_page("pages/outbox.py", "senco")
    assert "The mail server refused the address" in shown_text(at)
    at.button(key="outbox_again").click().run()
    at.button(key=f"outbox_again_{email_id}_yes").click().run()
    assert not at.exception
    cur = db.cursor(db.connect(school_copy))
    assert outbox.get_email(cur, email_id).status == "queued"
    assert "Cancel the email to" not in shown_text(at)


def test_a_queued_email_is_cancelled_after_asking(school_copy):
    email_id = _queued(school_copy, to_name="*Ms* O'Connor")
    at = run_page("pages/outbox.py", "senco")
    at.button(key="outbox_cancel").click().run()
    assert "Cancel the email to *Ms* O'Connor?" in as_read(at.warning[0].value)
    at.button(key=f"outbox_cancel_{email_id}_yes").click().run()
    cur = db.cursor(db.connect(school_copy))
    assert outbox.get_email(cur, email_id).status == "cancelled"


def test_the_office_sees_invitations_but_not_records(school_copy):
    _queued(school_copy, "written record")
    _queued(school_copy, "invitation")
    at = run_page("pages/outbox.py", "office")
    assert not at.exception
    subjects = list(at.dataframe[0].value["Subject"])
    assert subjects == ["About Zoë (invitation)"]


@pytest.mark.parametrize("username", ["teacher", "head"])
def test_teachers_and_governors_do_not_open_the_outbox(school_copy, username):
    at = run_page("pages/outbox.py", username)
    assert "cannot open Outbox" in at.error[0].value


def test_an_email_waiting_for_its_next_try_goes_with_the_button(school_copy, tmp_path):
    email_id = _queued(school_copy)
    with smtp_server(tmp_path) as (inbox, mail_server):
        cur = db.cursor(db.connect(school_copy))
        senco = users.get_user(cur, "senco")
        server.save_mail_settings(cur, senco, settings_for(mail_server))
        cur.execute(
            "UPDATE outbox SET next_try_at = ? WHERE email_id = ?",
            [school.NOW - timedelta(minutes=1), email_id],
        )
        cur.close()
        at = run_page("pages/outbox.py", "senco")
        at.button(key="outbox_send").click().run()
        assert not at.exception
        assert "1 of 1 sent." in shown_text(at)
        assert len(inbox.received) == 1
