"""A new school's first weeks in a real browser, on a database that starts empty: the first
SENCo made from the command line signs in, imports the pupils and then their parents from the
MIS, adds a second parent by hand, writes the pupil's one-page profile and an APDR plan, prints
the plan for parents, sets up the weekly parent surgery and books it for the parent added by
hand; a week on (the server started again on a later day), records the meeting, reviews the plan
with ratings, starts the next cycle, and records an EHC plan with its next annual review. Every
step is checked on screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.local_server import CHROMIUM, ROOT, running_app, wait_for_cookie, wait_until_idle

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
DATA = ROOT / "data"
PASSWORD = "first-senco-password-2026"


FIRST_DAY, A_WEEK_ON = "2026-11-23", "2026-11-30"  # Mondays in the autumn term
SECONDS = 30_000


@pytest.fixture(scope="module")
def empty_school(tmp_path_factory):
    """The database with only its first SENCo, and how to start the app on it on a given day."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    path = tmp_path_factory.mktemp("first-weeks") / "school.duckdb"
    made = subprocess.run(
        [sys.executable, "-m", "sendlib", "add-user", "jsmith", "--name", "Jo Smith",
         "--role", "senco", "--db", str(path), "--password-stdin"],
        input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT,
        env={**os.environ, "SENDHUB_NO_DEMO": "1"}, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    def on(day: str):
        env = {
            "SENDHUB_NO_DEMO": "1",
            "SENDHUB_COOKIE_KEY": "first-weeks-test-key-not-secret-32",
            "SENDHUB_TODAY": day,
        }
        return running_app(path, env)

    return on


def _shown(page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=SECONDS)


def _in_table(page, text: str) -> None:
    """A table's cell (tables are drawn on a canvas; their cells are kept for screen readers)."""
    expect(page.get_by_text(text, exact=True).first).to_be_attached(timeout=SECONDS)


def _type_date(page, label: str, digits: str, within=None) -> None:
    """A date typed into Streamlit's date box (day, month, year), its calendar put away."""
    (within or page).get_by_role("spinbutton", name=f"day, {label}").first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Escape")


def _tab(page, name: str) -> None:
    wait_until_idle(page)
    page.get_by_role("tab", name=name).click()


def _import(page, url: str, kind: str | None, file: Path, rows: int, done: str) -> None:
    page.goto(url + "/import")
    _shown(page, "Import from your MIS")
    if kind:
        page.get_by_text(kind).click()
        wait_until_idle(page)
    page.locator("input[type=file]").set_input_files(str(file))
    button = page.get_by_role("button", name=f"Import {rows} rows")
    expect(button).to_be_visible(timeout=SECONDS)
    wait_until_idle(page)
    button.click()
    _shown(page, done)


def _sign_in(browser, url: str):
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    page.goto(url)
    page.get_by_label("Username").fill("jsmith")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    _shown(page, "Welcome, Jo Smith")
    wait_for_cookie(page)
    return page


def _choose(page, box, typed: str) -> None:
    """An option of a select box, typed and taken (clicking options races the redraw); tried
    again if a redraw swallowed the choice, and checked."""
    for _ in range(3):
        wait_until_idle(page)
        box.click()
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        wait_until_idle(page)
        if typed.casefold() in box.input_value().casefold():
            return
    expect(box).to_have_value(re.compile(re.escape(typed), re.IGNORECASE))


def test_a_new_school_s_first_weeks(empty_school, browser):
    with empty_school(FIRST_DAY) as url:
        page = _sign_in(browser, url)
        _first_day(page, url)
        page.close()
    with empty_school(A_WEEK_ON) as url:
        page = _sign_in(browser, url)
        _a_week_on(page, url)
        page.close()


def _first_day(page, url: str) -> None:
    # The pupils, then their parents and carers, from the MIS.
    _import(page, url, None, DATA / "sample_mis_export.csv", 25, "25 new, 0 updated, 0 unchanged.")
    _import(
        page,
        url,
        "Parents and carers (the contacts report)",
        DATA / "sample_mis_contacts.csv",
        37,
        "36 new, 0 updated, 0 unchanged, 1 skipped.",
    )

    # Zoë's profile: her parents as imported, and a step-parent added by hand.
    page.goto(url + "/pupil?pupil=1")
    _shown(page, "Zoë Ashworth")
    _tab(page, "Parents and carers")
    _shown(page, "Helen Ashworth")
    page.get_by_text("Add a parent or carer").click()
    form = page.locator("[data-testid=stForm]").filter(has_text="Times to avoid").last
    form.get_by_label("Forename", exact=True).fill("Gary")
    form.get_by_label("Surname", exact=True).fill("Pearson")
    _choose(page, form.get_by_label("Relationship"), "stepfather")
    form.get_by_label("Phone", exact=True).fill("07700 900555")
    form.get_by_role("button", name="Add").click()
    _shown(page, "Added Gary Pearson.")

    # Her one-page profile, in her own words.
    _tab(page, "One-page profile")
    _shown(page, "No one-page profile has been written for Zoë.")
    form = page.locator("[data-testid=stForm]").filter(has_text="What is important to me").first
    form.get_by_role("textbox", name="What is important to me").fill(
        "My cat Pickle, and drawing comics."
    )
    form.get_by_role("textbox", name="How best to support me").fill(
        "Give me a minute to think before I answer."
    )
    form.get_by_text("In the pupil's own words").click()
    form.get_by_role("button", name="Save the one-page profile").click()
    _shown(page, "One-page profile saved.")
    _tab(page, "One-page profile")
    _shown(page, "Give me a minute to think before I answer.")
    _shown(page, "In Zoë's own words. Brought up to date on 23/11/2026.")

    # An APDR plan with an outcome and the provision for it.
    _tab(page, "Plans")
    _shown(page, "No plan recorded yet.")
    page.get_by_text("Start a plan").click()
    form = page.locator("[data-testid=stForm]").filter(has_text="Outcome 1").first
    _type_date(page, "Review date", "05022027", form)
    form.get_by_label("Outcome 1", exact=True).fill("Zoë will read a Year 6 text aloud.")
    form.get_by_label("Provision 1", exact=True).fill("Reading with a TA")
    form.get_by_label("How often").first.fill("3 times a week")
    form.get_by_label("Parents' views, in their words").fill("Helen wants her to enjoy books.")
    form.get_by_role("button", name="Start the plan").click()
    _shown(page, "Plan started.")
    _tab(page, "Plans")
    _in_table(page, "Zoë will read a Year 6 text aloud.")

    # The plan for parents, printed.
    wait_until_idle(page)
    with page.expect_download(timeout=SECONDS) as made:
        page.get_by_role("button", name="Plan for parents (PDF)").click()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(made.value.path()).pages).split())
    assert "Our plan for Zoë, this term" in text
    assert "Reading with a TA: 3 times a week." in text

    # The weekly parent surgery, set up in the school's settings, then booked for Gary.
    page.goto(url + "/settings")
    _shown(page, "No weekly sessions yet: add the first below.")
    form = page.locator("[data-testid=stForm]").filter(has_text="Add a weekly session").first
    form.get_by_label("Place").fill("SENCo office")
    form.get_by_role("button", name="Add this weekly session").click()
    _shown(page, "Added the Monday session.")
    page.goto(url + "/surgery?week=2026-11-30")
    _shown(page, "Week beginning Monday 30 November 2026")
    _choose(page, page.get_by_role("combobox", name="Pupil"), "Zoë")
    _choose(page, page.get_by_role("combobox", name="Parent or carer"), "Gary")
    _shown(page, "07700 900555")
    page.get_by_role(
        "textbox", name="What the parent would like to talk about, in their own words"
    ).fill("Settling in at home with Zoë.")
    page.get_by_role("button", name="Book this slot").click()
    _shown(page, "Booked Mon 30/11 at 13:30 for Zoë Ashworth (6H).")
    page.goto(url + "/pupil?pupil=1")
    _shown(page, "Next parent surgery: Mon 30 Nov 2026 13:30–13:50: Zoë Ashworth with Gary Pearson")


