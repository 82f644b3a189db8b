"""Signing in and out: the form, the sign-in cookie, and the check on every run that a sign-in
still holds on the server (the rules are in sendlib.signins)."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime

import extra_streamlit_components as stx
import streamlit as st
from streamlit_authenticator.controllers import AuthenticationController

from sendlib import access, db, school_signin, signin_cookie, signins, users
from sendlib.school import settings
from sendlib.school.settings import is_demo

COOKIE_NAME = "sendhub_signin"
# This session's sign-in (its id only: whether it still holds is read from the database).
SIGN_IN_KEY = "_sign_in"
# Why this session was signed out, said until it signs in again.
SIGNED_OUT_KEY = "_signed_out"


def cookie_key(cur: db.Cursor) -> str:
    from sendlib.ui.connection import secret  # the package reads st.secrets in one place

    key = secret("cookie_key") or os.environ.get("SENDHUB_COOKIE_KEY")
    if key:
        return key
    if is_demo(cur):
        # Fictional data only: a per-database random key spares newcomers a setup step.
        key = db.get_setting(cur, "demo_cookie_key")
        if not key:
            key = secrets.token_urlsafe(32)
            settings.save_demo_cookie_key(cur, key)
        return key
    st.error(
        "The app has no cookie key, so it cannot keep anyone signed in safely. Set "
        "`cookie_key` in .streamlit/secrets.toml (see secrets.toml.example) or the "
        "SENDHUB_COOKIE_KEY environment variable, then restart."
    )
    st.stop()
    raise RuntimeError("unreachable")


def password_matches(cur: db.Cursor, username: str, password: str) -> bool:
    """Whether the password is this active account's, checked by streamlit-authenticator.

    Only its password check is used, built when a form is sent: the library's Authenticate
    also puts a cookie component on the page, which reads every cookie once it has loaded
    and so runs the page a second time on every load and every click. The app reads its own
    cookie on the server (st.context.cookies) instead."""
    check = AuthenticationController(users.credentials(cur), auto_hash=False)
    return bool(check.login(username, password))


def _served_over_https() -> bool:
    return signin_cookie.reached_over_https(
        st.context.url, st.context.headers.get("X-Forwarded-Proto", "")
    )


def client_source() -> str:
    """Where this browser connects from: its address, or the one the school's proxy names."""
    if os.environ.get("SENDHUB_BEHIND_PROXY"):
        # The proxy adds the address it saw last; anything before it the browser could forge.
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        if isinstance(forwarded, str) and forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64]
    address = st.context.ip_address
    # None on this computer (and a stand-in object under Streamlit's AppTest).
    return address if isinstance(address, str) and address else signins.LOCAL_SOURCE


# What the browser has yet to do with the sign-in cookie: ("set", token, options) or
# ("delete",). Asked again on every run until the browser reports it done, so a rerun that
# comes before the cookie component has loaded (a slow machine, a busy page) cannot lose it.
COOKIE_ERRAND_KEY = "_cookie_errand"


def set_cookie(cur: db.Cursor, sign_in: signins.SignIn) -> None:
    expires = datetime.now(UTC) + signins.SCHOOL_DAY
    options = {
        "path": "/",
        # The browser's clock, as it reads it.
        "expires": (datetime.now() + signins.SCHOOL_DAY).isoformat(),
        "sameSite": "strict",
    }
    if _served_over_https():
        options["secure"] = True
    token = signin_cookie.cookie_token(sign_in, expires, cookie_key(cur))
    st.session_state[COOKIE_ERRAND_KEY] = ("set", token, options)


def _delete_cookie() -> None:
    st.session_state[COOKIE_ERRAND_KEY] = ("delete",)


def run_cookie_errand() -> None:
    """Put the cookie component on the page for the errand still to do, if any; once the
    browser reports it done (the component returns True) it is not asked again. Only then is
    the component on the page at all (see password_matches)."""
    errand = st.session_state.get(COOKIE_ERRAND_KEY)
    if not errand:
        return
    manager = stx.CookieManager()
    manager._remove_extra_spacing()  # the library's style that hides the component's frame
    if errand[0] == "set":
        _, token, options = errand
        done = manager.cookie_manager(
            method="set",
            cookie=COOKIE_NAME,
            value=token,
            options=options,
            key="set",
            default=False,
        )
    else:
        done = manager.cookie_manager(
            method="delete", cookie=COOKIE_NAME, key="delete", default=False
        )
    if done:
        st.session_state.pop(COOKIE_ERRAND_KEY, None)


