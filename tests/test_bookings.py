"""Parent-surgery bookings as the office and the SENCo use them: two people booking the same slot
at once, mistakes refused with a clear message, moving, cancelling, holding, who came and who
did not, writing the meeting up on the timeline, and what each role may see."""

from __future__ import annotations

import contextlib
import threading
from datetime import date, datetime

import pytest
from icalendar import Calendar

from sendlib import audit, db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import register
from sendlib.reporting import printing
from sendlib.surgery import attendance, bookings, cancelling, meetings_due, sessions, slots
from sendlib.surgery import grid as surgery_grid
from sendlib.timeline import ledger as timeline_ledger
from sendlib.timeline import listing
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.school import ALEX, LUKASZ, SIOBHAN, ZOE
from tests.test_pdf import text

TODAY = school.TODAY  # Monday 23 November 2026
NOW = school.NOW
TUESDAY = date(2026, 11, 24)
DURING = datetime(2026, 11, 24, 14, 0, tzinfo=SCHOOL_TZ)  # the first slot has started
AFTER = datetime(2026, 11, 24, 15, 30, tzinfo=SCHOOL_TZ)
TUESDAYS = school.TUESDAYS
# The first three pupils (Zoë, Łukasz, Alex) have a parent whose contact id is the pupil's id.
AGENDA = "Worried about spelling tests and the wait for the ASD assessment"
RACERS = 50


@pytest.fixture
def staff_with_surgeries(cur, staff):
    """The test school's accounts, with the SENCo's weekly Tuesday surgery set up today."""
    sessions.save_pattern(cur, staff["senco"], TUESDAYS, TODAY)
    return staff


@pytest.fixture
def senco(staff_with_surgeries):
    return staff_with_surgeries["senco"]


@pytest.fixture
def office(staff_with_surgeries):
    return staff_with_surgeries["office"]


def slot(cur, senco, at: str, day: date = TUESDAY) -> int:
    """The slot starting at `at` (HH:MM, London) that day."""
    frame = surgery_grid.grid(cur, senco, day, day)
    return int(frame.loc[frame["starts_at"].dt.strftime("%H:%M") == at, "slot_id"].iloc[0])


def book(cur, user, slot_id, pupil_id=ZOE, mode="phone", agenda=None, now=NOW, contact_id=None):
    contact_id = pupil_id if contact_id is None else contact_id
    return bookings.book(cur, user, slot_id, pupil_id, contact_id, mode, agenda, now)


def active_bookings(cur, slot_id: int) -> int:
    return db.scalar(cur, "SELECT count(*) FROM bookings WHERE active_slot_id = ?", [slot_id])


def counts(cur) -> tuple[int, int, int, int]:
    """Bookings, communications, actions and audit rows: what a refused change must leave."""
    return tuple(
        db.scalar(cur, f"SELECT count(*) FROM {table}")
        for table in ("bookings", "communications", "actions", "audit_log")
    )


def problems(error: pytest.ExceptionInfo) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


def free_ids(cur, after=NOW) -> set[int]:
    return {s.slot_id for s in slots.free_slots(cur, after, limit=100)}


def race(conn, attempts) -> list:
    """Run each attempt(cursor) in its own thread, all released at the same moment; what each
    returned or raised."""
    barrier = threading.Barrier(len(attempts))
    results: list = [None] * len(attempts)

    def run(n, attempt):
        own = db.cursor(conn)
        barrier.wait()
        try:
            results[n] = attempt(own)
        except Exception as exc:  # noqa: BLE001 - what each racer got is the point
            results[n] = exc
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def all_inside(monkeypatch):
    """Make a race its closest: each racer waits, inside its transaction and after writing its
    booking or hold, until every racer has got that far; only then do they commit. Call with
    the number of racers."""

    def gate(racers: int) -> None:
        barrier = threading.Barrier(racers, timeout=10)
        waited = threading.local()

        class GatedAudit:
            @staticmethod
            def record(c, username, action, pupil_id=None, detail=None, **changes):
                if action in ("book surgery", "hold surgery slot") and not getattr(
                    waited, "done", False
                ):
                    waited.done = True
                    with contextlib.suppress(threading.BrokenBarrierError):
                        barrier.wait()
                audit.record(c, username, action, pupil_id, detail, **changes)

        monkeypatch.setattr(bookings, "audit", GatedAudit)

    return gate


