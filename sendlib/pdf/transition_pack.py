"""The transition pack: what a receiving teacher reads once, before a pupil's first day in a new
class or school. Page 1 opens with who the pupil is, the move and whether the parents have agreed
the pack, then About me on a shaded panel; the other sections follow straight on, then the
checklist of how the move is being prepared, so a short pack is a single page. A batch prints many
packs behind a cover with a contents list, each pack starting on a new page.

Pure: the caller gathers the text; nothing here reads the database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from sendlib.pdf.house import (
    DARK_BLUE,
    FAMILY,
    MUTED,
    RESTRICTED,
    RULE,
    TEXT,
    HouseDocument,
    clean,
)
from sendlib.transition.stages import DRAFT_WORDS, SHARED_WORDS, not_yet_agreed
from sendlib.words import counted

NOTHING_YET = "Nothing recorded yet."
CHECKLIST = "Checklist for the move"
TASK_HEADINGS = ("What", "Who", "By", "Done")
NOT_DONE = "Not yet"
NO_DATE = "Not set"
PANEL_FILL = (236, 241, 248)  # behind About me on page 1
BULLET = "\u2022"


@dataclass(frozen=True)
class PackTask:
    """One thing being done to prepare the move: 'Visit to Northfield with Mum'."""

    description: str
    owner: str
    due_date: date | None = None
    done_date: date | None = None


@dataclass(frozen=True)
class PackDocument:
    """One pupil's transition pack, as printed."""

    pupil_name: str  # "Zoë O'Connor-Smith"
    known_as: str  # "Zoë": the name the pack speaks of the pupil by
    details: str  # "Year 6, class 6 Oak; born 03/05/2015"
    move: str  # "Primary to secondary: Northfield Academy (Mr Patel), from 02/09/2027"
    status: str  # "Agreed with parents on 12/03/2027 by Mrs Nowak" or "Draft — not yet ..."
    version: int
    sections: list[tuple[str, str]]  # (heading, text) in order: About me first
    tasks: list[PackTask]
    parents_comments: str | None = None
    # Where the pack stands: 'draft', 'shared with parents', 'agreed with parents', 'handed over'
    # or 'receipt confirmed' (transition.STATUSES).
    stage: str = "agreed with parents"

    @property
    def is_draft(self) -> bool:
        return self.stage == "draft"

    @property
    def awaits_agreement(self) -> bool:
        """Shared with the parents, not yet agreed by them."""
        return self.stage == "shared with parents"

    @property
    def not_agreed(self) -> bool:
        """A draft, or shared and not yet agreed: printed in red, for the reader to check."""
        return self.is_draft or self.awaits_agreement


@dataclass(frozen=True)
class Type:
    """Type sizes (pt) and line spacing (mm) for normal or large print."""

    body: float
    line: float
    lead: float  # About me on page 1
    lead_line: float
    heading: float
    heading_line: float
    name: float
    name_line: float
    meta: float  # details, move and status under the name
    meta_line: float
    table: float
    cover_title: float
    cover_title_line: float
    bullet_indent: float  # mm
    logo_width: float  # mm, the most the logo may take
    logo_height: float


NORMAL = Type(
    body=10.5,
    line=5.4,
    lead=11,
    lead_line=5.8,
    heading=13,
    heading_line=7,
    name=22,
    name_line=10,
    meta=10.5,
    meta_line=5.6,
    table=9.5,
    cover_title=20,
    cover_title_line=9,
    bullet_indent=6,
    logo_width=40,
    logo_height=20,
)
LARGE = Type(
    body=14,
    line=7.6,
    lead=14.5,
    lead_line=7.9,
    heading=17,
    heading_line=9,
    name=28,
    name_line=12.5,
    meta=14,
    meta_line=7.4,
    table=13,
    cover_title=26,
    cover_title_line=11.5,
    bullet_indent=8,
    logo_width=46,
    logo_height=24,
)


def build_pack_pdf(
    pack: PackDocument,
    school: str,
    printed_by: str,
    today: date,
    large_print: bool = False,
    logo: bytes | None = None,
) -> bytes:
    """One pupil's transition pack as a PDF."""
    name = clean(pack.pupil_name).strip()
    pdf = PackPdf(
        f"Transition pack: {name}",
        school,
        today,
        printed_by,
        LARGE if large_print else NORMAL,
        pupil=name,
    )
    _pack(pdf, pack, _logo(logo))
    return pdf.to_bytes()


