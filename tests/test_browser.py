"""A real Streamlit server in headless Chromium: pages opened by URL are guarded, a SENCo can
sign in and reach the register, and staff-meeting mode from the menu hides the register's names."""

from __future__ import annotations

import contextlib
import time
import urllib.error
import urllib.request

import jwt
import pytest

from tests import school
from tests.local_server import (
    SIGN_IN_COOKIE,
    sign_in,
    small_school_app,
    wait_for_cookie,
    wait_until_idle,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError
PlaywrightError = pytest.importorskip("playwright.sync_api").Error
PUPIL_NAMES = ["Zoë", "Łukasz", "Nguyễn", "Siobhán"]
STAFF_MEETING_MARKER = "Staff-meeting mode is on."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {
        "SENDHUB_COOKIE_KEY": "browser-test-key-not-secret-at-all-32",
        "SENDHUB_DOWNLOAD_SECONDS": "3",
    }
    with small_school_app(tmp_path_factory.mktemp("browser"), env) as url:
        yield url


@pytest.mark.parametrize("path", ["/", "/register", "/pupil?pupil=1", "/import"])
def test_opening_a_page_by_url_signed_out_shows_only_the_sign_in_form(server, browser, path):
    page = browser.new_page()
    page.goto(server + path)
    expect(page.get_by_label("Username").first).to_be_visible(timeout=30_000)
    wait_until_idle(page)  # let the rest of the run arrive, if anything else were coming
    body = page.inner_text("body")
    assert "Sign in" in body
    assert not [name for name in PUPIL_NAMES if name in body]
    assert "Search by name or UPN" not in body
    page.close()


def _sign_in(browser, server: str, username: str):
    page = browser.new_page()
    sign_in(page, server, username, school.PASSWORD)
    return page


def test_a_senco_signs_in_and_reaches_the_register(server, browser):
    page = _sign_in(browser, server, "senco")
    expect(page.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=30_000)
    wait_for_cookie(page)
    # The sign-in lasts one school day at most: ten hours, not the library's default of 30 days.
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "sendhub_signin"]
    assert 9.9 * 3600 < cookie["expires"] - time.time() <= 10 * 3600
    page.get_by_role("link", name="SEN register").first.click()
    heading = page.get_by_role("heading", name="SEN register", exact=True).first
    expect(heading).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Search by name or UPN").first).to_be_visible(timeout=30_000)
    assert "Sam Senco" in page.inner_text("body")
    # A fresh load of a page's address keeps the SENCo signed in (the sign-in cookie).
    page.goto(server + "/register")
    expect(page.get_by_text("Search by name or UPN").first).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Username")).to_have_count(0)
    page.close()


def test_the_sign_in_cookie_is_set_even_when_its_component_loads_after_the_next_click(
    server, browser
):
    # On a slow machine the cookie component may not have loaded before the SENCo's next
    # click reruns the page; the cookie must still be set, or a refresh would sign them out.
    page = browser.new_page()
    page.goto(server + "/")
    expect(page.get_by_label("Username").first).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    held = []
    component = "**/component/*cookie_manager*/index.html*"
    page.route(component, lambda route: held.append(route))
    sign_in(page, server, "senco", school.PASSWORD)
    expect(page.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="SEN register").first.click()
    expect(page.get_by_text("Search by name or UPN").first).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert held, "the cookie component was never asked for"
    assert not [c for c in page.context.cookies() if c["name"] == SIGN_IN_COOKIE]
    for route in held:
        # A frame the page has since removed has had its request cancelled already.
        with contextlib.suppress(PlaywrightError):
            route.continue_()
    page.unroute(component)
    wait_for_cookie(page)
    page.goto(server + "/register")
    expect(page.get_by_text("Search by name or UPN").first).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Username")).to_have_count(0)
    page.close()


