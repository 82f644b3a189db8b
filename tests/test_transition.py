"""Transition packs: prefilled from the record, versioned, agreed with parents and handed over."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sendlib import db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import register
from sendlib.transition import packs, stages
from sendlib.transition import tracker as transition_tracker
from sendlib.transition.prefill import prefill
from sendlib.words import SCHOOL_TZ
from tests.school import ALEX, SIOBHAN, TODAY, ZOE, add_agency, add_plan, make_upn, populate

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=SCHOOL_TZ)
MOVE = {
    "move_kind": "primary to secondary",
    "receiving_setting": "Northfield Academy",
    "receiving_teacher": "Mr Patel (SENCo)",
    "move_date": date(2027, 9, 2),
}


@pytest.fixture
def school(conn):
    cur = db.cursor(conn)
    accounts = populate(cur)
    cur.execute(
        "UPDATE pupils SET what_helps = 'A visual timetable', adjustments = 'Sits near the front', "
        "triggers = 'Sudden loud noises', history = 'Wears glasses for reading', "
        "restricted_notes = 'Social care involved; ask the SENCo.' WHERE pupil_id = ?",
        [ALEX],
    )
    add_plan(
        cur,
        ALEX,
        date(2026, 9, 14),
        date(2026, 12, 11),
        [("Read a short text aloud", 1), ("Write three sentences", None)],
        [("Small-group phonics", "3 times a week", "Mrs Lee (TA)")],
        pupil_views="I like Lego and drawing.",
        parent_views="He gets anxious about change.",
    )
    add_agency(cur, ALEX, "SALT", practitioner="Jo Bell", phone="0117 496 0001", status="seen")
    return cur, accounts


def start(cur, user, pupil_id=ALEX, **values) -> int:
    return packs.start_pack(cur, user, pupil_id, {**MOVE, **values}, TODAY, NOW)


def problems(error: pytest.ExceptionInfo) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


def test_prefill_builds_each_section_from_the_record(school):
    cur, accounts = school
    text = prefill(cur, accounts["senco"], ALEX)

    assert list(text) == list(packs.SECTIONS)
    assert "Strengths: Alex is kind and curious." in text["about_me"]
    assert "In Alex's own words: “I like Lego and drawing.”" in text["about_me"]
    assert text["needs"] == "SEN support (K). Specific learning difficulty (SPLD)."
    assert "Reasonable adjustments: Sits near the front" in text["what_works"]
    assert "Triggers and what to avoid: Sudden loud noises" in text["what_works"]
    assert "What helps: A visual timetable" in text["what_works"]
    assert text["health_access"] == "Relevant history: Wears glasses for reading"
    plan = text["current_plan"]
    assert "- Read a short text aloud — rating +1 (More than expected)" in plan
    assert "- Write three sentences — not yet rated" in plan
    assert "- Small-group phonics, 3 times a week, Mrs Lee (TA)" in plan
    assert "Review date: 11/12/2026" in plan
    assert "Speech and language therapy (SALT): Jo Bell, 0117 496 0001" in text["people"]
    assert "Mrs Nguyễn (mother): prefers text" in text["people"]
    assert text["parents_views"] == "“He gets anxious about change.”"
    assert text["transition_plan"] == ""


def test_needs_in_words_with_codes_in_brackets(school):
    cur, accounts = school
    text = prefill(cur, accounts["senco"], ZOE)
    assert text["needs"] == (
        "SEN support (K). Speech, language and communication needs (SLCN); "
        "also autistic spectrum disorder (ASD)."
    )


def test_a_pupil_without_a_plan_shows_the_gap(school):
    cur, accounts = school
    text = prefill(cur, accounts["senco"], SIOBHAN)
    assert text["current_plan"] == "No current APDR plan is recorded."
    assert text["parents_views"] == "" and text["health_access"] == ""
    assert text["needs"] == "Monitoring (cause for concern)."


def test_restricted_notes_only_when_the_senco_asks(school):
    cur, accounts = school
    senco, teacher = accounts["senco"], accounts["teacher"]
    assert "Speak to the SENCo" not in prefill(cur, senco, ZOE)["what_works"]
    works = prefill(cur, senco, ZOE, include_restricted=True)["what_works"]
    assert works.endswith(
        "Restricted (added by the SENCo):\nSpeak to the SENCo before calling home."
    )
    assert "Social care" not in "".join(prefill(cur, teacher, ALEX).values())
    with pytest.raises(PermissionDenied):
        prefill(cur, teacher, ALEX, include_restricted=True)


def test_teacher_never_sees_restricted_text_and_keeps_it_when_saving(school):
    cur, accounts = school
    senco, teacher = accounts["senco"], accounts["teacher"]
    pack_id = start(cur, senco, include_restricted=True)
    assert "Social care" in packs.get_pack(cur, senco, pack_id).sections["what_works"]
    seen = packs.get_pack(cur, teacher, pack_id).sections["what_works"]
    assert "Social care" not in seen and "Restricted" not in seen

    packs.save_version(cur, teacher, pack_id, {"what_works": seen + "\nLikes jobs."}, [], NOW)
    works = packs.get_pack(cur, senco, pack_id).sections["what_works"]
    assert "Likes jobs." in works and works.endswith("Social care involved; ask the SENCo.")


def test_start_pack_saves_draft_version_one_with_checklist(school):
    cur, accounts = school
    pack_id = start(cur, accounts["senco"])
    pack = packs.get_pack(cur, accounts["senco"], pack_id)

    assert (pack.pupil_name, pack.class_name, pack.year_group) == ("Alex Nguyễn", "5A", 5)
    assert (pack.status, pack.version, pack.agreed_version) == ("draft", 1, None)
    assert pack.receiving_setting == "Northfield Academy"
    assert pack.sections == prefill(cur, accounts["senco"], ALEX)
    assert [t.description for t in pack.tasks][-1] == "Handover meeting"
    assert "Extra visits to the new school" in [t.description for t in pack.tasks]
    assert all(TODAY <= t.due_date < MOVE["move_date"] for t in pack.tasks)
    assert [(e.status, e.version) for e in pack.events] == [("draft", 1)]
    assert db.scalar(cur, "SELECT count(*) FROM audit_log WHERE action = 'start transition pack'")


def test_start_pack_names_every_problem_and_saves_nothing(school):
    cur, accounts = school
    values = {"move_kind": "sideways", "receiving_setting": " ", "move_date": date(2026, 11, 1)}
    with pytest.raises(ValidationError) as error:
        packs.start_pack(cur, accounts["senco"], ALEX, values, TODAY, NOW)
    found = problems(error)
    assert set(found) == {"Kind of move", "Moving to", "Move date"}
    assert found["Move date"].startswith("is in the past")
    assert found["Moving to"] == "is required"
    assert db.scalar(cur, "SELECT count(*) FROM transition_packs") == 0
    assert db.scalar(cur, "SELECT count(*) FROM pack_versions") == 0


def test_versions_are_kept_and_changes_since_agreed_listed(school):
    cur, accounts = school
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    assert packs.changes_since_agreed(cur, senco, pack_id) == []
    stages.change_status(cur, senco, pack_id, "shared with parents", {}, TODAY, NOW)
    stages.change_status(
        cur, senco, pack_id, "agreed with parents", {"agreed_by": "Mrs Nguyễn"}, TODAY, NOW
    )
    assert packs.changes_since_agreed(cur, senco, pack_id) == []

    tasks = [{"description": "Visit twice", "owner": "SENCo", "due_date": "2027-06-01"}]
    new = {"about_me": "Alex loves Lego.", "transition_plan": "Two extra visits in June."}
    assert packs.save_version(cur, senco, pack_id, new, tasks, NOW) == 2
    assert packs.changes_since_agreed(cur, senco, pack_id) == [
        "About me",
        "The move: how we are preparing",
    ]
    pack = packs.get_pack(cur, senco, pack_id)
    assert (pack.version, pack.status, pack.agreed_version) == (2, "agreed with parents", 1)
    assert pack.tasks[0].due_date == date(2027, 6, 1) and len(pack.tasks) == 1
    old = packs.get_pack(cur, senco, pack_id, version=1)
    assert old.sections["about_me"].startswith("Strengths: Alex is kind")
    with pytest.raises(NotFound):
        packs.get_pack(cur, senco, pack_id, version=9)


def test_save_version_checks_sections_and_tasks(school):
    cur, accounts = school
    pack_id = start(cur, accounts["senco"])
    tasks = [{"description": "Photo book", "owner": "Class teacher"}, {"description": "Visit"}]
    sections = {"favourite_food": "Pasta", "needs": "x" * 5001}
    with pytest.raises(ValidationError) as error:
        packs.save_version(cur, accounts["senco"], pack_id, sections, tasks, NOW)
    assert set(problems(error)) == {"Section", "My needs", "Task 2, Owner"}
    assert "Task 2, Owner: is required" in str(error.value)
    assert packs.get_pack(cur, accounts["senco"], pack_id).version == 1


def test_status_path_records_events_and_timeline_entries(school):
    cur, accounts = school
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    steps = [
        ("shared with parents", {}),
        (
            "agreed with parents",
            {"agreed_by": "Mrs Nguyễn", "comments": "Please keep his visual timetable."},
        ),
        ("handed over", {"handed_to": "Mr Patel", "handed_on": date(2026, 11, 20)}),
        ("receipt confirmed", {"person": "Mr Patel"}),
    ]
    for status, values in steps:
        stages.change_status(cur, senco, pack_id, status, values, TODAY, NOW)

    pack = packs.get_pack(cur, senco, pack_id)
    assert pack.status == "receipt confirmed"
    agreed = pack.events[2]
    assert (agreed.person, agreed.comments) == ("Mrs Nguyễn", "Please keep his visual timetable.")
    assert pack.events[3].happened_on == date(2026, 11, 20)
    rows = cur.execute(
        "SELECT c.subject, c.direction, c.parent_views FROM pack_events e "
        "JOIN communications c USING (communication_id) WHERE e.pack_id = ? ORDER BY e.event_id",
        [pack_id],
    ).fetchall()
    assert rows == [
        ("Transition pack shared with parents (version 1)", "to parent", None),
        ("Parents agreed the transition pack", "from parent", "Please keep his visual timetable."),
        ("Transition pack handed over to Mr Patel", "within school", None),
        ("Transition pack receipt confirmed", "within school", None),
    ]
    with pytest.raises(ValidationError, match="can no longer be edited"):
        packs.save_version(cur, senco, pack_id, {"about_me": "More"}, [], NOW)


def test_agreement_needs_who_agreed(school):
    cur, accounts = school
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    stages.change_status(cur, senco, pack_id, "shared with parents", {}, TODAY, NOW)
    with pytest.raises(ValidationError) as error:
        stages.change_status(
            cur, senco, pack_id, "agreed with parents", {"agreed_on": "2026-12-01"}, TODAY, NOW
        )
    assert set(problems(error)) == {"Agreed by", "Agreed on"}
    with pytest.raises(ValidationError, match="cannot become"):
        stages.change_status(cur, senco, pack_id, "receipt confirmed", {}, TODAY, NOW)


def test_sharing_with_an_empty_section_is_refused(school):
    cur, accounts = school
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    packs.save_version(cur, senco, pack_id, {"about_me": "  "}, [], NOW)
    with pytest.raises(ValidationError) as error:
        stages.change_status(cur, senco, pack_id, "shared with parents", {}, TODAY, NOW)
    assert problems(error) == {"About me": "is empty"}
    assert packs.get_pack(cur, senco, pack_id).status == "draft"
    assert db.scalar(cur, "SELECT count(*) FROM communications") == 0


def test_handing_over_unagreed_pack_needs_a_reason(school):
    cur, accounts = school
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    with pytest.raises(ValidationError, match="needs a reason"):
        stages.change_status(
            cur, senco, pack_id, "handed over", {"handed_to": "Mr Patel"}, TODAY, NOW
        )
    values = {"handed_to": "Mr Patel", "reason": "Parents could not be reached before the move."}
    stages.change_status(cur, senco, pack_id, "handed over", values, TODAY, NOW)
    event = packs.get_pack(cur, senco, pack_id).events[-1]
    assert (event.status, event.reason) == ("handed over", values["reason"])


def test_teacher_works_on_own_class_only(school):
    cur, accounts = school
    senco, teacher = accounts["senco"], accounts["teacher"]
    pack_id = start(cur, teacher, SIOBHAN, move_kind="class to class", move_date="2027-09-02")
    assert packs.save_version(cur, teacher, pack_id, {"about_me": "Likes art."}, [], NOW) == 2
    tasks = [t.description for t in packs.get_pack(cur, teacher, pack_id).tasks]
    assert tasks == []  # the teacher replaced the checklist with an empty one
    assert [p.pack_id for p in packs.packs_for_pupil(cur, teacher, SIOBHAN)] == [pack_id]

    zoe_pack = start(cur, senco, ZOE)
    with pytest.raises(NotFound):
        start(cur, teacher, ZOE)
    with pytest.raises(NotFound):
        packs.get_pack(cur, teacher, zoe_pack)
    with pytest.raises(NotFound):
        packs.save_version(cur, teacher, zoe_pack, {}, [], NOW)
    with pytest.raises(PermissionDenied):
        stages.change_status(cur, teacher, pack_id, "shared with parents", {}, TODAY, NOW)


def test_class_to_class_checklist(school):
    cur, accounts = school
    pack_id = start(cur, accounts["senco"], move_kind="class to class", move_date="2027-09-02")
    tasks = packs.get_pack(cur, accounts["senco"], pack_id).tasks
    assert [t.description for t in tasks] == [
        "Visit the new classroom",
        "Meet the new teacher",
        "Photo book",
        "Handover meeting",
    ]


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_office_and_viewer_may_not_open_packs(school, role):
    cur, accounts = school
    pack_id = start(cur, accounts["senco"])
    user = accounts[role]
    for call in (
        lambda: packs.get_pack(cur, user, pack_id),
        lambda: start(cur, user),
        lambda: transition_tracker.tracker(cur, user, TODAY),
        lambda: prefill(cur, user, ALEX),
    ):
        with pytest.raises(PermissionDenied):
            call()


def add_year_six(cur, senco) -> int:
    values = {
        "upn": make_upn(7),
        "legal_forename": "Maya",
        "legal_surname": "Patel",
        "date_of_birth": "2015-10-02",
        "year_group": 6,
        "class_name": "6A",
        "status": "K",
        "primary_need": "MLD",
        "strengths": "Maya is a brilliant singer.",
    }
    return register.save_pupil(cur, senco, values, TODAY).pupil_id


def test_tracker_lists_the_leaving_year_and_packs_moving_this_year(school):
    cur, accounts = school
    senco = accounts["senco"]
    maya = add_year_six(cur, senco)

    frame = transition_tracker.tracker(cur, senco, TODAY)
    # Year 6 leaves; Amir (Year 6) is not on the register; Year 5 is not the leaving year.
    assert list(frame.columns) == transition_tracker.TRACKER_COLUMNS
    assert frame["pupil_id"].tolist() == [maya]
    row = frame.iloc[0]
    assert (row["Pupil"], row["Year"], row["Status"]) == ("Maya Patel", "Year 6", "SEN support (K)")
    assert (row["Pack"], row["Warning"], row["pack_id"]) == ("not started", "", None)

    pack_id = start(cur, senco, move_kind="class to class", move_date=date(2027, 7, 20))
    later = transition_tracker.tracker(cur, senco, date(2027, 3, 1))
    assert later["pupil_id"].tolist() == [maya, ALEX]
    assert later.iloc[0]["Warning"] == "Not started: due by 15/02/2027"
    alex = later.iloc[1]
    assert (alex["pack_id"], alex["Pack"], alex["Version"]) == (pack_id, "draft", 1)
    assert (alex["Moving to"], alex["Warning"]) == ("Northfield Academy", "")

    june = transition_tracker.tracker(cur, senco, date(2027, 6, 21))
    assert june.set_index("pupil_id").loc[ALEX, "Warning"] == "Not yet agreed with parents"
    # The teacher of 5A sees Alex's pack, not Year 6.
    assert transition_tracker.tracker(cur, accounts["teacher"], TODAY)["pupil_id"].tolist() == [
        ALEX
    ]


def test_pupils_moving_class_in_september_are_transitions_too(school):
    cur, accounts = school
    teacher = accounts["teacher"]
    # The teacher of 5A: nobody is leaving, but Alex and Siobhán both move up to Year 6.
    assert transition_tracker.tracker(cur, teacher, TODAY).empty
    moves = transition_tracker.class_moves(cur, teacher, TODAY)
    assert list(moves.columns) == transition_tracker.CLASS_MOVE_COLUMNS
    assert moves[["Pupil", "Class", "Year", "Moving to", "Pack"]].values.tolist() == [
        ["Siobhán Murphy", "5A", "Year 5", "Year 6", "not started"],
        ["Alex Nguyễn", "5A", "Year 5", "Year 6", "not started"],
    ]
    # Once Alex has a pack for the move, the tracker follows it instead.
    start(cur, accounts["senco"], move_kind="class to class", move_date=date(2027, 9, 2))
    assert transition_tracker.tracker(cur, teacher, TODAY)["pupil_id"].tolist() == [ALEX]
    assert transition_tracker.class_moves(cur, teacher, TODAY)["Pupil"].tolist() == [
        "Siobhán Murphy"
    ]
    # The SENCo sees every class's movers; Amir is not on the register.
    senco = transition_tracker.class_moves(cur, accounts["senco"], TODAY)
    assert senco["Class"].tolist() == ["2A", "3B", "4A", "5A"]


def test_warn_by_is_february_half_term_unless_the_school_sets_a_date(school):
    cur, _ = school
    assert transition_tracker.warn_by(cur, TODAY) == date(2027, 2, 15)
    db.set_setting(cur, "transition_start_by", "2027-01-11")
    assert transition_tracker.warn_by(cur, TODAY) == date(2027, 1, 11)
    db.set_setting(cur, "transition_start_by", "2025-01-11")  # not this school year
    assert transition_tracker.warn_by(cur, TODAY) == date(2027, 2, 15)


def test_a_move_in_the_first_days_of_next_september_counts_as_this_years(school):
    cur, accounts = school
    senco = accounts["senco"]
    pack_id = start(cur, senco, move_date=date(2027, 9, 1))
    frame = transition_tracker.tracker(cur, senco, TODAY)
    row = frame.set_index("pupil_id").loc[ALEX]
    assert (row["pack_id"], row["Version"]) == (pack_id, 1)
    assert isinstance(row["Version"], int)


def test_the_senco_sets_when_packs_should_be_started(school):
    cur, accounts = school
    transition_tracker.set_start_by(cur, accounts["senco"], date(2027, 1, 8), TODAY)
    assert transition_tracker.warn_by(cur, TODAY) == date(2027, 1, 8)
    with pytest.raises(ValidationError, match="must be in this school year"):
        transition_tracker.set_start_by(cur, accounts["senco"], date(2027, 10, 1), TODAY)
    with pytest.raises(PermissionDenied):
        transition_tracker.set_start_by(cur, accounts["teacher"], date(2027, 1, 8), TODAY)
    transition_tracker.set_start_by(cur, accounts["senco"], None, TODAY)
    assert transition_tracker.warn_by(cur, TODAY) == date(2027, 2, 15)
