"""Staff-meeting mode: what a screen may show on a projector. Pupils and parents appear by their
initials, anything people typed (notes, subjects, agendas) is hidden, and so are identifiers."""

from __future__ import annotations

import pandas as pd

from sendlib.access import Who, in_staff_meeting

__all__ = ["HIDDEN", "in_staff_meeting", "initials", "mask"]

HIDDEN = "— hidden —"
# Titles stay, so a parent reads "Ms K." and the room still knows who is who in a family.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})

# Columns across the app's lists, by what they hold. A list function passes its frame through
# `mask`, so a new list with these column names is covered without more code.
NAME_COLUMNS = frozenset({"Name", "Pupil", "With", "pupil", "parent"})
NOTE_COLUMNS = frozenset(
    {
        "Subject",
        "Summary",
        "Parent's views",
        "What",
        "Agreed in",
        "agenda",
        "hold_note",
        "label",
    }
)
PRIVATE_COLUMNS = frozenset({"UPN", "Date of birth", "phone", "email", "Email", "Phone"})


def _titled(text: str) -> bool:
    first = text.split(maxsplit=1)[:1]
    return bool(first) and first[0].lower().rstrip(".") in TITLES


def _person(part: str) -> str:
    named, bracket, rest = part.partition("(")
    if bracket and _titled(rest):
        # 'EP (Dr Samira Ahmed)': a service, then the practitioner's name.
        return f"{named.strip()} ({initials(rest.removesuffix(')'))})"
    # 'Ms Khan (mother)': the name, then how they are related (kept: it names nobody).
    words = [w if _titled(w) else f"{w[0].upper()}." for w in named.split()]
    return " ".join([*words, bracket + rest] if bracket else words)


def initials(name: object) -> str:
    """People's names as initials, titles, services and relationships kept: 'Zoë O'Connor-Smith'
    -> 'Z. O.'; 'Ms Ayesha Khan (mother), EP (Dr Samira Ahmed)' -> 'Ms A. K. (mother), EP (Dr S.
    A.)'."""
    if not isinstance(name, str):
        return ""
    return ", ".join(_person(part) for part in name.split(", ") if part.strip())


def mask(frame: pd.DataFrame, who: Who) -> pd.DataFrame:
    """The frame as this user may see it now: unchanged, or with names as initials, notes hidden
    and identifiers blanked (columns keep their names, so pages need not know)."""
    if not in_staff_meeting(who) or frame.empty:
        return frame
    masked = frame.copy()
    for column in masked.columns:
        if column in NAME_COLUMNS:
            masked[column] = masked[column].map(initials).astype(object)
        elif column in NOTE_COLUMNS:
            present = masked[column].notna() & (masked[column].astype(str) != "")
            masked[column] = masked[column].astype(object).where(~present, HIDDEN)
        elif column in PRIVATE_COLUMNS:
            masked[column] = None
    return masked
