"""Names and notes in every script a school in England meets, printed: which font draws which
script (DejaVu Sans for Latin, Greek and Cyrillic; a Noto font for each of the others), which
text needs fpdf2's text shaping (joined and right-to-left scripts, Indic conjuncts), which reads
right to left, and the visible mark for a character no font has."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"
MAIN_FONT = "DejaVuSans.ttf"
# Printed in place of a character no font here has; the document lists them at its end.
MISSING_MARK = "\u25a1"  # □, which DejaVu Sans has


@dataclass(frozen=True)
class Script:
    name: str  # as the document's closing note names it
    family: str  # the fpdf2 family it is registered as
    file: str
    ranges: tuple[tuple[int, int], ...]


# In the order fpdf2 tries them for a character the main font lacks.
SCRIPTS = (
    Script("Arabic and Urdu", "NotoArabic", "NotoSansArabic-Regular.ttf",
           ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF))),
    Script("Bengali", "NotoBengali", "NotoSansBengali-Regular.ttf", ((0x0980, 0x09FF),)),
    Script("Gurmukhi (Punjabi)", "NotoGurmukhi", "NotoSansGurmukhi-Regular.ttf",
           ((0x0A00, 0x0A7F),)),
    Script("Gujarati", "NotoGujarati", "NotoSansGujarati-Regular.ttf", ((0x0A80, 0x0AFF),)),
    Script("Devanagari (Hindi, Marathi, Nepali)", "NotoDevanagari",
           "NotoSansDevanagari-Regular.ttf", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    Script("Tamil", "NotoTamil", "NotoSansTamil-Regular.ttf", ((0x0B80, 0x0BFF),)),
    Script("Chinese", "NotoSC", "NotoSansSC-Common.otf",
           ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF))),
)  # fmt: skip
# Characters that change nothing printed and are never marked missing.
_INVISIBLE = frozenset("\n\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufe0f")


@lru_cache(maxsize=1)
def plain_characters() -> frozenset[str]:
    """Every character the main font draws: text made only of these needs no other font."""
    with TTFont(FONT_DIR / MAIN_FONT, lazy=True) as font:
        return frozenset(map(chr, font.getBestCmap())) | _INVISIBLE


@cache
def _covered(script: Script) -> frozenset[str]:
    with TTFont(FONT_DIR / script.file, lazy=True) as font:
        return frozenset(map(chr, font.getBestCmap()))


def is_plain(text: str) -> bool:
    """True when the main font alone prints the text (the quick path, no shaping)."""
    return set(text) <= plain_characters()


def scripts_in(text: str) -> list[Script]:
    """The other scripts the text holds, in SCRIPTS order."""
    codes = {ord(c) for c in set(text) - plain_characters()}
    return [s for s in SCRIPTS if any(lo <= c <= hi for c in codes for lo, hi in s.ranges)]


def missing(text: str) -> set[str]:
    """The characters of the text that no font here draws."""
    left = set(text) - plain_characters()
    for script in scripts_in(text):
        left -= _covered(script)
    return left


def is_right_to_left(text: str) -> bool:
    """True for text that reads right to left: it starts (its first letter) in a right-to-left
    script and most of its letters are (an Urdu sentence with "(Science)" in it), not an English
    sentence holding an Arabic name."""
    kinds = [unicodedata.bidirectional(c) for c in text]
    first = next((kind for kind in kinds if kind in ("L", "R", "AL")), "L")
    return first != "L" and sum(kind in ("R", "AL") for kind in kinds) >= kinds.count("L")


# A paragraph this short in a right-to-left script is more likely a name than prose: it keeps the
# document's left-to-right layout (the name itself is still written right to left).
PARAGRAPH_WORDS = 4


def reads_right_to_left(paragraph: str) -> bool:
    """True for a paragraph of prose in a right-to-left script, laid out and aligned right."""
    return len(paragraph.split()) >= PARAGRAPH_WORDS and is_right_to_left(paragraph)


def described(chars: set[str]) -> str:
    """'U+1F600 (GRINNING FACE), U+0D05 (MALAYALAM LETTER A)': for the closing note."""
    return ", ".join(
        f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed character')})" for c in sorted(chars)
    )
