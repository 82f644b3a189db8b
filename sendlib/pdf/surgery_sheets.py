"""Printed sheets for the school office: the day's parent surgery (who is coming, how to reach
them, whether an interpreter is booked, a column to tick them in) and the week's surgeries at a
glance. For the office, so they carry no SEN information: the slots have none to give."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import clean
from sendlib.pdf.house_tables import SPAN
from sendlib.words import day_and_date, long_date, meeting_how

STATES = ("booked", "attended", "no-show", "held", "free")
STATE_WORDS = {
    "free": "Free",
    "held": "Held",
    "booked": "Booked",
    "attended": "Attended",
    "no-show": "No-show",
}
TICK_BOX = "\u2610"  # ☐, for the office to tick when the parent arrives

# Day sheet columns, in mm of the portrait page's 180: the time ('13:30–13:50'), the headings
# 'Interpreter' and 'Arrived', and 'Attended' each on one line.
DAY_HEADINGS = ("Time", "Pupil", "Parent or carer", "How", "Interpreter", "Arrived")
DAY_WIDTHS = (25, 33, 37, 40, 25, 20)
DAY_FONT = 9.5

# Week grid: the session's column, then the slots (in mm of the landscape page's 267).
WEEK_FONT = 8.5
SESSION_WIDTH = 38
MOST_SLOT_COLUMNS = 8  # a longer session runs on to a second row rather than cramp every cell


@dataclass(frozen=True)
class SheetSlot:
    """One slot of the day, as the office sheet prints it (cancelled bookings are left out)."""

    starts: time
    ends: time
    place: str
    state: str  # 'free', 'held', 'booked', 'attended' or 'no-show'
    pupil: str | None = None
    class_name: str | None = None
    parent: str | None = None  # "Ms O'Connor (mother)"
    mode: str | None = None  # 'in person', 'phone' or 'video'
    phone: str | None = None  # the number to ring for a phone meeting
    remote_details: str | None = None  # the video link, or how to join
    language: str | None = None  # the parent's language
    interpreter_needed: bool = False
    hold_note: str | None = None  # why a slot is held


@dataclass(frozen=True)
class GridCell:
    """One slot of a session in the week grid."""

    starts: time
    state: str
    label: str | None = None  # who: "Zoë O'Connor-Smith (phone)"


@dataclass(frozen=True)
class GridSession:
    """One surgery session of the week, with its slots in any order."""

    day: date
    starts: time
    ends: time
    place: str
    cancelled: bool
    cells: list[GridCell]


def build_day_sheet(
    day: date, slots: list[SheetSlot], school: str, printed_by: str, today: date
) -> bytes:
    """The day's parent surgery for the office, one row per slot in time order (portrait A4)."""
    pdf = HouseDocument(f"Parent surgery — {day_and_date(day)}", school, today, printed_by)
    if not slots:
        pdf.empty("No surgery sessions on this day.")
        return pdf.to_bytes()
    ordered = sorted(slots, key=lambda s: (s.starts, s.ends, clean(s.place)))
    pdf.paragraph(slot_summary(ordered))
    pdf.ln(1)
    pdf.simple_table(
        DAY_HEADINGS, [_day_row(slot) for slot in ordered], widths=DAY_WIDTHS, font_size=DAY_FONT
    )
    return pdf.to_bytes()


def build_week_grid(
    week_start: date, sessions: list[GridSession], school: str, printed_by: str, today: date
) -> bytes:
    """The week's parent surgeries, one row per session and a column per slot (landscape A4)."""
    pdf = HouseDocument(
        f"Parent surgeries — week beginning {long_date(week_start)}",
        school,
        today,
        printed_by,
        landscape=True,
    )
    if not sessions:
        pdf.empty("No surgery sessions this week.")
        return pdf.to_bytes()
    ordered = sorted(sessions, key=lambda s: (s.day, s.starts, s.ends, clean(s.place)))
    columns = min(MOST_SLOT_COLUMNS, max(1, *(len(s.cells) for s in ordered)))
    rows: list[list[str]] = []
    for session in ordered:
        rows.extend(_week_rows(session, columns))
    slot_width = (pdf.epw - SESSION_WIDTH) / columns
    # One heading over the slots: a long session's second row holds its later slots, so
    # 'Slot 1' over its first cell would be wrong.
    pdf.simple_table(
        ["Session", "Slots", *[""] * (columns - 1)],
        rows,
        widths=[SESSION_WIDTH, *[slot_width] * columns],
        font_size=WEEK_FONT,
    )
    return pdf.to_bytes()


