"""The demo school's parent surgeries: the pattern, sessions in term only, and bookings a SENCo
would recognise, tied to the timeline and the promise ledger."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from sendlib import db, demo, users
from sendlib.school import calendar
from sendlib.surgery import attendance, bookings, sessions
from sendlib.surgery import grid as surgery_grid
from sendlib.surgery import slots as surgery_slots
from sendlib.words import SCHOOL_TZ

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime.combine(TODAY, time(16, 0), SCHOOL_TZ)


def _build(seed: int = 2026) -> tuple[db.Cursor, db.Cursor, demo.DemoSummary]:
    conn = db.connect(":memory:")
    summary = demo.build_school(conn.cursor(), "small", seed=seed, today=TODAY)
    return conn, db.cursor(conn), summary


@pytest.fixture(scope="module")
def school(demo_conn, demo_summary):
    """The small demo school (conftest builds it once, seed 2026, on TODAY), read by this
    module's tests: a cursor on it, and what the build reported."""
    return db.cursor(demo_conn), demo_summary


def rows(cur, sql, params=None):
    return cur.execute(sql, params or []).fetchall()


BOOKED = (
    "SELECT b.booking_id, b.status, b.pupil_id, b.contact_id, sl.starts_at, sl.ends_at "
    "FROM bookings b JOIN surgery_slots sl USING (slot_id)"
)


def test_the_weekly_pattern_is_a_tuesday_afternoon(school):
    cur, _ = school
    patterns = sessions.list_patterns(cur)
    assert len(patterns) == 1
    (tuesday,) = patterns
    assert (tuesday.weekday, tuesday.starts, tuesday.ends) == (1, time(13, 30), time(15, 10))
    assert (tuesday.slot_count, tuesday.slot_minutes, tuesday.place) == (5, 20, "SENCo office")
    assert tuesday.remote_details


def test_sessions_run_from_last_september_to_the_end_of_next_term_in_term_time_only(school):
    cur, summary = school
    days = [d for (d,) in rows(cur, "SELECT session_date FROM surgery_sessions ORDER BY 1")]
    assert summary.surgery_sessions == len(days) > 50
    end_of_next_term = sessions.horizon(cur, TODAY)
    assert date(2025, 9, 1) <= days[0] < date(2025, 9, 20)
    assert end_of_next_term - timedelta(days=7) < days[-1] <= end_of_next_term
    assert all(d.weekday() == 1 for d in days)  # Tuesdays: never a weekend
    half_term = [d for d in days if date(2026, 10, 26) <= d <= date(2026, 10, 30)]
    assert half_term == []
    school_days = set(calendar.school_days(cur, days[0], days[-1]))
    assert set(days) <= school_days
    slots = rows(
        cur,
        "SELECT s.session_date, count(*), min(sl.starts_at), max(sl.ends_at) "
        "FROM surgery_sessions s JOIN surgery_slots sl USING (session_id) GROUP BY ALL",
    )
    for day, count, first, last in slots:
        assert count == 5
        assert first.astimezone(SCHOOL_TZ).time() == time(13, 30)  # in BST and GMT alike
        assert last.astimezone(SCHOOL_TZ).time() == time(15, 10)
        assert first.astimezone(SCHOOL_TZ).date() == day


def test_past_bookings_are_mostly_attended_some_missed_some_cancelled(school):
    cur, summary = school
    assert summary.bookings == db.scalar(cur, "SELECT count(*) FROM bookings") > 100
    past = dict(
        rows(cur, f"SELECT status, count(*) FROM ({BOOKED}) WHERE ends_at <= ? GROUP BY 1", [NOW])
    )
    assert set(past) == {"attended", "no-show", "cancelled"}
    assert past["attended"] > 5 * past["no-show"]
    future = dict(
        rows(cur, f"SELECT status, count(*) FROM ({BOOKED}) WHERE starts_at > ? GROUP BY 1", [NOW])
    )
    assert set(future) <= {"booked", "held"} and future["booked"] and future.get("held")
    cancelled = rows(
        cur,
        "SELECT active_slot_id, cancel_reason, changed_at, booked_at FROM bookings "
        "WHERE status = 'cancelled'",
    )
    for active, reason, changed, booked in cancelled:
        assert active is None and reason and booked < changed <= NOW


