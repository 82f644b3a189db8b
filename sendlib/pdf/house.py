"""The house layout every printed document shares: DejaVu Sans, A4, the school's header and the
confidential footer, with helpers for headings, label/value blocks, paragraphs and tables. The
fonts, colours and clean() are in sendlib.pdf.house_style, the tables in
sendlib.pdf.house_tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from sendlib.pdf import font_cache, scripts
from sendlib.pdf.house_style import (
    BODY_SIZE,
    DARK_BLUE,
    FAMILY,
    LINE,
    MUTED,
    RESTRICTED,
    RULE,
    TEXT,
    clean,
)
from sendlib.pdf.house_tables import HouseTables
from sendlib.words import long_date

FONT_DIR = scripts.FONT_DIR
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
LABEL_GAP = 3.0  # mm between a label and its value
CONFIDENTIAL = "Confidential — contains special category data"
# Only the footer's own text may turn into the page count: people's text is printed as typed.
_PAGE_COUNT = "{nb}"
# Characters fpdf2's wrapping treats specially (other breaking spaces, no-break space, soft
# hyphen, form feed, carriage return): text with them is wrapped by fpdf2 itself.
_SPECIAL_BREAKS = re.compile("[\u00a0\u00ad\u200b\u2000-\u2006\u2008-\u200a\u205f\u3000\t\f\r]")


class HouseDocument(HouseTables, FPDF):
    """An A4 document in the house layout; add content with the helpers, then call to_bytes().

    Text is wrapped once (fpdf2's line breaking) and each line printed with cell(), which is
    ten times quicker than letting multi_cell() wrap it again; it also means the height
    measured for a block is exactly the height printed.
    """

    def __init__(
        self,
        title: str,
        school_name: str,
        printed_on: date,
        printed_by: str,
        landscape: bool = False,
    ):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        # Parsing a font costs ~20 ms, and embedding it as much again: the oblique face is only
        # loaded when something asks for it (see set_font).
        self._add_style("")
        self._add_style("B")
        self.doc_title = clean(title)
        self.school_name = clean(school_name)
        self.printed_line = f"Printed {long_date(printed_on)} by {clean(printed_by)}"
        self.set_margins(left=15, top=10, right=15)
        self.set_auto_page_break(True, margin=18)
        self.c_margin = 0  # text starts where it is put: spacing is set by the helpers
        self.set_title(self.doc_title)
        self.set_author(self.school_name)
        self.set_creator("SEND Partnership Hub")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.content_top = 0.0
        # Headings wait here until the content under them is added (see _begin).
        self._headings: list[tuple[float, Callable[[], None]]] = []
        # Characters no font here has, printed as scripts.MISSING_MARK and listed at the end.
        self.missing_characters: set[str] = set()
        self._right_to_left = False  # see prose()
        self.add_page()

    def set_font(self, family=None, style="", size=0) -> None:
        """fpdf2's set_font, loading the oblique face the first time it is asked for."""
        letters = str(getattr(style, "style", style) or "").upper()
        if (family or self.font_family or "").lower() == FAMILY.lower() and "I" in letters:
            self._add_style("I")
        super().set_font(family, style, size)

    def _add_style(self, style: str) -> None:
        if f"{FAMILY.lower()}{style}" not in self.fonts:
            font_cache.add_font(self, FAMILY, style, FONT_DIR / FONT_FILES[style])

    # Every script: text the main font prints alone takes the quick path; other text has its
    # script's font loaded (once, when first met) and is shaped, so that Arabic joins and reads
    # right to left and Indic conjuncts form. -----------------------------------------------

    def _prepare(self, text: str) -> None:
        # With fallback fonts set, fpdf2 looks up every character of every text in the fonts:
        # they are set only while printing text that needs them.
        if scripts.is_plain(text):
            if self.text_shaping:
                self.set_text_shaping(False)
            self.set_fallback_fonts(())
            return
        for script in scripts.scripts_in(text):
            font_cache.add_font(self, script.family, "", FONT_DIR / script.file)
        loaded = [s.family for s in scripts.SCRIPTS if s.family.lower() in self.fonts]
        self.set_fallback_fonts(loaded, exact_match=False)
        direction = "rtl" if self._right_to_left else "ltr"
        if not self.text_shaping or self.text_shaping["direction"].value.lower() != direction:
            self.set_text_shaping(True, direction=direction)

    def normalize_text(self, text: str) -> str:
        """fpdf2's hook on all text it prints or measures: a character no font has becomes a
        visible mark, noted for the end of the document."""
        text = super().normalize_text(text)
        if scripts.is_plain(text):
            return text
        lost = scripts.missing(text)
        if not lost:
            return text
        self.missing_characters |= lost
        return "".join(scripts.MISSING_MARK if c in lost else c for c in text)

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        """fpdf2's cell(), with the fonts and shaping the text needs; in the lines of a
        right-to-left paragraph (see prose()), a left-aligned line is aligned right instead."""
        self._prepare(str(text))
        left = len(args) < 3 and str(kwargs.get("align", "L")).upper() in ("L", "ALIGN.L")
        if self._right_to_left and left:
            kwargs["align"] = "R"
        try:
            return super().cell(w, h, text, *args, **kwargs)
        finally:
            self._after_fallback()

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        self._prepare(str(text))
        try:
            return super().multi_cell(w, h, text, *args, **kwargs)
        finally:
            self._after_fallback()

    @contextmanager
    def prose(self, text: str) -> Iterator[None]:
        """Inside it, the lines of this paragraph (a note, a parent's words) are measured and
        printed: if it reads right to left (an Urdu sentence), every line of it is laid out
        right to left and aligned right. Elsewhere (a name in a table or a heading, an English
        note holding an Arabic name) lines are laid out left to right, as the document is, with
        a name in Arabic script still written right to left within them."""
        was = self._right_to_left
        self._right_to_left = scripts.reads_right_to_left(text)
        try:
            yield
        finally:
            self._right_to_left = was

    def _after_fallback(self) -> None:
        # A fallback font drawing part of the text leaves itself set in the page's content, while
        # fpdf2 still takes the main font to be set there: the next text() would be drawn in the
        # fallback font. Setting the main font again puts that right.
        if self.text_shaping:
            self.current_font_is_set_on_page = False

    def get_string_width(self, s, normalized=False, markdown=False):
        self._prepare(str(s))
        return super().get_string_width(s, normalized, markdown)

    def line_at(self, x: float, width: float, line_height: float, line: str) -> None:
        """One wrapped line at x on the current line, then down a line: drawn with text() (a
        third of cell()'s time) when the main font prints it alone, else with cell(), which
        shapes it; right-aligned when it reads right to left."""
        if not line:
            pass
        elif scripts.is_plain(line):
            self.text(x, self.y + 0.5 * line_height + 0.3 * self.font_size, line)
        else:
            y = self.y
            self.set_x(x)
            self.cell(width, line_height, line)
            self.y = y
        self.y += line_height

    # Page furniture ------------------------------------------------------------------------

    def header(self) -> None:
        self.str_alias_nb_pages = None
        half = self.epw * 0.55
        self.set_xy(self.l_margin + half + 4, 9)
        self.set_font(FAMILY, "", 8.5)
        self.set_text_color(*MUTED)
        printed = self._wrap(self.printed_line, self.epw - half - 4)
        self._print_lines(printed, self.epw - half - 4, 4.2, align="R")
        printed_bottom = self.y
        self.set_xy(self.l_margin, 9)
        self.set_font(FAMILY, "B", 9)
        self.set_text_color(*DARK_BLUE)
        self._print_lines(self._wrap(self.school_name, half), half, 4.2)
        self.set_xy(self.l_margin, max(self.y, printed_bottom) + 0.8)
        self.set_font(FAMILY, "B", 14)
        self._print_lines(self._wrap(self.doc_title, self.epw), self.epw, 6.5)
        self.set_draw_color(*DARK_BLUE)
        self.set_line_width(0.5)
        self.line(self.l_margin, self.y + 1.2, self.w - self.r_margin, self.y + 1.2)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.set_y(self.y + 5)
        self.content_top = self.y

    def footer(self) -> None:
        self.str_alias_nb_pages = _PAGE_COUNT
        self.set_y(-14)
        self.line(self.l_margin, self.y, self.w - self.r_margin, self.y)
        self.set_y(self.y + 1.5)
        self.set_font(FAMILY, "", 8.5)
        self.set_text_color(*MUTED)
        self.cell(self.epw * 0.7, 4.5, CONFIDENTIAL)
        self.cell(0, 4.5, f"Page {self.page_no()} of {_PAGE_COUNT}", align="R")

    # Content helpers -----------------------------------------------------------------------

    def section(self, heading: str, colour: tuple[int, int, int] = DARK_BLUE) -> None:
        """A section heading with a rule under it, drawn with the start of what follows it."""
        self.set_font(FAMILY, "B", 12.5)
        lines = self._wrap(clean(heading), self.epw)

        def draw() -> None:
            if self.y > self.content_top + 0.1:
                self.ln(3)
            self.set_font(FAMILY, "B", 12.5)
            self.set_text_color(*colour)
            self._print_lines(lines, self.epw, 6.5)
            self.set_draw_color(*colour)
            self.line(self.l_margin, self.y + 0.3, self.w - self.r_margin, self.y + 0.3)
            self.set_draw_color(*RULE)
            self.ln(2.5)

        self._headings.append((3 + 6.5 * len(lines) + 2.5, draw))
        self._body()

    def subheading(self, text: str) -> None:
        """A smaller heading inside a section (one parent, one plan), drawn like section()."""
        self.set_font(FAMILY, "B", 10.5)
        lines = self._wrap(clean(text), self.epw)

        def draw() -> None:
            if self.y > self.content_top + 0.1:
                self.ln(1.5)
            self.set_font(FAMILY, "B", 10.5)
            self.set_text_color(*DARK_BLUE)
            self._print_lines(lines, self.epw, 5.5)
            self.ln(0.8)

        self._headings.append((1.5 + 5.5 * len(lines) + 0.8, draw))
        self._body()

    def paragraph(self, text: str, muted: bool = False, warning: bool = False) -> None:
        """A block of text, wrapped, with its line breaks kept; it may run over pages. A
        warning ('Review overdue: ...') is bold, in the restricted red."""
        self._body()
        if warning:
            self.set_font(FAMILY, "B", BODY_SIZE)
        with self.prose(text):
            lines = self._wrap(clean(text), self.epw)
        self._begin(LINE * min(3, len(lines)))
        if warning:  # again: a new page's header and footer leave their own font set
            self.set_font(FAMILY, "B", BODY_SIZE)
        self.set_text_color(*(RESTRICTED if warning else MUTED if muted else TEXT))
        with self.prose(text):
            self._print_lines(lines, self.epw, LINE)
        self.ln(1)
        self._body()

    def empty(self, text: str) -> None:
        """What a reader sees where there is nothing to show: 'No agencies recorded.'"""
        self.paragraph(text, muted=True)

    def key_values(
        self,
        pairs: Sequence[tuple[str, object]],
        label_width: float = 54,
        missing: str = "Not recorded",
    ) -> None:
        """Label: value rows; long values wrap beside their label and may run over a page."""
        value_x = self.l_margin + label_width + LABEL_GAP
        value_width = self.epw - label_width - LABEL_GAP
        for label, value in pairs:
            text = clean(value)
            self.set_font(FAMILY, "B", BODY_SIZE)
            label_lines = self._wrap(clean(label), label_width)
            self.set_font(FAMILY, "", BODY_SIZE)
            with self.prose(text):
                value_lines = self._wrap(text or missing, value_width)
            height = LINE * max(len(label_lines), len(value_lines))
            # A short value starts a fresh page rather than split; a long one runs over.
            short = height <= self.usable_height() - 30
            self._begin(height if short else 3 * LINE)
            if short:
                self.keep_space(height)
            page, top = self.page, self.y
            self.set_font(FAMILY, "B", BODY_SIZE)
            self.set_text_color(*MUTED)
            self._print_lines(label_lines, label_width, LINE)
            label_bottom = self.y
            self.set_xy(value_x, top)
            self.set_font(FAMILY, "", BODY_SIZE)
            self.set_text_color(*(TEXT if text else MUTED))
            with self.prose(text):
                self._print_lines(value_lines, value_width, LINE)
            if self.page == page:
                self.set_y(max(self.y, label_bottom))
            self.set_x(self.l_margin)
            self.ln(0.6)
        self._body()

    def wrap(self, text: object, width: float) -> list[str]:
        """The lines text (as clean() makes it) takes in `width` mm in the current font, for a
        caller that measures a block before drawing it with print_lines(). The same lines as
        fpdf2's wrapping."""
        return self._wrap(clean(text), width)

    def print_lines(
        self, lines: list[str], width: float, line_height: float, align: str = "L"
    ) -> None:
        """Print lines from wrap() down from here, keeping the column over a page break.

        Left-aligned lines are placed with text() exactly where cell() would put them, in a
        third of cell()'s time: it matters in a record of hundreds of entries.
        """
        if align != "L":
            for line in lines:
                self.cell(width, line_height, line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
            return
        for line in lines:
            if self.will_page_break(line_height):  # as cell() would break
                x = self.x
                self.add_page()
                self.x = x
            x = self.x
            self.line_at(x, width, line_height, line)
            self.x = x

    def keep_together(self, height: float) -> None:
        """Before a block drawn by hand: draw the headings waiting for it, and start a new page
        unless `height` mm (at most a page) fit below them."""
        height = min(height, self.usable_height())
        self._begin(height)
        self.keep_space(height)

    def keep_space(self, height: float) -> None:
        """Start a new page unless `height` mm remain on this one (to keep a block together)."""
        if self.y + height > self.page_break_trigger:
            self.add_page()

    def usable_height(self) -> float:
        """The height for content on a page below the header."""
        return self.page_break_trigger - self.content_top

    def to_bytes(self) -> bytes:
        """The finished PDF; if any character could not be printed, a note at the end says so."""
        self._begin(0)
        if self.missing_characters:
            self.set_x(self.l_margin)
            self.ln(2)
            self.paragraph(
                f"Some characters could not be printed and show as {scripts.MISSING_MARK}: "
                f"{scripts.described(self.missing_characters)}. They are kept as typed in the "
                "app and in its exports.",
                muted=True,
            )
        return bytes(self.output())

    # Internals -----------------------------------------------------------------------------

    def _begin(self, height: float) -> None:
        """Draw the headings waiting for this content, on the page where its first `height` mm
        will fit: a heading never ends a page alone."""
        if not self._headings:
            return
        font = (self.font_style, self.font_size_pt)
        needed = sum(h for h, _ in self._headings) + height
        self.keep_space(min(needed, self.usable_height()))
        for _, draw in self._headings:
            draw()
        self._headings.clear()
        self._body()
        self.set_font(FAMILY, *font)

    def _body(self) -> None:
        self.set_font(FAMILY, "", BODY_SIZE)
        self.set_text_color(*TEXT)

    def _wrap(self, text: str, width: float) -> list[str]:
        """The lines text takes in `width` mm in the current font, as fpdf2 wraps it."""
        self._prepare(text)
        quick = self._quick_wrap(text, width)
        if quick is not None:
            return quick
        if "\n" not in text and self.get_string_width(text) <= width:
            return [text]
        # A dry run near the foot of a page would still break it (and run the header).
        self.auto_page_break, auto = False, self.auto_page_break
        try:
            return self.multi_cell(width, LINE, text, dry_run=True, output=MethodReturnValue.LINES)
        finally:
            self.auto_page_break = auto

    def _quick_wrap(self, text: str, width: float) -> list[str] | None:
        """fpdf2's word wrapping (multi_cell's) redone in one pass, giving the same lines: fpdf2
        re-measures the whole line at every space, so long notes cost it ~25 times as much.
        Plain text only: None for anything with a special space or a soft hyphen, or a
        character wider than the room, which are left to fpdf2."""
        plain_font = self.is_ttf_font and not self.text_shaping
        spacing = self.char_spacing or self.font_stretching != 100
        if not plain_font or spacing or _SPECIAL_BREAKS.search(text):
            return None
        widths = self.current_font.cw
        size, k = self.font_size_pt, self.k
        # A line that fits, measured as get_string_width() does (same order, same rounding).
        if "\n" not in text and sum(widths[ord(c)] for c in text) * size * 0.001 / k <= width:
            return [text]
        room = width - 2 * self.c_margin
        lines: list[str] = []
        paragraphs = text.split("\n")
        for number, paragraph in enumerate(paragraphs):
            last = number == len(paragraphs) - 1
            start, i, used, space = 0, 0, 0, -1
            end = len(paragraph)
            while i < end:
                char = paragraph[i]
                char_units = widths[ord(char)]
                # fpdf2's test: line width plus this character's, beyond a tolerance.
                if used * size * 0.001 / k + char_units * size * 0.001 / k - room > 1e-9:
                    if char == " ":
                        lines.append(paragraph[start:i])
                        i += 1
                    elif space >= 0:
                        lines.append(paragraph[start:space])
                        i = space + 1
                    elif i > start:
                        lines.append(paragraph[start:i])
                    else:
                        return None  # one character wider than the room: fpdf2 decides
                    start, used, space = i, 0, -1
                    continue
                if char == " ":
                    space = i
                used += char_units
                i += 1
            # A newline ends its line even if empty; at the very end only a line with width.
            if not last or used:
                lines.append(paragraph[start:])
        return lines or [""]

    def _print_lines(
        self, lines: list[str], width: float, line_height: float, align: str = "L"
    ) -> None:
        """Print wrapped lines down from here; a page break keeps the column (fpdf2 keeps x)."""
        for line in lines:
            self.cell(width, line_height, line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
