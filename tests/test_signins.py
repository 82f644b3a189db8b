"""Sign-ins on the server: one sign-out ends every tab and browser, idle and day-long sign-ins
end, a changed account is signed out; failed tries slow and pause their address before the
username, never end a sign-in already made, and are told to the account's owner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from sendlib import audit, db, signin_cookie, signins, users
from sendlib.errors import PermissionDenied, ValidationError

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = "sign-in-test-key-not-secret-at-all-" * 2  # long enough for HS512 too
ATTACKER = "10.0.0.66"


def minutes(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


def actions(cur, n: int) -> list[tuple[str, str, str]]:
    entries = audit.list_entries(cur).head(n)
    return [tuple(row) for row in entries[["username", "action", "detail"]].fillna("").values]


def test_a_sign_in_holds_while_it_is_used(cur, staff):
    sign_in = signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    for n in range(0, 600, 20):  # used every 20 minutes for most of a school day
        checked = signins.check(cur, sign_in.sign_in_id, minutes(n))
        assert checked.user == staff["senco"]
    assert actions(cur, 1) == [("senco", "sign in", "from 10.0.0.5")]


def test_signing_out_ends_every_tab_and_browser_of_that_account_only(cur, staff):
    first_browser = signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    second_browser = signins.start(cur, staff["senco"], "10.0.0.7", NOW)
    colleague = signins.start(cur, staff["teacher"], "10.0.0.8", NOW)
    assert signins.sign_out(cur, "senco", minutes(1)) == 2
    for sign_in in (first_browser, second_browser):
        checked = signins.check(cur, sign_in.sign_in_id, minutes(2))
        assert (checked.user, checked.ended) == (None, signins.SIGNED_OUT)
    assert signins.check(cur, colleague.sign_in_id, minutes(2)).user == staff["teacher"]
    assert actions(cur, 1) == [("senco", "sign out", "2 sign-in(s) ended")]


def test_a_sign_in_left_idle_ends_and_says_why(cur, staff):
    sign_in = signins.start(cur, staff["teacher"], "10.0.0.5", NOW)
    assert signins.check(cur, sign_in.sign_in_id, minutes(29)).user == staff["teacher"]
    checked = signins.check(cur, sign_in.sign_in_id, minutes(29 + 30))
    assert (checked.user, checked.ended) == (None, signins.IDLE)
    assert actions(cur, 1) == [("teacher", "sign-in ended", "idle")]
    assert signins.ended_words(cur, checked.ended) == (
        "You have been signed out because the app was not used for 30 minutes."
    )
    # Ended stays ended: coming back does not revive it, and it is audited once.
    assert signins.check(cur, sign_in.sign_in_id, minutes(60)).ended == signins.IDLE
    assert actions(cur, 1) == [("teacher", "sign-in ended", "idle")]


def test_the_idle_limit_is_a_school_setting(cur, staff):
    assert signins.save_idle_limit(cur, staff["senco"], 60) is True
    sign_in = signins.start(cur, staff["teacher"], "10.0.0.5", NOW)
    assert signins.check(cur, sign_in.sign_in_id, minutes(45)).user == staff["teacher"]
    assert signins.check(cur, sign_in.sign_in_id, minutes(45 + 61)).ended == signins.IDLE
    assert audit.list_entries(cur, username="senco")["detail"].iloc[0] == (
        "sign out after 60 idle minutes"
    )


@pytest.mark.parametrize("minutes_given", [0, 4, 241])
def test_an_idle_limit_out_of_range_is_refused_naming_the_field(cur, staff, minutes_given):
    with pytest.raises(ValidationError) as caught:
        signins.save_idle_limit(cur, staff["senco"], minutes_given)
    assert str(caught.value.problems[0]) == "Sign out after: must be 5 to 240 minutes"
    assert signins.idle_limit(cur) == timedelta(minutes=30)


def test_a_sign_in_lasts_one_school_day_however_busy(cur, staff):
    sign_in = signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    for n in range(0, 600, 10):
        assert signins.check(cur, sign_in.sign_in_id, minutes(n)).user is not None
    assert signins.check(cur, sign_in.sign_in_id, minutes(600)).ended == signins.DAY_OVER


@pytest.mark.parametrize("change", ["deactivated", "role changed"])
def test_a_changed_account_is_signed_out_at_its_next_click(cur, staff, change):
    sign_in = signins.start(cur, staff["teacher"], "10.0.0.5", NOW)
    if change == "deactivated":
        users.set_active(cur, staff["senco"], "teacher", False)
    else:
        users.change_role(cur, staff["senco"], "teacher", "office")
    checked = signins.check(cur, sign_in.sign_in_id, minutes(1))
    assert (checked.user, checked.ended) == (None, signins.ACCOUNT_CHANGED)


def test_an_unknown_or_missing_sign_in_holds_nothing(cur, staff):
    assert signins.check(cur, None).user is None
    assert signins.check(cur, "made-up").user is None


def test_use_is_written_at_most_every_half_minute(cur, staff):
    sign_in = signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    seen = "SELECT last_seen_at FROM sign_ins WHERE sign_in_id = ?"
    signins.check(cur, sign_in.sign_in_id, NOW + timedelta(seconds=10))
    assert db.scalar(cur, seen, [sign_in.sign_in_id]) == NOW
    signins.check(cur, sign_in.sign_in_id, NOW + timedelta(seconds=40))
    assert db.scalar(cur, seen, [sign_in.sign_in_id]) == NOW + timedelta(seconds=40)


# Failed tries ----------------------------------------------------------------------------------


def fail(cur, username: str, source: str, at: datetime) -> None:
    signins.record_failure(cur, username, source, at)


def test_after_three_failures_each_try_from_that_address_waits_longer(cur, staff):
    for second in (0, 10, 20):
        assert signins.wait_before_try(cur, ATTACKER, NOW + timedelta(seconds=second)) is None
        fail(cur, "senco", ATTACKER, NOW + timedelta(seconds=second))
    assert signins.wait_before_try(cur, ATTACKER, NOW + timedelta(seconds=20.5)) == (
        "Please wait 2 seconds before trying again: after several failed tries each try has "
        "to wait a little longer."
    )
    assert signins.wait_before_try(cur, ATTACKER, NOW + timedelta(seconds=22)) is None
    fail(cur, "senco", ATTACKER, NOW + timedelta(seconds=22))
    assert "wait 4 seconds" in signins.wait_before_try(cur, ATTACKER, NOW + timedelta(seconds=22))
    # Another computer is not slowed, whatever username it tries.
    assert signins.wait_before_try(cur, "10.0.0.5", NOW + timedelta(seconds=22)) is None


def guess(cur, username: str, source: str, count: int, start: datetime) -> datetime:
    """Failed tries from one address, each as soon as it is allowed; the time after the last."""
    at = start
    for _ in range(count):
        while signins.wait_before_try(cur, source, at):
            at += timedelta(seconds=1)
        fail(cur, username, source, at)
    return at


def test_one_address_guessing_is_paused_long_before_the_username(cur, staff):
    last = guess(cur, "senco", ATTACKER, signins.PAUSE_SOURCE_AFTER, NOW)
    assert last < NOW + signins.TRY_WINDOW  # all ten inside the window
    words = signins.wait_before_try(cur, ATTACKER, last + timedelta(minutes=1))
    assert words.startswith("There have been too many failed tries to sign in from this device")
    assert signins.username_paused_until(cur, "senco", last + timedelta(minutes=1)) is None
    assert signins.wait_before_try(cur, "10.0.0.5", last + timedelta(minutes=1)) is None
    assert actions(cur, 1)[0][1] == "pause sign-in source"
    # The pause ends: not forever.
    assert signins.wait_before_try(cur, ATTACKER, last + signins.PAUSE_FOR) is None


def test_a_username_is_paused_only_after_guesses_from_many_addresses(cur, staff):
    at = NOW
    for n in range(2):
        at = guess(cur, "senco", f"10.0.1.{n}", signins.PAUSE_SOURCE_AFTER, at)
    assert signins.username_paused_until(cur, "senco", at) == at + signins.PAUSE_FOR
    assert actions(cur, 1)[0][1] == "lock account"
    assert signins.username_paused_until(cur, "teacher", at) is None


def _paused_teacher(cur) -> datetime:
    """The teacher's account paused by guesses from two addresses; the time after the last."""
    at = NOW
    for n in range(2):
        at = guess(cur, "teacher", f"10.0.1.{n}", signins.PAUSE_SOURCE_AFTER, at)
    return at


