"""The pupils behind the figures, by name, for those who may see names (the SENCo, and a
teacher for their own classes): who has had no meeting with their parents this term, and whose
EHC plan review is overdue or due soon."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from sendlib import access, db
from sendlib.access import require
from sendlib.pupils import census
from sendlib.reporting import staff_meeting
from sendlib.reporting.compliance import COVERED_SQL, visible_named
from sendlib.reporting.deadlines import REVIEW_WARNING_WEEKS, REVIEWS_SQL
from sendlib.reporting.periods import term_end_so_far, window, year_starts
from sendlib.school.term_dates import Term
from sendlib.surgery.meetings_due import MEETINGS_SQL
from sendlib.timeline.ledger import PUPIL_NAME_SQL
from sendlib.users import User

NO_MEETING_COLUMNS = ["pupil_id", "Pupil", "Year", "Class", "Status", "Meetings this year"]


REVIEW_LIST_COLUMNS = ["pupil_id", "Pupil", "Year", "Class", "Next review", "Overdue"]


def _may_list(user: User) -> None:
    require(user, "home", "lists")


def no_meeting_this_term_list(
    cur: db.Cursor, user: User, term: Term, today: date | None = None
) -> pd.DataFrame:
    """The pupils at SEN support or with an EHC plan this user may see who have had no meeting
    with their parents this term, with their meetings this school year (NO_MEETING_COLUMNS)."""
    _may_list(user)
    visible, named = visible_named(user)
    sql = f"""
        WITH covered AS ({COVERED_SQL.format(visible=visible)}),
        met AS ({MEETINGS_SQL}),
        per_pupil AS (
            SELECT pupil_id, count(*) FILTER (WHERE day >= $term_starts) AS term_n,
                   count(*) AS year_n
            FROM met GROUP BY pupil_id
        )
        SELECT p.pupil_id, {PUPIL_NAME_SQL} AS pupil, p.year_group, p.class_name, cv.status,
               coalesce(m.year_n, 0) AS year_n
        FROM covered cv
        JOIN pupils p ON p.pupil_id = cv.pupil_id
        LEFT JOIN per_pupil m ON m.pupil_id = cv.pupil_id
        WHERE coalesce(m.term_n, 0) = 0
        ORDER BY p.year_group, p.class_name, p.legal_surname, p.legal_forename, p.pupil_id
    """
    params = {
        **window(year_starts(term), term_end_so_far(term, today)),
        "term_starts": term.starts,
        **named,
    }
    rows = cur.execute(sql, params).fetchall()
    return (
        pd.DataFrame(
            [
                {
                    "pupil_id": int(pupil_id),
                    "Pupil": pupil,
                    "Year": census.year_label(year_group),
                    "Class": class_name,
                    "Status": census.status_label(status),
                    "Meetings this year": int(year_n),
                }
                for pupil_id, pupil, year_group, class_name, status, year_n in rows
            ],
            columns=NO_MEETING_COLUMNS,
        )
        .pipe(staff_meeting.mask, user)
        .pipe(staff_meeting.by_year_and_initials, user)
    )


def ehcp_reviews_list(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """The pupils this user may see whose EHC plan annual review is overdue or due within 8
    weeks, soonest first (REVIEW_LIST_COLUMNS)."""
    _may_list(user)
    visible, params = access.pupil_scope(user).where()
    sql = REVIEWS_SQL.format(name=PUPIL_NAME_SQL, visible=visible)
    rows = cur.execute(
        f"{sql} ORDER BY e.next_review, p.legal_surname, p.legal_forename, p.pupil_id",
        [today + timedelta(weeks=REVIEW_WARNING_WEEKS), *params],
    ).fetchall()
    return pd.DataFrame(
        [
            {
                "pupil_id": int(pupil_id),
                "Pupil": pupil,
                "Year": census.year_label(year_group),
                "Class": class_name,
                "Next review": next_review,
                "Overdue": next_review < today,
            }
            for next_review, pupil_id, pupil, class_name, year_group, *_ in rows
        ],
        columns=REVIEW_LIST_COLUMNS,
    ).pipe(staff_meeting.mask, user)