def _a_week_on(page, url: str) -> None:
    # The surgery was held: the meeting recorded from the booking.
    page.goto(url + "/surgery?week=2026-11-30")
    _shown(page, "Week beginning Monday 30 November 2026")
    _choose(page, page.get_by_role("combobox", name="Slot"), "13:30")
    _shown(page, "Gary Pearson (stepfather)")
    page.get_by_text("Record the meeting").first.click()
    _shown(page, "Record the surgery meeting")
    wait_until_idle(page)
    said = "Talked through the reading plan; Zoë reads to Gary at bedtime."
    page.get_by_role("textbox", name="What was said or written").fill(said)
    page.get_by_role("textbox", name="The parents' views, as they said them").fill(
        "Gary is pleased she reads to him now."
    )
    wait_until_idle(page)
    page.get_by_role("button", name="Save to the timeline").click()
    _shown(page, "Meeting recorded on the timeline.")
    expect(page.get_by_text("Attended:", exact=True)).to_be_visible(timeout=SECONDS)
    page.goto(url + "/timeline?pupil=1")
    _in_table(page, "Gary Pearson (stepfather)")
    expect(page.get_by_role("combobox", name="Meeting")).to_have_value(
        "30/11/2026: Parent surgery", timeout=SECONDS
    )

    # The review, with a rating, then the next cycle carried forward.
    page.goto(url + "/pupil?pupil=1")
    _shown(page, "Zoë Ashworth")
    _tab(page, "Plans")
    page.get_by_text("Review this plan").click()
    review = page.locator("[data-testid=stForm]").filter(has_text="Save the review").first
    expect(review.get_by_text("Outcome 1: Zoë will read a Year 6 text aloud.")).to_be_visible()
    _choose(page, review.get_by_role("combobox").first, "More than")
    review.get_by_label("What worked").fill("Reading with more expression.")
    review.get_by_role("button", name="Save the review").click()
    _shown(page, "Review saved.")
    _tab(page, "Plans")
    _shown(page, "Start the next cycle")
    carried = page.locator("[data-testid=stForm]").filter(has_text="Outcome 1").first
    expect(carried.get_by_label("Outcome 1", exact=True)).to_have_value(
        "Zoë will read a Year 6 text aloud."
    )
    carried.get_by_role("button", name="Start the plan").click()
    _shown(page, "Plan started.")
    _tab(page, "Plans")
    # The past cycle is kept as it was, with its rating.
    page.get_by_text("Past plan: 23/11/2026 to review 05/02/2027").click()
    _in_table(page, "More than expected")

    # Siobhán's EHC plan, and her next annual review with its statutory steps.
    page.goto(url + "/pupil?pupil=2")
    _shown(page, "Siobhán O'Brien")
    _tab(page, "EHC plan")
    _shown(page, "No EHC plan recorded.")
    page.get_by_text("Record an EHC plan").click()
    form = page.locator("[data-testid=stForm]").filter(has_text="Final plan issued").first
    form.get_by_label("Local authority").fill("Cambridgeshire County Council")
    _type_date(page, "Final plan issued", "03032025", form)
    form.get_by_role("button", name="Save the EHC plan").click()
    _shown(page, "EHC plan saved.")
    _tab(page, "EHC plan")
    _type_date(page, "Next annual review meeting", "09122026")
    page.get_by_role("button", name="Plan the annual review").click()
    _shown(page, "Annual review planned; its steps are on the promise ledger.")
    _tab(page, "EHC plan")
    _shown(page, "Annual review meeting, 09/12/2026")
