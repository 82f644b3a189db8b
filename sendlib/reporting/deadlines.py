"""The deadlines the dashboard and the termly report count: EHC plan annual reviews due or
overdue, transition packs behind time, APDR plans past their review date, and the statutory EHC
steps past their due date."""

from __future__ import annotations

from datetime import date, timedelta

from sendlib import access, db
from sendlib.reporting.compliance import may_count
from sendlib.transition import tracker
from sendlib.users import User

REVIEW_WARNING_WEEKS = 8


REVIEWS_SQL = """
    SELECT e.next_review, p.pupil_id, {name} AS pupil, p.class_name, p.year_group,
           p.legal_surname, p.legal_forename
    FROM ehc_plans e
    JOIN pupils p ON p.pupil_id = e.pupil_id
    JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL AND s.status = 'E'
    WHERE p.date_left IS NULL AND e.next_review <= ? AND {visible}
"""


def deadlines(cur: db.Cursor, user: User, today: date) -> dict[str, int]:
    """EHC plan annual reviews due within 8 weeks (from today) and overdue (before today), the
    transition packs behind time by the tracker's rules (not started once the school's start-by
    date has passed, not agreed with parents within 6 weeks of the move, and not yet handed over
    within 6 weeks of the move), APDR plans still running past their review date, and the
    statutory steps of EHC reviews and needs assessments past their due date."""
    may_count(user)
    visible, params = access.count_scope(user).where()
    soon = today + timedelta(weeks=tracker.AGREED_WARNING_WEEKS)
    # The tracker's own query (its markers: the visibility ones, then this year's move dates).
    tracked = tracker.TRACKER_SQL.format(visible=visible)
    reviews = REVIEWS_SQL.format(name="NULL", visible=visible)
    sql = f"""
        WITH tracked AS ({tracked}), reviews AS ({reviews})
        SELECT
            (SELECT count(*) FROM reviews WHERE next_review >= ?) AS due,
            (SELECT count(*) FROM reviews WHERE next_review < ?) AS overdue,
            (SELECT count(*) FROM tracked WHERE pack_id IS NULL AND ?::BOOLEAN) AS not_started,
            (SELECT count(*) FROM tracked WHERE pack_id IS NOT NULL AND move_date <= ?
                AND pack_status IN ('draft', 'shared with parents')) AS not_agreed,
            (SELECT count(*) FROM tracked WHERE pack_id IS NOT NULL AND move_date <= ?
                AND pack_status IN ('draft', 'shared with parents', 'agreed with parents'))
                AS not_handed_over,
            (SELECT count(*) FROM plans pl JOIN pupils p ON p.pupil_id = pl.pupil_id
             WHERE pl.reviewed_on IS NULL AND pl.review_date < ? AND p.date_left IS NULL
               AND {visible}) AS plans_overdue,
            (SELECT count(*) FROM actions x JOIN pupils p ON p.pupil_id = x.pupil_id
             WHERE x.reason LIKE 'EHC %' AND x.done_date IS NULL AND x.due_date < ?
               AND p.date_left IS NULL AND {visible}) AS ehc_steps_late
    """
    row = cur.execute(
        sql,
        [
            *params,
            *tracker.year_bounds(today),
            today + timedelta(weeks=REVIEW_WARNING_WEEKS),
            *params,
            today,
            today,
            today >= tracker.warn_by(cur, today),
            soon,
            soon,
            today,
            *params,
            today,
            *params,
        ],
    ).fetchone()
    keys = (
        f"EHCP reviews due in {REVIEW_WARNING_WEEKS} weeks",
        "EHCP reviews overdue",
        "Packs not started",
        "Packs not agreed",
        "Packs not handed over",
        "APDR reviews overdue",
        "EHC steps late",
    )
    return {key: int(n) for key, n in zip(keys, row, strict=True)}
