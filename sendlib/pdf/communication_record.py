"""The printed communication record: every contact about one pupil, oldest first, as the parents
or a local authority (for example weighing an EHC needs assessment) would read it. Each entry
is drawn as a block kept together where it can be; what an entry holds and the words it is told
in are in sendlib.pdf.record_entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fpdf.enums import XPos, YPos

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import (
    BODY_SIZE,
    DARK_BLUE,
    FAMILY,
    HEADING_FILL,
    LINE,
    MUTED,
    RESTRICTED,
    RULE,
    TEXT,
    clean,
)
from sendlib.pdf.record_entries import (
    RecordAction,
    RecordEntry,
    channel_words,
    meeting_words,
    reply_words,
    status_words,
    when_words,
)
from sendlib.words import counted, school_time, short_date

ACTION_HEADINGS = ("What", "Who", "Due", "Status", "Parent told")
ACTION_WIDTHS = (64.5, 39, 22.5, 31.5, 22.5)  # mm of the 180 across: dates on one line
ACTION_FONT = 8.5

# The entry block, in mm and points.
BAND_SIZE = 9.5
BAND_LINE = 4.6
BAND_PAD = 1.3  # above and below the text in the shaded band
DETAIL_SIZE = 9
DETAIL_LINE = 4.4
DETAIL_LABEL = 28  # width of the small labels: 'For the school', 'Meeting'
SUBJECT_SIZE = 10.5
SUBJECT_LINE = 5.6
QUOTE_INDENT = 4.5
ENTRY_GAP = 5.0
# An entry up to this share of a page moves whole to the next page rather than split;
# a longer one keeps its heading with its first lines and runs over.
WHOLE_SHARE = 0.35
OPENING_LINES = 3


class RecordDocument(HouseDocument):
    """The house layout, naming under the header the entry that runs on from the last page."""

    continuing = ""  # 'Tue 14 Oct 2025, 15:40, subject', while an entry is being drawn

    def _print_lines(
        self, lines: list[str], width: float, line_height: float, align: str = "L"
    ) -> None:
        # The action tables' cells too take print_lines()'s quicker path: a long record has
        # thousands of them.
        self.print_lines(lines, width, line_height, align)

    def header(self) -> None:
        super().header()
        if self.continuing:
            self.set_font(FAMILY, "", DETAIL_SIZE)
            self.set_text_color(*MUTED)
            lines = self.wrap(f"Continued: {self.continuing}", self.epw)
            self.print_lines(lines, self.epw, DETAIL_LINE)
            self.ln(1.5)
            self.content_top = self.y


def build_communication_record(
    pupil_name: str,
    pupil_details: str,
    entries: list[RecordEntry],
    filter_summary: str,
    school_name: str,
    printed_on: date,
    printed_by: str,
) -> bytes:
    """The entries about one pupil, oldest first, with what was agreed and how replies went."""
    pdf = RecordDocument(f"Communication record: {pupil_name}", school_name, printed_on, printed_by)
    ordered = sorted(entries, key=lambda e: school_time(e.happened_at))
    _preface(pdf, pupil_name, pupil_details, ordered, filter_summary)
    pdf.section("Entries, oldest first")
    if not ordered:
        pdf.empty("No entries match these filters.")
    for entry in ordered:
        _entry(pdf, entry)
    return pdf.to_bytes()


def _preface(
    pdf: HouseDocument,
    pupil_name: str,
    pupil_details: str,
    entries: list[RecordEntry],
    filter_summary: str,
) -> None:
    meetings = sum(1 for e in entries if e.meeting_kind)
    actions = [a for e in entries for a in e.actions]
    done = sum(1 for a in actions if _is_done(a))
    entry_count = counted(len(entries), "entry", "entries")
    if entries:
        entry_count += f", {counted(meetings, 'meeting', 'meetings')}"
    agreed = f"{len(actions)}: {done} done, {len(actions) - done} open" if actions else "None"
    pupil = clean(pupil_name)
    if clean(pupil_details).strip():
        pupil += "\n" + clean(pupil_details).strip()
    pdf.key_values(
        [
            ("Pupil", pupil),
            ("This record covers", filter_summary.strip() or "All entries"),
            ("Entries", entry_count),
            ("Actions agreed", agreed),
        ],
        label_width=38,
    )


def _is_done(action: RecordAction) -> bool:
    return action.done_date is not None or action.state.strip().lower().startswith("done")


# Drawing --------------------------------------------------------------------------------

Piece = tuple[float, Callable[[], None]]  # a part of an entry: its height and how to draw it


def _entry(pdf: RecordDocument, entry: RecordEntry) -> None:
    """One entry as a block: a shaded line with when, how and the reply, the subject, details,
    summary, the parents' words and the actions agreed."""
    opening = [_band(pdf, entry), _subject(pdf, entry)]
    opening += _details(pdf, entry)
    summary = _text_lines(pdf, clean(entry.summary), BODY_SIZE, pdf.epw)
    rest: list[Piece] = []
    if summary:
        more = len(summary) > OPENING_LINES
        opening.append(_lines_piece(pdf, summary[:OPENING_LINES], gap=0 if more else 1))
        if more:
            rest.append(_lines_piece(pdf, summary[OPENING_LINES:], gap=1))
    views = clean(entry.parent_views).strip()
    if views:
        quoted = views if views[:1] in "“\"'‘" else f"“{views}”"
        lines = _text_lines(pdf, quoted, BODY_SIZE, pdf.epw - QUOTE_INDENT)
        rest.append(_label(pdf, "What the parents said", LINE * min(2, len(lines))))
        rest.append(_quote(pdf, lines))
    if entry.actions:
        table, first_row = _actions(pdf, entry.actions)
        rest.append(_label(pdf, "Actions agreed", first_row))
        rest.append(table)

    whole = sum(h for h, _ in opening) + sum(h for h, _ in rest)
    if whole <= pdf.usable_height() * WHOLE_SHARE:
        pdf.keep_together(whole)
    else:
        pdf.keep_together(sum(h for h, _ in opening))
    pieces = opening + rest
    pieces[0][1]()  # the band: from here a new page says which entry runs on
    pdf.continuing = f"{when_words(entry.happened_at)}, {clean(entry.subject).strip()}"
    for _, draw in pieces[1:]:
        draw()
    pdf.continuing = ""
    pdf.ln(ENTRY_GAP)