def build_batch_pdf(
    packs: list[PackDocument],
    title: str,
    school: str,
    printed_by: str,
    today: date,
    large_print: bool = False,
    logo: bytes | None = None,
) -> bytes:
    """Many pupils' packs in one PDF: a cover with the title and a contents list of the pupils
    and their pages, then each pack from a new page (with a bookmark each)."""
    style = LARGE if large_print else NORMAL
    # The cover's header says what the document is; the title itself is printed large below.
    pdf = PackPdf(title, school, today, printed_by, style, header_title="Transition packs")
    checked = _logo(logo)
    _cover_top(pdf, title, packs, checked)
    if not packs:
        pdf.set_font(FAMILY, "", style.body)
        pdf.set_text_color(*MUTED)
        pdf.pack_lines(pdf.wrap("No pupils chosen.", pdf.epw), pdf.l_margin, style.line)
        return pdf.to_bytes()
    rows = _contents_rows(pdf, packs)
    cover_top = pdf.content_top
    contents_pages = _contents(pdf, rows, [0] * len(rows), cover_top, dry=True)
    starts: list[int] = []
    for number, pack in enumerate(packs):
        name = clean(pack.pupil_name).strip()
        if number == 0:
            pdf.pupil, pdf.pupil_page = name, pdf.page + contents_pages
            # The contents are drawn at the end, when the pages are known, in the room kept here.
            pdf.insert_toc_placeholder(
                lambda doc, _outline: _contents(doc, rows, starts, cover_top, dry=False),
                pages=contents_pages,
            )
        else:
            pdf.pupil, pdf.pupil_page = name, pdf.page + 1
            pdf.add_page()
        starts.append(pdf.page)
        pdf.start_section(name)
        _pack(pdf, pack, checked)
    return pdf.to_bytes()


class PackPdf(HouseDocument):
    """The house layout in normal or large print. While a pack is printed, the header names the
    pupil on the pack's continuation pages."""

    def __init__(
        self,
        title: str,
        school: str,
        today: date,
        printed_by: str,
        style: Type,
        pupil: str | None = None,
        header_title: str | None = None,
    ):
        # Read by header(), which the first page runs inside HouseDocument's constructor.
        self.style = style
        self.cover_title = clean(header_title or title).strip()
        self.pupil = pupil
        self.pupil_page = 1
        super().__init__(title, school, today, printed_by)

    def header(self) -> None:
        if self.pupil is None or self.page < self.pupil_page:
            self.doc_title = self.cover_title
        elif self.page == self.pupil_page:
            self.doc_title = "Transition pack"  # the name follows, large
        else:
            self.doc_title = f"Transition pack: {self.pupil} (continued)"
        super().header()

    def _print_lines(
        self, lines: list[str], width: float, line_height: float, align: str = "L"
    ) -> None:
        # Table cells and the header take print_lines()'s quicker path too.
        self.print_lines(lines, width, line_height, align)

    def pack_lines(
        self,
        lines: list[str],
        x: float,
        line_height: float,
        bullet_x: float | None = None,
    ) -> None:
        """Lines from wrap() down from here at x, over page breaks; with bullet_x, a bullet
        there beside the first line."""
        for number, line in enumerate(lines):
            if self.y + line_height > self.page_break_trigger:
                self.add_page()
            baseline = self.y + 0.5 * line_height + 0.3 * self.font_size
            if number == 0 and bullet_x is not None:
                self.text(bullet_x, baseline, BULLET)
            if line:
                self.text(x, baseline, line)
            self.y += line_height
        self.x = self.l_margin

    def room(self) -> float:
        """mm left on this page."""
        return self.page_break_trigger - self.y


# One pack -------------------------------------------------------------------------------------


def _pack(pdf: PackPdf, pack: PackDocument, logo: _Logo | None) -> None:
    _name_block(pdf, pack, logo)
    sections = list(pack.sections)
    if sections:
        heading, body = sections[0]
        _lead_section(pdf, heading, body)
    # The rest follows straight on: a short pack is one page; a long one turns the page only
    # where a section's heading and first lines would not fit (see _section).
    for heading, body in sections[1:]:
        _section(pdf, heading, body)
    if pack.tasks:
        _checklist(pdf, pack.tasks)


