"""Who needs a meeting: the SENCo's list to book parent surgeries from.

The SEND Code of Practice (6.65) expects schools to meet the parents of a pupil on SEN support at
least three times a year, and the same holds for a pupil with an EHC plan. For each pupil on the
register at SEN support or with an EHC plan (not monitoring, not a leaver) this counts the meetings
with parents this term and this school year (from 1 September): a timeline entry that is a
meeting and was from or to the parents (not one within school or with an agency), plus an attended
surgery booking not yet written up on the timeline (a booking that was written up counts once,
through its timeline entry). Days are the school's (London) days, up to the end of today. A pupil
needs a meeting when there has been none this term, fewer than three this year, a message is
still awaiting the school's reply or an agreed action is overdue; those with no surgery booked
come first, then the most in need.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from sendlib import access, db
from sendlib.access import require
from sendlib.pupils import census
from sendlib.reporting import staff_meeting
from sendlib.school import calendar
from sendlib.school.term_dates import Term
from sendlib.school.year import academic_year_start
from sendlib.timeline.ledger import PUPIL_NAME_SQL
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, SCHOOL_TZ_ID, counted

MEETINGS_A_YEAR = 3
# An APDR plan's review is a meeting with the parents: the pupil is listed this long before it.
PLAN_REVIEW_NOTICE = timedelta(days=14)
PARENT_DIRECTIONS = ("from parent", "to parent")
COUNT_COLUMNS = [
    "pupil_id",
    "Pupil",
    "Class",
    "Year",
    "Status",
    "Meetings this term",
    "Meetings this year",
    "Last meeting",
    "Awaiting reply",
    "Overdue actions",
    "Plan review",
    "Next booking",
]
# Why first: it is what the SENCo reads the list for.
DUE_COLUMNS = [*COUNT_COLUMNS[:5], "Why", *COUNT_COLUMNS[5:]]
_COUNTS = ["Meetings this term", "Meetings this year", "Awaiting reply", "Overdue actions"]

# One row per meeting with parents of a pupil in `covered` between the instants $from_at and
# $until_at: its day in England, who led it and the day the written record was given. The Code of
# Practice counts and the list of who needs a meeting share it; a surgery is the SENCo's, and a booking not yet
# written up has no written record.
MEETINGS_SQL = f"""
    SELECT c.pupil_id, (c.happened_at AT TIME ZONE '{SCHOOL_TZ_ID}')::DATE AS day,
           coalesce(c.led_by, 'not recorded') AS led_by, c.written_record_given
    FROM communications c
    WHERE c.pupil_id IN (SELECT pupil_id FROM covered) AND c.meeting_kind IS NOT NULL
      AND c.direction IN {PARENT_DIRECTIONS}
      AND c.happened_at >= $from_at AND c.happened_at < $until_at
    UNION ALL
    SELECT b.pupil_id, (sl.starts_at AT TIME ZONE '{SCHOOL_TZ_ID}')::DATE AS day,
           'SENCo' AS led_by, NULL::DATE AS written_record_given
    FROM bookings b JOIN surgery_slots sl ON sl.slot_id = b.slot_id
    WHERE b.pupil_id IN (SELECT pupil_id FROM covered) AND b.status = 'attended'
      AND b.communication_id IS NULL
      AND sl.starts_at >= $from_at AND sl.starts_at < $until_at
"""


_SQL = f"""
WITH covered AS (
    SELECT p.pupil_id, {PUPIL_NAME_SQL} AS pupil, p.class_name, p.year_group, s.status,
           p.legal_surname, p.legal_forename
    FROM pupils p
    JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
    WHERE p.date_left IS NULL AND s.status IN ('K', 'E') AND {{visible}}
), met AS ({MEETINGS_SQL}
), meetings AS (
    SELECT pupil_id,
           count(*) FILTER (WHERE day BETWEEN $term_starts AND $term_ends) AS term_n,
           count(*) FILTER (WHERE day >= $year_starts) AS year_n,
           max(day) AS last_day
    FROM met GROUP BY pupil_id
), awaiting AS (
    SELECT pupil_id, count(*) AS n FROM communications
    WHERE pupil_id IN (SELECT pupil_id FROM covered) AND needs_reply AND replied_at IS NULL GROUP BY pupil_id
), overdue AS (
    SELECT pupil_id, count(*) AS n FROM actions
    WHERE pupil_id IN (SELECT pupil_id FROM covered) AND done_date IS NULL AND due_date < $today GROUP BY pupil_id
), plan_review AS (
    SELECT pupil_id, min(review_date) AS review_date FROM plans
    WHERE pupil_id IN (SELECT pupil_id FROM covered) AND reviewed_on IS NULL GROUP BY pupil_id
), booked AS (
    SELECT b.pupil_id, min(sl.starts_at) AS next_at
    FROM bookings b
    JOIN surgery_slots sl ON sl.slot_id = b.slot_id
    JOIN surgery_sessions ss ON ss.session_id = sl.session_id AND ss.cancelled_at IS NULL
    WHERE b.status = 'booked' AND sl.starts_at >= $today_starts
    GROUP BY b.pupil_id
)
SELECT cv.pupil_id, cv.pupil, cv.class_name, cv.year_group, cv.status,
       coalesce(m.term_n, 0) AS term_n, coalesce(m.year_n, 0) AS year_n, m.last_day,
       coalesce(a.n, 0) AS awaiting_n, coalesce(o.n, 0) AS overdue_n, pr.review_date,
       bk.next_at
