"""The communication timeline: logging with actions in one save, who sees what, filters, replies."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from sendlib import audit, db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.timeline import entries, ledger, listing, replies, trends
from sendlib.timeline.listing import TimelineFilter
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.school import (
    ALEX,
    LUKASZ,
    SIOBHAN,
    TIMELINE_NOW,
    TODAY,
    ZOE,
    action,
    at,
    log,
    timeline_counts,
)

NOW = TIMELINE_NOW  # the clock the timeline is written at


def test_save_entry_with_actions_and_read_it_back(cur, staff):
    senco = staff["senco"]
    communication_id = log(
        cur,
        senco,
        ZOE,
        [
            action(),
            action(description="Ask SALT for advice", owner_kind="agency", owner_name="SALT"),
        ],
        contact_id=1,
        parent_views="Ms O'Connor would like word cards to use at home.",
        needs_reply=True,
    )
    found = listing.get_entry(cur, senco, communication_id)
    assert (found.pupil_name, found.with_name, found.staff_name) == (
        "Zoë O'Connor-Smith",
        "Ms O'Connor (mother)",
        "Sam Senco",
    )
    assert (found.happened_at, found.entered_at, found.entered_by) == (
        at("2026-11-20 15:30"),
        NOW,
        "senco",
    )
    assert (found.needs_reply, found.awaiting_reply, found.is_meeting) == (True, True, False)
    assert [(a.description, a.owner_kind, a.owner_name, a.due_date) for a in found.actions] == [
        ("Send home the phonics cards", "staff", "Tia Teacher", date(2026, 11, 27)),
        ("Ask SALT for advice", "agency", "SALT", date(2026, 11, 27)),
    ]
    logged = audit.list_entries(cur, pupil_id=ZOE)
    assert logged["action"].tolist()[0] == "add communication"
    assert (logged["action"] == "add communication").sum() == 1


def test_a_meeting_keeps_its_meeting_fields(cur, staff):
    communication_id = log(
        cur,
        staff["senco"],
        ZOE,
        channel="meeting in person",
        direction="to parent",
        meeting_kind="APDR review",
        led_by="class teacher",
        attendees="Ms O'Connor, Miss Teacher, SENCo",
        next_meeting=date(2027, 2, 1),
        written_record_given=date(2026, 11, 23),
    )
    found = listing.get_entry(cur, staff["senco"], communication_id)
    assert (found.meeting_kind, found.led_by, found.next_meeting, found.written_record_given) == (
        "APDR review",
        "class teacher",
        date(2027, 2, 1),
        date(2026, 11, 23),
    )


def test_naive_times_are_english_time(cur, staff):
    # 1 July is in British Summer Time: 09:30 in England is 08:30 UTC.
    communication_id = log(cur, staff["senco"], ZOE, happened_at=datetime(2026, 7, 1, 9, 30))
    stored = db.scalar(
        cur,
        "SELECT strftime(happened_at AT TIME ZONE 'UTC', '%H:%M') FROM communications "
        "WHERE communication_id = ?",
        [communication_id],
    )
    assert stored == "08:30"
    shown = listing.list_entries(cur, staff["senco"], TimelineFilter())["When"].iloc[0]
    assert (shown.hour, shown.minute) == (9, 30)


def test_clock_skew_of_a_few_minutes_is_allowed(cur, staff):
    log(cur, staff["senco"], ZOE, happened_at=NOW + timedelta(minutes=4))
    assert timeline_counts(cur)[0] == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"happened_at": NOW + timedelta(minutes=6)}, "When"),
        ({"happened_at": None}, "When"),
        ({"happened_at": "not a time"}, "When"),
        ({"subject": "  "}, "Subject"),
        ({"subject": "x" * 201}, "Subject"),
        ({"summary": ""}, "Summary"),
        ({"channel": "carrier pigeon"}, "Channel"),
        ({"direction": "sideways"}, "Direction"),
        ({"contact_id": 2}, "With"),  # Mrs Nowak is Łukasz's mother, not Zoë's
        ({"agency_id": 99}, "Agency"),
        ({"staff_username": "nobody"}, "Staff"),
        ({"led_by": "SENCo"}, "Led by"),
        ({"attendees": "Ms O'Connor"}, "Attendees"),
        ({"next_meeting": date(2027, 1, 1)}, "Next meeting"),
        ({"meeting_kind": "APDR review"}, "Led by"),
        ({"meeting_kind": "tea party", "led_by": "SENCo"}, "Meeting"),
        ({"meeting_kind": "other", "led_by": "the caretaker"}, "Led by"),
        ({"direction": "to parent", "needs_reply": True}, "Needs reply"),
        ({"replied_at": NOW}, "Replied"),
        ({"needs_reply": True, "replied_at": at("2026-11-20 15:00")}, "Replied"),
        ({"needs_reply": True, "replied_at": NOW + timedelta(hours=1)}, "Replied"),
        (
            {
                "meeting_kind": "other",
                "led_by": "SENCo",
                "written_record_given": date(2026, 11, 19),
            },
            "Written record given",
        ),
    ],
)
def test_each_bad_field_is_named_and_nothing_is_saved(cur, staff, changes, field):
    before = timeline_counts(cur)
    with pytest.raises(ValidationError) as caught:
        log(cur, staff["senco"], ZOE, [action()], **changes)
    assert [p.field for p in caught.value.problems] == [field]
    assert timeline_counts(cur) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": " "}, "Action 2, What"),
        ({"owner_kind": None}, "Action 2, Owner"),
        ({"owner_kind": "the cat"}, "Action 2, Owner"),
        ({"owner_username": None}, "Action 2, Owner"),
        ({"owner_kind": "parent", "owner_username": None}, "Action 2, Owner"),
        ({"owner_username": "nobody"}, "Action 2, Owner"),
        ({"due_date": None}, "Action 2, Due date"),
        ({"due_date": "soon"}, "Action 2, Due date"),
        ({"due_date": date(2026, 11, 19)}, "Action 2, Due date"),  # before the email
    ],
)
def test_each_bad_action_is_named_by_its_number_and_nothing_is_saved(cur, staff, changes, field):
    before = timeline_counts(cur)
    with pytest.raises(ValidationError) as caught:
        log(cur, staff["senco"], ZOE, [action(), action(**changes)])
    assert [p.field for p in caught.value.problems] == [field]
    assert timeline_counts(cur) == before


def test_every_problem_is_reported_at_once(cur, staff):
    with pytest.raises(ValidationError) as caught:
        log(cur, staff["senco"], ZOE, [action(due_date=None)], subject="", channel="fax")
    assert [p.field for p in caught.value.problems] == [
        "Subject",
        "Channel",
        "Action 1, Due date",
    ]
    assert str(caught.value.problems[-1]) == "Action 1, Due date: is required"


def test_a_failure_while_writing_leaves_nothing_behind(cur, staff, monkeypatch):
    before = timeline_counts(cur)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        log(cur, staff["senco"], ZOE, [action(), action()])
    assert timeline_counts(cur) == before


def test_teacher_adds_and_sees_only_their_classes(cur, staff):
    senco, teacher = staff["senco"], staff["teacher"]
    log(cur, senco, ZOE, subject="Zoë's email")
    log(cur, teacher, ALEX, subject="Alex's email")
    before = timeline_counts(cur)
    with pytest.raises(NotFound):
        log(cur, teacher, ZOE)
    assert timeline_counts(cur) == before
    frame = listing.list_entries(cur, teacher, TimelineFilter())
    assert frame["Subject"].tolist() == ["Alex's email"]
    assert listing.list_entries(cur, teacher, TimelineFilter(pupil_id=ZOE)).empty
    with pytest.raises(NotFound):
        listing.get_entry(cur, teacher, 1)
    with pytest.raises(NotFound):
        trends.pupil_timeline_points(cur, teacher, ZOE)
    assert replies.awaiting_reply(cur, teacher, TODAY).empty


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_office_and_viewer_cannot_open_the_timeline(cur, staff, role):
    with pytest.raises(PermissionDenied):
        listing.list_entries(cur, staff[role], TimelineFilter())
    with pytest.raises(PermissionDenied):
        log(cur, staff[role], ZOE)


@pytest.fixture
def logged(cur, staff):
    """Five entries across three pupils."""
    senco, teacher = staff["senco"], staff["teacher"]
    log(cur, senco, ZOE, [action()], subject="Phonics", happened_at=at("2026-11-02 09:00"))
    log(
        cur,
        senco,
        LUKASZ,
        subject="Annual review",
        channel="meeting in person",
        direction="to parent",
        meeting_kind="EHCP annual review",
        led_by="SENCo",
        parent_views="Mrs Nowak wants 100% of the reading time kept.",
        happened_at=at("2026-11-10 14:00"),
    )
    log(cur, teacher, ALEX, subject="Trip", channel="phone", happened_at=at("2026-11-16 08:45"))
    log(
        cur,
        teacher,
        ALEX,
        subject="Homework",
        needs_reply=True,
        contact_id=3,
        happened_at=at("2026-11-18 19:00"),
    )
    log(cur, senco, SIOBHAN, subject="Spellings", happened_at=at("2026-11-20 12:00"))


@pytest.mark.parametrize(
    ("filters", "subjects"),
    [
        (TimelineFilter(), ["Spellings", "Homework", "Trip", "Annual review", "Phonics"]),
        (TimelineFilter(pupil_id=ALEX), ["Homework", "Trip"]),
        (
            TimelineFilter(date_from=date(2026, 11, 10), date_to=date(2026, 11, 18)),
            ["Homework", "Trip", "Annual review"],
        ),
        (TimelineFilter(channels=("phone", "meeting in person")), ["Trip", "Annual review"]),
        (TimelineFilter(staff=("teacher",)), ["Homework", "Trip"]),
        (TimelineFilter(meetings_only=True), ["Annual review"]),
        (TimelineFilter(awaiting_reply=True), ["Homework"]),
        (TimelineFilter(with_open_actions=True), ["Phonics"]),
        # Every summary mentions phonics; only one subject does.
        (
            TimelineFilter(search="PHONICS"),
            ["Spellings", "Homework", "Trip", "Annual review", "Phonics"],
        ),
        (TimelineFilter(search="spell"), ["Spellings"]),
        (TimelineFilter(search="100%"), ["Annual review"]),
        (TimelineFilter(search="1_0"), []),  # '_' is a character here, not a wildcard
        (TimelineFilter(search="'; DROP TABLE communications; --"), []),
        (TimelineFilter(pupil_id=ALEX, channels=("email",), staff=("teacher",)), ["Homework"]),
    ],
)
def test_filters_and_search(cur, staff, logged, filters, subjects):
    frame = listing.list_entries(cur, staff["senco"], filters)
    assert frame["Subject"].tolist() == subjects
    assert db.scalar(cur, "SELECT count(*) FROM communications") == 5


def test_list_columns_for_display(cur, staff, logged):
    frame = listing.list_entries(cur, staff["senco"], TimelineFilter())
    assert list(frame.columns) == listing.LIST_COLUMNS
    row = frame[frame["Subject"] == "Homework"].iloc[0]
    assert (row["Pupil"], row["With"], row["Staff"], row["Needs reply"]) == (
        "Alex Nguyễn",
        "Mrs Nguyễn (mother)",
        "Tia Teacher",
        True,
    )
    assert pd.isna(row["Replied"])
    phonics = frame[frame["Subject"] == "Phonics"].iloc[0]
    assert (phonics["Open actions"], phonics["Meeting"], phonics["With"]) == (1, "", "")
    review = frame[frame["Subject"] == "Annual review"].iloc[0]
    assert (review["Meeting"], review["Led by"]) == ("EHCP annual review", "SENCo")


def test_awaiting_reply_oldest_first_with_ages_in_school_days(cur, staff):
    senco = staff["senco"]
    for subject, when in [
        ("Friday", "2026-11-20 15:30"),  # Friday to Monday 23 November: 1 school day
        ("Half term", "2026-10-28 10:00"),  # counts from Monday 2 November: 15
        ("Saturday", "2026-11-21 09:00"),  # counts from Monday: 0
        ("Thursday before last", "2026-11-12 10:00"),  # 7
    ]:
        log(cur, senco, ZOE, subject=subject, needs_reply=True, happened_at=at(when))
    answered = log(cur, senco, ZOE, subject="Answered", needs_reply=True)
    replies.mark_replied(cur, senco, answered, NOW, NOW)
    log(cur, senco, ZOE, subject="No reply needed")
    frame = replies.awaiting_reply(cur, senco, TODAY)
    assert frame[["Subject", "School days waiting", "Target", "Over target"]].values.tolist() == [
        ["Half term", 15, 3, True],
        ["Thursday before last", 7, 3, True],
        ["Friday", 1, 3, False],
        ["Saturday", 0, 3, False],
    ]
    db.set_setting(cur, "reply_target_days", "10")
    frame = replies.awaiting_reply(cur, senco, TODAY)
    assert frame["Over target"].tolist() == [True, False, False, False]


def test_mark_replied_and_reply_times(cur, staff):
    senco = staff["senco"]
    communication_id = log(cur, senco, ZOE, needs_reply=True, happened_at=at("2026-10-23 16:00"))
    replies.mark_replied(cur, senco, communication_id, at("2026-11-02 08:30"), NOW)
    assert listing.get_entry(cur, senco, communication_id).replied_at == at("2026-11-02 08:30")
    assert audit.list_entries(cur, pupil_id=ZOE)["action"].tolist()[0] == "mark replied"
    times = replies.reply_times(cur, senco, date(2026, 10, 1), date(2026, 10, 31))
    assert times[["communication_id", "school_days_to_reply"]].values.tolist() == [
        [communication_id, 1]
    ]
    assert replies.reply_times(cur, senco, date(2026, 11, 1), date(2026, 11, 30)).empty


@pytest.mark.parametrize(
    ("needs_reply", "replied_at", "message"),
    [
        (False, "2026-11-23 09:00", "this message was not marked as needing a reply"),
        (True, "2026-11-20 15:00", "is before the message"),
        (True, "2026-11-23 17:00", "is in the future"),
    ],
)
def test_mark_replied_refuses_bad_replies(cur, staff, needs_reply, replied_at, message):
    communication_id = log(cur, staff["senco"], ZOE, needs_reply=needs_reply)
    with pytest.raises(ValidationError) as caught:
        replies.mark_replied(cur, staff["senco"], communication_id, at(replied_at), NOW)
    assert [(p.field, p.message) for p in caught.value.problems] == [("Replied", message)]
    assert db.scalar(cur, "SELECT count(*) FROM communications WHERE replied_at IS NOT NULL") == 0


def test_a_reply_is_recorded_once(cur, staff):
    communication_id = log(cur, staff["senco"], ZOE, needs_reply=True)
    replies.mark_replied(cur, staff["senco"], communication_id, NOW, NOW)
    with pytest.raises(ValidationError, match="already recorded on 23/11/2026 16:00"):
        replies.mark_replied(cur, staff["senco"], communication_id, NOW, NOW)


def test_teacher_cannot_mark_another_class_replied(cur, staff):
    communication_id = log(cur, staff["senco"], ZOE, needs_reply=True)
    with pytest.raises(NotFound):
        replies.mark_replied(cur, staff["teacher"], communication_id, NOW, NOW)


def test_counts_by_week_and_channel(cur, staff, logged):
    frame = trends.counts_by_week_and_channel(
        cur, staff["senco"], date(2026, 11, 1), date(2026, 11, 30)
    )
    assert frame.values.tolist() == [
        [date(2026, 11, 2), "email", 1],
        [date(2026, 11, 9), "meeting in person", 1],
        [date(2026, 11, 16), "email", 2],
        [date(2026, 11, 16), "phone", 1],
    ]
    teacher = trends.counts_by_week_and_channel(
        cur, staff["teacher"], date(2026, 11, 1), date(2026, 11, 30)
    )
    assert teacher["count"].sum() == 3  # Alex and Siobhán only
    viewer = trends.counts_by_week_and_channel(
        cur, staff["viewer"], date(2026, 11, 1), date(2026, 11, 30)
    )
    assert viewer["count"].sum() == 5


def test_pupil_timeline_points(cur, staff):
    senco = staff["senco"]
    log(cur, senco, ZOE, [action()], subject="Phonics", happened_at=at("2026-11-02 09:00"))
    log(
        cur,
        senco,
        ZOE,
        subject="Review",
        channel="video call",
        direction="to parent",
        meeting_kind="APDR review",
        led_by="SENCo",
        happened_at=at("2026-11-16 15:00"),
    )
    frame = trends.pupil_timeline_points(cur, senco, ZOE)
    assert [
        (w.date(), w.hour, channel, kind, label)
        for w, channel, kind, label in frame.itertuples(index=False)
    ] == [
        (date(2026, 11, 2), 9, "email", "entry", "Phonics"),
        (date(2026, 11, 16), 15, "video call", "meeting", "APDR review: Review"),
        (
            date(2026, 11, 27),
            0,
            "action",
            "action due",
            "Send home the phonics cards (Tia Teacher)",
        ),
    ]


def test_the_chart_from_a_date_keeps_the_actions_already_done(cur, staff):
    senco = staff["senco"]
    log(cur, senco, ZOE, [action()], subject="Phonics", happened_at=at("2026-11-02 09:00"))
    action_id = cur.execute("SELECT action_id FROM actions").fetchone()[0]
    ledger.mark_done(cur, senco, action_id, date(2026, 11, 20), TODAY)
    frame = trends.pupil_timeline_points(cur, senco, ZOE, date_from=date(2026, 11, 1))
    assert frame["label"].tolist() == [
        "Phonics",
        "Send home the phonics cards (Tia Teacher) - done",
    ]


class CountingCursor:
    """A cursor that counts the statements it runs."""

    def __init__(self, cur):
        self.cur, self.statements = cur, []

    def execute(self, sql, params=None):
        self.statements.append(sql)
        return self.cur.execute(sql, params or [])


def test_a_large_timeline_is_filtered_in_one_query(cur, staff):
    frame = school.build_large_timeline(cur, rows=200_000, pupils=2_000)
    pupil_id = int(frame["pupil_id"].iloc[0])
    counting = CountingCursor(cur)
    found = listing.list_entries(counting, staff["senco"], TimelineFilter(pupil_id=pupil_id))
    assert len(counting.statements) == 1
    expected = frame[frame["pupil_id"] == pupil_id].sort_values(
        ["happened_at", "communication_id"], ascending=False
    )
    assert found["communication_id"].tolist() == expected["communication_id"].tolist()
    assert found["Pupil"].unique().tolist() == [f"Forename{pupil_id} Surname{pupil_id}"]

    wanted = TimelineFilter(
        date_from=date(2026, 10, 1), date_to=date(2026, 10, 31), channels=("email", "phone")
    )
    counting = CountingCursor(cur)
    found = listing.list_entries(counting, staff["senco"], wanted)
    assert len(counting.statements) == 1
    london = frame["happened_at"].dt.tz_convert(SCHOOL_TZ).dt.date
    expected = frame[
        (london >= date(2026, 10, 1))
        & (london <= date(2026, 10, 31))
        & frame["channel"].isin(["email", "phone"])
    ]
    assert sorted(found["communication_id"]) == sorted(expected["communication_id"])


def test_staff_choices_and_describe_filter(cur, staff):
    assert listing.staff_choices(cur) == {
        "head": "Hana Head",
        "office": "Olu Office",
        "senco": "Sam Senco",
        "teacher": "Tia Teacher",
    }
    assert listing.describe_filter(TimelineFilter()) == "Communications (all)"
    described = listing.describe_filter(
        TimelineFilter(
            pupil_id=ZOE,
            date_from=date(2026, 9, 1),
            date_to=date(2026, 11, 23),
            channels=("email", "phone"),
            meetings_only=True,
            search=" reading ",
        )
    )
    assert described == (
        "Communications: 01/09/2026 to 23/11/2026; email, phone; meetings only; matching 'reading'"
    )


@pytest.mark.parametrize(
    ("channel", "direction"),
    [
        ("phone", "to parent"),
        ("email", "to parent"),
        ("text", "to parent"),
        ("letter", "to parent"),
        ("meeting in person", "to parent"),
        ("video call", "to parent"),
        ("home-school book", "from parent"),
    ],
)
def test_a_new_entrys_direction_starts_from_its_channel(channel, direction):
    assert entries.default_direction(channel) == direction
    assert set(entries.CHANNELS) >= entries.FROM_PARENT_CHANNELS


def test_the_latest_meeting_is_the_newest_one_the_user_may_see(cur, staff):
    senco, teacher = staff["senco"], staff["teacher"]
    assert listing.latest_meeting(cur, senco, ZOE) is None
    meeting = {"channel": "meeting in person", "direction": "to parent", "led_by": "SENCo"}
    older = log(cur, senco, ZOE, meeting_kind="APDR review", **meeting,
                happened_at=at("2026-11-02 15:00"))  # fmt: skip
    newer = log(cur, senco, ZOE, meeting_kind="parent surgery", **meeting,
                happened_at=at("2026-11-16 15:00"))  # fmt: skip
    log(cur, senco, ZOE, subject="A call since", happened_at=at("2026-11-20 09:00"))
    assert listing.latest_meeting(cur, senco, ZOE) == (newer, at("2026-11-16 15:00"))
    assert older != newer
    assert listing.latest_meeting(cur, senco, ALEX) is None
    assert listing.latest_meeting(cur, senco, None)[0] == newer  # everyone's
    assert listing.latest_meeting(cur, teacher, None) is None  # Zoë is not in the teacher's class


def test_pupil_timeline_points_keep_to_the_dates_chosen(cur, staff):
    senco = staff["senco"]
    log(cur, senco, ZOE, subject="Last year", happened_at=at("2025-11-03 09:00"))
    log(cur, senco, ZOE, [action(due_date=date(2025, 11, 10), done_date=None)],
        subject="Old promise", happened_at=at("2025-11-04 09:00"))  # fmt: skip
    log(cur, senco, ZOE, [action(due_date=date(2026, 12, 4))], subject="This term",
        happened_at=at("2026-11-02 09:00"))  # fmt: skip
    frame = trends.pupil_timeline_points(cur, senco, ZOE, date(2026, 9, 1), date(2026, 11, 23))
    # This term's contact, and its action still open though due after the last day chosen.
    assert [(w.date(), kind) for w, kind in zip(frame["when"], frame["kind"], strict=True)] == [
        (date(2026, 11, 2), "entry"),
        (date(2026, 12, 4), "action due"),
    ]
    assert len(trends.pupil_timeline_points(cur, senco, ZOE)) == 5
