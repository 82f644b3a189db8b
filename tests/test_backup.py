"""Backups: a dated copy of the whole database, checked table by table before it is kept, the
newest few kept, one made each day the app starts; and restoring one, every table as it was."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from sendlib import audit, backup, db, restore, users
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.pupils import register
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.school import cheap_passwords

MORNING = datetime(2026, 12, 4, 9, 30, tzinfo=SCHOOL_TZ)


@pytest.fixture
def senco(live):
    return users.find_active_user(live, "senco")


def rows_of(cur: db.Cursor, catalog: str | None = None) -> dict[str, list[tuple]]:
    """Every row of every table the database has (found by asking it), in a fixed order."""
    catalog = catalog or db.scalar(cur, "SELECT current_database()")
    return {
        table: cur.execute(f'SELECT * FROM "{catalog}".main."{table}" ORDER BY ALL').fetchall()
        for table in backup.tables(cur, catalog)
    }


def opened(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def test_a_backup_is_a_dated_copy_holding_every_row_of_every_table(live, tmp_path):
    expected = backup.table_rows(live)
    made = backup.take_backup(live, "senco", MORNING)
    assert made.path == tmp_path / "backups" / "school-2026-12-04-0930.duckdb"
    assert sorted(p.name for p in made.path.parent.iterdir()) == ["school-2026-12-04-0930.duckdb"]
    assert made.table_rows == expected
    copy = opened(made.path)
    assert backup.table_rows(copy) == expected
    assert backup.schema_version(copy) == backup.app_schema_version()
    copy.close()
    # Recorded as checked, and in the audit log.
    assert made.verified and backup.list_backups(live)[0].verified
    entry = audit.list_entries(live, username="senco").iloc[0]
    assert entry["action"] == "back up database"
    assert entry["detail"] == (
        f"school-2026-12-04-0930.duckdb: {sum(expected.values())} rows in {len(expected)} "
        "tables, verified"
    )


def test_a_copy_that_does_not_match_the_database_is_not_kept(live, tmp_path, monkeypatch):
    checksums = backup.fingerprints

    def damaged_copy(cur, catalog=None):
        found = checksums(cur, catalog)
        if catalog is None:  # the copy is checked on its own connection, without a name
            found["pupils"] = "5:0"
        return found

    monkeypatch.setattr(backup, "fingerprints", damaged_copy)
    audit_rows = backup.table_rows(live)["audit_log"]
    with pytest.raises(backup.BackupFailed) as failed:
        backup.take_backup(live, "senco", MORNING)
    assert str(failed.value) == "The copy does not match the database in: pupils."
    assert list((tmp_path / "backups").iterdir()) == []  # no file, not even a partial one
    assert backup.list_backups(live) == []
    assert backup.table_rows(live)["audit_log"] == audit_rows


def test_the_newest_backups_are_kept_and_older_ones_removed(live, senco):
    backup.save_backup_settings(live, senco, "backups", 3)
    for hours in range(5):
        backup.take_backup(live, "senco", MORNING + timedelta(hours=hours))
    backup.take_backup(live, "senco", MORNING + timedelta(hours=4))  # the same minute again
    listed = backup.list_backups(live)
    assert [b.file_name for b in listed] == [
        "school-2026-12-04-1330-2.duckdb",
        "school-2026-12-04-1330.duckdb",
        "school-2026-12-04-1230.duckdb",
    ]
    assert [b.verified for b in listed] == [True, True, True]
    assert db.scalar(live, "SELECT count(*) FROM backups") == 3


def test_a_file_changed_after_its_check_is_no_longer_shown_as_checked(live):
    made = backup.take_backup(live, "senco", MORNING)
    with made.path.open("ab") as changed:
        changed.write(b"\0" * 4096)
    assert [b.verified for b in backup.list_backups(live)] == [False]


def test_the_app_backs_up_once_a_day_when_it_starts(live, tmp_path):
    assert backup.daily_backup(live, MORNING).file_name == "school-2026-12-04-0930.duckdb"
    assert backup.daily_backup(live, MORNING + timedelta(hours=5)) is None
    tomorrow = backup.daily_backup(live, MORNING + timedelta(days=1))
    assert tomorrow.file_name == "school-2026-12-05-0930.duckdb"
    assert len(list((tmp_path / "backups").iterdir())) == 2
    assert audit.list_entries(live, username="daily backup")["action"].tolist() == [
        "back up database",
        "back up database",
    ]


def test_a_failed_daily_backup_is_kept_for_the_senco_until_one_succeeds(live, senco, tmp_path):
    backup.save_backup_settings(live, senco, "backups", 14)
    (tmp_path / "backups").rmdir()
    (tmp_path / "backups").write_text("a file where the folder should be")
    assert backup.daily_backup(live, MORNING) is None
    assert backup.last_problem(live).startswith(
        f"04/12/2026 09:30: The backup folder {tmp_path / 'backups'} cannot be written to"
    )
    backup.save_backup_settings(live, senco, str(tmp_path / "elsewhere"), 14)
    assert backup.daily_backup(live, MORNING).path.parent == tmp_path / "elsewhere"
    assert backup.last_problem(live) is None


def test_backup_settings_are_checked_and_only_the_senco_sets_them(live, senco, tmp_path):
    (tmp_path / "a file").write_text("")
    with pytest.raises(ValidationError) as caught:
        backup.save_backup_settings(live, senco, str(tmp_path / "a file"), 0)
    assert [p.field for p in caught.value.problems] == ["Backups to keep", "Backup folder"]
    assert caught.value.problems[0].message == "must be a whole number, 1 to 365"
    assert caught.value.problems[1].message.startswith("cannot be written to")
    teacher = users.find_active_user(live, "teacher")
    with pytest.raises(PermissionDenied):
        backup.save_backup_settings(live, teacher, "backups", 5)
    with pytest.raises(PermissionDenied):
        backup.back_up_now(live, teacher, MORNING)
    assert backup.save_backup_settings(live, senco, "USB", 5) == [
        "backup folder to USB",
        "backups kept to 5",
    ]
    # A folder typed without a drive or root is beside the database, wherever the app started.
    assert backup.backup_folder(live) == tmp_path / "USB"


def change_everything(cur: db.Cursor, senco: users.User) -> None:
    """A morning's work to be undone: pupils added and removed, a parent's details, settings."""
    register.save_pupil(
        cur,
        senco,
        {
            "upn": school.make_upn(40),
            "legal_forename": "Nia",
            "legal_surname": "Evans",
            "date_of_birth": "2016-04-02",
            "year_group": 5,
            "class_name": "5A",
            "status": "K",
            "primary_need": "SLCN",
        },
        school.TODAY,
    )
    cur.execute("DELETE FROM pupils WHERE pupil_id IN (SELECT min(pupil_id) FROM pupils)")
    cur.execute("UPDATE contacts SET phone = '01234 567890'")
    cur.execute("DELETE FROM communications")
    db.set_setting(cur, "school_name", "Renamed by mistake")


def test_restoring_puts_every_table_back_as_it_was(demo_copy, monkeypatch):
    """The round trip on the small demo school, comparing every table the schema has."""
    cheap_passwords(monkeypatch)
    conn = db.connect(demo_copy)
    cur = db.cursor(conn)
    senco = users.find_active_user(cur, "senco")
    made = backup.take_backup(cur, "senco", MORNING)
    before = rows_of(cur)
    next_pupil = db.scalar(cur, "SELECT max(pupil_id) FROM pupils") + 1
    change_everything(cur, senco)
    changed = rows_of(cur)
    assert changed["pupils"] != before["pupils"] and changed["contacts"] != before["contacts"]

    check, kept = restore.restore_backup(cur, senco, made.path, MORNING + timedelta(hours=1))
    assert check.ok and kept.file_name == "demo-2026-12-04-1030-before-restore.duckdb"
    after = rows_of(cur)
    assert set(after) == set(before)
    history = {"audit_log", "backups"}
    for table in set(before) - history:
        assert after[table] == before[table], table
    # The history is never rolled back: what was logged since the backup stays, and the
    # restore itself is logged.
    for table in history:
        assert set(before[table]) <= set(after[table]), table
    latest = audit.list_entries(cur, limit=1).iloc[0]
    assert (latest["username"], latest["action"]) == ("senco", "restore database")
    assert latest["detail"] == (
        "from demo-2026-12-04-0930.duckdb; the database as it was is in "
        "demo-2026-12-04-1030-before-restore.duckdb"
    )
    assert len(after["audit_log"]) == len(changed["audit_log"]) + 2  # its backup and itself
    # No id given out since the backup is given out again.
    assert db.scalar(cur, "SELECT nextval('pupil_seq')") > next_pupil

    # The copy kept just before is itself a backup: restoring it undoes the restore.
    restore.restore_backup(cur, senco, kept.path, MORNING + timedelta(hours=2))
    undone = rows_of(cur)
    for table in set(changed) - history:
        assert undone[table] == changed[table], table
    conn.close()


def test_the_check_shows_what_the_backup_holds_against_now(live, senco):
    made = backup.take_backup(live, "senco", MORNING)
    change_everything(live, senco)
    check = restore.check_backup(live, made.path)
    assert check.ok and check.schema_version == backup.app_schema_version()
    counts = {t.table: (t.in_backup, t.now) for t in check.tables}
    assert set(counts) == set(backup.tables(live))
    assert counts["pupils"] == (6, 6)  # one added, one removed
    assert counts["communications"][1] == 0
    assert counts["users"] == (4, 4)


def future_backup(path: Path) -> Path:
    conn = db.connect(path)
    conn.execute("INSERT INTO schema_version (version, name) VALUES (999, '999_future.sql')")
    conn.close()
    return path


def test_a_backup_from_a_newer_app_or_not_a_database_is_refused(live, senco, tmp_path):
    future = future_backup(tmp_path / "backups" / "school-2027-01-04-0900.duckdb")
    check = restore.check_backup(live, future)
    assert check.problems == [
        f"school-2027-01-04-0900.duckdb was made by a newer version of the app (schema 999, "
        f"this app knows up to {backup.app_schema_version()}): update the app before restoring it."
    ]
    junk = tmp_path / "holiday photos.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    assert (
        restore.check_backup(live, junk)
        .problems[0]
        .startswith("holiday photos.duckdb does not open as a database")
    )
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE pupils (name VARCHAR)").close()
    assert restore.check_backup(live, other).problems == [
        "other.duckdb is not a SEND Partnership Hub database."
    ]
    before = rows_of(live)
    for path in (future, junk, other):
        with pytest.raises(ValidationError):
            restore.restore_backup(live, senco, path, MORNING)
    assert rows_of(live) == before  # nothing restored, not even the copy kept before


def test_a_backup_missing_a_table_is_refused(live, senco):
    made = backup.take_backup(live, "senco", MORNING)
    damaged = duckdb.connect(str(made.path))
    damaged.execute("DROP TABLE terms")
    damaged.close()
    assert restore.check_backup(live, made.path).problems == ["The backup has no table terms."]


def test_a_backup_from_before_an_update_is_brought_up_to_date_as_it_is_restored(live, senco):
    latest = db.scalar(live, "SELECT max(version) FROM schema_version")
    made = backup.take_backup(live, "senco", MORNING)
    # As the app wrote it before backups were recorded, sign-ins kept on the server and parents
    # and carers kept by the school.
    older = duckdb.connect(str(made.path))
    older.execute("DROP TABLE backups")
    older.execute("DROP TABLE sign_ins")
    older.execute("ALTER TABLE failed_logins DROP COLUMN source")
    older.execute("ALTER TABLE failed_logins DROP COLUMN unlocked_at")  # nor unlocking
    older.execute("ALTER TABLE users DROP COLUMN made_by")  # nor who made each account
    older.execute("DROP INDEX contacts_pupil")  # and parents' details as they were kept then
    for column in (
        "title", "forename", "surname", "lives_with_pupil", "address", "phone_other",
        "email_consent", "ended_on", "ended_reason",
    ):  # fmt: skip
        older.execute(f"ALTER TABLE contacts DROP COLUMN {column}")
    older.execute("CREATE INDEX contacts_pupil ON contacts (pupil_id)")
    # Agencies as they were kept then, with one free-text contact and the old statuses.
    older.execute(
        "CREATE TABLE agencies_old (agency_id INTEGER PRIMARY KEY DEFAULT nextval('agency_seq'), "
        "pupil_id INTEGER NOT NULL, service VARCHAR NOT NULL, practitioner VARCHAR, "
        "contact VARCHAR, referral_date DATE, status VARCHAR NOT NULL DEFAULT 'referred' CHECK "
        "(status IN ('referred', 'waiting list', 'assessing', 'involved', 'discharged')), "
        "report_received BOOLEAN NOT NULL DEFAULT FALSE)"
    )
    older.execute(
        "INSERT INTO agencies_old SELECT agency_id, pupil_id, service, practitioner, "
        "concat_ws(', ', team, phone, email), referral_date, CASE status WHEN 'waiting' THEN "
        "'waiting list' WHEN 'seen' THEN 'involved' WHEN 'considering' THEN 'referred' "
        "ELSE status END, report_received FROM agencies"
    )
    older.execute("DROP TABLE agencies")
    older.execute("ALTER TABLE agencies_old RENAME TO agencies")
    older.execute("CREATE INDEX agencies_pupil ON agencies (pupil_id)")
    # And plans without what the school now writes in them.
    for table, index, columns in (
        ("plans", "plans_pupil",
         ("agreed_with", "what_next", "review_parent_views", "review_pupil_views")),
        ("plan_outcomes", "plan_outcomes_plan", ("by_when",)),
        ("plan_provision", "plan_provision_plan", ("outcome_position", "duration", "location")),
    ):  # fmt: skip
        older.execute(f"DROP INDEX {index}")
        for column in columns:
            older.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        older.execute(
            f"CREATE INDEX {index} ON {table} ({'pupil_id' if table == 'plans' else 'plan_id'})"
        )
    for column in ("local_authority", "caseworker_phone", "caseworker_email"):
        older.execute(f"ALTER TABLE ehc_plans DROP COLUMN {column}")
    for table in ("ehc_reviews", "ehc_requests"):
        older.execute(f"DROP TABLE {table}")
        older.execute(f"DROP SEQUENCE {table[:-1]}_seq")
    older.execute("DROP TABLE one_page_profiles")  # and no one-page profiles
    older.execute("DROP TABLE outbox")  # nor any email sent from the app
    older.execute("DROP SEQUENCE outbox_seq")
    older.execute("DELETE FROM schema_version WHERE version >= 8")
    older.close()
    check = restore.check_backup(live, made.path)
    assert check.ok and check.schema_version == 7
    change_everything(live, senco)
    restore.restore_backup(live, senco, made.path, MORNING)
    assert db.scalar(live, "SELECT count(*) FROM pupils") == len(school.PUPILS)
    assert db.scalar(live, "SELECT max(version) FROM schema_version") == latest
    # The backup file itself is left as it was.
    assert backup.schema_version(opened(made.path)) == 7


def test_only_the_senco_restores(live):
    made = backup.take_backup(live, "senco", MORNING)
    with pytest.raises(PermissionDenied):
        restore.restore_backup(live, users.find_active_user(live, "teacher"), made.path, MORNING)


def test_the_restore_keeps_the_backup_settings_as_they_are(live, senco, tmp_path):
    made = backup.take_backup(live, "senco", MORNING)
    backup.save_backup_settings(live, senco, str(tmp_path / "USB"), 7)
    restore.restore_backup(live, senco, made.path, MORNING)
    assert backup.backup_folder(live) == tmp_path / "USB"
    assert backup.keep_count(live) == 7
    # The backups list still knows the file made before the restore.
    names = json.dumps([b.file_name for b in backup.list_backups(live)])
    assert names == '["school-2026-12-04-0930-before-restore.duckdb"]'


def test_each_backup_is_offered_by_its_date_time_and_file(live):
    backup.take_backup(live, "senco", MORNING)
    made = backup.take_backup(live, "senco", MORNING, before_restore=True)
    assert made.label.startswith(
        "Fri 04/12/2026 09:30: school-2026-12-04-0930-before-restore.duckdb ("
    )
    assert made.label.endswith(" MB, kept before a restore)")
    assert backup.size_text(820_400) == "820 KB"
    assert backup.size_text(20_149_000) == "20.1 MB"