def _name_block(pdf: PackPdf, pack: PackDocument, logo: _Logo | None) -> None:
    style = pdf.style
    top = pdf.y
    width = pdf.epw
    if logo is not None:
        drawn = logo.draw(pdf, style, top)
        if drawn:
            width -= drawn + 5
    name = clean(pack.pupil_name).strip()
    pdf.set_font(FAMILY, "B", style.name)
    pdf.set_text_color(*DARK_BLUE)
    pdf.pack_lines(pdf.wrap(name, width), pdf.l_margin, style.name_line)
    pdf.ln(1)
    known_as = clean(pack.known_as).strip()
    lines: list[tuple[str, str, tuple[int, int, int]]] = []
    first = name.split()[0].casefold() if name.split() else ""
    if known_as and known_as.casefold() != first and known_as.casefold() != name.casefold():
        lines.append((f"Known as {known_as}", "B", TEXT))
    if clean(pack.details).strip():
        lines.append((clean(pack.details).strip(), "", MUTED))
    if clean(pack.move).strip():
        lines.append((clean(pack.move).strip(), "B", TEXT))
    status = clean(pack.status).strip() or "Status not recorded"
    colour = RESTRICTED if pack.not_agreed else DARK_BLUE
    lines.append((f"{status} (version {pack.version})", "B", colour))
    for text, font_style, colour in lines:
        pdf.set_font(FAMILY, font_style, style.meta)
        pdf.set_text_color(*colour)
        pdf.pack_lines(pdf.wrap(text, width), pdf.l_margin, style.meta_line)
    comments = clean(pack.parents_comments).strip()
    if comments:
        pdf.ln(2)
        who = known_as or name
        _quote(pdf, f"What {who}'s parents said", comments)
    if logo is not None:
        pdf.y = max(pdf.y, top + logo.height_on(style))
    pdf.ln(2)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.y, pdf.w - pdf.r_margin, pdf.y)
    pdf.ln(2)


def _quote(pdf: PackPdf, label: str, text: str) -> None:
    """The parents' words, indented behind a rule."""
    style = pdf.style
    indent = 5.0
    pdf.set_font(FAMILY, "B", style.body)
    pdf.set_text_color(*MUTED)
    pdf.pack_lines(pdf.wrap(label, pdf.epw), pdf.l_margin, style.line)
    pdf.set_font(FAMILY, "", style.body)
    pdf.set_text_color(*TEXT)
    quoted = text if text[:1] in "“\"'‘" else f"“{text}”"
    lines = pdf.wrap(quoted, pdf.epw - indent)
    pdf.set_line_width(0.8)
    for line in lines:
        if pdf.y + style.line > pdf.page_break_trigger:
            pdf.add_page()
            pdf.set_line_width(0.8)
        pdf.set_draw_color(*DARK_BLUE)
        pdf.line(pdf.l_margin + 1, pdf.y + 0.4, pdf.l_margin + 1, pdf.y + style.line - 0.4)
        pdf.pack_lines([line], pdf.l_margin + indent, style.line)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)


# Sections -------------------------------------------------------------------------------------

# A block of a section's text: ('text', lines) for typed lines, ('bullet', lines) for a "- " line,
# ('gap', []) for a blank line.
Block = tuple[str, list[str]]


def _blocks(pdf: PackPdf, text: str, size: float) -> list[Block]:
    """The text as typed, wrapped: "- " lines become bullets with a hanging indent; runs of blank
    lines one gap."""
    style = pdf.style
    pdf.set_font(FAMILY, "", size)
    blocks: list[Block] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            blocks.append(("text", pdf.wrap("\n".join(plain), pdf.epw)))
            plain.clear()

    for raw in clean(text).strip("\n").split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if not stripped:
            flush()
            if blocks and blocks[-1][0] != "gap":
                blocks.append(("gap", []))
        elif stripped.startswith("- ") and stripped[2:].strip():
            flush()
            item = stripped[2:].strip()
            blocks.append(("bullet", pdf.wrap(item, pdf.epw - style.bullet_indent)))
        else:
            plain.append(line)
    flush()
    while blocks and blocks[-1][0] == "gap":
        blocks.pop()
    return blocks


def _blocks_height(blocks: list[Block], line: float) -> float:
    return sum(_block_height(block, line) for block in blocks)


