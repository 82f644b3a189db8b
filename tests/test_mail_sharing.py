"""The plan for parents and the transition pack emailed to the parents for their views: the
request in plain words, the PDF as the parent receives it (a pack without the restricted notes),
a draft pack shared in the same transaction as its emails, and who may send which. A real SMTP
server on loopback receives them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sendlib import db, users
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.mail import outbox, sharing
from sendlib.timeline import listing
from sendlib.transition import packs, stages
from sendlib.transition.prefill import RESTRICTED_MARK
from tests import school
from tests.apptest import as_read, run_page, shown_text
from tests.mail_server import school_mail, smtp_server

NOW = school.NOW
AOIFE = school.CONTACTS[school.ZOE]
MOVE = {
    "move_kind": "class to class", "receiving_setting": "Year 3, Elm class",
    "receiving_teacher": "Mr Ahmed", "move_date": date(2027, 9, 2),
}  # fmt: skip
SECTIONS = {
    "about_me": "Zoë loves drawing and animals.",
    "needs": "Speech and language: short instructions, one at a time.",
    "what_works": f"A visual timetable.\n\n{RESTRICTED_MARK}\nSocial care involved.",
}


@pytest.fixture
def plan(cur) -> int:
    return school.add_plan(
        cur, school.ZOE, date(2026, 9, 14), date(2026, 12, 11),
        [("Say what she needs in a short sentence", None), ("Follow a two-step instruction", None)],
        [("Speech and language group", "twice a week", "Mrs Lee (TA)")],
    )  # fmt: skip


@pytest.fixture
def pack(cur, staff) -> int:
    pack_id = packs.start_pack(cur, staff["senco"], school.ZOE, MOVE, school.TODAY, NOW)
    packs.save_version(cur, staff["senco"], pack_id, SECTIONS, [], NOW)
    return pack_id


def _pdf_text(received) -> str:
    [attached] = list(received.iter_attachments())
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(attached.get_content())).pages)


def test_the_plan_asks_the_parents_for_their_views_in_plain_words(cur, staff, plan):
    draft = sharing.draft_plan(cur, staff["senco"], plan)
    assert draft.subject == "Our plan for Zoë: we would like your views"
    assert draft.message.startswith("Dear Ms O'Connor,\n\nAttached is our plan for Zoë")
    assert "We plan to help Zoë:\n- Say what she needs in a short sentence\n" in draft.message
    assert "We would like your opinion." in draft.message
    assert [(r.contact_id, r.agreed) for r in draft.recipients] == [(AOIFE, True)]


def test_the_plan_arrives_as_the_parents_plan_and_goes_on_the_timeline(cur, staff, plan, tmp_path):
    senco = staff["senco"]
    with smtp_server(tmp_path) as (inbox, mail_server):
        draft = sharing.draft_plan(cur, senco, plan)
        [email_id] = sharing.send_plan(cur, senco, plan, [AOIFE], draft.message, set(), NOW)
        sent = outbox.send_now(cur, mail_server, email_id, NOW)
    assert sent.status == "sent"
    [received] = inbox.received
    assert str(received["Subject"]) == "Our plan for Zoë: we would like your views"
    text = _pdf_text(received)
    assert "Our plan for Zoë, this term" in text
    assert "Speech and language group" in text
    entry = listing.get_entry(cur, senco, sent.communication_id)
    assert (entry.channel, entry.direction) == ("email", "to parent")
    assert entry.subject == "Our plan for Zoë: we would like your views"
    # The same plan again: it says when it went, and nobody starts ticked.
    [again] = sharing.draft_plan(cur, senco, plan).recipients
    assert again.emailed is not None and again.emailed.endswith("sent")


def test_a_reviewed_plan_is_not_sent(cur, staff, plan):
    cur.execute("UPDATE plans SET reviewed_on = ? WHERE plan_id = ?", [school.TODAY, plan])
    with pytest.raises(ValidationError) as raised:
        sharing.draft_plan(cur, staff["senco"], plan)
    assert raised.value.problems[0].field == "Plan"


def test_emailing_a_draft_pack_shares_it_with_the_emails_all_or_none(cur, staff, pack, tmp_path):
    senco = staff["senco"]
    draft = sharing.draft_pack(cur, senco, pack)
    assert draft.subject == "Zoë's move to Year 3, Elm class: we would like your views"
    assert "Sending it shares the pack" in draft.note
    assert "restricted notes are left out" in draft.note
    with pytest.raises(ValidationError):  # an empty message: nothing queued, still a draft
        sharing.send_pack(cur, senco, pack, [AOIFE], " ", set(), NOW)
    assert packs.get_pack(cur, senco, pack).status == "draft"
    assert db.scalar(cur, "SELECT count(*) FROM outbox") == 0
    with smtp_server(tmp_path) as (inbox, mail_server):
        [email_id] = sharing.send_pack(cur, senco, pack, [AOIFE], draft.message, set(), NOW)
        assert packs.get_pack(cur, senco, pack).status == "shared with parents"
        assert outbox.send_now(cur, mail_server, email_id, NOW).status == "sent"
    text = _pdf_text(inbox.received[0])
    assert "Zoë loves drawing and animals." in text
    assert "Sent to you for your views" in text
    assert "Social care involved" not in text
    # Shared by email: the pack's next step is the parents' agreement, and it can be sent again.
    assert "Sending it shares" not in sharing.draft_pack(cur, senco, pack).note


def test_a_pack_missing_a_section_the_parents_need_is_named_and_not_sent(cur, staff):
    pack_id = packs.start_pack(cur, staff["senco"], school.ZOE, MOVE, school.TODAY, NOW)
    packs.save_version(cur, staff["senco"], pack_id, {"about_me": ""}, [], NOW)
    draft = sharing.draft_pack(cur, staff["senco"], pack_id)
    with pytest.raises(ValidationError) as raised:
        sharing.send_pack(cur, staff["senco"], pack_id, [AOIFE], draft.message, set(), NOW)
    assert ("About me", "is empty") in [(p.field, p.message) for p in raised.value.problems]
    assert db.scalar(cur, "SELECT count(*) FROM outbox") == 0


def test_an_agreed_pack_is_not_sent_for_views(cur, staff, pack):
    senco = staff["senco"]
    stages.change_status(cur, senco, pack, "shared with parents", {}, school.TODAY, NOW)
    values = {"agreed_by": "Ms O'Connor", "agreed_on": school.TODAY}
    stages.change_status(cur, senco, pack, "agreed with parents", values, school.TODAY, NOW)
    with pytest.raises(ValidationError):
        sharing.draft_pack(cur, senco, pack)


def test_who_may_send_a_plan_or_a_pack(cur, staff, plan, pack):
    for send in (sharing.draft_plan, sharing.draft_pack):
        with pytest.raises(PermissionDenied):
            send(cur, staff["office"], plan if send is sharing.draft_plan else pack)
    with pytest.raises(NotFound):  # Zoë is in 2A, not the teacher's 5A
        sharing.draft_plan(cur, staff["teacher"], plan)


def test_the_transition_page_emails_the_pack(school_copy, tmp_path):
    cur = db.cursor(db.connect(school_copy))
    senco = users.get_user(cur, "senco")
    pack_id = packs.start_pack(cur, senco, school.ZOE, MOVE, school.TODAY, NOW)
    packs.save_version(cur, senco, pack_id, SECTIONS, [], NOW)
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        cur.close()
        at = run_page("pages/transition.py", "senco", {"pupil": str(school.ZOE)})
        assert not at.exception
        key = f"pack_email_{pack_id}"
        assert at.checkbox(key=f"{key}_to_{AOIFE}").value is True
        assert "restricted notes are left out" in as_read(shown_text(at))
        at.button(key=f"{key}_send").click().run()
        assert not at.exception
        assert any("the mail server took it" in s.value for s in at.success)
        assert len(inbox.received) == 1
        assert "Shared with the parents on" in as_read(shown_text(at))


def test_the_pupil_page_emails_the_plan(school_copy, tmp_path):
    cur = db.cursor(db.connect(school_copy))
    plan_id = school.add_plan(
        cur, school.ZOE, date(2026, 9, 14), date(2026, 12, 11), [("Ask for help", None)]
    )
    with school_mail(cur, tmp_path) as (inbox, mail_server):
        cur.close()
        at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ZOE)}, {"pupil_tab": "Plans"})
        assert not at.exception
        key = f"plan_email_{plan_id}"
        assert at.text_area(key=f"{key}_message").value.startswith("Dear Ms O'Connor,")
        at.button(key=f"{key}_send").click().run()
        assert not at.exception
        assert any("the mail server took it" in s.value for s in at.success)
    [received] = inbox.received
    assert str(received["Subject"]) == "Our plan for Zoë: we would like your views"


def test_a_teacher_emails_their_pupil_s_pack_once_the_senco_has_shared_it(cur, staff):
    senco, teacher = staff["senco"], staff["teacher"]
    pack_id = packs.start_pack(cur, senco, school.ALEX, MOVE, school.TODAY, NOW)
    packs.save_version(cur, senco, pack_id, SECTIONS, [], NOW)
    with pytest.raises(PermissionDenied):  # sharing a draft is the SENCo's step
        sharing.draft_pack(cur, teacher, pack_id)
    stages.change_status(cur, senco, pack_id, "shared with parents", {}, school.TODAY, NOW)
    draft = sharing.draft_pack(cur, teacher, pack_id)
    assert draft.note == ""  # the teacher never had the restricted notes to leave out
    assert [(r.name, r.caution) for r in draft.recipients] == [
        ("Mrs Nguyễn", "has no email address on record")
    ]
