"""Backups only the school can open: with the backup passphrase set, every backup (daily, "Back up
now", before a restore) is encrypted in the age format before it reaches the backup folder, no
plain copy is left anywhere, and a restore decrypts it into a scratch copy first; a wrong or
missing passphrase is refused in words and changes nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

import duckdb
import pyrage
import pytest

from sendlib import backup, db, restore, users
from sendlib.errors import ValidationError
from tests.apptest import ROOT, make_school, run_page, serve, shown_text
from tests.school import cheap_passwords
from tests.test_backup import MORNING, change_everything, rows_of

PASSPHRASE = "tulip anchor velvet quarry lantern"


def _every_file(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_an_encrypted_backup_is_unreadable_without_the_passphrase_and_whole_with_it(live, tmp_path):
    expected = backup.table_rows(live)
    made = backup.take_backup(live, "senco", MORNING, passphrase=PASSPHRASE)
    assert made.path == tmp_path / "backups" / "school-2026-12-04-0930.duckdb.age"
    assert made.encrypted
    assert made.label.startswith("Fri 04/12/2026 09:30: school-2026-12-04-0930.duckdb.age (")
    assert made.label.endswith(", encrypted)")
    # Nothing plain is left: not in the backup folder, not beside the database.
    assert _every_file(tmp_path / "backups") == ["school-2026-12-04-0930.duckdb.age"]
    assert [n for n in _every_file(tmp_path) if "plain" in n or "partial" in n] == []
    sealed = made.path.read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n-> scrypt ")
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(made.path), read_only=True)
    opened = tmp_path / "opened.duckdb"
    opened.write_bytes(pyrage.passphrase.decrypt(sealed, PASSPHRASE))
    copy = duckdb.connect(str(opened), read_only=True)
    assert backup.table_rows(copy) == expected
    copy.close()
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(sealed, "another passphrase altogether")


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_standard_age_tool_opens_a_backup_with_the_passphrase(live, tmp_path):
    """As the README tells a school to, if the app is gone (age reads the passphrase from the
    terminal, so it is given one here)."""
    made = backup.take_backup(live, "senco", MORNING, passphrase=PASSPHRASE)
    out = tmp_path / "by-hand.duckdb"
    script = f"age --decrypt --output {out} {made.path}"
    done = subprocess.run(
        ["script", "-qec", script, "/dev/null"],
        input=f"{PASSPHRASE}\n", text=True, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    copy = duckdb.connect(str(out), read_only=True)
    assert backup.table_rows(copy) == made.table_rows
    copy.close()


def test_an_encrypted_backup_restores_every_table_and_its_before_copy_is_encrypted(
    demo_copy, monkeypatch
):
    cheap_passwords(monkeypatch)
    conn = db.connect(demo_copy)
    cur = db.cursor(conn)
    senco = users.find_active_user(cur, "senco")
    made = backup.take_backup(cur, "senco", MORNING, passphrase=PASSPHRASE)
    before = rows_of(cur)
    change_everything(cur, senco)
    check = restore.check_backup(cur, made.path, PASSPHRASE)
    assert check.ok
    later = MORNING + timedelta(hours=1)
    _, kept = restore.restore_backup(cur, senco, made.path, later, PASSPHRASE)
    assert kept.file_name == "demo-2026-12-04-1030-before-restore.duckdb.age"
    after = rows_of(cur)
    for table in set(before) - {"audit_log", "backups"}:
        assert after[table] == before[table], table
    # No decrypted copy is left behind, beside the database or in the backup folder.
    leftovers = [n for n in _every_file(demo_copy.parent) if not n.startswith("demo")]
    assert leftovers == []
    conn.close()


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("another passphrase altogether", "The backup passphrase does not open"),
        (None, "is encrypted, and no backup passphrase is set"),
    ],
)
def test_a_wrong_or_missing_passphrase_is_refused_and_nothing_changes(live, given, words):
    senco = users.find_active_user(live, "senco")
    made = backup.take_backup(live, "senco", MORNING, passphrase=PASSPHRASE)
    change_everything(live, senco)
    changed = rows_of(live)
    check = restore.check_backup(live, made.path, given)
    assert not check.ok
    [problem] = check.problems
    assert words in problem and problem.endswith("Nothing has been changed.")
    with pytest.raises(ValidationError) as raised:
        restore.restore_backup(live, senco, made.path, MORNING + timedelta(hours=1), given)
    assert words in raised.value.problems[0].message
    assert rows_of(live) == changed  # no before-restore copy either: nothing was done
    assert [b.file_name for b in backup.list_backups(live)] == [made.file_name]


def test_the_command_line_restores_an_encrypted_backup_with_the_passphrase(tmp_path, monkeypatch):
    cheap_passwords(monkeypatch)
    database = make_school(tmp_path / "school.duckdb")
    conn = db.connect(database)
    made = backup.take_backup(db.cursor(conn), "senco", MORNING, passphrase=PASSPHRASE)
    conn.close()
    command = [sys.executable, "-m", "sendlib", "restore", str(made.path), "--db", str(database)]
    env = {k: v for k, v in os.environ.items() if k != backup.PASSPHRASE_VARIABLE}
    run = partial(subprocess.run, capture_output=True, text=True, cwd=ROOT, check=False)
    refused = run([*command, "--yes"], env=env)
    assert refused.returncode == 1
    assert "no backup passphrase is set" in refused.stderr
    done = run([*command, "--yes"], env={**env, backup.PASSPHRASE_VARIABLE: PASSPHRASE})
    assert done.returncode == 0, done.stderr
    assert "before-restore.duckdb.age" in done.stdout


def test_the_senco_sees_on_every_page_that_backups_are_not_encrypted(tmp_path, monkeypatch):
    serve(make_school(tmp_path / "school.duckdb"), monkeypatch)
    monkeypatch.delenv(backup.PASSPHRASE_VARIABLE, raising=False)
    notice = "**Backups are not encrypted.** School settings, Backups, says how to change that."
    for page in ("pages/register.py", "pages/timeline.py", "pages/settings.py"):
        assert [w.value for w in run_page(page, "senco").sidebar.warning] == [notice]
    assert not run_page("pages/register.py", "teacher").sidebar.warning
    assert "Choose a long passphrase" in shown_text(run_page("pages/settings.py", "senco"))
    monkeypatch.setenv(backup.PASSPHRASE_VARIABLE, PASSPHRASE)
    at = run_page("pages/settings.py", "senco")
    assert not at.sidebar.warning
    assert "Backups are encrypted with the school's backup passphrase" in shown_text(at)
    at.button(key="settings_backup_now").click().run()
    assert not at.exception
    # The newest, made with the passphrase, is encrypted; the day's first, made before it was
    # set, is not.
    listed = backup.list_backups(db.cursor(db.connect(os.environ["SENDHUB_DB"])))
    assert [b.encrypted for b in listed] == [True, False]


KILLER = """
import sys
from datetime import datetime, timedelta
from sendlib import backup, db
from sendlib.words import SCHOOL_TZ
cur = db.cursor(db.connect(sys.argv[1]))
start = datetime(2026, 12, 4, 9, 30, tzinfo=SCHOOL_TZ) + timedelta(days=int(sys.argv[2]))
print("ready", flush=True)
for n in range(1000):
    backup.take_backup(cur, "killed", start + timedelta(minutes=n), passphrase=sys.argv[3])
