"""The Streamlit side of the app: the guard every page starts with and the widgets shared by
pages (tables, pickers, errors shown as messages). Every page starts with
`user, cur = ui.guard("screen")`. Signing in is in sendlib.ui.signin, the menu in
sendlib.ui.menu, the message after a change in sendlib.ui.messages and download buttons in
sendlib.ui.downloads; the names pages use from these are here too, as ui.flash, ui.download."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pandas as pd
import streamlit as st

from sendlib import access, db
from sendlib.errors import SendHubError, ValidationError
from sendlib.ui import menu, messages, notices, sender, signin
from sendlib.ui.connection import at as at
from sendlib.ui.connection import backup_passphrase as backup_passphrase
from sendlib.ui.connection import configured_db_path as configured_db_path
from sendlib.ui.connection import cursor as cursor
from sendlib.ui.connection import now as now
from sendlib.ui.connection import secret as secret
from sendlib.ui.connection import today as today
from sendlib.ui.downloads import download as download
from sendlib.ui.menu import PAGES
from sendlib.ui.messages import flash as flash
from sendlib.ui.messages import flash_to as flash_to
from sendlib.ui.messages import form_keys as form_keys
from sendlib.ui.messages import renew_form as renew_form
from sendlib.ui.remembered import remembered as remembered
from sendlib.ui.text import md_escape as md_escape
from sendlib.users import User


@st.cache_resource(show_spinner=False)
def _settle_imports(screen: str) -> None:
    """Once per screen per server, after its modules are imported: set the objects alive now
    (modules, classes, functions) aside from the garbage collector. Streamlit collects all
    garbage after every run, and without this each collection walks some 200,000 objects that
    live as long as the server: 100-270 ms of every click on a 2-core machine."""
    gc.collect()
    gc.freeze()


def guard(screen: str, title: str | None = None) -> tuple[User, db.Cursor]:
    """Stop the page unless someone is signed in whose role may open this screen."""
    label = PAGES[screen][1]
    st.set_page_config(page_title=f"{title or label} · SEND Partnership Hub", layout="wide")
    _settle_imports(screen)
    cur = cursor()
    menu.demo_banner(cur)
    checked = signin.sign_in_or_stop(cur)
    user = checked.user
    menu.sidebar(user)
    menu.staff_meeting_marker(user)
    signin.failed_tries_notice(checked)
    messages.show_at_top()
    if access.can(user, "settings", "backup"):
        notices.backup_notices(cur, backup_passphrase())
    sender.tick(cur)
    if not access.can(user, screen):
        if access.can(user.role, screen):
            st.info(
                f"{label} stays closed while staff-meeting mode is on. Switch the mode off in "
                "the menu to open it."
            )
        else:
            st.error(
                f"{user.role_label} accounts cannot open {label}. Choose a page from the menu."
            )
        st.stop()
    return user, cur


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Show a sendlib error as a message naming the field, instead of a traceback."""
    try:
        yield
    except ValidationError as exc:
        st.error("Please check:\n\n" + "\n".join(f"- {md_escape(p)}" for p in exc.problems))
    except SendHubError as exc:
        st.error(md_escape(exc))


def date_param(name: str) -> date | None:
    """A date from the page's address (?week=2026-11-23), or None when absent or not a date."""
    try:
        return date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def open_once(kind: str, key: int) -> bool:
    """True the first time this record is opened in this session (not on every rerun)."""
    marker = f"_opened_{kind}"
    if st.session_state.get(marker) == key:
        return False
    st.session_state[marker] = key
    return True


# "&" too: "&lt;" would otherwise show as "<", not as typed.
def labelled(label: str, text: object, empty: str = "Not recorded") -> None:
    """A label in bold with a person's words under it, shown exactly as typed."""
    shown = (
        md_escape(text).replace("\n", "  \n") if text not in (None, "") else f"*{md_escape(empty)}*"
    )
    st.markdown(f"**{label}**  \n{shown}")


def pupil_picker(cur: db.Cursor, user: User, key: str, label: str = "Pupil") -> int | None:
    """Choose one of the pupils this user may see; remembers the choice in the page's address."""
    from sendlib.pupils import listing
    from sendlib.ui import notices

    names = remembered(listing.pupil_choices, cur, user)
    if not names:
        st.info(
            "There are no pupils to choose from yet. "
            + (
                "Import them from the school's MIS: Import from the MIS, in the menu."
                if access.can(user, "import", "add")
                else "The SENCo adds them from the school's MIS."
            )
        )
        return None
    current = notices.record_id("pupil")
    if current is not None and current not in names:
        notices.not_found()
    options = list(names)
    chosen = st.selectbox(
        label,
        options,
        index=options.index(current) if current in names else None,
        format_func=names.get,
        placeholder="Choose a pupil",
        key=key,
    )
    if chosen is not None and chosen != current:
        st.query_params["pupil"] = str(chosen)
    return chosen


