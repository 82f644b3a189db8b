"""Parent surgeries as the SENCo sets them up: the weekly pattern, the sessions made from it in
term time only, at 13:30 on the school's clock whatever the season, and what happens to them
when the pattern, the calendar or the SENCo's week changes."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta

import pytest

from sendlib import db
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.school import calendar, changes
from sendlib.surgery import bookings, cancelling, sessions, slots
from sendlib.surgery import grid as surgery_grid
from sendlib.words import SCHOOL_TZ
from tests import school

TODAY = school.TODAY  # Monday 23 November 2026
NOW = school.NOW
TUESDAY = date(2026, 11, 24)
TUESDAYS = school.TUESDAYS
# Pupils of the test school with a parent on record, and that parent's contact id.
ZOE, LUKASZ, ALEX = 1, 2, 3


@pytest.fixture
def senco(staff):
    return staff["senco"]


@pytest.fixture
def tuesdays(cur, senco) -> int:
    """The weekly Tuesday afternoon surgery, set up on Monday 23 November 2026."""
    return sessions.save_pattern(cur, senco, TUESDAYS, TODAY)


def session_days(cur, first=date(2026, 9, 1), last=date(2027, 8, 31)) -> list[date]:
    return [s.session_date for s in sessions.list_sessions(cur, first, last)]


def session_on(cur, day: date) -> sessions.Session:
    (session,) = sessions.list_sessions(cur, day, day)
    return session


def slot_starts(cur, senco, day: date) -> list[datetime]:
    """The start of each slot that day, as stored (an instant)."""
    frame = surgery_grid.grid(cur, senco, day, day)
    return [ts.to_pydatetime() for ts in frame["starts_at"]]


def clock(moments: list[datetime]) -> list[str]:
    return [f"{m.astimezone(SCHOOL_TZ):%H:%M}" for m in moments]


def counts(cur) -> tuple[int, int, int]:
    """Patterns, sessions and slots: what a refused save must leave as it was."""
    return tuple(
        db.scalar(cur, f"SELECT count(*) FROM {table}")
        for table in ("surgery_patterns", "surgery_sessions", "surgery_slots")
    )


def problems(error: pytest.ExceptionInfo) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


def book(cur, user, day: date, at: str, pupil_id: int = ZOE, now: datetime = NOW) -> int:
    """Book the pupil's first parent into the slot starting at `at` (HH:MM) that day."""
    frame = surgery_grid.grid(cur, user, day, day)
    slot_id = int(frame.loc[frame["starts_at"].dt.strftime("%H:%M") == at, "slot_id"].iloc[0])
    return bookings.book(cur, user, slot_id, pupil_id, pupil_id, "phone", None, now)


# ---------------------------------------------------------------- the pattern and the terms


def test_a_tuesday_surgery_is_made_every_tuesday_in_term_and_never_in_a_holiday(cur, senco):
    sessions.save_pattern(cur, senco, TUESDAYS, date(2026, 9, 1))
    days = session_days(cur)
    # From the first Tuesday of the autumn term to the end of the spring term (next term).
    assert days[0] == date(2026, 9, 8)
    assert days[-1] == date(2027, 3, 16) <= sessions.horizon(cur, date(2026, 9, 1))
    assert {d.weekday() for d in days} == {1}  # Tuesdays: never a Saturday or Sunday
    assert date(2026, 10, 20) in days and date(2026, 11, 3) in days
    assert not [d for d in days if date(2026, 10, 26) <= d <= date(2026, 10, 30)]  # half term
    assert not [d for d in days if date(2026, 12, 19) <= d <= date(2027, 1, 3)]  # Christmas
    assert date(2027, 2, 16) not in days  # the February half term
    assert len(days) == 14 + 10  # 14 Tuesdays in the autumn term, 10 in the spring term
    session = session_on(cur, date(2026, 12, 8))
    assert session.label == "Tue 8 Dec 2026 13:30–15:10, SENCo office"
    assert clock(slot_starts(cur, senco, date(2026, 12, 8))) == [
        "13:30",
        "13:50",
        "14:10",
        "14:30",
        "14:50",
    ]


def test_a_closure_takes_the_session_away_and_removing_it_brings_it_back(cur, senco, tuesdays):
    inset = date(2026, 12, 8)
    assert inset in session_days(cur)
    closure_id = changes.add_closure(cur, senco, inset, None, "INSET day", TODAY)
    assert inset not in session_days(cur)
    assert date(2026, 12, 1) in session_days(cur) and date(2026, 12, 15) in session_days(cur)
    assert sessions.refresh_sessions(cur, senco, TODAY) == (0, 0)  # already in step

    changes.remove_closure(cur, senco, closure_id, TODAY)
    assert inset in session_days(cur)
    assert clock(slot_starts(cur, senco, inset))[0] == "13:30"
    assert sessions.refresh_sessions(cur, senco, TODAY) == (0, 0)


