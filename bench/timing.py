"""The benchmark's clock and stopwatch: the day the demo schools are built as of (TODAY, and
NOW, its 16:00), the median time of several runs of a piece of work, in milliseconds, and a
throwaway copy of a school for work that changes it."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from sendlib import db
from sendlib.words import SCHOOL_TZ

TODAY = date(2026, 11, 23)
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 16, 0, tzinfo=SCHOOL_TZ)  # the demo's "now"


def median_ms(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs of `work`, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextmanager
def school_copy(path: Path, label: str) -> Iterator[db.Cursor]:
    """A cursor on a copy of the school's file, so that the other figures are taken on the
    school as built; the copy is removed afterwards."""
    work = path.with_name(f"{label}-{path.name}")
    shutil.copyfile(path, work)
    conn = db.connect(work)
    try:
        yield db.cursor(conn)
    finally:
        conn.close()
        work.unlink(missing_ok=True)
