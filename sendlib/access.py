"""Who may open which screen and do what: the one place the rights of each role are written down."""

from __future__ import annotations

from typing import Protocol

from sendlib.errors import NotFound, PermissionDenied

ROLES = {
    "senco": "SENCo",
    "teacher": "Teacher",
    "office": "School office",
    "viewer": "Head or governor (counts only)",
}

# role -> screen -> the actions allowed there. "view" opens the screen.
MATRIX: dict[str, dict[str, frozenset[str]]] = {
    "senco": {
        # figures: the dashboard's counts; lists: the pupils behind them; print: the termly report
        "home": frozenset({"view", "figures", "lists", "print"}),
        "register": frozenset({"view", "add", "edit", "export", "print"}),
        # "export": the subject access export, everything held about one pupil.
        "pupil": frozenset({"view", "edit", "archive", "print", "restricted", "export"}),
        "log": frozenset({"view"}),
        "timeline": frozenset({"view", "add", "print"}),
        "ledger": frozenset({"view", "edit"}),
        "import": frozenset({"view", "add"}),
        "users": frozenset({"view", "add", "manage users"}),
        "settings": frozenset({"view", "edit", "backup", "restore"}),
        "retention": frozenset({"view", "edit", "delete"}),
        "surgery": frozenset(
            {
                "view",
                "book",
                "move",
                "cancel",
                "hold",
                "attend",
                "record",
                "needs",
                "print",
                "sessions",
            }
        ),
        "transition": frozenset({"view", "open", "add", "edit", "status", "print", "restricted"}),
        "audit": frozenset({"view", "export"}),
    },
    "teacher": {
        "home": frozenset({"view", "figures", "lists", "print"}),
        "register": frozenset({"view", "export", "print"}),
        "pupil": frozenset({"view", "edit", "print"}),
        "log": frozenset({"view"}),
        "timeline": frozenset({"view", "add", "print"}),
        "ledger": frozenset({"view", "edit"}),
        "surgery": frozenset({"view", "needs"}),
        "transition": frozenset({"view", "open", "add", "edit", "print"}),
    },
    "office": {
        "home": frozenset({"view"}),
        "surgery": frozenset({"view", "book", "move", "cancel", "hold", "print"}),
    },
    "viewer": {
        "home": frozenset({"view", "figures", "print"}),
        "surgery": frozenset({"view"}),
    },
}


# Staff-meeting mode (on a projector): these screens open, read-only, with names as initials and
# notes hidden; everything else waits until the mode is switched off.
STAFF_MEETING_ALLOWED = frozenset(
    {
        ("home", "view"),
        ("home", "figures"),
        ("home", "lists"),
        ("home", "print"),  # the termly report names nobody
        ("register", "view"),
        ("timeline", "view"),
        ("ledger", "view"),
        ("surgery", "view"),
        ("surgery", "needs"),
        ("transition", "view"),
    }
)


# Who may switch staff-meeting mode on: the staff who show the register and the timeline on a
# projector. The office sees only what booking needs, and a head or governor counts only.
STAFF_MEETING_ROLES = frozenset({"senco", "teacher"})


# How a refusal reads, where the action's name alone would not say it plainly.
ACTION_WORDS = {
    ("home", "figures"): "see the figures on working with parents",
    ("home", "lists"): "see the pupils behind the figures (counts only)",
    ("home", "print"): "print the termly report",
}


class Account(Protocol):
    """Who is asking: a signed-in user (sendlib.users.User) or anything with a role."""

    role: str


class Member(Account, Protocol):
    """A member of staff, with the classes they teach (a teacher sees only those pupils)."""

    classes: list[str]


Who = Account | str | None
# What a pupil out of reach is called, whether another class's or none at all.
NOT_YOURS = "That pupil is not on your register."


def _role(who: Who) -> str:
    return (who if isinstance(who, str) or who is None else who.role) or ""


def in_staff_meeting(who: Who) -> bool:
    """True when this user has staff-meeting mode on: names as initials, notes hidden."""
    return bool(getattr(who, "staff_meeting", False))


# Who leads a meeting that this role logs, as the meeting record tells the parents (see
# timeline.LEADS): the SENCo their own, a teacher theirs as the class teacher.
USUAL_LEAD = {"senco": "SENCo", "teacher": "class teacher"}


def usual_lead(who: Who) -> str | None:
    """Who a meeting logged by this user starts as led by (always changeable), or None."""
    return USUAL_LEAD.get(_role(who))


def may_use_staff_meeting(who: Who) -> bool:
    """True when this user (or role) may switch staff-meeting mode on."""
    return _role(who) in STAFF_MEETING_ROLES


def can(who: Who, screen: str, action: str = "view") -> bool:
    """True when this user (or role) may do this action on this screen."""
    if action not in MATRIX.get(_role(who), {}).get(screen, frozenset()):
        return False
    return not in_staff_meeting(who) or (screen, action) in STAFF_MEETING_ALLOWED


def require(who: Who, screen: str, action: str = "view") -> None:
    """Raise PermissionDenied unless this user (or role) may do this."""
    if can(who, screen, action):
        return
    if can(_role(who), screen, action):
        raise PermissionDenied(
            "Staff-meeting mode is on, so this stays closed: switch it off in the menu first."
        )
    label = ROLES.get(_role(who), "This account")
    doing = ACTION_WORDS.get((screen, action), f"{action} here ({screen})")
    raise PermissionDenied(f"{label} accounts may not {doing}.")


def screens_for(who: Who) -> list[str]:
    """The screens this user (or role) may open, in menu order."""
    return [screen for screen in MATRIX.get(_role(who), {}) if can(who, screen)]


def visible_pupils(user: Member, alias: str = "p") -> tuple[str, list]:
    """The SQL condition limiting pupils to those this user may see."""
    if user.role == "senco":
        return "TRUE", []
    if user.role == "teacher":
        if not user.classes:
            return "FALSE", []
        marks = ", ".join("?" for _ in user.classes)
        # A leaver is no longer in anyone's class: only the SENCo sees archived records.
        return (
            f"{alias}.class_name IN ({marks}) AND {alias}.date_left IS NULL",
            list(user.classes),
        )
    return "FALSE", []


def counted_pupils(user: Member) -> tuple[str, list]:
    """The pupils a count may cover: counts name nobody, so a viewer (head, governor) counts the
    whole school like the SENCo; a teacher counts their classes; the office nothing."""
    return ("TRUE", []) if user.role in ("senco", "viewer") else visible_pupils(user)


def require_pupil(cur, user: Member, pupil_id: int) -> None:
    """Raise NotFound unless this pupil is one this user may see (the same words whether the
    pupil is another class's or does not exist)."""
    visible, params = visible_pupils(user)
    row = cur.execute(
        f"SELECT 1 FROM pupils p WHERE p.pupil_id = ? AND {visible}", [pupil_id, *params]
    ).fetchone()
    if row is None:
        raise NotFound(NOT_YOURS)
