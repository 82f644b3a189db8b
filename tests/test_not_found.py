"""An id in a page's address that does not exist, is not a number, or names another class's
record gets the same plain message on every page, and no error page (AppTest)."""

from __future__ import annotations

from datetime import date, time

import pytest

from sendlib import db, users
from sendlib.surgery import bookings, sessions
from sendlib.ui import notices
from tests import school
from tests.apptest import make_school, run_page, serve, shown_text
from tests.test_surgery_pages import slot_at

ZOE, LUKASZ, ALEX = 1, 2, 3  # 2A and 3B are not the teacher's classes; 5A is
WEEK = "2026-11-23"


@pytest.fixture(scope="module")
def ids(tmp_path_factory):
    """The test school with this week's surgery booked: an id of each kind, the teacher's and
    another class's."""
    path = make_school(tmp_path_factory.mktemp("not-found") / "school.duckdb")
    conn = db.connect(path)
    cur = db.cursor(conn)
    senco, office = users.get_user(cur, "senco"), users.get_user(cur, "office")
    sessions.save_pattern(cur, senco, school.TUESDAYS, date(2026, 11, 2))
    tuesday = date(2026, 11, 24)
    theirs = slot_at(cur, tuesday, time(13, 30))
    ours = slot_at(cur, tuesday, time(13, 50))
    other = bookings.book(cur, office, theirs, LUKASZ, 2, "phone", "", school.NOW)
    mine = bookings.book(cur, office, ours, ALEX, 3, "phone", "", school.NOW)
    conn.close()
    with pytest.MonkeyPatch.context() as mp:
        serve(path, mp)
        yield {
            "other_slot": str(theirs),
            "own_slot": str(ours),
            "other_booking": str(other),
            "own_booking": str(mine),
        }


# page, the address parameter, the view a page must show to use it
ADDRESSES = [
    ("pages/pupil.py", "pupil", {}),
    ("pages/log.py", "pupil", {}),
    ("pages/timeline.py", "pupil", {}),
    ("pages/transition.py", "pupil", {"transition_view": "pack"}),
    ("pages/transition.py", "pupil", {}),
    ("pages/log.py", "booking", {}),
    ("pages/surgery.py", "slot", {}),
]
OTHER_CLASS = {"pupil": str(ZOE), "booking": "other_booking", "slot": "other_slot"}


def shows_not_found(at) -> bool:
    return not at.exception and notices.NOT_FOUND in [e.value for e in at.error]


def address(ids: dict, name: str, value: str) -> dict:
    query = {name: ids.get(value, value)}
    if name == "slot":
        query["week"] = WEEK
    return query


@pytest.mark.parametrize("value", ["999999", "twelve"])
@pytest.mark.parametrize("username", ["senco", "teacher"])
@pytest.mark.parametrize(("page", "name", "state"), ADDRESSES)
def test_a_missing_or_broken_id_gets_the_plain_message(ids, page, name, state, username, value):
    at = run_page(page, username, address(ids, name, value), state)
    assert shows_not_found(at)


@pytest.mark.parametrize(("page", "name", "state"), ADDRESSES)
def test_a_teacher_with_another_class_id_gets_the_same_message(ids, page, name, state):
    at = run_page(page, "teacher", address(ids, name, OTHER_CLASS[name]), state)
    assert shows_not_found(at)
    text = shown_text(at)
    assert "Zoë" not in text and "Łukasz" not in text and "Nowak" not in text


@pytest.mark.parametrize(
    ("page", "username", "name", "value"),
    [
        ("pages/pupil.py", "teacher", "pupil", str(ALEX)),
        ("pages/timeline.py", "teacher", "pupil", str(ALEX)),
        ("pages/transition.py", "teacher", "pupil", str(ALEX)),
        ("pages/log.py", "senco", "booking", "other_booking"),
        ("pages/surgery.py", "teacher", "slot", "own_slot"),
        ("pages/surgery.py", "senco", "slot", "other_slot"),  # the SENCo sees every class
    ],
)
def test_ids_that_may_be_seen_open_as_before(ids, page, username, name, value):
    at = run_page(page, username, address(ids, name, value))
    assert not at.exception
    assert notices.NOT_FOUND not in [e.value for e in at.error]
    assert "Alex" in shown_text(at) or "Łukasz" in shown_text(at)


def test_a_teacher_cannot_record_a_surgery_from_its_address(ids):
    # Recording a surgery meeting is the SENCo's: the booking is not the teacher's to open here.
    at = run_page("pages/log.py", "teacher", address(ids, "booking", "own_booking"))
    assert shows_not_found(at)


def test_no_id_in_the_address_is_not_an_error(ids):
    for page in ("pages/pupil.py", "pages/timeline.py", "pages/surgery.py", "pages/log.py"):
        at = run_page(page, "teacher")
        assert not at.exception and not at.error