def _band(pdf: HouseDocument, entry: RecordEntry) -> Piece:
    """The shaded first line: when (bold), how and with whom, and the reply on the right."""
    when, how, reply = when_words(entry.happened_at), channel_words(entry), reply_words(entry)
    pad = 1.6
    pdf.set_font(FAMILY, "B", BAND_SIZE)
    when_width = pdf.get_string_width(when)
    reply_width = pdf.get_string_width(reply) if reply else 0.0
    how_x = pad + when_width + 4
    how_width = pdf.epw - how_x - pad - (reply_width + 5 if reply else 0)
    pdf.set_font(FAMILY, "", BAND_SIZE)
    how_lines = pdf.wrap(how, how_width)
    height = BAND_LINE * len(how_lines) + 2 * BAND_PAD

    def draw() -> None:
        top, left = pdf.y, pdf.l_margin
        pdf.set_fill_color(*HEADING_FILL)
        pdf.rect(left, top, pdf.epw, height, style="F")
        pdf.set_xy(left + pad, top + BAND_PAD)
        pdf.set_font(FAMILY, "B", BAND_SIZE)
        pdf.set_text_color(*DARK_BLUE)
        pdf.cell(when_width, BAND_LINE, when)
        pdf.set_xy(left + how_x, top + BAND_PAD)
        pdf.set_font(FAMILY, "", BAND_SIZE)
        pdf.set_text_color(*TEXT)
        pdf.print_lines(how_lines, how_width, BAND_LINE)
        if reply:
            pdf.set_xy(left + pdf.epw - pad - reply_width, top + BAND_PAD)
            pdf.set_font(FAMILY, "B", BAND_SIZE)
            pdf.set_text_color(*(RESTRICTED if entry.replied_at is None else MUTED))
            pdf.cell(reply_width, BAND_LINE, reply)
        pdf.set_xy(left, top + height + 1.2)

    return height + 1.2, draw


def _subject(pdf: HouseDocument, entry: RecordEntry) -> Piece:
    pdf.set_font(FAMILY, "B", SUBJECT_SIZE)
    lines = pdf.wrap(clean(entry.subject).strip() or "(No subject)", pdf.epw)

    def draw() -> None:
        pdf.set_font(FAMILY, "B", SUBJECT_SIZE)
        pdf.set_text_color(*TEXT)
        pdf.print_lines(lines, pdf.epw, SUBJECT_LINE)
        pdf.ln(0.4)

    return SUBJECT_LINE * len(lines) + 0.4, draw


