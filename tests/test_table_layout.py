"""Tables that fit a school laptop (1366 x 768): the columns a user reads first are on screen,
in order, with widths set, and a long list shows as many rows as the screen holds rather than
Streamlit's ten (AppTest, and the height rule in sendlib.ui)."""

from __future__ import annotations

import json
from datetime import date

import pytest
import streamlit as st

from sendlib import db, ui, users
from sendlib.transition import packs
from tests import school
from tests.apptest import run_page

# The page's main column at 1366 px wide (measured in Chromium), less the table's border; a
# table whose rows can be chosen gives 33 px of it to the tick boxes.
LAPTOP_PX = 906 - 2
TICK_BOX_PX = 33
# Streamlit's rows and header row are 35 px; on its own it shows at most ten rows.
ROW_PX = 35
TEN_ROWS_PX = ROW_PX + 10 * ROW_PX + 2
# What a 1366 x 768 screen shows of a page below the browser's tabs and address bar.
LAPTOP_SCREEN_PX = 768 - 110


@pytest.fixture
def heights(monkeypatch):
    """How tall each keyed table was asked to be ("auto" when left to Streamlit)."""
    asked: dict[str, object] = {}
    real = st.dataframe

    def recording(data=None, *args, **kwargs):
        asked[kwargs.get("key")] = kwargs.get("height", "auto")
        return real(data, *args, **kwargs)

    monkeypatch.setattr(st, "dataframe", recording)
    return asked


def layout(table) -> tuple[list[str], dict[str, object]]:
    """The columns a table shows, in order, and the width set for each (None if unset)."""
    config = json.loads(table.proto.columns or "{}")
    order = list(table.proto.column_order) or list(table.value.columns)
    return order, {c: (config.get(c) or {}).get("width") for c in order}


def test_a_long_list_shows_a_screenful_of_rows_and_a_short_one_exactly_its_rows():
    long = ui.table_height(72)
    assert long >= ROW_PX + 15 * ROW_PX  # well past Streamlit's ten rows
    assert long <= LAPTOP_SCREEN_PX  # and no taller than the laptop's screen: one scroll bar
    assert ui.table_height(3) == ROW_PX + 3 * ROW_PX + 2  # no empty space below three rows
    assert ui.table_height(0) == ROW_PX + ROW_PX + 2  # room for the word an empty table shows
    # Rows tall enough for two lines: the same screenful at most, so fewer of them.
    assert ui.table_height(40, 66) <= LAPTOP_SCREEN_PX
    assert ui.table_height(2, 66) == ROW_PX + 2 * 66 + 2


def test_the_register_shows_its_key_columns_first_and_all_fit_a_laptop(school_copy, heights):
    at = run_page("pages/register.py", "senco")
    assert not at.exception
    order, widths = layout(at.dataframe[0])
    assert order[:3] == ["Name", "Class", "Status"]
    assert None not in widths.values()
    assert TICK_BOX_PX + sum(widths.values()) <= LAPTOP_PX
    # The year is in the class, and the UPN and broad area are on the profile and the export.
    assert not {"Year", "UPN", "Broad area", "pupil_id"} & set(order)
    assert heights["register_table"] == ROW_PX + 5 * ROW_PX + 2  # the school's five pupils


@pytest.fixture
def transition_db(school_copy):
    """The test school with a pack started for Alex."""
    conn = db.connect(school_copy)
    cur = db.cursor(conn)
    senco = users.get_user(cur, "senco")
    values = {"move_kind": "class to class", "move_date": date(2027, 9, 2),
              "receiving_setting": "Year 6, Elm class", "receiving_teacher": "Ms Ahmed"}  # fmt: skip
    packs.start_pack(cur, senco, 3, values, school.TODAY, school.NOW)
    conn.close()
    return school_copy


def test_the_tracker_shows_whose_pack_is_where_and_what_needs_doing_on_a_laptop(transition_db):
    at = run_page("pages/transition.py", "senco")
    assert not at.exception
    order, widths = layout(at.dataframe[0])
    assert order[:3] == ["Pupil", "Class", "Pack"]
    assert {"Warning", "Moving to", "Move date"} <= set(order)
    assert None not in widths.values()
    assert sum(widths.values()) <= LAPTOP_PX


@pytest.fixture
def timeline_db(school_copy):
    """The test school with twelve entries on Alex's timeline."""
    conn = db.connect(school_copy)
    cur = conn.cursor()
    senco = users.get_user(cur, "senco")
    for day in range(1, 13):
        happened = school.at(f"2026-11-{day:02d} 09:00")
        school.log(cur, senco, school.ALEX, happened_at=happened)
    conn.close()
    return school_copy


def test_the_timeline_shows_when_who_and_the_subject_on_a_laptop(timeline_db, heights):
    at = run_page("pages/timeline.py", "senco")
    assert not at.exception
    order, widths = layout(at.dataframe[0])
    assert order[:4] == ["When", "Pupil", "Subject", "With"]
    assert None not in widths.values()
    assert sum(widths[c] for c in order[:4]) <= LAPTOP_PX
    # Twelve entries: all on screen, not ten and a scroll bar.
    assert heights["timeline_table"] == ROW_PX + 12 * ROW_PX + 2 > TEN_ROWS_PX


def test_the_audit_log_shows_who_did_what_to_whom_on_a_laptop(school_copy, heights):
    at = run_page("pages/audit.py", "senco")
    assert not at.exception
    order, widths = layout(at.dataframe[0])
    assert order[:6] == ["Row", "When", "Who", "Action", "Pupil", "Detail"]
    assert None not in widths.values()
    assert sum(widths[c] for c in order[:6]) <= LAPTOP_PX
    # The school's fifteen rows, every one on screen.
    assert heights["audit_table"] == ROW_PX + 15 * ROW_PX + 2 > TEN_ROWS_PX


def test_a_surgery_sessions_slots_fit_a_laptop_with_each_cell_on_two_lines(school_with_surgeries):
    at = run_page("pages/surgery.py", "office", {"week": "2026-11-23"})
    assert not at.exception
    grid = at.dataframe[0]
    order, widths = layout(grid)
    assert order == ["Session"] + [f"Slot {n}" for n in range(1, 6)]  # the school's five
    assert None not in widths.values()
    assert sum(widths.values()) <= LAPTOP_PX
    # Streamlit wraps a cell's words onto a second line only in rows over 64 px.
    assert grid.proto.row_height > 64
