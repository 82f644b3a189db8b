"""The promise ledger: actions agreed with parents, their states on a fixed day, marking them done."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sendlib import audit, db, users
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.school import calendar
from sendlib.timeline import agreeing
from sendlib.timeline import ledger as timeline_ledger
from tests.school import ALEX, PASSWORD, SIOBHAN, TODAY, ZOE, action, at, log

# TODAY is Monday 23 November 2026: this week runs to Sunday 29 November.


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("values", "index", "fields"),
    [
        ({}, 1, ["Action 1, What", "Action 1, Owner", "Action 1, Due date"]),
        ({"description": "x" * 1001}, 3, ["Action 3, What"]),
        ({"owner_kind": "agency", "owner_name": ""}, None, ["Owner"]),
        ({"due_date": d("2026-11-15")}, None, ["Due date"]),
    ],
)
def test_validate_action_names_each_field(values, index, fields):
    full = {**action(), **values} if values else {}
    _, problems = agreeing.validate_action(full, d("2026-11-16"), index)
    assert [p.field for p in problems] == fields


def test_validate_action_cleans_what_it_keeps():
    clean, problems = agreeing.validate_action(
        action(description="  Ring Ms O'Connor ", owner_kind="pupil", due_date="2026-11-30"),
        d("2026-11-16"),
    )
    assert problems == []
    assert clean == {
        "description": "Ring Ms O'Connor",
        "owner_kind": "pupil",
        "owner_username": None,
        "owner_name": "Pupil",
        "due_date": d("2026-11-30"),
    }


@pytest.fixture
def ledger_school(cur, staff):
    """Actions agreed on Monday 16 November in all five states on TODAY; returns their ids."""
    senco = staff["senco"]
    agreed = at("2026-11-16 10:00")
    ids = {}
    for what, pupil, owner, due in [
        ("Next week", ALEX, "teacher", "2026-11-30"),
        ("Sunday", ZOE, "teacher", "2026-11-29"),
        ("Today", ALEX, "senco", "2026-11-23"),
        ("Friday gone", SIOBHAN, "teacher", "2026-11-20"),
        ("On time", ZOE, "senco", "2026-11-20"),
        ("Late", ALEX, "teacher", "2026-11-18"),
        ("Senco later", ZOE, "senco", "2026-12-10"),
    ]:
        communication_id = log(
            cur,
            senco,
            pupil,
            [action(description=what, owner_username=owner, due_date=d(due))],
            subject=f"About {what}",
            happened_at=agreed,
        )
        ids[what] = db.scalar(
            cur, "SELECT action_id FROM actions WHERE communication_id = ?", [communication_id]
        )
    timeline_ledger.mark_done(cur, senco, ids["On time"], d("2026-11-19"), TODAY)
    timeline_ledger.mark_done(cur, senco, ids["Late"], d("2026-11-20"), TODAY)
    return ids


def test_ledger_states_on_a_fixed_day(cur, staff, ledger_school):
    frame = timeline_ledger.ledger(cur, staff["senco"], TODAY)
    assert dict(zip(frame["What"], frame["State"], strict=True)) == {
        "Next week": "open",
        "Sunday": "due this week",
        "Today": "due this week",
        "Friday gone": "overdue",
        "On time": "done on time",
        "Late": "done late",
        "Senco later": "open",
    }
    assert timeline_ledger.ledger_counts(cur, staff["senco"], TODAY) == {
        "open": 2,
        "due this week": 2,
        "overdue": 1,
        "done on time": 1,
        "done late": 1,
        "all": 7,
    }


def test_state_in_python_matches_the_ledger(cur, staff, ledger_school):
    frame = timeline_ledger.ledger(cur, staff["senco"], TODAY)
    for action_id, state in zip(frame["action_id"], frame["State"], strict=True):
        assert timeline_ledger.get_action(cur, staff["senco"], int(action_id)).state(TODAY) == state


def test_own_open_actions_come_first_then_overdue_then_by_due_date(cur, staff, ledger_school):
    senco = timeline_ledger.ledger(cur, staff["senco"], TODAY)
    assert senco["What"].tolist() == [
        "Today",
        "Senco later",
        "Friday gone",
        "Sunday",
        "Next week",
        "Late",
        "On time",
    ]
    teacher = timeline_ledger.ledger(cur, staff["teacher"], TODAY)
    assert teacher["What"].tolist() == ["Friday gone", "Next week", "Today", "Late"]


def test_ledger_columns_and_filters(cur, staff, ledger_school):
    frame = timeline_ledger.ledger(cur, staff["senco"], TODAY, owner="senco", include_done=False)
    assert list(frame.columns) == timeline_ledger.LEDGER_COLUMNS
    assert frame[["Pupil", "What", "Owner", "Due", "State", "Agreed in"]].values.tolist() == [
        ["Alex Nguyễn", "Today", "Sam Senco", d("2026-11-23"), "due this week",
         "About Today (16/11/2026)"],
        ["Zoë O'Connor-Smith", "Senco later", "Sam Senco", d("2026-12-10"), "open",
         "About Senco later (16/11/2026)"],
    ]  # fmt: skip
    assert timeline_ledger.ledger(cur, staff["senco"], TODAY, pupil_id=SIOBHAN)[
        "What"
    ].tolist() == ["Friday gone"]
    assert timeline_ledger.ledger(cur, staff["senco"], TODAY, owner_kind="parent").empty


def test_counts_by_owner_name_staff_and_group_families(cur, staff, ledger_school):
    agreeing.add_action(
        cur,
        staff["senco"],
        ZOE,
        {"description": "Bring the reading log", "owner_kind": "parent",
         "owner_name": "Ms O'Connor", "due_date": d("2026-11-25")},
        TODAY,
    )  # fmt: skip
    frame = timeline_ledger.ledger_counts_by_owner(cur, staff["senco"], TODAY)
    assert frame.values.tolist() == [
        ["Parents and carers", 0, 1, 0, 0, 0],
        ["Sam Senco", 1, 1, 0, 1, 0],
        ["Tia Teacher", 1, 1, 1, 0, 1],
    ]
    assert list(frame.columns) == ["Owner", *timeline_ledger.STATES]


def test_counts_name_nobody_so_a_viewer_may_see_them(cur, staff, ledger_school):
    assert timeline_ledger.ledger_counts(cur, staff["viewer"], TODAY)["all"] == 7
    assert timeline_ledger.ledger_counts(cur, staff["teacher"], TODAY)["all"] == 4
    assert timeline_ledger.ledger_counts(cur, staff["office"], TODAY)["all"] == 0
    with pytest.raises(PermissionDenied):
        timeline_ledger.ledger(cur, staff["viewer"], TODAY)


def test_mark_done_and_parent_told_are_audited(cur, staff, ledger_school):
    teacher = staff["teacher"]
    timeline_ledger.mark_done(cur, teacher, ledger_school["Next week"], d("2026-11-23"), TODAY)
    timeline_ledger.mark_parent_told(
        cur, teacher, ledger_school["Next week"], d("2026-11-23"), TODAY
    )
    found = timeline_ledger.get_action(cur, teacher, ledger_school["Next week"])
    assert (found.done_date, found.parent_told, found.state(TODAY)) == (
        d("2026-11-23"),
        d("2026-11-23"),
        "done on time",
    )
    logged = audit.list_entries(cur, username="teacher")
    assert logged[["action", "pupil_id"]].values.tolist()[:2] == [
        ["parent told", ALEX],
        ["action done", ALEX],
    ]


@pytest.mark.parametrize(
    ("which", "day", "field", "message"),
    [
        ("Sunday", "2026-11-24", "Done", "cannot be in the future"),
        ("Sunday", "2026-11-13", "Done", "is before the action was agreed (16/11/2026)"),
        ("On time", "2026-11-23", "Done", "was already recorded on 19/11/2026"),
    ],
)
def test_mark_done_refuses_bad_dates(cur, staff, ledger_school, which, day, field, message):
    with pytest.raises(ValidationError) as caught:
        timeline_ledger.mark_done(cur, staff["senco"], ledger_school[which], d(day), TODAY)
    assert [(p.field, p.message) for p in caught.value.problems] == [(field, message)]
    assert db.scalar(cur, "SELECT count(*) FROM actions WHERE done_date IS NOT NULL") == 2


@pytest.mark.parametrize(
    ("day", "message"),
    [("2026-11-24", "cannot be in the future"), ("2026-11-15", "is before the action was agreed")],
)
def test_mark_parent_told_refuses_bad_dates(cur, staff, ledger_school, day, message):
    with pytest.raises(ValidationError, match=message):
        timeline_ledger.mark_parent_told(
            cur, staff["senco"], ledger_school["Sunday"], d(day), TODAY
        )
    assert db.scalar(cur, "SELECT count(*) FROM actions WHERE parent_told IS NOT NULL") == 0


def test_teacher_cannot_touch_another_class(cur, staff, ledger_school):
    teacher = staff["teacher"]
    with pytest.raises(NotFound):
        timeline_ledger.mark_done(cur, teacher, ledger_school["Sunday"], TODAY, TODAY)  # Zoë, 2A
    with pytest.raises(NotFound):
        timeline_ledger.mark_parent_told(cur, teacher, ledger_school["Sunday"], TODAY, TODAY)
    with pytest.raises(NotFound):
        agreeing.add_action(cur, teacher, ZOE, action(), TODAY)
    assert db.scalar(cur, "SELECT count(*) FROM actions WHERE done_date IS NOT NULL") == 2


def test_add_action_on_its_own(cur, staff):
    action_id = agreeing.add_action(cur, staff["teacher"], ALEX, action(), TODAY)
    found = timeline_ledger.get_action(cur, staff["teacher"], action_id)
    assert (
        found.communication_id,
        found.owner_name,
        found.created_by,
        found.created_at.date(),
    ) == (
        None,
        "Tia Teacher",
        "teacher",
        TODAY,
    )
    assert audit.list_entries(cur, pupil_id=ALEX)["action"].tolist()[0] == "add action"
    assert timeline_ledger.ledger(cur, staff["teacher"], TODAY)["Agreed in"].tolist() == [""]


def test_add_action_to_an_earlier_communication(cur, staff):
    communication_id = log(cur, staff["senco"], ZOE, happened_at=at("2026-11-10 10:00"))
    action_id = agreeing.add_action(
        cur,
        staff["senco"],
        ZOE,
        action(communication_id=communication_id, due_date=d("2026-11-12")),
        TODAY,
    )
    assert (
        timeline_ledger.get_action(cur, staff["senco"], action_id).communication_id
        == communication_id
    )
    with pytest.raises(ValidationError, match="Agreed in"):
        agreeing.add_action(
            cur, staff["senco"], ALEX, action(communication_id=communication_id), TODAY
        )


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"description": ""}, ["What"]),
        ({"owner_kind": None}, ["Owner"]),
        ({"due_date": d("2026-11-20")}, ["Due date"]),
        ({"owner_username": "nobody"}, ["Owner"]),
    ],
)
def test_add_action_names_plain_fields(cur, staff, changes, fields):
    with pytest.raises(ValidationError) as caught:
        agreeing.add_action(cur, staff["senco"], ZOE, action(**changes), TODAY)
    assert [p.field for p in caught.value.problems] == fields
    assert db.scalar(cur, "SELECT count(*) FROM actions") == 0


def test_a_change_on_the_register_puts_an_action_on_the_senco_ledger(cur, staff):
    def change(c):
        c.execute("UPDATE needs SET code = 'MLD' WHERE pupil_id = ? AND rank = 1", [ALEX])
        return agreeing.create_change_action(
            c, ALEX, "primary need changed from SPLD to MLD", "teacher", TODAY
        )

    action_id = db.write(cur, change)
    frame = timeline_ledger.ledger(cur, staff["senco"], TODAY)
    row = frame[frame["action_id"] == action_id].iloc[0]
    assert row[["Pupil", "What", "Owner", "Due", "State", "Agreed in"]].tolist() == [
        "Alex Nguyễn",
        "Tell the parents what changed and why: primary need changed from SPLD to MLD",
        "Sam Senco",
        d("2026-11-30"),  # five school days after Monday 23 November
        "open",
        "Change on the register",
    ]
    found = timeline_ledger.get_action(cur, staff["senco"], action_id)
    assert (found.owner_username, found.reason, found.created_by) == (
        "senco",
        "primary need changed from SPLD to MLD",
        "teacher",
    )


def test_a_change_action_counts_school_days_over_christmas(cur, staff):
    action_id = db.write(
        cur,
        lambda c: agreeing.create_change_action(
            c, ZOE, "now on SEN support", None, d("2026-12-17")
        ),
    )
    found = timeline_ledger.get_action(cur, staff["senco"], action_id)
    assert (found.due_date, found.created_by) == (d("2027-01-07"), "system")


def test_a_change_action_goes_to_the_named_senco(cur, staff):
    users.add_user(cur, "deputy", "Dee Deputy", "senco", PASSWORD)
    db.set_setting(cur, "senco_username", "deputy")
    action_id = db.write(cur, lambda c: agreeing.create_change_action(c, ZOE, "x", "senco", TODAY))
    assert timeline_ledger.get_action(cur, staff["senco"], action_id).owner_name == "Dee Deputy"


def test_a_change_action_is_rolled_back_with_the_change(cur, staff):
    def change(c):
        agreeing.create_change_action(c, ZOE, "status changed", "senco", TODAY)
        raise ValidationError.one("SEN status", "a later problem")

    with pytest.raises(ValidationError):
        db.write(cur, change)
    assert db.scalar(cur, "SELECT count(*) FROM actions") == 0


def test_owner_choices_for_the_page(cur, staff):
    cur.execute(
        "INSERT INTO agencies (pupil_id, service, practitioner, status) VALUES "
        "(?, 'SALT', 'Jo Lee', 'seen'), (?, 'OT', NULL, 'discharged')",
        [ZOE, ZOE],
    )
    owners = agreeing.owner_choices(cur, ZOE)
    assert owners == {
        "Olu Office (staff)": {"owner_kind": "staff", "owner_username": "office",
                               "owner_name": "Olu Office"},
        "Sam Senco (staff)": {"owner_kind": "staff", "owner_username": "senco",
                              "owner_name": "Sam Senco"},
        "Tia Teacher (staff)": {"owner_kind": "staff", "owner_username": "teacher",
                                "owner_name": "Tia Teacher"},
        "Ms O'Connor (mother)": {"owner_kind": "parent", "owner_name": "Ms O'Connor (mother)"},
        "Zoë (pupil)": {"owner_kind": "pupil", "owner_name": "Zoë"},
        "SALT (Jo Lee)": {"owner_kind": "agency", "owner_name": "SALT (Jo Lee)"},
    }  # fmt: skip
    # The person logging comes first; the head, who sees counts only, owns no actions.
    assert list(agreeing.owner_choices(cur, ZOE, first="teacher"))[:2] == [
        "Tia Teacher (staff)",
        "Olu Office (staff)",
    ]


def test_from_table_turns_the_page_table_into_actions(cur, staff):
    owners = agreeing.owner_choices(cur, ZOE)
    table = pd.DataFrame(
        {
            "What": ["Send the cards", None, "Read nightly", ""],
            "Who": ["Tia Teacher (staff)", None, "Ms O'Connor (mother)", "Gone (staff)"],
            "Due": [pd.Timestamp("2026-11-27"), pd.NaT, pd.NaT, pd.NaT],
        }
    )
    assert agreeing.from_table(table, owners) == [
        {"description": "Send the cards", "owner_kind": "staff", "owner_username": "teacher",
         "owner_name": "Tia Teacher", "due_date": d("2026-11-27")},
        {"description": "Read nightly", "owner_kind": "parent",
         "owner_name": "Ms O'Connor (mother)", "due_date": None},
        {"description": "", "due_date": None},
    ]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        log(cur, staff["senco"], ZOE, agreeing.from_table(table, owners))
    assert [p.field for p in caught.value.problems] == [
        "Action 2, Due date",
        "Action 3, What",
        "Action 3, Owner",
        "Action 3, Due date",
    ]


@pytest.mark.parametrize(
    ("agreed", "due"),
    [
        ("2026-11-23", "2026-11-30"),  # a Monday: the Monday after
        ("2026-11-27", "2026-12-04"),  # a Friday: the weekend is not counted
        ("2026-12-17", "2027-01-07"),  # the Christmas holiday is not counted
        ("2026-11-28", "2026-12-07"),  # agreed on a Saturday: counted as agreed on the Monday
    ],
)
def test_an_agreed_action_starts_due_five_school_days_ahead(cur, staff, agreed, due):
    assert agreeing.default_due(cur, d(agreed)) == d(due)


def test_a_closure_day_is_not_counted_in_the_default_due_date(cur, staff):
    calendar.add_closure(cur, staff["senco"], d("2026-11-25"), None, "Staff training day")
    assert agreeing.default_due(cur, TODAY) == d("2026-12-01")


def test_the_person_logging_owns_an_agreed_action_unless_changed(cur, staff):
    owners = agreeing.owner_choices(cur, ZOE, first="teacher")
    assert agreeing.default_owner(owners, "teacher") == "Tia Teacher (staff)"
    assert agreeing.default_owner(owners, "senco") == "Sam Senco (staff)"
    assert agreeing.default_owner(owners, "head") is None  # heads and governors own no actions
