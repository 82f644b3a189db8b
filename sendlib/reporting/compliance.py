"""Are we working with our parents as the SEND Code of Practice asks? The figures behind the
staff-meeting dashboard and the governors' termly report.

Every count function returns aggregates only: no pupil or parent names and no ids, so the head
and governors (the viewer role) may see them. A count covers what `access.count_scope`
allows: the whole school for the SENCo and a viewer, a teacher's own classes for a teacher; the
office sees none of these figures. The pupils behind a figure, by name, are in pupil_lists;
what each figure covers, in words, is in notes.

A meeting with parents is counted as the meetings-due list counts it (sendlib.surgery.meetings_due): a
timeline entry that is a meeting and was from or to the parents (not one within school or with
an agency), plus an attended surgery booking not yet written up on the timeline (a booking that
was written up counts once, through its timeline entry). It is counted for pupils now at SEN
support or with an EHC plan who have not left, on its day in England. A term includes its half
term; a school year runs from 1 September to 31 August.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from sendlib import access, db
from sendlib.access import require
from sendlib.pupils import census
from sendlib.reporting.periods import (
    promises_as_of,
    school_today,
    term_end_so_far,
    window,
    year_starts,
)
from sendlib.school import calendar
from sendlib.school.term_dates import Term
from sendlib.surgery import grid
from sendlib.surgery.meetings_due import MEETINGS_SQL
from sendlib.timeline import ledger
from sendlib.timeline import replies as timeline_replies
from sendlib.timeline.ledger import OWNER_KINDS, STATES
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

PERIODS = ("This term", "This school year")
BUCKETS = ("0", "1", "2", "3+")
LEADS = ("class teacher", "SENCo", "other", "not recorded")
WRITTEN_RECORD_DAYS = 5
NO_NEED = "No need recorded"
# OTH and NSA belong to no broad area of need in the census.
OTHER_AREA = "Other or not yet assessed"
STATUS_ORDER = ("K", "E", "monitoring")

REGISTER_COUNT_COLUMNS = ["Status", "Broad area", "Need", "Year", "Pupils"]
DISTRIBUTION_COLUMNS = ["Period", "Meetings", "Pupils"]
LED_BY_COLUMNS = ["Led by", "Meetings"]
REPLY_MONTH_COLUMNS = ["Month", "Median school days", "Messages"]
PROMISE_COLUMNS = ["Owner kind", "State", "Actions"]

# The pupils whose meetings with parents are counted: on the register at SEN support or with an
# EHC plan, not left, and within {visible} (the user's counted or visible pupils).
COVERED_SQL = """
    SELECT p.pupil_id, s.status
    FROM pupils p
    JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
    WHERE p.date_left IS NULL AND s.status IN ('K', 'E') AND {visible}