def test_a_closure_whose_sessions_cannot_follow_is_not_saved(cur, senco, tuesdays, monkeypatch):
    inset = date(2026, 12, 8)

    def broken(*args):
        raise RuntimeError("the sessions could not be remade")

    monkeypatch.setattr(sessions, "refresh", broken)
    with pytest.raises(RuntimeError):
        changes.add_closure(cur, senco, inset, None, "INSET day", TODAY)
    assert calendar.is_school_day(cur, inset) and inset in session_days(cur)


def test_only_the_senco_refreshes_the_sessions(cur, staff, tuesdays):
    for role in ("office", "teacher", "viewer"):
        with pytest.raises(PermissionDenied):
            sessions.refresh_sessions(cur, staff[role], TODAY)


# ---------------------------------------------------------------- the clocks


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 10, 20), 12),  # British Summer Time: 13:30 in London is 12:30 UTC
        (date(2026, 11, 3), 13),  # the clocks went back on Sunday 25 October: 13:30 UTC
    ],
)
def test_the_first_slot_is_at_half_past_one_either_side_of_the_clocks_going_back(
    cur, senco, day, utc_hour
):
    sessions.save_pattern(cur, senco, TUESDAYS, date(2026, 9, 1))
    first = slot_starts(cur, senco, day)[0]
    assert first.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, 30, tzinfo=UTC)
    assert clock([first]) == ["13:30"]
    stored = db.scalar(
        cur,
        "SELECT min(sl.starts_at) FROM surgery_slots sl JOIN surgery_sessions s USING (session_id) "
        "WHERE s.session_date = ?",
        [day],
    )
    assert stored.astimezone(UTC).hour == utc_hour


def test_the_first_slot_is_at_half_past_one_either_side_of_the_clocks_going_forward(cur, senco):
    # The clocks go forward on Sunday 28 March 2027 (Easter Day, in the holiday); set up in
    # January, sessions run to the end of the summer term.
    sessions.save_pattern(cur, senco, TUESDAYS, date(2027, 1, 4))
    days = session_days(cur)
    before, after = date(2027, 3, 16), date(2027, 4, 6)
    assert before in days and after in days
    assert date(2027, 3, 23) not in days and date(2027, 3, 30) not in days  # Easter holiday
    winter, summer = slot_starts(cur, senco, before)[0], slot_starts(cur, senco, after)[0]
    assert winter.astimezone(UTC) == datetime(2027, 3, 16, 13, 30, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2027, 4, 6, 12, 30, tzinfo=UTC)
    assert clock([winter, summer]) == ["13:30", "13:30"]
    assert clock(slot_starts(cur, senco, after)) == ["13:30", "13:50", "14:10", "14:30", "14:50"]


# ---------------------------------------------------------------- checking the pattern


def test_slots_that_do_not_fit_are_refused_with_a_suggestion(cur, senco):
    with pytest.raises(ValidationError) as error:
        sessions.save_pattern(cur, senco, {**TUESDAYS, "slot_minutes": 25}, TODAY)
    message = problems(error)["Number of slots"]
    assert message == (
        "5 slots of 25 minutes need 2 h 05 min, but 13:30 to 15:10 is 1 h 40 min. "
        "Use 4 slots, or slots of 20 minutes."
    )
    assert "Number of slots: 5 slots of 25 minutes need 2 h 05 min" in str(error.value)
    assert sessions.list_patterns(cur) == []
    assert counts(cur) == (0, 0, 0)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts": time(15, 10), "ends": time(13, 30)}, "Ends", "must be after the start (15:10)"),
        ({"place": "   "}, "Place", "is required"),
        ({"place": None}, "Place", "is required"),
        ({"weekday": 5}, "Day", "must be a weekday, Monday to Friday"),
        ({"starts": time(6, 0)}, "Starts", "must be between 07:00 and 19:00"),
        ({"slot_minutes": 5}, "Slot length", "must be 10 to 120 minutes"),
        ({"slot_count": None}, "Number of slots", "is required"),
    ],
)
def test_a_pattern_with_a_mistake_is_refused_naming_the_field(cur, senco, changes, field, message):
    with pytest.raises(ValidationError) as error:
        sessions.save_pattern(cur, senco, {**TUESDAYS, **changes}, TODAY)
    assert problems(error)[field] == message
    assert f"{field}: {message}" in str(error.value)
    assert sessions.list_patterns(cur, include_retired=True) == []
    assert counts(cur) == (0, 0, 0)


