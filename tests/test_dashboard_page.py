"""The home dashboard as the SENCo, a teacher, a governor and the office see it (AppTest)."""

from __future__ import annotations

import pytest

from tests.apptest import make_school, run_page, serve, shown_text

NAMES = ["Zoë", "Łukasz", "Nguyễn", "Siobhán", "Amir", "O'Connor", "Nowak", "Jones"]


@pytest.fixture(scope="module", autouse=True)
def school_db(tmp_path_factory):
    path = make_school(tmp_path_factory.mktemp("dashboard") / "school.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        yield serve(path, mp)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_senco_sees_the_figures_and_the_pupils_behind_them():
    at = run_page("app.py", "senco")
    assert not at.exception
    # Four pupils are on SEN support or have an EHC plan; nobody has met their parents yet.
    assert metric(at, "Not met this term") == "4"
    assert metric(at, "SEN support (K)") == "3"
    assert len(at.get("vega_lite_chart")) >= 2
    listed = [e for e in at.expander if e.label.startswith("The pupils not met this term")]
    assert listed and "Zoë O'Connor-Smith" in shown_text(at)


def test_a_governor_sees_counts_and_charts_but_never_a_name():
    at = run_page("app.py", "head")
    assert not at.exception
    assert metric(at, "Not met this term") == "4"
    assert "Counts only: no pupil is named." in shown_text(at)
    text = shown_text(at)
    assert not [name for name in NAMES if name in text]
    assert not [e for e in at.expander if e.label.startswith("The pupils")]
    for frame in at.dataframe:
        assert "Pupil" not in frame.value.columns


def test_a_teacher_sees_their_class_only():
    at = run_page("app.py", "teacher")
    assert not at.exception
    # In 5A only Alex is on SEN support (Siobhán is monitored).
    assert metric(at, "Not met this term") == "1"
    text = shown_text(at)
    assert "Zoë" not in text and "Łukasz" not in text


def test_the_office_has_no_dashboard():
    at = run_page("app.py", "office")
    assert not at.exception
    assert not at.metric and not at.get("vega_lite_chart")
    assert not [name for name in NAMES if name in shown_text(at)]
