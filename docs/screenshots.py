"""The README's pictures: the main screens of the demo school, taken in headless Chromium.

Run from the top of a checkout, with the development requirements installed and Chromium present
(on Debian or Ubuntu: `apt-get install chromium`):

    pip install -r requirements-dev.txt
    python docs/screenshots.py

It builds the small fictional demo school in a temporary folder on a fixed day (Monday 23
November 2026, given to the app as SENDHUB_TODAY), so the pictures show the same things each time
(tables are drawn on a canvas, so a few of their pixels may come out a shade different); starts
the app on it; signs in as the demo SENCo and then as the head; and saves one PNG per screen into
docs/images/, replacing the old ones. Then, for "Starting with your own school", it makes a school
that starts empty (its first SENCo, and the pupils of data/sample_mis_export.csv imported) and
pictures the forms of a school's first week. Nothing outside docs/images/ is changed and the temporary
school is deleted at the end. It takes two minutes or so.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the app's modules live one folder up

from PIL import Image  # noqa: E402 - after the path is set
from playwright.sync_api import Browser, Locator, Page  # noqa: E402

from sendlib import db, demo, users  # noqa: E402
from sendlib.pupils import importing, listing  # noqa: E402
from sendlib.pupils import record as pupils_record  # noqa: E402
from sendlib.transition import tracker as transition_tracker  # noqa: E402
from tests.local_server import (  # noqa: E402
    CHROMIUM,
    chromium,
    running_app,
    sign_in,
    wait_for_cookie,
    wait_until_idle,
)

DAY = date(2026, 11, 23)
IMAGES = ROOT / "docs" / "images"
WIDTH, HEIGHT = 1400, 900
MAX_BYTES = 300_000
MARGIN = 12
WAIT_MS = 60_000
ACCOUNTS = {a.role: a for a in demo.DEMO_ACCOUNTS}
STAFF_MEETING = "Staff-meeting mode"
DATA = ROOT / "data"
FIRST_SENCO = ("jsmith", "Jo Smith", "first-senco-password-2026")


@dataclass(frozen=True)
class Pupils:
    """The demo pupils the pictures show: a full profile, and a pack shared with the parents."""

    profile: int
    pack: int


def build(path: Path) -> Pupils:
    """The small demo school on DAY, and which of its pupils to show."""
    conn = db.connect(path)
    cur = db.cursor(conn)
    demo.build_school(cur, "small", today=DAY)
    senco = users.get_user(cur, ACCOUNTS["senco"].username)
    on_plans = listing.list_register(cur, senco, listing.RegisterFilter(statuses=("E",)))

    def fullness(pupil_id: int) -> tuple[int, int]:
        record = pupils_record.get_profile(cur, senco, int(pupil_id))
        return len(record.contacts) + len(record.agencies) + len(record.plans), -int(pupil_id)

    fullest = max(on_plans["pupil_id"], key=fullness)
    packs = transition_tracker.tracker(cur, senco, DAY)
    shared = packs[packs["Pack"] == "shared with parents"]
    conn.close()
    return Pupils(profile=int(fullest), pack=int(shared.iloc[0]["pupil_id"]))


def settle(page: Page) -> None:
    """Streamlit has finished its run, every chart is drawn and nothing is still loading."""
    wait_until_idle(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                 .every(chart => chart.querySelector('canvas, svg'))""",
        timeout=WAIT_MS,
    )
    page.locator('[data-testid="stSpinner"], [data-testid="stSkeleton"]').first.wait_for(
        state="detached", timeout=WAIT_MS
    )
    page.wait_for_timeout(800)


def content_bottom(page: Page) -> int:
    """Where the page's content ends, in pixels from the top of the window."""
    return page.evaluate(
        """() => Math.ceil(document.querySelector(
                 '[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"]')
                 .getBoundingClientRect().bottom)"""
    )


def scroll_to_top(page: Page, element: Locator, height: int) -> None:
    """Scroll the element up to the top of the window; near the end of the page, where it
    cannot go that far, make the window shorter instead."""
    for _ in range(2):
        # Streamlit leaves room above a heading for its own header; these pictures do not.
        element.evaluate("e => { e.style.scrollMarginTop = '0px'; e.scrollIntoView(); }")
        settle(page)
        below = element.bounding_box()["y"]
        if below < 4:
            return
        height -= int(below)
        page.set_viewport_size({"width": WIDTH, "height": height})
        settle(page)


