"""The message a page shows after a change, and forms that start empty again: flash reruns the
page (or flash_to opens another) with the message at the top or beside what was saved, and
form_keys and renew_form give a form fresh widgets after each save."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

import streamlit as st


def form_keys(form: str) -> Callable[[str], str]:
    """Widget keys for a form that starts empty again after each save (see flash's new_form).

    The first form's keys are plain ('log_subject'); each later one adds its number.
    """
    generation = st.session_state.get(f"_form_{form}", 0)
    return lambda name: f"{form}_{name}" + (f"_{generation}" if generation else "")


def renew_form(form: str | None) -> None:
    """Give a form (see form_keys) fresh, empty widgets from the next run on."""
    if form:
        st.session_state[f"_form_{form}"] = st.session_state.get(f"_form_{form}", 0) + 1


def flash(
    message: str, new_form: str | None = None, where: str | None = None, toast: bool = False
) -> None:
    """Rerun the page so it shows the change, with this message at the top (Markdown: escape
    people's text in it with md_escape).

    new_form gives that form fresh, empty widgets (clearing old ones does not empty what the
    browser shows). where puts the message at that place instead, where the page calls
    show_flash(where): beside what was saved, where the user is looking.
    """
    renew_form(new_form)
    if where is None:
        _keep_flash(message, toast)
    else:
        st.session_state[f"_flash_{where}"] = message
    st.rerun()


def show_flash(where: str) -> bool:
    """Show here the message flashed to `where`, if there is one; True when there was."""
    message = st.session_state.pop(f"_flash_{where}", None)
    if message:
        st.success(message)
    return bool(message)


def flash_to(
    page: str,
    message: str,
    query_params: dict,
    new_form: str | None = None,
    toast: bool = False,
) -> None:
    """Go to another page, which shows this message at the top."""
    renew_form(new_form)
    _keep_flash(message, toast)
    st.switch_page(page, query_params=query_params)


# A page just opened reruns by itself as it settles (the sign-in cookie's reader reports in):
# the message stays at the top through those runs, and goes with the next thing the user does.
FLASH_SETTLE_SECONDS = 3.0


def _keep_flash(message: str, toast: bool) -> None:
    st.session_state["_flash"] = (message, toast, None)


def show_at_top() -> None:
    """The message at the top of the page; with toast, also in the corner for a few seconds (in
    the run that shows the page: a toast sent just before a rerun may never reach the browser)."""
    flash = st.session_state.get("_flash")
    if not flash:
        return
    message, toast, shown_until = flash
    now = monotonic()
    if shown_until is not None and now > shown_until:
        del st.session_state["_flash"]
        return
    st.success(message)
    if shown_until is None:
        st.session_state["_flash"] = (message, False, now + FLASH_SETTLE_SECONDS)
        if toast:
            st.toast(message, icon=":material/check_circle:")