def test_two_weekly_sessions_may_not_overlap_on_the_same_day(cur, senco, tuesdays):
    before = counts(cur)
    clash = {**TUESDAYS, "starts": time(14, 0), "ends": time(15, 0), "slot_count": 3}
    with pytest.raises(ValidationError) as error:
        sessions.save_pattern(cur, senco, clash, TODAY)
    assert problems(error) == {"Starts": "overlaps the Tuesday session 13:30–15:10"}
    assert counts(cur) == before
    # The same hour on a Thursday is fine.
    sessions.save_pattern(cur, senco, {**clash, "weekday": 3}, TODAY)
    assert [p.label for p in sessions.list_patterns(cur)] == [
        "Tuesdays 13:30–15:10: 5 slots of 20 minutes, SENCo office",
        "Thursdays 14:00–15:00: 3 slots of 20 minutes, SENCo office",
    ]


def test_only_the_senco_sets_the_pattern(cur, staff):
    for role in ("office", "teacher", "viewer"):
        with pytest.raises(PermissionDenied):
            sessions.save_pattern(cur, staff[role], TUESDAYS, TODAY)
    assert counts(cur) == (0, 0, 0)


# ---------------------------------------------------------------- changing and retiring


def test_changing_the_pattern_remakes_future_sessions_but_keeps_a_booked_one(
    cur, staff, senco, tuesdays
):
    sessions_before = len(session_days(cur))
    booking_id = book(cur, staff["office"], date(2026, 12, 1), "13:30")
    later = {**TUESDAYS, "starts": time(14, 0), "ends": time(15, 40), "place": "Room 4"}
    assert sessions.save_pattern(cur, senco, later, TODAY, pattern_id=tuesdays) == tuesdays

    assert session_on(cur, TUESDAY).label == "Tue 24 Nov 2026 14:00–15:40, Room 4"
    assert session_on(cur, date(2026, 12, 8)).label == "Tue 8 Dec 2026 14:00–15:40, Room 4"
    assert clock(slot_starts(cur, senco, date(2026, 12, 8)))[0] == "14:00"
    # The booked session stays as the parent was told.
    assert session_on(cur, date(2026, 12, 1)).label == "Tue 1 Dec 2026 13:30–15:10, SENCo office"
    booking = bookings.get_booking(cur, senco, booking_id)
    assert (booking.status, booking.when, booking.place) == (
        "booked",
        "Tue 1 Dec 2026 13:30–13:50",
        "SENCo office",
    )
    assert len(session_days(cur)) == sessions_before
    assert [p.label for p in sessions.list_patterns(cur)] == [
        "Tuesdays 14:00–15:40: 5 slots of 20 minutes, Room 4"
    ]


def test_retiring_the_pattern_removes_unbooked_sessions_and_keeps_booked_ones(
    cur, staff, senco, tuesdays
):
    booking_id = book(cur, staff["office"], date(2026, 12, 1), "13:50")
    made = len(session_days(cur))
    assert sessions.retire_pattern(cur, senco, tuesdays, TODAY) == made - 1
    assert session_days(cur) == [date(2026, 12, 1)]
    assert bookings.get_booking(cur, senco, booking_id).status == "booked"
    assert sessions.list_patterns(cur) == []
    (retired,) = sessions.list_patterns(cur, include_retired=True)
    assert retired.active is False
    # Nothing new is made for a retired pattern.
    assert sessions.keep_ahead(cur, date(2027, 1, 11)) == 0
    assert session_days(cur) == [date(2026, 12, 1)]


# ---------------------------------------------------------------- one-off sessions


EXTRA = {
    "session_date": date(2026, 11, 26),
    "starts": time(15, 30),
    "ends": time(16, 30),
    "slot_count": 3,
    "slot_minutes": 20,
    "place": "Library",
}


def test_an_extra_session_can_be_added_before_a_busy_week(cur, senco, tuesdays):
    session_id = sessions.add_session(cur, senco, EXTRA, NOW)
    session = sessions.get_session(cur, session_id)
    assert session.label == "Thu 26 Nov 2026 15:30–16:30, Library"
    assert session.pattern_id is None
    table = sessions.sessions_table(sessions.list_sessions(cur, TUESDAY, date(2026, 11, 27)))
    assert table[["Day", "Time", "Slots", "Kind"]].values.tolist() == [
        ["Tuesday", "13:30–15:10", "5 × 20 min", "weekly"],
        ["Thursday", "15:30–16:30", "3 × 20 min", "extra"],
    ]
    assert clock(slot_starts(cur, senco, date(2026, 11, 26))) == ["15:30", "15:50", "16:10"]
    # Its slots are offered to the office like any other.
    offered = slots.free_slots(cur, NOW, limit=20)
    assert "Thu 26 Nov 2026 15:30, Library" in [s.label for s in offered]


