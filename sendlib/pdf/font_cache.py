"""Fonts read once a process, not once a document: fpdf2's add_font reads a whole font file (its
widths, character map and outlines) each time, and writing the PDF reads it all again to cut it
down to the glyphs used, which together were most of the time of a short PDF.

Here a file is read once, all its tables unpacked. Each document gets a font of its own: its own
record of the glyphs it used, its own widths table (fpdf2 adds to it as it measures), its own
font descriptor (numbered as one of the PDF's objects) and its own copy of each table, which
fpdf2 cuts down to those glyphs when it writes the PDF. The copies are shallow: what fontTools
replaces as it cuts a font down is the document's own, and what it only reads (the outlines of
the glyphs, the character map's entries, the hinting programs) is shared, so two documents can
be printed at once. A CFF font (the Chinese one) is opened afresh from its bytes instead."""

from __future__ import annotations

import copy
import io
import struct
import threading
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

# fpdf2 leaves the layout tables out of the embedded font (HarfBuzz shapes text from the file
# itself), so a document's copy of the font does without them.
LAYOUT_TABLES = ("GDEF", "GSUB", "GPOS", "MATH")
_parsed: dict[tuple[Path, str], tuple[TTFFont, bytes]] = {}
_lock = threading.Lock()


class _Outlines(dict):
    """A document's glyph outlines: shared with the parsed font, except that a composite glyph
    (an accented letter built from others), whose references fontTools renumbers in place when
    it cuts the font down, is copied for the document the first time it is read."""

    def __init__(self, shared: dict):
        super().__init__(shared)
        self._own: set[str] = set()

    def __getitem__(self, name: str):
        glyph = super().__getitem__(name)
        if name not in self._own and _is_composite(glyph):
            glyph = copy.copy(glyph)
            self[name] = glyph
            self._own.add(name)
        return glyph


def _is_composite(glyph) -> bool:
    data = glyph.__dict__.get("data")
    return bool(data) and struct.unpack(">h", data[:2])[0] < 0


def _template(pdf: FPDF, path: Path, fontkey: str, style: str) -> tuple[TTFFont, bytes]:
    with _lock:
        if (path, fontkey) not in _parsed:
            template = TTFFont(pdf, path, fontkey, style)
            if "glyf" in template.ttfont:
                tags = template.ttfont.keys()  # a TTFont has keys() but cannot be iterated
                for tag in tags:
                    template.ttfont[tag]  # unpacked now, once, not in each document
            _parsed[path, fontkey] = template, path.read_bytes()
        return _parsed[path, fontkey]


def _own_tables(parsed: ttLib.TTFont) -> ttLib.TTFont:
    """A TrueType font's tables for one document (see the module's description)."""
    font = ttLib.TTFont(recalcTimestamp=False, recalcBBoxes=False)
    font.sfntVersion = parsed.sfntVersion
    font.setGlyphOrder(list(parsed.getGlyphOrder()))
    tags = parsed.keys()
    for tag in tags:
        if tag != "GlyphOrder" and tag not in LAYOUT_TABLES:
            font[tag] = copy.copy(parsed[tag])
    font["glyf"].glyphs = _Outlines(parsed["glyf"].glyphs)
    font["cmap"].tables = [copy.copy(table) for table in parsed["cmap"].tables]
    return font


def _reopened(parsed: ttLib.TTFont, data: bytes) -> ttLib.TTFont:
    """A font read afresh from its bytes, for fonts whose outlines are not TrueType."""
    font = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    font.setGlyphOrder(parsed.getGlyphOrder())
    for tag in LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    return font


def add_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """fpdf2's add_font(family, style, path) for a TrueType or OpenType file, the file read
    only the first time any document asks for it."""
    fontkey = f"{family.lower()}{style}"
    if fontkey in pdf.fonts:
        return
    template, data = _template(pdf, path, fontkey, style)
    font = copy.copy(template)
    font.i = len(pdf.fonts) + 1
    parsed = template.ttfont
    font.ttfont = _own_tables(parsed) if "glyf" in parsed else _reopened(parsed, data)
    # The embedded font keeps no glyph names (fontTools' subsetter makes its 'post' table format
    # 3): given one without them, it need not read the file's thousands of names first.
    post = copy.copy(parsed["post"])
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font.ttfont["post"] = post
    font.cw = copy.copy(template.cw)
    font.desc = copy.copy(template.desc)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font
    if font.is_cff and font.is_cid_keyed:  # as fpdf2's add_font does
        pdf._set_min_pdf_version("1.6")
