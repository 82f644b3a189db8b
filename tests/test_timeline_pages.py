"""Logging a contact, reading the timeline and keeping promises, as staff use the pages (AppTest)."""

from __future__ import annotations

import pytest

from sendlib import db, users
from sendlib.timeline import ledger as timeline_ledger
from sendlib.timeline import listing, replies
from sendlib.ui import PAGE_ROWS
from tests import school
from tests.apptest import as_read, run_page, serve, shown_text


@pytest.fixture
def school_with_an_entry(school_copy):
    """A fresh copy of the test school with one entry on Alex's timeline: homework worries a
    week ago, still needing a reply, with an action due today."""
    conn = db.connect(school_copy)
    cur = conn.cursor()
    school.log(
        cur,
        users.get_user(cur, "senco"),
        school.ALEX,
        subject="Homework worries",
        needs_reply=True,
        happened_at=school.at("2026-11-16 09:00"),
        actions=[school.action(due_date=school.TIMELINE_NOW.date())],
    )
    conn.close()
    return school_copy


def reopen(path):
    conn = db.connect(path)
    return conn.cursor(), users.get_user(conn.cursor(), "senco")


def test_logging_a_call_puts_it_on_the_pupils_timeline(school_with_an_entry):
    at = run_page("pages/log.py", "teacher", {"pupil": str(school.ALEX)})
    assert not at.exception
    at.selectbox(key="log_channel").set_value("phone")
    at.selectbox(key="log_direction").set_value("from parent")
    at.text_input(key="log_subject").input("Swimming kit")
    at.text_area(key="log_summary").input("Mrs Nguyễn rang about the swimming kit.")
    at.button(key="log_save").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved to the timeline: Swimming kit."
    cur, senco = reopen(school_with_an_entry)
    found = listing.list_entries(cur, senco, listing.TimelineFilter(pupil_id=school.ALEX))
    assert list(found["Subject"]) == ["Swimming kit", "Homework worries"]
    assert found.iloc[0]["Staff"] == "Tia Teacher"


def test_an_empty_summary_is_named_and_nothing_is_saved(school_with_an_entry):
    at = run_page("pages/log.py", "senco", {"pupil": str(school.ALEX)})
    at.text_input(key="log_subject").input("Quick note")
    at.button(key="log_save").click().run()
    assert "Summary: is required" in as_read(at.error[0].value)
    assert at.text_input(key="log_subject").value == "Quick note"
    cur, senco = reopen(school_with_an_entry)
    assert school.timeline_counts(cur)[0] == 1


def test_wording_advice_appears_before_saving(school_with_an_entry):
    at = run_page("pages/log.py", "senco", {"pupil": str(school.ALEX)})
    at.text_area(key="log_summary").input("Told Mum we are going to move him to the nurture group.")
    at.run()
    advice = " ".join(i.value for i in at.info)
    assert "Wording that could work better with parents" in advice
    assert "Mum" in advice and "we are going to" in advice


def test_the_timeline_shows_entries_and_the_chart(school_with_an_entry):
    at = run_page("pages/timeline.py", "senco", {"pupil": str(school.ALEX)})
    assert not at.exception
    assert list(at.dataframe[0].value["Subject"]) == ["Homework worries"]
    assert "Print the communication record (PDF)" in shown_text(at)


def test_teacher_cannot_log_for_another_class(school_with_an_entry):
    at = run_page("pages/log.py", "teacher", {"pupil": str(school.ZOE)})
    assert not at.exception
    assert at.selectbox(key="log_pupil").value is None  # Zoë is not offered to this teacher
    assert "Zoë" not in " ".join(str(o) for o in at.selectbox(key="log_pupil").options)


