"""The timeline as chart data: communications a week by channel (counts, no names) and one
pupil's entries, meetings and action due dates as points."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sendlib import access, db
from sendlib.access import require
from sendlib.pupils import register
from sendlib.reporting import staff_meeting
from sendlib.timeline.listing import in_school_time, narrow_to_dates
from sendlib.users import User
from sendlib.words import SCHOOL_TZ_ID


def counts_by_week_and_channel(
    cur: db.Cursor, user: User, date_from: date, date_to: date
) -> pd.DataFrame:
    """How many communications each week (starting Monday) by channel: counts, no names."""
    visible, params = access.count_scope(user).where()
    where = [visible]
    narrow_to_dates(where, params, date_from, date_to)
    frame = cur.execute(
        f"SELECT date_trunc('week', timezone('{SCHOOL_TZ_ID}', c.happened_at))::DATE AS week, "
        "c.channel, count(*) AS count "
        "FROM communications c JOIN pupils p ON p.pupil_id = c.pupil_id "
        f"WHERE {' AND '.join(where)} GROUP BY ALL ORDER BY week, c.channel",
        params,
    ).df()
    frame["week"] = pd.to_datetime(frame["week"]).dt.date
    frame["count"] = frame["count"].astype(int)
    return frame


def pupil_timeline_points(
    cur: db.Cursor,
    user: User,
    pupil_id: int,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """One pupil's communications, meetings and action due dates as points for a chart
    (columns when, channel, kind, label; an action's channel is 'action').

    Between date_from and date_to when given, as the timeline's list is; an action still open
    shows when it falls due even after date_to, since it is still promised.
    """
    require(user, "timeline")
    register.get_pupil(cur, user, pupil_id)
    where, params = [], []
    narrow_to_dates(where, params, date_from, date_to)
    # An action shows when due within the dates; one still open shows even when due after them.
    action_where, action_params = [], []
    if date_from:
        action_where.append("due_date >= ?")
        action_params.append(date_from)
    if date_to:
        action_where.append("(due_date <= ? OR done_date IS NULL)")
        action_params.append(date_to)
    frame = cur.execute(
        f"""SELECT happened_at AS "when", channel,
                  CASE WHEN meeting_kind IS NULL THEN 'entry' ELSE 'meeting' END AS kind,
                  coalesce(meeting_kind || ': ', '') || subject AS label
           FROM communications c WHERE pupil_id = ? {"".join(f" AND {w}" for w in where)}
           UNION ALL
           SELECT timezone('{SCHOOL_TZ_ID}', due_date::TIMESTAMP), 'action', 'action due',
                  description || ' (' || owner_name || ')'
                  || CASE WHEN done_date IS NULL THEN '' ELSE ' - done' END
           FROM actions WHERE pupil_id = ? {"".join(f" AND {w}" for w in action_where)}
           ORDER BY "when", kind""",
        [pupil_id, *params, pupil_id, *action_params],
    ).df()
    return staff_meeting.mask(in_school_time(frame, "when"), user)
