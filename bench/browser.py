"""What a SENCo waits for in a real browser: for each core screen, from a click on its menu entry,
and from a reload of its address, to the finished screen; beside a bare one-file Streamlit page
that shows a 400-row table and one Altair chart from the same school, reloaded in the same run.

"Finished" is the first moment after which, for SETTLE_MS, Streamlit has not been running the
script, the screen has its heading, and every chart on it has drawn: a second run the first one
causes (a cookie read, a rerun) counts, because the screen is not finished until it is over.

`python -m bench --browser` runs it (it needs Debian's Chromium and Playwright)."""

from __future__ import annotations

import statistics
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from tests.local_server import CHROMIUM, CHROMIUM_ARGS, running_app, sign_in

SETTLE_MS = 400
POLL_S = 0.02
COOKIE_KEY = "browser-bench-key-not-secret-at-all"
# The core screens: the menu entry's words, and the address a reload opens.
SCREENS = {
    "Home": "/",
    "SEN register": "/register",
    "Communication timeline": "/timeline",
    "Promises and replies": "/ledger",
    "Parent surgeries": "/surgery",
    "Transition packs": "/transition",
}
BARE = textwrap.dedent(
    '''
    """The bare page: a 400-row table and one chart from the school, nothing else."""
    import sys

    import altair as alt
    import duckdb
    import streamlit as st

    conn = duckdb.connect(sys.argv[1], read_only=True)
    st.title("Bare page")
    pupils = conn.execute(
        "SELECT legal_surname, legal_forename, year_group, class_name FROM pupils "
        "ORDER BY legal_surname LIMIT 400"
    ).df()
    st.dataframe(pupils, hide_index=True)
    counts = conn.execute(
        "SELECT year_group, count(*) AS pupils FROM pupils GROUP BY ALL ORDER BY 1"
    ).df()
    st.altair_chart(alt.Chart(counts).mark_bar().encode(x="year_group:O", y="pupils:Q"))
    '''
)
FINISHED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector('h1')) return false;
    const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
    for (const chart of charts) {
        if (!chart.querySelector('canvas, svg')) return false;
    }
    return true;
}"""


def until_finished(page, started: float, limit_s: float = 60) -> float:
    """Milliseconds from `started` to the moment the screen finished (see the module's words)."""
    finished_at = None
    deadline = time.perf_counter() + limit_s
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        if page.evaluate(FINISHED):
            finished_at = finished_at or now
            if (now - finished_at) * 1000 >= SETTLE_MS:
                return (finished_at - started) * 1000
        else:
            finished_at = None
        time.sleep(POLL_S)
    raise TimeoutError("the screen did not finish within a minute")


def _median(work: Callable[[], float], repeat: int) -> float:
    work()  # the first load of each screen warms the server's caches, as a day's first does
    return statistics.median(work() for _ in range(repeat))


def time_screens(page, url: str, repeat: int) -> dict[str, tuple[float, float]]:
    """Each core screen: (menu click to finished, reload to finished), medians of `repeat`."""
    found = {}
    for label, address in SCREENS.items():
        away = "/outbox" if address != "/outbox" else "/"

        def click(label=label, away=away) -> float:
            page.goto(url + away)
            until_finished(page, time.perf_counter())
            link = page.get_by_role("link", name=label, exact=True).first
            started = time.perf_counter()
            link.click()
            return until_finished(page, started)

        def reload(address=address) -> float:
            page.goto(url + address)
            until_finished(page, time.perf_counter())
            started = time.perf_counter()
            page.reload()
            return until_finished(page, started)

        found[label] = (_median(click, repeat), _median(reload, repeat))
    return found


def time_bare(page, url: str, repeat: int) -> float:
    def reload() -> float:
        started = time.perf_counter()
        page.reload()
        return until_finished(page, started)

    page.goto(url)
    until_finished(page, time.perf_counter())
    return _median(reload, repeat)


def run(path: Path, repeat: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """The bare page's reload, and each screen's click and reload, on the school at `path`
    (signed in as the demo's SENCo); medians in milliseconds."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit("The browser benchmark needs Chromium: apt-get install chromium")
    bare_db = path.with_name(f"bare-{path.name}")
    bare_db.write_bytes(path.read_bytes())
    script = path.with_name("bare.py")
    script.write_text(BARE)
    env = {"SENDHUB_COOKIE_KEY": COOKIE_KEY, "SENDHUB_TODAY": "2026-11-23"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with running_app(path, env, script=(script, str(bare_db))) as bare_url:
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                bare = time_bare(page, bare_url, repeat)
                page.close()
            with running_app(path, env) as url:
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                sign_in(page, url, "senco", "demo-senco-2026")
                until_finished(page, time.perf_counter())
                screens = time_screens(page, url, repeat)
                page.close()
        finally:
            browser.close()
    return bare, screens