def slot_summary(slots: list[SheetSlot]) -> str:
    """'5 slots: 3 booked, 1 held, 1 free', the states in the order the office cares about."""
    counts = Counter(slot.state for slot in slots)
    parts = [f"{counts[state]} {state}" for state in STATES if counts[state]]
    parts += [f"{n} {state}" for state, n in sorted(counts.items()) if state not in STATES]
    noun = "slot" if len(slots) == 1 else "slots"
    return f"{len(slots)} {noun}: {', '.join(parts)}"


def clock(value: time) -> str:
    """'13:30', the 24-hour clock the office timetable uses."""
    return f"{value.hour:02d}:{value.minute:02d}"


def span(starts: time, ends: time) -> str:
    """'13:30–13:50'."""
    return f"{clock(starts)}–{clock(ends)}"


def how_words(slot: SheetSlot) -> str:
    """How the meeting happens, then on a line of its own what the office needs to make it
    happen (so a phone number is not split across lines)."""
    how, detail = meeting_how(
        *(clean(text).strip() for text in (slot.mode, slot.phone, slot.remote_details, slot.place))
    )
    return f"{how}\n{detail[:1].upper()}{detail[1:]}" if detail else how


def interpreter_words(slot: SheetSlot) -> str:
    """'Polish interpreter' when one is needed; 'Speaks Polish' for a language other than
    English with no interpreter; blank for English."""
    language = clean(slot.language).strip()
    english = language.casefold() in ("", "english")
    if slot.interpreter_needed:
        return f"{language} interpreter" if not english else "Interpreter needed"
    return "" if english else f"Speaks {language}"


def hold_words(note: str | None) -> str:
    """Why a slot is held, beside the word 'Held': 'Held for Mrs Wood: checking shifts' prints
    'For Mrs Wood: checking shifts', not saying held twice."""
    text = clean(note).strip()
    words = text.split(maxsplit=1)
    if words and words[0].rstrip(":,;.-–—").casefold() == "held":
        text = words[1].lstrip(":,;.-–— ") if len(words) > 1 else ""
    return text[:1].upper() + text[1:]


def _day_row(slot: SheetSlot) -> list[object]:
    when = span(slot.starts, slot.ends)
    if slot.state == "free":
        return [when, "Free", "", "", "", ""]
    if slot.state == "held":
        # The note runs across the columns a booking would fill, on a line of its own.
        return [when, "Held", hold_words(slot.hold_note), SPAN, SPAN, SPAN]
    pupil = clean(slot.pupil).strip()
    class_name = clean(slot.class_name).strip()
    if class_name:
        pupil = f"{pupil}\n{class_name}" if pupil else class_name
    arrived = {"booked": TICK_BOX, "attended": "Attended", "no-show": "No-show"}
    return [
        when,
        pupil,
        clean(slot.parent).strip(),
        how_words(slot),
        interpreter_words(slot),
        arrived.get(slot.state, _state_word(slot.state)),
    ]


def _week_rows(session: GridSession, columns: int) -> list[list[str]]:
    """The session's row (rows, if it has more slots than there are columns)."""
    label = f"{day_and_date(session.day, short=True)}\n{span(session.starts, session.ends)}"
    place = clean(session.place).strip()
    if place:
        label += f"\n{place}"
    if session.cancelled:
        return [[label, "Cancelled", *[""] * (columns - 1)]]
    cells = [_grid_cell(cell) for cell in sorted(session.cells, key=lambda c: c.starts)]
    if not cells:
        return [[label, "No slots", *[""] * (columns - 1)]]
    rows = []
    for start in range(0, len(cells), columns):
        chunk = cells[start : start + columns]
        first = label if start == 0 else f"{label}\n(continued)"
        rows.append([first, *chunk, *[""] * (columns - len(chunk))])
    return rows


def _grid_cell(cell: GridCell) -> str:
    """'13:30 Free', '13:50 Booked:' over who, 'Held: reason'."""
    word = _state_word(cell.state)
    label = clean(cell.label).strip()
    if label and cell.state != "free":
        return f"{clock(cell.starts)} {word}:\n{label}"
    return f"{clock(cell.starts)} {word}"


def _state_word(state: str) -> str:
    return STATE_WORDS.get(state, clean(state).strip().capitalize())
