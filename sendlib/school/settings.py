"""School settings a SENCo sets once: the school's name and logo, printed on documents, and the
number of school days within which the school aims to answer a family's message."""

from __future__ import annotations

import base64
import hashlib

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import BROKEN_TEXT, Problem, ValidationError, composed, is_broken
from sendlib.timeline.replies import reply_target
from sendlib.users import User

DEFAULT_SCHOOL_NAME = "Your school"
LOGO_SETTING = "school_logo"


def is_demo(cur: db.Cursor) -> bool:
    """True when this database holds the fictional demo school."""
    return db.get_setting(cur, "is_demo") == "true"


def school_name(cur: db.Cursor) -> str:
    """The name printed at the top of every document."""
    return db.get_setting(cur, "school_name", DEFAULT_SCHOOL_NAME) or DEFAULT_SCHOOL_NAME


def school_logo(cur: db.Cursor) -> bytes | None:
    """The school's logo as stored (PNG or JPEG bytes), or None."""
    stored = db.get_setting(cur, LOGO_SETTING)
    return base64.b64decode(stored) if stored else None


MAX_NAME = 120
REPLY_TARGET_RANGE = (1, 20)
MAX_LOGO_BYTES = 1_000_000
# What a PNG or JPEG file starts with: anything else is not taken as a logo.
LOGO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def get_settings(cur: db.Cursor, user: User) -> tuple[str, int]:
    """The school's name and its reply target in school days, for the settings form."""
    require(user, "settings")
    return school_name(cur), reply_target(cur)


def _logo_fingerprint(stored: str | None, file_name: str = "") -> str | None:
    """A logo as the audit log keeps it: its size and a SHA-256, not the picture itself."""
    if stored is None:
        return None
    data = base64.b64decode(stored)
    named = f"{file_name}, " if file_name else ""
    return f"{named}{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"


def save_demo_cookie_key(cur: db.Cursor, key: str) -> None:
    """Keep the demo school's own sign-in cookie key (fictional data only); audited, never
    with the key itself."""

    def work(c: db.Cursor) -> None:
        db.set_setting(c, "demo_cookie_key", key)
        audit.record(
            c, None, "change settings", detail="sign-in cookie key made for the demo school"
        )

    db.write(cur, work)


def save_settings(cur: db.Cursor, user: User, name: str, reply_days: int) -> list[str]:
    """Save the school's name and reply target together; returns what changed."""
    require(user, "settings", "edit")
    name = composed((name or "").strip())
    low, high = REPLY_TARGET_RANGE
    problems = []
    if not name:
        problems.append(Problem("School name", "is required: it is printed on every document"))
    elif len(name) > MAX_NAME:
        problems.append(Problem("School name", f"must be at most {MAX_NAME} characters"))
    elif is_broken(name):
        problems.append(Problem("School name", BROKEN_TEXT))
    if not isinstance(reply_days, int) or not low <= reply_days <= high:
        problems.append(
            Problem("Reply target", f"must be a whole number of school days, {low} to {high}")
        )
    if problems:
        raise ValidationError(problems)
    changed, before, after = [], {}, {}
    if name != school_name(cur):
        changed.append(f"school name to {name}")
        before["school_name"], after["school_name"] = db.get_setting(cur, "school_name"), name
    if reply_days != reply_target(cur):
        changed.append(f"reply target to {reply_days} school days")
        before["reply_target_days"], after["reply_target_days"] = reply_target(cur), reply_days

    def work(c: db.Cursor) -> None:
        db.set_setting(c, "school_name", name)
        db.set_setting(c, "reply_target_days", str(reply_days))
        if changed:
            audit.record(
                c,
                user.username,
                "change settings",
                detail="; ".join(changed),
                before=before,
                after=after,
            )

    db.write(cur, work)
    return changed


def save_logo(cur: db.Cursor, user: User, data: bytes | None, file_name: str = "") -> None:
    """Store the school's logo (PNG or JPEG, up to 1 MB), printed on transition packs."""
    require(user, "settings", "edit")
    if not data:
        raise ValidationError.one("Logo", "choose a PNG or JPEG file")
    if not data.startswith(LOGO_SIGNATURES):
        raise ValidationError.one("Logo", f"{file_name or 'the file'} is not a PNG or JPEG image")
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError.one("Logo", f"must be at most {MAX_LOGO_BYTES // 1_000_000} MB")

    def work(c: db.Cursor) -> None:
        before = _logo_fingerprint(db.get_setting(c, LOGO_SETTING))
        db.set_setting(c, LOGO_SETTING, base64.b64encode(data).decode("ascii"))
        audit.record(
            c,
            user.username,
            "change settings",
            detail=f"logo {file_name}".strip(),
            before={"logo": before},
            after={"logo": _logo_fingerprint(base64.b64encode(data).decode("ascii"), file_name)},
        )

    db.write(cur, work)


def remove_logo(cur: db.Cursor, user: User) -> None:
    """Print documents without a logo again."""
    require(user, "settings", "edit")

    def work(c: db.Cursor) -> None:
        before = _logo_fingerprint(db.get_setting(c, LOGO_SETTING))
        c.execute("DELETE FROM settings WHERE key = ?", [LOGO_SETTING])
        audit.record(
            c,
            user.username,
            "change settings",
            detail="logo removed",
            before={"logo": before},
            after={"logo": None},
        )

    db.write(cur, work)