def test_the_next_fortnight_is_busier_than_next_term(school):
    cur, _ = school
    used = (
        "SELECT avg((b.booking_id IS NOT NULL)::INT) FROM surgery_slots sl "
        "JOIN surgery_sessions s USING (session_id) "
        "LEFT JOIN bookings b ON b.active_slot_id = sl.slot_id "
        "WHERE s.cancelled_at IS NULL AND sl.starts_at BETWEEN ? AND ?"
    )
    soon = db.scalar(cur, used, [NOW, NOW + timedelta(days=14)])
    later = db.scalar(cur, used, [date(2027, 2, 1), date(2027, 3, 31)])
    assert soon > later
    assert 0.2 <= soon <= 0.8 and later <= 0.4


def test_every_attended_booking_is_a_parent_surgery_on_the_timeline(school):
    cur, _ = school
    found = rows(
        cur,
        "SELECT b.booking_id, c.communication_id, c.meeting_kind, c.pupil_id = b.pupil_id, "
        "c.contact_id = b.contact_id, c.happened_at = sl.starts_at, c.led_by, c.channel, b.mode, "
        "c.staff_username, c.entered_at >= c.happened_at "
        "FROM bookings b JOIN surgery_slots sl USING (slot_id) "
        "LEFT JOIN communications c USING (communication_id) WHERE b.status = 'attended'",
    )
    assert found
    for booking, entry, kind, pupil, contact, when, led, channel, mode, staff, typed in found:
        assert entry is not None, booking
        assert kind == "parent surgery" and pupil and contact and when and typed
        assert led == "SENCo" and staff == "senco"
        assert channel == attendance.CHANNEL_FOR_MODE[mode]
    others = (
        "SELECT count(*) FROM bookings WHERE status <> 'attended' AND communication_id IS NOT NULL"
    )
    assert db.scalar(cur, others) == 0


def test_every_no_show_has_a_follow_up_for_the_senco(school):
    cur, _ = school
    found = rows(
        cur,
        "SELECT b.booking_id, a.action_id, a.pupil_id = b.pupil_id, a.owner_username, a.reason, "
        "a.description, a.due_date >= sl.starts_at::DATE, a.created_at <= ? "
        "FROM bookings b JOIN surgery_slots sl USING (slot_id) "
        "LEFT JOIN actions a ON a.action_id = b.follow_up_action_id WHERE b.status = 'no-show'",
        [NOW],
    )
    assert found
    for booking, action, same_pupil, owner, reason, description, due_after, created in found:
        assert action is not None, booking
        assert same_pupil and owner == "senco" and reason == "missed surgery"
        assert description.startswith("Contact ") and "missed surgery" in description
        assert due_after and created
    done = db.scalar(
        cur,
        "SELECT avg((a.done_date IS NOT NULL)::INT) FROM bookings b "
        "JOIN actions a ON a.action_id = b.follow_up_action_id",
    )
    assert done >= 0.5


def test_nothing_is_dated_after_now_and_the_future_has_not_happened(school):
    cur, _ = school
    assert (
        rows(
            cur, "SELECT booking_id FROM bookings WHERE booked_at > ? OR changed_at > ?", [NOW, NOW]
        )
        == []
    )
    assert (
        rows(
            cur,
            f"SELECT * FROM ({BOOKED}) WHERE starts_at > ? AND status IN ('attended', 'no-show')",
            [NOW],
        )
        == []
    )
    assert rows(cur, "SELECT * FROM surgery_sessions WHERE cancelled_at > ?", [NOW]) == []
    late = rows(
        cur,
        "SELECT b.booking_id FROM bookings b JOIN surgery_slots sl USING (slot_id) "
        "WHERE b.booked_at > sl.starts_at OR b.changed_at < b.booked_at",
    )
    assert late == []


