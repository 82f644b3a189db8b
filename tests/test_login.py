"""Signing in: the same words whatever was wrong, so no one learns which usernames exist or are
locked; a lock that has run out is noted as ended at the next sign-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sendlib import audit, db, users
from tests import school
from tests.apptest import run_page

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REFUSED = (
    "Those details were not recognised. After 5 failed tries in 15 minutes a username is "
    "paused for 15 minutes."
)


def lock(cur, username: str, start: datetime) -> None:
    for minute in range(users.LOCK_AFTER_FAILURES):
        users.record_failed_login(cur, username, start + timedelta(minutes=minute))


def test_signing_in_after_a_lock_ran_out_notes_the_lock_ended(cur, staff):
    lock(cur, "teacher", NOW)  # locked from 09:04 until 09:19
    users.record_sign_in(cur, "teacher", NOW + timedelta(minutes=30))
    entries = audit.list_entries(cur).head(3)
    assert entries[["username", "action", "detail"]].fillna("").values.tolist() == [
        ["teacher", "sign in", ""],
        ["", "lock ended", "teacher was locked until 2026-11-23T09:19+00:00"],
        ["", "lock account", "teacher locked until 2026-11-23T09:19+00:00"],
    ]
    assert entries.iloc[1]["before"] == '{"locked_until": "2026-11-23T09:19:00+00:00"}'
    assert db.scalar(cur, "SELECT count(*) FROM failed_logins") == 0


def test_a_sign_in_with_no_lock_before_it_notes_only_the_sign_in(cur, staff):
    users.record_failed_login(cur, "teacher", NOW)
    users.record_sign_in(cur, "teacher", NOW + timedelta(minutes=1))
    assert audit.list_entries(cur).iloc[0]["action"] == "sign in"
    assert audit.list_entries(cur).iloc[1]["action"] == "add pupil"


def sign_in(username: str, password: str):
    at = run_page("app.py")
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def test_the_right_password_signs_in(school_copy):
    at = sign_in("teacher", school.PASSWORD)
    assert not at.exception
    assert len(at.error) == 0
    assert "Tia Teacher" in at.sidebar.markdown[0].value


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("teacher", "wrong password here"),  # a real account, the wrong password
        ("nobody.here", "wrong password here"),  # no such account
        ("locked", school.PASSWORD),  # the right password, for a locked account
    ],
    ids=["wrong password", "unknown username", "locked"],
)
def test_every_refusal_reads_the_same(school_copy, username, password):
    if username == "locked":
        cur = db.connect(school_copy)
        lock(cur, "teacher", datetime.now(UTC) - timedelta(minutes=5))
        username = "teacher"
    at = sign_in(username, password)
    assert not at.exception
    assert [e.value for e in at.error] == [REFUSED]
    assert "Tia Teacher" not in "".join(m.value for m in at.sidebar.markdown)
