"""Sign-ins kept on the server and the failed tries before them (the cookie a browser holds
for its sign-in is in sendlib.signin_cookie).

A sign-in lasts one school day at most and ends, for every tab and browser that holds its
cookie, when its owner signs out, after an idle spell, or when the account is deactivated or
its role changed. Failed tries slow and then pause the address they come from long before the
username itself is paused, and never end a sign-in already made.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sendlib import audit, db
from sendlib.access import can, require
from sendlib.errors import ValidationError
from sendlib.users import User, find_active_user

SCHOOL_DAY = timedelta(hours=10)
IDLE_SETTING = "idle_minutes"
IDLE_DEFAULT_MINUTES = 30
IDLE_RANGE = (5, 240)
# How often a sign-in's last use is written: often enough for an idle limit of minutes.
TOUCH_EVERY = timedelta(seconds=30)

TRY_WINDOW = timedelta(minutes=15)
PAUSE_FOR = timedelta(minutes=15)
# From one address: after SLOW_AFTER failures each try waits longer (2, 4, 8 ... seconds, at
# most MAX_WAIT); after PAUSE_SOURCE_AFTER the address is paused for PAUSE_FOR.
SLOW_AFTER = 3
MAX_WAIT = timedelta(seconds=60)
PAUSE_SOURCE_AFTER = 10
# The username is paused only after more failures than one address can make before it is
# paused itself: one person guessing cannot keep a colleague out.
PAUSE_USERNAME_AFTER = 20
KEEP_FAILURES = timedelta(days=30)
LOCAL_SOURCE = "this computer"

# Why a sign-in ended, as kept in the table, and in words for the person it signed out.
SIGNED_OUT = "signed out"
IDLE = "idle"
DAY_OVER = "school day over"
ACCOUNT_CHANGED = "account changed"
ENDED_WORDS = {
    SIGNED_OUT: "You have been signed out: this account signed out in another tab or browser.",
    IDLE: "You have been signed out because the app was not used for {idle} minutes.",
    DAY_OVER: "You have been signed out: a sign-in lasts one school day (ten hours).",
    ACCOUNT_CHANGED: "You have been signed out because your account was changed. Please sign in "
    "again.",
}


@dataclass(frozen=True)
class SignIn:
    """One sign-in, shared by every tab that holds its cookie."""

    sign_in_id: str
    username: str
    failed_tries_before: int = 0
    failed_tries_told: bool = True


@dataclass(frozen=True)
class Checked:
    """A sign-in checked on one page run: the user if it still holds, else why it ended."""

    user: User | None
    sign_in: SignIn | None = None
    ended: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def idle_limit(cur: db.Cursor) -> timedelta:
    """How long a sign-in may go unused before it ends (a school setting)."""
    return timedelta(minutes=int(db.get_setting(cur, IDLE_SETTING, str(IDLE_DEFAULT_MINUTES))))


def save_idle_limit(cur: db.Cursor, user: User, minutes: int) -> bool:
    """Set the idle limit in minutes; True when it changed."""
    require(user, "settings", "edit")
    low, high = IDLE_RANGE
    if not isinstance(minutes, int) or not low <= minutes <= high:
        raise ValidationError.one("Sign out after", f"must be {low} to {high} minutes")
    was = int(idle_limit(cur).total_seconds() // 60)
    if was == minutes:
        return False

    def work(c: db.Cursor) -> None:
        db.set_setting(c, IDLE_SETTING, str(minutes))
        audit.record(
            c,
            user.username,
            "change settings",
            detail=f"sign out after {minutes} idle minutes",
            before={IDLE_SETTING: was},
            after={IDLE_SETTING: minutes},
        )

    db.write(cur, work)
    return True


def ended_words(cur: db.Cursor, why: str | None) -> str:
    """What to tell someone whose sign-in has ended."""
    text = ENDED_WORDS.get(why or "", "You have been signed out. Please sign in again.")
    return text.format(idle=int(idle_limit(cur).total_seconds() // 60))


def start(
    cur: db.Cursor,
    user: User,
    source: str,
    when: datetime | None = None,
    *,
    sign_in_id: str | None = None,
    started: datetime | None = None,
    how: str | None = None,
) -> SignIn:
    """A sign-in after the right password (or, `how`, with the school's own account, whose
    sign-in has its own id and `started` when the provider issued it): audited, with the
    failed tries on this username since its previous sign-in kept to tell its owner, and a
    pause that has run out noted as ended."""
    when = when or _now()
    sign_in_id = sign_in_id or secrets.token_urlsafe(32)
    tries = _failures_since_last_sign_in(cur, user.username)

    def work(c: db.Cursor) -> None:
        ended = _username_pause_ended(c, user.username, when)
        if ended is not None:
            audit.record(
                c,
                None,
                "lock ended",
                detail=f"{user.username} was locked until {ended.isoformat(timespec='minutes')}",
                before={"locked_until": ended},
                after={"locked_until": None},
            )
        c.execute(
            "INSERT INTO sign_ins (sign_in_id, username, role, source, started_at, last_seen_at, "
            "failed_tries_before, failed_tries_told) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [sign_in_id, user.username, user.role, source, started or when, when, tries,
             tries == 0],
        )  # fmt: skip
        audit.record(
            c,
            user.username,
            "sign in",
            detail=f"from {source}"
            + (f" with the {how}" if how else "")
            + (f"; {tries} failed tries since the last sign-in" if tries else ""),
        )

    db.write(cur, work)
    return SignIn(sign_in_id, user.username, tries, tries == 0)


def check(cur: db.Cursor, sign_in_id: str | None, when: datetime | None = None) -> Checked:
    """Whether a sign-in still holds on this page run, ending it (audited) if it has run out."""
    when = when or _now()
    if not sign_in_id:
        return Checked(None)
    row = cur.execute(
        "SELECT username, role, started_at, last_seen_at, ended_why, failed_tries_before, "
        "failed_tries_told FROM sign_ins WHERE sign_in_id = ?",
        [sign_in_id],
    ).fetchall()
    if not row:
        return Checked(None)
    username, role, started, last_seen, ended_why, tries, told = row[0]
    if ended_why:
        return Checked(None, ended=ended_why)
    user = find_active_user(cur, username)
    why = None
    if user is None or user.role != role:
        why = ACCOUNT_CHANGED
    elif when - started >= SCHOOL_DAY:
        why = DAY_OVER
    elif when - last_seen >= idle_limit(cur):
        why = IDLE
    if why:
        end(cur, sign_in_id, why, when)
        return Checked(None, ended=why)
    if when - last_seen >= TOUCH_EVERY:
        db.write(
            cur,
            lambda c: c.execute(
                "UPDATE sign_ins SET last_seen_at = ? WHERE sign_in_id = ?", [when, sign_in_id]
            ),
        )
    return Checked(user, SignIn(sign_in_id, username, tries, told))


def _end_open(c: db.Cursor, column: str, value: str, why: str, when: datetime) -> list[str]:
    """End the open sign-ins whose `column` is `value`; the usernames of those ended."""
    rows = c.execute(
        f"UPDATE sign_ins SET ended_at = ?, ended_why = ? WHERE {column} = ? AND ended_at IS NULL "
        "RETURNING username",
        [when, why, value],
    ).fetchall()
    return [username for (username,) in rows]


def end(cur: db.Cursor, sign_in_id: str, why: str, when: datetime | None = None) -> None:
    """End one sign-in (for every tab holding its cookie), saying why in the audit log."""

    def work(c: db.Cursor) -> None:
        for username in _end_open(c, "sign_in_id", sign_in_id, why, when or _now()):
            audit.record(c, username, "sign-in ended", detail=why)

    db.write(cur, work)


def sign_out(cur: db.Cursor, username: str, when: datetime | None = None) -> int:
    """Sign this account out everywhere: every tab and browser it is signed in on."""

    def work(c: db.Cursor) -> int:
        ended = _end_open(c, "username", username, SIGNED_OUT, when or _now())
        audit.record(c, username, "sign out", detail=f"{len(ended)} sign-in(s) ended")
        return len(ended)

    return db.write(cur, work)


def mark_failed_tries_told(cur: db.Cursor, sign_in_id: str) -> None:
    """The owner has read how many failed tries there were before this sign-in."""
    db.write(
        cur,
        lambda c: c.execute(
            "UPDATE sign_ins SET failed_tries_told = true WHERE sign_in_id = ?", [sign_in_id]
        ),
    )


def failed_tries_words(sign_in: SignIn, user: User) -> str | None:
    """What to tell someone about failed tries on their account, until they have read it."""
    if sign_in.failed_tries_told or not sign_in.failed_tries_before:
        return None
    count = sign_in.failed_tries_before
    where = (
        "the audit log shows where they came from"
        if can(user, "audit")
        else "tell the SENCo, whose audit log shows where they came from"
    )
    return (
        f"There {'was 1 failed try' if count == 1 else f'were {count} failed tries'} to sign in "
        f"as you since you last signed in. If that was not you, {where}."
    )


# Failed tries --------------------------------------------------------------------------------


def _paused_until(
    times: list[datetime], after: int, when: datetime, window: timedelta = TRY_WINDOW
) -> datetime | None:
    """Paused from the moment a window holds `after` failures, for PAUSE_FOR: until when, if
    that pause is still running."""
    for i in range(len(times) - after + 1):
        first, nth = times[i], times[i + after - 1]
        if nth - first <= window and nth + PAUSE_FOR > when:
            return nth + PAUSE_FOR
    return None


def _times(cur: db.Cursor, column: str, value: str, since: datetime) -> list[datetime]:
    """The failed tries by this address or against this username since then (against a
    username, those since the SENCo last unlocked it)."""
    unlocked = " AND unlocked_at IS NULL" if column == "username" else ""
    rows = cur.execute(
        f"SELECT attempted_at FROM failed_logins WHERE {column} = ? AND attempted_at > ?"
        f"{unlocked} ORDER BY attempted_at",
        [value, since],
    ).fetchall()
    return [r[0] for r in rows]


def _paused(cur: db.Cursor, column: str, value: str, after: int, when: datetime | None):
    when = when or _now()
    return _paused_until(_times(cur, column, value, when - TRY_WINDOW - PAUSE_FOR), after, when)


def source_paused_until(
    cur: db.Cursor, source: str, when: datetime | None = None
) -> datetime | None:
    """When an address that made too many failed tries may try again, or None."""
    return _paused(cur, "source", source, PAUSE_SOURCE_AFTER, when)


def username_paused_until(
    cur: db.Cursor, username: str, when: datetime | None = None
) -> datetime | None:
    """When a username guessed at from many addresses may be tried again, or None."""
    return _paused(cur, "username", username, PAUSE_USERNAME_AFTER, when)


def unlock(cur: db.Cursor, actor: User, username: str, when: datetime | None = None) -> None:
    """Lift the pause on an account that too many failed tries paused (the SENCo, on Staff
    accounts), audited. The addresses those tries came from stay paused."""
    require(actor, "users", "manage users")
    when = when or _now()
    paused = username_paused_until(cur, username, when)
    if paused is None:
        raise ValidationError.one("Account", f"{username} is not paused")

    def work(c: db.Cursor) -> None:
        c.execute(
            "UPDATE failed_logins SET unlocked_at = ? WHERE username = ? AND unlocked_at IS NULL",
            [when, username],
        )
        audit.record(
            c, actor.username, "unlock account",
            detail=f"{username}, paused until {paused.isoformat(timespec='minutes')}",
            before={"locked_until": paused}, after={"locked_until": None},
        )  # fmt: skip

    db.write(cur, work)


def wait_before_try(cur: db.Cursor, source: str, when: datetime | None = None) -> str | None:
    """Why a try from this address must not be checked yet (it is slowed or paused), in words;
    None when it may be. Says nothing about any username."""
    when = when or _now()
    paused = source_paused_until(cur, source, when)
    if paused:
        minutes = max(1, int((paused - when).total_seconds() // 60) + 1)
        return (
            "There have been too many failed tries to sign in from this device. Please try "
            f"again in {minutes} minutes, or ask the SENCo."
        )
    recent = _times(cur, "source", source, when - TRY_WINDOW)
    if len(recent) >= SLOW_AFTER:
        wait = min(timedelta(seconds=2 ** (len(recent) - SLOW_AFTER + 1)), MAX_WAIT)
        left = recent[-1] + wait - when
        if left > timedelta(0):
            seconds = math.ceil(left.total_seconds())
            return (
                f"Please wait {seconds} seconds before trying again: after several failed tries "
                "each try has to wait a little longer."
            )
    return None


def record_failure(
    cur: db.Cursor, username: str, source: str, when: datetime | None = None
) -> None:
    """Count a failed try against the address it came from and the username (which may not
    exist); a pause it starts is audited."""
    when = when or _now()
    username = (username or "").strip().lower()[:100]

    def work(c: db.Cursor) -> None:
        c.execute("DELETE FROM failed_logins WHERE attempted_at < ?", [when - KEEP_FAILURES])
        c.execute(
            "INSERT INTO failed_logins (username, attempted_at, source) VALUES (?, ?, ?)",
            [username, when, source],
        )
        window = when - TRY_WINDOW
        if len(_times(c, "source", source, window)) == PAUSE_SOURCE_AFTER:
            audit.record(
                c,
                None,
                "pause sign-in source",
                detail=f"{source} paused until "
                f"{(when + PAUSE_FOR).isoformat(timespec='minutes')} after "
                f"{PAUSE_SOURCE_AFTER} failed tries",
            )
        if len(_times(c, "username", username, window)) == PAUSE_USERNAME_AFTER:
            audit.record(
                c,
                None,
                "lock account",
                detail=f"{username} locked until {(when + PAUSE_FOR).isoformat(timespec='minutes')}",
            )

    db.write(cur, work)


def _last_sign_in(cur: db.Cursor, username: str) -> datetime | None:
    return db.scalar(cur, "SELECT max(started_at) FROM sign_ins WHERE username = ?", [username])


def _failures_since_last_sign_in(cur: db.Cursor, username: str) -> int:
    since = _last_sign_in(cur, username) or datetime(1970, 1, 1, tzinfo=UTC)
    return db.scalar(
        cur,
        "SELECT count(*) FROM failed_logins WHERE username = ? AND attempted_at > ?",
        [username, since],
    )


def _username_pause_ended(cur: db.Cursor, username: str, when: datetime) -> datetime | None:
    """When the last pause on this username since its previous sign-in ran out, if one has."""
    since = _last_sign_in(cur, username) or datetime(1970, 1, 1, tzinfo=UTC)
    times = _times(cur, "username", username, since)
    ended = None
    for i in range(len(times) - PAUSE_USERNAME_AFTER + 1):
        first, nth = times[i], times[i + PAUSE_USERNAME_AFTER - 1]
        if nth - first <= TRY_WINDOW and nth + PAUSE_FOR <= when:
            ended = nth + PAUSE_FOR
    return ended
