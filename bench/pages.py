"""Page timings: warm AppTest runs of the busiest pages (the register, the timeline, the
surgery grid, the transition tracker, a pupil's profile and the dashboard), as the SENCo and in staff-meeting
mode, beside an empty page run in the same process, which is AppTest's own overhead."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench.timing import TODAY, median_ms
from sendlib import db, signins, users

ROOT = Path(__file__).resolve().parents[1]


def _page_run(
    page: str, query: dict[str, str] | None = None, username: str = "senco", tables: int = 1
) -> Callable[[], None]:
    """One AppTest run of a page as the SENCo (or another account), checked to have worked:
    no exception, a title, and at least `tables` tables."""
    from streamlit.testing.v1 import AppTest

    from sendlib.ui.signin import SIGN_IN_KEY

    cur = db.cursor(db.connect(os.environ["SENDHUB_DB"]))
    sign_in_id = signins.start(cur, users.get_user(cur, username), "bench").sign_in_id

    def run() -> None:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if page != "app.py":
            at.switch_page(page)
        at.session_state[SIGN_IN_KEY] = sign_in_id
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        assert at.title and len(at.dataframe) >= tables

    return run


def time_pages(path: Path, repeat: int) -> dict[str, float]:
    """Warm AppTest runs of the busiest pages as the SENCo, and of an empty page, in ms."""
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # AppTest warns on every run that it has no server
    os.environ["SENDHUB_DB"] = str(path)
    os.environ["SENDHUB_COOKIE_KEY"] = "benchmark-key-not-secret"
    os.environ["SENDHUB_TODAY"] = TODAY.isoformat()
    conn = db.connect(path)
    busiest = db.scalar(
        conn, "SELECT pupil_id FROM communications GROUP BY pupil_id ORDER BY count(*) DESC LIMIT 1"
    )
    # A second SENCo account with staff-meeting mode on: the same pages, masked for a projector.
    projector = users.add_user(conn, "projector", "Projector", "senco", "benchmark-password")
    users.set_staff_meeting(conn, projector, True)
    conn.close()
    week = (TODAY - timedelta(days=TODAY.weekday())).isoformat()
    runs = {
        "register page": _page_run("pages/register.py"),
        "timeline page, one pupil": _page_run("pages/timeline.py", {"pupil": str(busiest)}),
        "timeline page, school-wide 90 days": _page_run("pages/timeline.py"),
        "surgery grid page, one week": _page_run("pages/surgery.py", {"week": week}),
        "surgery grid page, whole term": _page_run(
            "pages/surgery.py", {"week": week, "span": "term"}
        ),
        "transition tracker page": _page_run("pages/transition.py"),
        # Its first tab, About, is words: no table.
        "pupil profile page": _page_run("pages/pupil.py", {"pupil": str(busiest)}, tables=0),
        "dashboard (home page)": _page_run("app.py"),
        "dashboard, staff-meeting mode": _page_run("app.py", username="projector"),
        "register page, staff-meeting mode": _page_run("pages/register.py", username="projector"),
        "empty page (AppTest overhead)": lambda: AppTest.from_string(
            "import streamlit as st\nst.write('empty')"
        ).run(),
    }
    for run in runs.values():
        run()  # warm: open the database, import modules
    return {name: median_ms(run, repeat) for name, run in runs.items()}
