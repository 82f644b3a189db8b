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
from sendlib.errors import BROKEN_TEXT, NotFound, Problem, ValidationError, is_broken
from sendlib.pupils import agencies, contacts
from sendlib.reporting import staff_meeting
from sendlib.school import calendar
from sendlib.school.calendar import SCHOOL_TZ
from sendlib.users import User

OWNER_KINDS = ("staff", "parent", "pupil", "agency")
STATES = ("open", "due this week", "overdue", "done on time", "done late")
# How owners are grouped in counts: staff by name; parents, pupils and agencies together, so that
# a count shown to a governor names no family.
OWNER_GROUPS = {"parent": "Parents and carers", "pupil": "Pupils", "agency": "Agencies"}
MAX_DESCRIPTION = 1000
# Why the app made an action itself (other than a change on the register), as the ledger says it.
FOLLOW_UPS = {
    "missed surgery": "A missed parent surgery",
    "surgery session cancelled": "A cancelled parent surgery",
}
_FOLLOW_UP_SQL = " ".join(f"WHEN a.reason = '{k}' THEN '{v}'" for k, v in FOLLOW_UPS.items())
CHANGE_ACTION_SCHOOL_DAYS = 5
# An action agreed with a family starts due this many school days ahead (always changeable).
AGREED_ACTION_SCHOOL_DAYS = 5
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


def validate_action(
    values: dict, event_date: date | None, index: int | None = None
) -> tuple[dict, list[Problem]]:
    """Check one action; problems name 'Action 2, Due date' (or 'Due date' when index is None).

    event_date is the day it was agreed (None when that is itself unknown: not compared).
    Staff owners are checked against the accounts by validate_actions, which needs the database.
    """
    prefix = f"Action {index}, " if index is not None else ""
    problems = []
    for key, label in (
        ("description", "What"),
        ("owner_username", "Owner"),
        ("owner_name", "Owner"),
    ):
        if is_broken(values.get(key)):
            problems.append(Problem(f"{prefix}{label}", BROKEN_TEXT))
            values = {**values, key: None}
    what = str(values.get("description") or "").strip()
    if not what:
        problems.append(Problem(f"{prefix}What", "is required"))
    elif len(what) > MAX_DESCRIPTION:
        problems.append(Problem(f"{prefix}What", f"must be at most {MAX_DESCRIPTION} characters"))
    kind = values.get("owner_kind")
    username = str(values.get("owner_username") or "").strip() or None
    name = str(values.get("owner_name") or "").strip() or None
    if not kind:
        problems.append(Problem(f"{prefix}Owner", "is required: who will do it?"))
    elif kind not in OWNER_KINDS:
        problems.append(Problem(f"{prefix}Owner", f"must be one of {', '.join(OWNER_KINDS)}"))
    elif kind == "staff" and not username:
        problems.append(Problem(f"{prefix}Owner", "is required: choose the member of staff"))
    elif kind in ("parent", "agency") and not name:
        problems.append(Problem(f"{prefix}Owner", f"is required: give the {kind}'s name"))
    try:
        due = parse_date(values.get("due_date"))
    except ValueError:
        due = None
        problems.append(Problem(f"{prefix}Due date", "is not a date"))
    else:
        if due is None:
            problems.append(Problem(f"{prefix}Due date", "is required"))
        elif event_date is not None and due < event_date:
            problems.append(
                Problem(
                    f"{prefix}Due date",
                    f"is before the day it was agreed ({event_date:%d/%m/%Y})",
                )
            )
    clean = {
        "description": what,
        "owner_kind": kind,
        "owner_username": username if kind == "staff" else None,
        "owner_name": name or ("Pupil" if kind == "pupil" else None),
        "due_date": due,
    }
    return clean, problems


def validate_actions(
    cur: db.Cursor, actions: list[dict], event_date: date | None, numbered: bool = True
) -> tuple[list[dict], list[Problem]]:
    """Check a list of actions (named 'Action 1, ...' when numbered) and their staff owners."""
    cleans, problems = [], []
    for index, values in enumerate(actions, start=1):
        clean, found = validate_action(values, event_date, index if numbered else None)
        if clean["owner_username"] and not found:
            name = db.scalar(
                cur,
                "SELECT name FROM users WHERE username = ? AND active",
                [clean["owner_username"]],
            )
            if name is None:
                prefix = f"Action {index}, " if numbered else ""
                found.append(
                    Problem(f"{prefix}Owner", f"no active account '{clean['owner_username']}'")
                )
            clean["owner_name"] = clean["owner_name"] or name
        cleans.append(clean)
        problems += found
    return cleans, problems