def others(results) -> list:
    """What a racer got that was neither a booking id nor SlotTaken."""
    return [r for r in results if not isinstance(r, int | slots.SlotTaken)]


# ---------------------------------------------------------------- the race


def check_one_booked_and_the_rest_told(cur, senco, results, taken: int) -> None:
    won = [r for r in results if isinstance(r, int)]
    lost = [r for r in results if isinstance(r, slots.SlotTaken)]
    assert others(results) == []
    assert (len(won), len(lost)) == (1, RACERS - 1)
    for refusal in lost:
        message = str(refusal)
        assert message.startswith(
            "The slot at Tue 24 Nov 2026 13:30 has just been booked by someone else. Nearest free: "
        )
        assert refusal.alternatives
        assert taken not in {s.slot_id for s in refusal.alternatives}
        assert refusal.alternatives[0].label == "Tue 24 Nov 2026 13:50, SENCo office"
        assert refusal.alternatives[0].label in message
    (booking_id,) = won
    assert bookings.get_booking(cur, senco, booking_id).label == (
        "Tue 24 Nov 2026 13:30–13:50: Zoë O'Connor-Smith with Ms O'Connor (phone)"
    )


def test_fifty_people_booking_the_same_slot_at_once_only_one_gets_it(conn, cur, senco, office):
    taken = slot(cur, senco, "13:30")
    results = race(conn, [lambda c: book(c, office, taken, ZOE) for _ in range(RACERS)])
    check_one_booked_and_the_rest_told(cur, senco, results, taken)
    assert active_bookings(cur, taken) == 1
    assert db.scalar(cur, "SELECT count(*) FROM bookings") == 1
    assert db.scalar(cur, "SELECT count(*) FROM audit_log WHERE action = 'book surgery'") == 1


def test_fifty_bookings_of_one_slot_committing_together_all_but_one_are_told_it_is_taken(
    conn, cur, senco, office, all_inside
):
    """The closest race: every booking is written before any is committed."""
    taken = slot(cur, senco, "13:30")
    all_inside(RACERS)
    results = race(conn, [lambda c: book(c, office, taken, ZOE) for _ in range(RACERS)])
    assert active_bookings(cur, taken) == 1
    check_one_booked_and_the_rest_told(cur, senco, results, taken)


def test_a_hold_and_a_booking_at_once_only_one_takes_the_slot(conn, cur, senco, office, all_inside):
    taken = slot(cur, senco, "14:10")
    note = "for Mrs Khan to ring back"
    all_inside(2)
    results = race(
        conn,
        [
            lambda c: bookings.hold(c, office, taken, note, NOW),
            lambda c: book(c, office, taken, LUKASZ, mode="in person"),
        ],
    )
    assert active_bookings(cur, taken) == 1
    assert others(results) == []
    won = [r for r in results if isinstance(r, int)]
    (refusal,) = [r for r in results if isinstance(r, slots.SlotTaken)]
    winner = bookings.get_booking(cur, senco, won[0])
    what = f"held ({note})" if winner.status == "held" else "booked"
    assert f"has just been {what} by someone else" in str(refusal)


def test_a_hold_and_a_booking_one_after_the_other_the_second_is_told(cur, senco, office):
    taken = slot(cur, senco, "14:10")
    note = "for Mrs Khan to ring back"
    bookings.hold(cur, office, taken, note, NOW)
    with pytest.raises(slots.SlotTaken) as refusal:
        book(cur, office, taken, LUKASZ)
    assert f"has just been held ({note}) by someone else" in str(refusal.value)
    assert active_bookings(cur, taken) == 1


# ---------------------------------------------------------------- mistakes refused


def test_a_slot_that_has_passed_cannot_be_booked(cur, senco, office):
    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        book(cur, office, slot(cur, senco, "13:30"), now=DURING)
    assert problems(error) == {"Slot": "Tue 24 Nov 2026 13:30 has passed: choose a later slot"}
    assert "has passed" in str(error.value)
    assert counts(cur) == before


