"""Email to parents in a real browser: the SENCo records a meeting, reads the email that takes its
written record to the parent, sends it through the school's mail server (a real SMTP server on
loopback), and finds it in the Outbox as sent and on the pupil's timeline."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from sendlib import db
from sendlib.surgery import sessions
from tests import school
from tests.local_server import CHROMIUM, running_app, sign_in, wait_for_cookie, wait_until_idle
from tests.mail_server import school_mail

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
SECONDS = 30_000
SUBJECT = "Our meeting about Zoë on 23 November 2026"


@pytest.fixture
def mail_school(tmp_path):
    """The test school with its mail server set to a loopback SMTP server, served; yields the
    address and the server's inbox."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    cur = conn.cursor()
    staff = school.populate(cur)
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, school.TODAY)
    with school_mail(cur, tmp_path / "mail") as (inbox, _):
        conn.close()
        env = {
            "SENDHUB_TODAY": school.TODAY.isoformat(),
            "SENDHUB_COOKIE_KEY": "mail-browser-test-key-not-secret-32",
        }
        with running_app(path, env) as url:
            yield url, inbox


def _shown(page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=SECONDS)


def _in_table(page, text: str) -> None:
    """A table's cell (tables are drawn on a canvas; their cells are kept for screen readers)."""
    expect(page.get_by_text(text, exact=True).first).to_be_attached(timeout=SECONDS)


def test_a_meeting_s_written_record_is_emailed_and_shows_as_sent(mail_school, browser):
    url, inbox = mail_school
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    sign_in(page, url, "senco", school.PASSWORD)
    _shown(page, "Welcome, Sam Senco")
    wait_for_cookie(page)

    # Record the meeting.
    page.goto(f"{url}/log?pupil={school.ZOE}")
    _shown(page, "What was said or written")
    wait_until_idle(page)
    page.get_by_label("Subject").fill("Zoë's reading")
    page.get_by_label("What was said or written").fill("Reading is coming on well at home.")
    page.get_by_text("This was a meeting").click()
    wait_until_idle(page)
    page.get_by_label("Who was there").fill("Ms O'Connor, SENCo")
    wait_until_idle(page)
    page.get_by_role("button", name="Save to the timeline").click()
    _shown(page, "Saved to the timeline: Zoë's reading.")

    # The email, read before it goes: to the parent who agreed to email, the message editable.
    page.get_by_text("Email the written record to the parents").click()
    box = page.get_by_role("checkbox", name=re.compile(r"^Send to Ms O'Connor .*aoife@example"))
    expect(box).to_be_checked(timeout=SECONDS)
    _shown(page, f"Subject: {SUBJECT}")
    message = page.get_by_label("Message")
    expect(message).to_have_value(re.compile(r"^Dear Ms O'Connor,\n\nThank you for meeting us"))
    message.fill(message.input_value().replace("Thank you", "Thank you again"))
    wait_until_idle(page)
    page.get_by_role("button", name="Send the written record").click()
    _shown(page, "Sent to Ms O'Connor <aoife@example.org>: the mail server took it.")

    [received] = inbox.received
    assert str(received["To"]) == "Ms O'Connor <aoife@example.org>"
    assert "Thank you again for meeting us" in received.get_body().get_content()
    [attached] = list(received.iter_attachments())
    text = PdfReader(io.BytesIO(attached.get_content())).pages[0].extract_text()
    assert "Reading is coming on well at home." in text

    # In the Outbox as sent, and on the pupil's timeline as an email to the parent.
    page.goto(f"{url}/outbox")
    _shown(page, "Every email the app sends to parents")
    _in_table(page, SUBJECT)
    _in_table(page, "sent")
    page.goto(f"{url}/timeline?pupil={school.ZOE}")
    _in_table(page, SUBJECT)
    _in_table(page, "email")
    page.close()
