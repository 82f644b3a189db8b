"""Who may open which screen and do what: the one place the rights of each role are written down."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sendlib.errors import NotFound, PermissionDenied, ValidationError

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
        # Email to parents: records (written records, plans, packs), invitations (surgery
        # invitations, their changes, reminders), manage (the mail server, other staff's emails).
        "outbox": frozenset({"view", "records", "invitations", "manage"}),
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
        "outbox": frozenset({"records", "invitations"}),  # for their own class's pupils
    },
    "office": {
        "home": frozenset({"view"}),
        "surgery": frozenset({"view", "book", "move", "cancel", "hold", "print"}),
        "outbox": frozenset({"view", "invitations"}),
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


# The SENCo: keeps the register, owns what the app itself asks to be done, manages accounts and
# changes the school calendar. A school always keeps at least one active SENCo account.
SENCO = "senco"


def is_senco(who: Who) -> bool:
    """True for the SENCo (a user or a role)."""
    return _role(who) == SENCO


# Whose pupils a role sees by name: the SENCo every pupil, leavers too; a teacher the pupils on
# roll in the classes they teach; everyone else none (the office sees a family only through a
# surgery booking, a head or governor counts only).
WHOLE_SCHOOL_ROLES = frozenset({SENCO})
CLASS_ROLES = frozenset({"teacher"})
# Counts name nobody, so a head or governor counts the whole school like the SENCo.
COUNTS_WHOLE_SCHOOL_ROLES = WHOLE_SCHOOL_ROLES | {"viewer"}
# Who sees figures and never a name: not a pupil, not a booking, not a family.
COUNTS_ONLY_ROLES = frozenset({"viewer"})
# The office books surgeries and reaches families, and never reads what a family wants to
# discuss (an agenda, a hold's note), which may say what the child needs.
BOOKING_ONLY_ROLES = frozenset({"office"})


@dataclass(frozen=True)
class PupilScope:
    """Which pupils a query may cover: every pupil, or the pupils on roll in some classes (none
    when there are no classes). Queries take it as an SQL condition on the pupils table."""

    everyone: bool
    classes: tuple[str, ...] = ()

    def where(self, alias: str = "p") -> tuple[str, list]:
        """The SQL condition on pupils (aliased `alias`) and its parameters."""
        if self.everyone:
            return "TRUE", []
        if not self.classes:
            return "FALSE", []
        marks = ", ".join("?" for _ in self.classes)
        # A leaver is no longer in anyone's class: only the SENCo sees archived records.
        return f"{alias}.class_name IN ({marks}) AND {alias}.date_left IS NULL", list(self.classes)

    def covers_class(self, class_name: str | None) -> bool:
        """True when a pupil in this class (on roll) is within the scope."""
        return self.everyone or (class_name is not None and class_name in self.classes)


def pupil_scope(user: Member) -> PupilScope:
    """The pupils this user may see by name."""
    if user.role in WHOLE_SCHOOL_ROLES:
        return PupilScope(everyone=True)
    if user.role in CLASS_ROLES:
        return PupilScope(everyone=False, classes=tuple(user.classes))
    return PupilScope(everyone=False)


def count_scope(user: Member) -> PupilScope:
    """The pupils a count may cover: a viewer (head, governor) counts the whole school like the
    SENCo; a teacher counts their classes; the office nothing."""
    if user.role in COUNTS_WHOLE_SCHOOL_ROLES:
        return PupilScope(everyone=True)
    return pupil_scope(user)


def counts_whole_school(who: Member) -> bool:
    """True when this user's counts cover the whole school (the SENCo, a head or governor)."""
    return count_scope(who).everyone


def sees_class_only(who: Who) -> bool:
    """True when this user sees pupils only in the classes they teach (a teacher)."""
    return _role(who) in CLASS_ROLES


def counts_only(who: Who) -> bool:
    """True when this user sees figures and never a name (a head or governor)."""
    return _role(who) in COUNTS_ONLY_ROLES


def books_only(who: Who) -> bool:
    """True for the office: they see the names and contact details needed to book surgeries,
    and nothing about pupils' needs."""
    return _role(who) in BOOKING_ONLY_ROLES


def reads_agendas(who: Who) -> bool:
    """False for the office: they book the slot, and never read what a family wants to discuss."""
    return not books_only(who)


def may_add_to_class(user: Member, class_name: str | None) -> bool:
    """True when this user may put a pupil in this class: a teacher only into their own."""
    return not sees_class_only(user) or pupil_scope(user).covers_class(class_name)


def sees_family_booked(user: Member, class_name: str | None) -> bool:
    """Whether this user may see who a surgery booking is for and what it is about: the SENCo
    and the office every booking, a teacher their classes' pupils, a viewer none."""
    return books_only(user) or pupil_scope(user).covers_class(class_name)


def require_pupil(cur, user: Member, pupil_id: int) -> None:
    """Raise NotFound unless this pupil is one this user may see (the same words whether the
    pupil is another class's or does not exist)."""
    visible, params = pupil_scope(user).where()
    row = cur.execute(
        f"SELECT 1 FROM pupils p WHERE p.pupil_id = ? AND {visible}", [pupil_id, *params]
    ).fetchone()
    if row is None:
        raise NotFound(NOT_YOURS)


def require_pupil_editable(cur, user: Member, pupil_id: int) -> None:
    """Whoever edits a pupil's details, for a pupil they may see who has not left: the check
    before changing a pupil's parents and carers, agencies or plans."""
    require(user, "pupil", "edit")
    visible, params = pupil_scope(user).where()
    found = cur.execute(
        f"SELECT p.date_left FROM pupils p WHERE p.pupil_id = ? AND {visible}", [pupil_id, *params]
    ).fetchall()
    if not found:
        raise NotFound(NOT_YOURS)
    if found[0][0] is not None:
        raise ValidationError.one("Pupil", "has left: their record is kept as it was")
