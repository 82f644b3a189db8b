"""What the wording advice finds: its kinds, why each matters, and one piece of advice."""

from __future__ import annotations

from dataclasses import dataclass

INFORMS = "informs rather than invites"
ADDRESS = "form of address"
DEFICIT = "deficit language"
COMPARISON = "comparison with other children"
ACRONYM = "unexplained acronym"
KINDS = (INFORMS, ADDRESS, DEFICIT, COMPARISON, ACRONYM)

INFORMS_WHY = (
    "Telling a parent what will happen leaves no room for their view; the SEND Code of "
    "Practice asks schools to involve parents in decisions (6.7)."
)
INSTRUCTION_WHY = (
    "An instruction tells a parent what to do instead of asking what would work for them; "
    "the SEND Code of Practice asks schools to involve parents (6.7)."
)
ADDRESS_WHY = "Parents ask to be called by their name: 'Don't call me Mum'."
DEFICIT_WHY = (
    "Labels describe the child as the problem; describing what they find hard keeps the "
    "focus on support."
)
PARENT_LABEL_WHY = (
    "A label for a parent reads as blame; describing what they have said keeps the "
    "partnership open."
)
COMPARISON_WHY = (
    "Comparing a child with others tells a parent little about their own child's progress."
)
ACRONYM_WHY = "A parent may not know what the letters stand for."


@dataclass(frozen=True)
class Finding:
    """One piece of advice: where it is, what was written, why it matters and what to write."""

    start: int
    end: int
    text: str
    kind: str
    why: str
    suggestion: str


def finding(text: str, start: int, end: int, kind: str, why: str, suggestion: str) -> Finding:
    return Finding(start, end, text[start:end], kind, why, suggestion)
