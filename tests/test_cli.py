"""The command line: creating the first SENCo account, and building a demo school."""

from __future__ import annotations

import subprocess
import sys

from sendlib import db, users


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