def _block_height(block: Block, line: float) -> float:
    kind, lines = block
    if kind == "gap":
        return 0.5 * line
    return len(lines) * line + (0.6 if kind == "bullet" else 0)


def _draw_blocks(pdf: PackPdf, blocks: list[Block], size: float, line: float) -> None:
    style = pdf.style
    pdf.set_font(FAMILY, "", size)
    pdf.set_text_color(*TEXT)
    previous = ""
    for kind, lines in blocks:
        if kind == "gap":
            pdf.ln(0.5 * line)
        else:
            if previous and previous != "gap" and previous != kind:
                pdf.ln(0.3 * line)  # a little air between a paragraph and a list
            # No single line left alone at the foot of a page.
            if len(lines) > 1 and pdf.room() < 2 * line:
                pdf.add_page()
            if kind == "bullet":
                pdf.pack_lines(lines, pdf.l_margin + style.bullet_indent, line, pdf.l_margin + 1.5)
                pdf.ln(0.6)
            else:
                pdf.pack_lines(lines, pdf.l_margin, line)
        previous = kind


def _heading_lines(pdf: PackPdf, heading: str) -> list[str]:
    pdf.set_font(FAMILY, "B", pdf.style.heading)
    return pdf.wrap(clean(heading).strip() or "Untitled section", pdf.epw)


def _draw_heading(pdf: PackPdf, lines: list[str], x: float, width: float) -> None:
    style = pdf.style
    pdf.set_font(FAMILY, "B", style.heading)
    pdf.set_text_color(*DARK_BLUE)
    pdf.pack_lines(lines, x, style.heading_line)
    pdf.set_draw_color(*DARK_BLUE)
    pdf.line(x, pdf.y + 0.3, x + width, pdf.y + 0.3)
    pdf.set_draw_color(*RULE)
    pdf.ln(2.5)


def _opening(blocks: list[Block], line: float) -> float:
    """The height of the first lines of a section, kept with its heading: up to three."""
    height, lines = 0.0, 0
    for kind, block_lines in blocks:
        if kind == "gap":
            continue
        take = min(3 - lines, len(block_lines))
        height += take * line
        lines += take
        if lines >= 3:
            break
    return height


def _section(pdf: PackPdf, heading: str, body: str) -> None:
    """A heading with its text; an empty section says so rather than vanish."""
    style = pdf.style
    lines = _heading_lines(pdf, heading)
    blocks = _blocks(pdf, body, style.body)
    gap = 4.0 if pdf.y > pdf.content_top + 0.1 else 0.0
    heading_height = gap + len(lines) * style.heading_line + 2.5
    opening = _opening(blocks, style.line) if blocks else style.line
    if pdf.room() < heading_height + opening:
        pdf.add_page()
        gap = 0.0
    pdf.ln(gap)
    _draw_heading(pdf, lines, pdf.l_margin, pdf.epw)
    if blocks:
        _draw_blocks(pdf, blocks, style.body, style.line)
    else:
        pdf.set_font(FAMILY, "", style.body)
        pdf.set_text_color(*MUTED)
        pdf.pack_lines(pdf.wrap(NOTHING_YET, pdf.epw), pdf.l_margin, style.line)


def _lead_section(pdf: PackPdf, heading: str, body: str) -> None:
    """The first section (About me), a little larger, on a shaded panel when it fits the page
    (as it does at a normal length); a long one prints like the others."""
    style = pdf.style
    pad = 4.0
    inner = pad + 1.2  # inside the accent bar on the left
    left, right = pdf.l_margin, pdf.r_margin
    # The panel's text is set in from its edges: wrapped for the narrower column.
    pdf.set_left_margin(left + inner)
    pdf.set_right_margin(right + pad)
    try:
        lines = _heading_lines(pdf, heading)
        blocks = _blocks(pdf, body, style.lead)
    finally:
        pdf.set_left_margin(left)
        pdf.set_right_margin(right)
    if not blocks:
        _section(pdf, heading, body)
        return
    pdf.ln(2)
    text_height = _blocks_height(blocks, style.lead_line)
    height = 2 * pad + len(lines) * style.heading_line + 2.5 + text_height
    if height > pdf.room():
        # Too long for a panel on this page: printed like the other sections, in larger type.
        pdf.style = _with_body(style, style.lead, style.lead_line)
        try:
            _section(pdf, heading, body)
        finally:
            pdf.style = style
        return
    top = pdf.y
    pdf.set_fill_color(*PANEL_FILL)
    pdf.rect(pdf.l_margin, top, pdf.epw, height, style="F")
    pdf.set_fill_color(*DARK_BLUE)
    pdf.rect(pdf.l_margin, top, 1.2, height, style="F")
    pdf.y = top + pad
    _draw_heading(pdf, lines, pdf.l_margin + inner, pdf.epw - inner - pad)
    pdf.set_left_margin(left + inner)
    pdf.set_right_margin(right + pad)
    try:
        _draw_blocks(pdf, blocks, style.lead, style.lead_line)
    finally:
        pdf.set_left_margin(left)
        pdf.set_right_margin(right)
    pdf.y = max(pdf.y, top + height)
    pdf.x = pdf.l_margin
    pdf.ln(1)


