"""The register on a school laptop's screen (1366 x 768) in headless Chromium: every column it
shows, up to the header's rightmost, is inside the window, with nothing to scroll sideways for."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import school
from tests.apptest import make_school
from tests.local_server import (
    CHROMIUM,
    running_app,
    sign_in,
    wait_for_cookie,
    wait_until_idle,
)
from tests.test_everyday_tasks import browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    path = make_school(tmp_path_factory.mktemp("layout") / "school.duckdb")
    env = {
        "SENDHUB_COOKIE_KEY": "table-layout-key-not-secret-at-all-32",
        "SENDHUB_TODAY": school.TODAY.isoformat(),
    }
    with running_app(path, env) as url:
        yield url


def test_the_registers_rightmost_column_is_on_a_laptop_screen(server, browser):  # noqa: F811
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, server, "senco", school.PASSWORD)
    wait_for_cookie(page)
    page.goto(server + "/register")
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for(timeout=60_000)
    wait_until_idle(page)
    box = table.bounding_box()
    assert box["x"] + box["width"] <= LAPTOP["width"]
    # The grid scrolls sideways only when its columns are wider than the table: they are not, so
    # the header's rightmost column ends inside the table, and so inside the window.
    wide, shown = table.locator(".dvn-scroller").first.evaluate(
        "grid => [grid.scrollWidth, grid.clientWidth]"
    )
    assert wide <= shown
