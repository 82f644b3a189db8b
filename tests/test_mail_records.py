"""A meeting's written record emailed to the parents: who it can go to, the check before writing
to a parent who has not agreed to email, the record as the parent receives it, and the meeting
then marked as given its written record. A real SMTP server on loopback receives it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sendlib import db, users
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.mail import outbox, records
from sendlib.pupils import contacts
from sendlib.timeline import listing
from tests import school
from tests.apptest import as_read, run_page, shown_text
from tests.mail_server import school_mail, smtp_server

NOW = school.NOW
MEETING = {
    "channel": "meeting in person", "direction": "to parent", "meeting_kind": "APDR review",
    "led_by": "SENCo", "subject": "Review of Zoë's plan", "summary": "Reading is coming on.",
    "parent_views": "Zoë is happier at school.", "happened_at": school.at("2026-11-20 15:30"),
}  # fmt: skip
AOIFE = school.CONTACTS[school.ZOE]


@pytest.fixture
def meeting(cur, staff) -> int:
    return school.log(cur, staff["senco"], school.ZOE, **MEETING)


def _second_parent(cur, staff, **changes) -> int:
    values = {
        "title": "Mr", "forename": "Seán", "surname": "O'Connor", "relationship": "father",
        "preferred_channel": "phone", "phone": "07700 900999", "email": "sean@example.org",
        **changes,
    }  # fmt: skip
    return contacts.save_contact(cur, staff["senco"], school.ZOE, values)


def test_the_draft_names_each_parent_and_says_who_has_not_agreed_to_email(cur, staff, meeting):
    sean = _second_parent(cur, staff)
    draft = records.draft_record(cur, staff["senco"], meeting, school.TODAY)
    assert draft.subject == "Our meeting about Zoë on 20 November 2026"
    assert draft.attachment_name == "Record of our meeting, 20-11-2026.pdf"
    assert [(r.contact_id, r.agreed, r.caution) for r in draft.recipients] == [
        (AOIFE, True, None),
        (sean, False, "has not agreed to be emailed"),
    ]
    assert draft.message.startswith("Dear Ms O'Connor and Seán O'Connor,")
    assert "please reply to this email or ring the school" in draft.message


def test_the_record_arrives_as_a_pdf_and_the_meeting_is_marked_given(cur, staff, meeting, tmp_path):
    with smtp_server(tmp_path) as (inbox, mail_server):
        draft = records.draft_record(cur, staff["senco"], meeting, school.TODAY)
        [email_id] = records.send_record(
            cur, staff["senco"], meeting, [AOIFE], draft.message, set(), NOW
        )
        assert listing.get_entry(cur, staff["senco"], meeting).written_record_given is None
        sent = outbox.send_now(cur, mail_server, email_id, NOW)
    assert sent.status == "sent"
    [received] = inbox.received
    assert str(received["To"]) == "Ms O'Connor <aoife@example.org>"
    assert str(received["Subject"]) == "Our meeting about Zoë on 20 November 2026"
    [attached] = list(received.iter_attachments())
    text = PdfReader(io.BytesIO(attached.get_content())).pages[0].extract_text()
    assert "Record of our meeting about Zoë" in text
    assert "Zoë is happier at school." in text
    assert listing.get_entry(cur, staff["senco"], meeting).written_record_given == NOW.date()


def test_a_parent_who_has_not_agreed_is_sent_it_only_once_the_sender_has_checked(
    cur, staff, meeting
):
    sean = _second_parent(cur, staff)
    with pytest.raises(ValidationError) as raised:
        records.send_record(cur, staff["senco"], meeting, [AOIFE, sean], "Dear all", set(), NOW)
    [problem] = raised.value.problems
    assert (problem.field, problem.message) == (
        "Seán O'Connor",
        "has not agreed to be emailed: tick that you have checked with them",
    )
    assert db.scalar(cur, "SELECT count(*) FROM outbox") == 0  # nor Aoife's: all or none
    queued = records.send_record(
        cur, staff["senco"], meeting, [AOIFE, sean], "Dear all", {sean}, NOW
    )
    assert len(queued) == 2


def test_a_parent_with_no_email_address_is_named(cur, staff, meeting):
    sean = _second_parent(cur, staff, email="")
    with pytest.raises(ValidationError) as raised:
        records.send_record(cur, staff["senco"], meeting, [sean], "Dear Mr O'Connor", {sean}, NOW)
    assert raised.value.problems[0].field == "Seán O'Connor"
    assert "has no email address" in raised.value.problems[0].message


def test_an_empty_message_or_no_one_chosen_is_named(cur, staff, meeting):
    with pytest.raises(ValidationError) as raised:
        records.send_record(cur, staff["senco"], meeting, [], "  ", set(), NOW)
    assert {p.field for p in raised.value.problems} == {"Message", "Send to"}


def test_the_office_never_sends_a_record_and_a_teacher_only_for_their_class(cur, staff, meeting):
    with pytest.raises(PermissionDenied):
        records.draft_record(cur, staff["office"], meeting, school.TODAY)
    with pytest.raises(NotFound):  # Zoë is in 2A, not the teacher's 5A
        records.draft_record(cur, staff["teacher"], meeting, school.TODAY)


def test_the_timeline_page_emails_the_record(school_copy, tmp_path):
    cur = db.cursor(db.connect(school_copy))
    senco = users.get_user(cur, "senco")
    meeting = school.log(cur, senco, school.ZOE, **MEETING)
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        cur.close()
        at = run_page("pages/timeline.py", "senco", {"pupil": str(school.ZOE)})
        assert not at.exception
        key = f"timeline_email_{meeting}"
        assert at.checkbox(key=f"{key}_to_{AOIFE}").value is True
        assert at.text_area(key=f"{key}_message").value.startswith("Dear Ms O'Connor,")
        at.button(key=f"{key}_send").click().run()
        assert not at.exception
        assert any("the mail server took it" in s.value for s in at.success)
        assert len(inbox.received) == 1
        # Drawn again: nobody ticked, and it says when it went, so a second click sends nothing.
        assert at.checkbox(key=f"{key}_to_{AOIFE}").value is False
        assert "Already emailed to Ms O'Connor: " in as_read(shown_text(at))
        at.button(key=f"{key}_send").click().run()
        assert "Send to: choose at least one parent or carer" in as_read(at.error[0].value)
        assert len(inbox.received) == 1