def _with_body(style: Type, size: float, line: float) -> Type:
    values = dict(style.__dict__)
    values.update(body=size, line=line)
    return Type(**values)


# The checklist --------------------------------------------------------------------------------


def dmy(day: date | None) -> str:
    """'02/09/2027', as dates are written on the pack."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def _checklist(pdf: PackPdf, tasks: list[PackTask]) -> None:
    style = pdf.style
    rows = [
        (
            clean(task.description).strip(),
            clean(task.owner).strip(),
            dmy(task.due_date) or NO_DATE,
            f"\u2713 {dmy(task.done_date)}" if task.done_date else NOT_DONE,
        )
        for task in tasks
    ]
    pdf.set_font(FAMILY, "", style.table)
    pad = 4.2  # the cell's padding, and a little over
    by = max(pdf.get_string_width(text) for text in ("00/00/0000", NO_DATE, "By")) + pad
    done = max(pdf.get_string_width(text) for text in ("\u2713 00/00/0000", NOT_DONE)) + pad
    who = min(pdf.epw * 0.28, max(30.0, *(pdf.get_string_width(r[1]) + pad for r in rows)))
    widths = (pdf.epw - by - done - who, who, by, done)
    lines = _heading_lines(pdf, CHECKLIST)
    first_row = pdf.table_height(TASK_HEADINGS, rows[:1], widths, style.table) - 2.5
    gap = 4.0 if pdf.y > pdf.content_top + 0.1 else 0.0
    if pdf.room() < gap + len(lines) * style.heading_line + 2.5 + first_row:
        pdf.add_page()
        gap = 0.0
    pdf.ln(gap)
    _draw_heading(pdf, lines, pdf.l_margin, pdf.epw)
    pdf.simple_table(TASK_HEADINGS, rows, widths=widths, font_size=style.table)


# The logo -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Logo:
    data: bytes
    aspect: float  # width over height

    def size_on(self, style: Type) -> tuple[float, float]:
        width, height = style.logo_width, style.logo_width / self.aspect
        if height > style.logo_height:
            width, height = style.logo_height * self.aspect, style.logo_height
        return width, height

    def height_on(self, style: Type) -> float:
        return self.size_on(style)[1]

    def draw(self, pdf: PackPdf, style: Type, top: float) -> float:
        """Place the logo at the top right; its width, or 0 if it could not be drawn."""
        width, height = self.size_on(style)
        try:
            pdf.image(
                io.BytesIO(self.data), x=pdf.w - pdf.r_margin - width, y=top, w=width, h=height
            )
        except Exception:  # noqa: BLE001 — a logo fpdf2 cannot read is left out, not fatal
            return 0.0
        return width


def _logo(data: bytes | None) -> _Logo | None:
    """The school's logo if the bytes are an image fpdf2 can place (PNG or JPEG), else None."""
    if not data:
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            kind = image.format
    except Exception:  # noqa: BLE001 — anything Pillow cannot read is not a logo
        return None
    if kind not in ("PNG", "JPEG") or not width or not height:
        return None
    return _Logo(bytes(data), width / height)


# The batch's cover ----------------------------------------------------------------------------

# A contents row: the name's lines, the details' lines, whether the pack is not yet agreed.
Row = tuple[list[str], list[str], bool]
PAGE_COLUMN = 18.0  # mm for 'Page' numbers at the right
ROW_PAD = 1.8


