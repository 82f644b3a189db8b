"""Backups on School settings as the SENCo uses them, the daily backup when the app starts, and
what a second copy of the app shows when the database is already open elsewhere."""

from __future__ import annotations

from sendlib import db
from sendlib.pupils import register
from sendlib.ui.signin import SIGN_IN_KEY
from tests import school
from tests.apptest import as_read, held_elsewhere, run_page, serve, shown_text

TODAY_NAME = "school-2026-11-23-1630.duckdb"  # the pinned day, late afternoon


def table_with(at, column: str):
    """The table on the page that has this column."""
    return next(f.value for f in at.dataframe if column in f.value.columns)


def test_opening_the_app_makes_the_days_backup_and_settings_list_it(school_copy):
    at = run_page("pages/settings.py", "senco")
    assert not at.exception
    assert [p.name for p in (school_copy.parent / "backups").iterdir()] == [TODAY_NAME]
    assert at.text_input(key="settings_backup_folder").value == str(school_copy.parent / "backups")
    assert at.number_input(key="settings_backup_keep").value == 14
    listed = table_with(at, "Checked")
    assert listed["File"].tolist() == [TODAY_NAME]
    assert listed["Checked"].tolist() == ["Yes"]


def test_back_up_now_makes_a_checked_copy(school_copy):
    at = run_page("pages/settings.py", "senco")
    at.button(key="settings_backup_now").click().run()
    assert not at.exception
    assert as_read(at.success[0].value).startswith(
        "Backed up and checked: school-2026-11-23-1630-2.duckdb holds all "
    )
    listed = table_with(at, "Checked")
    assert listed["File"].tolist() == ["school-2026-11-23-1630-2.duckdb", TODAY_NAME]


def test_the_senco_checks_a_backup_then_restores_it(school_copy):
    at = run_page("pages/settings.py", "senco")
    conn = db.connect(school_copy)  # a change made after the morning's backup
    cur = db.cursor(conn)
    pupil = register.find_pupil_by_upn(cur, school.make_upn(6))
    cur.execute("DELETE FROM pupils WHERE pupil_id = ?", [pupil])
    at.selectbox(key="settings_restore_pick").select_index(0).run()
    at.button(key="settings_restore_check").click().run()
    counts = table_with(at, "In the backup").set_index("Table")
    assert counts.loc["pupils"].tolist() == [6, 5]
    assert at.button(key="settings_restore_go").disabled
    at.checkbox(key="settings_restore_confirm").check().run()
    at.button(key="settings_restore_go").click().run()
    assert not at.exception
    assert as_read(at.success[0].value) == (
        "Restored the backup of 23/11/2026 16:30. The database as it was just before is kept "
        "as school-2026-11-23-1630-before-restore.duckdb: restore that one to undo."
    )
    assert db.scalar(cur, "SELECT count(*) FROM pupils") == 6
    conn.close()


def test_the_senco_is_told_when_the_daily_backup_failed(school_copy):
    (school_copy.parent / "backups").write_text("a file where the folder should be")
    at = run_page("app.py", "senco")
    assert not at.exception
    assert as_read(at.main.warning[-1].value).startswith(
        "**The automatic backup failed.** 23/11/2026 16:30: "
    )
    assert "Open School settings, Backups," in at.main.warning[-1].value
    teacher = run_page("app.py", "teacher")
    assert "automatic backup" not in shown_text(teacher)


def test_backups_are_the_senco_s_alone(school_copy):
    at = run_page("pages/settings.py", "teacher")
    assert "Backups" not in shown_text(at)


def test_a_second_copy_of_the_app_is_told_the_database_is_open_elsewhere(tmp_path, monkeypatch):
    path = serve(tmp_path / "school.duckdb", monkeypatch)
    db.connect(path).close()
    with held_elsewhere(path) as holder:
        for page in ("app.py", "pages/register.py"):
            # A tab signed in before the file became unreadable.
            at = run_page(page, state={SIGN_IN_KEY: "signed-in-before"})
            assert not at.exception
            assert [as_read(e.value) for e in at.error] == [
                "This database is open elsewhere: another copy of the app, or another program, "
                "is using the school's database file. Only one copy of the app can use a "
                "database file at a time. To carry on, use the copy that is already running, or "
                "stop it (Ctrl+C in its window, or close the program) and then try again."
            ]
            assert "Sign in" not in shown_text(at)
            assert str(holder) not in shown_text(at) and str(path) not in shown_text(at)
    # Once the other copy has stopped, the app opens the database.
    at = run_page("app.py")
    assert not at.exception and not at.error