"""


def test_an_encrypted_backup_killed_at_any_moment_leaves_only_whole_backups(tmp_path):
    """A process taking encrypted backups one after another, killed (SIGKILL) at random moments
    (while copying, checking, encrypting or between backups): every backup with a dated name
    decrypts to a whole database, and the next backup clears what the killed one left behind
    (its partial file, and the plain copy beside the database)."""
    database = make_school(tmp_path / "school.duckdb")
    rng = random.Random(2026)
    for round_ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLER, str(database), str(round_), PASSPHRASE],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.5, 9.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = db.connect(database)
        cur = db.cursor(conn)
        expected = backup.table_rows(cur)
        for made in backup.list_backups(cur):
            opened = tmp_path / "opened.duckdb"
            backup.decrypt_file(made.path, opened, PASSPHRASE)
            copy = duckdb.connect(str(opened), read_only=True)
            rows = backup.table_rows(copy)
            copy.close()
            opened.unlink()
            # Whole: every table, each with the rows the database has (but the audit log and
            # the list of backups, which grow as backups are taken).
            growing = ("audit_log", "backups")
            assert set(rows) == set(expected)
            assert {t: n for t, n in rows.items() if t not in growing} == {
                t: n for t, n in expected.items() if t not in growing
            }
        later = MORNING + timedelta(days=30 + round_)
        backup.take_backup(cur, "after", later, passphrase=PASSPHRASE)
        conn.close()
        leftovers = [n for n in _every_file(tmp_path) if n.endswith((".partial", ".plain"))]
        assert leftovers == []