def language_advice(text: str, form_of_address: str | None = None) -> None:
    """Wording advice for text written to or about parents: it advises, it never blocks."""
    from sendlib.timeline import language

    findings = language.check(text or "", form_of_address)
    if not findings:
        return
    lines = [
        f"- “{md_escape(f.text)}” — {md_escape(f.why)} Try: {md_escape(f.suggestion)}"
        for f in findings
    ]
    st.info("**Wording that could work better with parents:**\n" + "\n".join(lines))


# Streamlit draws the header row and each row 35 px high, and on its own shows at most ten rows.
TABLE_ROW_PX = 35
# Rows this tall show a cell's words on two lines (Streamlit wraps text in rows over 64 px).
TWO_LINE_ROW_PX = 66
# As many rows as a school laptop (1366 x 768, less the browser's bars) shows at once.
TABLE_MOST_ROWS = 16


def table_height(rows: int, row_px: int = TABLE_ROW_PX) -> int:
    """How tall a table of `rows` rows is drawn, in pixels: every row (an empty table keeps
    one for its word) up to a laptop's screenful, then it scrolls inside."""
    body = min(max(rows, 1) * row_px, TABLE_MOST_ROWS * TABLE_ROW_PX)
    return TABLE_ROW_PX + body + 2  # and the border


def table(
    frame: pd.DataFrame,
    key: str,
    columns: dict[str, int] | None = None,
    **options,
) -> object:
    """A read-only table: ids hidden, dates as DD/MM/YYYY, times as DD/MM/YYYY HH:mm, an empty
    cell blank (never "None"), and as tall as its rows (see table_height); a word for it is the
    frame's to choose.

    `columns` chooses what shows, in order, with each column's width in pixels, so the key
    columns are on screen on a school laptop; the rest of the frame stays in it (for the row a
    user picks) but is not shown."""
    config: dict[str, object] = {}
    # A column with nothing in it yet (no action done) reads better blank than "None".
    empty = [c for c in frame.columns if frame[c].isna().all()]
    frame = frame.assign(**{c: "" for c in empty}) if empty and len(frame) else frame
    widths = dict(columns or {})
    for column in frame.columns:
        width = widths.get(column)
        if column.islower() and column.endswith(("_id", "_username")):
            config[column] = None  # ids are for the app, not for people
        elif pd.api.types.is_datetime64_any_dtype(frame[column]):
            # pandas holds a column of plain dates as date-times at midnight: no time for those.
            times = frame[column].dropna()
            dates_only = (times == times.dt.normalize()).all()
            form = "DD/MM/YYYY" if dates_only else "DD/MM/YYYY HH:mm"
            config[column] = st.column_config.DatetimeColumn(column, format=form, width=width)
        elif any(isinstance(v, date) for v in frame[column].dropna().head(1)):
            config[column] = st.column_config.DateColumn(column, format="DD/MM/YYYY", width=width)
        elif column in widths:
            config[column] = st.column_config.Column(column, width=width)
    if columns:
        options.setdefault("column_order", [c for c in widths if c in frame.columns])
    options.setdefault("placeholder", "")
    options.setdefault(
        "height", table_height(len(frame), options.get("row_height") or TABLE_ROW_PX)
    )
    return st.dataframe(
        frame, hide_index=True, width="stretch", column_config=config, key=key, **options
    )


# The most rows a long list sends to the browser at once (see page_of).
PAGE_ROWS = 100


def page_of(frame: pd.DataFrame, key: str, noun: str, asked: object) -> pd.DataFrame:
    """One page of a long list, PAGE_ROWS rows, with the control that turns the pages and words
    saying which rows are shown; a list that fits on one page is returned whole, with neither.
    A browser is sent the rows it shows, not thousands it would have to scroll through. A list
    asked for differently (`asked`: its filters) starts again at its first page."""
    pages = -(-len(frame) // PAGE_ROWS)
    if st.session_state.get(f"{key}_asked") != asked:
        st.session_state[f"{key}_asked"] = asked
        st.session_state.pop(key, None)
    if pages <= 1:
        return frame
    words, control = st.columns([3, 1], vertical_alignment="bottom")
    page = control.number_input(f"Page (of {pages:,d})", 1, pages, step=1, key=key)
    first = (page - 1) * PAGE_ROWS
    shown = frame.iloc[first : first + PAGE_ROWS]
    words.caption(
        f"Showing {md_escape(noun)} {first + 1:,d} to {first + len(shown):,d} of {len(frame):,d}. "
        "Turn the page for the others."
    )
    return shown


def pick_row(
    frame: pd.DataFrame, id_column: str, label: str, key: str, *described_by: str
) -> int | None:
    """Choose one row of a table by its described columns ('Zoë Khan: Homework'); its id."""
    described = frame[described_by[0]].astype(str)
    for column in described_by[1:]:
        described = described + ": " + frame[column].astype(str)
    labels = dict(zip(frame[id_column].astype(int), described, strict=True))
    chosen = st.selectbox(label, list(labels), format_func=labels.get, key=key)
    return None if chosen is None else int(chosen)
