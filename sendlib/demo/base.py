"""What the demo school generators share (sendlib.demo.school, .family, .plans): what a
size is, the census mix and the words that go with each need, weighted choices, school dates,
pupils as they are generated and the rows they make.

Names with a leading underscore are for the generator modules only.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from sendlib.demo import names as words
from sendlib.pupils.contacts import CHANNELS

# ---------------------------------------------------------------------------------------------
# What a size is


@dataclass(frozen=True)
class Campus:
    """One school's classes for a run of year groups: so many pupils a year, split into groups."""

    name: str  # prefix of class names in a trust ('' for a single school)
    estab: int  # DfE establishment number, the 4 digits after the LA number in a UPN
    first_year: int
    last_year: int
    per_year: int
    groups: tuple[str, ...]  # 'Oak', 'Ash' -> '3 Oak'; 'R', 'S' -> '9R'

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def pupils(self) -> int:
        return self.per_year * len(self.years)

    def class_name(self, year: int, index: int) -> str:
        group = self.groups[index % len(self.groups)]
        label = f"{'R' if year == 0 else year} {group}" if len(group) > 1 else f"{year}{group}"
        return f"{self.name} {label}" if self.name else label


@dataclass(frozen=True)
class SchoolSize:
    """What one demo size builds."""

    key: str
    school_name: str
    description: str
    campuses: tuple[Campus, ...]
    register: int  # about how many pupils on roll have an open SEN status
    ehc_share: float  # share of E among K + E
    history_years: int  # school years of leavers kept
    exits: tuple[tuple[int, float], ...]  # (year group, share of it leaving each July)
    la_number: int = 873
    communications: int = 0  # about how many on the timeline over the years kept
    actions: int = 0  # about how many agreed actions (the promise ledger)

    @property
    def pupils(self) -> int:
        return sum(c.pupils for c in self.campuses)


# ---------------------------------------------------------------------------------------------
# Census mix and the words that go with each need (compact by hand: the formatter leaves them be)
# fmt: off

