"""Staff-meeting mode in sendlib: initials, hidden notes, read-only rights, and every list a
projected screen draws from naming nobody."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from sendlib import access, audit, db, users
from sendlib.errors import PermissionDenied
from sendlib.pupils import census
from sendlib.pupils import listing as register_listing
from sendlib.reporting import pupil_lists, staff_meeting
from sendlib.school import calendar
from sendlib.surgery import bookings, meetings_due, slots
from sendlib.surgery import grid as surgery_grid
from sendlib.timeline import entries, listing, replies, trends
from sendlib.timeline import ledger as timeline_ledger
from sendlib.transition import packs
from sendlib.transition import tracker as transition_tracker
from tests import school
from tests.privacy import identifying_words, leaks

TODAY = school.TODAY


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Zoë O'Connor-Smith", "Z. O."),
        ("Łukasz Nowak", "Ł. N."),
        ("Ms Aoife O'Connor", "Ms A. O."),
        ("Mrs Nguyễn (mother)", "Mrs N. (mother)"),
        ("Dr. Jo Bloggs", "Dr. J. B."),
        ("Ms Khan (mother), EP (Dr Samira Ahmed)", "Ms K. (mother), EP (Dr S. A.)"),
        (
            "Specialist teacher (Ms Jo Moore (autism outreach))",
            "Specialist teacher (Ms J. M. (autism outreach))",
        ),
        ("Alex", "A."),
        ("", ""),
        (None, ""),
    ],
)
def test_initials(name, shown):
    assert staff_meeting.initials(name) == shown


def _meeting(user: users.User) -> users.User:
    return replace(user, staff_meeting=True)


def test_mask_keeps_initials_and_year_and_leaves_out_who_the_child_is_and_their_needs(cur, staff):
    frame = pd.DataFrame(
        {
            "Pupil": ["Zoë O'Connor-Smith", None],
            "Year": ["Year 2", "Year 5"],
            "With": ["Ms O'Connor (mother)", ""],
            "Summary": ["Asked about phonics", None],
            "UPN": ["A801200002001", "A801200002002"],
            "Class": ["2A", "5A"],
            "Status": ["EHC plan (E)", "SEN support (K)"],
            "Primary need": ["ASD", "SLCN"],
            "phone": ["07700 900123", None],
        }
    )
    masked = staff_meeting.mask(frame, _meeting(staff["senco"]))
    assert masked.fillna("").to_dict("list") == {
        "Pupil": ["Z. O.", ""],
        "Year": ["Year 2", "Year 5"],
        "With": ["Ms O. (mother)", ""],
        "Summary": [staff_meeting.HIDDEN, ""],
        "phone": ["", ""],
    }
    assert staff_meeting.mask(frame, staff["senco"]) is frame
    # Counts name no child: a table of them keeps its statuses and needs.
    counts = pd.DataFrame({"Status": ["EHC plan (E)"], "Need": ["ASD"], "Pupils": [3]})
    assert staff_meeting.mask(counts, _meeting(staff["senco"])).equals(counts)


def test_pupils_who_share_initials_are_numbered_the_same_way_in_every_list(cur, staff):
    twins = pd.DataFrame(
        {
            "pupil_id": [8, 3, 8, 5],
            "Pupil": ["Toby Owen", "Tia Owen", "Toby Owen", "Ann Lee"],
            "Year": ["Year 1", "Year 1", "Year 1", "Year 4"],
        }
    )
    masked = staff_meeting.mask(twins, _meeting(staff["senco"]))
    # The same pupil keeps one number on each of their rows; the number follows the record,
    # not the class or the order of the names.
    assert masked["Pupil"].tolist() == ["T. O. (2)", "T. O. (1)", "T. O. (2)", "A. L."]
    one_twin = staff_meeting.mask(twins[twins["pupil_id"] == 8], _meeting(staff["senco"]))
    assert one_twin["Pupil"].tolist() == ["T. O.", "T. O."]


def test_staff_meeting_mode_is_read_only_and_closes_pupil_screens(cur, staff):
    senco = _meeting(staff["senco"])
    assert access.screens_for(senco) == [
        "home",
        "register",
        "timeline",
        "ledger",
        "surgery",
        "transition",
    ]
    assert access.can(senco, "surgery", "needs")
    for screen, action in [
        ("register", "add"),
        ("register", "export"),
        ("register", "print"),
        ("pupil", "view"),
        ("timeline", "add"),
        ("timeline", "print"),
        ("ledger", "edit"),
        ("surgery", "book"),
        ("transition", "open"),
        ("settings", "view"),
    ]:
        assert not access.can(senco, screen, action), (screen, action)
        assert access.can(staff["senco"], screen, action), (screen, action)
    with pytest.raises(PermissionDenied, match="Staff-meeting mode is on"):
        access.require(senco, "pupil")
    with pytest.raises(PermissionDenied, match="School office accounts may not"):
        access.require(_meeting(staff["office"]), "register")


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_only_the_senco_and_teachers_switch_the_mode_on(cur, staff, role):
    assert [access.may_use_staff_meeting(r) for r in ("senco", "teacher", role)] == [
        True,
        True,
        False,
    ]
    with pytest.raises(PermissionDenied, match="have no staff-meeting mode"):
        users.set_staff_meeting(cur, staff[role], True)
    assert not users.get_user(cur, staff[role].username).staff_meeting
    assert not users.set_staff_meeting(cur, staff[role], False).staff_meeting


def test_the_switch_is_kept_in_the_database_and_audited(cur, staff):
    on = users.set_staff_meeting(cur, staff["senco"], True)
    assert on.staff_meeting
    assert users.get_user(cur, "senco").staff_meeting
    assert not users.get_user(cur, "teacher").staff_meeting
    off = users.set_staff_meeting(cur, on, False)
    assert not off.staff_meeting
    assert audit.list_entries(cur, username="senco")["action"].head(2).tolist() == [
        "staff-meeting mode off",
        "staff-meeting mode on",
    ]


# --- every list on a projected screen, on a whole demo school --------------------------------


@pytest.fixture
def demo_cur(demo_conn):
    """A cursor on the small demo school (conftest builds it once, on TODAY)."""
    return db.cursor(demo_conn)


def _year_order(years: pd.Series) -> pd.Series:
    return years.map(
        lambda y: -1 if y == "Reception" else int(y.split()[-1]) if "Year" in y else -2
    )


def _lists(cur, user) -> dict[str, pd.DataFrame]:
    term = calendar.this_term(cur, TODAY)
    year_ago = TODAY - timedelta(days=365)
    first_slot = date(2026, 9, 1)
    grid = surgery_grid.grid(cur, user, first_slot, TODAY + timedelta(days=60))
    frames = {
        "register": register_listing.list_register(cur, user, register_listing.RegisterFilter()),
        "timeline": listing.list_entries(cur, user, listing.TimelineFilter(date_from=year_ago)),
        "awaiting reply": replies.awaiting_reply(cur, user, TODAY),
        "ledger": timeline_ledger.ledger(cur, user, TODAY),
        "not met this term": pupil_lists.no_meeting_this_term_list(cur, user, term, TODAY),
        "EHCP reviews": pupil_lists.ehcp_reviews_list(cur, user, TODAY),
        "who needs a meeting": meetings_due.meetings_due(cur, user, TODAY),
        "surgery grid": grid,
        "surgery grid cells": surgery_grid.grid_table(grid)[0],
        "transition tracker": transition_tracker.tracker(cur, user, TODAY),
        "moving class": transition_tracker.class_moves(cur, user, TODAY),
    }
    pupil_id = int(frames["timeline"]["pupil_id"].iloc[0])
    frames["one pupil's chart"] = trends.pupil_timeline_points(cur, user, pupil_id)
    return frames


@pytest.mark.parametrize("username", ["senco", "teacher"])
def test_every_projected_list_names_nobody_in_staff_meeting_mode(demo_cur, username):
    words = identifying_words(demo_cur)
    user = users.get_user(demo_cur, username)
    shown = _lists(demo_cur, user)
    if username == "senco":
        assert all(len(frame) for frame in shown.values()), "each list has rows to check"
    named = {what: leaks(frame.to_string(), words) for what, frame in shown.items() if len(frame)}
    assert all(named.values()), "out of the mode, every list names someone"
    masked = _lists(demo_cur, _meeting(user))
    assert {
        what: leaks(frame.to_string(), words) for what, frame in masked.items()
    } == dict.fromkeys(masked, [])
    # The same rows, in the same order: only what they say changes.
    assert {k: len(v) for k, v in masked.items()} == {k: len(v) for k, v in shown.items()}
    # The lists kept class by class go by year group and initials instead: in class order, the
    # rows would still say who shares a class.
    for what, name in (("register", "Name"), ("not met this term", "Pupil")):
        in_order = (
            masked[what].sort_values(name).sort_values("Year", key=_year_order, kind="stable")
        )
        assert masked[what]["pupil_id"].tolist() == in_order["pupil_id"].tolist(), what
    assert sorted(masked["register"]["pupil_id"]) == sorted(shown["register"]["pupil_id"])
    # Beside a pupil: initials and the year group; no class, UPN, status or need.
    details = set(staff_meeting.DETAIL_COLUMNS)
    assert {what: details & set(frame.columns) for what, frame in masked.items()} == {
        what: set() for what in masked
    }
    for what in ("register", "not met this term", "who needs a meeting", "moving class"):
        assert "Year" in masked[what].columns, what


def test_in_the_mode_the_register_counts_needs_and_statuses_instead(demo_cur):
    senco = users.get_user(demo_cur, "senco")
    named = register_listing.register_list(demo_cur, senco, register_listing.RegisterFilter())
    listed = register_listing.register_list(
        demo_cur, _meeting(senco), register_listing.RegisterFilter()
    )
    assert list(listed.frame.columns) == ["pupil_id", "Name", "Year", "Parents prefer", "Left"]
    assert listed.by_status == named.by_status == register_listing.count_by_status(named.frame)
    by_need = dict(zip(listed.by_need["Primary need"], listed.by_need["Pupils"], strict=True))
    assert sum(by_need.values()) == len(named.frame)
    asd = census.need_label("ASD")
    assert by_need[asd] == (named.frame["Primary need"] == "ASD").sum() > 0
    # A class or a need chosen would put them beside the initials: only the year group narrows.
    narrow = register_listing.RegisterFilter(classes=("1 Oak",), needs=("ASD",), year_groups=(1,))
    assert len(register_listing.list_register(demo_cur, _meeting(senco), narrow)) == len(
        register_listing.list_register(
            demo_cur, senco, register_listing.RegisterFilter(year_groups=(1,))
        )
    )


def test_twins_on_the_demo_register_read_apart(demo_cur):
    senco = users.get_user(demo_cur, "senco")
    names = register_listing.list_register(
        demo_cur, _meeting(senco), register_listing.RegisterFilter()
    )["Name"]
    assert names.nunique() == len(names), names[names.duplicated(keep=False)].tolist()


def test_searching_by_name_or_note_waits_until_the_mode_is_off(demo_cur):
    senco = users.get_user(demo_cur, "senco")
    everyone = register_listing.list_register(demo_cur, senco, register_listing.RegisterFilter())
    name = everyone["Name"].iloc[0]
    by_name = register_listing.RegisterFilter(search=name)
    assert len(register_listing.list_register(demo_cur, senco, by_name)) < len(everyone)
    assert len(register_listing.list_register(demo_cur, _meeting(senco), by_name)) == len(everyone)
    year = listing.TimelineFilter(date_from=TODAY - timedelta(days=365))
    by_note = replace(year, search="anxious")
    found = len(listing.list_entries(demo_cur, senco, by_note))
    assert 0 < found < len(listing.list_entries(demo_cur, senco, year))
    assert len(listing.list_entries(demo_cur, _meeting(senco), by_note)) == len(
        listing.list_entries(demo_cur, senco, year)
    )


def test_a_family_owners_name_is_masked_in_the_ledger_but_staff_names_stay(demo_cur):
    senco = users.get_user(demo_cur, "senco")
    named = timeline_ledger.ledger(demo_cur, senco, TODAY)["Owner"]
    masked = timeline_ledger.ledger(demo_cur, _meeting(senco), TODAY)["Owner"]
    assert masked[named == "Priya Sharma"].unique().tolist() == ["Priya Sharma"]
    # An agency's practitioner ('EP (Dr Samira Ahmed)') keeps the service, with initials.
    agency = named[named.str.match(r"^[\w ]+ \((Dr|Mrs|Ms|Mr|Miss|Mx) [^()]+\)$")]
    assert len(agency) > 0
    for full, shown in zip(agency, masked[agency.index], strict=True):
        service, person = full[:-1].split(" (", 1)
        assert shown == f"{service} ({staff_meeting.initials(person)})"
    parents = named.str.startswith(("Mrs ", "Ms ", "Mr "))
    assert parents.sum() > 10
    assert (masked[parents] == named[parents].map(staff_meeting.initials)).all()


def test_nothing_is_changed_or_opened_in_staff_meeting_mode(demo_cur):
    senco = _meeting(users.get_user(demo_cur, "senco"))
    pupil_id = int(db.scalar(demo_cur, "SELECT min(pupil_id) FROM transition_packs"))
    before = db.scalar(demo_cur, "SELECT count(*) FROM communications")
    entry = {
        "happened_at": school.NOW,
        "channel": "phone",
        "direction": "to parent",
        "subject": "Checking in",
        "summary": "Called to check in.",
    }
    with pytest.raises(PermissionDenied, match="Staff-meeting mode"):
        entries.save_entry(demo_cur, senco, pupil_id, entry, [], school.NOW)
    with pytest.raises(PermissionDenied, match="Staff-meeting mode"):
        packs.packs_for_pupil(demo_cur, senco, pupil_id)
    slot = slots.free_slots(demo_cur, school.NOW, 1)[0]
    with pytest.raises(PermissionDenied, match="Staff-meeting mode"):
        bookings.book(demo_cur, senco, slot.slot_id, pupil_id, None, "in person", "", school.NOW)
    assert db.scalar(demo_cur, "SELECT count(*) FROM communications") == before


def test_a_pupil_chooser_in_the_mode_says_initials_and_year_group(demo_cur):
    senco = users.get_user(demo_cur, "senco")
    named = register_listing.pupil_choices(demo_cur, senco)
    masked = register_listing.pupil_choices(demo_cur, _meeting(senco))
    assert sorted(masked) == sorted(named)
    frame = register_listing.list_register(demo_cur, senco, register_listing.RegisterFilter())
    years = dict(zip(frame["pupil_id"], frame["Year"], strict=True))
    classes = dict(zip(frame["pupil_id"], frame["Class"], strict=True))
    assert all(label.endswith(f"({classes[p]})") for p, label in named.items())
    assert all(label.endswith(f", {years[p]}") for p, label in masked.items())
    assert len(set(masked.values())) == len(masked)  # twins read apart here too
