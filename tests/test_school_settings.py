"""School settings: the name on every document, the reply target, and the term dates page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from sendlib import audit, db, signins, users
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.school import calendar, settings
from sendlib.surgery import sessions
from sendlib.timeline import entries, replies
from tests.apptest import as_read, run_page


def test_the_senco_sets_the_name_and_reply_target(cur, staff):
    changed = settings.save_settings(cur, staff["senco"], "  St Aidan's C of E Primary ", 2)
    assert changed == ["school name to St Aidan's C of E Primary", "reply target to 2 school days"]
    assert settings.school_name(cur) == "St Aidan's C of E Primary"
    assert replies.reply_target(cur) == 2
    entry = audit.list_entries(cur).iloc[0]
    assert entry["action"] == "change settings"


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [
        ("", 3, "School name"),
        ("x" * 121, 3, "School name"),
        ("Ok", 0, "Reply target"),
        ("Ok", 21, "Reply target"),
    ],
)
def test_bad_settings_are_named_and_nothing_is_saved(cur, staff, name, days, field):
    with pytest.raises(ValidationError) as caught:
        settings.save_settings(cur, staff["senco"], name, days)
    assert [p.field for p in caught.value.problems] == [field]
    assert settings.school_name(cur) == "Test Primary School"
    assert replies.reply_target(cur) == entries.DEFAULT_REPLY_TARGET


def test_only_the_senco_changes_settings(cur, staff):
    with pytest.raises(PermissionDenied):
        settings.save_settings(cur, staff["teacher"], "Mine now", 3)


def test_settings_page_adds_an_inset_day_that_replies_then_skip(school_copy):
    at = run_page("pages/settings.py", "senco")
    assert not at.exception
    assert at.date_input(key="settings_2026_autumn_from").value == date(2026, 9, 2)
    at.date_input(key="settings_closure_from").set_value(date(2026, 11, 27))
    at.text_input(key="settings_closure_reason").input("INSET day")
    at.button(key="FormSubmitter:settings_closure-Add closure").click().run()
    assert at.success[0].value == "Added: INSET day."
    conn = db.connect(school_copy)
    cur = db.cursor(conn)
    # Thursday 26 to Monday 30 November: Friday 27 is now closed, so one school day.
    assert calendar.school_days_between(cur, date(2026, 11, 26), date(2026, 11, 30)) == 1


def test_settings_page_names_a_term_that_ends_before_it_starts(school_copy):
    at = run_page("pages/settings.py", "senco")
    at.date_input(key="settings_2026_spring_to").set_value(date(2027, 1, 1))
    at.button(key="FormSubmitter:settings_terms_2026-Save term dates").click().run()
    assert "Spring term: ends before it starts" in as_read(at.error[0].value)


def test_the_senco_uploads_the_schools_logo(school_copy):
    image = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 56, 100)).save(image, format="PNG")
    at = run_page("pages/settings.py", "senco")
    at.file_uploader(key="logo").upload("crest.png", image.getvalue(), "image/png").run()
    at.button(key="logo_save").click().run()
    assert "Logo saved" in at.success[0].value
    cur = db.cursor(db.connect(school_copy))
    assert settings.school_logo(cur) == image.getvalue()


def test_removing_the_logo_asks_once_and_only_yes_removes_it(school_copy):
    image = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 56, 100)).save(image, format="PNG")
    cur = db.cursor(db.connect(school_copy))
    settings.save_logo(cur, users.get_user(cur, "senco"), image.getvalue(), "crest.png")
    cur.close()
    at = run_page("pages/settings.py", "senco")
    at.button(key="logo_remove").click().run()
    assert not at.exception
    assert [as_read(w.value) for w in at.main.warning] == [
        "Remove the school's logo? Transition packs print without it until a new one is uploaded."
    ]
    at.button(key="logo_remove_no").click().run()
    assert not at.main.warning
    cur = db.cursor(db.connect(school_copy))
    assert settings.school_logo(cur) == image.getvalue()
    cur.close()
    at.button(key="logo_remove").click().run()
    at.button(key="logo_remove_yes").click().run()
    assert at.success[0].value == "Logo removed."
    cur = db.cursor(db.connect(school_copy))
    assert not settings.school_logo(cur)


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(school_copy):
    at = run_page("pages/settings.py", "senco")
    at.file_uploader(key="logo").upload("crest.png", b"not an image", "image/png").run()
    at.button(key="logo_save").click().run()
    assert "Logo: crest.png is not a PNG or JPEG image" in as_read(at.error[0].value)


def test_the_senco_sets_how_long_an_unused_sign_in_lasts(school_copy):
    at = run_page("pages/settings.py", "senco")
    assert at.number_input(key="settings_idle_minutes").value == 30
    at.number_input(key="settings_idle_minutes").set_value(45)
    at.button(key="FormSubmitter:settings_sign_in-Save").click().run()
    assert at.success[0].value == "Staff are signed out after 45 minutes without use."
    assert signins.idle_limit(db.connect(school_copy)).total_seconds() == 45 * 60


def _in_order(at) -> list[str]:
    """Headings, bold lines, messages and buttons, in the order the page shows them."""
    kinds = {"subheader", "markdown", "success", "button"}
    return [
        str(getattr(node, "label", None) or node.value)
        for node in at._tree
        if getattr(node, "type", None) in kinds
    ]


def test_the_weekly_session_form_says_what_it_does_and_confirms_beside_it(school_with_surgeries):
    at = run_page("pages/settings.py", "senco")
    assert not at.exception
    # Opened on the existing session, as a change to it.
    chosen = at.selectbox(key="settings_pattern")
    assert chosen.format_func(chosen.value).startswith("Tuesdays 13:30–15:10")
    shown = _in_order(at)
    assert "**Change the Tuesday session**" in shown and "Save the changes" in shown
    assert not [t for t in shown if "new weekly session" in t.lower() or "Add this" in t]
    # A new one is a new one: another day, and a button that says it adds.
    chosen.select_index(1).run()
    assert chosen.format_func(at.selectbox(key="settings_pattern").value) == "A new weekly session"
    assert "**Add a weekly session**" in _in_order(at)
    day = next(s for s in at.selectbox if s.label == "Day")
    assert day.format_func(day.value) == "Monday"
    [add] = [b for b in at.button if b.label == "Add this weekly session"]
    add.click().run()
    assert not at.exception
    shown = _in_order(at)
    message = "Added the Monday session. Surgery slots for this term and next follow it."
    # Under the surgery sessions it is about, not at the top of a long page.
    assert shown.index("Parent surgeries") < shown.index(message) < shown.index("Backups")
    # Nothing left that would save it a second time.
    assert not {"Add this weekly session", "Save the changes"} & set(shown)
    cur = db.cursor(db.connect(school_with_surgeries))
    assert [p.weekday for p in sessions.list_patterns(cur)] == [0, 1]
    cur.close()
    # Back to the form, on the session just added.
    at.button(key="settings_pattern_again").click().run()
    assert "**Change the Monday session**" in _in_order(at)
    assert message not in _in_order(at)


LA_FILE = (
    b"What,Starts,Ends\n"
    b"Autumn term,03/09/2026,18/12/2026\n"
    b"Half term,26/10/2026,30/10/2026\n"
    b"Spring term,05/01/2027,26/03/2027\n"
    b"Summer term,12/04/2027,21/07/2027\n"
)


def test_the_senco_loads_the_local_authoritys_term_dates_after_seeing_them(school_copy):
    at = run_page("pages/settings.py", "senco")
    at.file_uploader(key="settings_term_file").upload("leeds.csv", LA_FILE, "text/csv").run()
    assert not at.exception
    terms = next(d.value for d in at.dataframe if "Term" in d.value.columns)
    assert terms["Starts"].tolist() == [date(2026, 9, 3), date(2027, 1, 5), date(2027, 4, 12)]
    at.button(key="settings_term_load").click().run()
    assert not at.exception
    assert as_read(at.success[0].value) == "Loaded the term dates for 2026/27 from leeds.csv."
    assert at.date_input(key="settings_2026_autumn_from").value == date(2026, 9, 3)
    cur = db.cursor(db.connect(school_copy))
    assert [t.starts for t in calendar.list_terms(cur, 2026)][0] == date(2026, 9, 3)


def test_a_term_dates_file_with_a_problem_names_the_row_and_offers_no_load(school_copy):
    at = run_page("pages/settings.py", "senco")
    bad = LA_FILE + b"Sports day,10/06/2027,\n"
    at.file_uploader(key="settings_term_file").upload("leeds.csv", bad, "text/csv").run()
    assert "Row 6: 'Sports day' is not a term, a half term or a closure" in as_read(
        at.error[0].value
    )
    assert not [b for b in at.button if b.key == "settings_term_load"]
