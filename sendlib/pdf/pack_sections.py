"""A transition pack's sections as the receiving teacher reads them: each heading with its text
as typed ("- " lines as bullets), kept with its first lines at a page break, an empty section
saying so; and About me first, a little larger, on a shaded panel when it fits the page.

Pure: the caller gathers the text; nothing here reads the database."""

from __future__ import annotations

from sendlib.pdf.house_style import DARK_BLUE, FAMILY, MUTED, RULE, TEXT, clean
from sendlib.pdf.pack_page import PackPdf, Type

NOTHING_YET = "Nothing recorded yet."
PANEL_FILL = (236, 241, 248)  # behind About me on page 1


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
            with pdf.prose(" ".join(lines)):
                if kind == "bullet":
                    x = pdf.l_margin + style.bullet_indent
                    pdf.pack_lines(lines, x, line, pdf.l_margin + 1.5)
                    pdf.ln(0.6)
                else:
                    pdf.pack_lines(lines, pdf.l_margin, line)
        previous = kind


def heading_lines(pdf: PackPdf, heading: str) -> list[str]:
    pdf.set_font(FAMILY, "B", pdf.style.heading)
    return pdf.wrap(clean(heading).strip() or "Untitled section", pdf.epw)


def draw_heading(pdf: PackPdf, lines: list[str], x: float, width: float) -> None:
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


def section(pdf: PackPdf, heading: str, body: str) -> None:
    """A heading with its text; an empty section says so rather than vanish."""
    style = pdf.style
    lines = heading_lines(pdf, heading)
    blocks = _blocks(pdf, body, style.body)
    gap = 4.0 if pdf.y > pdf.content_top + 0.1 else 0.0
    heading_height = gap + len(lines) * style.heading_line + 2.5
    opening = _opening(blocks, style.line) if blocks else style.line
    if pdf.room() < heading_height + opening:
        pdf.add_page()
        gap = 0.0
    pdf.ln(gap)
    draw_heading(pdf, lines, pdf.l_margin, pdf.epw)
    if blocks:
        _draw_blocks(pdf, blocks, style.body, style.line)
    else:
        pdf.set_font(FAMILY, "", style.body)
        pdf.set_text_color(*MUTED)
        pdf.pack_lines(pdf.wrap(NOTHING_YET, pdf.epw), pdf.l_margin, style.line)


def lead_section(pdf: PackPdf, heading: str, body: str) -> None:
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
        lines = heading_lines(pdf, heading)
        blocks = _blocks(pdf, body, style.lead)
    finally:
        pdf.set_left_margin(left)
        pdf.set_right_margin(right)
    if not blocks:
        section(pdf, heading, body)
        return
    pdf.ln(2)
    text_height = _blocks_height(blocks, style.lead_line)
    height = 2 * pad + len(lines) * style.heading_line + 2.5 + text_height
    if height > pdf.room():
        # Too long for a panel on this page: printed like the other sections, in larger type.
        pdf.style = _with_body(style, style.lead, style.lead_line)
        try:
            section(pdf, heading, body)
        finally:
            pdf.style = style
        return
    top = pdf.y
    pdf.set_fill_color(*PANEL_FILL)
    pdf.rect(pdf.l_margin, top, pdf.epw, height, style="F")
    pdf.set_fill_color(*DARK_BLUE)
    pdf.rect(pdf.l_margin, top, 1.2, height, style="F")
    pdf.y = top + pad
    draw_heading(pdf, lines, pdf.l_margin + inner, pdf.epw - inner - pad)
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
