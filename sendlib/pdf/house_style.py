"""The house style every printed document shares: the DejaVu Sans family, the colours, the body
text's size and line spacing, and clean() to make text as typed printable (yes_no() for a
tick box's answer)."""

from __future__ import annotations

from sendlib.errors import composed

FAMILY = "DejaVu"

DARK_BLUE = (31, 56, 100)
TEXT = (33, 33, 33)
MUTED = (96, 100, 106)
RULE = (178, 183, 190)
HEADING_FILL = (225, 231, 240)
STRIPE_FILL = (246, 247, 249)
RESTRICTED = (150, 24, 32)

BODY_SIZE = 10
LINE = 5.0  # mm between lines of body text


def yes_no(value: bool | None) -> str:
    return "Yes" if value else "No"


def clean(text: object) -> str:
    """Text as typed, made printable: composed accents (so 'ễ' is one glyph), no tabs or CRs."""
    if text is None:
        return ""
    value = composed(str(text))
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
