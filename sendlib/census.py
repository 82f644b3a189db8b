"""The DfE school census codes for SEN status and type of need, and the words a parent would use."""

from __future__ import annotations

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


def parse_status(text: str | None) -> str | None | bool:
    """Read an SEN status as a MIS writes it. None means not on the register; False means unknown."""
    if text is None:
        return None
    cleaned = str(text).strip().upper()
    if cleaned in {"", "N", "NONE", "NO SEN"}:
        return None
    if cleaned in {"K", "SEN SUPPORT", "SEN SUPPORT (K)"}:
        return "K"
    if cleaned in {"E", "EHCP", "EHC PLAN", "EHC PLAN (E)", "S", "STATEMENT"}:
        return "E"
    if cleaned in {"M", "MONITORING", "CAUSE FOR CONCERN"}:
        return "monitoring"
    return False