def choose(page: Page, key: str, option: str) -> None:
    """Pick an option in the select box or multiselect with this widget key, as a user would."""
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    settle(page)


def shoot(
    page: Page,
    name: str,
    height: int = HEIGHT,
    top: Locator | None = None,
    bottom: Locator | None = None,
) -> None:
    """Save the window, `height` pixels tall, as docs/images/NAME.png: from the top of the page,
    or with the element `top` scrolled up to the top; cut just below the element `bottom`, or
    where the content ends."""
    page.set_viewport_size({"width": WIDTH, "height": height})
    page.mouse.move(WIDTH - 10, 10)  # away from anything that changes when hovered
    page.evaluate("document.activeElement?.blur()")  # no focus rings; typed text is kept
    settle(page)
    if top is not None:
        scroll_to_top(page, top, height)
    if bottom is not None:
        box = bottom.bounding_box()
        end = box["y"] + box["height"] + MARGIN
    else:
        end = content_bottom(page) + MARGIN
    clip = {"x": 0, "y": 0, "width": WIDTH, "height": min(height, int(end))}
    save(Image.open(BytesIO(page.screenshot(type="png", clip=clip))), IMAGES / f"{name}.png")


def save(picture: Image.Image, path: Path) -> None:
    """A PNG as small as it stays sharp: 256 colours are plenty for text and flat charts."""
    picture = picture.convert("RGB")
    for colours in (256, 128, 64):
        out = BytesIO()
        picture.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            out, "PNG", optimize=True
        )
        if out.tell() < MAX_BYTES:
            break
    path.write_bytes(out.getvalue())
    print(f"{path.relative_to(ROOT)}: {picture.width}x{picture.height}, {out.tell() // 1024} KB")


def visit(page: Page, url: str, shows: str) -> None:
    """Open a page by its address and wait until it shows the given text and has settled."""
    page.goto(url)
    page.get_by_text(shows).first.wait_for(timeout=WAIT_MS)
    settle(page)


def switch_staff_meeting(page: Page, on: bool) -> None:
    """The menu's staff-meeting switch, as a SENCo flicks it before and after the meeting."""
    page.get_by_test_id("stSidebar").get_by_text(STAFF_MEETING).click()
    marker = page.get_by_text("Staff-meeting mode is on.").first
    marker.wait_for(state="visible" if on else "detached", timeout=WAIT_MS)
    settle(page)


def signed_in(browser: Browser, url: str, role: str) -> Page:
    """A new browser window signed in with the demo account for this role."""
    account = ACCOUNTS[role]
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    sign_in(page, url, account.username, account.password)
    page.get_by_text(f"Welcome, {account.name}").first.wait_for(timeout=WAIT_MS)
    wait_for_cookie(page)
    settle(page)
    return page


