"""The three everyday tasks done for real in headless Chromium, counting the clicks and typed
fields from the home page: the office books a surgery slot, the SENCo logs a phone call with one
agreed action, and the SENCo prints the written record of a meeting. The counts are the ones
the README quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests import school
from tests.local_server import sign_in, small_school_app, wait_for_cookie

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {
        "SENDHUB_COOKIE_KEY": "everyday-tasks-key-not-secret-at-all-32",
    }
    with small_school_app(tmp_path_factory.mktemp("everyday"), env) as url:
        yield url


@dataclass
class Counted:
    """A signed-in page on the home page, and the user's clicks and typed fields since then.

    Every click and every field typed into goes through `click` and `type`, so the counts are
    what a person would do; waiting for text to appear is free.
    """

    page: object
    clicks: int = 0
    typed: int = 0
    steps: list[str] = field(default_factory=list)

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1
        self.steps.append("click")

    def type(self, locator, text: str) -> None:
        locator.fill(text)
        self.typed += 1
        self.steps.append("type")

    def see(self, text: str, seconds: float = 30) -> None:
        self.page.get_by_text(text).first.wait_for(timeout=seconds * 1000)


def start_at_home(browser, server: str, username: str) -> Counted:
    """Sign in (not counted) and stand on the home page, ready to count."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, server, username, school.PASSWORD)
    wait_for_cookie(page)
    page.goto(server + "/")
    page.get_by_role("heading").first.wait_for(timeout=30_000)
    return Counted(page)
