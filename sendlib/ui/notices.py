"""Messages shown in place of what a page would show: a record named in the page's address that
cannot be opened, and a database that cannot be opened."""

from __future__ import annotations

import streamlit as st

# The same words whether the record does not exist, is not a number, or is another class's: an
# address must not tell anyone which records exist.
NOT_FOUND = (
    "Not found, or not yours to open. The link names something that does not exist or that "
    "your account cannot see. Choose from this page instead."
)


def not_found() -> None:
    """Say that the record the address names cannot be opened (one message for every page)."""
    st.error(NOT_FOUND, icon=":material/search_off:")


def record_id(name: str) -> int | None:
    """The id the page's address names (?slot=12), or None when it names none. An id that is not
    a whole number gets the not-found message, and None."""
    raw = st.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        not_found()
        return None
