"""The office's parent-surgery sheets, read back as the office reads them: the day's list and
the week's grid."""

from __future__ import annotations

import io
import re
from dataclasses import fields
from datetime import date
from datetime import time as clock

import pypdf
import pytest

from sendlib.pdf.house import CONFIDENTIAL
from sendlib.pdf.surgery_sheets import (
    GridCell,
    GridSession,
    SheetSlot,
    build_day_sheet,
    build_week_grid,
    how_words,
    interpreter_words,
    slot_summary,
)
from tests.test_pdf import pages, text

SCHOOL_NAME = "St Aldhelm's C of E Primary School"
PRINTED_BY = "Mrs Priya Ashworth (office)"
TODAY = date(2026, 11, 23)
DAY = date(2026, 11, 24)  # a Tuesday
LONG_SURNAME = "Wiśniewski-Kowalczyk-Brzęczyszczykiewicz"


def at(hours: int, minutes: int) -> clock:
    return clock(hours, minutes)


ZOE = SheetSlot(
    at(13, 30),
    at(13, 50),
    "Room 4",
    "booked",
    pupil="Zoë O'Connor-Smith",
    class_name="Year 4 Oak",
    parent="Ms Siobhán O'Connor-Smith (mother)",
    mode="phone",
    phone="07700 900123",
)
MINH = SheetSlot(
    at(13, 50),
    at(14, 10),
    "Room 4",
    "booked",
    pupil="Minh Nguyễn",
    class_name="Year 2 Ash",
    parent="Mrs Thi Nguyễn (mother)",
    mode="in person",
    language="Vietnamese",
    interpreter_needed=True,
)
HELD = SheetSlot(
    at(14, 10), at(14, 30), "Room 4", "held", hold_note="Keeping for Mr Kowalski to ring back"
)
FREE = SheetSlot(at(14, 30), at(14, 50), "Room 4", "free")
LUKASZ = SheetSlot(
    at(14, 50),
    at(15, 10),
    "Room 4",
    "booked",
    pupil=f"Łukasz {LONG_SURNAME}",
    class_name="Reception Willow",
    parent=f"Mr Łukasz {LONG_SURNAME} (father)",
    mode="video",
    remote_details="https://meet.example.org/aldhelm-senco passcode 8842",
    language="Polish",
)
DAY_SLOTS = [ZOE, MINH, HELD, FREE, LUKASZ]


def day_sheet(slots: list[SheetSlot], day: date = DAY) -> bytes:
    return build_day_sheet(day, slots, SCHOOL_NAME, PRINTED_BY, TODAY)


def week_grid(sessions: list[GridSession]) -> bytes:
    return build_week_grid(date(2026, 11, 23), sessions, SCHOOL_NAME, PRINTED_BY, TODAY)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]


def unwrapped(pdf: bytes) -> str:
    """The text with no spaces at all, for words a narrow column breaks mid-word."""
    return re.sub(r"\s", "", text(pdf))


@pytest.fixture(scope="module")
def day_text() -> str:
    # Given out of order: the sheet prints them in time order.
    return text(day_sheet([FREE, LUKASZ, ZOE, HELD, MINH]))


# The day sheet -------------------------------------------------------------------------------


def test_the_day_sheet_has_the_house_header_and_footer(day_text):
    assert SCHOOL_NAME in day_text
    assert "Printed 23 November 2026 by Mrs Priya Ashworth (office)" in day_text
    assert "Parent surgery — Tuesday 24 November 2026" in day_text
    assert CONFIDENTIAL in day_text
    assert "Page 1 of 1" in day_text


def test_the_day_sheet_is_portrait_a4():
    ((width, height),) = page_sizes(day_sheet(DAY_SLOTS))
    assert (round(width), round(height)) == (595, 842)


def test_the_day_sheet_counts_the_slots_first(day_text):
    assert "5 slots: 3 booked, 1 held, 1 free" in day_text
    assert day_text.index("5 slots") < day_text.index("13:30–13:50")


def test_the_day_sheet_lists_the_slots_in_time_order(day_text):
    assert "Time Pupil Parent or carer How Interpreter Arrived" in day_text
    times = ["13:30–13:50", "13:50–14:10", "14:10–14:30", "14:30–14:50", "14:50–15:10"]
    positions = [day_text.index(t) for t in times]
    assert positions == sorted(positions)


def test_each_booking_says_who_is_coming_and_how(day_text):
    # Read cell by cell, as printed: the time, the pupil and class, the parent, how.
    assert (
        "13:30–13:50 Zoë O'Connor-Smith Year 4 Oak Ms Siobhán O'Connor-Smith (mother) "
        "Phone call Ring 07700 900123"
    ) in day_text
    assert (
        "13:50–14:10 Minh Nguyễn Year 2 Ash Mrs Thi Nguyễn (mother) In person Room 4 "
        "Vietnamese interpreter"
    ) in day_text
    assert "Reception Willow" in day_text
    assert "Video call" in day_text
    assert "meet.example.org/aldhelm-senco" in day_text.replace(" ", "")