"""


# --- who may see what ------------------------------------------------------------------------


def may_count(user: User) -> None:
    require(user, "home", "figures")


def _named(condition: str, params: list, prefix: str = "visible") -> tuple[str, dict]:
    """A condition with '?' markers rewritten to named ones (DuckDB cannot mix the two)."""
    named = {}
    for number, value in enumerate(params):
        condition = condition.replace("?", f"${prefix}{number}", 1)
        named[f"{prefix}{number}"] = value
    return condition, named


def _counted(user: User) -> tuple[str, dict]:
    return _named(*access.count_scope(user).where())


def visible_named(user: User) -> tuple[str, dict]:
    return _named(*access.pupil_scope(user).where())


# --- dates -----------------------------------------------------------------------------------


# --- the register ----------------------------------------------------------------------------


def register_counts(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """Pupils on the register now, by status, broad area of (primary) need, need and year group
    (REGISTER_COUNT_COLUMNS). Counts only."""
    may_count(user)
    visible, named = _counted(user)
    rows = cur.execute(
        f"""
        SELECT s.status, n.code AS need, p.year_group, count(*) AS pupils
        FROM pupils p
        JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
        LEFT JOIN needs n ON n.pupil_id = p.pupil_id AND n.rank = 1
        WHERE (p.date_left IS NULL OR p.date_left > $today) AND s.start_date <= $today
          AND {visible}
        GROUP BY ALL
        """,
        {"today": today, **named},
    ).fetchall()
    areas = list(census.BROAD_AREAS)
    needs = list(census.NEEDS)
    records = []
    for status, need, year, pupils in rows:
        area = census.broad_area(need) or (OTHER_AREA if need else NO_NEED)
        records.append(
            {
                "_status": STATUS_ORDER.index(status),
                "_area": areas.index(area) if area in areas else len(areas) + (area == NO_NEED),
                "_need": needs.index(need) if need in needs else len(needs),
                "_year": year,
                "Status": census.status_label(status),
                "Broad area": area,
                "Need": census.need_label(need) or NO_NEED,
                "Year": census.year_label(year),
                "Pupils": int(pupils),
            }
        )
    if not records:
        return pd.DataFrame(columns=REGISTER_COUNT_COLUMNS)
    frame = pd.DataFrame(records).sort_values(["_status", "_area", "_need", "_year"])
    return frame[REGISTER_COUNT_COLUMNS].reset_index(drop=True)


# --- meetings with parents -------------------------------------------------------------------


def _meetings_query(select: str, visible: str) -> str:
    return f"""
        WITH covered AS ({COVERED_SQL.format(visible=visible)}),
        met AS ({MEETINGS_SQL})
        {select}
    """


def meeting_distribution(
    cur: db.Cursor, user: User, term: Term, today: date | None = None
) -> pd.DataFrame:
    """How many pupils at SEN support or with an EHC plan had 0, 1, 2 or 3+ meetings with their
    parents this term and this school year (from 1 September to the end of the term, or today if
    earlier): DISTRIBUTION_COLUMNS, every period and bucket present, zeros included."""
    may_count(user)
    visible, named = _counted(user)
    last = term_end_so_far(term, today)
    sql = _meetings_query(
        """, per_pupil AS (
            SELECT cv.pupil_id,
                   count(m.day) FILTER (WHERE m.day >= $term_starts) AS term_n,
                   count(m.day) AS year_n
            FROM covered cv LEFT JOIN met m USING (pupil_id)
            GROUP BY cv.pupil_id
        )
        SELECT 'This term' AS period, least(term_n, 3) AS bucket, count(*) AS pupils
        FROM per_pupil GROUP BY ALL
        UNION ALL
        SELECT 'This school year', least(year_n, 3), count(*) FROM per_pupil GROUP BY ALL
        """,
        visible,
    )
    params = {**window(year_starts(term), last), "term_starts": term.starts, **named}
    found = {
        (period, int(bucket)): int(n) for period, bucket, n in cur.execute(sql, params).fetchall()
    }
    return pd.DataFrame(
        [
            {"Period": period, "Meetings": label, "Pupils": found.get((period, number), 0)}
            for period in PERIODS
            for number, label in enumerate(BUCKETS)
        ],
        columns=DISTRIBUTION_COLUMNS,
    )


def meetings_led_by(
    cur: db.Cursor, user: User, term: Term, today: date | None = None
) -> pd.DataFrame:
    """Meetings with parents in the term by who led them (LED_BY_COLUMNS, every lead present)."""
    may_count(user)
    visible, named = _counted(user)
    sql = _meetings_query("SELECT led_by, count(*) FROM met GROUP BY ALL", visible)
    params = {**window(term.starts, term_end_so_far(term, today)), **named}
    found = dict(cur.execute(sql, params).fetchall())
    return pd.DataFrame(
        [{"Led by": lead, "Meetings": int(found.get(lead, 0))} for lead in LEADS],
        columns=LED_BY_COLUMNS,
    )


def written_records(
    cur: db.Cursor, user: User, term: Term, today: date | None = None
) -> dict[str, int]:
    """Meetings with parents in the term; how many had a written record given to the parents, and
    how many within 5 school days of the meeting."""
    may_count(user)
    visible, named = _counted(user)
    sql = _meetings_query("SELECT day, written_record_given FROM met", visible)
    params = {**window(term.starts, term_end_so_far(term, today)), **named}
    rows = cur.execute(sql, params).df()
    given = rows[rows["written_record_given"].notna()]
    within = 0
    if not given.empty:
        days = calendar.school_days_between_many(cur, given["day"], given["written_record_given"])
        within = int((days <= WRITTEN_RECORD_DAYS).sum())
    return {
        "meetings": len(rows),
        "written record given": len(given),
        f"within {WRITTEN_RECORD_DAYS} school days": within,
    }


# --- replies ---------------------------------------------------------------------------------


def replies(cur: db.Cursor, user: User, today: date) -> dict[str, int]:
    """Messages awaiting the school's reply now, how many of them are over the school's target
    (in school days, timeline.reply_target) and the target itself."""
    may_count(user)
    visible, named = _counted(user)
    waiting = cur.execute(
        "SELECT c.happened_at FROM communications c JOIN pupils p ON p.pupil_id = c.pupil_id "
        f"WHERE c.needs_reply AND c.replied_at IS NULL AND {visible}",
        named,
    ).df()
    target = timeline_replies.reply_target(cur)
    over = 0
    if not waiting.empty:
        at = pd.to_datetime(waiting["happened_at"], utc=True).dt.tz_convert(SCHOOL_TZ)
        days = calendar.school_days_between_many(
            cur, at, pd.Series([today] * len(at), index=at.index)
        )
        over = int((days > target).sum())
    return {"awaiting reply": len(waiting), "over target": over, "target school days": target}


def reply_times_by_month(
    cur: db.Cursor, user: User, term: Term, today: date | None = None
) -> pd.DataFrame:
    """For each month of the term's school year up to today (September first), the messages
    received that month that have been answered and the median school days they took
    (REPLY_MONTH_COLUMNS; a month with none shows 0 messages and no median)."""
    may_count(user)
    first = year_starts(term)
    last = min(date(term.academic_year + 1, 8, 31), today or school_today())
    months = pd.period_range(first, max(first, last), freq="M")
    answered = (
        timeline_replies.reply_times(cur, user, first, last) if last >= first else pd.DataFrame()
    )
    if answered.empty:
        stats = pd.DataFrame(columns=["median", "count"])
    else:
        month = answered["happened_at"].dt.tz_localize(None).dt.to_period("M")
        stats = answered.groupby(month)["school_days_to_reply"].agg(["median", "count"])
    stats = stats.reindex(months)
    return pd.DataFrame(
        {
            "Month": [m.strftime("%B %Y") for m in months],
            "Median school days": stats["median"].astype(float).to_numpy(),
            "Messages": stats["count"].fillna(0).astype(int).to_numpy(),
        },
        columns=REPLY_MONTH_COLUMNS,
    )


# --- promises --------------------------------------------------------------------------------


def promises(cur: db.Cursor, user: User, term: Term, today: date | None = None) -> pd.DataFrame:
    """Actions agreed with parents in the term (on the day of the timeline entry they were agreed
    in, or the day the app made them), by kind of owner and their ledger state as of today or the
    term's last day if it is over (PROMISE_COLUMNS, every kind and state present)."""
    may_count(user)
    visible, named = _counted(user)
    as_of = promises_as_of(term, today)
    # The ledger's own State rule, judged on as_of: an action done later was not done then.
    state, markers = _named(ledger.STATE_SQL, [as_of, ledger.week_end(as_of)], "state")
    rows = cur.execute(
        f"""
        SELECT a.owner_kind, {state} AS state, count(*)
        FROM (
            SELECT x.* REPLACE (CASE WHEN x.done_date <= $as_of THEN x.done_date END AS done_date)
            FROM actions x
            LEFT JOIN communications c ON c.communication_id = x.communication_id
            WHERE coalesce(c.happened_at, x.created_at) >= $from_at
              AND coalesce(c.happened_at, x.created_at) < $until_at
        ) a
        JOIN pupils p USING (pupil_id)
        WHERE {visible}
        GROUP BY ALL
        """,
        {**markers, "as_of": as_of, **window(term.starts, as_of), **named},
    ).fetchall()
    found = {(kind, state): int(n) for kind, state, n in rows}
    return pd.DataFrame(
        [
            {"Owner kind": kind, "State": state, "Actions": found.get((kind, state), 0)}
            for kind in OWNER_KINDS
            for state in STATES
        ],
        columns=PROMISE_COLUMNS,
    )


# --- deadlines -------------------------------------------------------------------------------


# --- surgeries -------------------------------------------------------------------------------


def surgery_weeks(cur: db.Cursor, user: User, term: Term) -> pd.DataFrame:
    """Parent surgery slots offered and used each week of the term (surgery.grid.week_counts):
    for a teacher, their classes' bookings, and the slots taken for other classes apart."""
    may_count(user)
    pupils = None if access.counts_whole_school(user) else access.count_scope(user).where()
    return grid.week_counts(cur, user, term.starts, term.ends, pupils)


# --- the pupils behind the figures (names: SENCo and teachers only) --------------------------
