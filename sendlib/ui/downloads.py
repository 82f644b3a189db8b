"""Download buttons that make their file only when pressed, and withdraw it from Streamlit's
media store soon after, so a file's address does not outlive the download."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import streamlit as st
from streamlit import runtime
from streamlit.runtime.media_file_storage import MediaFileKind

from sendlib import db

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
