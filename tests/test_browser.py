"""A real Streamlit server in headless Chromium: pages opened by URL are guarded, and a SENCo
can sign in and reach the register."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sendlib import db, surgeries
from tests import school

pytestmark = pytest.mark.browser
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
PUPIL_NAMES = ["Zoë", "Łukasz", "Nguyễn", "Siobhán"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    path = tmp_path_factory.mktemp("browser") / "school.duckdb"
    conn = db.connect(path)
    staff = school.populate(conn.cursor())
    surgeries.save_pattern(conn.cursor(), staff["senco"], school.TUESDAYS, school.TODAY)
    conn.close()
    port = _free_port()
    env = {
        **os.environ,
        "SENDHUB_DB": str(path),
        "SENDHUB_COOKIE_KEY": "browser-test-key-not-secret",
        "SENDHUB_TODAY": school.TODAY.isoformat(),
    }
    log = open(path.with_suffix(".log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("Streamlit did not start within 60 seconds")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _wait_for_cookie(page, name: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(c["name"] == name for c in page.context.cookies()):
            page.wait_for_timeout(500)  # and let the rerun it causes settle
            return
        page.wait_for_timeout(200)
    pytest.fail(f"the {name} cookie was never set")


@pytest.mark.parametrize("path", ["/", "/register", "/pupil?pupil=1", "/import"])
def test_opening_a_page_by_url_signed_out_shows_only_the_sign_in_form(server, browser, path):
    page = browser.new_page()
    page.goto(server + path)
    page.get_by_label("Username").wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # let the rest of the run arrive, if anything else were coming
    body = page.inner_text("body")
    assert "Sign in" in body
    assert not [name for name in PUPIL_NAMES if name in body]
    assert "Search by name or UPN" not in body
    page.close()


def _sign_in(browser, server: str, username: str):
    page = browser.new_page()
    page.goto(server + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(school.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def test_a_senco_signs_in_and_reaches_the_register(server, browser):
    page = _sign_in(browser, server, "senco")
    page.get_by_text("Welcome, Sam Senco").first.wait_for(timeout=30_000)
    _wait_for_cookie(page, "sendhub_signin")
    page.get_by_role("link", name="SEN register").first.click()
    page.get_by_role("heading", name="SEN register", exact=True).first.wait_for(timeout=30_000)
    page.get_by_text("Search by name or UPN").first.wait_for(timeout=30_000)
    assert "Sam Senco" in page.inner_text("body")
    # A fresh load of a page's address keeps the SENCo signed in (the sign-in cookie).
    page.goto(server + "/register")
    page.get_by_text("Search by name or UPN").first.wait_for(timeout=30_000)
    page.close()


def test_signing_out_holds_after_a_page_refresh(server, browser):
    page = _sign_in(browser, server, "teacher")
    _wait_for_cookie(page, "sendhub_signin")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").first.wait_for(timeout=30_000)
    page.goto(server + "/register")
    page.get_by_label("Username").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert "Search by name or UPN" not in page.inner_text("body")
    page.close()


def test_wrong_password_gives_one_message_and_no_way_in(server, browser):
    page = browser.new_page()
    page.goto(server + "/register")
    page.get_by_label("Username").fill("senco")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Those details were not recognised").first.wait_for(timeout=30_000)
    assert "Search by name or UPN" not in page.inner_text("body")
    page.close()


def test_the_office_books_a_surgery_slot(server, browser):
    page = _sign_in(browser, server, "office")
    _wait_for_cookie(page, "sendhub_signin")
    page.goto(server + "/surgery?week=2026-11-23")
    page.get_by_text("Week beginning Monday 23 November 2026").first.wait_for(timeout=30_000)
    pupil = page.get_by_role("combobox", name="Pupil")
    pupil.click()
    pupil.fill("Łukasz")
    page.keyboard.press("Enter")
    page.get_by_text("needs an interpreter").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Book this slot").click()
    page.get_by_text("Booked Tue 24/11 at 13:30 for Łukasz Nowak (3B).").first.wait_for(
        timeout=30_000
    )
    page.get_by_text("5 slots: 1 booked, 4 free to book.").first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "SEN support" not in body and "EHC" not in body
    page.close()


def test_a_senco_starts_a_transition_pack_from_the_record(server, browser):
    page = _sign_in(browser, server, "senco")
    _wait_for_cookie(page, "sendhub_signin")
    page.goto(server + "/transition?pupil=3")
    page.get_by_text("A pupil's pack", exact=True).first.click()
    page.get_by_text("Start a transition pack").first.wait_for(timeout=30_000)
    page.get_by_role("textbox", name="Moving to").fill("Year 6, Elm class")
    page.get_by_role("spinbutton", name="day, Move date").first.click()
    page.keyboard.type("02092027")
    page.get_by_role("button", name="Start the pack").click()
    page.get_by_text("Pack started from the pupil's record.").first.wait_for(timeout=30_000)
    page.get_by_text("Draft: not yet shared with the parents (version 1)").first.wait_for(
        timeout=30_000
    )
    page.close()
