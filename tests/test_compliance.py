"""Working with parents as the SEND Code of Practice asks: the counts behind the staff-meeting
dashboard and the governors' termly report, with the term and school-year boundaries a SENCo
would check by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from sendlib.errors import PermissionDenied
from sendlib.reporting import compliance, deadlines, notes, pupil_lists
from sendlib.school import calendar
from sendlib.school.term_dates import Term
from sendlib.surgery import meetings_due
from tests.school import ALEX, AMIR, JONES, LUKASZ, SIOBHAN, TODAY, ZOE, at, book, log

NAMES = ("Zoë", "Łukasz", "Nguyễn", "Siobhán", "O'Connor-Smith", "Nowak", "Murphy", "Khan")
# The default calendar for 2026/27: autumn 2 September to 18 December with half term 26 to 30
# October; spring 4 January to 19 March.
AUTUMN = Term(2026, "autumn", date(2026, 9, 2), date(2026, 12, 18))
SPRING = Term(2026, "spring", date(2027, 1, 4), date(2027, 3, 19))
LATER = date(2027, 1, 20)


def meet(cur, staff, pupil_id, when, direction="to parent", led_by="SENCo", **changes) -> int:
    """Log a meeting (with the parents, unless the direction says otherwise)."""
    return log(
        cur,
        staff["senco"],
        pupil_id,
        now=at("2027-03-01 17:00"),
        happened_at=at(when),
        channel="meeting in person",
        direction=direction,
        subject="Review of support",
        meeting_kind="APDR review",
        led_by=led_by,
        **changes,
    )


def buckets(frame: pd.DataFrame, period: str) -> dict[str, int]:
    rows = frame[frame["Period"] == period]
    return dict(zip(rows["Meetings"], rows["Pupils"], strict=True))


def test_the_calendar_is_the_one_these_tests_assume(cur, staff):
    terms = calendar.list_terms(cur, 2026)
    assert terms[:2] == [AUTUMN, SPRING]
    assert calendar.term_containing(cur, date(2026, 10, 28)) == AUTUMN  # half term


def test_a_meeting_on_the_last_day_of_autumn_counts_in_autumn_and_the_first_of_spring_in_spring(
    cur, staff
):
    meet(cur, staff, ZOE, "2026-12-18 16:00")
    meet(cur, staff, LUKASZ, "2027-01-04 09:00")
    autumn = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=LATER)
    assert buckets(autumn, "This term") == {"0": 3, "1": 1, "2": 0, "3+": 0}
    spring = compliance.meeting_distribution(cur, staff["senco"], SPRING, today=LATER)
    assert buckets(spring, "This term") == {"0": 3, "1": 1, "2": 0, "3+": 0}
    # The school year holds both.
    assert buckets(spring, "This school year") == {"0": 2, "1": 2, "2": 0, "3+": 0}
    assert (
        compliance.meetings_led_by(cur, staff["senco"], AUTUMN, today=LATER)["Meetings"].sum() == 1
    )
    assert compliance.written_records(cur, staff["senco"], SPRING, today=LATER)["meetings"] == 1
    # Named lists follow the same boundaries.
    no_meeting = pupil_lists.no_meeting_this_term_list(cur, staff["senco"], SPRING, today=LATER)
    assert LUKASZ not in set(no_meeting["pupil_id"]) and ZOE in set(no_meeting["pupil_id"])
    zoe = no_meeting[no_meeting["pupil_id"] == ZOE].iloc[0]
    assert (zoe["Pupil"], zoe["Class"], zoe["Status"], zoe["Meetings this year"]) == (
        "Zoë O'Connor-Smith",
        "2A",
        "SEN support (K)",
        1,
    )


def test_31_august_is_last_school_year_and_1_september_this_one_in_england(cur, staff):
    # 00:30 on 1 September in England is still 31 August in UTC; 23:30 on 31 August is not.
    meet(cur, staff, ZOE, "2026-08-31 23:30")
    meet(cur, staff, LUKASZ, "2026-09-01 00:30")
    cur.execute("SET TimeZone = 'UTC'")
    autumn = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    assert buckets(autumn, "This school year") == {"0": 3, "1": 1, "2": 0, "3+": 0}
    # 1 September is before the autumn term opens: this year, but not this term.
    assert buckets(autumn, "This term") == {"0": 4, "1": 0, "2": 0, "3+": 0}
    summer = calendar.list_terms(cur, 2025)[2]
    last_year = compliance.meeting_distribution(cur, staff["senco"], summer, today=TODAY)
    # The summer term ended in July: 31 August is in its school year but after the term.
    assert buckets(last_year, "This school year")["1"] == 0
    listed = pupil_lists.no_meeting_this_term_list(cur, staff["senco"], AUTUMN, today=TODAY)
    years = dict(zip(listed["pupil_id"], listed["Meetings this year"], strict=True))
    assert (years[ZOE], years[LUKASZ]) == (0, 1)


def test_half_term_belongs_to_its_term_and_the_year_stops_at_today(cur, staff):
    meet(cur, staff, ZOE, "2026-10-28 10:00")  # half term
    meet(cur, staff, ZOE, "2026-12-01 10:00")  # after 'today' below
    frame = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    assert buckets(frame, "This term") == {"0": 3, "1": 1, "2": 0, "3+": 0}
    assert buckets(frame, "This school year") == {"0": 3, "1": 1, "2": 0, "3+": 0}


def test_every_bucket_is_always_there_and_three_or_more_share_one(cur, staff):
    empty = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    assert list(empty.columns) == ["Period", "Meetings", "Pupils"]
    assert list(zip(empty["Period"], empty["Meetings"], strict=True)) == [
        (period, bucket)
        for period in ("This term", "This school year")
        for bucket in ("0", "1", "2", "3+")
    ]
    assert buckets(empty, "This term") == {"0": 4, "1": 0, "2": 0, "3+": 0}
    for day in ("2026-09-14", "2026-10-05", "2026-11-02", "2026-11-16"):
        meet(cur, staff, ZOE, f"{day} 15:30")
    meet(cur, staff, LUKASZ, "2026-09-14 15:30")
    meet(cur, staff, LUKASZ, "2026-11-16 15:30")
    frame = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    assert buckets(frame, "This term") == {"0": 2, "1": 0, "2": 1, "3+": 1}


def test_only_sen_support_and_ehc_plans_count_and_only_meetings_with_parents(cur, staff):
    meet(cur, staff, SIOBHAN, "2026-11-02 15:30")  # monitoring
    meet(cur, staff, AMIR, "2026-11-02 15:30")  # not on the register
    meet(cur, staff, ZOE, "2026-11-03 15:30", direction="within school")
    meet(cur, staff, ZOE, "2026-11-04 15:30", direction="with agency")
    log(cur, staff["senco"], ZOE, happened_at=at("2026-11-05 09:00"))  # an email, not a meeting
    meet(cur, staff, ALEX, "2026-11-06 15:30", direction="from parent")
    frame = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    assert buckets(frame, "This term") == {"0": 3, "1": 1, "2": 0, "3+": 0}
    assert sum(buckets(frame, "This term").values()) == 4  # Zoë, Łukasz, Alex and Jones
    led = compliance.meetings_led_by(cur, staff["senco"], AUTUMN, today=TODAY)
    assert led["Meetings"].sum() == 1


def test_an_attended_surgery_counts_once_led_by_the_senco(cur, staff):
    book(cur, ZOE, at("2026-11-16 13:30"), "attended")  # not yet written up
    written_up = meet(cur, staff, ZOE, "2026-11-09 13:30", led_by="other")
    book(cur, ZOE, at("2026-11-09 13:30"), "attended", communication_id=written_up)
    book(cur, ZOE, at("2026-11-02 13:30"), "no-show")
    led = compliance.meetings_led_by(cur, staff["senco"], AUTUMN, today=TODAY)
    assert dict(zip(led["Led by"], led["Meetings"], strict=True)) == {
        "class teacher": 0,
        "SENCo": 1,
        "other": 1,
        "not recorded": 0,
    }
    frame = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    assert buckets(frame, "This term")["2"] == 1


def test_led_by_and_written_records_within_five_school_days(cur, staff):
    # Given a week later: 5 school days.
    meet(cur, staff, ZOE, "2026-11-09 15:30", written_record_given=date(2026, 11, 16))
    # Given two weeks later: 10 school days, late.
    meet(cur, staff, LUKASZ, "2026-11-02 15:30", led_by="class teacher",
         written_record_given=date(2026, 11, 16))  # fmt: skip
    # The Friday before half term, given the Monday after: 1 school day.
    meet(cur, staff, ALEX, "2026-10-23 15:30", led_by="class teacher",
         written_record_given=date(2026, 11, 2))  # fmt: skip
    meet(cur, staff, JONES, "2026-11-18 15:30", led_by="other")  # no record yet
    led = compliance.meetings_led_by(cur, staff["senco"], AUTUMN, today=TODAY)
    assert list(led.columns) == ["Led by", "Meetings"]
    assert dict(zip(led["Led by"], led["Meetings"], strict=True)) == {
        "class teacher": 2,
        "SENCo": 1,
        "other": 1,
        "not recorded": 0,
    }
    assert compliance.written_records(cur, staff["senco"], AUTUMN, today=TODAY) == {
        "meetings": 4,
        "written record given": 3,
        "within 5 school days": 2,
    }


def test_replies_awaiting_over_target_and_median_by_month(cur, staff):
    def message(when: str, replied: str | None = None) -> None:
        log(cur, staff["senco"], ZOE, happened_at=at(when), needs_reply=True,
            replied_at=at(replied) if replied else None)  # fmt: skip

    message("2026-11-16 10:00")  # 5 school days by Monday 23 November: over the target of 3
    message("2026-11-20 10:00")  # 1 school day
    message("2026-09-07 10:00", "2026-09-08 10:00")  # 1
    message("2026-09-14 10:00", "2026-09-17 10:00")  # 3
    message("2026-10-05 10:00", "2026-10-09 10:00")  # 4
    message("2026-07-01 10:00", "2026-07-02 10:00")  # last school year
    assert compliance.replies(cur, staff["senco"], TODAY) == {
        "awaiting reply": 2,
        "over target": 1,
        "target school days": 3,
    }
    months = compliance.reply_times_by_month(cur, staff["senco"], AUTUMN, today=TODAY)
    assert list(months.columns) == ["Month", "Median school days", "Messages"]
    assert months["Month"].tolist() == ["September 2026", "October 2026", "November 2026"]
    assert months["Messages"].tolist() == [2, 1, 0]
    assert months["Median school days"].tolist()[:2] == [2.0, 4.0]
    assert pd.isna(months["Median school days"].iloc[2])


def _action(cur, kind, username, due, done, agreed=date(2026, 11, 2), pupil_id=ZOE) -> None:
    cur.execute(
        "INSERT INTO actions (pupil_id, description, owner_kind, owner_username, owner_name, "
        "due_date, done_date, created_at, created_by) "
        "VALUES (?, 'Do it', ?, ?, 'Someone', ?, ?, ?, 'senco')",
        [pupil_id, kind, username, due, done, calendar.day_start(agreed)],
    )


def test_promises_by_owner_kind_and_state(cur, staff):
    rows = [
        ("staff", "senco", date(2026, 11, 20), None),  # overdue
        ("staff", "senco", date(2026, 11, 10), date(2026, 11, 12)),  # done late
        ("parent", None, date(2026, 11, 27), None),  # due this week (to Sunday 29th)
        ("parent", None, date(2026, 11, 27), None),
        ("agency", None, date(2026, 12, 10), None),  # open
        ("pupil", None, date(2026, 11, 20), date(2026, 11, 19)),  # done on time
    ]
    for kind, username, due, done in rows:
        _action(cur, kind, username, due, done)
    frame = compliance.promises(cur, staff["senco"], AUTUMN, TODAY)
    assert list(frame.columns) == ["Owner kind", "State", "Actions"]
    assert len(frame) == 4 * 5  # every kind and state, zeros included
    found = {(k, s): n for k, s, n in frame.itertuples(index=False) if n}
    assert found == {
        ("staff", "overdue"): 1,
        ("staff", "done late"): 1,
        ("parent", "due this week"): 2,
        ("agency", "open"): 1,
        ("pupil", "done on time"): 1,
    }


def _states(frame: pd.DataFrame) -> dict[str, int]:
    totals = frame.groupby("State", sort=False)["Actions"].sum()
    return {state: int(n) for state, n in totals.items() if n}


def test_promises_count_the_actions_agreed_in_the_chosen_term(cur, staff):
    _action(cur, "staff", "senco", date(2026, 12, 10), date(2026, 12, 9), agreed=date(2026, 9, 14))
    _action(cur, "parent", None, date(2026, 12, 17), None, agreed=date(2026, 12, 18))
    _action(cur, "staff", "senco", date(2027, 1, 8), date(2027, 1, 20), agreed=date(2027, 1, 4))
    _action(cur, "agency", None, date(2027, 3, 1), None, agreed=date(2027, 1, 15))
    summer = calendar.list_terms(cur, 2025)[-1]
    assert _states(compliance.promises(cur, staff["senco"], summer, LATER)) == {}
    # Autumn is over: judged on its last day, 18 December.
    assert _states(compliance.promises(cur, staff["senco"], AUTUMN, LATER)) == {
        "overdue": 1,
        "done on time": 1,
    }
    # Spring, judged on 20 January: the action done that day is done (late); March's is open.
    assert _states(compliance.promises(cur, staff["senco"], SPRING, LATER)) == {
        "open": 1,
        "done late": 1,
    }
    # Judged on 10 January, the first was not done yet and is overdue; the other not yet agreed.
    assert _states(compliance.promises(cur, staff["senco"], SPRING, date(2027, 1, 10))) == {
        "overdue": 1
    }
    assert "as of the last day of the term (18 December 2026)" in notes.promises_note(AUTUMN, LATER)
    assert "as of today (10 January 2027)" in notes.promises_note(SPRING, date(2027, 1, 10))


def test_promises_count_a_teachers_classes_only(cur, staff):
    _action(cur, "parent", None, date(2026, 12, 10), None, pupil_id=ZOE)
    _action(cur, "parent", None, date(2026, 12, 10), None, pupil_id=ALEX)
    senco = compliance.promises(cur, staff["senco"], AUTUMN, TODAY)["Actions"].sum()
    teacher = compliance.promises(cur, staff["teacher"], AUTUMN, TODAY)["Actions"].sum()
    assert (senco, teacher) == (2, 1)


def test_a_teachers_surgery_figures_count_their_classes_families(cur, staff):
    book(cur, ALEX, at("2026-11-16 13:30"), "attended")  # 5A, the teacher's class
    book(cur, ZOE, at("2026-11-17 13:30"), "booked")  # 2A
    senco = compliance.surgery_weeks(cur, staff["senco"], AUTUMN)
    assert "Other classes" not in senco.columns
    assert (senco["Booked"].sum(), senco["Attended"].sum()) == (1, 1)
    assert notes.surgery_note(staff["senco"]) is None
    teacher = compliance.surgery_weeks(cur, staff["teacher"], AUTUMN)
    assert teacher["Slots"].sum() == 2
    assert (teacher["Booked"].sum(), teacher["Attended"].sum()) == (0, 1)
    assert teacher["Other classes"].sum() == 1
    assert "your classes' families only" in notes.surgery_note(staff["teacher"])


def _plan(cur, pupil_id: int, next_review: date) -> None:
    cur.execute(
        "INSERT OR REPLACE INTO ehc_plans (pupil_id, issue_date, next_review) VALUES (?, ?, ?)",
        [pupil_id, date(2024, 3, 1), next_review],
    )


def test_ehcp_reviews_due_in_eight_weeks_and_overdue(cur, staff):
    _plan(cur, LUKASZ, TODAY + timedelta(weeks=3))
    counts = deadlines.deadlines(cur, staff["senco"], TODAY)
    assert (counts["EHCP reviews due in 8 weeks"], counts["EHCP reviews overdue"]) == (1, 0)
    listed = pupil_lists.ehcp_reviews_list(cur, staff["senco"], TODAY)
    assert list(listed.columns) == ["pupil_id", "Pupil", "Year", "Class", "Next review", "Overdue"]
    assert listed.iloc[0].tolist() == [LUKASZ, "Łukasz Nowak", "Year 3", "3B", TODAY + timedelta(weeks=3),
                                       False]  # fmt: skip
    _plan(cur, LUKASZ, TODAY - timedelta(weeks=1))
    counts = deadlines.deadlines(cur, staff["viewer"], TODAY)
    assert (counts["EHCP reviews due in 8 weeks"], counts["EHCP reviews overdue"]) == (0, 1)
    assert bool(pupil_lists.ehcp_reviews_list(cur, staff["senco"], TODAY)["Overdue"].iloc[0])
    _plan(cur, LUKASZ, TODAY + timedelta(weeks=9))
    counts = deadlines.deadlines(cur, staff["senco"], TODAY)
    assert (counts["EHCP reviews due in 8 weeks"], counts["EHCP reviews overdue"]) == (0, 0)
    assert pupil_lists.ehcp_reviews_list(cur, staff["senco"], TODAY).empty


def test_transition_packs_behind_time_by_the_trackers_rules(cur, staff):
    # Amir (Year 6, the oldest year on roll) joins the register: he is moving on, no pack yet.
    cur.execute(
        "INSERT INTO sen_status (pupil_id, status, start_date) VALUES (?, 'K', ?)",
        [AMIR, date(2026, 9, 1)],
    )
    cur.execute(
        "INSERT INTO transition_packs (pupil_id, move_kind, receiving_setting, move_date, "
        "status, created_by) VALUES (?, 'class to class', 'Year 6, Oak class', ?, 'draft', "
        "'senco')",
        [ALEX, date(2027, 9, 2)],
    )
    keys = ("Packs not started", "Packs not agreed", "Packs not handed over")

    def packs(user, today):
        counts = deadlines.deadlines(cur, user, today)
        return tuple(counts[k] for k in keys)

    # In November nothing is late: packs are due to be started by the February half term.
    assert packs(staff["senco"], TODAY) == (0, 0, 0)
    assert packs(staff["senco"], date(2027, 3, 1)) == (1, 0, 0)
    assert packs(staff["viewer"], date(2027, 3, 1)) == (1, 0, 0)
    # Six weeks before the move, the draft is neither agreed nor handed over.
    assert packs(staff["senco"], date(2027, 7, 22)) == (1, 1, 1)
    cur.execute("UPDATE transition_packs SET status = 'agreed with parents'")
    assert packs(staff["senco"], date(2027, 7, 22)) == (1, 0, 1)
    # The teacher of 5A counts Alex's pack, not Amir in 6A.
    assert packs(staff["teacher"], date(2027, 7, 22)) == (0, 0, 1)


def test_register_counts_by_status_area_need_and_year(cur, staff):
    frame = compliance.register_counts(cur, staff["senco"], TODAY)
    assert list(frame.columns) == ["Status", "Broad area", "Need", "Year", "Pupils"]
    assert frame["Pupils"].sum() == 5  # Amir is not on the register
    rows = set(frame.drop(columns="Pupils").itertuples(index=False, name=None))
    assert rows == {
        ("SEN support (K)", "Communication and interaction",
         "Speech, language and communication needs (SLCN)", "Year 2"),
        ("SEN support (K)", "Cognition and learning", "Specific learning difficulty (SPLD)",
         "Year 5"),
        ("SEN support (K)", "Social, emotional and mental health",
         "Social, emotional and mental health (SEMH)", "Year 4"),
        ("EHC plan (E)", "Communication and interaction", "Autistic spectrum disorder (ASD)",
         "Year 3"),
        ("Monitoring (cause for concern)", "No need recorded", "No need recorded", "Year 5"),
    }  # fmt: skip
    assert frame["Status"].iloc[0] == "SEN support (K)"
    assert frame["Status"].iloc[-1] == "Monitoring (cause for concern)"


def test_a_teachers_counts_cover_only_their_class(cur, staff):
    meet(cur, staff, ZOE, "2026-11-02 15:30")
    meet(cur, staff, ALEX, "2026-11-03 15:30", led_by="class teacher")
    teacher = staff["teacher"]  # 5A: Alex (SEN support) and Siobhán (monitoring)
    assert compliance.register_counts(cur, teacher, TODAY)["Pupils"].sum() == 2
    frame = compliance.meeting_distribution(cur, teacher, AUTUMN, today=TODAY)
    assert buckets(frame, "This term") == {"0": 0, "1": 1, "2": 0, "3+": 0}
    led = compliance.meetings_led_by(cur, teacher, AUTUMN, today=TODAY)
    assert dict(zip(led["Led by"], led["Meetings"], strict=True))["class teacher"] == 1
    assert led["Meetings"].sum() == 1
    assert compliance.written_records(cur, teacher, AUTUMN, today=TODAY)["meetings"] == 1
    assert pupil_lists.no_meeting_this_term_list(cur, teacher, AUTUMN, today=TODAY).empty
    everyone = pupil_lists.no_meeting_this_term_list(cur, staff["senco"], AUTUMN, today=TODAY)
    assert set(everyone["pupil_id"]) == {LUKASZ, JONES}


def test_the_counts_agree_with_the_meetings_due_list(cur, staff):
    for pupil_id, day in ((ZOE, "2026-09-14"), (ZOE, "2026-11-16"), (ALEX, "2026-07-01"),
                          (LUKASZ, "2026-10-28")):  # fmt: skip
        meet(cur, staff, pupil_id, f"{day} 15:30")
    book(cur, ALEX, at("2026-11-09 13:30"), "attended")
    due = meetings_due.meeting_counts(cur, staff["senco"], TODAY)
    frame = compliance.meeting_distribution(cur, staff["senco"], AUTUMN, today=TODAY)
    for period, column in (("This term", "Meetings this term"),
                           ("This school year", "Meetings this year")):  # fmt: skip
        expected = due[column].clip(upper=3).map(lambda n: "3+" if n == 3 else str(n))
        counted = {k: v for k, v in buckets(frame, period).items() if v}
        assert counted == expected.value_counts().to_dict()


def _count_figures(cur, user) -> list:
    return [
        compliance.register_counts(cur, user, TODAY),
        compliance.meeting_distribution(cur, user, AUTUMN, today=TODAY),
        compliance.meetings_led_by(cur, user, AUTUMN, today=TODAY),
        compliance.written_records(cur, user, AUTUMN, today=TODAY),
        compliance.replies(cur, user, TODAY),
        compliance.reply_times_by_month(cur, user, AUTUMN, today=TODAY),
        compliance.promises(cur, user, AUTUMN, TODAY),
        deadlines.deadlines(cur, user, TODAY),
        compliance.surgery_weeks(cur, user, AUTUMN),
    ]


def test_a_viewer_gets_every_count_naming_nobody_but_not_the_lists(cur, staff):
    meet(cur, staff, ZOE, "2026-11-02 15:30", written_record_given=date(2026, 11, 3))
    log(cur, staff["senco"], LUKASZ, happened_at=at("2026-11-16 10:00"), needs_reply=True)
    _plan(cur, LUKASZ, TODAY + timedelta(weeks=3))
    book(cur, ZOE, at("2026-11-16 13:30"), "attended")
    for role in ("viewer", "senco", "teacher"):
        for figure in _count_figures(cur, staff[role]):
            if isinstance(figure, pd.DataFrame):
                assert "pupil_id" not in figure.columns
                text = figure.to_csv()
            else:
                text = repr(figure)
            assert not any(name in text for name in NAMES), text
    viewer = _count_figures(cur, staff["viewer"])
    assert viewer[0]["Pupils"].sum() == 5 and viewer[3]["meetings"] == 2
    with pytest.raises(PermissionDenied):
        pupil_lists.no_meeting_this_term_list(cur, staff["viewer"], AUTUMN, today=TODAY)
    with pytest.raises(PermissionDenied):
        pupil_lists.ehcp_reviews_list(cur, staff["viewer"], TODAY)


def test_the_office_sees_none_of_these_figures(cur, staff):
    office = staff["office"]
    calls = [
        lambda: compliance.register_counts(cur, office, TODAY),
        lambda: compliance.meeting_distribution(cur, office, AUTUMN),
        lambda: compliance.meetings_led_by(cur, office, AUTUMN),
        lambda: compliance.written_records(cur, office, AUTUMN),
        lambda: compliance.replies(cur, office, TODAY),
        lambda: compliance.reply_times_by_month(cur, office, AUTUMN),
        lambda: compliance.promises(cur, office, AUTUMN),
        lambda: deadlines.deadlines(cur, office, TODAY),
        lambda: compliance.surgery_weeks(cur, office, AUTUMN),
        lambda: pupil_lists.no_meeting_this_term_list(cur, office, AUTUMN),
        lambda: pupil_lists.ehcp_reviews_list(cur, office, TODAY),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
