"""Signing in and out through the pages: the same words whatever was wrong; a sign-out in one
tab ends the others; failed guesses slow the guesser and never end a colleague's sign-in; idle
sign-ins end; the owner is told of failed tries on their account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sendlib import audit, db, signins
from sendlib.ui.signin import REFUSED, SIGN_IN_KEY
from tests import school
from tests.apptest import run_page, start_sign_in


def sign_in(username: str, password: str, at=None):
    at = at or run_page("app.py")
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def signed_in_as(at) -> str:
    return "".join(m.value for m in at.sidebar.markdown)


def pause_username(path, username: str) -> None:
    """Failed tries on one username from enough addresses to pause it."""
    cur = db.cursor(db.connect(path))
    start = datetime.now(UTC) - timedelta(minutes=5)
    for n in range(signins.PAUSE_USERNAME_AFTER):
        signins.record_failure(cur, username, f"10.0.3.{n}", start + timedelta(seconds=n))


def test_the_right_password_signs_in(school_copy):
    at = sign_in("teacher", school.PASSWORD)
    assert not at.exception
    assert len(at.error) == 0
    assert "Tia Teacher" in signed_in_as(at)
    entry = audit.list_entries(db.connect(school_copy)).iloc[0]
    assert (entry["username"], entry["action"]) == ("teacher", "sign in")


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("teacher", "wrong password here"),  # a real account, the wrong password
        ("nobody.here", "wrong password here"),  # no such account
        ("paused", school.PASSWORD),  # the right password, for a paused username
    ],
    ids=["wrong password", "unknown username", "paused"],
)
def test_every_refusal_reads_the_same(school_copy, username, password):
    if username == "paused":
        pause_username(school_copy, "teacher")
        username = "teacher"
    at = sign_in(username, password)
    assert not at.exception
    assert [e.value for e in at.error] == [REFUSED]
    assert "Tia Teacher" not in signed_in_as(at)


def test_a_guesser_is_made_to_wait_and_nobody_else_is(school_copy):
    at = None
    for _ in range(signins.SLOW_AFTER):
        at = sign_in("senco", "a wrong guess", at)
        assert [e.value for e in at.error] == [REFUSED]
    at = sign_in("senco", school.PASSWORD, at)  # the right password, but too soon
    assert [e.value for e in at.error][0].startswith("Please wait 2 seconds before trying again")
    assert "Sam Senco" not in signed_in_as(at)
    # The SENCo, already signed in elsewhere, carries on working.
    working = run_page("pages/register.py", "senco")
    assert "Sam Senco" in signed_in_as(working)


def test_a_paused_username_does_not_end_its_owners_sign_in(school_copy):
    at = run_page("pages/audit.py", "senco")
    assert "Sam Senco" in signed_in_as(at)
    pause_username(school_copy, "senco")
    at.run()
    assert not at.exception
    assert "Sam Senco" in signed_in_as(at)
    assert at.title[0].value == "Audit log"


def test_signing_out_in_one_tab_signs_out_the_other(school_copy):
    first = run_page("app.py", "senco")
    # A second tab carries the same sign-in cookie, so the same sign-in.
    second = run_page("pages/audit.py", state={SIGN_IN_KEY: first.session_state[SIGN_IN_KEY]})
    assert second.title[0].value == "Audit log"
    first.button(key="menu_sign_out").click().run()
    assert [i.value for i in first.info] == ["You have signed out."]
    second.run()  # its next click
    assert [w.value for w in second.warning] == [
        "You have been signed out: this account signed out in another tab or browser."
    ]
    assert second.text_input(key="login_username").label == "Username"
    assert "Audit log" not in [t.value for t in second.title]
    assert "Sam Senco" not in signed_in_as(second)


def test_a_sign_in_left_idle_ends_with_the_reason_in_the_audit_log(school_copy):
    at = run_page("pages/register.py", "teacher")
    cur = db.cursor(db.connect(school_copy))
    cur.execute("UPDATE sign_ins SET last_seen_at = last_seen_at - INTERVAL 31 MINUTE")
    at.run()
    assert [w.value for w in at.warning] == [
        "You have been signed out because the app was not used for 30 minutes."
    ]
    assert "Tia Teacher" not in signed_in_as(at)
    entry = audit.list_entries(cur).iloc[0]
    assert (entry["username"], entry["action"], entry["detail"]) == (
        "teacher",
        "sign-in ended",
        "idle",
    )


def test_the_owner_is_told_of_failed_tries_until_they_have_read_it(school_copy):
    start_sign_in("senco")  # an earlier sign-in: the count starts after it
    at = None
    for _ in range(2):
        at = sign_in("senco", "someone else guessing", at)
    at = sign_in("senco", school.PASSWORD, at)
    notice = "There were 2 failed tries to sign in as you since you last signed in."
    assert [w.value for w in at.warning if w.value.startswith(notice)]
    at.button(key="signin_tries_read").click().run()
    assert not [w.value for w in at.warning if w.value.startswith(notice)]
    assert "Sam Senco" in signed_in_as(at)


def element_types(at) -> set[str]:
    return {getattr(node, "type", type(node).__name__) for node in at._tree}


def test_the_cookie_component_is_on_the_page_only_while_the_browser_has_a_cookie_to_set(
    school_copy,
):
    """The browser component that sets the sign-in cookie reports back once it has loaded, and
    so runs the page again: it appears only while there is a cookie to set or delete, never on
    the pages of a sign-in already made, which each run once."""
    at = run_page("app.py")
    assert "component_instance" not in element_types(at)  # the sign-in form alone
    at = sign_in("teacher", school.PASSWORD, at)
    assert "component_instance" in element_types(at)  # the new sign-in's cookie, to set
    at = run_page("pages/register.py", "teacher")
    assert not at.exception
    assert "component_instance" not in element_types(at)
