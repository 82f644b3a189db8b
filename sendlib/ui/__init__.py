"""The Streamlit side of the app: the cached connection, the guard every page starts with, the
menu and widgets shared by pages (signing in is in sendlib.ui.signin). Every page starts with `user, cur = ui.guard("screen")`."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from time import monotonic

import pandas as pd
import streamlit as st
from streamlit import runtime
from streamlit.runtime.media_file_storage import MediaFileKind

from sendlib import access, backup, db, signins, users
from sendlib.errors import SendHubError, ValidationError
from sendlib.ui import signin
from sendlib.ui.connection import at as at
from sendlib.ui.connection import configured_db_path as configured_db_path
from sendlib.ui.connection import cursor as cursor
from sendlib.ui.connection import now as now
from sendlib.ui.connection import secret as secret
from sendlib.ui.connection import today as today
from sendlib.ui.text import md_escape as md_escape
from sendlib.users import User

# screen -> (page file, menu label, icon)
PAGES = {
    "home": ("app.py", "Home", ":material/home:"),
    "register": ("pages/register.py", "SEN register", ":material/groups:"),
    "pupil": ("pages/pupil.py", "Pupil profile", ":material/person:"),
    "log": ("pages/log.py", "Log a contact", ":material/edit_note:"),
    "timeline": ("pages/timeline.py", "Communication timeline", ":material/forum:"),
    "ledger": ("pages/ledger.py", "Promises and replies", ":material/task_alt:"),
    "import": ("pages/import.py", "Import pupils", ":material/upload_file:"),
    "users": ("pages/users.py", "Staff accounts", ":material/manage_accounts:"),
    "surgery": ("pages/surgery.py", "Parent surgeries", ":material/event_available:"),
    "transition": ("pages/transition.py", "Transition packs", ":material/move_up:"),
    "settings": ("pages/settings.py", "School settings", ":material/settings:"),
    "audit": ("pages/audit.py", "Audit log", ":material/policy:"),
    "retention": ("pages/retention.py", "Leavers past retention", ":material/auto_delete:"),
}


def _demo_banner(cur: db.Cursor) -> None:
    if db.get_setting(cur, "is_demo") == "true":
        st.warning(
            "**Fictional demo data.** Every pupil, parent and member of staff here is invented.",
            icon=":material/theater_comedy:",
        )


def guard(screen: str, title: str | None = None) -> tuple[User, db.Cursor]:
    """Stop the page unless someone is signed in whose role may open this screen."""
    label = PAGES[screen][1]
    st.set_page_config(page_title=f"{title or label} · SEND Partnership Hub", layout="wide")
    cur = cursor()
    _demo_banner(cur)
    auth = signin.authenticator(cur)
    checked = signin.signed_in(cur, auth)
    if checked.user is None:
        form = st.empty()
        with form.container():
            checked = signin.login_form(cur, auth)
        if checked.user is None:
            st.stop()
        form.empty()
        # Outside the cleared form, so the cookie component is still on the page to run.
        signin.set_cookie(cur, auth, checked.sign_in)
    user = checked.user
    _menu(user)
    _staff_meeting_marker(user)
    signin.failed_tries_notice(checked)
    _show_flash()
    if access.can(user, "settings", "backup") and backup.last_problem(cur):
        st.warning(
            f"**The automatic backup failed.** {md_escape(backup.last_problem(cur))} "
            "Open School settings, Backups, to choose a folder that can be written to.",
            icon=":material/backup:",
        )
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


def _menu(user: User) -> None:
    with st.sidebar:
        st.markdown(f"**{md_escape(user.name)}**  \n{user.role_label}")
        for screen in access.screens_for(user):
            if screen == "pupil" or screen not in PAGES:
                continue  # the profile opens from the register; some screens have no page yet
            path, label, icon = PAGES[screen]
            st.page_link(path, label=label, icon=icon)
        # Shown while the mode is on whatever the role, so it can always be switched off.
        if access.may_use_staff_meeting(user) or user.staff_meeting:
            # The database decides, on every run: a reload cannot switch the mode off.
            st.session_state["menu_staff_meeting"] = user.staff_meeting
            st.toggle(
                "Staff-meeting mode",
                key="menu_staff_meeting",
                on_change=_switch_staff_meeting,
                help="For a projector: pupils and parents by initials, notes hidden, nothing "
                "changed. It stays on, on every page, until you switch it off.",
            )
        # Acted on at the top of the next run: see _signed_in_user.
        st.button("Sign out", key="menu_sign_out")


def _switch_staff_meeting() -> None:
    cur = cursor()
    user = signins.check(cur, st.session_state.get(signin.SIGN_IN_KEY)).user
    if user is not None:
        users.set_staff_meeting(cur, user, bool(st.session_state.get("menu_staff_meeting")))


def _staff_meeting_marker(user: User) -> None:
    if user.staff_meeting:
        st.warning(
            "**Staff-meeting mode is on.** Pupils and parents show as initials, notes are hidden "
            "and nothing can be changed. Switch it off in the menu after the meeting.",
            icon=":material/co_present:",
        )


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


# Streamlit serves a made file at its /media/ address to anyone holding that address, signed
# in or not, until it collects the file; nothing ties the address to a session. So a file is
# made only when its button is pressed, and dropped once the browser has had time to fetch it.
DOWNLOAD_SECONDS = float(os.environ.get("SENDHUB_DOWNLOAD_SECONDS", "20"))


def _drop_later(data: bytes, mime: str, file_name: str) -> None:
    """Remove a made file from Streamlit's media store after DOWNLOAD_SECONDS."""
    if not runtime.exists():
        return  # run without a server (AppTest): nothing is served
    # The store is reached through a private attribute: Streamlit has no public way to
    # withdraw a file. load_and_get_id is idempotent: it gives the id the download will have.
    storage = runtime.get_instance().media_file_mgr._storage
    file_id = storage.load_and_get_id(data, mime, MediaFileKind.DOWNLOADABLE, file_name)
    timer = threading.Timer(DOWNLOAD_SECONDS, storage.delete_file, args=(file_id,))
    timer.daemon = True
    timer.start()


def download(
    label: str,
    cur: db.Cursor,
    make: Callable[[db.Cursor], bytes],
    file_name: str,
    mime: str,
    key: str,
    primary: bool = False,
) -> None:
    """A download button that builds (and audits) the file only when it is clicked; the file
    is gone from the server DOWNLOAD_SECONDS later. A primary one is the page's next step."""

    def build() -> bytes:
        # Deferred downloads run on another thread, which needs its own cursor.
        data = make(db.cursor(cur))
        if isinstance(data, str):
            data = data.encode("utf-8")  # as Streamlit would, so the file's id is the same
        _drop_later(data, mime, file_name)
        return data

    # No rerun on click: a rerun would swap the page's other download buttons mid-click.
    st.download_button(
        label,
        data=build,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        type="primary" if primary else "secondary",
    )


# "&" too: "&lt;" would otherwise show as "<", not as typed.
def labelled(label: str, text: object, empty: str = "Not recorded") -> None:
    """A label in bold with a person's words under it, shown exactly as typed."""
    shown = (
        md_escape(text).replace("\n", "  \n") if text not in (None, "") else f"*{md_escape(empty)}*"
    )
    st.markdown(f"**{label}**  \n{shown}")


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


def _show_flash() -> None:
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


def pupil_picker(cur: db.Cursor, user: User, key: str, label: str = "Pupil") -> int | None:
    """Choose one of the pupils this user may see; remembers the choice in the page's address."""
    from sendlib.pupils import register
    from sendlib.ui import notices

    names = register.pupil_choices(cur, user)
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
