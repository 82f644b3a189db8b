"""The 'Leavers past retention' page and the subject access download, as the SENCo uses them."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from sendlib import db
from tests import school
from tests.apptest import as_read, run_page, serve, shown_text
from tests.school import add_full_record, add_leaver

DELETE = "FormSubmitter:retention_delete-Delete this pupil's records"


@pytest.fixture(scope="module")
def leavers_template(school_template, tmp_path_factory):
    """The test school with two leavers: one past retention, one who is 31 tomorrow."""
    path = tmp_path_factory.mktemp("retention") / "school.duckdb"
    shutil.copy(school_template, path)
    conn = db.connect(path)
    cur = db.cursor(conn)
    past = add_leaver(cur, 7, date(1990, 4, 1), date(2007, 7, 20), "Dana")
    add_leaver(cur, 8, date(1995, 11, 24), date(2012, 7, 20), "Tom")
    add_full_record(cur, past, "Dana")
    conn.close()
    return path


@pytest.fixture
def school_with_leavers(leavers_template, tmp_path, monkeypatch):
    """A fresh copy of the test school with the two leavers for each test, since these tests
    write; served to the pages."""
    path = tmp_path / "school.duckdb"
    shutil.copy(leavers_template, path)
    return serve(path, monkeypatch)


def rows_about(path, pupil_id: int) -> dict[str, int]:
    conn = db.connect(path)
    try:
        return school.rows_about(db.cursor(conn), pupil_id)
    finally:
        conn.close()


def test_the_senco_sees_only_leavers_past_retention(school_with_leavers):
    at = run_page("pages/retention.py", "senco")
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(frame["Name"]) == ["Dana Leaver"]
    assert list(frame["UPN"]) == [school.make_upn(7)]
    assert at.number_input(key="retention_years").value == 6
    assert "until they are 25, then 6 more years" in shown_text(at)


def test_deleting_needs_a_reason_and_the_box_ticked(school_with_leavers):
    at = run_page("pages/retention.py", "senco")
    at.button(key=DELETE).click().run()
    assert "Reason: is required" in as_read(at.error[0].value)
    assert rows_about(school_with_leavers, 7)["pupils"] == 1


def test_the_senco_deletes_a_leaver_past_retention(school_with_leavers):
    at = run_page("pages/retention.py", "senco")
    at.text_input(key="retention_reason").input("Annual retention review")
    at.checkbox(key="retention_confirm").check()
    at.button(key=DELETE).click().run()
    assert not at.exception
    assert as_read(at.success[0].value).startswith(f"Deleted Dana Leaver ({school.make_upn(7)})")
    assert "No leaver is past the retention period." in shown_text(at)
    rows = rows_about(school_with_leavers, 7)
    assert sum(rows.values()) == rows["audit_log"] == 2


def test_changing_the_period_changes_the_list(school_with_leavers):
    at = run_page("pages/retention.py", "senco")
    at.number_input(key="retention_years").set_value(12)
    at.button(key="FormSubmitter:retention_setting-Save").click().run()
    assert at.success[0].value == "Saved: SEN files are kept until age 25 plus 12 years."
    assert "No leaver is past the retention period." in shown_text(at)


def test_the_subject_access_download_is_for_the_senco_only(school_with_leavers):
    labels = {}
    for username in ("senco", "teacher"):
        at = run_page("pages/pupil.py", username, query={"pupil": "3"})
        assert not at.exception
        labels[username] = [b.proto.label for b in at.get("download_button")]
    assert "Subject access export (zip)" in labels["senco"]
    assert "Subject access export (zip)" not in labels["teacher"]
    assert "Print profile (PDF)" in labels["teacher"]
