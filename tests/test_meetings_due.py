"""Who needs a meeting: meetings with parents this term and year (Code of Practice 6.65), what
the school still owes the family, and the order the SENCo books surgeries in."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib.errors import PermissionDenied
from sendlib.pupils import register
from sendlib.surgery import meetings_due
from sendlib.surgery.meetings_due import meeting_counts
from tests.school import ALEX, JONES, LUKASZ, TODAY, ZOE, action, at, book, log

NAMES = {
    ZOE: "Zoë O'Connor-Smith",
    LUKASZ: "Łukasz Nowak",
    ALEX: "Alex Nguyễn",
    JONES: "<script>alert(1)</script> Jones",
}
# The first contact of Zoë, Łukasz and Alex has the same id as the pupil.


def meet(cur, user, pupil_id, when: str, direction: str = "to parent", actions=()) -> int:
    """Log a meeting with the parents (or, by direction, another kind of meeting)."""
    return log(
        cur,
        user,
        pupil_id,
        actions,
        happened_at=at(when),
        channel="meeting in person",
        direction=direction,
        subject="Review of support",
        meeting_kind="APDR review",
        led_by="SENCo",
    )


def row(frame, pupil_id: int) -> dict:
    found = frame[frame["pupil_id"] == pupil_id]
    assert len(found) == 1, f"pupil {pupil_id} is not listed once"
    return found.iloc[0].to_dict()


def due_names(cur, user, today: date = TODAY) -> list[str]:
    return meetings_due.meetings_due(cur, user, today)["Pupil"].tolist()


def test_pupils_never_met_are_due_and_only_sen_support_and_ehc_plans_are_covered(cur, staff):
    counts = meeting_counts(cur, staff["senco"], TODAY)
    assert list(counts.columns) == meetings_due.COUNT_COLUMNS
    # Siobhán is only being monitored and Amir is not on the register.
    assert sorted(counts["Pupil"]) == sorted(NAMES.values())
    zoe = row(counts, ZOE)
    assert (zoe["Pupil"], zoe["Class"], zoe["Year"], zoe["Status"]) == (
        "Zoë O'Connor-Smith",
        "2A",
        "Year 2",
        "SEN support (K)",
    )
    assert row(counts, LUKASZ)["Status"] == "EHC plan (E)"
    assert (zoe["Meetings this term"], zoe["Meetings this year"], zoe["Last meeting"]) == (
        0,
        0,
        None,
    )
    assert (zoe["Awaiting reply"], zoe["Overdue actions"], zoe["Next booking"]) == (0, 0, None)

    due = meetings_due.meetings_due(cur, staff["senco"], TODAY)
    assert list(due.columns) == meetings_due.DUE_COLUMNS and "Why" in due.columns
    assert sorted(due["Pupil"]) == sorted(NAMES.values())
    assert set(due["Why"]) == {"No meeting this term · No meetings yet this year"}


def test_three_meetings_this_year_one_this_term_and_nothing_owed_is_not_due(cur, staff):
    for when in ("2026-09-14 15:30", "2026-10-12 15:30", "2026-11-16 15:30"):
        meet(cur, staff["senco"], ZOE, when)
    zoe = row(meeting_counts(cur, staff["senco"], TODAY), ZOE)
    assert (zoe["Meetings this term"], zoe["Meetings this year"], zoe["Last meeting"]) == (
        3,
        3,
        date(2026, 11, 16),
    )
    assert NAMES[ZOE] not in due_names(cur, staff["senco"])
    # In the spring term the autumn's meetings still make three this year, but none this term.
    spring = meetings_due.meetings_due(cur, staff["senco"], date(2027, 2, 1))
    assert row(spring, ZOE)["Why"] == "No meeting this term"


def test_meetings_within_school_or_with_an_agency_and_messages_do_not_count(cur, staff):
    meet(cur, staff["senco"], ZOE, "2026-11-02 15:30", direction="within school")
    meet(cur, staff["senco"], ZOE, "2026-11-09 15:30", direction="with agency")
    log(cur, staff["senco"], ZOE, happened_at=at("2026-11-10 09:00"))  # an email from home
    meet(cur, staff["senco"], ZOE, "2026-11-12 15:30", direction="from parent")
    zoe = row(meeting_counts(cur, staff["senco"], TODAY), ZOE)
    assert (zoe["Meetings this term"], zoe["Meetings this year"], zoe["Last meeting"]) == (
        1,
        1,
        date(2026, 11, 12),
    )
    assert row(meetings_due.meetings_due(cur, staff["senco"], TODAY), ZOE)["Why"] == (
        "1 of 3 meetings this year"
    )


def test_a_meeting_last_school_year_is_the_last_meeting_but_not_this_years(cur, staff):
    meet(cur, staff["senco"], ZOE, "2026-07-01 15:30")
    zoe = row(meeting_counts(cur, staff["senco"], TODAY), ZOE)
    assert (zoe["Meetings this term"], zoe["Meetings this year"], zoe["Last meeting"]) == (
        0,
        0,
        date(2026, 7, 1),
    )


def test_the_year_begins_at_midnight_on_1_september_school_time(cur, staff):
    # 00:30 on 1 September in England is still 31 August in UTC.
    meet(cur, staff["senco"], ZOE, "2026-09-01 00:30")
    cur.execute("SET TimeZone = 'UTC'")
    zoe = row(meeting_counts(cur, staff["senco"], TODAY), ZOE)
    assert (zoe["Meetings this year"], zoe["Last meeting"]) == (1, date(2026, 9, 1))


def test_an_attended_surgery_counts_once_whether_or_not_it_was_written_up(cur, staff):
    book(cur, ZOE, at("2026-11-16 13:30"), "attended")
    written_up = meet(cur, staff["senco"], ZOE, "2026-11-09 13:30")
    book(cur, ZOE, at("2026-11-09 13:30"), "attended", communication_id=written_up)
    book(cur, ZOE, at("2026-11-02 13:30"), "no-show")
    book(cur, ZOE, at("2026-10-19 13:30"), "cancelled")
    zoe = row(meeting_counts(cur, staff["senco"], TODAY), ZOE)
    assert (zoe["Meetings this term"], zoe["Meetings this year"], zoe["Last meeting"]) == (
        2,
        2,
        date(2026, 11, 16),
    )
    assert zoe["Next booking"] is None


def test_the_next_booking_is_the_earliest_still_to_come(cur, staff):
    book(cur, ZOE, at("2026-12-07 13:30"))
    book(cur, ZOE, at("2026-11-30 13:50"))
    book(cur, ZOE, at("2026-11-25 13:30"), "cancelled")
    book(cur, ZOE, at("2026-11-26 13:30"), session_cancelled=True)
    book(cur, ZOE, at("2026-11-16 13:30"))  # last week: never marked, not the next one
    zoe = row(meeting_counts(cur, staff["senco"], TODAY), ZOE)
    assert zoe["Next booking"] == at("2026-11-30 13:50")
    assert (zoe["Next booking"].hour, zoe["Next booking"].minute) == (13, 50)
    assert zoe["Meetings this year"] == 0


def test_overdue_actions_and_unanswered_messages_bring_a_well_met_pupil_back(cur, staff):
    senco = staff["senco"]
    for when in ("2026-09-14 15:30", "2026-10-12 15:30"):
        meet(cur, senco, ZOE, when)
    meet(
        cur,
        senco,
        ZOE,
        "2026-11-02 15:30",
        actions=[action(due_date=date(2026, 11, 13)), action(due_date=date(2026, 11, 20))],
    )
    log(cur, senco, ZOE, needs_reply=True)  # an email from home on 20 November
    log(cur, senco, ZOE, [action(due_date=date(2026, 12, 4))])  # not due yet
    due = meetings_due.meetings_due(cur, senco, TODAY)
    zoe = row(due, ZOE)
    assert (zoe["Meetings this year"], zoe["Overdue actions"], zoe["Awaiting reply"]) == (3, 2, 1)
    assert zoe["Why"] == "2 overdue actions · 1 message awaiting reply"


def test_singular_overdue_action_and_plural_messages(cur, staff):
    senco = staff["senco"]
    meet(cur, senco, LUKASZ, "2026-11-02 15:30", actions=[action(due_date=date(2026, 11, 13))])
    log(cur, senco, LUKASZ, needs_reply=True, happened_at=at("2026-11-18 09:00"))
    log(cur, senco, LUKASZ, needs_reply=True)
    assert row(meetings_due.meetings_due(cur, senco, TODAY), LUKASZ)["Why"] == (
        "1 of 3 meetings this year · 1 overdue action · 2 messages awaiting reply"
    )


def test_leavers_and_pupils_moved_to_monitoring_are_not_listed(cur, staff):
    senco = staff["senco"]
    register.archive_pupil(cur, senco, ZOE, date(2026, 11, 20), TODAY)
    register.change_status(cur, senco, JONES, "monitoring", TODAY, "Caught up", TODAY)
    listed = set(meeting_counts(cur, senco, TODAY)["Pupil"])
    assert listed == {NAMES[LUKASZ], NAMES[ALEX]}
    assert set(due_names(cur, senco)) == {NAMES[LUKASZ], NAMES[ALEX]}


def test_a_teacher_sees_only_their_class(cur, staff):
    # 5A holds Alex (SEN support) and Siobhán (monitoring).
    assert meeting_counts(cur, staff["teacher"], TODAY)["Pupil"].tolist() == [NAMES[ALEX]]
    assert due_names(cur, staff["teacher"]) == [NAMES[ALEX]]


@pytest.mark.parametrize("role", ["office", "viewer"])
@pytest.mark.parametrize("read", [meeting_counts, meetings_due.meetings_due])
def test_the_office_and_viewers_may_not_see_who_needs_a_meeting(cur, staff, role, read):
    with pytest.raises(PermissionDenied):
        read(cur, staff[role], TODAY)


def test_order_is_unbooked_first_then_most_in_need_then_longest_since_met(cur, staff):
    senco = staff["senco"]
    # Zoë has never met anyone, but her parents are already booked in.
    book(cur, ZOE, at("2026-11-30 13:30"))
    # Alex: never met (no meeting this term, none of three this year).
    # Łukasz: one meeting, in September; Jones: one meeting, last week. Both two short.
    meet(cur, senco, LUKASZ, "2026-09-21 15:30")
    meet(cur, senco, JONES, "2026-11-16 15:30")
    due = meetings_due.meetings_due(cur, senco, TODAY)
    assert due["Pupil"].tolist() == [NAMES[ALEX], NAMES[LUKASZ], NAMES[JONES], NAMES[ZOE]]
    assert due.index.tolist() == [0, 1, 2, 3]
    # An overdue action outweighs a longer wait: Jones now comes before Łukasz.
    log(cur, senco, JONES, [action(due_date=date(2026, 11, 20))])
    assert due_names(cur, senco) == [NAMES[ALEX], NAMES[JONES], NAMES[LUKASZ], NAMES[ZOE]]


def test_with_no_pupils_covered_the_lists_are_empty_with_their_columns(cur, staff):
    cur.execute("UPDATE pupils SET date_left = DATE '2026-11-20'")
    assert list(meeting_counts(cur, staff["senco"], TODAY).columns) == (meetings_due.COUNT_COLUMNS)
    due = meetings_due.meetings_due(cur, staff["senco"], TODAY)
    assert due.empty and list(due.columns) == meetings_due.DUE_COLUMNS


def test_among_equals_never_met_comes_first_then_by_name(cur, staff):
    # Łukasz's parents last met the school in July; nobody else's ever has.
    meet(cur, staff["senco"], LUKASZ, "2026-07-01 15:30")
    assert due_names(cur, staff["senco"]) == [
        NAMES[JONES],
        NAMES[ALEX],
        NAMES[ZOE],
        NAMES[LUKASZ],
    ]