def test_an_extra_session_in_the_past_is_refused(cur, senco, tuesdays):
    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        sessions.add_session(
            cur, senco, {**EXTRA, "session_date": TODAY, "starts": time(9, 0)}, NOW
        )
    assert problems(error) == {"Date": "23 Nov 2026 at 09:00 has passed"}
    assert "has passed" in str(error.value)
    assert counts(cur) == before


def test_an_extra_session_may_not_overlap_a_session_that_day(cur, senco, tuesdays):
    before = counts(cur)
    clash = {**EXTRA, "session_date": TUESDAY, "starts": time(15, 0), "ends": time(16, 0)}
    with pytest.raises(ValidationError) as error:
        sessions.add_session(cur, senco, clash, NOW)
    assert problems(error) == {"Starts": "overlaps the session 13:30–15:10"}
    assert counts(cur) == before
    # Straight after the weekly session is fine.
    sessions.add_session(cur, senco, {**clash, "starts": time(15, 10), "ends": time(16, 10)}, NOW)
    assert len(sessions.list_sessions(cur, TUESDAY, TUESDAY)) == 2


def test_the_office_and_teachers_may_not_add_sessions(cur, staff, tuesdays):
    before = counts(cur)
    for role in ("office", "teacher", "viewer"):
        with pytest.raises(PermissionDenied):
            sessions.add_session(cur, staff[role], EXTRA, NOW)
    assert counts(cur) == before


# ---------------------------------------------------------------- cancelling a session


def test_cancelling_a_session_cancels_its_bookings_and_asks_the_senco_to_tell_each_family(
    cur, staff, senco, tuesdays
):
    office = staff["office"]
    zoe = book(cur, office, TUESDAY, "13:30", ZOE)
    lukasz = book(cur, office, TUESDAY, "13:50", LUKASZ)
    frame = surgery_grid.grid(cur, office, TUESDAY, TUESDAY)
    held_slot = int(frame["slot_id"].iloc[2])
    held = bookings.hold(cur, office, held_slot, "for Mr Khan to ring back", NOW)
    session = session_on(cur, TUESDAY)

    reason = "SENCo needed at an EHCP annual review"
    cancelled = cancelling.cancel_session(cur, senco, session.session_id, reason, NOW)
    assert sorted(cancelled) == sorted([zoe, lukasz, held])

    for booking_id in (zoe, lukasz, held):
        booking = bookings.get_booking(cur, senco, booking_id)
        assert booking.status == "cancelled"
        assert booking.cancel_reason == f"session cancelled: {reason}"
    after = sessions.get_session(cur, session.session_id)
    assert (after.cancelled_at is not None, after.cancel_reason) == (True, reason)

    # One action per family booked (not for the hold), owned by the SENCo who cancelled.
    rows = cur.execute(
        "SELECT pupil_id, owner_username, owner_name, description FROM actions ORDER BY pupil_id"
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (ZOE, "senco", "Sam Senco"),
        (LUKASZ, "senco", "Sam Senco"),
    ]
    assert rows[0][3].startswith("Tell Ms O'Connor the surgery on Tue 24 Nov 2026 13:30–13:50")
    assert rows[1][3].startswith("Tell Mrs Nowak the surgery on Tue 24 Nov 2026 13:50–14:10")
    for row in rows:
        assert "is cancelled" in row[3] and reason in row[3]

    # None of the day's slots is offered any more; the hold's slot is no longer held either.
    offered = slots.free_slots(cur, NOW, limit=50)
    assert offered and all(s.starts_at.astimezone(SCHOOL_TZ).date() != TUESDAY for s in offered)
    states = surgery_grid.grid(cur, senco, TUESDAY, TUESDAY)["state"].tolist()
    assert states == ["free"] * 5
    assert surgery_grid.week_counts(cur, senco, TUESDAY, TUESDAY).empty