def test_signing_out_holds_after_a_page_refresh(server, browser):
    page = _sign_in(browser, server, "teacher")
    wait_for_cookie(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.").first).to_be_visible(timeout=30_000)
    page.goto(server + "/register")
    expect(page.get_by_label("Username").first).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert "Search by name or UPN" not in page.inner_text("body")
    page.close()


def test_signing_out_in_one_tab_signs_out_another_tab_of_the_same_browser(server, browser):
    context = browser.new_context()
    first = context.new_page()
    sign_in(first, server, "senco", school.PASSWORD)
    expect(first.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=30_000)
    wait_for_cookie(first)
    second = context.new_page()
    second.goto(server + "/audit")
    expect(second.get_by_role("heading", name="Audit log").first).to_be_visible(timeout=30_000)

    first.get_by_role("button", name="Sign out").click()
    expect(first.get_by_text("You have signed out.").first).to_be_visible(timeout=30_000)
    # The second tab's next click is refused, and says why. The tab may notice by itself first
    # (its cookie changed under it, which reruns it), and then the link is already gone.
    with contextlib.suppress(PlaywrightTimeout):
        second.get_by_role("link", name="SEN register").first.click(timeout=10_000)
    why = second.get_by_text("this account signed out in another tab or browser").first
    expect(why).to_be_visible(timeout=30_000)
    expect(second.get_by_label("Username").first).to_be_visible(timeout=30_000)
    wait_until_idle(second)
    body = second.inner_text("body")
    assert "Search by name or UPN" not in body and "Sam Senco" not in body
    # Still said once the page has settled (deleting the cookie reruns it).
    assert "this account signed out in another tab or browser" in body
    context.close()


def test_an_unsigned_sign_in_cookie_is_treated_as_none(server, browser):
    context = browser.new_context()
    forged = jwt.encode(
        {"sid": "made-up", "username": "senco", "exp": int(time.time()) + 3600},
        None,
        algorithm="none",
    )
    context.add_cookies([{"name": SIGN_IN_COOKIE, "value": forged, "url": server}])
    page = context.new_page()
    for _ in range(2):
        page.goto(server + "/register")
        # While deleting the refused cookie reruns the page, the old form may stand beside the
        # new one for a moment; once it has settled there is one.
        expect(page.get_by_label("Username").first).to_be_visible(timeout=30_000)
        expect(page.get_by_label("Username")).to_have_count(1, timeout=30_000)
        wait_until_idle(page)
        body = page.inner_text("body")
        assert "This app has encountered an error" not in body
        assert "Search by name or UPN" not in body
    context.close()


def _status_once_gone(address: str, seconds: float) -> int:
    """Ask for the address, with no cookies, until it answers with an error; that error's status.
    Fails if it is still there after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(address, timeout=10):
                pass
        except urllib.error.HTTPError as refused:
            return refused.code
        time.sleep(0.25)
    raise AssertionError(f"{address} still answered after {seconds} seconds")


def test_an_exported_file_is_gone_from_its_address_soon_after(server, browser):
    page = _sign_in(browser, server, "senco")
    expect(page.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=30_000)
    wait_for_cookie(page)
    page.goto(server + "/register")
    expect(page.get_by_text("Search by name or UPN").first).to_be_visible(timeout=30_000)
    # A click while the page is still running would hold the button's previous file id.
    wait_until_idle(page)
    with page.expect_download(timeout=30_000) as made:
        page.get_by_role("button", name="Export CSV").click()
    address = made.value.url
    assert "/media/" in address
    assert "Zoë" in made.value.path().read_text(encoding="utf-8-sig")
    # Anyone holding the address, with no cookies at all, finds nothing there once the
    # browser has had its copy (the server keeps it for SENDHUB_DOWNLOAD_SECONDS, 3 here).
    assert _status_once_gone(address, seconds=30) == 404
    page.close()


def test_wrong_password_gives_one_message_and_no_way_in(server, browser):
    page = browser.new_page()
    page.goto(server + "/register")
    page.get_by_label("Username").fill("senco")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Those details were not recognised").first).to_be_visible(
        timeout=30_000
    )
    assert "Search by name or UPN" not in page.inner_text("body")
    page.close()


def test_the_office_books_a_surgery_slot(server, browser):
    page = _sign_in(browser, server, "office")
    wait_for_cookie(page)
    page.goto(server + "/surgery?week=2026-11-23")
    week = page.get_by_text("Week beginning Monday 23 November 2026").first
    expect(week).to_be_visible(timeout=30_000)
    pupil = page.get_by_role("combobox", name="Pupil")
    pupil.click()
    pupil.fill("Łukasz")
    page.keyboard.press("Enter")
    expect(page.get_by_text("needs an interpreter").first).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Book this slot").click()
    booked = page.get_by_text("Booked Tue 24/11 at 13:30 for Łukasz Nowak (3B).").first
    expect(booked).to_be_visible(timeout=30_000)
    counts = page.get_by_text("5 slots: 1 booked, 4 free to book.").first
    expect(counts).to_be_visible(timeout=30_000)
    body = page.inner_text("body")
    assert "SEN support" not in body and "EHC" not in body
    page.close()


def test_a_senco_starts_a_transition_pack_from_the_record(server, browser):
    page = _sign_in(browser, server, "senco")
    wait_for_cookie(page)
    page.goto(server + "/transition?pupil=3")
    page.get_by_text("A pupil's pack", exact=True).first.click()
    expect(page.get_by_text("Start a transition pack").first).to_be_visible(timeout=30_000)
    page.get_by_role("textbox", name="Moving to").fill("Year 6, Elm class")
    page.get_by_role("spinbutton", name="day, Move date").first.click()
    page.keyboard.type("02092027")
    page.get_by_role("button", name="Start the pack").click()
    started = page.get_by_text("Pack started from the pupil's record.").first
    expect(started).to_be_visible(timeout=30_000)
    status = page.get_by_text("Draft: not yet shared with the parents (version 1)").first
    expect(status).to_be_visible(timeout=30_000)
    # The pack shows the move as typed.
    move = page.get_by_text("Year 6, Elm class, from 02/09/2027").first
    expect(move).to_be_visible(timeout=30_000)
    page.close()


def _sent_to(page):
    """What the server has sent this page over Streamlit's websocket since it last loaded: the
    register's table is drawn on a canvas, so its names are looked for in the data it is drawn
    from."""
    sockets: list[list[bytes]] = []

    def opened(socket) -> None:
        frames: list[bytes] = []
        sockets.append(frames)
        socket.on(
            "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
        )

    page.on("websocket", opened)
    return lambda: b"".join(sockets[-1]).decode("utf-8", "replace") if sockets else ""


def _open_register(page, server: str) -> str:
    page.goto(server + "/register")
    expect(page.get_by_text("Show leavers instead").first).to_be_visible(timeout=30_000)
    # The table comes after the counts.
    expect(page.get_by_test_id("stDataFrame").last).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    return page.inner_text("body")


def test_staff_meeting_mode_from_the_menu_hides_the_registers_names_until_switched_off(
    server, browser
):
    # Left till last in this file: the mode is kept on the SENCo's account until switched off.
    full_names = [f"{known or first} {last}" for first, last, known, *_ in school.PUPILS[:5]]
    page = _sign_in(browser, server, "senco")
    expect(page.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=30_000)
    wait_for_cookie(page)
    sent = _sent_to(page)
    page.get_by_test_id("stSidebar").get_by_text("Staff-meeting mode").click()
    expect(page.get_by_text(STAFF_MEETING_MARKER).first).to_be_visible(timeout=30_000)

    body = _open_register(page, server)
    assert STAFF_MEETING_MARKER in body
    shown = body + sent()
    assert [name for name in full_names if name in shown] == []
    assert "Z. O." in shown and "Ł. N." in shown  # the rows are there, by initials
    assert "Search by name or UPN" not in body  # a typed name would pick a pupil out
    assert "Broad area of need" not in body  # nor would a need chosen, beside initials
    assert "Choose a row to open" not in body  # rows open nothing in the mode

    page.get_by_test_id("stSidebar").get_by_text("Staff-meeting mode").click()
    expect(page.get_by_text(STAFF_MEETING_MARKER)).to_have_count(0, timeout=30_000)
    body = _open_register(page, server)
    assert STAFF_MEETING_MARKER not in body
    assert [name for name in full_names if name in sent()] == full_names
    page.close()