def senco_screens(page: Page, url: str, pupils: Pupils) -> None:
    """Everything the SENCo's tour shows, in the order of the tour."""
    visit(page, url + "/", "Meeting parents")
    shoot(page, "dashboard", 2000, bottom=page.get_by_text("had a written record").first)

    visit(page, url + "/register", "Search by name or UPN")
    choose(page, "register_years", "Year 5")
    shoot(page, "register", 1400, bottom=page.get_by_test_id("stDataFrame"))

    visit(page, f"{url}/pupil?pupil={pupils.profile}", "Print profile (PDF)")
    shoot(page, "pupil-profile", 1300)
    page.get_by_role("tab", name="Plans").click()
    page.get_by_text("Current plan").first.wait_for(timeout=WAIT_MS)
    shoot(page, "pupil-plan", 1500)

    visit(page, f"{url}/log?pupil={pupils.profile}", "What was said or written")
    choose(page, "log_direction", "to parent")
    page.locator(".st-key-log_contact").get_by_role("combobox").click()
    page.get_by_role("option").nth(1).click()  # the first parent or carer
    page.get_by_text("prefers").first.wait_for(timeout=WAIT_MS)
    page.get_by_role("textbox", name="Subject").fill("Date of the next review")
    summary = page.get_by_role("textbox", name="What was said or written")
    summary.fill("We are going to move Mum's meeting to next week.")
    summary.blur()
    page.get_by_text("Wording that could work better with parents").first.wait_for(timeout=WAIT_MS)
    shoot(page, "log-contact", 1400, bottom=page.get_by_text("This was a meeting").first)

    visit(page, url + "/ledger", "Promise ledger")
    shoot(page, "promise-ledger", 2000, bottom=page.get_by_test_id("stDataFrame").nth(1))

    visit(page, url + "/surgery", "Week beginning")
    page.get_by_text("Who needs a meeting", exact=True).first.click()
    page.get_by_text("Those with no booking come first").first.wait_for(timeout=WAIT_MS)
    shoot(page, "who-needs-a-meeting", 1400)

    # One click from that list: the grid at the next free slot, with the pupil chosen.
    page.get_by_role("button", name="Book the next free slot").click()
    page.get_by_text("Week beginning").first.wait_for(timeout=WAIT_MS)
    settle(page)
    page.get_by_text("Whole term").first.click()
    page.get_by_role("button", name="Next term ▶").wait_for(timeout=WAIT_MS)
    settle(page)
    agenda = page.get_by_role("textbox", name="What the parent would like to talk about")
    agenda.fill("Bedtimes have been hard since half term. What helps at school?")
    agenda.blur()
    settle(page)
    page.get_by_test_id("stDataFrame").first.hover()
    page.mouse.wheel(0, 1000)  # down the term's grid to this week and the weeks to come
    shoot(page, "surgery-grid", 1600, bottom=page.get_by_role("button", name="Book this slot"))

    visit(page, f"{url}/transition", "Moving this year")
    shoot(page, "transition-tracker", 1400, bottom=page.get_by_test_id("stDataFrame"))

    visit(page, f"{url}/transition?pupil={pupils.pack}", "Moving this year")
    page.get_by_text("A pupil's pack", exact=True).first.click()
    page.get_by_text("Where it stands").first.wait_for(timeout=WAIT_MS)
    page.get_by_text("Edit the pack").first.click()
    sections = page.get_by_test_id("stTextArea")
    sections.nth(3).wait_for(timeout=WAIT_MS)
    shoot(page, "transition-pack", 1600, bottom=sections.nth(3))


def staff_meeting_screens(page: Page, url: str) -> None:
    """The dashboard and register as a projector shows them; the switch goes off at the end."""
    visit(page, url + "/", "Meeting parents")
    switch_staff_meeting(page, on=True)
    try:
        shoot(page, "staff-meeting-dashboard", 2000, bottom=page.get_by_test_id("stExpander").first)
        visit(page, url + "/register", "Show leavers instead")  # no search box in the mode
        register = page.get_by_test_id("stDataFrame").last  # after the counts by need
        shoot(page, "staff-meeting-register", 1400, bottom=register)
    finally:
        switch_staff_meeting(page, on=False)


def head_screens(page: Page, url: str) -> None:
    """What a head or governor sees: counts and charts, never a name."""
    visit(page, url + "/", "Counts only")
    promises = page.get_by_role("heading", name="Promises: actions agreed with families")
    shoot(page, "head-dashboard", 1300, top=promises)


def build_empty(path: Path) -> None:
    """A school's own database on its first day: its first SENCo, and the sample MIS pupils
    imported as the Import page does it."""
    conn = db.connect(path)
    cur = db.cursor(conn)
    username, name, password = FIRST_SENCO
    senco = users.add_user(cur, username, name, "senco", password)
    frame = importing.read_csv((DATA / "sample_mis_export.csv").read_bytes())
    mapping = importing.suggest_mapping(list(frame.columns))
    importing.apply_import(
        cur, senco, importing.preview_import(cur, senco, frame, mapping, DAY), DAY
    )
    conn.close()