NEED_MIX = {
    ("primary", "K"): {
        "SLCN": 31, "SEMH": 18, "MLD": 15, "ASD": 9, "SPLD": 8, "OTH": 4, "NSA": 3, "PD": 2.5,
        "HI": 1.5, "VI": 1, "SLD": 0.5, "MSI": 0.3,
    },
    ("primary", "E"): {
        "ASD": 35, "SLCN": 20, "SEMH": 15, "SLD": 7, "MLD": 6, "PD": 5, "HI": 3, "PMLD": 2.5,
        "VI": 2, "SPLD": 2, "OTH": 2, "MSI": 0.5,
    },
    ("secondary", "K"): {
        "SEMH": 24, "SPLD": 21, "MLD": 14, "SLCN": 12, "ASD": 12, "OTH": 5, "NSA": 4, "HI": 2.5,
        "PD": 2.5, "VI": 1.5, "SLD": 0.5, "MSI": 0.3,
    },
    ("secondary", "E"): {
        "ASD": 38, "SEMH": 20, "SLCN": 10, "MLD": 9, "SPLD": 7, "SLD": 4, "PD": 4, "HI": 3,
        "VI": 1.5, "PMLD": 1, "OTH": 2, "MSI": 0.5,
    },
}
SECOND_NEED_MIX = {
    "SEMH": 28, "SLCN": 20, "SPLD": 12, "MLD": 12, "ASD": 10, "PD": 5, "OTH": 5, "HI": 3, "VI": 2,
}
# Census need code -> the set of texts in sendlib.demo.names used for it.
TEXT_AREA = {
    "SLCN": "slcn", "ASD": "asd", "SEMH": "semh", "SPLD": "spld", "MLD": "learning",
    "SLD": "learning", "PMLD": "learning", "NSA": "learning", "OTH": "learning", "HI": "hearing",
    "VI": "vision", "MSI": "vision", "PD": "physical",
}
MONITORING_SHARE = 0.2  # the monitoring list, as a share of the K count
# How likely a pupil in each year group is to be on the register, relative to the rest.
YEAR_FACTOR = {
    0: 0.55, 1: 0.85, 2: 1.0, 3: 1.1, 4: 1.1, 5: 1.1, 6: 1.1, 7: 1.1, 8: 1.1, 9: 1.05, 10: 1.0,
    11: 0.95, 12: 0.55, 13: 0.5,
}
AGENCY_BY_AREA = {
    "slcn": {"SALT": 6, "EP": 2, "Paediatrician": 1},
    "asd": {"Paediatrician": 3, "SALT": 3, "OT": 2, "CAMHS": 2, "Specialist teacher": 2, "EP": 2},
    "semh": {"CAMHS": 5, "Early Help": 3, "EP": 2, "School nurse": 2, "Social care": 1},
    "spld": {"Specialist teacher": 5, "EP": 3, "OT": 1},
    "learning": {"EP": 5, "Paediatrician": 2, "Specialist teacher": 2},
    "hearing": {"Specialist teacher": 6, "Paediatrician": 1},
    "vision": {"Specialist teacher": 6, "OT": 1},
    "physical": {"Physiotherapy": 5, "OT": 4, "Paediatrician": 2},
}
SPECIALIST_KIND = {"hearing": "Teacher of the Deaf", "vision": "QTVI", "asd": "autism outreach"}
# An agency's row as the builder keeps it: the pupil's local index, then these.
AGENCY_FIELDS = (
    "service", "practitioner", "team", "phone", "email", "referral_date", "status",
    "last_contact", "next_step", "report_received",
)  # fmt: skip
AGENCY_STATUS_MIX = {"considering": 6, "referred": 10, "waiting": 18, "seen": 48, "discharged": 18}
# Days before the as-of date a referral was made, by the agency's status (none while the school
# is still considering one).
REFERRAL_AGE = {
    "referred": (3, 60), "waiting": (30, 420), "seen": (60, 900), "discharged": (200, 1400),
}
REPORT_CHANCE = {"seen": 0.45, "discharged": 0.85}
# What the SENCo means to do next, by status.
AGENCY_NEXT_STEPS = {
    "considering": (
        "Talk to the parents about a referral at the next surgery.",
        "Gather the APDR reviews and class observations the referral needs.",
    ),
    "referred": (
        "Chase the referral if nothing is heard within six weeks.",
        "Send the parents' consent form with the referral.",
    ),
    "waiting": (
        "Check the waiting time with the service each half term.",
        "Keep the parents up to date on the wait at each review.",
    ),
    "seen": (
        "Share the report's advice with the class team.",
        "Add the recommendations to the next APDR cycle.",
        "Invite them to the next review meeting.",
    ),
}
CHANNEL_MIX = {"phone": 30, "email": 30, "text": 25, "face to face": 15}
INTERPRETER_CHANNEL_MIX = {"phone": 40, "face to face": 40, "text": 20}
FAMILY_MIX = {
    "two parents": 50, "single mother": 26, "separated": 12, "single father": 4, "kinship": 3,
}
RATING_MIX = {-2: 3, -1: 10, 0: 25, 1: 37, 2: 25}
OTHER_LAS = (330, 801, 802, 855, 886, 919, 305, 936)  # where pupils arriving mid-year come from
MOBILE = "07700 900{:03d}"  # Ofcom's range for drama: never a real number
LANDLINE = "0113 496 0{:03d}"
CASEWORKER_PHONE = "01632 960{:03d}"
DEMO_LOCAL_AUTHORITY = "Cambridgeshire County Council"  # LA 873, as in the demo's UPNs
STAFF_ROLES = {
    "ta": ("TA", "LSA"),  # primary label, secondary label
    "hlta": ("HLTA", "HLTA"),
    "elsa": ("ELSA", "ELSA"),
    "mentor": ("Learning mentor", "Learning mentor"),
    "counsellor": ("School counsellor", "School counsellor"),
    "salt": ("NHS SALT", "NHS SALT"),
    "ot": ("NHS OT", "NHS OT"),
    "specialist": ("LA specialist teacher", "LA specialist teacher"),
}
# fmt: on


