"""The register on a school laptop's screen (1366 x 768) in headless Chromium: every column it
shows, up to the header's rightmost, is inside the window, with nothing to scroll sideways for."""

from __future__ import annotations

import pytest

from tests import school
from tests.local_server import sign_in, small_school_app, wait_for_cookie, wait_until_idle

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"SENDHUB_COOKIE_KEY": "table-layout-key-not-secret-at-all-32"}
    with small_school_app(tmp_path_factory.mktemp("layout"), env) as url:
        yield url


def test_the_registers_rightmost_column_is_on_a_laptop_screen(server, browser):
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, server, "senco", school.PASSWORD)
    wait_for_cookie(page)
    page.goto(server + "/register")
    table = page.locator("[data-testid='stDataFrame']").first
    expect(table).to_be_visible(timeout=60_000)
    wait_until_idle(page)
    box = table.bounding_box()
    assert box["x"] + box["width"] <= LAPTOP["width"]
    # The grid scrolls sideways only when its columns are wider than the table: they are not, so
    # the header's rightmost column ends inside the table, and so inside the window.
    wide, shown = table.locator(".dvn-scroller").first.evaluate(
        "grid => [grid.scrollWidth, grid.clientWidth]"
    )
    assert wide <= shown