def test_free_and_held_slots_say_so(day_text):
    assert "14:10–14:30 Held Keeping for Mr Kowalski to ring back" in day_text
    assert "14:30–14:50 Free" in day_text


def lines_at(pdf: bytes) -> list[tuple[float, str]]:
    """Each line printed on the first page, with how far from the left edge it starts (mm)."""
    found: list[tuple[float, str]] = []

    def visit(chunk, cm, tm, _font, _size) -> None:
        if chunk.strip():
            found.append((round((tm[4] * cm[0] + cm[4]) * 25.4 / 72, 1), chunk.strip()))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_a_held_slot_says_held_and_its_note_has_a_line_of_its_own():
    note = "Held for a call back to Mrs Wood: checking work shifts"
    held = SheetSlot(at(14, 10), at(14, 30), "Room 4", "held", hold_note=note)
    printed = lines_at(day_sheet([ZOE, held, FREE]))
    pupil_x = next(x for x, line in printed if line == "Pupil")
    parent_x = next(x for x, line in printed if line == "Parent or carer")
    # The pupil column says Held; the note runs across the columns a booking would fill, on one
    # line, without saying 'held' twice.
    assert (pupil_x, "Held") in printed
    assert (parent_x, "For a call back to Mrs Wood: checking work shifts") in printed
    assert "Held for" not in text(day_sheet([held]))
    # A note that does not start with 'Held' is printed as typed.
    plain = SheetSlot(at(14, 10), at(14, 30), "Room 4", "held", hold_note="Mr Kowalski's call")
    assert (parent_x, "Mr Kowalski's call") in lines_at(day_sheet([ZOE, plain]))


def test_the_interpreter_column_names_the_language(day_text):
    assert "Vietnamese interpreter" in day_text
    assert "Speaks Polish" in day_text


def test_long_names_and_accents_print_in_full():
    printed = unwrapped(day_sheet(DAY_SLOTS))
    for name in ("Zoë", "Nguyễn", "Łukasz", "Siobhán", LONG_SURNAME):
        assert name in printed
    assert printed.count(LONG_SURNAME) == 2  # the pupil and the father


def test_the_office_sheet_carries_no_sen_information():
    """The sheet is for the office: realistic rows, and nothing about needs on the page."""
    printed = text(day_sheet(DAY_SLOTS))
    for words in ("SEN support", "EHC", "special educational", "SEND", "needs", "diagnos"):
        assert words.lower() not in printed.lower()
    assert not re.search(r"\bSEN\b", printed)
    # Nor could it: a slot has nowhere to put any.
    assert {f.name for f in fields(SheetSlot)} == {
        "starts",
        "ends",
        "place",
        "state",
        "pupil",
        "class_name",
        "parent",
        "mode",
        "phone",
        "remote_details",
        "language",
        "interpreter_needed",
        "hold_note",
    }


def test_an_empty_day_says_so():
    printed = text(day_sheet([]))
    assert "No surgery sessions on this day." in printed
    assert "Parent surgery — Tuesday 24 November 2026" in printed
    assert "Arrived" not in printed


def test_attended_and_no_show_are_written_in_the_arrived_column():
    attended = SheetSlot(
        at(15, 10),
        at(15, 30),
        "Room 4",
        "attended",
        pupil="Amara Okafor",
        class_name="Year 6 Elm",
        parent="Mr Okafor (father)",
        mode="in person",
        language="English",
    )
    missed = SheetSlot(
        at(15, 30),
        at(15, 50),
        "Room 4",
        "no-show",
        pupil="Ben Smith",
        class_name="Year 5 Birch",
        parent="Ms Smith (grandmother)",
        mode="phone",
        phone="01632 960001",
    )
    printed = text(day_sheet([*DAY_SLOTS, attended, missed]))
    assert "7 slots: 3 booked, 1 attended, 1 no-show, 1 held, 1 free" in printed
    assert "In person Room 4 Attended" in printed
    assert "Ring 01632 960001 No-show" in printed


