"""Running pages under Streamlit's AppTest as a given user, and reading what they show."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from sendlib import db, signins, users
from sendlib.ui.signin import SIGN_IN_KEY
from tests import school

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def make_school(path: Path) -> Path:
    """A database file holding the test school (tests/school.py)."""
    conn = db.connect(path)
    school.populate(db.cursor(conn))
    conn.close()
    return path


def serve(path: Path, monkeypatch) -> Path:
    """Point the pages at this database, with a test cookie key and the test school's today."""
    monkeypatch.setenv("SENDHUB_DB", str(path))
    monkeypatch.setenv("SENDHUB_COOKIE_KEY", "test-cookie-key-not-secret-at-all-32")
    monkeypatch.setenv("SENDHUB_TODAY", school.TODAY.isoformat())
    # Emails go only when a test sends them, not in whichever page run comes first.
    monkeypatch.setenv("SENDHUB_SEND_IN_APP", "0")
    return path


@contextmanager
def held_elsewhere(path: Path) -> Iterator[int]:
    """Another process holding the database file open, as a second copy of the app would; yields
    its process number."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "open\n"
        yield holder.pid
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def start_sign_in(username: str) -> str:
    """A sign-in for this account on the served database, as the sign-in form makes; its id."""
    cur = db.cursor(db.connect(os.environ["SENDHUB_DB"]))
    return signins.start(cur, users.get_user(cur, username), "test").sign_in_id


def run_page(
    page: str | Path,
    username: str | None = None,
    query: dict | None = None,
    state: dict | None = None,
) -> AppTest:
    """Run one page; signed in as `username` (as a valid sign-in cookie would) or signed out;
    `state` sets widgets' values first (e.g. which view a page shows)."""
    # Always enter through app.py, as the server does, so links between pages resolve.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    relative = Path(page).resolve().relative_to(ROOT) if Path(page).is_absolute() else Path(page)
    if relative.as_posix() != "app.py":
        at.switch_page(relative.as_posix())
    if username:
        at.session_state[SIGN_IN_KEY] = start_sign_in(username)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def as_read(markdown: str) -> str:
    """What a reader sees of a message whose people's text md_escape made safe: the text with
    its backslash escapes taken out (formatting such as **bold** is left as it is)."""
    return re.sub(r"\\(.)", r"\1", markdown, flags=re.DOTALL)


def _chart_text(chart) -> str:
    """A chart's spec and every value in its data (tooltips and labels come from these)."""
    frames = [chart.data.data] if chart.data.data else []
    frames += [named.data.data for named in chart.datasets if named.data.data]
    tables = [pa.ipc.open_stream(raw).read_all().to_pandas().to_string() for raw in frames]
    return "\n".join([chart.spec, *tables])


def shown_text(at: AppTest) -> str:
    """Everything the page put on screen, tables included, as one string."""
    parts = []
    for node in at._tree:
        try:
            value = getattr(node, "value", None)
        except (AttributeError, KeyError, ValueError):  # widgets with no value yet
            value = None
        if hasattr(value, "to_string"):
            parts.append(value.to_string())
        elif isinstance(value, str):
            parts.append(value)
        if getattr(node, "type", None) == "vega_lite_chart":
            parts.append(_chart_text(node.proto))
        for attribute in ("label", "body", "options"):
            extra = getattr(getattr(node, "proto", None), attribute, None)
            if isinstance(extra, str):
                parts.append(extra)
            elif extra is not None and attribute == "options":
                parts.extend(str(o) for o in extra)
    return "\n".join(parts)
