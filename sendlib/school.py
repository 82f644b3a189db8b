"""School settings a SENCo sets once: the school's name, printed on every document, and the
number of school days within which the school aims to answer a family's message."""

from __future__ import annotations

from sendlib import audit, db
from sendlib.access import require
from sendlib.documents import school_name
from sendlib.errors import Problem, ValidationError
from sendlib.timeline import reply_target
from sendlib.users import User

MAX_NAME = 120
REPLY_TARGET_RANGE = (1, 20)


def save_settings(cur: db.Cursor, user: User, name: str, reply_days: int) -> list[str]:
    """Save the school's name and reply target together; returns what changed."""
    require(user.role, "settings", "edit")
    name = (name or "").strip()
    low, high = REPLY_TARGET_RANGE
    problems = []
    if not name:
        problems.append(Problem("School name", "is required: it is printed on every document"))
    elif len(name) > MAX_NAME:
        problems.append(Problem("School name", f"must be at most {MAX_NAME} characters"))
    if not isinstance(reply_days, int) or not low <= reply_days <= high:
        problems.append(
            Problem("Reply target", f"must be a whole number of school days, {low} to {high}")
        )
    if problems:
        raise ValidationError(problems)
    changed = []
    if name != school_name(cur):
        changed.append(f"school name to {name}")
    if reply_days != reply_target(cur):
        changed.append(f"reply target to {reply_days} school days")

    def work(c: db.Cursor) -> None:
        db.set_setting(c, "school_name", name)
        db.set_setting(c, "reply_target_days", str(reply_days))
        if changed:
            audit.record(c, user.username, "change settings", detail="; ".join(changed))

    db.write(cur, work)
    return changed
