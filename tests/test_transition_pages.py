"""The transition-pack page as a SENCo and a teacher use it (AppTest)."""

from __future__ import annotations

from datetime import date

from sendlib import db, users
from sendlib.transition import packs
from tests.apptest import as_read, run_page, shown_text
from tests.school import ALEX, SIOBHAN

MOVE = date(2027, 9, 2)


def reopen(path):
    cur = db.cursor(db.connect(path))
    return cur, users.get_user(cur, "senco")


def open_pack(username: str, pupil_id: int):
    at = run_page("pages/transition.py", username, {"pupil": str(pupil_id)})
    return at.segmented_control(key="transition_view").set_value("pack").run()


def start(at, to: str = "Year 6, Elm class"):
    at.selectbox(key="start_kind").set_value("class to class")
    at.date_input(key="start_date").set_value(MOVE)
    at.text_input(key="start_to").input(to)
    at.text_input(key="start_teacher").input("Ms Ahmed")
    return at.button[0].click().run()


def press(at, label: str):
    return [b for b in at.button if b.label == label][0].click().run()


def test_a_senco_builds_shares_agrees_and_hands_over_a_pack(school_copy):
    at = start(open_pack("senco", ALEX))
    assert not at.exception
    assert "Pack started from the pupil's record" in at.success[0].value
    # The pack is filled from the record: Alex's strengths are already in "About me".
    about = at.text_area(key=[t.key for t in at.text_area if t.key.endswith("_about_me")][0])
    assert "Alex is kind and curious." in about.value
    about.set_value("Alex loves maps and knows every bus route in town.")
    at = press(at, "Save a new version")
    assert "Saved as version 2." in at.success[0].value
    # Sharing with nothing under "What works for me" is refused, naming the section.
    at.radio(key=at.radio[0].key).set_value("shared with parents").run()
    at = press(at, "Record: shared with parents")
    assert "What works for me: is empty" in as_read(at.error[0].value)
    works = [t.key for t in at.text_area if t.key.endswith("_what_works")][0]
    at.text_area(key=works).set_value("- Instructions one step at a time\n- A quiet start")
    at = press(at, "Save a new version")
    assert "Saved as version 3." in at.success[0].value

    at.radio(key=at.radio[0].key).set_value("shared with parents").run()
    at = press(at, "Record: shared with parents")
    assert "Recorded: shared with parents" in at.success[0].value
    at.text_input(key=[t.key for t in at.text_input if t.key.endswith("_agreed_by")][0]).input(
        "Mrs Nguyễn"
    )
    at.text_area(key=[t.key for t in at.text_area if t.key.endswith("_comments")][0]).input(
        "Please seat him near the door."
    )
    at = press(at, "Record: agreed with parents")
    assert not at.exception
    text = shown_text(at)
    assert "Agreed with the parents on 23/11/2026 by Mrs Nguyễn" in text
    at.text_input(key=[t.key for t in at.text_input if t.key.endswith("_handed_to")][0]).input(
        "Ms Ahmed, Elm class"
    )
    at = press(at, "Record: handed over")
    assert "handed over to Ms Ahmed, Elm class" in shown_text(at)
    assert not [e for e in at.expander if e.label == "Edit the pack"]  # no edits after hand-over
    at.text_input(key=[t.key for t in at.text_input if t.key.endswith("_person")][0]).input(
        "Ms Ahmed"
    )
    at = press(at, "Record: receipt confirmed")
    assert "receipt confirmed on 23/11/2026" in shown_text(at)

    cur, senco = reopen(school_copy)
    pack = packs.packs_for_pupil(cur, senco, ALEX)[0]
    assert [e.status for e in pack.events] == [
        "draft",
        "shared with parents",
        "agreed with parents",
        "handed over",
        "receipt confirmed",
    ]
    assert pack.sections["about_me"] == "Alex loves maps and knows every bus route in town."
    subjects = [
        row[0]
        for row in cur.execute(
            "SELECT subject FROM communications WHERE pupil_id = ? ORDER BY communication_id",
            [ALEX],
        ).fetchall()
    ]
    assert len(subjects) == 4 and "handed over" in subjects[-2]


def test_a_pack_needs_a_move_date_and_a_place(school_copy):
    at = open_pack("senco", ALEX)
    at = at.button[0].click().run()
    errors = as_read(at.error[0].value)
    assert "Moving to: is required" in errors and "Move date: is required" in errors
    cur, senco = reopen(school_copy)
    assert packs.packs_for_pupil(cur, senco, ALEX) == []


def test_a_teacher_sees_their_class_moving_up_in_september(school_copy):
    at = run_page("pages/transition.py", "teacher")
    assert not at.exception
    text = shown_text(at)
    assert "Nobody on the register is moving on this year" not in text
    assert "Moving class in September" in text and "2 pupils on the register" in text
    assert "Siobhán Murphy" in text and "Zoë" not in text
    at = press(at, "Start their pack")
    assert at.session_state["transition_view"] == "pack"


def test_a_teacher_builds_a_pack_but_does_not_change_its_status(school_copy):
    at = start(open_pack("teacher", SIOBHAN))
    assert not at.exception
    assert "Pack (PDF)" in [b.proto.label for b in at.get("download_button")]
    assert not at.radio  # only the SENCo shares, records agreement or hands over
    assert "Restricted" not in shown_text(at)


def test_the_tracker_opens_a_pupils_pack_and_the_handover_prints_a_class(school_copy):
    at = open_pack("senco", ALEX)
    start(at)
    at = run_page("pages/transition.py", "senco")
    assert "Packs should be started by Monday 15 February 2027" in shown_text(at)
    at = at.segmented_control(key="transition_view").set_value("handover").run()
    at.selectbox(key="handover_class").set_value("5A").run()
    text = shown_text(at)
    assert (
        "1 pack in 5A: 1 pack still in draft." in text
        and "No pack yet for: Siobhán Murphy." in text
    )
    assert "September handover (PDF)" in [b.proto.label for b in at.get("download_button")]