def test_a_twelve_slot_day_sheet_lists_every_family():
    slots = [
        SheetSlot(
            at(9 + n // 3, 20 * (n % 3)),
            at(9 + (n + 1) // 3, 20 * ((n + 1) % 3)),
            "Room 4",
            "booked",
            pupil=f"Łukasz {LONG_SURNAME} {n}",
            class_name="Year 3 Rowan",
            parent=f"Ms Siobhán O'Connor-Smith (mother) and Mr Nguyễn Văn An (stepfather) {n}",
            mode=("phone", "video", "in person")[n % 3],
            phone="07700 900123",
            remote_details="https://meet.example.org/aldhelm-senco",
            language="Polish",
            interpreter_needed=n % 2 == 0,
        )
        for n in range(12)
    ]
    # Its speed is measured by the benchmark (python -m bench), not here.
    assert "12 slots: 12 booked" in text(day_sheet(slots))


def test_the_summary_and_the_words_for_each_column():
    assert slot_summary([FREE]) == "1 slot: 1 free"
    assert how_words(ZOE) == "Phone call\nRing 07700 900123"
    assert how_words(MINH) == "In person\nRoom 4"
    assert how_words(SheetSlot(at(9, 0), at(9, 20), "Room 4", "booked", mode="phone")) == (
        "Phone call\nNumber not recorded"
    )
    english = SheetSlot(at(9, 0), at(9, 20), "Room 4", "booked", language="English")
    assert interpreter_words(english) == ""
    assert interpreter_words(ZOE) == ""
    assert interpreter_words(MINH) == "Vietnamese interpreter"
    assert interpreter_words(LUKASZ) == "Speaks Polish"
    unknown = SheetSlot(at(9, 0), at(9, 20), "Room 4", "booked", interpreter_needed=True)
    assert interpreter_words(unknown) == "Interpreter needed"


# The week grid -------------------------------------------------------------------------------


def cells(hours: int, minutes: int, states: list[tuple[str, str | None]]) -> list[GridCell]:
    start = hours * 60 + minutes
    return [
        GridCell(at((start + 20 * n) // 60, (start + 20 * n) % 60), state, label)
        for n, (state, label) in enumerate(states)
    ]


TUESDAY = GridSession(
    date(2026, 11, 24),
    at(13, 30),
    at(15, 10),
    "Room 4",
    False,
    cells(
        13,
        30,
        [
            ("free", None),
            ("booked", "Zoë O'Connor-Smith (phone)"),
            ("held", None),
            ("attended", "Siobhán Ní Bhriain (in person)"),
            ("no-show", "Minh Nguyễn (video)"),
        ],
    ),
)
WEDNESDAY = GridSession(
    date(2026, 11, 25),
    at(13, 30),
    at(15, 10),
    "Room 4",
    True,
    cells(13, 30, [("free", None)] * 5),
)
THURSDAY = GridSession(
    date(2026, 11, 26),
    at(9, 0),
    at(10, 0),
    "Library",
    False,
    cells(9, 0, [("booked", f"Łukasz {LONG_SURNAME} (video)"), ("free", None), ("free", None)]),
)


@pytest.fixture(scope="module")
def week_pdf() -> bytes:
    return week_grid([THURSDAY, WEDNESDAY, TUESDAY])


def test_the_week_grid_is_landscape(week_pdf):
    ((width, height),) = page_sizes(week_pdf)
    assert width > height
    assert (round(width), round(height)) == (842, 595)


def test_the_week_grid_has_the_house_header_and_footer(week_pdf):
    printed = text(week_pdf)
    assert SCHOOL_NAME in printed
    assert "Parent surgeries — week beginning 23 November 2026" in printed
    assert "Printed 23 November 2026 by Mrs Priya Ashworth (office)" in printed
    assert CONFIDENTIAL in printed


def test_the_week_grid_has_a_row_per_session_in_date_order(week_pdf):
    printed = text(week_pdf)
    rows = ["Tue 24 Nov 2026 13:30–15:10 Room 4", "Wed 25 Nov 2026", "Thu 26 Nov 2026 09:00–10:00"]
    positions = [printed.index(row) for row in rows]
    assert positions == sorted(positions)


def test_each_cell_gives_the_time_and_the_state_in_words(week_pdf):
    printed = text(week_pdf)
    assert "13:30 Free" in printed
    assert "13:50 Booked: Zoë O'Connor-Smith (phone)" in printed
    assert "14:10 Held" in printed
    assert "14:30 Attended: Siobhán Ní Bhriain (in person)" in printed
    assert "14:50 No-show: Minh Nguyễn (video)" in printed
    assert f"Łukasz{LONG_SURNAME}(video)" in unwrapped(week_pdf)


def test_a_cancelled_session_says_cancelled_and_offers_no_slots(week_pdf):
    printed = text(week_pdf)
    wednesday = printed[printed.index("Wed 25 Nov 2026") : printed.index("Thu 26 Nov 2026")]
    assert "Cancelled" in wednesday
    assert "Free" not in wednesday


def test_a_long_session_runs_on_to_a_second_row():
    long_session = GridSession(
        date(2026, 11, 27),
        at(13, 0),
        at(16, 20),
        "Main hall meeting room (by the office)",
        False,
        cells(13, 0, [("free", None)] * 10),
    )
    printed = text(week_grid([TUESDAY, long_session]))
    for n in range(10):
        minutes = 13 * 60 + 20 * n
        assert f"{minutes // 60}:{minutes % 60:02d} Free" in printed
    assert "(continued)" in printed


def test_an_empty_week_says_so():
    printed = text(week_grid([]))
    assert "No surgery sessions this week." in printed
    assert "Parent surgeries — week beginning 23 November 2026" in printed


def test_a_full_term_of_sessions_runs_over_pages_with_the_headings_repeated():
    sessions = [TUESDAY] * 30
    printed = pages(week_grid(sessions))
    assert len(printed) > 1
    assert all("Session Slots" in page for page in printed)
    assert all(page.count("Page") == 1 for page in printed)
