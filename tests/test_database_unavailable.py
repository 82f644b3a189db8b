"""A database file that cannot be opened: damaged, cut short, or held by another process. The
page says so in plain words and names no file or process; the server's log names both."""

from __future__ import annotations

import os

import duckdb
import pytest

from sendlib import db
from sendlib.errors import DatabaseDamaged, DatabaseInUse
from sendlib.ui.signin import SIGN_IN_KEY
from tests.apptest import as_read, held_elsewhere, make_school, run_page, serve, shown_text


def garbage(path):
    path.write_bytes(os.urandom(3000) + b"\0garbled by a failing disk" * 400)
    return path


def cut_short(path, keep):
    """A real database file, cut short as a copy that stopped part way would be."""
    whole = make_school(path).read_bytes()
    path.write_bytes(whole[: keep(len(whole))])
    return path


DAMAGE = {
    "garbage": garbage,
    "only its first 8 KB": lambda path: cut_short(path, lambda size: 8192),
    "half a copy": lambda path: cut_short(path, lambda size: size // 2),
}


@pytest.fixture(params=list(DAMAGE), ids=list(DAMAGE))
def damaged(request, tmp_path):
    return DAMAGE[request.param](tmp_path / "school.duckdb")


def test_a_damaged_file_is_reported_and_left_as_it_was(damaged):
    before = damaged.read_bytes()
    with pytest.raises(DatabaseDamaged) as raised:
        db.connect(damaged)
    assert damaged.read_bytes() == before
    assert "python -m sendlib restore" in str(raised.value)
    assert str(damaged) not in str(raised.value)
    assert raised.value.details  # DuckDB's own words, for the server's log


def test_a_whole_file_that_lost_its_free_blocks_still_opens(tmp_path):
    # DuckDB shortens the file when the blocks at its end fall free: that is not damage.
    path = make_school(tmp_path / "school.duckdb")
    conn = duckdb.connect(str(path))
    conn.execute(
        "CREATE TABLE scratch AS SELECT range AS n, random()::VARCHAR AS s FROM range(500000)"
    )
    conn.execute("CHECKPOINT")
    conn.execute("DROP TABLE scratch")
    conn.close()  # DuckDB gives the free blocks at the end back to the disk
    conn = duckdb.connect(str(path))
    block_size, blocks = conn.execute("PRAGMA database_size").fetchone()[2:4]
    conn.close()
    assert path.stat().st_size < 3 * 4096 + blocks * block_size  # the case to tell apart
    conn = db.connect(path)
    assert db.scalar(conn, "SELECT count(*) FROM users") == 4
    conn.close()


@pytest.mark.parametrize("page", ["app.py", "pages/register.py"])
def test_the_app_says_the_database_cannot_be_opened_and_how_to_restore(
    damaged, page, monkeypatch, capfd
):
    serve(damaged, monkeypatch)
    # A tab signed in before the file became unreadable.
    at = run_page(page, state={SIGN_IN_KEY: "signed-in-before"})
    assert not at.exception
    [message] = [as_read(e.value) for e in at.error]
    assert message.startswith("The school's database could not be opened")
    assert "Nothing has been changed." in message
    assert "\n\npython -m sendlib restore <backup file> --db <database file>\n\n" in message
    assert "backup folder chosen in School settings" in message
    text = shown_text(at)
    assert str(damaged.parent) not in text and damaged.parent.name not in text
    assert "Sign in" not in text and not at.text_input
    log = capfd.readouterr().err
    assert f"could not open {damaged}" in log
    assert f"python -m sendlib restore <backup file> --db {damaged}" in log


def test_the_log_names_the_newest_backup_to_restore(tmp_path, monkeypatch, capfd):
    path = garbage(tmp_path / "school.duckdb")
    (tmp_path / "backups").mkdir()
    for name in ("school-2026-11-20-0930.duckdb", "school-2026-11-23-0930.duckdb"):
        (tmp_path / "backups" / name).write_bytes(b"")
    serve(path, monkeypatch)
    assert not run_page("app.py").exception
    newest = tmp_path / "backups" / "school-2026-11-23-0930.duckdb"
    assert f"python -m sendlib restore {newest} --db {path}" in capfd.readouterr().err


def test_a_second_process_holding_the_file_is_named_in_the_log_only(tmp_path, monkeypatch, capfd):
    path = serve(tmp_path / "school.duckdb", monkeypatch)
    db.connect(path).close()
    with held_elsewhere(path) as holder:
        with pytest.raises(DatabaseInUse) as raised:
            db.connect(path)
        assert f"{path} is in use (process {holder})" in raised.value.details
        at = run_page("app.py")
        assert not at.exception
        [message] = [as_read(e.value) for e in at.error]
        assert message.startswith("This database is open elsewhere")
        text = shown_text(at)
        assert str(holder) not in text and str(tmp_path) not in text
        assert f"{path} is in use (process {holder})" in capfd.readouterr().err
