"""People's text made safe for Streamlit's Markdown: the one escaping helper."""

from __future__ import annotations

_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:&"


def md_escape(text: object) -> str:
    """Text from people or files, made safe to place inside Markdown: shown exactly as typed,
    with no links, images or formatting.

    The one rule: sendlib knows nothing of Markdown, so its values and messages (a
    SendHubError's too) are plain text. Text reaches an element that renders Markdown only from
    ui or a page: st.markdown, st.write, titles, captions, st.success/info/warning/error,
    toasts, the labels of widgets, expanders, tabs, page links and metrics, help= texts, and
    flash/flash_to messages. Where such a text is put together, each piece that a person typed
    or a file brought (a name, a note, a subject, a file name, an error's message) goes through
    this function; the fixed words around it may use Markdown. tests/test_plain_text.py checks
    it. Options shown by a selectbox or multiselect (format_func) are plain text and need none;
    radio, segmented_control and pills options are Markdown.
    """
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text or ""))
