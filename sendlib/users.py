"""Staff accounts: roles, classes taught and passwords (bcrypt). Sign-ins are in signins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import bcrypt

from sendlib import audit, db
from sendlib.access import ROLES, SENCO, is_senco, may_use_staff_meeting, require, sees_class_only
from sendlib.addresses import email_field
from sendlib.errors import (
    BROKEN_TEXT,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationError,
    composed,
    is_broken,
)

MIN_PASSWORD_LENGTH = 10
MAX_NAME = 100
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


@dataclass(frozen=True)
class User:
    """A signed-in member of staff, as read from the database on every page run."""

    username: str
    name: str
    role: str
    email: str | None = None
    active: bool = True
    classes: tuple[str, ...] = field(default_factory=tuple)
    # On a projector: names as initials, notes hidden, nothing changed (see sendlib.access).
    staff_meeting: bool = False

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def hash_password(password: str) -> str:
    """A bcrypt hash, in the form streamlit-authenticator checks."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def validate_new_user(username: str, name: str, role: str, password: str) -> list[Problem]:
    """Everything wrong with a new account, each naming its field."""
    problems = []
    if not USERNAME_PATTERN.match(username or ""):
        problems.append(
            Problem(
                "Username",
                "use 2 to 40 lower-case letters, digits, dots, dashes or underscores",
            )
        )
    if not (name or "").strip():
        problems.append(Problem("Name", "is required"))
    elif is_broken(name):
        problems.append(Problem("Name", BROKEN_TEXT))
    elif len(name.strip()) > MAX_NAME:
        problems.append(Problem("Name", f"must be at most {MAX_NAME} characters"))
    if role not in ROLES:
        problems.append(Problem("Role", f"must be one of {', '.join(ROLES)}"))
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.append(Problem("Password", f"must be at least {MIN_PASSWORD_LENGTH} characters"))
    elif is_broken(password):
        problems.append(Problem("Password", BROKEN_TEXT))
    return problems


def add_user(
    cur: db.Cursor,
    username: str,
    name: str,
    role: str,
    password: str,
    email: str | None = None,
    classes: list[str] | tuple[str, ...] = (),
    by: str | None = None,
) -> User:
    """Create an account (and the classes a teacher teaches)."""
    username = (username or "").strip().lower()
    problems = validate_new_user(username, name, role, password)
    if not problems and db.scalar(cur, "SELECT 1 FROM users WHERE username = ?", [username]):
        problems.append(Problem("Username", f"'{username}' is already taken"))
    email = email_field(email, "Email", problems)
    taken = "SELECT username FROM users WHERE lower(email) = lower(?)"
    if email and (other := db.scalar(cur, taken, [email])):
        # An account's email is how the school's own sign-in finds it: one person, one account.
        problems.append(Problem("Email", f"is already the email of the account {other}"))
    if problems:
        raise ValidationError(problems)
    hashed = hash_password(password)
    db.write(cur, lambda c: insert_user(c, username, name, role, hashed, email, classes, by))
    return get_user(cur, username)


def insert_user(
    c: db.Cursor,
    username: str,
    name: str,
    role: str,
    password_hash: str,
    email: str | None = None,
    classes: list[str] | tuple[str, ...] = (),
    by: str | None = None,
) -> None:
    """Write a checked account, its classes and its audit row INSIDE the caller's transaction
    (add_user checks it and hashes the password first)."""
    name = composed(name.strip())
    c.execute(
        "INSERT INTO users (username, name, email, role, password_hash, made_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [username, name, email, role, password_hash, by],
    )
    for class_name in classes:
        c.execute(
            "INSERT INTO teacher_classes (username, class_name) VALUES (?, ?)",
            [username, class_name],
        )
    audit.record(
        c,
        by,
        "add user",
        detail=f"{username} ({role})",
        after={
            "username": username,
            "name": name,
            "email": email,
            "role": role,
            "classes": list(classes),
        },
    )


def create_account(
    cur: db.Cursor,
    actor: User,
    username: str,
    name: str,
    role: str,
    password: str,
    email: str | None = None,
    classes: list[str] | tuple[str, ...] = (),
) -> User:
    """An account made by a signed-in SENCo (the first SENCo is made from the command line)."""
    require(actor, "users", "add")
    return add_user(cur, username, name, role, password, email, classes, by=actor.username)