def _cover_top(pdf: PackPdf, title: str, packs: list[PackDocument], logo: _Logo | None) -> None:
    style = pdf.style
    top = pdf.y
    width = pdf.epw
    if logo is not None:
        drawn = logo.draw(pdf, style, top)
        if drawn:
            width -= drawn + 5
    pdf.set_font(FAMILY, "B", style.cover_title)
    pdf.set_text_color(*DARK_BLUE)
    pdf.pack_lines(pdf.wrap(clean(title).strip(), width), pdf.l_margin, style.cover_title_line)
    pdf.ln(1.5)
    summary = f"{cover_summary(packs)} Each pupil's pack starts on a new page."
    pdf.set_font(FAMILY, "", style.meta)
    pdf.set_text_color(*MUTED)
    pdf.pack_lines(pdf.wrap(summary, width), pdf.l_margin, style.meta_line)
    if logo is not None:
        pdf.y = max(pdf.y, top + logo.height_on(style))
    pdf.ln(4)
    if packs:
        _draw_heading(pdf, _heading_lines(pdf, "Contents"), pdf.l_margin, pdf.epw)


def cover_summary(packs: list[PackDocument]) -> str:
    """'Transition packs for 5 pupils: 2 packs still in draft; 1 pack shared with the parents,
    not yet agreed.' — what the new teacher cannot yet rely on, counted."""
    summary = f"Transition packs for {counted(len(packs), 'pupil')}"
    waiting = not_yet_agreed([pack.stage for pack in packs])
    return f"{summary}: {waiting}." if waiting else f"{summary}."


def _contents_rows(pdf: PackPdf, packs: list[PackDocument]) -> list[Row]:
    style = pdf.style
    width = pdf.epw - PAGE_COLUMN
    rows = []
    for pack in packs:
        pdf.set_font(FAMILY, "B", style.body)
        name = pdf.wrap(clean(pack.pupil_name).strip(), width)
        pdf.set_font(FAMILY, "", style.body * 0.9)
        details = clean(pack.details).strip()
        waiting = DRAFT_WORDS if pack.is_draft else SHARED_WORDS if pack.awaits_agreement else ""
        if waiting:
            details = f"{details} · {waiting}" if details else waiting.capitalize()
        rows.append((name, pdf.wrap(details, width) if details else [], bool(waiting)))
    return rows


def _contents(pdf: PackPdf, rows: list[Row], starts: list[int], cover_top: float, dry: bool) -> int:
    """Draw the contents rows (name, details, page) from here, or with dry=True only count the
    pages they take. When drawing, the pages already exist (kept by insert_toc_placeholder)
    with their header and footer: moving on is a matter of turning to the next one."""
    style = pdf.style
    small = style.body * 0.9
    small_line = style.line * 0.9
    y, page, pages = pdf.y, pdf.page, 1
    for row, start in zip(rows, starts, strict=True):
        name, details, not_agreed = row
        height = len(name) * style.line + len(details) * small_line + 2 * ROW_PAD
        if y + height > pdf.page_break_trigger:
            y, page, pages = cover_top, page + 1, pages + 1
            if not dry:
                pdf.page, pdf.y = page, y
                pdf.current_font_is_set_on_page = False
        if dry:
            y += height
            continue
        top = pdf.y
        pdf.y = top + ROW_PAD
        pdf.set_font(FAMILY, "B", style.body)
        pdf.set_text_color(*TEXT)
        pdf.current_font_is_set_on_page = False
        pdf.pack_lines(name, pdf.l_margin, style.line)
        pdf.set_font(FAMILY, "", small)
        pdf.set_text_color(*(RESTRICTED if not_agreed else MUTED))
        pdf.pack_lines(details, pdf.l_margin, small_line)
        pdf.set_font(FAMILY, "B", style.body)
        pdf.set_text_color(*DARK_BLUE)
        number = f"Page {start}" if start else ""
        number_x = pdf.w - pdf.r_margin - pdf.get_string_width(number)
        pdf.text(number_x, top + ROW_PAD + 0.5 * style.line + 0.3 * pdf.font_size, number)
        if start:
            pdf.link(pdf.l_margin, top, pdf.epw, height, pdf.add_link(page=start))
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, top + height, pdf.w - pdf.r_margin, top + height)
        pdf.y = y = top + height
    return pages
