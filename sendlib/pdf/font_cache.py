"""Fonts parsed once a process, not once a document: fpdf2's add_font reads a whole font file
(its widths, character map and outlines) each time, which was half the time of a short PDF.

Each document still gets a font of its own: its own record of the glyphs it used, its own widths
table (fpdf2 adds to it as it measures), its own font descriptor (numbered as one of the PDF's
objects) and its own fontTools copy of the file, which fpdf2 cuts down to those glyphs when it
writes the PDF. Only what fpdf2 never changes (the character map, the glyph numbers) is shared,
so two documents can be printed at once."""

from __future__ import annotations

import copy
import io
import threading
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

LAYOUT_TABLES = ("GDEF", "GSUB", "GPOS", "MATH")
_parsed: dict[tuple[Path, str], tuple[TTFFont, bytes]] = {}
_lock = threading.Lock()


def _template(pdf: FPDF, path: Path, fontkey: str, style: str) -> tuple[TTFFont, bytes]:
    with _lock:
        if (path, fontkey) not in _parsed:
            _parsed[path, fontkey] = TTFFont(pdf, path, fontkey, style), path.read_bytes()
        return _parsed[path, fontkey]


def add_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """fpdf2's add_font(family, style, path) for a TrueType or OpenType file, the file parsed
    only the first time any document asks for it."""
    fontkey = f"{family.lower()}{style}"
    if fontkey in pdf.fonts:
        return
    template, data = _template(pdf, path, fontkey, style)
    font = copy.copy(template)
    font.i = len(pdf.fonts) + 1
    # Each glyph's outline is copied into the PDF as it is in the file, not unpacked to have its
    # box measured again (subsetting leaves the boxes as they were).
    font.ttfont = ttLib.TTFont(
        io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True
    )
    font.ttfont.setGlyphOrder(template.ttfont.getGlyphOrder())
    # fpdf2 leaves the layout tables out of the embedded font (HarfBuzz shapes text from the
    # file itself): taken out first, fontTools need not read them to cut the font down.
    for tag in LAYOUT_TABLES:
        if tag in font.ttfont:
            del font.ttfont[tag]
    # The embedded font keeps no glyph names (fontTools' subsetter makes its 'post' table format
    # 3): given one without them, it need not read the file's thousands of names first.
    post = copy.copy(template.ttfont["post"])
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font.ttfont["post"] = post
    font.cw = copy.copy(template.cw)
    font.desc = copy.copy(template.desc)  # fpdf2 numbers it as an object of the PDF
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font
    if font.is_cff and font.is_cid_keyed:  # as fpdf2's add_font does
        pdf._set_min_pdf_version("1.6")