def _details(pdf: HouseDocument, entry: RecordEntry) -> list[Piece]:
    """Small label and value lines: who spoke for the school, the meeting, the written record."""
    rows = []
    staff = clean(entry.staff_name).strip()
    if staff:
        rows.append(("For the school", staff))
    if entry.meeting_kind:
        rows.append(("Meeting", meeting_words(entry)))
    if entry.written_record_given:
        rows.append(
            ("Written record", f"Given to the parents {short_date(entry.written_record_given)}")
        )
    elif entry.meeting_kind:
        rows.append(("Written record", "Not given"))
    value_width = pdf.epw - DETAIL_LABEL
    pieces = []
    for label, value in rows:
        pdf.set_font(FAMILY, "", DETAIL_SIZE)
        lines = pdf.wrap(value, value_width)

        def draw(label: str = label, lines: list[str] = lines) -> None:
            top = pdf.y
            pdf.set_font(FAMILY, "B", DETAIL_SIZE)
            pdf.set_text_color(*MUTED)
            pdf.cell(DETAIL_LABEL, DETAIL_LINE, label)
            pdf.set_xy(pdf.l_margin + DETAIL_LABEL, top)
            pdf.set_font(FAMILY, "", DETAIL_SIZE)
            pdf.set_text_color(*TEXT)
            pdf.print_lines(lines, value_width, DETAIL_LINE)
            pdf.set_x(pdf.l_margin)

        pieces.append((DETAIL_LINE * len(lines), draw))
    if pieces:
        height, draw_last = pieces[-1]

        def last_with_gap() -> None:
            draw_last()
            pdf.ln(1.2)

        pieces[-1] = (height + 1.2, last_with_gap)
    return pieces


def _text_lines(pdf: HouseDocument, text: str, size: float, width: float) -> list[str]:
    pdf.set_font(FAMILY, "", size)
    return pdf.wrap(text.strip(), width) if text.strip() else []


def _lines_piece(pdf: HouseDocument, lines: list[str], gap: float) -> Piece:
    """Body text lines, then `gap` mm."""

    def draw() -> None:
        pdf.set_font(FAMILY, "", BODY_SIZE)
        pdf.set_text_color(*TEXT)
        pdf.print_lines(lines, pdf.epw, LINE)
        pdf.ln(gap)

    return LINE * len(lines) + gap, draw


def _label(pdf: HouseDocument, text: str, follow: float) -> Piece:
    """A small heading inside an entry; it moves to the next page unless the first `follow` mm
    of what it heads fit under it."""

    def draw() -> None:
        if pdf.y + DETAIL_LINE + 0.6 + follow > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font(FAMILY, "B", DETAIL_SIZE)
        pdf.set_text_color(*DARK_BLUE)
        pdf.cell(pdf.epw, DETAIL_LINE + 0.6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    return DETAIL_LINE + 0.6, draw


def _quote(pdf: HouseDocument, lines: list[str]) -> Piece:
    """The parents' words, indented behind a rule, line by line so the rule follows a page
    break."""

    def draw() -> None:
        pdf.set_font(FAMILY, "", BODY_SIZE)
        pdf.set_text_color(*TEXT)
        pdf.set_draw_color(*DARK_BLUE)
        pdf.set_line_width(0.6)
        x = pdf.l_margin + 1
        for line in lines:
            if pdf.y + LINE > pdf.page_break_trigger:
                pdf.add_page()
                pdf.set_font(FAMILY, "", BODY_SIZE)
                pdf.set_text_color(*TEXT)
                pdf.set_draw_color(*DARK_BLUE)
                pdf.set_line_width(0.6)
            pdf.line(x, pdf.y + 0.3, x, pdf.y + LINE - 0.3)
            pdf.set_x(pdf.l_margin + QUOTE_INDENT)
            with pdf.prose(" ".join(lines)):  # right-aligned when they read right to left
                pdf.cell(pdf.epw - QUOTE_INDENT, LINE, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.ln(1.5)

    return LINE * len(lines) + 1.5, draw


def _actions(pdf: HouseDocument, actions: tuple[RecordAction, ...]) -> tuple[Piece, float]:
    """The table of actions agreed, and the height of its heading and first row."""
    rows = [
        (
            a.description,
            a.owner_name,
            short_date(a.due_date),
            status_words(a),
            short_date(a.parent_told) or "Not yet",
        )
        for a in actions
    ]
    height = pdf.table_height(ACTION_HEADINGS, rows, ACTION_WIDTHS, ACTION_FONT)
    first_row = pdf.table_height(ACTION_HEADINGS, rows[:1], ACTION_WIDTHS, ACTION_FONT) - 2.5

    def draw() -> None:
        pdf.simple_table(ACTION_HEADINGS, rows, widths=ACTION_WIDTHS, font_size=ACTION_FONT)

    return (height, draw), first_row