def test_the_senco_unlocks_a_paused_account_and_the_guessing_addresses_stay_paused(cur, staff):
    at = _paused_teacher(cur)
    assert signins.username_paused_until(cur, "teacher", at) is not None
    signins.unlock(cur, staff["senco"], "teacher", at)
    assert signins.username_paused_until(cur, "teacher", at) is None
    assert signins.wait_before_try(cur, "10.0.1.1", at).startswith("There have been too many")
    username, action, detail = actions(cur, 1)[0]
    assert (username, action) == ("senco", "unlock account")
    assert detail.startswith("teacher, paused until ")
    # Not paused now: there is nothing to unlock, and it says so.
    with pytest.raises(ValidationError) as raised:
        signins.unlock(cur, staff["senco"], "teacher", at)
    assert raised.value.problems[0].message == "teacher is not paused"
    # Fresh guesses count afresh: twenty more pause it again.
    at = guess(cur, "teacher", "10.0.2.1", signins.PAUSE_SOURCE_AFTER, at)
    at = guess(cur, "teacher", "10.0.2.2", signins.PAUSE_SOURCE_AFTER, at)
    assert signins.username_paused_until(cur, "teacher", at) is not None


@pytest.mark.parametrize("role", ["teacher", "office", "viewer"])
def test_only_the_senco_unlocks_an_account(cur, staff, role):
    at = _paused_teacher(cur)
    with pytest.raises(PermissionDenied):
        signins.unlock(cur, staff[role], "teacher", at)
    assert signins.username_paused_until(cur, "teacher", at) is not None