def owner_choices(cur: db.Cursor, pupil_id: int, first: str | None = None) -> dict[str, dict]:
    """Who may own an action for this pupil, as label -> the action's owner fields: active staff,
    the pupil's parents and carers, the pupil, and agencies still involved.

    No access check here: the caller has opened the pupil.
    """
    choices: dict[str, dict] = {}
    # Heads and governors see counts only, so they own no actions; `first` (the person logging)
    # heads the list, since most actions are taken by whoever agreed them.
    staff = cur.execute(
        "SELECT username, name FROM users WHERE active AND NOT list_contains(?, role) "
        "ORDER BY username <> ?, name",
        [sorted(access.COUNTS_ONLY_ROLES), first or ""],
    ).fetchall()
    names = [name for _, name in staff]
    for username, name in staff:
        label = f"{name} ({'staff' if names.count(name) == 1 else username})"
        choices[label] = {"owner_kind": "staff", "owner_username": username, "owner_name": name}
    for carer in contacts.list_contacts(cur, pupil_id):
        label = f"{carer.addressed_as} ({carer.relationship})"
        choices[label] = {"owner_kind": "parent", "owner_name": label}
    first = db.scalar(
        cur, "SELECT coalesce(known_as, legal_forename) FROM pupils WHERE pupil_id = ?", [pupil_id]
    )
    if first:
        choices[f"{first} (pupil)"] = {"owner_kind": "pupil", "owner_name": first}
    for agency in agencies.list_agencies(cur, pupil_id):
        if agency.status != "discharged":
            label = agency.service + (f" ({agency.practitioner})" if agency.practitioner else "")
            choices[label] = {"owner_kind": "agency", "owner_name": label}
    return choices


def default_due(cur: db.Cursor, today: date) -> date:
    """The due date a newly agreed action starts with: AGREED_ACTION_SCHOOL_DAYS school days
    after today, so weekends, holidays and closures are skipped."""
    return calendar.add_school_days(cur, today, AGREED_ACTION_SCHOOL_DAYS)


def default_owner(owners: dict[str, dict], username: str) -> str | None:
    """The label in owner_choices of this member of staff (the person logging), or None."""
    return next(
        (label for label, owner in owners.items() if owner.get("owner_username") == username),
        None,
    )


def from_table(rows: pd.DataFrame, owners: dict[str, dict]) -> list[dict]:
    """The actions typed into a page's table (columns What, Who, Due), blank rows left out.

    Who is a label from owner_choices; an unknown label leaves the owner empty, so validation
    asks for it.
    """
    found = []
    for what, who, due in rows[["What", "Who", "Due"]].itertuples(index=False):
        what = "" if pd.isna(what) else str(what)
        who = None if pd.isna(who) else str(who)
        due = None if pd.isna(due) else pd.Timestamp(due).date()
        if what.strip() or who or due:
            found.append({"description": what, **owners.get(who, {}), "due_date": due})
    return found


def _insert(
    cur: db.Cursor,
    pupil_id: int,
    communication_id: int | None,
    clean: dict,
    created_at: datetime,
    created_by: str,
    reason: str | None = None,
) -> int:
    return cur.execute(
        "INSERT INTO actions (pupil_id, communication_id, description, owner_kind, "
        "owner_username, owner_name, due_date, created_at, created_by, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING action_id",
        [
            pupil_id,
            communication_id,
            clean["description"],
            clean["owner_kind"],
            clean["owner_username"],
            clean["owner_name"],
            clean["due_date"],
            created_at,
            created_by,
            reason,
        ],
    ).fetchone()[0]


def add_actions(
    cur: db.Cursor,
    user: User,
    pupil_id: int,
    communication_id: int,
    actions: list[dict],
    event_date: date,
    now: datetime,
) -> list[int]:
    """Add the actions agreed in a communication, INSIDE the caller's transaction.

    Validates again (a ValidationError rolls the caller's transaction back); each action gets
    its own audit row, beside the caller's row for the whole save.
    """
    cleans, problems = validate_actions(cur, actions, event_date)
    if problems:
        raise ValidationError(problems)
    ids = [_insert(cur, pupil_id, communication_id, c, now, user.username) for c in cleans]
    audit.record_many(
        cur,
        [
            {
                "username": user.username,
                "action": "add action",
                "pupil_id": pupil_id,
                "detail": f"action {action_id}, agreed in communication {communication_id}",
                "after": clean,
            }
            for action_id, clean in zip(ids, cleans, strict=True)
        ],
    )
    return ids


