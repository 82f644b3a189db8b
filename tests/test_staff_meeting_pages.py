"""On a projector, every page of a whole demo school, as each role with staff-meeting mode on
and as a head or governor: nobody is named and nothing typed about a family is shown (AppTest)."""

from __future__ import annotations

import pytest

from sendlib import access, db, users
from tests.apptest import PAGE_FILES, run_page, serve, shown_text
from tests.privacy import identifying_words, leaks

MARKER = "Staff-meeting mode is on."
# Beyond each page as it opens: a pupil chosen, the other views, a slot asked for by address.
DEEPER = [
    ("pages/timeline.py", {"pupil": "PUPIL"}, {}),
    ("pages/surgery.py", {"slot": "SLOT"}, {}),
    ("pages/surgery.py", {}, {"surgery_view": "needs"}),
    ("pages/transition.py", {"pupil": "PUPIL"}, {"transition_view": "pack"}),
    ("pages/pupil.py", {"pupil": "PUPIL"}, {}),
    ("pages/log.py", {"pupil": "PUPIL"}, {}),
]


@pytest.fixture(scope="module")
def demo_db(demo_file):
    """The small demo school (one copy for this file), served to the pages; the words that
    would identify its pupils, and a pupil and a slot to ask for by address."""
    path = demo_file
    conn = db.connect(path)
    cur = db.cursor(conn)
    words = identifying_words(cur)
    ids = {
        "PUPIL": str(db.scalar(cur, "SELECT min(pupil_id) FROM transition_packs")),
        "SLOT": str(db.scalar(cur, "SELECT min(active_slot_id) FROM bookings")),
    }
    conn.close()
    with pytest.MonkeyPatch.context() as mp:
        serve(path, mp)
        yield path, words, ids


def _switch(path, username: str, on: bool) -> None:
    # The app holds the file open in this process; a second connection shares its database.
    cur = db.cursor(db.connect(path))
    user = users.get_user(cur, username)
    if access.may_use_staff_meeting(user) or not on:
        users.set_staff_meeting(cur, user, on)
    else:  # an office account that switched it on before the office lost the switch
        cur.execute("UPDATE users SET staff_meeting = true WHERE username = ?", [username])
    cur.close()


def _run_in_the_mode(path, page: str):
    """The page as the SENCo sees it in staff-meeting mode (switched off again after)."""
    _switch(path, "senco", True)
    try:
        return run_page(page, "senco")
    finally:
        _switch(path, "senco", False)


@pytest.fixture(params=["senco", "teacher", "office"])
def in_meeting(request, demo_db):
    path, words, ids = demo_db
    _switch(path, request.param, True)
    yield request.param, words, ids
    _switch(path, request.param, False)


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_no_page_names_anyone_in_staff_meeting_mode(page, in_meeting):
    username, words, _ = in_meeting
    at = run_page(page, username)
    assert not at.exception
    text = shown_text(at)
    assert MARKER in text
    assert leaks(text, words) == []


@pytest.mark.parametrize(("page", "query", "state"), DEEPER, ids=lambda v: str(v))
def test_clicking_further_in_names_nobody_either(page, query, state, in_meeting):
    username, words, ids = in_meeting
    at = run_page(page, username, query={k: ids.get(v, v) for k, v in query.items()}, state=state)
    assert not at.exception
    text = shown_text(at)
    assert MARKER in text
    assert leaks(text, words) == []


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_a_head_or_governor_is_shown_no_name_on_any_page(page, demo_db):
    _, words, _ = demo_db
    at = run_page(page, "head")
    assert not at.exception
    assert leaks(shown_text(at), words) == []


def test_the_same_pages_name_pupils_when_the_mode_is_off(demo_db):
    _, words, ids = demo_db
    for page, query in [("pages/register.py", {}), ("pages/timeline.py", {"pupil": ids["PUPIL"]})]:
        at = run_page(page, "senco", query=query)
        assert MARKER not in shown_text(at)
        assert leaks(shown_text(at), words), page


