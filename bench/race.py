"""The booking race: RACERS office users, each on their own cursor, book one slot at the same
instant for different families; exactly one booking may succeed, and the others are told the
slot was taken (or the write conflicted)."""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench.timing import NOW
from sendlib import db, users
from sendlib.errors import WriteConflict
from sendlib.surgery import bookings
from sendlib.surgery import slots as surgery_slots

RACERS = 50


def race_for_a_slot(conn: db.Cursor, office: users.User, slot_id: int) -> tuple[float, Counter]:
    """RACERS office users, each on their own cursor, book one slot at the same instant for
    different families: the wall time from the release to the last answer, and the outcomes."""
    families = conn.execute(
        "SELECT p.pupil_id, min(c.contact_id) FROM pupils p JOIN contacts c USING (pupil_id) "
        "WHERE p.date_left IS NULL GROUP BY 1 ORDER BY 1 LIMIT ?",
        [RACERS],
    ).fetchall()
    assert len(families) == RACERS
    cursors = [db.cursor(conn) for _ in range(RACERS)]
    started: list[float] = []
    barrier = threading.Barrier(RACERS, action=lambda: started.append(time.perf_counter()))
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def attempt(cur: db.Cursor, pupil_id: int, contact_id: int) -> None:
        barrier.wait()
        try:
            bookings.book(cur, office, slot_id, pupil_id, contact_id, "in person", "Bench", NOW)
            outcome = "booked"
        except surgery_slots.SlotTaken:
            outcome = "slot taken"
        except WriteConflict:
            outcome = "write conflict"
        except Exception as exc:  # noqa: BLE001 - counted, and the race fails below
            outcome = f"{type(exc).__name__}: {str(exc)[:120]}"
        with lock:
            outcomes[outcome] += 1

    threads = [
        threading.Thread(target=attempt, args=(cur, pupil_id, contact_id))
        for cur, (pupil_id, contact_id) in zip(cursors, families, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = (time.perf_counter() - started[0]) * 1000
    for cur in cursors:
        cur.close()
    active = db.scalar(conn, "SELECT count(*) FROM bookings WHERE active_slot_id = ?", [slot_id])
    assert outcomes["booked"] == 1, f"slot {slot_id}: {dict(outcomes)}"
    assert outcomes["slot taken"] + outcomes["write conflict"] == RACERS - 1, dict(outcomes)
    assert active == 1, f"slot {slot_id} has {active} active bookings"
    return elapsed, outcomes


def time_slot_race(path: Path, repeat: int) -> tuple[float, str]:
    """Book the same free slot RACERS times at once, `repeat` times (a new slot each time): the
    median wall time, and a note of the outcomes. Exactly one booking may succeed each time."""
    conn = db.connect(path)
    try:
        office = users.get_user(db.cursor(conn), "office")
        slots = surgery_slots.free_slots(db.cursor(conn), NOW + timedelta(days=7), repeat)
        assert len(slots) == repeat, "not enough free future slots"
        times, total = [], Counter()
        for slot in slots:
            elapsed, outcomes = race_for_a_slot(conn, office, slot.slot_id)
            times.append(elapsed)
            total.update(outcomes)
    finally:
        conn.close()
    note = ", ".join(f"{count} {what}" for what, count in sorted(total.items()))
    return statistics.median(times), f"{repeat} races of {RACERS}: {note}"