FROM covered cv
LEFT JOIN meetings m USING (pupil_id)
LEFT JOIN awaiting a USING (pupil_id)
LEFT JOIN overdue o USING (pupil_id)
LEFT JOIN plan_review pr USING (pupil_id)
LEFT JOIN booked bk USING (pupil_id)
ORDER BY cv.year_group, cv.class_name, cv.legal_surname, cv.legal_forename, cv.pupil_id
"""


def meeting_counts(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """Every pupil at SEN support or with an EHC plan that this user may see (COUNT_COLUMNS):
    meetings with parents this term and this school year, the last one, messages awaiting a
    reply, overdue actions and the next surgery booked (one query)."""
    require(user, "surgery", "needs")
    return _counts(cur, user, today, calendar.this_term(cur, today))


def _counts(cur: db.Cursor, user: User, today: date, term: Term | None) -> pd.DataFrame:
    visible, params = access.pupil_scope(user).where()
    named = {
        "today": today,
        "today_starts": calendar.day_start(today),
        "from_at": calendar.day_start(date(1900, 1, 1)),
        "until_at": calendar.day_start(today + timedelta(days=1)),
        "term_starts": term.starts if term else None,
        "term_ends": min(term.ends, today) if term else None,
        "year_starts": date(academic_year_start(today), 9, 1),
    }
    # Named and positional markers cannot be mixed: give the visibility markers names too.
    for number, value in enumerate(params):
        visible = visible.replace("?", f"$visible{number}", 1)
        named[f"visible{number}"] = value
    rows = cur.execute(_SQL.format(visible=visible), named).df()
    if rows.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    next_at = pd.to_datetime(rows["next_at"], utc=True).dt.tz_convert(SCHOOL_TZ)
    frame = pd.DataFrame(
        {
            "pupil_id": rows["pupil_id"].astype(int),
            "Pupil": rows["pupil"],
            "Class": rows["class_name"],
            "Year": [census.year_label(int(y)) for y in rows["year_group"]],
            "Status": [census.status_label(s) for s in rows["status"]],
            "Meetings this term": rows["term_n"].astype(int),
            "Meetings this year": rows["year_n"].astype(int),
            "Last meeting": pd.Series(
                [d.date() if pd.notna(d) else None for d in pd.to_datetime(rows["last_day"])],
                dtype=object,
            ),
            "Awaiting reply": rows["awaiting_n"].astype(int),
            "Overdue actions": rows["overdue_n"].astype(int),
            "Plan review": pd.Series(
                [d.date() if pd.notna(d) else None for d in pd.to_datetime(rows["review_date"])],
                dtype=object,
            ),
            "Next booking": pd.Series(
                [t.to_pydatetime() if pd.notna(t) else None for t in next_at], dtype=object
            ),
        }
    )
    return frame[COUNT_COLUMNS]


def _why(
    term_missed: bool, year: int, overdue: int, awaiting: int, review: date | None, today: date
) -> str:
    reasons = ["No meeting this term"] if term_missed else []
    if review is not None and review < today:
        reasons.append(f"APDR review overdue since {review:%d/%m/%Y}")
    elif review is not None and review <= today + PLAN_REVIEW_NOTICE:
        reasons.append(f"APDR review due {review:%d/%m/%Y}")
    if year == 0:
        reasons.append("No meetings yet this year")
    elif year < MEETINGS_A_YEAR:
        reasons.append(f"{year} of {MEETINGS_A_YEAR} meetings this year")
    if overdue:
        reasons.append(counted(overdue, "overdue action", "overdue actions"))
    if awaiting:
        reasons.append(counted(awaiting, "message awaiting reply", "messages awaiting reply"))
    return " · ".join(reasons)


def meetings_due(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """The pupils who need a meeting with their parents (DUE_COLUMNS), each with the reasons in
    'Why': those with no surgery booked first, then the most in need, then the longest since
    they last met (never first), then by name."""
    require(user, "surgery", "needs")
    term = calendar.this_term(cur, today)
    has_term = term is not None
    frame = _counts(cur, user, today, term)
    term_missed = (frame["Meetings this term"] == 0) & has_term
    review_soon = pd.Series(
        [d is not None and d <= today + PLAN_REVIEW_NOTICE for d in frame["Plan review"]],
        index=frame.index,
        dtype=bool,
    )
    due = frame[
        term_missed
        | review_soon
        | (frame["Meetings this year"] < MEETINGS_A_YEAR)
        | (frame["Awaiting reply"] > 0)
        | (frame["Overdue actions"] > 0)
    ].copy()
    if due.empty:
        return staff_meeting.mask(pd.DataFrame(columns=DUE_COLUMNS), user)
    due["Why"] = [
        _why(*reasons)
        for reasons in zip(
            term_missed[due.index],
            due["Meetings this year"],
            due["Overdue actions"],
            due["Awaiting reply"],
            due["Plan review"],
            [today] * len(due),
            strict=True,
        )
    ]
    score = (
        3 * term_missed[due.index].astype(int)
        + (MEETINGS_A_YEAR - due["Meetings this year"].clip(upper=MEETINGS_A_YEAR))
        + 2 * due["Overdue actions"].clip(upper=3)
        + 2 * due["Awaiting reply"].clip(upper=3)
        + 2 * review_soon[due.index].astype(int)
    )
    keys = pd.DataFrame(
        {
            "booked": due["Next booking"].notna(),
            "score": -score,
            "last": [d or date.min for d in due["Last meeting"]],
            "name": due["Pupil"].str.casefold(),
        },
        index=due.index,
    )
    order = keys.sort_values(["booked", "score", "last", "name"], kind="stable").index
    return staff_meeting.mask(due.loc[order, DUE_COLUMNS].reset_index(drop=True), user)
