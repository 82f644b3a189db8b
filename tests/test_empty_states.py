"""Every page with nothing to show says so in words: a pupil just added, with no contacts,
communications, plans, bookings or packs, and searches that match nothing (AppTest)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sendlib import db, users
from sendlib.pupils import register
from tests import school
from tests.apptest import make_school, run_page, serve, shown_text

NEW = "Nell Quiet"


@pytest.fixture(scope="module")
def new_pupil(tmp_path_factory):
    """The test school with one more pupil, in 5A, with no history at all; their id."""
    path = make_school(tmp_path_factory.mktemp("empty") / "school.duckdb")
    conn = db.connect(path)
    cur = db.cursor(conn)
    added = register.save_pupil(
        cur,
        users.get_user(cur, "senco"),
        school.new_pupil(70, legal_forename="Nell", legal_surname="Quiet"),
        school.TODAY,
    )
    conn.close()
    with pytest.MonkeyPatch.context() as mp:
        serve(path, mp)
        yield str(added.pupil_id)


# page, username, with the new pupil in the address, widget state, words the page must show
CASES = [
    (
        "app.py",
        "senco",
        False,
        {},
        [
            "No actions were agreed with families in this term.",
            "No EHC plan annual review is due in the next eight weeks or overdue.",
        ],
    ),
    ("app.py", "teacher", False, {}, ["No actions were agreed with families in this term."]),
    *(
        ("pages/pupil.py", "senco", True, {"pupil_tab": tab}, [words])
        for tab, words in (
            ("Parents and carers", "No parent or carer recorded yet."),
            ("Agencies", "No outside agencies recorded."),
            ("Plans", "No plan recorded yet."),
            ("EHC plan", "No EHC plan recorded."),
        )
    ),
    ("pages/log.py", "senco", True, {}, [f"No parent or carer is on record for {NEW} yet"]),
    ("pages/log.py", "teacher", True, {}, [f"No parent or carer is on record for {NEW} yet"]),
    ("pages/timeline.py", "senco", True, {}, [f"Nothing logged yet for {NEW}."]),
    ("pages/timeline.py", "teacher", True, {}, [f"Nothing logged yet for {NEW}."]),
    (
        "pages/timeline.py",
        "senco",
        True,
        {"timeline_search": "zebra"},
        [f"Nothing logged yet for {NEW}."],
    ),
    (
        "pages/timeline.py",
        "senco",
        False,
        {"timeline_search": "zebra"},
        ["No communications match", "matching 'zebra'"],
    ),
    (
        "pages/register.py",
        "senco",
        False,
        {"register_search": "zebra"},
        ["No pupils match", "matching 'zebra'"],
    ),
    (
        "pages/register.py",
        "teacher",
        False,
        {"register_leavers": True},
        ["No leavers yet."],
    ),
    (
        "pages/ledger.py",
        "senco",
        False,
        {},
        ["Nothing is waiting for a reply.", "No open actions."],
    ),
    ("pages/ledger.py", "teacher", False, {"ledger_done": True}, ["No actions yet."]),
    ("pages/surgery.py", "senco", False, {}, ["No surgery sessions in these dates."]),
    (
        "pages/surgery.py",
        "senco",
        False,
        {"surgery_view": "sessions"},
        ["No surgery sessions are coming up."],
    ),
    (
        "pages/transition.py",
        "senco",
        True,
        {"transition_view": "pack"},
        ["There is no transition pack for this pupil yet."],
    ),
    (
        "pages/transition.py",
        "teacher",
        True,
        {"transition_view": "pack"},
        ["There is no transition pack for this pupil yet."],
    ),
    (
        "pages/transition.py",
        "senco",
        False,
        {},
        ["Nobody on the register is changing school", "Moving class in September"],
    ),
    ("pages/retention.py", "senco", False, {}, ["No leaver is past the retention period."]),
    (
        "pages/audit.py",
        "senco",
        False,
        {"audit_to": date(2001, 1, 1)},
        ["No audit rows match these filters."],
    ),
    ("pages/import.py", "senco", False, {}, ["Upload a CSV exported from your MIS"]),
    ("pages/users.py", "senco", False, {}, ["Tia Teacher"]),
    ("pages/settings.py", "senco", False, {}, ["No weekly sessions yet"]),
    (
        "pages/outbox.py",
        "senco",
        False,
        {},
        ["The school's mail server is not set up yet", "No emails yet."],
    ),
]


@pytest.mark.parametrize(
    ("page", "username", "with_pupil", "state", "words"),
    CASES,
    ids=[f"{c[0].rsplit('/', 1)[-1]}-{c[1]}-{'-'.join(c[3]) or 'plain'}" for c in CASES],
)
def test_a_page_with_nothing_to_show_says_so(new_pupil, page, username, with_pupil, state, words):
    at = run_page(page, username, {"pupil": new_pupil} if with_pupil else None, state)
    assert not at.exception
    text = re.sub(r"\\(.)", r"\1", shown_text(at))  # as read, without Markdown's escapes
    assert [w for w in words if w not in text] == []


def test_every_page_is_walked_with_nothing_to_show():
    from tests.apptest import PAGE_FILES

    walked = {case[0].rsplit("/", 1)[-1] for case in CASES}
    assert walked == {page.name for page in PAGE_FILES}


def test_a_register_search_that_matches_nothing_says_so_once(new_pupil):
    at = run_page("pages/register.py", "senco", None, {"register_search": "zebra"})
    assert not at.exception
    assert "No pupils match" in shown_text(at)
    assert "register_table" not in {table.key for table in at.dataframe}  # no empty table too
    # Nor buttons that would export or print a list of nobody.
    assert not at.get("download_button")
    assert not [b for b in at.button if b.label in ("Export CSV", "Print list (PDF)")]


@pytest.mark.parametrize("page", ["pages/transition.py", "pages/log.py", "pages/timeline.py"])
def test_a_school_with_no_pupils_yet_says_where_they_come_from(tmp_path, monkeypatch, page):
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    users.add_user(db.cursor(conn), "jsmith", "Jo Smith", "senco", school.PASSWORD)
    conn.close()
    serve(path, monkeypatch)
    at = run_page(page, "jsmith", None, {"transition_view": "pack"})
    assert not at.exception
    text = shown_text(at)
    assert "There are no pupils to choose from yet." in text
    assert "Import them from the school's MIS" in text


def test_a_timeline_with_nothing_in_it_says_so_without_an_empty_chart(new_pupil):
    at = run_page("pages/timeline.py", "senco", None, {"timeline_search": "zebra"})
    assert not at.exception
    assert "No communications match these filters" in shown_text(at)
    assert not at.get("vega_lite_chart")


def test_a_new_schools_dashboard_says_what_there_is_none_of_without_empty_charts(
    tmp_path, monkeypatch
):
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    users.add_user(db.cursor(conn), "jsmith", "Jo Smith", "senco", school.PASSWORD)
    conn.close()
    serve(path, monkeypatch)
    at = run_page("app.py", "jsmith")
    assert not at.exception
    text = shown_text(at)
    assert "No pupils on the register." in text
    assert "No pupils on SEN support or with an EHC plan, so no meetings to count." in text
    assert not at.get("vega_lite_chart")  # a chart of nobody is a lone zero axis