def test_failed_tries_never_end_a_sign_in_already_made(cur, staff):
    sign_in = signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    at = NOW
    for n in range(3):
        at = guess(cur, "senco", f"10.0.2.{n}", signins.PAUSE_SOURCE_AFTER, at)
    assert signins.username_paused_until(cur, "senco", at) is not None
    assert signins.check(cur, sign_in.sign_in_id, at).user == staff["senco"]


def test_the_owner_is_told_of_failed_tries_since_their_last_sign_in(cur, staff):
    signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    guess(cur, "senco", ATTACKER, 4, minutes(60))
    guess(cur, "teacher", ATTACKER, 1, minutes(62))
    sign_in = signins.start(cur, staff["senco"], "10.0.0.5", minutes(120))
    assert signins.failed_tries_words(sign_in, staff["senco"]) == (
        "There were 4 failed tries to sign in as you since you last signed in. If that was not "
        "you, the audit log shows where they came from."
    )
    assert signins.failed_tries_words(sign_in, staff["teacher"]).endswith(
        "If that was not you, tell the SENCo, whose audit log shows where they came from."
    )
    assert actions(cur, 1) == [
        ("senco", "sign in", "from 10.0.0.5; 4 failed tries since the last sign-in")
    ]
    signins.mark_failed_tries_told(cur, sign_in.sign_in_id)
    told = signins.check(cur, sign_in.sign_in_id, minutes(121)).sign_in
    assert signins.failed_tries_words(told, staff["senco"]) is None
    # The next sign-in starts the count again.
    again = signins.start(cur, staff["senco"], "10.0.0.5", minutes(130))
    assert (again.failed_tries_before, signins.failed_tries_words(again, staff["senco"])) == (
        0,
        None,
    )


def test_a_pause_that_ran_out_is_noted_as_ended_at_the_next_sign_in(cur, staff):
    at = NOW
    for n in range(2):
        at = guess(cur, "teacher", f"10.0.1.{n}", signins.PAUSE_SOURCE_AFTER, at)
    paused_until = at + signins.PAUSE_FOR
    signins.start(cur, staff["teacher"], "10.0.0.5", paused_until + timedelta(minutes=1))
    assert actions(cur, 2)[1] == (
        "",
        "lock ended",
        f"teacher was locked until {paused_until.isoformat(timespec='minutes')}",
    )


# The cookie ------------------------------------------------------------------------------------


def test_the_cookie_names_its_sign_in(cur, staff):
    sign_in = signins.start(cur, staff["senco"], "10.0.0.5", NOW)
    token = signin_cookie.cookie_token(sign_in, datetime.now(UTC) + timedelta(hours=1), KEY)
    assert signin_cookie.sign_in_id_from_cookie(token, KEY) == sign_in.sign_in_id


def forged(claims: dict, key: str = KEY, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


LATER = int((datetime.now(UTC) + timedelta(hours=1)).timestamp())


@pytest.mark.parametrize(
    "token",
    [
        # unsigned: the "none" algorithm, which once crashed the page
        jwt.encode({"sid": "x", "username": "senco", "exp": LATER}, None, algorithm="none"),
        forged(
            {"sid": "x", "username": "senco", "exp": LATER},
            key="another-school-key-that-is-long-enough-for-512",
        ),
        forged(
            {"sid": "x", "username": "senco", "exp": LATER},
            algorithm="HS512",
        ),
        forged({"sid": "x", "username": "senco", "exp": 1_000}),  # expired
        forged({"username": "senco", "exp_date": LATER}),  # the library's own, with no sign-in
        forged({"sid": "x", "username": "senco"}),  # no expiry
        forged({"sid": 12, "exp": LATER}),
        "not.a.token",
        "",
    ],
    ids=[
        "none",
        "wrong key",
        "HS512",
        "expired",
        "no sid",
        "no exp",
        "sid not text",
        "junk",
        "empty",
    ],
)
def test_a_cookie_that_does_not_verify_names_no_sign_in(token):
    assert signin_cookie.sign_in_id_from_cookie(token, KEY) is None


def test_a_refused_cookie_is_audited_once(cur, staff):
    assert signin_cookie.refuse_cookie(cur, "forged.cookie.value", ATTACKER) is True
    assert signin_cookie.refuse_cookie(cur, "forged.cookie.value", ATTACKER) is False
    entries = audit.list_entries(cur)
    refused = entries[entries["action"] == "refuse sign-in cookie"]
    assert len(refused) == 1
    assert refused["detail"].iloc[0].endswith(f"from {ATTACKER}")


@pytest.mark.parametrize(
    ("url", "forwarded", "secure"),
    [
        ("https://hub.school.example/register", "", True),
        ("http://10.0.0.2:8501/", "https", True),  # HTTPS ends at the school's proxy
        ("http://localhost:8501/", "", False),
        ("http://10.0.0.2:8501/", "http", False),
        (None, None, False),  # not yet known (the first run of a tab)
    ],
)
def test_the_cookie_is_marked_secure_when_the_app_is_reached_over_https(url, forwarded, secure):
    assert signin_cookie.reached_over_https(url, forwarded) is secure
