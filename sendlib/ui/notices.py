"""Messages shown in place of what a page would show: a record named in the page's address that
cannot be opened, and a database that cannot be opened."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from sendlib import backup
from sendlib.errors import DatabaseDamaged, DatabaseUnavailable
from sendlib.school.settings import is_demo
from sendlib.ui.text import md_escape

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


def cannot_open_database(exc: DatabaseUnavailable, path: str) -> None:
    """Say why the school's database cannot be opened, then stop. Nobody can be signed in
    without it, so the page names no file or process; the server's log gets those."""
    print(f"SEND Partnership Hub could not open {path}: {exc.details}", file=sys.stderr)
    if isinstance(exc, DatabaseDamaged):
        folder, newest = backup.newest_beside(Path(path))
        print(
            f"Backups are in the folder chosen in School settings; unless it was changed, {folder}"
            + (f" (newest there: {newest.name})" if newest else " (none found there)")
            + ". To restore, stop the app, then run: python -m sendlib restore "
            + f"{newest or '<backup file>'} --db {path}",
            file=sys.stderr,
        )
    sys.stderr.flush()
    st.error(md_escape(exc))
    st.stop()


def backup_notices(cur, passphrase: str | None) -> None:
    """For whoever looks after the backups, on every page: why the last automatic backup failed,
    and (outside the demo) that backups are not encrypted for want of a passphrase."""
    problem = backup.last_problem(cur)
    if problem:
        st.warning(
            f"**The automatic backup failed.** {md_escape(problem)} Open School settings, "
            "Backups, to choose a folder that can be written to.",
            icon=":material/backup:",
        )
    if passphrase is None and not is_demo(cur):
        # In the menu, on every page, without pushing the page down on a projector; the how-to
        # is on School settings.
        st.sidebar.warning(
            "**Backups are not encrypted.** School settings, Backups, says how to change that.",
            icon=":material/lock_open:",
        )


def unencrypted_backups_howto() -> None:
    """On School settings: why and how to encrypt the backups."""
    st.info(
        "**Backups are not encrypted**: whoever picks up the backup drive can read every "
        "pupil's record. Choose a long passphrase (five or six random words), write it on "
        "paper for the office safe, put it in the app's secrets file as "
        f"{backup.PASSPHRASE_SECRET} (or the {backup.PASSPHRASE_VARIABLE} environment "
        "variable) and restart the app: every backup from then on is encrypted.",
        icon=":material/lock_open:",
    )
