"""The demo school's meetings with parents, term by term: for each pupil on SEN support or with
an EHC plan, a review meeting most terms (on a plan's review date where there is one), the EHCP
annual review on the plan's review dates, and some parent surgeries and parents' evenings; some
terms have none, and this term's later ones are still to come. Called by
sendlib.demo.timeline's builder, whose calendar, periods on the register and random stream for
this loop it uses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from sendlib.demo.tools import ANNUAL, APDR, EVENING, OTHER, STATUSES, SURGERY

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sendlib.demo.timeline import TimelineBuilder

MAIN_MEETING = {APDR: 72, SURGERY: 14, EVENING: 14}
EXTRA_MEETING = {SURGERY: 50, EVENING: 25, OTHER: 25}


def meetings(builder: TimelineBuilder) -> dict[str, np.ndarray]:
    """Review meetings, annual reviews, surgeries and parents' evenings, term by term."""
    cal = builder.cal
    reviews, annual = _plan_reviews(builder), _annual_reviews(builder)
    evening = np.minimum(cal.term_lo + 32, cal.term_hi - 1)  # parents' evenings: week 7
    pupil, day, kind, views, statuses = [], [], [], [], []
    for local, status, lo, end in zip(
        builder.p_pupil, builder.p_status, builder.p_lo, builder.p_end, strict=True
    ):
        if status == "monitoring":
            continue
        local, e = int(local), status == "E"
        for term in range(len(cal.terms)):
            a, b = max(lo, cal.term_lo[term]), min(end, cal.term_hi[term])
            if b - a < 10 or a > builder.today_idx:
                continue
            held = _held(builder, term, a, b, e, annual.get(local, ()), reviews.get(local, ()))
            for when, what, said in held:
                when, what = _placed(builder, evening, when, what, a, b)
                if when <= builder.today_idx:  # this term's later meetings are still to come
                    pupil.append(local), day.append(when), kind.append(what)
                    views.append(said), statuses.append(STATUSES.index(status))
    return {
        "pupil": np.array(pupil, dtype=np.int64),
        "day": np.array(day, dtype=np.int64),
        "kind": np.array(kind, dtype=np.int64),
        "views": np.array(views, dtype=object),
        "status": np.array(statuses, dtype=np.int64),
    }


def _plan_reviews(builder: TimelineBuilder) -> dict[int, list[tuple[int, str | None]]]:
    """By pupil, each APDR plan reviewed so far: its school day and the parents' views."""
    reviews: dict[int, list[tuple[int, str | None]]] = {}
    for plan in builder.rows.plans:
        if plan[8] is not None:
            day = int(builder.cal.index([plan[8]])[0])
            if day <= builder.today_idx:
                reviews.setdefault(plan[1], []).append((day, plan[4]))
    return reviews


def _annual_reviews(builder: TimelineBuilder) -> dict[int, list[int]]:
    """By pupil, the school days of their EHC plan's annual reviews within the window."""
    annual: dict[int, list[int]] = {}
    for local, issued, _, last, *_ in builder.rows.ehc_plans:
        review = last
        while review > issued and review >= builder.window:
            annual.setdefault(local, []).append(int(builder.cal.index([review])[0]))
            review -= timedelta(days=364)
    return annual


def _held(
    builder: TimelineBuilder,
    term: int,
    a: int,
    b: int,
    e: bool,
    annual: Sequence[int],
    reviews: Sequence[tuple[int, str | None]],
) -> list[tuple[int, int, str | None]]:
    """One pupil's meetings in one term, between school days a and b: the annual review, or a
    plan's review, or most terms another main meeting; and now and then one or two more."""
    rr = builder.loop_rng
    held = [(d, ANNUAL, None) for d in annual if a <= d < b and e]
    in_term = [r for r in reviews if a <= r[0] < b]
    in_term = [r for r in in_term if r[0] >= builder.cal.term_lo[term] + 5]  # not week one
    if not held and in_term and rr.random() < 0.7:
        held.append((in_term[0][0], APDR, in_term[0][1]))
    elif not held and rr.random() < (0.9 if e else 0.85):
        what = rr.choices(list(MAIN_MEETING), list(MAIN_MEETING.values()))[0]
        held.append((a + int(rr.random() * (b - a)), what, None))
    roll = rr.random()
    for _ in range((roll > (0.6 if e else 0.72)) + (roll > (0.9 if e else 0.95))):
        what = rr.choices(list(EXTRA_MEETING), list(EXTRA_MEETING.values()))[0]
        held.append((a + int(rr.random() * (b - a)), what, None))
    return held


def _placed(
    builder: TimelineBuilder, evening: np.ndarray, when: int, what: int, a: int, b: int
) -> tuple[int, int]:
    """Parents' evenings are on the school's evening that term, if the pupil was here."""
    if what == EVENING:
        cal = builder.cal
        term = cal.term_of_day[when]
        evening_day = int(evening[term]) + builder.loop_rng.randint(0, 1)
        if cal.terms[term].name == "summer" or not a <= evening_day < b:
            return when, SURGERY
        return evening_day, EVENING
    return when, what