def get_user(cur: db.Cursor, username: str) -> User:
    """An account by username, with the classes it teaches."""
    row = cur.execute(
        "SELECT username, name, role, email, active, coalesce(staff_meeting, false) FROM users "
        "WHERE username = ?",
        [username],
    ).fetchone()
    if row is None:
        raise NotFound(f"No account called {username}.")
    classes = cur.execute(
        "SELECT class_name FROM teacher_classes WHERE username = ? ORDER BY class_name",
        [username],
    ).fetchall()
    *account, staff_meeting = row
    return User(*account, classes=tuple(c[0] for c in classes), staff_meeting=staff_meeting)


def find_active_user(cur: db.Cursor, username: str | None) -> User | None:
    """The account if it exists and is active; else None. (A username paused after failed
    tries stays signed in where it already is: see sendlib.signins.)"""
    if not username:
        return None
    try:
        user = get_user(cur, username)
    except NotFound:
        return None
    return user if user.active else None


def list_users(cur: db.Cursor, actor: User) -> list[User]:
    """Every account, active or not, by name (for the SENCo who manages them)."""
    require(actor, "users")
    names = cur.execute("SELECT username FROM users ORDER BY name").fetchall()
    return [get_user(cur, row[0]) for row in names]


def credentials(cur: db.Cursor) -> dict:
    """The credentials dict streamlit-authenticator checks passwords against: active accounts."""
    rows = cur.execute(
        "SELECT username, name, email, role, password_hash FROM users WHERE active"
    ).fetchall()
    return {
        "usernames": {
            username: {"name": name, "email": email, "password": hashed, "roles": [role]}
            for username, name, email, role, hashed in rows
        }
    }


def set_active(cur: db.Cursor, actor: User, username: str, active: bool) -> None:
    """Deactivate or reactivate an account; takes effect on that user's next click."""
    require(actor, "users", "manage users")

    def work(c: db.Cursor) -> None:
        was = db.scalar(c, "SELECT active FROM users WHERE username = ?", [username])
        c.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])
        audit.record(
            c,
            actor.username,
            "activate user" if active else "deactivate user",
            detail=username,
            before={"active": was},
            after={"active": active},
        )

    db.write(cur, work)


def set_staff_meeting(cur: db.Cursor, user: User, on: bool) -> User:
    """Switch staff-meeting mode on or off for this account; it holds until switched again.
    Anyone may switch it off; only the roles access.may_use_staff_meeting names switch it on."""
    if on and not may_use_staff_meeting(user):
        raise PermissionDenied(f"{user.role_label} accounts have no staff-meeting mode.")

    def work(c: db.Cursor) -> None:
        c.execute("UPDATE users SET staff_meeting = ? WHERE username = ?", [on, user.username])
        audit.record(
            c,
            user.username,
            "staff-meeting mode on" if on else "staff-meeting mode off",
            before={"staff_meeting": user.staff_meeting},
            after={"staff_meeting": on},
        )

    db.write(cur, work)
    return get_user(cur, user.username)


def change_role(
    cur: db.Cursor,
    actor: User,
    username: str,
    role: str,
    classes: list[str] | tuple[str, ...] = (),
) -> User:
    """Give an account another role (and a teacher their classes); it holds from that person's
    next click. The school always keeps at least one active SENCo."""
    require(actor, "users", "manage users")
    account = get_user(cur, username)
    if role not in ROLES:
        raise ValidationError.one("Role", f"must be one of {', '.join(ROLES)}")
    classes = (
        tuple(sorted({c.strip() for c in classes if c.strip()})) if sees_class_only(role) else ()
    )
    if is_senco(account) and not is_senco(role) and _other_active_sencos(cur, username) == 0:
        raise ValidationError.one(
            "Role",
            "the school needs at least one active SENCo: add another before changing this one",
        )

    def work(c: db.Cursor) -> None:
        c.execute("UPDATE users SET role = ? WHERE username = ?", [role, username])
        c.execute("DELETE FROM teacher_classes WHERE username = ?", [username])
        for class_name in classes:
            c.execute(
                "INSERT INTO teacher_classes (username, class_name) VALUES (?, ?)",
                [username, class_name],
            )
        was = ROLES[account.role] + (f" ({', '.join(account.classes)})" if account.classes else "")
        now = ROLES[role] + (f" ({', '.join(classes)})" if classes else "")
        audit.record(
            c,
            actor.username,
            "change role",
            detail=f"{username}: {was} -> {now}",
            before={"role": account.role, "classes": list(account.classes)},
            after={"role": role, "classes": list(classes)},
        )

    db.write(cur, work)
    return get_user(cur, username)


def _other_active_sencos(cur: db.Cursor, username: str) -> int:
    return db.scalar(
        cur,
        "SELECT count(*) FROM users WHERE role = ? AND active AND username <> ?",
        [SENCO, username],
    )