def test_a_session_that_has_happened_or_has_no_reason_cannot_be_cancelled(cur, senco, tuesdays):
    session_id = session_on(cur, TUESDAY).session_id
    after_it = datetime(2026, 11, 24, 15, 30, tzinfo=SCHOOL_TZ)
    with pytest.raises(ValidationError) as error:
        cancelling.cancel_session(cur, senco, session_id, "Illness", after_it)
    assert problems(error) == {"Session": "has already happened"}
    with pytest.raises(ValidationError) as error:
        cancelling.cancel_session(cur, senco, session_id, "  ", NOW)
    assert problems(error) == {"Reason": "is required (the families are told it)"}
    assert sessions.get_session(cur, session_id).cancelled_at is None

    cancelling.cancel_session(cur, senco, session_id, "Illness", NOW)
    with pytest.raises(ValidationError) as error:
        cancelling.cancel_session(cur, senco, session_id, "Illness", NOW)
    assert problems(error) == {"Session": "is already cancelled"}


def test_the_office_may_not_cancel_a_session(cur, staff, tuesdays):
    session_id = session_on(cur, TUESDAY).session_id
    with pytest.raises(PermissionDenied):
        cancelling.cancel_session(cur, staff["office"], session_id, "Illness", NOW)
    assert sessions.get_session(cur, session_id).cancelled_at is None


# ---------------------------------------------------------------- keeping ahead


def test_keep_ahead_makes_next_terms_sessions_as_the_year_moves_on(cur, senco, tuesdays):
    assert session_days(cur)[-1] == date(2027, 3, 16)  # the end of the spring term
    assert sessions.keep_ahead(cur, TODAY) == 0

    january = date(2027, 1, 11)
    made = sessions.keep_ahead(cur, january)
    days = session_days(cur)
    summer = [d for d in days if d > date(2027, 3, 19)]
    assert made == len(summer) > 10
    assert summer[0] == date(2027, 4, 6) and days[-1] == date(2027, 7, 20)
    assert date(2027, 5, 4) in days  # the week of the May bank holiday (a Monday)
    assert date(2027, 6, 1) not in days  # the May half term
    assert sessions.keep_ahead(cur, january) == 0  # nothing twice
    assert len(days) == len(set(days))


def test_keep_ahead_does_nothing_without_a_pattern(cur, staff):
    assert sessions.keep_ahead(cur, TODAY) == 0
    assert sessions.keep_ahead(cur, date(2027, 1, 11)) == 0
    assert counts(cur) == (0, 0, 0)


def test_sessions_made_by_keep_ahead_follow_the_calendar(cur, senco, tuesdays):
    calendar.add_closure(cur, senco, date(2027, 4, 13), None, "INSET day")
    sessions.keep_ahead(cur, date(2027, 1, 11))
    days = session_days(cur)
    assert date(2027, 4, 6) in days and date(2027, 4, 20) in days
    assert date(2027, 4, 13) not in days
    assert timedelta(0) < (days[-1] - days[0])


def test_a_new_weekly_session_does_not_clash_with_an_extra_session_already_added(cur, senco):
    thursday = date(2026, 11, 26)
    sessions.add_session(cur, senco, {**EXTRA, "starts": time(14, 0), "ends": time(15, 0)}, NOW)
    # Refusing the pattern would do as well as leaving that Thursday out.
    with contextlib.suppress(ValidationError):
        sessions.save_pattern(cur, senco, {**TUESDAYS, "weekday": 3}, TODAY)
    made = [s for s in sessions.list_sessions(cur, thursday, thursday) if s.cancelled_at is None]
    clashes = [
        (a.label, b.label)
        for a in made
        for b in made
        if a.session_id < b.session_id and a.starts < b.ends and b.starts < a.ends
    ]
    assert clashes == []


def test_a_new_weekly_session_starts_on_a_day_that_has_none(cur, senco):
    assert sessions.new_pattern([]).weekday == 0
    sessions.save_pattern(cur, senco, {**TUESDAYS, "weekday": 0}, TODAY)
    sessions.save_pattern(cur, senco, TUESDAYS, TODAY)
    fresh = sessions.new_pattern(sessions.list_patterns(cur))
    assert (fresh.pattern_id, fresh.weekday, fresh.place) == (None, 2, "SENCo office")


def test_weekly_sessions_skip_a_one_off_bank_holiday(cur, senco):
    # Set up on Monday 17 April 2023: Monday 8 May was the Coronation bank holiday.
    mondays = {**TUESDAYS, "weekday": 0}
    sessions.save_pattern(cur, senco, mondays, date(2023, 4, 17))
    days = session_days(cur, date(2023, 4, 17), date(2023, 5, 31))
    assert date(2023, 5, 1) not in days  # the early May bank holiday
    assert date(2023, 5, 8) not in days  # the Coronation
    assert date(2023, 4, 24) in days and date(2023, 5, 15) in days
