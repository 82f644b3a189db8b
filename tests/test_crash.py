"""A writer killed in the middle of an import or a booking leaves a database that opens and
migrates, with each change wholly there or wholly absent."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sendlib import backup, db, users
from sendlib.surgery import sessions
from tests import school
from tests.apptest import ROOT, make_school
from tests.crash_writer import BATCH
from tests.school import cheap_passwords

KILLS = 12


class Writer:
    """tests/crash_writer.py, loaded once; each run forks a fresh writer to kill."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("crash_writer.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def _next(self) -> str:
        return self.lines.get(timeout=30)

    def run_and_kill(self, what: str, path: Path, checkpoint: str, delay: float) -> str:
        """Start a writer, kill it `delay` seconds after it is ready; its last line."""
        self.process.stdin.write(f"{what} {path} {checkpoint}\n")
        self.process.stdin.flush()
        ready = self._next()
        assert ready.startswith("ready "), ready
        time.sleep(delay)
        os.kill(int(ready.split()[1]), signal.SIGKILL)
        last = ready
        while (line := self._next()) != "ended":
            last = line
        return last

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def writer():
    started = Writer()
    yield started
    started.close()


def reopened(path: Path) -> db.Cursor:
    """The database as the app would open it next: it must open, and be fully migrated."""
    conn = db.connect(path)
    assert backup.schema_version(conn) == backup.app_schema_version()
    return conn


def kill_many(writer: Writer, what: str, path: Path, check) -> list[str]:
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    last_lines = []
    for kill in range(KILLS):
        checkpoint = "default" if kill % 2 else "1KB"
        last = writer.run_and_kill(what, path, checkpoint, chance.uniform(0.02, 0.35))
        last_lines.append(last)
        conn = reopened(path)
        try:
            check(conn, f"kill {kill} (seed {seed}) after {last!r}")
        finally:
            conn.close()
    return last_lines


def test_an_import_killed_at_any_moment_is_all_there_or_not_at_all(tmp_path, writer, monkeypatch):
    cheap_passwords(monkeypatch)
    path = make_school(tmp_path / "school.duckdb")
    before = len(school.PUPILS)

    def check(conn, when):
        pupils = db.scalar(conn, "SELECT count(*) FROM pupils")
        imports = db.scalar(conn, "SELECT count(*) FROM audit_log WHERE action = 'import pupils'")
        # Every pupil of every file that landed, each with its SEN status, and nothing else.
        assert pupils == before + imports * BATCH, when
        statuses = db.scalar(conn, "SELECT count(*) FROM sen_status WHERE reason LIKE 'Imported%'")
        assert statuses == imports * BATCH, when

    last_lines = kill_many(writer, "import", path, check)
    # Most kills land while a file is being written: the test is about those.
    assert sum(line.startswith("writing") for line in last_lines) >= 3, last_lines


def test_a_booking_killed_at_any_moment_is_all_there_or_not_at_all(tmp_path, writer, monkeypatch):
    cheap_passwords(monkeypatch)
    path = make_school(tmp_path / "school.duckdb")
    conn = db.connect(path)
    senco = users.find_active_user(conn, "senco")
    sessions.save_pattern(db.cursor(conn), senco, school.TUESDAYS, school.TODAY)
    conn.close()

    def check(conn, when):
        booked = conn.execute(
            "SELECT count(*), count(*) FILTER (status = 'cancelled'), count(active_slot_id) "
            "FROM bookings"
        ).fetchone()
        logged = conn.execute(
            "SELECT count(*) FILTER (action = 'book surgery'), "
            "count(*) FILTER (action = 'cancel surgery booking') FROM audit_log"
        ).fetchone()
        # Each booking with its audit row, each cancellation with its own, and every booking
        # not cancelled still holding its slot.
        assert (booked[0], booked[1]) == logged, when
        assert booked[2] == booked[0] - booked[1], when

    last_lines = kill_many(writer, "book", path, check)
    assert sum(line.startswith("writing") for line in last_lines) >= 3, last_lines