def test_bookings_are_for_register_pupils_with_their_own_parents(school):
    cur, _ = school
    found = rows(
        cur,
        "SELECT b.booking_id, s.status, p.date_left, k.pupil_id = b.pupil_id, b.mode "
        "FROM bookings b JOIN pupils p USING (pupil_id) "
        "LEFT JOIN sen_status s ON s.pupil_id = b.pupil_id AND s.end_date IS NULL "
        "LEFT JOIN contacts k ON k.contact_id = b.contact_id",
    )
    assert found
    for booking, status, left, own_contact, mode in found:
        assert status in ("K", "E") and left is None and own_contact, booking
        assert mode in bookings.MODES
    by_status = dict(
        rows(
            cur,
            "SELECT s.status, count(b.booking_id) / count(DISTINCT s.pupil_id) "
            "FROM sen_status s JOIN pupils p USING (pupil_id) "
            "LEFT JOIN bookings b ON b.pupil_id = s.pupil_id "
            "WHERE s.end_date IS NULL AND p.date_left IS NULL AND s.status IN ('K', 'E') "
            "GROUP BY 1",
        )
    )
    assert by_status["E"] > by_status["K"]  # EHC plan families book the most
    holds = rows(cur, "SELECT hold_note, pupil_id FROM bookings WHERE status = 'held'")
    addresses = {a for (a,) in rows(cur, "SELECT coalesce(form_of_address, name) FROM contacts")}
    for note, pupil in holds:
        assert pupil is None and any(a in note for a in addresses), note
    agendas = db.scalar(
        cur, "SELECT avg((agenda IS NOT NULL)::INT) FROM bookings WHERE status <> 'held'"
    )
    assert 0.5 <= agendas <= 0.9


def test_one_active_booking_per_slot_and_none_in_cancelled_sessions(school):
    cur, _ = school
    twice = "SELECT slot_id FROM bookings WHERE active_slot_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1"
    assert rows(cur, twice) == []
    in_cancelled = (
        "SELECT b.booking_id FROM bookings b JOIN surgery_slots sl USING (slot_id) "
        "JOIN surgery_sessions s USING (session_id) WHERE s.cancelled_at IS NOT NULL"
    )
    assert rows(cur, in_cancelled) == []
    reasons = rows(
        cur,
        "SELECT cancel_reason, cancelled_by FROM surgery_sessions WHERE cancelled_at IS NOT NULL",
    )
    assert all(reason and by == "senco" for reason, by in reasons)


def test_the_senco_sees_this_weeks_grid_with_names(school):
    cur, _ = school
    senco = users.get_user(cur, "senco")
    monday = surgery_slots.week_start(TODAY)
    frame = surgery_grid.grid(cur, senco, monday, monday + timedelta(days=6))
    assert len(frame) == 5
    booked = frame[frame["state"] == "booked"]
    assert len(booked) >= 1
    assert booked["pupil"].map(lambda name: isinstance(name, str) and name != "").all()
    cells, states = surgery_grid.grid_table(frame)
    shown = " ".join(cells.iloc[0, 1:])
    for name in booked["pupil"]:  # 'Temi Okonkwo' reads 'Temi O.' on the crowded grid
        first, last = name.rsplit(" ", 1)
        assert f"{first} {last[0]}." in shown


def test_the_same_seed_gives_the_same_surgeries(school):
    cur, _ = school
    again, cur_again, _ = _build()
    try:
        for table in ("surgery_patterns", "surgery_sessions", "surgery_slots", "bookings"):
            sql = f"SELECT * FROM {table} ORDER BY ALL"
            assert cur_again.execute(sql).df().equals(cur.execute(sql).df()), table
    finally:
        again.close()
