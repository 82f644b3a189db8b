"""The command line: creating the first SENCo account, building a demo school, and backing up
and restoring with the app stopped."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sendlib import backup, db, users
from tests import school
from tests.apptest import make_school
from tests.school import cheap_passwords


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sendlib", *args], input=stdin, capture_output=True, text=True
    )


def test_add_user_creates_a_senco_who_can_sign_in(tmp_path):
    path = tmp_path / "school.duckdb"
    done = run_cli(
        "add-user",
        "jsmith",
        "--name",
        "Jo Smith",
        "--role",
        "senco",
        "--db",
        str(path),
        "--password-stdin",
        stdin="a long secret phrase\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Created jsmith (SENCo)."
    conn = db.connect(path)
    account = users.credentials(conn)["usernames"]["jsmith"]
    assert account["roles"] == ["senco"]
    assert users.bcrypt.checkpw(b"a long secret phrase", account["password"].encode())


def test_add_user_refuses_a_short_password_and_saves_nothing(tmp_path):
    path = tmp_path / "school.duckdb"
    done = run_cli(
        "add-user",
        "jsmith",
        "--name",
        "Jo Smith",
        "--role",
        "teacher",
        "--classes",
        "5A",
        "--db",
        str(path),
        "--password-stdin",
        stdin="short\n",
    )
    assert done.returncode == 1
    assert "Password: must be at least 10 characters" in done.stderr
    conn = db.connect(path)
    assert db.scalar(conn, "SELECT count(*) FROM users") == 0


def test_demo_builds_a_school_and_will_not_build_over_one(tmp_path):
    path = tmp_path / "demo.duckdb"
    first = run_cli("demo", "--size", "small", "--db", str(path))
    assert first.returncode == 0, first.stderr
    again = run_cli("demo", "--size", "small", "--db", str(path))
    assert again.returncode == 1
    assert "already has" in again.stderr
    conn = db.connect(path)
    assert db.scalar(conn, "SELECT count(*) FROM pupils WHERE date_left IS NULL") == 420


def school_file(tmp_path, monkeypatch) -> Path:
    cheap_passwords(monkeypatch)
    return make_school(tmp_path / "school.duckdb")


def pupils_in(path: Path) -> int:
    conn = db.connect(path)
    try:
        return db.scalar(conn, "SELECT count(*) FROM pupils")
    finally:
        conn.close()


def test_backup_then_restore_from_the_command_line_asks_first(tmp_path, monkeypatch):
    path = school_file(tmp_path, monkeypatch)
    made = run_cli("backup", "--db", str(path))
    assert made.returncode == 0, made.stderr
    copy = next((tmp_path / "backups").iterdir())
    assert made.stdout.startswith(f"Backed up and checked: {copy} holds all ")
    conn = db.connect(path)
    conn.execute("DELETE FROM pupils WHERE pupil_id > 2")
    conn.close()

    declined = run_cli("restore", str(copy), "--db", str(path), stdin="no\n")
    assert declined.returncode == 1
    assert "  pupils                      6        2" in declined.stdout
    assert declined.stderr == "Nothing was restored.\n"
    assert pupils_in(path) == 2

    done = run_cli("restore", str(copy), "--db", str(path), "--yes")
    assert done.returncode == 0, done.stderr
    kept = sorted(p for p in (tmp_path / "backups").iterdir() if "before-restore" in p.name)
    assert done.stdout.endswith(f"Restored {copy}. The database as it was is kept as {kept[0]}.\n")
    assert pupils_in(path) == len(school.PUPILS)
    listed = run_cli("backup", "--list", "--db", str(path)).stdout.splitlines()
    assert [line.split("  ")[0] for line in listed] == [str(kept[0]), str(copy)]
    assert [line.endswith("  checked") for line in listed] == [True, True]


def test_the_command_line_will_not_restore_under_a_running_app(tmp_path, monkeypatch):
    path = school_file(tmp_path, monkeypatch)
    copy = backup.take_backup(db.cursor(running := db.connect(path)), "senco", datetime.now(UTC))
    try:
        done = run_cli("restore", str(copy.path), "--db", str(path), "--yes")
    finally:
        running.close()
    assert done.returncode == 1
    assert done.stderr.startswith("Nothing was saved. This database is open elsewhere")
    assert f"(process {os.getpid()})" in done.stderr


def test_a_database_that_no_longer_opens_is_kept_aside_and_replaced(tmp_path, monkeypatch):
    path = school_file(tmp_path, monkeypatch)
    conn = db.connect(path)
    copy = backup.take_backup(db.cursor(conn), "senco", datetime.now(UTC))
    conn.close()
    path.write_bytes(b"\0garbled by a failing disk" * 1000)
    done = run_cli("restore", str(copy.path), "--db", str(path), "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"The database {path.name} does not open (")
    aside = next(tmp_path.glob("school-replaced-*.duckdb"))
    assert aside.read_bytes().startswith(b"\0garbled by a failing disk")
    assert pupils_in(path) == len(school.PUPILS)