def test_marking_a_reply_and_an_action_done_from_the_ledger(school_with_an_entry):
    at = run_page("pages/ledger.py", "senco")
    assert not at.exception
    waiting = at.dataframe[0].value
    assert list(waiting["Subject"]) == ["Homework worries"]
    assert bool(waiting.iloc[0]["Over target"]) is True  # 16 Nov to 23 Nov: 5 school days
    at.button(key="FormSubmitter:ledger_reply-Mark as replied").click().run()
    assert at.success[0].value == "Marked as replied."
    at.checkbox(key="ledger_is_done").check()
    at.checkbox(key="ledger_is_told").check()
    at.button(key="FormSubmitter:ledger_update-Save").click().run()
    assert at.success[0].value == "Action updated."
    cur, senco = reopen(school_with_an_entry)
    ledger = timeline_ledger.ledger(cur, senco, school.TODAY)
    assert list(ledger["State"]) == ["done on time"]
    assert ledger.iloc[0]["Parent told"] == school.TODAY
    assert len(replies.awaiting_reply(cur, senco, school.TODAY)) == 0


def test_a_meeting_with_two_actions_reaches_the_ledger(school_with_an_entry):
    at = run_page("pages/log.py", "senco", {"pupil": str(school.ALEX)})
    at.selectbox(key="log_channel").set_value("meeting in person")
    at.selectbox(key="log_direction").set_value("to parent")
    at.text_input(key="log_subject").input("Support plan review")
    at.text_area(key="log_summary").input("We looked at the reading targets together.")
    at.toggle(key="log_is_meeting").set_value(True)
    at.number_input(key="log_action_count").set_value(2).run()
    owners = at.selectbox(key="log_action_1_who").options
    at.text_input(key="log_action_1_what").input("Send home the reading cards")
    at.selectbox(key="log_action_1_who").set_value(owners[0])
    at.date_input(key="log_action_1_due").set_value(school.TODAY)
    at.text_input(key="log_action_2_what").input("Practise the cards each evening")
    at.selectbox(key="log_action_2_who").set_value("Mrs Nguyễn (mother)")
    at.date_input(key="log_action_2_due").set_value(None)  # cleared: the default is gone
    at.run()
    at.button(key="log_save").click().run()
    assert "Action 2, Due date: is required" in as_read(at.error[0].value)
    cur, senco = reopen(school_with_an_entry)
    assert school.timeline_counts(cur)[:2] == (1, 1)  # nothing half-saved
    at.date_input(key="log_action_2_due").set_value(school.TODAY)
    at.button(key="log_save").click().run()
    assert at.success[0].value == "Saved to the timeline: Support plan review."
    cur, senco = reopen(school_with_an_entry)
    ledger = timeline_ledger.ledger(cur, senco, school.TODAY, pupil_id=school.ALEX)
    assert sorted(ledger["What"]) == [
        "Practise the cards each evening",
        "Send home the phonics cards",
        "Send home the reading cards",
    ]


def test_after_saving_the_form_starts_empty(school_with_an_entry):
    at = run_page("pages/log.py", "senco", {"pupil": str(school.ALEX)})
    at.text_input(key="log_subject").input("First call")
    at.text_area(key="log_summary").input("Spoke about reading.")
    at.button(key="log_save").click().run()
    assert at.success[0].value == "Saved to the timeline: First call."
    # In place of the form: nothing that would save the same contact again.
    assert "log_save" not in {b.key for b in at.button}
    at.button(key="log_another").click().run()
    assert at.text_input(key="log_subject_1").value == ""
    assert at.text_area(key="log_summary_1").value == ""


def test_the_log_form_starts_with_sensible_defaults_that_can_be_changed(school_with_an_entry):
    at = run_page("pages/log.py", "senco", {"pupil": str(school.ALEX)})
    assert at.selectbox(key="log_channel").value == "phone"
    assert at.selectbox(key="log_direction").value == "to parent"
    assert at.selectbox(key="log_contact").value.addressed_as == "Mrs Nguyễn"
    at.selectbox(key="log_channel").set_value("home-school book").run()
    assert at.selectbox(key="log_direction").value == "from parent"
    at.selectbox(key="log_direction").set_value("to parent").run()
    assert at.selectbox(key="log_direction").value == "to parent"
    at.number_input(key="log_action_count").set_value(1).run()
    # Owned by the person logging, due five school days on (Monday 23/11 to Monday 30/11).
    assert at.selectbox(key="log_action_1_who").value == "Sam Senco (staff)"
    assert str(at.date_input(key="log_action_1_due").value) == "2026-11-30"
    assert "due on 30/11/2026" in shown_text(at)


