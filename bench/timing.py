"""The benchmark's clock and stopwatch: the day the demo schools are built as of (TODAY, and
NOW, its 16:00), and the median time of several runs of a piece of work, in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, datetime

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
