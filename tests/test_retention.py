"""Retention: leavers past the school's period are listed, and deleted whole, in one go, only
when they really are past it; the audit log keeps that it happened."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib import audit, db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import retention
from tests import school
from tests.school import add_full_record, add_leaver, pupil_tables, rows_about

TODAY = school.TODAY  # 23/11/2026
# 31 on 24/11/2026, the day after TODAY: not yet past retention.
BORN_NOT_YET = date(1995, 11, 24)
# 31 today.
BORN_DUE_TODAY = date(1995, 11, 23)


@pytest.mark.parametrize(
    ("born", "years", "first_day"),
    [
        (date(1995, 11, 24), 6, date(2026, 11, 24)),
        (date(2000, 2, 29), 6, date(2031, 3, 1)),
        (date(2004, 2, 29), 6, date(2035, 3, 1)),
        (date(1996, 2, 29), 4, date(2025, 3, 1)),
        (date(1992, 2, 29), 8, date(2025, 3, 1)),
        (date(1995, 11, 24), 0, date(2020, 11, 24)),
        (date(1995, 11, 24), 10, date(2030, 11, 24)),
    ],
)
def test_records_may_be_deleted_from_the_birthday_of_25_plus_the_years_set(born, years, first_day):
    assert retention.delete_from(born, years) == first_day


@pytest.mark.parametrize(
    ("today", "past"),
    [(date(2026, 11, 23), False), (date(2026, 11, 24), True), (date(2027, 1, 1), True)],
)
def test_a_leaver_is_past_retention_from_their_31st_birthday(today, past):
    assert retention.is_past_retention(BORN_NOT_YET, date(2012, 7, 20), today) is past


def test_a_pupil_who_has_not_left_is_never_past_retention():
    assert not retention.is_past_retention(date(1980, 1, 1), None, TODAY)


@pytest.fixture
def leavers(cur, staff):
    """Pupils 7 to 10: due today, 31 tomorrow, old but still at school, and long past."""
    ids = {
        "due": add_leaver(cur, 7, BORN_DUE_TODAY, date(2012, 7, 20), "Dana"),
        "tomorrow": add_leaver(cur, 8, BORN_NOT_YET, date(2012, 7, 20), "Tom"),
        "not left": add_leaver(cur, 9, date(1980, 1, 1), None, "Nell"),
        "long past": add_leaver(cur, 10, date(1985, 3, 2), date(2001, 7, 20), "Lou"),
    }
    for name, pupil_id in ids.items():
        add_full_record(cur, pupil_id, name)
    return ids


def test_the_list_holds_only_leavers_past_retention(cur, staff, leavers):
    listed = retention.list_past_retention(cur, staff["senco"], TODAY)
    assert [(p.name, p.upn, p.delete_from) for p in listed] == [
        ("Lou Leaver", school.make_upn(10), date(2016, 3, 2)),
        ("Dana Leaver", school.make_upn(7), date(2026, 11, 23)),
    ]


def test_the_schools_setting_moves_the_date(cur, staff, leavers):
    retention.save_years_after_25(cur, staff["senco"], 10)
    assert retention.years_after_25(cur) == 10
    listed = retention.list_past_retention(cur, staff["senco"], TODAY)
    assert [(p.name, p.delete_from) for p in listed] == [("Lou Leaver", date(2020, 3, 2))]
    assert cur.execute(
        "SELECT username, detail FROM audit_log WHERE action = 'change settings'"
    ).fetchall() == [("senco", "retention to 25 plus 10 years")]


@pytest.mark.parametrize("years", [-1, 51, 2.5, True])
def test_the_setting_is_a_whole_number_of_years(cur, staff, years):
    with pytest.raises(ValidationError, match="Years kept after the pupil turns 25"):
        retention.save_years_after_25(cur, staff["senco"], years)
    assert retention.years_after_25(cur) == 6


@pytest.mark.parametrize("role", ["teacher", "office", "viewer"])
def test_only_the_senco_lists_sets_and_deletes(cur, staff, leavers, role):
    with pytest.raises(PermissionDenied):
        retention.list_past_retention(cur, staff[role], TODAY)
    with pytest.raises(PermissionDenied):
        retention.save_years_after_25(cur, staff[role], 8)
    with pytest.raises(PermissionDenied):
        retention.delete_pupil(cur, staff[role], leavers["due"], "Review", True, TODAY)
    assert rows_about(cur, leavers["due"])["pupils"] == 1


def test_deleting_removes_the_pupil_from_every_linked_table_and_nothing_else(cur, staff, leavers):
    due = leavers["due"]
    before = {pupil_id: rows_about(cur, pupil_id) for pupil_id in [1, 2, *leavers.values()]}
    assert all(before[due].values())  # a row in every table, so each delete is tested
    deleted = retention.delete_pupil(cur, staff["senco"], due, "Annual review", True, TODAY)
    assert deleted == {t: n for t, n in before[due].items() if t != "audit_log"}
    after = rows_about(cur, due)
    assert after == {t: 0 for t in pupil_tables(cur) if t != "audit_log"} | {"audit_log": 2}
    for pupil_id in [1, 2, leavers["tomorrow"], leavers["not left"], leavers["long past"]]:
        assert rows_about(cur, pupil_id) == before[pupil_id]
    # The school's surgery slots stay: only the booking was the pupil's.
    assert db.scalar(cur, "SELECT count(*) FROM surgery_slots") == 4


def test_the_audit_log_keeps_its_rows_unaltered_and_adds_the_deletion(cur, staff, leavers):
    due = leavers["due"]
    viewed = db.scalar(cur, "SELECT detail FROM audit_log WHERE pupil_id = ?", [due])
    retention.delete_pupil(cur, staff["senco"], due, "Annual review", True, TODAY)
    assert audit.verify_chain(cur) is None
    rows = cur.execute(
        "SELECT username, action, detail FROM audit_log WHERE pupil_id = ? ORDER BY audit_id",
        [due],
    ).fetchall()
    assert rows == [
        ("senco", "view profile", viewed),
        ("senco", "delete after retention", f"UPN {school.make_upn(7)}: deleted after retention "
         "(Annual review)"),
    ]  # fmt: skip
    # Other pupils' audit rows are as they were.
    assert cur.execute(
        "SELECT pupil_id, detail FROM audit_log WHERE action = 'add pupil' ORDER BY pupil_id"
    ).fetchall() == [(n, "new pupil") for n in range(1, 7)]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("tomorrow", "is kept until 24/11/2026 \\(age 25 plus 6 years\\)"),
        ("not left", "is still at the school"),
    ],
)
def test_a_pupil_not_past_retention_is_refused_and_kept_whole(cur, staff, leavers, who, message):
    pupil_id = leavers[who]
    before = rows_about(cur, pupil_id)
    with pytest.raises(ValidationError, match=message):
        retention.delete_pupil(cur, staff["senco"], pupil_id, "Annual review", True, TODAY)
    assert rows_about(cur, pupil_id) == before


def test_a_pupil_on_the_register_is_refused(cur, staff, leavers):
    with pytest.raises(ValidationError, match="is still at the school"):
        retention.delete_pupil(cur, staff["senco"], 1, "Annual review", True, TODAY)


def test_a_reason_and_a_confirmation_are_needed(cur, staff, leavers):
    with pytest.raises(ValidationError) as raised:
        retention.delete_pupil(cur, staff["senco"], leavers["due"], "  ", False, TODAY)
    assert [p.field for p in raised.value.problems] == ["Reason", "Confirm"]
    assert rows_about(cur, leavers["due"])["pupils"] == 1


def test_a_pupil_not_held_is_not_found(cur, staff):
    with pytest.raises(NotFound):
        retention.delete_pupil(cur, staff["senco"], 99, "Annual review", True, TODAY)


def test_a_table_added_later_is_deleted_too(cur, staff, leavers):
    cur.execute("CREATE TABLE counselling_notes (note_id INTEGER PRIMARY KEY, pupil_id INTEGER)")
    cur.execute("CREATE TABLE counselling_replies (note_id INTEGER, reply VARCHAR)")
    cur.execute("INSERT INTO counselling_notes VALUES (1, ?), (2, 1)", [leavers["due"]])
    cur.execute("INSERT INTO counselling_replies VALUES (1, 'gone'), (2, 'kept')")
    deleted = retention.delete_pupil(cur, staff["senco"], leavers["due"], "Review", True, TODAY)
    assert (deleted["counselling_notes"], deleted["counselling_replies"]) == (1, 1)
    assert cur.execute("SELECT * FROM counselling_replies").fetchall() == [(2, "kept")]


def test_a_foreign_key_duckdb_cannot_delete_through_leaves_everything_in_place(cur, staff, leavers):
    # DuckDB checks a foreign key against rows deleted earlier in the same transaction, so a
    # referenced pupil cannot be deleted with its referencing rows in one go: the delete is
    # refused whole rather than done by halves.
    cur.execute(
        "CREATE TABLE consents (consent_id INTEGER PRIMARY KEY, "
        "pupil_id INTEGER REFERENCES pupils (pupil_id), given DATE)"
    )
    cur.execute("INSERT INTO consents VALUES (1, ?, '2010-09-01')", [leavers["due"]])
    before = rows_about(cur, leavers["due"])
    with pytest.raises(retention.DeleteRefused, match="nothing was deleted"):
        retention.delete_pupil(cur, staff["senco"], leavers["due"], "Review", True, TODAY)
    assert rows_about(cur, leavers["due"]) == before
    assert before["consents"] == 1
