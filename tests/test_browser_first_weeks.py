"""A new school's first weeks in a real browser, on a database that starts empty: the first
SENCo made from the command line signs in, imports the pupils and then their parents from the
MIS, adds a second parent by hand, writes an APDR plan, reviews it with ratings, starts the next
cycle, records an EHC plan with its next annual review, and prints the plan for parents. Every
step is checked on screen."""

from __future__ import annotations

import os
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
TODAY = "2026-11-23"  # a Monday in the autumn term
SECONDS = 30_000


@pytest.fixture(scope="module")
def empty_school(tmp_path_factory):
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
    env = {
        "SENDHUB_NO_DEMO": "1",
        "SENDHUB_COOKIE_KEY": "first-weeks-test-key-not-secret-32",
        "SENDHUB_TODAY": TODAY,
    }
    with running_app(path, env) as url:
        yield url


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


def test_a_new_school_s_first_weeks(empty_school, browser):
    url = empty_school
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    page.goto(url)
    page.get_by_label("Username").fill("jsmith")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    _shown(page, "Welcome, Jo Smith")
    wait_for_cookie(page)

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
    form.get_by_label("Relationship").click()
    page.keyboard.type("stepfather")
    page.keyboard.press("Enter")
    form.get_by_label("Phone", exact=True).fill("07700 900555")
    form.get_by_role("button", name="Add").click()
    _shown(page, "Added Gary Pearson.")

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
    text = " ".join(p.extract_text() for p in PdfReader(made.value.path()).pages)
    assert "Our plan for Zoë, this term" in " ".join(text.split())
    assert "Reading with a TA: 3 times a week." in " ".join(text.split())

    # The review, with a rating, then the next cycle carried forward.
    page.get_by_text("Review this plan").click()
    review = page.locator("[data-testid=stForm]").filter(has_text="Save the review").first
    expect(review.get_by_text("Outcome 1: Zoë will read a Year 6 text aloud.")).to_be_visible()
    wait_until_idle(page)
    review.get_by_role("combobox").first.click()
    page.keyboard.type("More than")
    page.keyboard.press("Enter")
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
    page.close()