def test_the_switch_in_the_menu_turns_the_mode_on_for_every_page_until_switched_off(demo_db):
    path, words, _ = demo_db
    at = run_page("pages/register.py", "senco")
    assert at.toggle(key="menu_staff_meeting").value is False
    menu = [link.proto.label for link in at.sidebar.get("page_link")]
    assert "Log a contact" in menu and "Staff accounts" in menu
    at.toggle(key="menu_staff_meeting").set_value(True).run()
    assert MARKER in shown_text(at)
    assert leaks(shown_text(at), words) == []
    # The menu offers only the screens that open in the mode.
    assert [link.proto.label for link in at.sidebar.get("page_link")] == [
        "Home",
        "SEN register",
        "Communication timeline",
        "Promises and replies",
        "Parent surgeries",
        "Transition packs",
    ]
    # A reload of the page (a new session with the same sign-in) keeps it on.
    again = run_page("pages/ledger.py", "senco")
    assert again.toggle(key="menu_staff_meeting").value is True
    assert leaks(shown_text(again), words) == []
    again.toggle(key="menu_staff_meeting").set_value(False).run()
    assert MARKER not in shown_text(again)
    assert leaks(shown_text(again), words)
    assert not users.get_user(db.cursor(db.connect(path)), "senco").staff_meeting


@pytest.mark.parametrize(
    ("username", "has_switch"),
    [("senco", True), ("teacher", True), ("office", False), ("head", False)],
)
def test_only_the_senco_and_teachers_have_the_switch_in_the_menu(demo_db, username, has_switch):
    at = run_page("app.py", username)
    assert not at.exception
    assert ("menu_staff_meeting" in [t.key for t in at.sidebar.get("toggle")]) == has_switch


def test_an_office_account_left_in_the_mode_can_still_switch_it_off(demo_db):
    path, _, _ = demo_db
    _switch(path, "office", True)
    try:
        at = run_page("app.py", "office")
        assert at.toggle(key="menu_staff_meeting").value is True
        at.toggle(key="menu_staff_meeting").set_value(False).run()
        assert not at.exception
        assert not users.get_user(db.cursor(db.connect(path)), "office").staff_meeting
        assert "menu_staff_meeting" not in [t.key for t in at.sidebar.get("toggle")]
    finally:
        _switch(path, "office", False)


def test_the_register_in_the_mode_shows_initials_and_year_and_counts_the_rest(demo_db):
    path, _, _ = demo_db
    at = _run_in_the_mode(path, "pages/register.py")
    assert not at.exception
    frames = [frame.value for frame in at.dataframe]
    listed = next(f for f in frames if "Name" in f.columns)
    on_screen = next(t for t in at.dataframe if "Name" in t.value.columns).proto.column_order
    assert list(on_screen) == ["Name", "Year", "Parents prefer"]
    by_need = next(f for f in frames if "Primary need" in f.columns)
    shown = [c for c in listed.columns if not c.endswith("_id")]
    assert shown == ["Name", "Year", "Parents prefer"]
    # Twins and other pupils who share initials read apart, by a number and nothing more.
    assert listed["Name"].nunique() == len(listed)
    assert listed["Name"].str.fullmatch(r"(\w\. )+\w\.( \(\d+\))?|\w\.").all()
    assert next(m.value for m in at.metric if m.label == "All") == str(len(listed))
    assert by_need["Pupils"].sum() == len(listed)
    caption = " ".join(c.value for c in at.caption)
    assert "Choose a row" not in caption
    assert "counted, never shown beside a pupil" in caption
    # Only the year group narrows the list: a class or a need would name children.
    keys = {w.key for w in at.multiselect}
    assert "register_years" in keys and not keys & {"register_classes", "register_needs"}


def test_the_dashboard_in_the_mode_lists_no_pupil_beside_a_status(demo_db):
    path, _, _ = demo_db
    at = _run_in_the_mode(path, "app.py")
    assert not at.exception
    for frame in (f.value for f in at.dataframe):
        if "Pupil" in frame.columns:
            assert not {"Class", "Status", "UPN"} & set(frame.columns), list(frame.columns)
            assert "Year" in frame.columns
    assert not [e.label for e in at.expander if "EHC plan annual reviews" in e.label]
    assert "the EHC plan reviews are counted above, not listed" in shown_text(at)
