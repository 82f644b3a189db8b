"""Agreeing actions: checking each one (what, who owns it, by when), adding those agreed with a
family in a meeting, call or message or by hand, and the follow-ups the app adds itself after a
change to the register, a missed surgery or a cancelled session. Each lands on the promise ledger
(sendlib.timeline.ledger)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from sendlib import access, audit, db
from sendlib.access import require
from sendlib.errors import BROKEN_TEXT, Problem, ValidationError, composed, is_broken
from sendlib.pupils import agencies, contacts
from sendlib.school import calendar
from sendlib.timeline.ledger import OWNER_KINDS, agreed_on, parse_date, stamp
from sendlib.users import User

MAX_DESCRIPTION = 1000


CHANGE_ACTION_SCHOOL_DAYS = 5


# An action agreed with a family starts due this many school days ahead (always changeable).
AGREED_ACTION_SCHOOL_DAYS = 5


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
    what = composed(str(values.get("description") or "").strip())
    if not what:
        problems.append(Problem(f"{prefix}What", "is required"))
    elif len(what) > MAX_DESCRIPTION:
        problems.append(Problem(f"{prefix}What", f"must be at most {MAX_DESCRIPTION} characters"))
    kind = values.get("owner_kind")
    username = str(values.get("owner_username") or "").strip() or None
    name = composed(str(values.get("owner_name") or "").strip()) or None
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


def add_action(cur: db.Cursor, user: User, pupil_id: int, values: dict, today: date) -> int:
    """Add one action on its own (optionally to an earlier communication, values['communication_id'])."""
    require(user, "timeline", "add")
    access.require_pupil(cur, user, pupil_id)
    communication_id = values.get("communication_id")
    agreed = agreed_on(cur, communication_id, pupil_id) if communication_id else today
    cleans, problems = validate_actions(cur, [values], agreed, numbered=False)
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> int:
        action_id = _insert(c, pupil_id, communication_id, cleans[0], stamp(today), user.username)
        audit.record(c, user.username, "add action", pupil_id, f"action {action_id}")
        return action_id

    return db.write(cur, work)


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
    due: date | None = None,
    agency: str | None = None,
) -> int:
    """An action the app makes itself (after a change, a missed meeting, a cancelled session,
    or a statutory step with its own date), owned by `owner` or else the SENCo (or, given
    `agency`, by that outside body), due on `due` or else in 5 school days. Runs INSIDE the
    caller's transaction."""
    if agency:
        owner_kind, username, name = "agency", None, agency
    else:
        owner_kind, username = "staff", owner or senco_username(cur) or by
        if username is None:
            raise ValidationError.one("Owner", "there is no active SENCo account to own the action")
        name = db.scalar(cur, "SELECT name FROM users WHERE username = ?", [username]) or username
    due = due or calendar.add_school_days(cur, today, CHANGE_ACTION_SCHOOL_DAYS)
    clean = {
        "description": description,
        "owner_kind": owner_kind,
        "owner_username": username,
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