def _cookie_sign_in(cur: db.Cursor) -> str | None:
    """The sign-in this browser's cookie names, once per cookie; a cookie that does not verify
    counts as no cookie, is audited once, and is deleted."""
    token = st.context.cookies.get(COOKIE_NAME)
    # This session's cookie is the one the browser sent when the tab opened: once acted on,
    # it is not read again.
    if not isinstance(token, str) or not token or st.session_state.get("_cookie_seen") == token:
        return None
    st.session_state["_cookie_seen"] = token
    sign_in_id = signin_cookie.sign_in_id_from_cookie(token, cookie_key(cur))
    if sign_in_id is None:
        signin_cookie.refuse_cookie(cur, token, client_source())
        _delete_cookie()
    return sign_in_id


def provider_configured(provider: str) -> bool:
    """Whether the app's secrets file sets up this provider for st.login ([auth.<provider>])."""
    try:
        auth = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file
        return False
    return bool(auth) and provider in auth


def school_provider(cur: db.Cursor) -> str | None:
    """The school's own accounts' provider, when the SENCo chose one and the secrets set it up."""
    chosen = school_signin.get_school_accounts(cur).provider
    return chosen if chosen and provider_configured(chosen) else None


def _provider_signed_in() -> bool:
    """Whether the school's provider has signed this browser in (st.user has no such entry
    where no provider is set up, as under AppTest)."""
    return bool(st.user.get("is_logged_in"))


def _identity_signed_in(cur: db.Cursor) -> signins.Checked | None:
    """The sign-in of the identity the school's provider gave this browser, if it has one; None
    when it has none. A refused or ended one says so, with a way to sign in again."""
    if not school_provider(cur) or not _provider_signed_in():
        return None
    claims = {key: st.user[key] for key in st.user if key != "tokens"}
    try:
        checked = school_signin.identity_sign_in(cur, claims, client_source())
    except school_signin.IdentityRefused:
        st.error(REFUSED_ACCOUNT)
    else:
        if checked.user is not None:
            st.session_state[SIGN_IN_KEY] = checked.sign_in.sign_in_id
            st.session_state.pop(SIGNED_OUT_KEY, None)
            return checked
        st.warning(signins.ended_words(cur, checked.ended), icon=":material/logout:")
    st.session_state.pop(SIGN_IN_KEY, None)
    # The provider's cookie is cleared, so that the next press asks the provider afresh.
    st.button("Sign in again", type="primary", key="signin_again", on_click=st.logout)
    st.stop()
    raise RuntimeError("unreachable")


def signed_in(cur: db.Cursor) -> signins.Checked:
    if st.session_state.get("menu_sign_out") and st.session_state.get(SIGN_IN_KEY):
        # Handled before anything else, so the cookie is deleted in this same run.
        checked = signins.check(cur, st.session_state.pop(SIGN_IN_KEY))
        if checked.user is not None:
            signins.sign_out(cur, checked.user.username)
        _delete_cookie()
        st.session_state[SIGNED_OUT_KEY] = ("info", "You have signed out.")
        if _provider_signed_in():
            st.logout()  # the school provider's identity too: the next sign-in asks afresh
    elif (identity := _identity_signed_in(cur)) is not None:
        return identity
    else:
        from_cookie = None
        if not st.session_state.get(SIGN_IN_KEY):
            from_cookie = _cookie_sign_in(cur)
        # Checked on the server on every run: another tab's sign-out, the idle limit, the end
        # of the school day, a deactivated account or a changed role end it here too.
        checked = signins.check(cur, st.session_state.get(SIGN_IN_KEY) or from_cookie)
        if checked.user is not None:
            st.session_state[SIGN_IN_KEY] = checked.sign_in.sign_in_id
            st.session_state.pop(SIGNED_OUT_KEY, None)
            return checked
        if st.session_state.pop(SIGN_IN_KEY, None) or from_cookie:
            _delete_cookie()
            if checked.ended:
                words = signins.ended_words(cur, checked.ended)
                st.session_state[SIGNED_OUT_KEY] = ("warning", words)
    # Kept for the session: deleting the cookie reruns the page, which must still say why.
    kind, words = st.session_state.get(SIGNED_OUT_KEY, (None, None))
    if kind == "info":
        st.info(words, icon=":material/logout:")
    elif kind == "warning":
        st.warning(words, icon=":material/logout:")
    return signins.Checked(None)


