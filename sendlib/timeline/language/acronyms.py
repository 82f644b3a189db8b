"""Unexplained acronyms: letters a parent may not know, unless the words they stand for are near."""

from __future__ import annotations

import re

from sendlib.timeline.language.acronym_list import ACRONYMS
from sendlib.timeline.language.findings import ACRONYM, ACRONYM_WHY, Finding, finding

# Other wordings that explain an acronym just as well as the one in ACRONYMS.
_ALSO_EXPLAINED_BY = {
    "ASD": ("autistic spectrum disorder",),
    "EP": ("educational psychology",),
    "OT": ("occupational therapist",),
    "SALT": ("speech and language therapist",),
    "SLT": ("speech and language therapy", "senior leadership team"),
}
# Case-sensitive and whole words, so "not", "step" and "la la" never match; a plural or
# possessive ("TAs", "the SENCo's") still counts as a use.
_ACRONYM = re.compile(
    r"(?<![A-Za-z0-9])("
    + "|".join(re.escape(a) for a in sorted(ACRONYMS, key=len, reverse=True))
    + r")(?=(?:s|['’]s)?(?![A-Za-z0-9]))"
)
_BRACKET_AFTER = re.compile(r"(?:s|['’]s)?\s*\(([^()]{1,160})\)")
_OPEN_BRACKET_BEFORE = re.compile(r"\(\s*$")
_CLOSE_BRACKET_AFTER = re.compile(r"(?:s|['’]s)?\s*\)")


def _letters_only(words: str) -> str:
    return re.sub(r"[^a-z0-9]", "", words.lower().replace("&", "and"))


def _spelled_forms(acronym: str) -> list[str]:
    """The acronym's words in full, letters only, singular and plural."""
    forms = []
    for words in (ACRONYMS[acronym], *_ALSO_EXPLAINED_BY.get(acronym, ())):
        bare = _letters_only(words)
        forms += [bare, bare + "s"] + ([bare[:-1] + "ies"] if bare.endswith("y") else [])
    return forms


def _letters(acronym: str) -> list[str]:
    return [c for c in acronym if c.isupper() or c.isdigit()]


def _initials_fit(words: list[str], acronym: str) -> bool:
    """Whether a few words begin with the acronym's first letter and hold its letters in order.

    'Education Health Care Plan' fits EHCP and 'speech & language therapy' fits SALT, so an
    explanation counts even when it is not worded exactly as in ACRONYMS. At most three words
    more than letters ('English as an additional language'), so a long remark cannot fit by
    chance.
    """
    letters = _letters(acronym)
    if not words or len(words) > len(letters) + 3 or words[0][0].upper() != letters[0]:
        return False
    initials = iter(word[0].upper() for word in words)
    return all(c in initials for c in letters)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text.replace("&", " and "))


def _explained(text: str, match: re.Match[str]) -> bool:
    """Whether the words in full come before the acronym, or in brackets just after it."""
    acronym = match.group(1)
    before = _letters_only(text[: match.start()])
    if any(form in before for form in _spelled_forms(acronym)):
        return True
    bracket = _BRACKET_AFTER.match(text, match.end())
    if bracket:
        inside = bracket.group(1)
        if any(form in _letters_only(inside) for form in _spelled_forms(acronym)):
            return True
        if _initials_fit(_words(inside), acronym):
            return True
    # "speech & language therapist (SALT)": the words just before the bracket fit the letters
    if _OPEN_BRACKET_BEFORE.search(text, 0, match.start()) and _CLOSE_BRACKET_AFTER.match(
        text, match.end()
    ):
        opening = text.rfind("(", 0, match.start())
        words = _words(text[max(0, opening - 200) : opening])
        shortest = len(_letters(acronym))
        return any(_initials_fit(words[-n:], acronym) for n in range(shortest, shortest + 4))
    return False


def find(text: str) -> list[Finding]:
    findings: list[Finding] = []
    if not any(c.islower() for c in text):  # all in capitals: "DEAR MUM, HI" has no acronym
        return findings
    seen = set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        meaning = ACRONYMS[acronym]
        if meaning in seen:  # only the first use needs spelling out ("SENCo" and "SENCO" alike)
            continue
        seen.add(meaning)
        if not _explained(text, match):
            findings.append(
                finding(
                    text,
                    *match.span(1),
                    ACRONYM,
                    ACRONYM_WHY,
                    f"the words in full on first use, e.g. {meaning} ({acronym})",
                )
            )
    return findings
