"""The DfE school census codes for SEN status and type of need, and the words a parent would use."""

from __future__ import annotations

import re
from typing import Any

STATUSES = {
    "monitoring": "Monitoring (cause for concern)",
    "K": "SEN support",
    "E": "EHC plan",
}
# The census reports the local monitoring list as no SEN provision.
CENSUS_CODE = {"monitoring": "N", "K": "K", "E": "E"}

NEEDS = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
}

BROAD_AREAS = {
    "Communication and interaction": ("SLCN", "ASD"),
    "Cognition and learning": ("SPLD", "MLD", "SLD", "PMLD"),
    "Social, emotional and mental health": ("SEMH",),
    "Sensory and/or physical": ("HI", "VI", "MSI", "PD"),
}
AREA_OF = {code: area for area, codes in BROAD_AREAS.items() for code in codes}


def broad_area(code: str | None) -> str | None:
    """The broad area of need for a census need code (None for OTH, NSA or no need)."""
    return AREA_OF.get(code) if code else None


def need_label(code: str | None) -> str:
    """'Autistic spectrum disorder (ASD)', or '' for no need."""
    return f"{NEEDS[code]} ({code})" if code in NEEDS else ""


def status_label(status: str | None) -> str:
    """'SEN support (K)', 'EHC plan (E)', 'Monitoring (cause for concern)' or 'Not on the register'."""
    if status is None:
        return "Not on the register"
    if status == "monitoring":
        return STATUSES[status]
    return f"{STATUSES[status]} ({status})"


def year_label(year_group: int | None) -> str:
    """'Nursery', 'Reception' or 'Year 7'."""
    if year_group is None:
        return ""
    if year_group == -1:
        return "Nursery"
    if year_group == 0:
        return "Reception"
    return f"Year {year_group}"


def parse_year(text: str | int | None) -> int | None:
    """Read a year group as a MIS writes it: 'R', 'Reception', 'N', 'Y7', 'Year 7', '7'."""
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        return text if -1 <= text <= 13 else None
    cleaned = str(text).strip().upper().replace("YEAR", "").replace(" ", "")
    if cleaned in {"R", "REC", "RECEPTION"}:
        return 0
    if cleaned in {"N", "N1", "N2", "NUR", "NURSERY"}:
        return -1
    cleaned = cleaned.removeprefix("Y")
    # isdecimal, not isdigit: '²' is a digit that int() refuses.
    if cleaned.isdecimal() and -1 <= int(cleaned) <= 13:
        return int(cleaned)
    return None


def _key(text: str) -> str:
    """'Social, Emotional & Mental Health' -> 'SOCIAL EMOTIONAL AND MENTAL HEALTH'."""
    words = re.sub(r"[^0-9A-Z]+", " ", text.upper().replace("&", " AND "))
    return " ".join(words.split())


# How MIS exports write an SEN status, once reduced to capitals and words (see _key): the census
# code, its name, or both ("K - SEN Support", "E - Education, Health and Care Plan" in SIMS).
# A school's own status codes are not guessed at: they are refused and named.
_STATUS_WORDS: dict[str, str | None] = {
    **dict.fromkeys(["", "N", "NONE", "NO SEN", "NO SPECIAL EDUCATIONAL NEED"], None),
    **dict.fromkeys(["NO SPECIAL EDUCATIONAL NEEDS", "NOT ON THE REGISTER"], None),
    **dict.fromkeys(["K", "SEN SUPPORT"], "K"),
    **dict.fromkeys(["E", "EHCP", "EHC PLAN", "EDUCATION HEALTH AND CARE PLAN"], "E"),
    **dict.fromkeys(["S", "STATEMENT", "STATEMENT OF SEN"], "E"),  # statements became EHC plans
    **dict.fromkeys(["M", "MONITORING", "CAUSE FOR CONCERN"], "monitoring"),
}
# The census need codes and the names exports use for them; only names that can mean one code.
_NEED_NAMES: dict[str, str] = {
    **{code: code for code in NEEDS},
    **{name: code for code, name in NEEDS.items()},
    "SPECIFIC LEARNING DIFFICULTIES": "SPLD",
    "MODERATE LEARNING DIFFICULTIES": "MLD",
    "SEVERE LEARNING DIFFICULTIES": "SLD",
    "PROFOUND AND MULTIPLE LEARNING DIFFICULTIES": "PMLD",
    "SOCIAL EMOTIONAL AND MENTAL HEALTH DIFFICULTIES": "SEMH",
    "SOCIAL EMOTIONAL AND MENTAL HEALTH NEEDS": "SEMH",
    "SPEECH LANGUAGE AND COMMUNICATION NEED": "SLCN",
    "SPEECH LANGUAGE AND COMMUNICATION DIFFICULTIES": "SLCN",
    "MULTISENSORY IMPAIRMENT": "MSI",
    "AUTISM SPECTRUM DISORDER": "ASD",
    "AUTISTIC SPECTRUM CONDITION": "ASD",
    "AUTISM SPECTRUM CONDITION": "ASD",
    "ASC": "ASD",
    "AUTISM": "ASD",
    "OTHER DIFFICULTY DISABILITY": "OTH",
    "OTHER": "OTH",
    "NO SPECIALIST ASSESSMENT": "NSA",
    "NO SPECIALIST ASSESSMENT OF TYPE OF NEED": "NSA",
}
_NEED_WORDS = {_key(word): code for word, code in _NEED_NAMES.items()}


def _readings(text: str) -> list[str]:
    """The whole text, and its code and name when written 'K - SEN Support' or 'SEN support (K)'."""
    text = text.strip()
    readings = [text]
    parts = re.fullmatch(r"(.+?)\s+[-\u2013\u2014:]\s+(.+)|(.+?)\s*\(([^()]+)\)", text)
    if parts:
        readings += [p for p in parts.groups() if p]
    return [_key(r) for r in readings]


def _read(text: str, words: dict[str, Any]) -> Any:
    """The one meaning the text's readings agree on, or False when none or two disagree."""
    readings = _readings(text)
    if readings[0] in words:
        return words[readings[0]]
    found = {words[r] for r in readings[1:] if r in words}
    return found.pop() if len(found) == 1 else False


def parse_status(text: str | None) -> str | None | bool:
    """Read an SEN status as a MIS writes it. None means not on the register; False means unknown."""
    if text is None:
        return None
    return _read(str(text), _STATUS_WORDS)


def parse_need(text: str | None) -> str | None | bool:
    """Read a type of need as a MIS writes it: 'ASD', 'Autistic Spectrum Disorder' or
    'ASD - Autistic Spectrum Disorder'. None means no need; False means it is not clear which."""
    if text is None or not str(text).strip():
        return None
    return _read(str(text), _NEED_WORDS)