def _agreed_on(cur: db.Cursor, communication_id: int, pupil_id: int) -> date:
    when = db.scalar(
        cur,
        "SELECT happened_at FROM communications WHERE communication_id = ? AND pupil_id = ?",
        [communication_id, pupil_id],
    )
    if when is None:
        raise ValidationError.one("Agreed in", "is not a communication of this pupil")
    return when.astimezone(SCHOOL_TZ).date()


def add_action(cur: db.Cursor, user: User, pupil_id: int, values: dict, today: date) -> int:
    """Add one action on its own (optionally to an earlier communication, values['communication_id'])."""
    require(user, "timeline", "add")
    access.require_pupil(cur, user, pupil_id)
    communication_id = values.get("communication_id")
    agreed = _agreed_on(cur, communication_id, pupil_id) if communication_id else today
    cleans, problems = validate_actions(cur, [values], agreed, numbered=False)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        action_id = _insert(c, pupil_id, communication_id, cleans[0], stamp(today), user.username)
        audit.record(c, user.username, "add action", pupil_id, f"action {action_id}")
        return action_id

    return db.write(cur, work)


def get_action(cur: db.Cursor, user: User, action_id: int) -> Action:
    """One action, if this user may see its pupil."""
    require(user, "timeline")
    visible, params = access.visible_pupils(user)
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


def _agreed_date(cur: db.Cursor, action: Action) -> date:
    if action.communication_id is not None:
        return _agreed_on(cur, action.communication_id, action.pupil_id)
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
    visible, params = access.visible_pupils(user)
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
                        || strftime(timezone('Europe/London', c.happened_at), '%d/%m/%Y') || ')'
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
    visible, params = access.counted_pupils(user)
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
    visible, params = access.counted_pupils(user)
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


def senco_username(cur: db.Cursor) -> str | None:
    """The SENCo who owns app-made actions: setting 'senco_username' if it names an active SENCo,
    else the first active SENCo account made."""
    chosen = db.get_setting(cur, "senco_username")
    return db.scalar(
        cur,
        "SELECT username FROM users WHERE active AND role = ? "
        "ORDER BY username = ? DESC, created_at, username LIMIT 1",
        [access.SENCO, chosen or ""],
    )


def create_follow_up(
    cur: db.Cursor,
    pupil_id: int,
    description: str,
    reason: str,
    by: str | None,
    today: date,
    owner: str | None = None,
) -> int:
    """An action the app makes itself (after a change, a missed meeting, a cancelled session),
    owned by `owner` or else the SENCo, due in 5 school days. Runs INSIDE the caller's
    transaction."""
    owner = owner or senco_username(cur) or by
    if owner is None:
        raise ValidationError.one("Owner", "there is no active SENCo account to own the action")
    name = db.scalar(cur, "SELECT name FROM users WHERE username = ?", [owner]) or owner
    due = calendar.add_school_days(cur, today, CHANGE_ACTION_SCHOOL_DAYS)
    clean = {
        "description": description,
        "owner_kind": "staff",
        "owner_username": owner,
        "owner_name": name,
        "due_date": due,
    }
    action_id = _insert(cur, pupil_id, None, clean, stamp(today), by or "system", reason)
    audit.record(cur, by, "add action", pupil_id, f"action {action_id}: {reason}, due {due}")
    return action_id


def create_change_action(
    cur: db.Cursor, pupil_id: int, what_changed: str, by: str | None, today: date
) -> int:
    """After a change to a pupil's needs, status or plan: an action for the SENCo to tell the
    parents what changed and why, due in 5 school days. Runs INSIDE the caller's transaction."""
    what_changed = (what_changed or "").strip()
    if not what_changed:
        raise ValidationError.one("What changed", "is required")
    return create_follow_up(
        cur,
        pupil_id,
        f"Tell the parents what changed and why: {what_changed}",
        what_changed,
        by,
        today,
    )
