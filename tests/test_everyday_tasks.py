"""The three everyday tasks done for real in headless Chromium, counting the clicks and typed
fields from the home page: the office books a surgery slot, the SENCo logs a phone call with one
agreed action, and the SENCo prints the written record of a meeting. The counts are the ones
the README quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import school
from tests.local_server import sign_in, small_school_app, wait_for_cookie, wait_until_idle

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
    # A click while the home page is still running may be lost in that run's end.
    wait_until_idle(page)
    return Counted(page)


def test_the_senco_logs_a_phone_call_with_an_action_in_eight_clicks(server, browser):
    counted = start_at_home(browser, server, "senco")
    page = counted.page
    counted.click(page.get_by_role("link", name="Log a contact").first)
    page.get_by_role("heading", name="Log a contact").first.wait_for(timeout=30_000)
    counted.click(page.get_by_role("combobox", name="Pupil"))
    counted.click(page.get_by_role("option", name="Łukasz Nowak (3B)"))
    # A phone call to Mrs Nowak, the pupil's first carer, is what the form starts with.
    counted.see("Mrs Nowak prefers phone")
    wait_until_idle(page)
    counted.type(page.get_by_label("Subject"), "Settling in after half term")
    counted.type(
        page.get_by_label("What was said or written"),
        "Mrs Nowak says mornings are calmer since the visual timetable started.",
    )
    counted.click(page.get_by_test_id("stNumberInputStepUp").first)
    what = page.get_by_label("Action 1: what")
    what.wait_for(timeout=30_000)
    wait_until_idle(page)
    counted.type(what, "Send home a copy of the visual timetable")
    counted.click(page.get_by_role("button", name="Save to the timeline"))
    counted.see("Saved to the timeline: Settling in after half term.")
    print(f"Logging a phone call with one action: {counted.clicks} clicks, {counted.typed} typed")
    assert counted.clicks <= 8
    # It was saved for real: the action is on the SENCo's ledger, theirs, due five school days on.
    page.goto(server + "/ledger")
    cell = page.get_by_text("Send home a copy of the visual timetable").first
    cell.wait_for(state="attached", timeout=30_000)
    row = cell.locator("xpath=..").text_content()  # the grid's readable copy holds ISO dates
    assert "Sam Senco" in row and "2026-11-30" in row and "Settling in after half term" in row
    page.close()


def test_the_senco_prints_a_meeting_record_in_three_clicks(server, browser):
    counted = start_at_home(browser, server, "senco")
    page = counted.page
    # Beforehand, not counted: the meeting is recorded, and its written record offered at once.
    page.goto(server + "/log?pupil=3")
    page.get_by_role("heading", name="Log a contact").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    page.get_by_label("Subject").fill("Support plan review")
    page.get_by_label("What was said or written").fill("Reading targets agreed together.")
    page.get_by_text("This was a meeting").click()
    page.get_by_label("Who was there").wait_for(timeout=30_000)
    wait_until_idle(page)
    page.get_by_role("button", name="Save to the timeline").click()
    counted.see("Saved to the timeline: Support plan review.")
    counted.see("Print the written record of this meeting for the parents (PDF)")
    page.goto(server + "/")
    page.get_by_role("heading").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    counted.clicks = counted.typed = 0

    counted.click(page.get_by_role("link", name="Communication timeline").first)
    button = page.get_by_role("button", name="Written record of this meeting for the parents")
    button.wait_for(timeout=30_000)
    wait_until_idle(page)  # a download clicked before the page's run has finished finds nothing
    chosen = page.get_by_role("combobox", name="Meeting")
    assert "Support plan review" in chosen.input_value()  # the newest meeting is chosen
    with page.expect_download(timeout=30_000) as made:
        counted.click(button)
    download = made.value
    assert download.suggested_filename == "meeting-record.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    print(f"Printing a meeting record: {counted.clicks} clicks, {counted.typed} typed")
    assert counted.clicks <= 3
    page.close()


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
