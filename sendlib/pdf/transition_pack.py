"""The transition pack: what a receiving teacher reads once, before a pupil's first day in a new
class or school. Page 1 opens with who the pupil is, the move and whether the parents have agreed
the pack, then About me on a shaded panel; the other sections follow straight on, then the
checklist of how the move is being prepared, so a short pack is a single page. A batch prints many
packs behind a cover with a contents list, each pack starting on a new page. Here: the pack
as printed (PackDocument), the name block, the checklist and a batch's cover and contents; the
page and its type sizes are in sendlib.pdf.pack_page, the sections in sendlib.pdf.pack_sections.

Pure: the caller gathers the text; nothing here reads the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendlib.pdf.house_style import DARK_BLUE, FAMILY, MUTED, RESTRICTED, RULE, TEXT, clean
from sendlib.pdf.pack_page import LARGE, NORMAL, Logo, PackPdf, read_logo
from sendlib.pdf.pack_sections import draw_heading, heading_lines, lead_section, section
from sendlib.transition.stages import DRAFT_WORDS, SHARED_WORDS, not_yet_agreed
from sendlib.words import counted

CHECKLIST = "Checklist for the move"
TASK_HEADINGS = ("What", "Who", "By", "Done")
NOT_DONE = "Not yet"
NO_DATE = "Not set"


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
    _pack(pdf, pack, read_logo(logo))
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
    checked = read_logo(logo)
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


# One pack -------------------------------------------------------------------------------------


def _pack(pdf: PackPdf, pack: PackDocument, logo: Logo | None) -> None:
    _name_block(pdf, pack, logo)
    sections = list(pack.sections)
    if sections:
        heading, body = sections[0]
        lead_section(pdf, heading, body)
    # The rest follows straight on: a short pack is one page; a long one turns the page only
    # where a section's heading and first lines would not fit (see pack_sections.section).
    for heading, body in sections[1:]:
        section(pdf, heading, body)
    if pack.tasks:
        _checklist(pdf, pack.tasks)


def _name_block(pdf: PackPdf, pack: PackDocument, logo: Logo | None) -> None:
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
        with pdf.prose(quoted):
            pdf.pack_lines([line], pdf.l_margin + indent, style.line)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)


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
    lines = heading_lines(pdf, CHECKLIST)
    first_row = pdf.table_height(TASK_HEADINGS, rows[:1], widths, style.table) - 2.5
    gap = 4.0 if pdf.y > pdf.content_top + 0.1 else 0.0
    if pdf.room() < gap + len(lines) * style.heading_line + 2.5 + first_row:
        pdf.add_page()
        gap = 0.0
    pdf.ln(gap)
    draw_heading(pdf, lines, pdf.l_margin, pdf.epw)
    pdf.simple_table(TASK_HEADINGS, rows, widths=widths, font_size=style.table)


# The batch's cover ----------------------------------------------------------------------------

# A contents row: the name's lines, the details' lines, whether the pack is not yet agreed.
Row = tuple[list[str], list[str], bool]
PAGE_COLUMN = 18.0  # mm for 'Page' numbers at the right
ROW_PAD = 1.8


def _cover_top(pdf: PackPdf, title: str, packs: list[PackDocument], logo: Logo | None) -> None:
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
        draw_heading(pdf, heading_lines(pdf, "Contents"), pdf.l_margin, pdf.epw)


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
