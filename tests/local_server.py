"""A real Streamlit server on a free loopback port, and Debian's Chromium driven headless by
Playwright: shared by the browser tests and the script that takes the README's screenshots."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Playwright is a development requirement, imported when a browser starts
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SIGN_IN_COOKIE = "sendhub_signin"
START_SECONDS = 60


class ServerDidNotStart(RuntimeError):
    """Streamlit did not answer its health check in time; the message ends with its log."""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing is listening on just now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


@contextmanager
def running_app(
    db_path: Path,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
    secrets_file: Path | None = None,
    script: tuple[Path, str] | None = None,
) -> Iterator[str]:
    """Run `streamlit run app.py` on the database at db_path; yields its address until closed.

    `env` adds to (or overrides) this process's environment, e.g. SENDHUB_TODAY and
    SENDHUB_COOKIE_KEY; `port` and `secrets_file` are for a server whose secrets name its own
    address (st.login's redirect); `script` another Streamlit script to serve instead of the
    app, with the one argument it takes. The server's output goes to a .log file beside the
    database.
    """
    db_path = Path(db_path)
    port = port or free_port()
    url = f"http://{'localhost' if secrets_file else '127.0.0.1'}:{port}"
    target = str(script[0]) if script else "app.py"
    command = [sys.executable, "-m", "streamlit", "run", target, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false"]
    if secrets_file:
        command += ["--secrets.files", str(secrets_file)]
    if script:
        command += ["--", script[1]]
    log_path = db_path.with_suffix(".bare.log" if script else ".log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {}), "SENDHUB_DB": str(db_path)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise ServerDidNotStart(
                        f"Streamlit did not start within {START_SECONDS} seconds:\n"
                        + log_path.read_text()[-2000:]
                    )
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def small_school_app(folder: Path, env: Mapping[str, str]) -> Iterator[str]:
    """The test school (tests/school.py), with its Tuesday surgery and its day pinned, served
    from a new database in folder; yields the address. Skips the test without Chromium."""
    import pytest

    from sendlib import db
    from sendlib.surgery import sessions
    from tests import school

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    path = Path(folder) / "school.duckdb"
    conn = db.connect(path)
    staff = school.populate(conn.cursor())
    sessions.save_pattern(conn.cursor(), staff["senco"], school.TUESDAYS, school.TODAY)
    conn.close()
    with running_app(path, {"SENDHUB_TODAY": school.TODAY.isoformat(), **env}) as url:
        yield url


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright; yields the Playwright Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_cookie(page: Page, name: str = SIGN_IN_COOKIE, seconds: float = 30) -> None:
    """Wait until the browser holds the named cookie, then until the rerun it causes is over."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(c["name"] == name for c in page.context.cookies()):
            wait_until_idle(page)
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the {name} cookie was never set")


def sign_in(page: Page, url: str, username: str, password: str) -> None:
    """Fill in and send the sign-in form on the home page (not waiting for what follows)."""
    page.goto(url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def wait_until_idle(page: Page, settle_ms: int = 600, seconds: float = 60) -> None:
    """Wait until Streamlit has finished running the script (no "Running" status), then settle."""
    deadline = time.monotonic() + seconds
    quiet_since = None
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').filter(has_text="Running")
        if running.count():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= settle_ms:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page was still running after a minute")
