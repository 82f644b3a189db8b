"""The promise ledger: every action agreed with parents, with an owner and a due date, to done.

"If you say you are going to do something, actually do it": an action is agreed in a
communication or meeting (or made by the app after a change on the register), and the ledger
shows which are open, due this week, overdue, or were done on time or late.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import NotFound, ValidationError
from sendlib.reporting import staff_meeting
from sendlib.users import User
from sendlib.words import SCHOOL_TZ, SCHOOL_TZ_ID

OWNER_KINDS = ("staff", "parent", "pupil", "agency")
STATES = ("open", "due this week", "overdue", "done on time", "done late")


# How owners are grouped in counts: staff by name; parents, pupils and agencies together, so that
# a count shown to a governor names no family.
OWNER_GROUPS = {"parent": "Parents and carers", "pupil": "Pupils", "agency": "Agencies"}


# Why the app made an action itself (other than a change on the register), as the ledger says it.
FOLLOW_UPS = {
    "missed surgery": "A missed parent surgery",
    "surgery session cancelled": "A cancelled parent surgery",
}


_FOLLOW_UP_SQL = " ".join(f"WHEN a.reason = '{k}' THEN '{v}'" for k, v in FOLLOW_UPS.items())


LEDGER_COLUMNS = [
    "action_id",
    "pupil_id",
    "communication_id",
    "owner_username",
    "Pupil",
    "What",
    "Owner",
    "Due",
    "Done",
    "Parent told",
    "State",
    "Agreed in",
]


PUPIL_NAME_SQL = "coalesce(p.known_as, p.legal_forename) || ' ' || p.legal_surname"


@dataclass(frozen=True)
class Action:
    """One promise, as stored."""

    action_id: int
    pupil_id: int
    communication_id: int | None
    description: str
    owner_kind: str
    owner_username: str | None
    owner_name: str
    due_date: date
    done_date: date | None
    parent_told: date | None
    created_at: datetime
    created_by: str
    reason: str | None

    def state(self, today: date) -> str:
        """One of STATES, as the ledger shows it on this day."""
        if self.done_date is not None:
            return "done on time" if self.done_date <= self.due_date else "done late"
        if self.due_date < today:
            return "overdue"
        return "due this week" if self.due_date <= week_end(today) else "open"


_ACTION_COLUMNS = ", ".join(f"a.{name}" for name in Action.__dataclass_fields__)


def week_end(today: date) -> date:
    """The Sunday ending the Monday-to-Sunday week that holds today."""
    return today + timedelta(days=6 - today.weekday())


def parse_date(value: object) -> date | None:
    """A date from a form: a date, a datetime, an ISO string, or nothing (raises ValueError)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def stamp(today: date) -> datetime:
    """A timestamp on `today` at the current time in England: created_at for a given day."""
    return datetime.combine(today, datetime.now(SCHOOL_TZ).time(), tzinfo=SCHOOL_TZ)


def get_action(cur: db.Cursor, user: User, action_id: int) -> Action:
    """One action, if this user may see its pupil."""
    require(user, "timeline")
    visible, params = access.pupil_scope(user).where()
    found = _actions(
        cur,
        f"SELECT {_ACTION_COLUMNS} FROM actions a JOIN pupils p USING (pupil_id) "
        f"WHERE a.action_id = ? AND {visible}",
        [action_id, *params],
    )
    if not found:
        raise NotFound("That action is not on your ledger.")
    return found[0]


def _actions(cur: db.Cursor, sql: str, params: list) -> list[Action]:
    """Actions read by column name, with the time each was agreed in the school's time zone."""
    return [
        replace(action, created_at=action.created_at.astimezone(SCHOOL_TZ))
        for action in db.records(cur, Action, sql, params)
    ]


def list_for_communication(cur: db.Cursor, communication_id: int) -> list[Action]:
    """The actions agreed in one communication, in the order they were added.

    No access check here: callers (timeline.get_entry) check the user may see the pupil.
    """
    return _actions(
        cur,
        f"SELECT {_ACTION_COLUMNS} FROM actions a WHERE a.communication_id = ? ORDER BY action_id",
        [communication_id],
    )