@pytest.mark.parametrize(("username", "lead"), [("senco", "SENCo"), ("teacher", "class teacher")])
def test_a_meeting_starts_as_led_by_whoever_logs_it(school_with_an_entry, username, lead):
    # The written record tells the parents who led the meeting: it must not guess wrong.
    at = run_page("pages/log.py", username, {"pupil": str(school.ALEX)})
    at.toggle(key="log_is_meeting").set_value(True).run()
    assert at.selectbox(key="log_led_by").value == lead


def download_labels(at) -> list[str]:
    return [as_read(button.proto.label) for button in at.get("download_button")]


def test_a_recorded_meeting_offers_its_written_record_at_once(school_with_an_entry):
    at = run_page("pages/log.py", "senco", {"pupil": str(school.ALEX)})
    assert not any("written record" in label for label in download_labels(at))
    at.selectbox(key="log_channel").set_value("meeting in person")
    at.text_input(key="log_subject").input("Support plan review")
    at.text_area(key="log_summary").input("We looked at the reading targets together.")
    at.toggle(key="log_is_meeting").set_value(True)
    at.button(key="log_save").click().run()
    assert at.success[0].value == "Saved to the timeline: Support plan review."
    assert "Print the written record of this meeting for the parents (PDF)" in download_labels(at)


def test_the_profile_offers_the_latest_meetings_written_record(school_with_an_entry):
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)})
    assert not any("latest meeting" in label for label in download_labels(at))
    cur, senco = reopen(school_with_an_entry)
    school.log(
        cur,
        senco,
        school.ALEX,
        channel="meeting in person",
        direction="to parent",
        meeting_kind="APDR review",
        led_by="SENCo",
        happened_at=school.at("2026-11-20 15:30"),
    )
    at = run_page("pages/pupil.py", "senco", {"pupil": str(school.ALEX)})
    assert "Written record of the latest meeting, 20/11/2026 (PDF)" in download_labels(at)


def test_a_long_timeline_is_sent_a_page_at_a_time_and_every_entry_is_on_one(demo_file, monkeypatch):
    serve(demo_file, monkeypatch)
    at = run_page("pages/timeline.py", "senco")
    total = int(at.metric[0].value)
    pages = -(-total // PAGE_ROWS)
    assert pages > 1, "the small demo school's last 90 days fill more than one page"
    seen = []
    for page in range(1, pages + 1):
        at.number_input(key="timeline_page").set_value(page).run()
        rows = at.dataframe[0].value
        first = (page - 1) * PAGE_ROWS + 1
        assert len(rows) == min(PAGE_ROWS, total - first + 1)
        assert f"Showing entries {first:,} to {first + len(rows) - 1:,} of {total:,}" in (
            shown_text(at)
        )
        seen += list(rows["communication_id"])
    assert len(seen) == len(set(seen)) == total
    # A list asked for differently starts again at its first page.
    at.toggle(key="timeline_open_actions").set_value(True).run()
    assert not at.exception
    narrower = int(at.metric[0].value)
    assert len(at.dataframe[0].value) == min(narrower, PAGE_ROWS)
    if narrower > PAGE_ROWS:
        assert at.number_input(key="timeline_page").value == 1


def test_a_long_ledger_is_sent_a_page_at_a_time_and_its_picker_offers_that_page(
    demo_file, monkeypatch
):
    serve(demo_file, monkeypatch)
    at = run_page("pages/ledger.py", "senco", state={"ledger_done": True})
    cur, senco = reopen(demo_file)
    every_action = timeline_ledger.ledger(cur, senco, school.TODAY, include_done=True)
    pages = -(-len(every_action) // PAGE_ROWS)
    assert pages > 1, "the small demo school has more actions than fit on one page"
    seen = []
    for page in range(1, pages + 1):
        at.number_input(key="ledger_page").set_value(page).run()
        rows = next(t.value for t in at.dataframe if "What" in t.value.columns)
        seen += list(rows["action_id"])
        still_open = rows[rows["Done"].isna() | rows["Parent told"].isna()]
        if len(still_open):
            offered = at.selectbox(key="ledger_action").options
            assert offered == list(still_open["Pupil"] + ": " + still_open["What"])
    assert sorted(seen) == sorted(every_action["action_id"])
