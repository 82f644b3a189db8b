"""Remembered results (sendlib.ui.remembered): the same answer as working it out afresh, for
every user, role and scope, before and after every kind of write."""

from __future__ import annotations

import dataclasses

import pytest

from sendlib import db, users
from sendlib.errors import PermissionDenied
from sendlib.pupils import listing
from sendlib.reporting import headlines
from sendlib.school import calendar
from sendlib.timeline import listing as timeline_listing
from sendlib.ui.remembered import _remember, data_version, database_file, remembered
from tests import school


@pytest.fixture(autouse=True)
def forget():
    _remember.clear()
    yield
    _remember.clear()


def everyone(cur) -> list[users.User]:
    """Each account of the test school, and each again in staff-meeting mode."""
    accounts = [users.get_user(cur, name) for name in ("senco", "teacher", "office", "head")]
    return accounts + [dataclasses.replace(a, staff_meeting=True) for a in accounts]


def choices(cur, user):
    return remembered(listing.pupil_choices, cur, user)


def figures(cur, user):
    term = calendar.this_term(cur, school.TODAY)
    sections = remembered(headlines.every_section, cur, user, term, school.TODAY)
    return [(s.heading, s.figures) for s in sections]


def fresh_figures(cur, user):
    term = calendar.this_term(cur, school.TODAY)
    return [(s.heading, s.figures) for s in headlines.every_section(cur, user, term, school.TODAY)]


def answer(work, *args):
    """What work(*args) gives, or the refusal it raises."""
    try:
        return work(*args)
    except PermissionDenied as refused:
        return ("refused", str(refused))


def test_each_user_gets_their_own_answer_whoever_asked_first(live):
    people = everyone(live)
    # Everyone asks in turn, twice over, so each later answer could have come from another's.
    for _ in range(2):
        for user in people:
            fresh = answer(listing.pupil_choices, live, user)
            assert answer(choices, live, user) == fresh, user
            assert answer(figures, live, user) == answer(fresh_figures, live, user), user
    senco, teacher = people[0], people[1]
    # The scopes differ, so a shared answer would have shown above.
    assert choices(live, senco) != choices(live, teacher)
    assert choices(live, senco) != choices(live, dataclasses.replace(senco, staff_meeting=True))


def test_a_changed_role_or_class_is_a_new_scope(live):
    teacher = users.get_user(live, "teacher")
    first = choices(live, teacher)
    moved = dataclasses.replace(teacher, classes=("2A",))
    assert choices(live, moved) == listing.pupil_choices(live, moved) != first
    promoted = dataclasses.replace(teacher, role="senco", classes=())
    assert choices(live, promoted) == listing.pupil_choices(live, promoted) != first


def test_an_answer_is_remembered_while_nothing_changes(live):
    senco = users.get_user(live, "senco")
    first = remembered(listing.register_list, live, senco, listing.RegisterFilter())
    # Reading, signing nothing: the very same answer, not worked out again.
    assert remembered(listing.register_list, live, senco, listing.RegisterFilter()) is first
    narrowed = listing.RegisterFilter(year_groups=(5,))
    assert remembered(listing.register_list, live, senco, narrowed) is not first


def test_no_answer_from_before_a_write_is_given_after_it(live):
    senco = users.get_user(live, "senco")
    everything = timeline_listing.TimelineFilter()
    before = remembered(timeline_listing.list_entries, live, senco, everything)
    school.log(live, senco, 1, subject="Remembered or not")  # through sendlib, in db.write
    after = remembered(timeline_listing.list_entries, live, senco, everything)
    assert len(after) == len(before) + 1
    assert "Remembered or not" in set(after["Subject"])


def test_a_write_outside_any_transaction_moves_the_version_on_too(live):
    senco = users.get_user(live, "senco")
    before = choices(live, senco)
    version = data_version(database_file(live))
    live.execute("UPDATE pupils SET known_as = 'Zed' WHERE pupil_id = 1")  # committed by itself
    assert data_version(database_file(live)) != version
    after = choices(live, senco)
    assert after == listing.pupil_choices(live, senco) != before
    assert after[1].startswith("Zed ")
    # After a checkpoint has moved the log into the file, and another write after it.
    live.execute("CHECKPOINT")
    live.execute("UPDATE pupils SET known_as = 'Zak' WHERE pupil_id = 1")
    assert choices(live, senco)[1].startswith("Zak ")


def test_a_write_that_changes_nothing_keeps_the_answer(live):
    senco = users.get_user(live, "senco")
    first = choices(live, senco)
    live.execute("UPDATE pupils SET known_as = 'Nobody' WHERE pupil_id = -1")
    assert choices(live, senco) is first


def test_nothing_is_remembered_for_a_database_in_memory(cur, staff):
    asked = []

    def work(c, user):
        asked.append(user.username)
        return listing.pupil_choices(c, user)

    assert database_file(cur) is None
    remembered(work, cur, staff["senco"])
    remembered(work, cur, staff["senco"])
    assert asked == ["senco", "senco"]
    assert db.commits() >= 0