def first_week_screens(page: Page, url: str) -> None:
    """The forms of a school's first week: the contacts import, a parent added by hand, the
    one-page profile and the first APDR plan."""
    visit(page, url + "/import", "Import from your MIS")
    page.get_by_text("Parents and carers (the contacts report)").click()
    settle(page)
    page.locator("input[type=file]").set_input_files(str(DATA / "sample_mis_contacts.csv"))
    button = page.get_by_role("button", name="Import 37 rows")
    button.wait_for(timeout=WAIT_MS)
    shoot(page, "first-week-contacts-import", 1600, bottom=button)
    button.click()
    page.get_by_text("36 new, 0 updated, 0 unchanged, 1 skipped.").first.wait_for(timeout=WAIT_MS)

    visit(page, url + "/pupil?pupil=1", "Zoë Ashworth")
    page.get_by_role("tab", name="Parents and carers").click()
    page.get_by_text("Add a parent or carer").click()
    form = page.locator("[data-testid=stForm]").filter(has_text="Times to avoid").last
    form.get_by_label("Forename", exact=True).fill("Gary")
    form.get_by_label("Surname", exact=True).fill("Pearson")
    form.get_by_label("Phone", exact=True).fill("07700 900555")
    form.get_by_label("Relationship").click()
    page.keyboard.type("stepfather")
    page.keyboard.press("Enter")
    form.get_by_label("How they like to be addressed").fill("Gary")
    shoot(page, "first-week-carer", 1800, top=page.get_by_role("tablist"), bottom=form)

    page.get_by_role("tab", name="One-page profile").click()
    form = page.locator("[data-testid=stForm]").filter(has_text="What is important to me").first
    form.get_by_role("textbox", name="What people like and admire about me").fill(
        "I make people laugh. I am kind to the younger ones at break."
    )
    form.get_by_role("textbox", name="What is important to me").fill(
        "My cat Pickle, and drawing comics."
    )
    form.get_by_role("textbox", name="How best to support me").fill(
        "Give me a minute to think before I answer."
    )
    form.get_by_text("In the pupil's own words").click()
    form.get_by_role("textbox", name="Written with").fill("Mrs Lee, teaching assistant")
    shoot(page, "first-week-one-page-profile", 1200, bottom=form)

    page.get_by_role("tab", name="Plans").click()
    page.get_by_text("Start a plan").click()
    form = page.locator("[data-testid=stForm]").filter(has_text="Outcome 1").first
    form.get_by_label("Outcome 1", exact=True).fill("Zoë will read a Year 6 text aloud.")
    form.get_by_label("Provision 1", exact=True).fill("Reading with a TA")
    form.get_by_label("How often").first.fill("3 times a week")
    form.get_by_label("By whom").first.fill("Mrs Lee (TA)")
    form.get_by_role("textbox", name="Parents' views, in their words").fill(
        "We want her to enjoy books, not just get through them."
    )
    shoot(page, "first-week-plan", 1800, top=page.get_by_text("Start a plan"), bottom=form)


def main() -> None:
    """Build the demo school, start the app on it and take every picture."""
    if not Path(CHROMIUM).exists():
        sys.exit("Chromium is needed: on Debian or Ubuntu, apt-get install chromium")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sendhub-pictures-") as folder:
        path = Path(folder) / "demo.duckdb"
        pupils = build(path)
        env = {"SENDHUB_TODAY": DAY.isoformat(), "SENDHUB_COOKIE_KEY": "pictures-not-secret"}
        steps: list[tuple[str, Callable[[Page, str], None]]] = [
            ("senco", lambda page, url: senco_screens(page, url, pupils)),
            ("senco", staff_meeting_screens),
            ("viewer", head_screens),
        ]
        with running_app(path, env) as url, chromium() as browser:
            for role, step in steps:
                page = signed_in(browser, url, role)
                step(page, url)
                page.close()
        own = Path(folder) / "own-school.duckdb"
        build_empty(own)
        with running_app(own, {**env, "SENDHUB_NO_DEMO": "1"}) as url, chromium() as browser:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            username, name, password = FIRST_SENCO
            sign_in(page, url, username, password)
            page.get_by_text(f"Welcome, {name}").first.wait_for(timeout=WAIT_MS)
            wait_for_cookie(page)
            first_week_screens(page, url)


if __name__ == "__main__":
    main()
