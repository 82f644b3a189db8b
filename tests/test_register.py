"""The register: who sees whom, filters and counts, adding, editing, status changes, leavers."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib import audit
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import listing, register
from sendlib.pupils.listing import RegisterFilter
from tests import school
from tests.school import TODAY


def names(frame) -> list[str]:
    return sorted(frame["Name"])


def test_senco_sees_everyone_on_the_register_but_not_pupils_off_it(cur, staff):
    frame = listing.list_register(cur, staff["senco"], RegisterFilter())
    assert names(frame) == sorted(
        [
            "Zoë O'Connor-Smith",
            "Łukasz Nowak",
            "Alex Nguyễn",
            "Siobhán Murphy",
            "<script>alert(1)</script> Jones",
        ]
    )
    row = frame[frame["Name"] == "Zoë O'Connor-Smith"].iloc[0]
    assert (row["Year"], row["Class"], row["Status"]) == ("Year 2", "2A", "SEN support (K)")
    assert (row["Primary need"], row["Secondary need"]) == ("SLCN", "ASD")
    assert row["Broad area"] == "Communication and interaction"
    assert row["Parents prefer"] == "email"


def test_teacher_sees_only_their_classes(cur, staff):
    frame = listing.list_register(cur, staff["teacher"], RegisterFilter())
    assert names(frame) == ["Alex Nguyễn", "Siobhán Murphy"]
    assert listing.list_classes(cur, staff["teacher"]) == ["5A"]
    with pytest.raises(NotFound):
        register.get_pupil(cur, staff["teacher"], 1)


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_office_and_viewer_cannot_list_the_register(cur, staff, role):
    with pytest.raises(PermissionDenied):
        listing.list_register(cur, staff[role], RegisterFilter())


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (RegisterFilter(year_groups=(5,)), ["Alex Nguyễn", "Siobhán Murphy"]),
        (RegisterFilter(classes=("3B",)), ["Łukasz Nowak"]),
        (RegisterFilter(statuses=("E",)), ["Łukasz Nowak"]),
        (RegisterFilter(needs=("ASD",)), ["Zoë O'Connor-Smith", "Łukasz Nowak"]),
        (RegisterFilter(broad_areas=("Cognition and learning",)), ["Alex Nguyễn"]),
        (RegisterFilter(search="nguy"), ["Alex Nguyễn"]),
        (RegisterFilter(search="alexander"), ["Alex Nguyễn"]),
        (RegisterFilter(search=school.make_upn(2)), ["Łukasz Nowak"]),
        (RegisterFilter(search="nobody"), []),
    ],
)
def test_filters_and_search(cur, staff, filters, expected):
    frame = listing.list_register(cur, staff["senco"], filters)
    assert names(frame) == sorted(expected)


def test_counts_follow_the_filters(cur, staff):
    frame = listing.list_register(cur, staff["senco"], RegisterFilter(year_groups=(5,)))
    assert listing.count_by_status(frame) == {
        "SEN support (K)": 1,
        "EHC plan (E)": 0,
        "Monitoring (cause for concern)": 1,
        "All": 2,
    }


def test_edit_keeps_what_was_not_changed_and_audits_the_fields(cur, staff):
    senco = staff["senco"]
    before = register.get_pupil(cur, senco, 3)
    values = {**before.__dict__, "known_as": "Xander", "primary_need": "MLD"}
    result = register.save_pupil(cur, senco, values, TODAY, pupil_id=3)
    assert result.changed == ["Known as", "Needs"]
    after = register.get_pupil(cur, senco, 3)
    assert after.known_as == "Xander"
    assert after.restricted_notes == before.restricted_notes
    assert register.get_needs(cur, 3) == ("MLD", None)
    last = audit.list_entries(cur, pupil_id=3).iloc[0]
    assert (last["action"], last["detail"]) == ("edit pupil", "changed: Known as, Needs")


def test_a_failed_edit_saves_nothing(cur, staff):
    senco = staff["senco"]
    before = register.get_pupil(cur, senco, 3)
    values = {**before.__dict__, "known_as": "Xander", "upn": "A000"}
    with pytest.raises(ValidationError, match="UPN"):
        register.save_pupil(cur, senco, values, TODAY, pupil_id=3)
    assert register.get_pupil(cur, senco, 3) == before


def test_a_duplicate_upn_is_refused(cur, staff):
    values = {**register.get_pupil(cur, staff["senco"], 3).__dict__, "upn": school.make_upn(1)}
    with pytest.raises(ValidationError, match="already belongs to another pupil"):
        register.save_pupil(cur, staff["senco"], values, TODAY, pupil_id=3)


def test_teacher_cannot_see_or_edit_restricted_notes(cur, staff):
    teacher = staff["teacher"]
    cur.execute("UPDATE pupils SET restricted_notes = 'Private' WHERE pupil_id = 3")
    pupil = register.get_pupil(cur, teacher, 3)
    assert pupil.restricted_notes is None
    register.save_pupil(
        cur, teacher, {**pupil.__dict__, "restricted_notes": "Overwritten"}, TODAY, pupil_id=3
    )
    assert register.get_pupil(cur, staff["senco"], 3).restricted_notes == "Private"


def test_status_change_closes_the_old_status_and_opens_the_new(cur, staff):
    senco = staff["senco"]
    with pytest.raises(ValidationError, match="record a primary need before this status"):
        register.change_status(cur, senco, 4, "K", TODAY, "Assessment showed need", TODAY)
    pupil = register.get_pupil(cur, senco, 4)
    register.save_pupil(cur, senco, {**pupil.__dict__, "primary_need": "MLD"}, TODAY, pupil_id=4)
    register.change_status(cur, senco, 4, "K", TODAY, "Assessment showed need", TODAY)
    history = register.get_status_history(cur, 4)
    assert [(p.status, p.start_date, p.end_date) for p in history] == [
        ("K", TODAY, None),
        ("monitoring", TODAY, TODAY),
    ]
    assert register.current_status(cur, 4) == "K"


def test_status_change_needs_a_reason_and_a_sensible_date(cur, staff):
    with pytest.raises(ValidationError) as caught:
        register.change_status(cur, staff["senco"], 1, "E", date(2030, 1, 1), "", TODAY)
    messages = [str(p) for p in caught.value.problems]
    assert "From: cannot be in the future" in messages
    assert "Reason: is required, so the history explains the change" in messages


def test_taking_a_pupil_off_the_register(cur, staff):
    register.change_status(cur, staff["senco"], 3, None, TODAY, "Making expected progress", TODAY)
    frame = listing.list_register(cur, staff["senco"], RegisterFilter())
    assert "Alex Nguyễn" not in names(frame)
    assert register.get_needs(cur, 3) == (None, None)


def test_leavers_are_archived_not_deleted(cur, staff):
    cur.execute("UPDATE sen_status SET start_date = DATE '2024-09-01' WHERE pupil_id = 2")
    register.archive_pupil(cur, staff["senco"], 2, date(2026, 10, 31), TODAY)
    assert "Łukasz Nowak" not in names(listing.list_register(cur, staff["senco"], RegisterFilter()))
    leavers = listing.list_register(cur, staff["senco"], RegisterFilter(leavers=True))
    assert names(leavers) == ["Łukasz Nowak"]
    assert leavers.iloc[0]["Status"] == "EHC plan (E)"
    assert leavers.iloc[0]["Left"] == date(2026, 10, 31)
    assert register.get_status_history(cur, 2)[0].end_date == date(2026, 10, 31)


def test_teacher_cannot_add_or_archive(cur, staff):
    with pytest.raises(PermissionDenied):
        register.save_pupil(cur, staff["teacher"], {}, TODAY)
    with pytest.raises(PermissionDenied):
        register.archive_pupil(cur, staff["teacher"], 3, TODAY, TODAY)


def test_markup_in_names_is_stored_as_typed(cur, staff):
    assert register.get_pupil(cur, staff["senco"], 5).legal_forename == "<script>alert(1)</script>"


def test_describe_filter():
    filters = RegisterFilter(year_groups=(0, 6), statuses=("K",), search=" khan ")
    assert listing.describe_filter(filters) == (
        "Pupils on the register: Reception, Year 6; SEN support (K); matching 'khan'"
    )
    assert listing.describe_filter(RegisterFilter()) == "Pupils on the register (all)"


def _change_actions(cur, pupil_id):
    return cur.execute(
        "SELECT description, owner_username, reason FROM actions WHERE pupil_id = ? "
        "ORDER BY action_id",
        [pupil_id],
    ).fetchall()


def test_a_status_change_creates_an_action_to_tell_the_parents(cur, staff):
    register.change_status(cur, staff["senco"], 1, "E", TODAY, "EHC plan issued", TODAY)
    ((description, owner, reason),) = _change_actions(cur, 1)
    assert description == (
        "Tell the parents what changed and why: SEN status changed from SEN support (K) to "
        "EHC plan (E): EHC plan issued"
    )
    assert owner == "senco"
    assert reason.startswith("SEN status changed")


def test_changing_needs_creates_an_action_but_other_edits_do_not(cur, staff):
    senco = staff["senco"]
    pupil = register.get_pupil(cur, senco, 3)
    register.save_pupil(cur, senco, {**pupil.__dict__, "known_as": "Xander"}, TODAY, pupil_id=3)
    assert _change_actions(cur, 3) == []
    register.save_pupil(cur, senco, {**pupil.__dict__, "primary_need": "MLD"}, TODAY, pupil_id=3)
    ((description, _, _),) = _change_actions(cur, 3)
    assert description.endswith("needs changed from SPLD to MLD")