class _Weighted:
    """A weighted random choice with the cumulative weights worked out once."""

    def __init__(self, weights: dict | Sequence[tuple]):
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


_NEEDS = {key: _Weighted(mix) for key, mix in NEED_MIX.items()}
_SECOND_NEEDS = _Weighted(SECOND_NEED_MIX)
_HERITAGES = _Weighted([(h, h.weight) for h in words.HERITAGES])
_LANGUAGES = {h.key: _Weighted(h.languages) for h in words.HERITAGES}
_FAMILIES = _Weighted(FAMILY_MIX)
_CHANNELS = _Weighted(CHANNEL_MIX)
_INTERPRETER_CHANNELS = _Weighted(INTERPRETER_CHANNEL_MIX)
_AGENCY_STATUSES = _Weighted(AGENCY_STATUS_MIX)
_RATINGS = _Weighted(RATING_MIX)
_MOTHER_TITLES = _Weighted(words.MOTHER_TITLES)
_FATHER_TITLES = _Weighted(words.FATHER_TITLES)
assert set(CHANNEL_MIX) <= set(CHANNELS) and set(INTERPRETER_CHANNEL_MIX) <= set(CHANNELS)


# ---------------------------------------------------------------------------------------------
# Dates


def _weekday(day: date) -> date:
    """The day itself, or the Friday before when it falls at a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _next_weekday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def _between(rng: random.Random, first: date, last: date) -> date:
    """A random date from first to last inclusive (first when the range is empty)."""
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, span)) if span > 0 else first


def term_start(day: date) -> date:
    """Roughly when the term containing `day` began (autumn early September, spring early
    January, summer after Easter); a school's own term dates may differ by a few days."""
    for start in (
        _next_weekday(date(day.year, 9, 3)),
        _next_weekday(date(day.year, 4, 20)),
        _next_weekday(date(day.year, 1, 5)),
        _next_weekday(date(day.year - 1, 9, 3)),
    ):
        if start <= day:
            return start
    raise AssertionError("unreachable")


def _end_of_summer_term(year: int) -> date:
    return _weekday(date(year, 7, 22))


# ---------------------------------------------------------------------------------------------
# Pupils as they are generated


@dataclass(slots=True)
class DraftPupil:
    local: int
    heritage: words.Heritage
    gender: str
    forename: str
    surname: str
    surname_forms: tuple[str, str]  # (male, female) forms of the family surname
    known_as: str | None
    language: str
    year: int
    class_name: str
    campus: Campus
    as_of: date  # today, or the day the pupil left
    entry: date  # when the pupil joined
    arrived_in_year: bool
    looked_after: bool
    left: date | None = None
    dob: date | None = None
    upn: str = ""
    status: str | None = None  # open status (or the status on leaving)
    needs: tuple[str, ...] = ()
    area: str = "learning"
    texts: dict[str, str | None] = field(default_factory=dict)
    adults: dict[str, str] = field(default_factory=dict)  # kind of provision -> who delivers it

    @property
    def phase(self) -> str:
        return "primary" if self.year <= 6 else "secondary"

    @property
    def words(self) -> dict[str, str]:
        he, him, his = ("he", "him", "his") if self.gender == "M" else ("she", "her", "her")
        return {
            "name": self.known_as or self.forename,
            "he": he,
            "him": him,
            "his": his,
            "He": he.capitalize(),
            "His": his.capitalize(),
        }


@dataclass
class SchoolRows:
    """Everything generated, as rows in insertion order; pupils and plans by local index."""

    pupils: list[DraftPupil] = field(default_factory=list)
    statuses: list[tuple] = field(default_factory=list)
    needs: list[tuple] = field(default_factory=list)
    ehc_plans: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    agencies: list[tuple] = field(default_factory=list)
    plans: list[tuple] = field(default_factory=list)
    outcomes: list[tuple] = field(default_factory=list)
    provision: list[tuple] = field(default_factory=list)


def plain_ascii(text: str) -> str:
    """'Łukasz Dvořák' -> 'lukasz.dvorak', for invented e-mail addresses."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    text = text.replace("ı", "i")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower().replace(" ", ".") if ch.isalnum() or ch in ".-")