def sign_in_or_stop(cur: db.Cursor) -> signins.Checked:
    """The sign-in this session holds; or the sign-in form, and the page stops there until
    someone signs in with it."""
    checked = signed_in(cur)
    if checked.user is None:
        form = st.empty()
        with form.container():
            checked = login_form(cur)
        if checked.user is None:
            run_cookie_errand()
            st.stop()
        form.empty()
        set_cookie(cur, checked.sign_in)
    # Outside the cleared form, so the cookie component stays on the page to run.
    run_cookie_errand()
    return checked


REFUSED = (
    "Those details were not recognised. Check the username and password and try again: after "
    "several failed tries, each try has to wait a little longer."
)
# An identity from the school's provider that signs nobody in: as little said as for a wrong
# password (whether the address is known here is not said).
REFUSED_ACCOUNT = (
    "That account was not recognised. Sign in with your school account, or ask the SENCo to "
    "check the email address on your staff account."
)


def login_form(cur: db.Cursor) -> signins.Checked:
    st.title("SEND Partnership Hub")
    st.write("Sign in to work with the SEN register, parents' meetings and plans.")
    provider = school_provider(cur)
    if provider:
        label = school_signin.PROVIDERS[provider]
        if st.button(f"Sign in with {label}", type="primary", key="login_school"):
            st.login(provider)
        if not school_signin.get_school_accounts(cur).passwords_open:
            with st.expander("Sign in with a username and password (the way back in)"):
                st.caption(
                    "Only for an account made from the command line, if the school's accounts "
                    "cannot be reached."
                )
                return _password_form(cur)
    return _password_form(cur)


def _password_form(cur: db.Cursor) -> signins.Checked:
    with st.form("login", clear_on_submit=False):
        username = st.text_input("Username", key="login_username", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key="login_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        name = (username or "").strip().lower()
        source = client_source()
        wait = signins.wait_before_try(cur, source)
        if wait:
            st.error(wait)
            _demo_accounts(cur)
            return signins.Checked(None)
        # A paused username is refused before its password is checked, in the same words as
        # a wrong password; a sign-in already made is never ended by it.
        paused = not name or signins.username_paused_until(cur, name) is not None
        # An account that must use the school's own sign-in is refused in the same words.
        allowed = not paused and school_signin.password_allowed(cur, name)
        if password and allowed and password_matches(cur, name, password):
            user = users.find_active_user(cur, name)
            if user is not None:
                sign_in = signins.start(cur, user, source)
                st.session_state[SIGN_IN_KEY] = sign_in.sign_in_id
                st.session_state.pop(SIGNED_OUT_KEY, None)
                return signins.Checked(user, sign_in)
        if name:
            signins.record_failure(cur, name, source)
        st.error(REFUSED)
    _demo_accounts(cur)
    return signins.Checked(None)


def _demo_accounts(cur: db.Cursor) -> None:
    if not is_demo(cur):
        return
    from sendlib.demo import DEMO_ACCOUNTS

    st.info(
        "**Demo accounts** (this fictional school only):\n\n"
        + "\n".join(
            f"- `{a.username}` / `{a.password}`: {access.ROLES[a.role]}" for a in DEMO_ACCOUNTS
        )
    )


def failed_tries_notice(checked: signins.Checked) -> None:
    sign_in = checked.sign_in
    words = signins.failed_tries_words(sign_in, checked.user)
    if words:
        st.warning(words, icon=":material/gpp_maybe:")
        st.button(
            "I have read this",
            key="signin_tries_read",
            on_click=lambda: signins.mark_failed_tries_told(_cursor(), sign_in.sign_in_id),
        )


def _cursor() -> db.Cursor:
    from sendlib.ui.connection import (
        cursor,  # a callback runs on its own thread: it needs its own cursor
    )

    return cursor()
