"""The three everyday tasks done for real in headless Chromium, counting the clicks and typed
fields from the home page: the office books a surgery slot, the SENCo logs a phone call with one
agreed action, and the SENCo prints the written record of a meeting. The counts are the ones
the README quotes."""

from __future__ import annotations

import re
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


def test_the_office_books_a_surgery_slot_in_four_clicks(server, browser):
    """A parent rings: the office opens Parent surgeries, which stands at the next free slot,
    types the pupil's name, sees how the family likes to be met, and books."""
    counted = start_at_home(browser, server, "office")
    page = counted.page
    counted.click(page.get_by_role("link", name="Book parent surgeries"))
    counted.see("Week beginning Monday 23 November 2026")
    counted.type(page.get_by_role("combobox", name="Pupil"), "Zoë")
    counted.click(page.get_by_role("option", name="Zoë O'Connor-Smith (2A)"))
    counted.see("Prefers email")
    counted.click(page.get_by_role("button", name="Book this slot"))
    counted.see(re.compile(r"Booked Tue 24/11 at \d\d:\d\d for Zoë O'Connor-Smith \(2A\)\."))
    counted.see("Booked by")  # the booking itself, where the form was
    page.close()
    assert (counted.clicks, counted.typed) == (3, 1), counted.steps
    assert counted.clicks <= 4
