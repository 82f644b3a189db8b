"""Asking once before something is taken away from a family or a colleague: the first click
shows what will happen, with a yes and a no button; only yes acts."""

from __future__ import annotations

import streamlit as st


def _pending(key: str) -> str:
    return f"_confirm_{key}"


def confirmed(key: str, asked: bool, question: str, yes: str, no: str = "Keep it") -> bool:
    """True on the run where the person says yes to `question`, asked since the click that
    made `asked` true (e.g. a form's submit button). Until then the question stays on screen
    with its two buttons; no puts it away and nothing changes.

    `question` is Markdown: escape people's text in it with ui.md_escape. Call this outside any
    form, as it draws buttons of its own.
    """
    pending = _pending(key)
    if asked:
        st.session_state[pending] = True
    if not st.session_state.get(pending):
        return False
    st.warning(question, icon=":material/help:")
    yes_col, no_col, _ = st.columns([1, 1, 2])
    no_col.button(no, key=f"{key}_no", on_click=st.session_state.pop, args=(pending, None))
    if yes_col.button(yes, type="primary", key=f"{key}_yes"):
        st.session_state.pop(pending, None)
        return True
    return False