def list_for_communications(cur: db.Cursor, ids: list[int]) -> dict[int, list[Action]]:
    """The actions agreed in each of many communications, in one query (callers check access)."""
    actions = _actions(
        cur,
        f"SELECT {_ACTION_COLUMNS} FROM actions a "
        "WHERE a.communication_id IN (SELECT unnest(?::INTEGER[])) ORDER BY action_id",
        [list(ids)],
    )
    found: dict[int, list[Action]] = {}
    for action in actions:
        found.setdefault(action.communication_id, []).append(action)
    return found


def agreed_on(cur: db.Cursor, communication_id: int, pupil_id: int) -> date:
    """The day a communication of this pupil happened, in the school's time zone."""
    when = db.scalar(
        cur,
        "SELECT happened_at FROM communications WHERE communication_id = ? AND pupil_id = ?",
        [communication_id, pupil_id],
    )
    if when is None:
        raise ValidationError.one("Agreed in", "is not a communication of this pupil")
    return when.astimezone(SCHOOL_TZ).date()


def _agreed_date(cur: db.Cursor, action: Action) -> date:
    if action.communication_id is not None:
        return agreed_on(cur, action.communication_id, action.pupil_id)
    return action.created_at.date()


def _check_day(field: str, day: date | None, agreed: date, today: date) -> None:
    if not isinstance(day, date):
        raise ValidationError.one(field, "is required")
    if day > today:
        raise ValidationError.one(field, "cannot be in the future")
    if day < agreed:
        raise ValidationError.one(field, f"is before the action was agreed ({agreed:%d/%m/%Y})")


def record_progress(
    cur: db.Cursor,
    user: User,
    action_id: int,
    today: date,
    done_on: date | None = None,
    told_on: date | None = None,
) -> None:
    """Record that an action was done and/or that the parents were told: both land, or neither."""
    require(user, "ledger", "edit")
    action = get_action(cur, user, action_id)
    agreed = _agreed_date(cur, action)
    if done_on is None and told_on is None:
        raise ValidationError.one("Done", "tick Done or Parents told")
    if done_on is not None:
        if action.done_date is not None:
            raise ValidationError.one(
                "Done", f"was already recorded on {action.done_date:%d/%m/%Y}"
            )
        _check_day("Done", done_on, agreed, today)
    if told_on is not None:
        _check_day("Parent told", told_on, agreed, today)

    def work(c: db.Cursor) -> None:
        if done_on is not None:
            c.execute("UPDATE actions SET done_date = ? WHERE action_id = ?", [done_on, action_id])
            audit.record(
                c, user.username, "action done", action.pupil_id, f"action {action_id}",
                before={"done_date": None}, after={"done_date": done_on},
            )  # fmt: skip
        if told_on is not None:
            c.execute(
                "UPDATE actions SET parent_told = ? WHERE action_id = ?", [told_on, action_id]
            )
            audit.record(
                c, user.username, "parent told", action.pupil_id, f"action {action_id}",
                before={"parent_told": action.parent_told}, after={"parent_told": told_on},
            )  # fmt: skip

    db.write(cur, work)


def mark_done(cur: db.Cursor, user: User, action_id: int, done_date: date, today: date) -> None:
    """Record that an action was done, on a day between its agreement and today."""
    record_progress(cur, user, action_id, today, done_on=done_date)


def mark_parent_told(
    cur: db.Cursor, user: User, action_id: int, told_on: date, today: date
) -> None:
    """Record the day the parents were told how an action went."""
    record_progress(cur, user, action_id, today, told_on=told_on)


STATE_SQL = """CASE
    WHEN a.done_date IS NOT NULL AND a.done_date <= a.due_date THEN 'done on time'
    WHEN a.done_date IS NOT NULL THEN 'done late'
    WHEN a.due_date < ? THEN 'overdue'
    WHEN a.due_date <= ? THEN 'due this week'
    ELSE 'open' END"""


def describe_empty_ledger(mine: bool, include_done: bool) -> str:
    """What an empty promise ledger says, for the toggles chosen."""
    whose = " of yours" if mine else ""
    return f"No actions{whose} yet." if include_done else f"No open actions{whose}."