def test_a_pupil_who_has_left_cannot_be_booked(cur, senco, office):
    register.archive_pupil(cur, senco, ALEX, date(2026, 11, 20), TODAY)
    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        book(cur, office, slot(cur, senco, "13:30"), ALEX)
    assert problems(error) == {"Pupil": "Alex Nguyễn left the school on 20 Nov 2026"}
    assert "left the school" in str(error.value)
    assert counts(cur) == before
    assert ALEX not in bookings.bookable_pupils(cur, office)["pupil_id"].tolist()


def test_a_pupil_with_no_parent_on_record_cannot_be_booked(cur, senco, office):
    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        book(cur, office, slot(cur, senco, "13:30"), SIOBHAN, contact_id=1)
    message = problems(error)["Parent or carer"]
    assert message.startswith("Siobhán Murphy has no parent or carer on record")
    assert "the SENCo or the class teacher adds them first" in message
    assert "under Parents and carers" in message
    assert counts(cur) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_id": 2}, "Parent or carer", "is not one of this pupil's"),
        ({"mode": "carrier pigeon"}, "Mode", "must be one of in person, phone, video"),
        ({"mode": None}, "Mode", "must be one of in person, phone, video"),
        ({"agenda": "x" * 1001}, "Agenda", "must be at most 1000 characters"),
        ({"pupil_id": None}, "Pupil", "is required"),
        ({"pupil_id": 999}, "Pupil", "is not on the school's records"),
    ],
)
def test_a_booking_with_a_mistake_is_refused_naming_the_field(
    cur, senco, office, changes, field, message
):
    before = counts(cur)
    values = {"pupil_id": ZOE, "contact_id": ZOE, "mode": "phone", "agenda": None, **changes}
    with pytest.raises(ValidationError) as error:
        book(cur, office, slot(cur, senco, "13:30"), **values)
    assert problems(error)[field] == message
    assert f"{field}: {message}" in str(error.value)
    assert counts(cur) == before


