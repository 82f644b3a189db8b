"""Every table and figure on every page of a demo school, as each role: an empty value shows as
blank or a word, never "None" or "nan", and dates read DD/MM/YYYY, never YYYY-MM-DD (AppTest)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pandas as pd
import pytest

from sendlib import db, users
from tests.apptest import PAGE_FILES, run_page, serve

# An ISO date on its own; not one inside a file's name (demo-2026-11-23-1630.duckdb).
UNTIDY = re.compile(r"\bNone\b|\bnan\b|\bNaT\b|(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
# moment.js formats as column_config writes them, in strftime's words.
MOMENT = {"DD": "%d", "MM": "%m", "YYYY": "%Y", "HH": "%H", "mm": "%M"}

# Beyond each page as it opens: a pupil chosen, and the other views of the surgery and
# transition pages.
DEEPER = [
    ("pages/pupil.py", {"pupil": "PUPIL"}, {}),
    ("pages/timeline.py", {"pupil": "PUPIL"}, {}),
    ("pages/transition.py", {"pupil": "PUPIL"}, {"transition_view": "pack"}),
    ("pages/transition.py", {}, {"transition_view": "handover"}),
    ("pages/surgery.py", {}, {"surgery_view": "needs"}),
    ("pages/surgery.py", {}, {"surgery_view": "sessions"}),
]


@pytest.fixture(scope="module")
def demo_db(demo_file):
    """The small demo school (one copy for this file), served to the pages; the pupil whose
    record fills the most tables, for everyone and for the teacher."""
    path = demo_file
    conn = db.connect(path)
    cur = db.cursor(conn)
    pupils = {"": _fullest_pupil(cur, ""), "teacher": _fullest_pupil(cur, "teacher")}
    conn.close()
    with pytest.MonkeyPatch.context() as mp:
        serve(path, mp)
        yield path, pupils


# A pupil whose record fills the most tables: a pack, an EHC plan, agencies, a closed status.
_FULLEST_SQL = """
SELECT p.pupil_id FROM pupils p
WHERE p.date_left IS NULL
  AND (? = '' OR p.class_name IN (SELECT class_name FROM teacher_classes WHERE username = ?))
ORDER BY (SELECT count(*) FROM transition_packs t WHERE t.pupil_id = p.pupil_id) > 0
       AND (SELECT count(*) FROM ehc_plans e WHERE e.pupil_id = p.pupil_id) > 0 DESC,
       (SELECT count(*) FROM agencies a WHERE a.pupil_id = p.pupil_id)
       + (SELECT count(*) FROM sen_status s WHERE s.pupil_id = p.pupil_id AND s.end_date IS NOT NULL)
       DESC, p.pupil_id
LIMIT 1
"""


def _fullest_pupil(cur, teacher: str) -> str:
    """The pupil to open: the fullest record in the school, or in this teacher's classes."""
    return str(db.scalar(cur, _FULLEST_SQL, [teacher, teacher]))


def _shown(value: object, config: dict, placeholder: str) -> str:
    """A cell as the table draws it: a missing value as the table's placeholder ("None" unless
    it has one), dates in the column's format, everything else as text."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return placeholder
    form = config.get("type_config", {}).get("format")
    if form and isinstance(value, date | datetime):
        for moment, strftime in MOMENT.items():
            form = form.replace(moment, strftime)
        return value.strftime(form)
    return str(value)


def _midnight_only(cells: pd.Series, config: dict) -> bool:
    """A column of dates drawn as date-times: a time is shown and every one is 00:00."""
    stamps = [c for c in cells if isinstance(c, datetime) and not pd.isna(c)]
    shows_time = "HH" in config.get("type_config", {}).get("format", "")
    return shows_time and bool(stamps) and all(s.time() == datetime.min.time() for s in stamps)


def untidy(at) -> list[str]:
    """Every cell of every table and every metric's value that reads "None", "nan", "NaT" or an
    ISO date, and every date column shown with a time of 00:00; each with where it is."""
    found = []
    for table in at.dataframe:
        configs = json.loads(table.proto.columns or "{}")
        placeholder = table.proto.placeholder if table.proto.HasField("placeholder") else "None"
        where = f"table {table.key or ''}"
        for column in table.value.columns:
            config = configs.get(f"name:{column}") or configs.get(str(column)) or {}
            if config.get("hidden"):
                continue
            cells = table.value[column]
            if _midnight_only(cells, config):
                found.append(f"{where} / {column}: dates shown with 00:00")
            for cell in cells:
                text = _shown(cell, config, placeholder)
                if UNTIDY.search(text):
                    found.append(f"{where} / {column}: {text}")
    for metric in at.metric:
        if UNTIDY.search(str(metric.value)):
            found.append(f"metric {metric.label}: {metric.value}")
    return found


def _staff_meeting(path, username: str, on: bool) -> None:
    # The app holds the file open in this process; a second connection shares its database.
    cur = db.cursor(db.connect(path))
    users.set_staff_meeting(cur, users.get_user(cur, username), on)
    cur.close()


@pytest.fixture(params=["senco", "teacher", "office", "head", "senco in a staff meeting"])
def someone(request, demo_db):
    path, pupils = demo_db
    username = request.param.split()[0]
    pupil = pupils.get(username, pupils[""])
    meeting = "meeting" in request.param
    if meeting:
        _staff_meeting(path, username, True)
    yield username, pupil
    if meeting:
        _staff_meeting(path, username, False)


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_no_page_shows_none_nan_or_an_iso_date(page, someone):
    username, _ = someone
    at = run_page(page, username)
    assert not at.exception
    assert untidy(at) == []


@pytest.mark.parametrize(("page", "query", "state"), DEEPER, ids=lambda v: str(v))
def test_a_pupils_profile_timeline_and_pack_are_tidy_too(page, query, state, someone):
    username, pupil = someone
    at = run_page(page, username, query={k: pupil for k in query}, state=state)
    assert not at.exception
    assert untidy(at) == []
