"""Who may open which screen and do what: the one place the rights of each role are written down."""

from __future__ import annotations

from sendlib.errors import PermissionDenied

ROLES = {
    "senco": "SENCo",
    "teacher": "Teacher",
    "office": "School office",
    "viewer": "Head or governor (counts only)",
}

# role -> screen -> the actions allowed there. "view" opens the screen.
MATRIX: dict[str, dict[str, frozenset[str]]] = {
    "senco": {
        "home": frozenset({"view"}),
        "register": frozenset({"view", "add", "edit", "archive", "export", "print"}),
        "pupil": frozenset({"view", "edit", "archive", "print", "restricted"}),
        "log": frozenset({"view", "add"}),
        "timeline": frozenset({"view", "add", "edit", "print"}),
        "ledger": frozenset({"view", "edit"}),
        "import": frozenset({"view", "add", "edit"}),
        "users": frozenset({"view", "add", "edit", "manage users"}),
        "settings": frozenset({"view", "edit"}),
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
        "transition": frozenset({"view", "add", "edit", "status", "print", "restricted"}),
    },
    "teacher": {
        "home": frozenset({"view"}),
        "register": frozenset({"view", "export", "print"}),
        "pupil": frozenset({"view", "edit", "print"}),
        "log": frozenset({"view", "add"}),
        "timeline": frozenset({"view", "add", "edit", "print"}),
        "ledger": frozenset({"view", "edit"}),
        "surgery": frozenset({"view", "needs"}),
        "transition": frozenset({"view", "add", "edit", "print"}),
    },
    "office": {
        "home": frozenset({"view"}),
        "surgery": frozenset({"view", "book", "move", "cancel", "hold", "print"}),
    },
    "viewer": {
        "home": frozenset({"view"}),
        "surgery": frozenset({"view"}),
    },
}


def can(role: str | None, screen: str, action: str = "view") -> bool:
    """True when the role may do this action on this screen."""
    return action in MATRIX.get(role or "", {}).get(screen, frozenset())


def require(role: str | None, screen: str, action: str = "view") -> None:
    """Raise PermissionDenied unless the role may do this."""
    if not can(role, screen, action):
        label = ROLES.get(role or "", "This account")
        raise PermissionDenied(f"{label} accounts may not {action} here ({screen}).")


def screens_for(role: str | None) -> list[str]:
    """The screens a role may open, in menu order."""
    return [screen for screen, actions in MATRIX.get(role or "", {}).items() if "view" in actions]