def ledger(
    cur: db.Cursor,
    user: User,
    today: date,
    owner: str | None = None,
    owner_kind: str | None = None,
    pupil_id: int | None = None,
    include_done: bool = True,
) -> pd.DataFrame:
    """The actions this user may see, with their State on `today`.

    Narrowed to one staff owner (a username), one kind of owner or one pupil when asked.
    Order: the signed-in user's own open actions, then overdue, then the rest still to do, then
    those done; each by due date.
    """
    require(user, "ledger")
    visible, params = access.pupil_scope(user).where()
    where = [visible]
    for column, value in (
        ("a.owner_username", owner),
        ("a.owner_kind", owner_kind),
        ("a.pupil_id", pupil_id),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if not include_done:
        where.append("a.done_date IS NULL")
    sql = f"""
        SELECT a.action_id, a.pupil_id, a.communication_id, a.owner_username,
               {PUPIL_NAME_SQL} AS "Pupil", a.description AS "What", a.owner_name AS "Owner",
               a.owner_kind <> 'staff' AS _not_staff,
               a.due_date AS "Due", a.done_date AS "Done", a.parent_told AS "Parent told",
               {STATE_SQL} AS "State",
               CASE WHEN c.communication_id IS NOT NULL THEN c.subject || ' ('
                        || strftime(timezone('{SCHOOL_TZ_ID}', c.happened_at), '%d/%m/%Y') || ')'
                    {_FOLLOW_UP_SQL}
                    WHEN a.reason IS NOT NULL THEN 'Change on the register'
                    ELSE '' END AS "Agreed in"
        FROM actions a
        JOIN pupils p USING (pupil_id)
        LEFT JOIN communications c ON c.communication_id = a.communication_id
        WHERE {" AND ".join(where)}
        ORDER BY coalesce(a.owner_username = ? AND a.done_date IS NULL, FALSE) DESC,
                 "State" = 'overdue' DESC, a.done_date IS NOT NULL, a.due_date, a.action_id
    """
    # Markers in the order they appear: the State's two dates, the filters, then 'me'.
    frame = cur.execute(sql, [today, week_end(today), *params, user.username]).df()
    if frame.empty:
        return pd.DataFrame(columns=LEDGER_COLUMNS)
    for column in ("Due", "Done", "Parent told"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    if staff_meeting.in_staff_meeting(user):
        # Staff names stay (it is a staff meeting); families' and practitioners' go.
        others = frame["_not_staff"].fillna(True).astype(bool)
        frame.loc[others, "Owner"] = frame.loc[others, "Owner"].map(staff_meeting.initials)
    return staff_meeting.mask(frame[LEDGER_COLUMNS], user)


def ledger_counts(cur: db.Cursor, user: User, today: date) -> dict[str, int]:
    """How many actions are in each State today, and in all."""
    visible, params = access.count_scope(user).where()
    rows = cur.execute(
        f"SELECT {STATE_SQL} AS state, count(*) FROM actions a JOIN pupils p USING (pupil_id) "
        f"WHERE {visible} GROUP BY state",
        [today, week_end(today), *params],
    ).fetchall()
    counts = dict.fromkeys(STATES, 0) | dict(rows)
    counts["all"] = sum(counts.values())
    return counts


def ledger_counts_by_owner(cur: db.Cursor, user: User, today: date) -> pd.DataFrame:
    """For each owner, how many actions are in each State: staff by name, others grouped."""
    visible, params = access.count_scope(user).where()
    groups = " ".join(f"WHEN '{kind}' THEN '{label}'" for kind, label in OWNER_GROUPS.items())
    sql = (
        f'SELECT CASE a.owner_kind {groups} ELSE a.owner_name END AS "Owner", '
        f"{STATE_SQL} AS state, count(*) AS n FROM actions a JOIN pupils p USING (pupil_id) "
        f"WHERE {visible} GROUP BY ALL"
    )
    rows = cur.execute(sql, [today, week_end(today), *params]).df()
    if rows.empty:
        return pd.DataFrame(columns=["Owner", *STATES])
    table = rows.pivot_table(index="Owner", columns="state", values="n", aggfunc="sum")
    table = table.reindex(columns=list(STATES)).fillna(0).astype(int).reset_index()
    table.columns.name = None
    return table.sort_values("Owner").reset_index(drop=True)
