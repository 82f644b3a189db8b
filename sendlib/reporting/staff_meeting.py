"""Staff-meeting mode: what a screen may show on a projector. Pupils and parents appear by their
initials, anything people typed (notes, subjects, agendas) is hidden, and so are identifiers.
Beside a pupil's initials a list keeps the year group but drops the class, the UPN, the needs
and the SEN status: initials with a class and a need name a child to anyone who knows the class.
Needs and statuses are shown as counts for the list instead."""

from __future__ import annotations

import pandas as pd

from sendlib.access import Who, in_staff_meeting

__all__ = [
    "DETAIL_COLUMNS",
    "HIDDEN",
    "by_year_and_initials",
    "in_staff_meeting",
    "initials",
    "mask",
]

HIDDEN = "— hidden —"
# Titles stay, so a parent reads "Ms K." and the room still knows who is who in a family.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})

# Columns across the app's lists, by what they hold. A list function passes its frame through
# `mask`, so a new list with these column names is covered without more code.
NAME_COLUMNS = frozenset({"Name", "Pupil", "With", "pupil", "parent"})
# The columns naming the pupil a row is about (the others name parents and practitioners).
PUPIL_COLUMNS = frozenset({"Name", "Pupil", "pupil"})
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
PRIVATE_COLUMNS = frozenset({"phone", "email", "Email", "Phone"})
# What a list drops beside a pupil's initials: who the child is (class, UPN, birthday) and what
# their needs are (status, needs, an EHC plan's review date).
DETAIL_COLUMNS = (
    "Class",
    "class_name",
    "UPN",
    "upn",
    "Date of birth",
    "Status",
    "Primary need",
    "Secondary need",
    "Broad area",
    "Need",
    "EHCP review due",
)


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


def _told_apart(shown: pd.Series, whose: pd.Series) -> pd.Series:
    """Initials shared by different pupils in one list, numbered: 'T. O. (1)', 'T. O. (2)'. The
    numbers follow the pupils' record numbers, so twins keep theirs in every list showing both,
    and they say nothing about the child (not their class, not the order of their names)."""
    pupils: dict[str, set] = {}
    for label, who in zip(shown, whose, strict=True):
        if label and pd.notna(who):
            pupils.setdefault(label, set()).add(who)
    numbers = {
        (label, who): n
        for label, everyone in pupils.items()
        if len(everyone) > 1
        for n, who in enumerate(sorted(everyone), start=1)
    }
    return pd.Series(
        [
            f"{label} ({numbers[label, who]:d})" if (label, who) in numbers else label
            for label, who in zip(shown, whose, strict=True)
        ],
        index=shown.index,
        dtype=object,
    )


def mask(frame: pd.DataFrame, who: Who) -> pd.DataFrame:
    """The frame as this user may see it now: unchanged, or with names as initials (pupils who
    share initials numbered), notes hidden, contact details blanked and, beside a pupil, the
    DETAIL_COLUMNS left out. Other columns keep their names, so pages need not know."""
    if not in_staff_meeting(who):
        return frame
    pupil_columns = [c for c in frame.columns if c in PUPIL_COLUMNS]
    if pupil_columns:
        frame = frame.drop(columns=[c for c in DETAIL_COLUMNS if c in frame.columns])
    if frame.empty:
        return frame
    masked = frame.copy()
    for column in masked.columns:
        if column in NAME_COLUMNS:
            masked[column] = masked[column].map(initials).astype(object)
            if column in PUPIL_COLUMNS:
                whose = frame["pupil_id"] if "pupil_id" in frame.columns else frame[column]
                masked[column] = _told_apart(masked[column], whose)
        elif column in NOTE_COLUMNS:
            present = masked[column].notna() & (masked[column].astype(str) != "")
            masked[column] = masked[column].astype(object).where(~present, HIDDEN)
        elif column in PRIVATE_COLUMNS:
            masked[column] = None
    return masked


YEAR_WIDTH = 70


def shown_columns(columns: dict[str, int], who: Who) -> dict[str, int]:
    """A table's columns on screen, name to width (see ui.table): in staff-meeting mode the
    details the mode leaves out are gone and the year group stands beside the initials."""
    if not in_staff_meeting(who):
        return columns
    shown: dict[str, int] = {}
    for column, width in columns.items():
        if column not in DETAIL_COLUMNS and column != "Year":
            shown[column] = width
        if column in PUPIL_COLUMNS:
            shown["Year"] = YEAR_WIDTH
    return shown


def by_year_and_initials(frame: pd.DataFrame, who: Who) -> pd.DataFrame:
    """A list kept in year-group order (its "Year" column) that would otherwise go class by
    class, in staff-meeting mode by year group and then initials: listed class by class, the rows
    would show who shares a class even with the class left out (and twins read 1, then 2)."""
    if not in_staff_meeting(who) or frame.empty:
        return frame
    name = next(c for c in frame.columns if c in PUPIL_COLUMNS)
    year_rank = frame["Year"].map({year: n for n, year in enumerate(frame["Year"].unique())})
    order = pd.DataFrame({"year": year_rank, "name": frame[name]})
    ordered = order.sort_values(["year", "name"], kind="stable").index
    return frame.loc[ordered].reset_index(drop=True)