def test_an_agenda_of_exactly_the_limit_is_fine(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"), agenda="x" * 1000)
    assert len(bookings.get_booking(cur, senco, booking_id).agenda) == 1000


def test_a_slot_in_a_cancelled_session_cannot_be_booked(cur, senco, office):
    later = date(2026, 12, 1)
    (session,) = sessions.list_sessions(cur, later, later)
    chosen = slot(cur, senco, "13:30", later)
    cancelling.cancel_session(cur, senco, session.session_id, "Staff training", NOW)
    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        book(cur, office, chosen)
    assert problems(error) == {"Slot": "is in a cancelled session: choose another"}
    assert counts(cur) == before
    assert chosen not in free_ids(cur)


# ---------------------------------------------------------------- moving and cancelling


def test_moving_a_booking_frees_the_old_slot(cur, senco, office):
    first, second = slot(cur, senco, "13:30"), slot(cur, senco, "13:50")
    booking_id = book(cur, office, first, agenda=AGENDA)
    assert first not in free_ids(cur)
    bookings.move(cur, office, booking_id, second, NOW)
    moved = bookings.get_booking(cur, senco, booking_id)
    assert (moved.when, moved.status, moved.parent_name, moved.mode, moved.agenda) == (
        "Tue 24 Nov 2026 13:50–14:10",
        "booked",
        "Ms O'Connor",
        "phone",
        AGENDA,
    )
    assert first in free_ids(cur) and second not in free_ids(cur)
    assert active_bookings(cur, first) == 0 and active_bookings(cur, second) == 1
    # The old slot can be booked by another family.
    book(cur, office, first, LUKASZ)


def test_moving_to_a_taken_slot_or_the_same_slot_is_refused(cur, senco, office):
    zoe_slot, lukasz_slot = slot(cur, senco, "13:30"), slot(cur, senco, "14:10")
    zoe = book(cur, office, zoe_slot)
    book(cur, office, lukasz_slot, LUKASZ)
    with pytest.raises(slots.SlotTaken) as taken:
        bookings.move(cur, office, zoe, lukasz_slot, NOW)
    assert str(taken.value).startswith(
        "The slot at Tue 24 Nov 2026 14:10 has just been booked by someone else."
    )
    assert lukasz_slot not in {s.slot_id for s in taken.value.alternatives}
    assert zoe_slot not in {s.slot_id for s in taken.value.alternatives}
    with pytest.raises(ValidationError) as error:
        bookings.move(cur, office, zoe, zoe_slot, NOW)
    assert problems(error) == {"New slot": "is the slot it is already in"}
    assert bookings.get_booking(cur, senco, zoe).slot_id == zoe_slot


def test_cancelling_a_booking_frees_the_slot_to_book_again(cur, senco, office):
    chosen = slot(cur, senco, "14:30")
    booking_id = book(cur, office, chosen)
    cancelling.cancel(cur, office, booking_id, "Ms O'Connor is working that day", NOW)
    cancelled = bookings.get_booking(cur, senco, booking_id)
    assert (cancelled.status, cancelled.cancel_reason) == (
        "cancelled",
        "Ms O'Connor is working that day",
    )
    assert chosen in free_ids(cur)
    again = book(cur, office, chosen, ZOE, mode="video")
    assert bookings.get_booking(cur, senco, again).status == "booked"
    with pytest.raises(ValidationError) as error:
        cancelling.cancel(cur, office, booking_id, None, NOW)
    assert problems(error) == {"Booking": "is cancelled, so this cannot be done"}


# ---------------------------------------------------------------- which week the grid opens on

SATURDAY = date(2026, 11, 28)
SATURDAY_TEA = datetime(2026, 11, 28, 16, 30, tzinfo=SCHOOL_TZ)
THIS_MONDAY, NEXT_MONDAY = date(2026, 11, 23), date(2026, 11, 30)


def test_the_office_opens_on_this_week_while_it_has_a_slot_free_to_book(cur, office):
    assert slots.opening_week(cur, office, TODAY, NOW) == THIS_MONDAY


def test_at_the_weekend_the_office_opens_on_the_coming_week_not_the_one_just_gone(cur, office):
    assert slots.opening_week(cur, office, SATURDAY, SATURDAY_TEA) == NEXT_MONDAY


def test_when_this_weeks_slots_are_all_taken_the_office_opens_on_next_week(cur, senco, office):
    for at in ("13:30", "13:50", "14:10", "14:30"):
        bookings.hold(cur, senco, slot(cur, senco, at), "Taken", NOW)
    assert slots.opening_week(cur, office, TODAY, NOW) == THIS_MONDAY  # 14:50 is still free
    bookings.hold(cur, senco, slot(cur, senco, "14:50"), "Taken", NOW)
    assert slots.opening_week(cur, office, TODAY, NOW) == NEXT_MONDAY


def test_with_no_slot_free_anywhere_the_office_opens_on_this_week(cur, office):
    summer = date(2027, 7, 14)  # past the sessions made so far (this term and next)
    assert slots.opening_week(cur, office, summer, datetime(2027, 7, 14, 9, tzinfo=SCHOOL_TZ)) == (
        date(2027, 7, 12)
    )


def test_the_count_under_the_grid_names_what_became_of_each_slot(cur, senco, office):
    zoe, alex = (
        book(cur, office, slot(cur, senco, "13:30")),
        book(cur, office, slot(cur, senco, "13:50"), ALEX),
    )
    bookings.hold(cur, office, slot(cur, senco, "14:10"), "Ringing back", NOW)
    frame = surgery_grid.grid(cur, office, TUESDAY, TUESDAY)
    assert surgery_grid.summary(frame, NOW) == "5 slots: 2 booked, 1 held, 2 free to book."
    attendance.mark_attended(cur, senco, zoe, AFTER)
    attendance.mark_no_show(cur, senco, alex, AFTER)
    frame = surgery_grid.grid(cur, office, TUESDAY, TUESDAY)
    assert surgery_grid.summary(frame, AFTER) == (
        "5 slots: 1 held, 1 attended, 1 missed, 2 not used; none free to book."
    )


def test_the_senco_who_runs_the_meetings_opens_on_this_week(cur, staff_with_surgeries):
    for role in ("senco", "teacher"):
        user = staff_with_surgeries[role]
        assert slots.opening_week(cur, user, SATURDAY, SATURDAY_TEA) == THIS_MONDAY


# ---------------------------------------------------------------- holding a slot


def test_a_held_slot_is_not_offered_until_released(cur, senco, office):
    chosen = slot(cur, senco, "14:50")
    note = "for Mrs Khan to ring back"
    hold_id = bookings.hold(cur, office, chosen, note, NOW)
    held = bookings.get_booking(cur, office, hold_id)
    assert (held.status, held.hold_note, held.pupil_name) == ("held", note, None)
    assert held.label == f"Tue 24 Nov 2026 14:50–15:10: held ({note})"
    assert chosen not in free_ids(cur)

    with pytest.raises(slots.SlotTaken) as taken:
        book(cur, office, chosen)
    assert f"has just been held ({note}) by someone else" in str(taken.value)
    with pytest.raises(ValidationError) as error:
        bookings.hold(cur, office, slot(cur, senco, "13:30"), "  ", NOW)
    assert "Why it is held" in problems(error)

    bookings.release(cur, office, hold_id, NOW)
    assert bookings.get_booking(cur, office, hold_id).status == "cancelled"
    assert chosen in free_ids(cur)
    book(cur, office, chosen)


# ---------------------------------------------------------------- on the day


def test_attendance_is_marked_only_once_the_slot_has_started(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"))
    with pytest.raises(ValidationError) as error:
        attendance.mark_attended(cur, senco, booking_id, NOW)
    assert problems(error) == {"Booking": "Tue 24 Nov 2026 13:30–13:50 has not happened yet"}
    assert bookings.get_booking(cur, senco, booking_id).status == "booked"
    attendance.mark_attended(cur, senco, booking_id, DURING)
    assert bookings.get_booking(cur, senco, booking_id).status == "attended"


def test_a_missed_surgery_gives_the_senco_a_follow_up_action(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"))
    with pytest.raises(ValidationError):
        attendance.mark_no_show(cur, senco, booking_id, NOW)
    action_id = attendance.mark_no_show(cur, senco, booking_id, AFTER)

    booking = bookings.get_booking(cur, senco, booking_id)
    assert (booking.status, booking.follow_up_action_id) == ("no-show", action_id)
    action = timeline_ledger.get_action(cur, senco, action_id)
    assert (action.reason, action.owner_username, action.owner_name) == (
        "missed surgery",
        "senco",
        "Sam Senco",
    )
    assert action.description == (
        "Contact Ms O'Connor about the surgery missed on Tue 24 Nov 2026 13:30–13:50 and offer "
        "another time"
    )
    ledger = timeline_ledger.ledger(cur, senco, TUESDAY, owner="senco")
    row = ledger[ledger["action_id"] == action_id].iloc[0]
    assert (row["Pupil"], row["Owner"], row["State"]) == (
        "Zoë O'Connor-Smith",
        "Sam Senco",
        "open",
    )
    assert "surgery missed" in row["What"]
    # Marking it attended after all (the parent rang in late) is allowed.
    attendance.mark_attended(cur, senco, booking_id, AFTER)
    assert bookings.get_booking(cur, senco, booking_id).status == "attended"


# ---------------------------------------------------------------- the meeting record


def meeting_values(booking: bookings.Booking, **changes) -> dict:
    return {
        **attendance.meeting_defaults(booking),
        "led_by": "class teacher",
        "attendees": "Mrs Nguyễn, Miss Teacher, SENCo",
        "parent_views": "Mrs Nguyễn says Alex is anxious about spelling tests.",
        "summary": "Agreed a quieter place for tests and a check-in each Monday.",
        **changes,
    }


AGREED = [
    {
        "description": "Set up a quiet room for spelling tests",
        "owner_kind": "staff",
        "owner_username": "teacher",
        "due_date": date(2026, 12, 4),
    }
]


def test_writing_up_a_surgery_puts_it_on_the_timeline_and_counts_it(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"), ALEX, "in person", AGENDA)
    before = meetings_due.meeting_counts(cur, senco, TUESDAY)
    assert before.set_index("pupil_id").loc[ALEX, "Meetings this term"] == 0

    booking = bookings.get_booking(cur, senco, booking_id)
    communication_id = attendance.record_meeting(
        cur, senco, booking_id, meeting_values(booking), AGREED, AFTER
    )
    entry = listing.get_entry(cur, senco, communication_id)
    assert (entry.pupil_name, entry.meeting_kind, entry.led_by, entry.channel) == (
        "Alex Nguyễn",
        "parent surgery",
        "class teacher",
        "meeting in person",
    )
    assert (entry.contact_id, entry.with_name) == (ALEX, "Mrs Nguyễn (mother)")
    assert entry.happened_at == datetime(2026, 11, 24, 13, 30, tzinfo=SCHOOL_TZ)
    assert [(a.description, a.owner_name) for a in entry.actions] == [
        ("Set up a quiet room for spelling tests", "Tia Teacher")
    ]
    done = bookings.get_booking(cur, senco, booking_id)
    assert (done.status, done.communication_id) == ("attended", communication_id)

    counted = meetings_due.meeting_counts(cur, senco, TUESDAY).set_index("pupil_id")
    assert counted.loc[ALEX, "Meetings this term"] == 1  # once, not twice
    assert counted.loc[ALEX, "Meetings this year"] == 1
    assert counted.loc[ALEX, "Last meeting"] == TUESDAY

    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        attendance.record_meeting(cur, senco, booking_id, meeting_values(booking), [], AFTER)
    assert problems(error) == {"Booking": "already has a meeting record on the timeline"}
    assert counts(cur) == before


def test_a_meeting_record_without_a_summary_saves_nothing(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"), ALEX, "in person", AGENDA)
    booking = bookings.get_booking(cur, senco, booking_id)
    before = counts(cur)
    with pytest.raises(ValidationError) as error:
        attendance.record_meeting(
            cur, senco, booking_id, meeting_values(booking, summary="  "), AGREED, AFTER
        )
    assert problems(error)["Summary"] == "is required"
    assert "Summary: is required" in str(error.value)
    assert counts(cur) == before
    unchanged = bookings.get_booking(cur, senco, booking_id)
    assert (unchanged.status, unchanged.communication_id) == ("booked", None)
    assert db.scalar(cur, "SELECT count(*) FROM communications") == 0


def test_a_meeting_cannot_be_written_up_before_it_happens(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"), ALEX)
    booking = bookings.get_booking(cur, senco, booking_id)
    with pytest.raises(ValidationError) as error:
        attendance.record_meeting(cur, senco, booking_id, meeting_values(booking), [], NOW)
    assert problems(error) == {"Booking": "Tue 24 Nov 2026 13:30–13:50 has not happened yet"}


# ---------------------------------------------------------------- who sees what


@pytest.fixture
def day_booked(cur, senco, office) -> dict[int, int]:
    """Tuesday's surgery with Zoë (2A), Łukasz (3B, EHC plan, Polish interpreter) and Alex (5A)
    booked, each with an agenda; the booking ids by pupil."""
    return {
        ZOE: book(cur, office, slot(cur, senco, "13:30"), ZOE, "phone", AGENDA),
        LUKASZ: book(cur, office, slot(cur, senco, "13:50"), LUKASZ, "in person", AGENDA),
        ALEX: book(cur, office, slot(cur, senco, "14:10"), ALEX, "video", AGENDA),
    }


NEEDS_WORDS = ("SEN support", "EHC", "ASD", "SLCN", "SPLD", "spelling tests", AGENDA)


def test_the_office_sees_who_and_how_to_reach_them_but_never_the_agenda(cur, office, day_booked):
    booking = bookings.get_booking(cur, office, day_booked[ZOE])
    assert (booking.pupil_name, booking.parent_name, booking.phone, booking.agenda) == (
        "Zoë O'Connor-Smith",
        "Ms O'Connor",
        "07700 900123",
        None,
    )
    frame = surgery_grid.grid(cur, office, TUESDAY, TUESDAY)
    assert frame["pupil"].tolist()[:3] == ["Zoë O'Connor-Smith", "Łukasz Nowak", "Alex Nguyễn"]
    assert frame["phone"].tolist()[:3] == ["07700 900123", "07700 900456", "07700 900789"]
    assert frame["agenda"].isna().all()
    assert [p.agenda for p in bookings.bookings_for_pupil(cur, office, ZOE)] == [None]


def test_the_office_day_sheet_and_week_grid_name_families_but_not_needs(cur, office, day_booked):
    sheet = text(printing.print_day_sheet(cur, office, TUESDAY, TODAY))
    for words in ("Zoë O'Connor-Smith", "Łukasz Nowak", "Alex Nguyễn", "Ms O'Connor", "Polish"):
        assert words in sheet
    assert "07700 900123" in sheet
    week = text(printing.print_week_grid(cur, office, slots.week_start(TUESDAY), TODAY))
    for words in ("Zoë O'Connor-Smith", "Łukasz Nowak", "Alex Nguyễn"):
        assert words in week
    for document in (sheet, week):
        for words in NEEDS_WORDS:
            assert words not in document
    printed = audit.list_entries(cur, username="office")["action"].tolist()
    assert {"print surgery day sheet", "print surgery week"} <= set(printed)


def test_the_office_cannot_mark_attendance_or_write_up_a_meeting(cur, office, day_booked):
    booking_id = day_booked[ALEX]
    before = counts(cur)
    with pytest.raises(PermissionDenied):
        attendance.mark_attended(cur, office, booking_id, AFTER)
    with pytest.raises(PermissionDenied):
        attendance.mark_no_show(cur, office, booking_id, AFTER)
    booking = bookings.get_booking(cur, office, booking_id)
    with pytest.raises(PermissionDenied):
        attendance.record_meeting(cur, office, booking_id, meeting_values(booking), [], AFTER)
    assert counts(cur) == before


def test_a_teacher_sees_their_own_class_and_only_that(cur, staff, day_booked):
    teacher = staff["teacher"]  # 5A: Alex's class
    alex = bookings.get_booking(cur, teacher, day_booked[ALEX])
    assert (alex.pupil_name, alex.parent_name, alex.mode, alex.agenda) == (
        "Alex Nguyễn",
        "Mrs Nguyễn",
        "video",
        AGENDA,
    )
    frame = surgery_grid.grid(cur, teacher, TUESDAY, TUESDAY)
    assert frame["pupil"].tolist()[:3] == [None, None, "Alex Nguyễn"]
    assert frame["parent"].tolist()[:3] == [None, None, "Mrs Nguyễn"]
    assert frame["state"].tolist() == ["booked", "booked", "booked", "free", "free"]
    cells = [surgery_grid.grid_cell(row) for row in frame.itertuples(index=False)]
    assert cells[:3] == ["13:30 booked", "13:50 booked", "14:10 booked: Alex Nguyễn (video)"]
    on_the_grid = surgery_grid.grid_table(frame)[0].iloc[0].tolist()
    assert on_the_grid[1:4] == ["13:30 booked", "13:50 booked", "14:10 Alex N. · video"]
    for other in (ZOE, LUKASZ):
        with pytest.raises(NotFound):
            bookings.get_booking(cur, teacher, day_booked[other])
    assert bookings.bookings_for_pupil(cur, teacher, ZOE) == []
    with pytest.raises(PermissionDenied):
        book(cur, teacher, slot(cur, staff["senco"], "14:30"), ALEX)


def test_a_head_sees_counts_and_no_names(cur, staff, day_booked):
    head = staff["viewer"]
    with pytest.raises(PermissionDenied):
        surgery_grid.grid(cur, head, TUESDAY, TUESDAY)
    week = surgery_grid.week_counts(cur, head, date(2026, 11, 23), date(2026, 12, 6))
    assert week.columns.tolist() == [
        "Week beginning",
        "Sessions",
        "Slots",
        "Booked",
        "Held",
        "Attended",
        "No-show",
        "Free",
    ]
    first = week.iloc[0]
    assert (first["Sessions"], first["Slots"], first["Booked"], first["Free"]) == (1, 5, 3, 2)
    assert week.iloc[1]["Booked"] == 0
    shown = week.to_string()
    for name in ("Zoë", "Łukasz", "Alex", "O'Connor", "Nowak", "Nguyễn"):
        assert name not in shown
    with pytest.raises(PermissionDenied):
        printing.print_day_sheet(cur, head, TUESDAY, TODAY)


def test_a_head_is_told_they_see_counts_only_when_opening_a_booking(cur, staff, day_booked):
    with pytest.raises(PermissionDenied, match="see surgery counts only"):
        bookings.get_booking(cur, staff["viewer"], day_booked[ZOE])


def test_a_head_cannot_open_a_booking(cur, staff, day_booked):
    # Whatever the message, nothing about the family reaches a head.
    with pytest.raises((PermissionDenied, NotFound)):
        bookings.get_booking(cur, staff["viewer"], day_booked[ZOE])


# ---------------------------------------------------------------- the calendar file


def test_the_calendar_file_is_at_the_schools_time_and_names_the_pupil_not_the_agenda(
    cur, office, day_booked
):
    ics = printing.calendar_invite(cur, office, day_booked[ALEX], NOW)
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.events
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    start = event["DTSTART"].dt
    assert (start.date(), start.hour, start.minute) == (TUESDAY, 14, 10)
    assert start.astimezone(SCHOOL_TZ) == datetime(2026, 11, 24, 14, 10, tzinfo=SCHOOL_TZ)
    assert (event["DTEND"].dt.hour, event["DTEND"].dt.minute) == (14, 30)
    assert str(event["SUMMARY"]) == "Meeting with the SENCo about Alex Nguyễn"
    description = str(event["DESCRIPTION"])
    assert "Mrs Nguyễn" in description
    assert "https://meet.example.org/senco" in description
    unfolded = ics.decode().replace("\r\n ", "")
    for words in NEEDS_WORDS:
        assert words not in unfolded
    assert audit.list_entries(cur, username="office")["action"].iloc[0] == "export calendar file"


def test_a_cancelled_booking_has_no_calendar_file(cur, office, day_booked):
    cancelling.cancel(cur, office, day_booked[ZOE], None, NOW)
    with pytest.raises(ValidationError) as error:
        printing.calendar_invite(cur, office, day_booked[ZOE], NOW)
    assert problems(error) == {"Booking": "is cancelled: only a booking has an invite"}


# ---------------------------------------------------------------- the audit log


def test_booking_moving_and_cancelling_are_audited_with_who_did_it(cur, senco, office):
    booking_id = book(cur, office, slot(cur, senco, "13:30"))
    bookings.move(cur, office, booking_id, slot(cur, senco, "14:50"), NOW)
    cancelling.cancel(cur, office, booking_id, "Ms O'Connor is unwell", NOW)
    rows = cur.execute(
        "SELECT username, action, pupil_id, detail FROM audit_log "
        "WHERE action LIKE '%surgery%' AND action NOT LIKE '%pattern%' ORDER BY audit_id"
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("office", "book surgery", ZOE),
        ("office", "move surgery booking", ZOE),
        ("office", "cancel surgery booking", ZOE),
    ]
    assert rows[0][3] == f"booking {booking_id}: Tue 24 Nov 2026 13:30, phone"
    assert rows[1][3] == (
        f"booking {booking_id}: Tue 24 Nov 2026 13:30–13:50 to Tue 24 Nov 2026 14:50"
    )
    assert rows[2][3] == f"booking {booking_id}: Tue 24 Nov 2026 14:50–15:10; Ms O'Connor is unwell"


def test_a_missed_meeting_reads_missed_on_the_grid_as_in_the_count_beneath(cur, senco, day_booked):
    attendance.mark_no_show(cur, senco, day_booked[ALEX], AFTER)
    frame = surgery_grid.grid(cur, senco, TUESDAY, TUESDAY)
    cells = surgery_grid.grid_table(frame, AFTER)[0].iloc[0].tolist()
    assert "14:10 missed · Alex N." in cells
    assert not any("no-show" in cell for cell in cells)
    assert "1 missed" in surgery_grid.summary(frame, AFTER)
