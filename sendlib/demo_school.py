"""The generator behind sendlib.demo: a fictional school's rows, worked out from a seed.

Pure Python, no database: `generate` returns every row (pupils, SEN status history, needs, EHC
plans, parents and carers, agencies, APDR plans with outcomes and provision) in insertion order,
with pupils and plans numbered locally; sendlib.demo gives them real ids and inserts them. One
random.Random(seed) drives everything, so the same seed and `today` give the same school.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from stdnum.gb import upn as upn_rules

from sendlib import demo_names as words
from sendlib import schoolyear
from sendlib.contacts import CHANNELS

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
# Census need code -> the set of texts in demo_names used for it.
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
AGENCY_STATUS_MIX = {
    "referred": 10, "waiting list": 18, "assessing": 14, "involved": 40, "discharged": 18,
}
# Days before the as-of date a referral was made, by the agency's status.
REFERRAL_AGE = {
    "referred": (3, 60), "waiting list": (30, 420), "assessing": (30, 200),
    "involved": (90, 900), "discharged": (200, 1400),
}
REPORT_CHANCE = {"assessing": 0.1, "involved": 0.55, "discharged": 0.85}
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


class _Builder:
    """Generates one school from a seed; no database access."""

    def __init__(self, size: SchoolSize, seed: int, today: date):
        self.size = size
        self.rng = random.Random(seed)
        self.today = today
        self.rows = SchoolRows()
        self.serials: Counter = Counter()
        self.phones = list(range(1000))
        self.rng.shuffle(self.phones)
        self.phone_turn = 0
        self.own_schools = sorted({c.estab for c in size.campuses})
        self.feeders = self._feeder_schools()
        self.outside = [
            (self.rng.choice(OTHER_LAS), self.rng.randint(2000, 3999)) for _ in range(40)
        ]
        self.staff = self._staff()
        self.caseworkers = [self._person(self.rng.random() < 0.8) for _ in range(8)]

    # -- people --------------------------------------------------------------------------

    def _person(self, woman: bool) -> tuple[str, str]:
        forenames = words.STAFF_WOMEN if woman else words.STAFF_MEN
        surname = self.rng.choice(words.STAFF_SURNAMES)
        while not woman and surname in words.WOMEN_ONLY_SURNAMES:
            surname = self.rng.choice(words.STAFF_SURNAMES)
        return self.rng.choice(forenames), surname

    def _title(self, woman: bool) -> str:
        return self.rng.choice(("Mrs", "Ms", "Ms", "Miss")) if woman else "Mr"

    def _staff(self) -> dict[str, list[str]]:
        """Support staff by role, as provision names them: 'TA (Mrs Begum)'."""
        count = {"ta": max(4, min(40, self.size.pupils // 60))}
        surnames = list(words.STAFF_SURNAMES)
        self.rng.shuffle(surnames)  # different people have different surnames while they last
        staff, turn = {}, 0
        for role, (primary_label, secondary_label) in STAFF_ROLES.items():
            people = []
            for _ in range(count.get(role, max(2, count["ta"] // 4))):
                surname = surnames[turn % len(surnames)]
                woman = self.rng.random() < 0.85 or surname in words.WOMEN_ONLY_SURNAMES
                people.append((self._title(woman), surname))
                turn += 1
            staff[role] = [f"{primary_label} ({t} {s})" for t, s in people]
            staff[role + ":secondary"] = [f"{secondary_label} ({t} {s})" for t, s in people]
        return staff

    def _feeder_schools(self) -> list[tuple[int, int]]:
        primaries = [c.estab for c in self.size.campuses if c.first_year == 0]
        if primaries:
            local = [(self.size.la_number, e) for e in sorted(set(primaries))]
        else:
            local = [(self.size.la_number, 2000 + 37 * i) for i in range(1, 15)]
        return local

    def _upn(self, school: tuple[int, int], issued: int) -> str:
        la, estab = school
        while self.serials[(la, estab, issued)] >= 999:
            estab = 2000 + (estab + 1) % 2000  # full: the next school along issued this one
        self.serials[(la, estab, issued)] += 1
        body = f"{la:03d}{estab:04d}{issued % 100:02d}{self.serials[(la, estab, issued)]:03d}"
        return upn_rules.calc_check_digit(body) + body

    def _issuing_school(self, pupil: DraftPupil) -> tuple[int, int]:
        roll = self.rng.random()
        if pupil.arrived_in_year and roll < 0.6:
            return self.rng.choice(self.outside)
        if pupil.campus.first_year == 0 and roll < 0.95:
            return (self.size.la_number, pupil.campus.estab)
        if roll < 0.9:
            return self.rng.choice(self.feeders)
        return self.rng.choice(self.outside)

    def new_pupil(self, campus: Campus, year: int, index: int, as_of: date) -> DraftPupil:
        rng = self.rng
        heritage = _HERITAGES.pick(rng)
        gender = "M" if rng.random() < 0.5 else "F"
        forename = rng.choice(heritage.boys if gender == "M" else heritage.girls)
        family = rng.choice(heritage.surnames)
        forms = family if isinstance(family, tuple) else (family, family)
        known_as = None
        if forename in words.KNOWN_AS and rng.random() < (0.7 if forename == "Muhammad" else 0.5):
            known_as = rng.choice(words.KNOWN_AS[forename])
        start = schoolyear.academic_year_start(as_of)
        entry = _next_weekday(date(start - (year - campus.first_year), 9, 3))
        arrived = rng.random() < 0.07 and as_of - entry > timedelta(days=60)
        if arrived:
            entry = _weekday(_between(rng, entry + timedelta(days=20), as_of - timedelta(days=30)))
        pupil = DraftPupil(
            local=len(self.rows.pupils),
            heritage=heritage,
            gender=gender,
            forename=forename,
            surname=forms[0] if gender == "M" else forms[1],
            surname_forms=forms,
            known_as=known_as,
            language=_LANGUAGES[heritage.key].pick(rng),
            year=year,
            class_name=campus.class_name(year, index),
            campus=campus,
            as_of=as_of,
            entry=min(entry, as_of),
            arrived_in_year=arrived,
            looked_after=rng.random() < 0.004,
        )
        first, last = schoolyear.birth_range(year, as_of)
        pupil.dob = _between(rng, first, last)
        pupil.upn = self._upn(self._issuing_school(pupil), start - year)
        self.rows.pupils.append(pupil)
        return pupil

    # -- the roll, the register and leavers ----------------------------------------------------

    def roll(self) -> list[DraftPupil]:
        on_roll = []
        for campus in self.size.campuses:
            for year in campus.years:
                for index in range(campus.per_year):
                    on_roll.append(self.new_pupil(campus, year, index, self.today))
        return on_roll

    def status_counts(self, register: int) -> dict[str, int]:
        census = register / (1 + MONITORING_SHARE * (1 - self.size.ehc_share))
        ehc = round(census * self.size.ehc_share)
        support = round(census) - ehc
        return {"E": ehc, "K": support, "monitoring": register - ehc - support}

    def choose_register(self, on_roll: list[DraftPupil]) -> None:
        rng = self.rng
        target = round(self.size.register * rng.uniform(0.96, 1.04))

        def weight(p: DraftPupil) -> float:
            return (
                YEAR_FACTOR[p.year]
                * (1.8 if p.gender == "M" else 1.0)
                * (4 if p.looked_after else 1)
            )

        chosen = _weighted_sample(rng, on_roll, [weight(p) for p in on_roll], target)
        counts = self.status_counts(len(chosen))
        # Plans come with time: EHC plans lean to older pupils, monitoring to younger ones.
        ehc = _weighted_sample(rng, chosen, [1 + 0.08 * p.year for p in chosen], counts["E"])
        for p in ehc:
            p.status = "E"
        rest = [p for p in chosen if p.status is None]
        watch = _weighted_sample(
            rng, rest, [2.0 if p.year <= 1 else 1.0 for p in rest], counts["monitoring"]
        )
        for p in watch:
            p.status = "monitoring"
        for p in rest:
            p.status = p.status or "K"
        for p in chosen:
            if rng.random() < 0.012 and p.year < 13:
                self._out_of_year(p)

    def _out_of_year(self, pupil: DraftPupil) -> None:
        """A summer-born pupil who started school a year late: taught a year below their age."""
        first, last = schoolyear.birth_range(pupil.year + 1, pupil.as_of)
        pupil.dob = _between(self.rng, max(first, date(last.year, 4, 1)), last)
        pupil.texts["history_extra"] = (
            "Summer-born; started Reception a year late and is taught out of {his} chronological "
            "year group."
        )

    def leavers(self) -> list[DraftPupil]:
        rng, size = self.rng, self.size
        rate = size.register / size.pupils
        start = schoolyear.academic_year_start(self.today)
        gone = []
        for back in range(size.history_years + 1):
            july = _end_of_summer_term(start - back + 1)
            for campus in size.campuses:
                if back:
                    for year, share in size.exits:
                        if year in campus.years:
                            count = round(campus.per_year * share * rate * YEAR_FACTOR[year])
                            for _ in range(count):
                                gone.append(self._leaver(campus, year, july))
                first_day = _next_weekday(date(start - back, 9, 10))
                last_day = min(july - timedelta(days=7), self.today - timedelta(days=1))
                movers = round(campus.pupils * 0.015 * rate * rng.uniform(0.7, 1.3))
                for _ in range(movers if last_day > first_day else 0):
                    year = rng.choice(campus.years)
                    gone.append(
                        self._leaver(campus, year, _weekday(_between(rng, first_day, last_day)))
                    )
        return gone

    def _leaver(self, campus: Campus, year: int, left: date) -> DraftPupil:
        pupil = self.new_pupil(campus, year, self.rng.randrange(len(campus.groups)), left)
        pupil.left = left
        roll = self.rng.random()
        shares = self.status_counts(100)
        pupil.status = "E" if roll < shares["E"] / 100 else "K" if roll < 0.93 else "monitoring"
        return pupil

    # -- one pupil's SEN file -------------------------------------------------------------

    def sen_file(self, pupil: DraftPupil) -> None:
        self._needs(pupil)
        chain = self._status_chain(pupil)
        self._texts(pupil)
        self._contacts(pupil)
        if self.rng.random() < {"E": 0.9, "K": 0.45, "monitoring": 0.2}[pupil.status]:
            self._agencies(pupil)
        if pupil.status in ("K", "E"):
            first_support = next(start for status, start, *_ in chain if status in ("K", "E"))
            self._plans(pupil, first_support)
        if pupil.status == "E":
            e_start = next(start for status, start, *_ in chain if status == "E")
            self._ehc_plan(pupil, e_start, joined_with_plan=chain[0][0] == "E")

    def _needs(self, pupil: DraftPupil) -> None:
        rng = self.rng
        if pupil.status == "monitoring":
            primary = _NEEDS[(pupil.phase, "K")].pick(rng)
            while primary == "NSA":
                primary = _NEEDS[(pupil.phase, "K")].pick(rng)
            pupil.area = TEXT_AREA[primary]
            pupil.needs = (primary,) if rng.random() < 0.25 else ()
        else:
            primary = _NEEDS[(pupil.phase, pupil.status)].pick(rng)
            pupil.area = TEXT_AREA[primary]
            pupil.needs = (primary,)
        # NSA means no specialist assessment yet, so there is no second need to rank.
        wants_second = rng.random() < (0.5 if pupil.status != "monitoring" else 0.1)
        if pupil.needs and primary != "NSA" and wants_second:
            second = _SECOND_NEEDS.pick(rng)
            while second == primary:
                second = _SECOND_NEEDS.pick(rng)
            pupil.needs = (primary, second)
        for rank, code in enumerate(pupil.needs, start=1):
            self.rows.needs.append((pupil.local, rank, code))

    def _status_chain(self, pupil: DraftPupil) -> list[tuple]:
        """The pupil's status periods, oldest first; the last is open unless the pupil left."""
        rng = self.rng
        roll = rng.random()
        chain = {
            "monitoring": ["K", "monitoring"] if roll < 0.12 else ["monitoring"],
            "K": ["monitoring", "K"] if roll < 0.55 else ["K"],
            "E": (
                ["monitoring", "K", "E"] if roll < 0.35 else ["K", "E"] if roll < 0.75 else ["E"]
            ),
        }[pupil.status]
        first = pupil.entry
        last = pupil.as_of - timedelta(days=14)
        if pupil.status == "monitoring":
            first = max(first, pupil.as_of - timedelta(days=540))
        starts = self._spread(chain, first, last)
        while starts is None:
            chain = chain[1:]
            starts = self._spread(chain, first, last)
        on_entry = rng.random() < (0.45 if pupil.campus.first_year >= 7 else 0.15)
        if chain == ["E"] or (on_entry and (len(chain) == 1 or starts[1] - first > gap(chain))):
            starts[0] = first  # known when the pupil joined
        joined = "school"
        if not pupil.arrived_in_year:
            joined = {0: "nursery", 7: "primary"}.get(pupil.campus.first_year, "school")
        rows = []
        for i, (status, start) in enumerate(zip(chain, starts, strict=True)):
            end = starts[i + 1] if i + 1 < len(chain) else pupil.left
            before = chain[i - 1] if i else joined if start == pupil.entry else "first"
            reason = rng.choice(words.REASONS[(before, status)]).format(
                concern=words.CONCERNS[pupil.area]
            )
            rows.append((status, start, end, reason))
            self.rows.statuses.append((pupil.local, status, start, end, reason))
        return rows

    def _spread(self, chain: list[str], first: date, last: date) -> list[date] | None:
        """Sorted start dates for a chain of statuses, far enough apart; None if they do not fit."""
        if len(chain) == 1:
            return [_weekday(_between(self.rng, first, max(first, last)))]
        for _ in range(4):
            days = sorted(_weekday(_between(self.rng, first, last)) for _ in chain)
            if all(b - a >= gap(chain) for a, b in zip(days, days[1:], strict=False)):
                return [max(first, d) for d in days]
        return None

    def past_monitoring(self, pupil: DraftPupil) -> None:
        """A pupil off the register now, once on the monitoring list."""
        first = pupil.entry
        last = pupil.as_of - timedelta(days=120)
        if last <= first:
            return
        start = _weekday(_between(self.rng, first, last))
        end = _weekday(start + timedelta(days=self.rng.randint(50, 110)))
        area = TEXT_AREA[_NEEDS[(pupil.phase, "K")].pick(self.rng)]
        reason = self.rng.choice(words.REASONS[("closed", "monitoring")]).format(
            concern=words.CONCERNS[area]
        )
        self.rows.statuses.append((pupil.local, "monitoring", start, max(start, end), reason))

    def _fill(self, pupil: DraftPupil, text: str, **extra: str) -> str:
        return text.format(**pupil.words, **extra)

    def _some(self, pupil: DraftPupil, pool: Sequence[str], most: int) -> str:
        picked = self.rng.sample(list(pool), min(len(pool), self.rng.randint(1, most)))
        return " ".join(self._fill(pupil, text) for text in picked)

    def _texts(self, pupil: DraftPupil) -> None:
        rng, area = self.rng, pupil.area
        light = pupil.status == "monitoring"
        texts = pupil.texts
        strengths = words.STRENGTHS + (
            words.SECONDARY_STRENGTHS if pupil.phase == "secondary" else ()
        )
        texts["strengths"] = (
            self._some(pupil, strengths, 2) if rng.random() < (0.7 if light else 0.97) else None
        )
        helps = words.WHAT_HELPS[area]
        if len(pupil.needs) > 1:
            helps += words.WHAT_HELPS[TEXT_AREA[pupil.needs[1]]]
        texts["what_helps"] = (
            self._some(pupil, helps, 2) if rng.random() < (0.6 if light else 0.95) else None
        )
        texts["triggers"] = (
            self._some(pupil, words.TRIGGERS[area], 1)
            if rng.random() < (0.3 if light else 0.75)
            else None
        )
        texts["adjustments"] = (
            self._some(pupil, words.ADJUSTMENTS[area], 2)
            if rng.random() < (0.2 if light else 0.9)
            else None
        )
        texts["history"] = self._history(pupil)
        notes = None
        if pupil.looked_after:
            notes = rng.choice(words.LOOKED_AFTER_NOTES)
        elif rng.random() < 0.05:
            notes = self._fill(pupil, rng.choice(words.RESTRICTED_NOTES))
        texts["restricted_notes"] = notes

    def _history(self, pupil: DraftPupil) -> str | None:
        rng = self.rng
        found = []
        if "history_extra" in pupil.texts:
            found.append(pupil.texts.pop("history_extra"))
        elif pupil.dob.month in (6, 7, 8) and rng.random() < 0.5:
            found += words.HISTORY["summer_born"]
        if rng.random() < 0.08:
            found.append(rng.choice(words.HISTORY["premature"]))
        if rng.random() < 0.35:
            found.append(rng.choice(words.HISTORY[pupil.area]))
        if pupil.language != "English" and rng.random() < 0.4 and pupil.year >= 1:
            arrival = rng.randint(max(1, pupil.year - 5), pupil.year)
            found.append(rng.choice(words.HISTORY["eal"]).replace("{arrival}", str(arrival)))
        elif pupil.arrived_in_year and rng.random() < 0.6:
            label = "Reception" if pupil.year == 0 else f"Year {pupil.year}"
            found.append(words.HISTORY["moved_in"][0].replace("{arrival_label}", label))
        return " ".join(self._fill(pupil, text) for text in found) or None

    # -- parents and carers ---------------------------------------------------------------

    def _contacts(self, pupil: DraftPupil) -> None:
        rng = self.rng
        people = self._family(pupil)
        if len(people) < 3 and rng.random() < 0.1:
            relation = rng.choice(("grandmother", "grandfather", "aunt", "uncle"))
            people.append((relation, relation in ("grandmother", "aunt"), False, 1, None))
        for priority, (relation, woman, responsibility, household, surname) in enumerate(
            people[:3], start=1
        ):
            self.rows.contacts.append(
                self._contact(pupil, relation, woman, responsibility, household, surname, priority)
            )

    def _family(self, pupil: DraftPupil) -> list[tuple]:
        """(relationship, is a woman, parental responsibility, household, surname or None)."""
        rng = self.rng
        male, female = pupil.surname_forms
        mother_surname = female if rng.random() < 0.65 else None
        if pupil.looked_after:
            carers = [("foster carer", True, False, 1, "foster")]
            if rng.random() < 0.5:
                carers.append(("foster carer", False, False, 1, "foster"))
            return carers
        family = _FAMILIES.pick(rng)
        if family == "two parents":
            if rng.random() < 0.03:
                return [("mother", True, True, 1, mother_surname), ("mother", True, True, 1, None)]
            return [("mother", True, True, 1, mother_surname), ("father", False, True, 1, male)]
        if family == "single mother":
            people = [("mother", True, True, 1, mother_surname)]
            if rng.random() < 0.3:
                people.append(("grandmother", True, False, 1, None))
            return people
        if family == "separated":
            mum, dad = ("mother", True, True, 1, None), ("father", False, True, 2, male)
            if rng.random() < 0.2:
                mum, dad = ("mother", True, True, 2, None), ("father", False, True, 1, male)
            people = [mum, dad] if mum[3] == 1 else [dad, mum]
            if rng.random() < 0.35:
                people.append(
                    ("stepfather" if mum[3] == 1 else "stepmother", mum[3] != 1, False, 1, None)
                )
            return people
        if family == "single father":
            people = [("father", False, True, 1, male)]
            if rng.random() < 0.3:
                people.append(("grandmother", True, False, 1, female))
            return people
        people = [("grandmother", True, True, 1, female if rng.random() < 0.5 else None)]
        if rng.random() < 0.5:
            people.append(("grandfather", False, True, 1, male))
        return people

    def _contact(self, pupil, relation, woman, responsibility, household, surname, priority):
        rng = self.rng
        heritage = pupil.heritage if surname != "foster" else _HERITAGES.pick(rng)
        if surname in (None, "foster"):
            own = rng.choice(heritage.surnames)
            own = own if isinstance(own, str) else own[1 if woman else 0]
            if relation == "mother" and heritage.mothers_own and rng.random() < 0.6:
                own = rng.choice(heritage.mothers_own)
            surname = own
        forename = rng.choice(heritage.women if woman else heritage.men)
        if rng.random() < 0.01:
            title = "Mx"
        elif relation == "mother":
            title = _MOTHER_TITLES.pick(rng)
        elif woman:
            title = rng.choice(("Mrs", "Mrs", "Ms"))
        else:
            title = _FATHER_TITLES.pick(rng)
        language = "English"
        if relation in ("mother", "father", "grandmother", "grandfather"):
            home = [lang for lang, _ in heritage.languages if lang != "English"]
            if pupil.language != "English" and rng.random() < 0.85:
                language = pupil.language
            elif home and rng.random() < (0.6 if relation.startswith("grand") else 0.2):
                language = home[0]
        interpreter = language not in ("English", "Welsh") and rng.random() < 0.3
        channel = (_INTERPRETER_CHANNELS if interpreter else _CHANNELS).pick(rng)
        email = None
        if channel == "email" or rng.random() < (0.4 if interpreter else 0.8):
            domain = rng.choice(("example.org", "example.com"))
            email = f"{plain_ascii(forename)}.{plain_ascii(surname)}{rng.choice(('', '', '1', '85'))}@{domain}"
        if channel == "email" and email is None:
            channel = "phone"
        barriers = None
        if rng.random() < 0.35 and relation != "foster carer":
            barriers = rng.choice(words.BARRIERS)
        best, difficult = rng.choice(words.TIMES)
        best = best if rng.random() < 0.75 else None
        difficult = difficult if rng.random() < 0.5 else None
        if relation == "foster carer":
            best, difficult = rng.choice(words.FOSTER_TIMES), None
        return (
            pupil.local,
            f"{forename} {surname}",
            relation,
            responsibility,
            f"{title} {surname}",
            channel,
            email is not None and rng.random() < 0.25,
            best,
            difficult,
            barriers,
            language,
            interpreter,
            self._mobile() if rng.random() < 0.96 else None,
            email,
            household,
            priority,
        )

    def _mobile(self) -> str:
        number = self.phones[self.phone_turn % len(self.phones)]
        self.phone_turn += 1
        return MOBILE.format(number)

    # -- agencies, EHC plans and APDR cycles ------------------------------------------------

    def _agencies(self, pupil: DraftPupil) -> None:
        rng = self.rng
        mix = dict(AGENCY_BY_AREA[pupil.area])
        services = []
        if pupil.looked_after:
            services.append("Social care")
        if pupil.status == "E" and rng.random() < 0.3:
            services.append("LA caseworker")
        wanted = rng.randint(1, 3 if pupil.status == "E" else 2)
        while len(services) < wanted and mix:
            service = _Weighted(mix).pick(rng)
            mix.pop(service)
            if service not in services:
                services.append(service)
        for service in services:
            self.rows.agencies.append(self._agency(pupil, service))

    def _agency(self, pupil: DraftPupil, service: str) -> tuple:
        rng = self.rng
        status = _AGENCY_STATUSES.pick(rng)
        if service == "Social care" and pupil.looked_after:
            status = "involved"
        low, high = REFERRAL_AGE[status]
        earliest = max(pupil.dob + timedelta(days=730), pupil.entry - timedelta(days=365))
        referred = pupil.as_of - timedelta(days=rng.randint(low, high))
        referred = _weekday(min(pupil.as_of, max(earliest, referred)))
        title, role = words.AGENCY_ROLES[service]
        practitioner = contact = None
        if status not in ("referred", "waiting list") or rng.random() < 0.3:
            woman = rng.random() < {"Ms": 0.85, "Dr": 0.6, "Mr": 0.35}[title]
            forename, surname = self._person(woman)
            if title != "Dr":
                title = self._title(woman)
            practitioner = f"{title} {forename} {surname}"
            if service == "Specialist teacher" and pupil.area in SPECIALIST_KIND:
                practitioner += f" ({SPECIALIST_KIND[pupil.area]})"
            contact = f"{plain_ascii(forename)}.{plain_ascii(surname)}@example.org"
            if rng.random() < 0.5:
                contact += ", " + LANDLINE.format(rng.randrange(1000))
        else:
            contact = f"{words.AGENCY_TEAMS[service]}, {LANDLINE.format(rng.randrange(1000))}"
        report = rng.random() < REPORT_CHANCE.get(status, 0)
        return (pupil.local, service, practitioner, contact, referred, status, report)

    def _ehc_plan(self, pupil: DraftPupil, e_start: date, joined_with_plan: bool) -> None:
        rng = self.rng
        issued = e_start
        if joined_with_plan:
            issued = _weekday(e_start - timedelta(days=rng.randint(60, 700)))
            issued = max(issued, pupil.dob + timedelta(days=900))
        roll = rng.random()
        if roll < 0.1:  # overdue
            next_review = pupil.as_of - timedelta(days=rng.randint(3, 40))
        elif roll < 0.3:  # due in the next eight weeks
            next_review = pupil.as_of + timedelta(days=rng.randint(0, 56))
        else:
            next_review = pupil.as_of + timedelta(days=rng.randint(57, 330))
        next_review = _weekday(next_review)
        last_review = _weekday(next_review - timedelta(days=rng.randint(335, 364)))
        if last_review < issued:  # not reviewed yet: the first review is due within a year
            last_review = issued
            next_review = _weekday(issued + timedelta(days=rng.randint(300, 364)))
        forename, surname = rng.choice(self.caseworkers)
        contact = (
            f"{plain_ascii(forename)}.{plain_ascii(surname)}@example.org, "
            f"{CASEWORKER_PHONE.format(rng.randrange(1000))}"
        )
        self.rows.ehc_plans.append(
            (pupil.local, issued, f"{forename} {surname}", contact, last_review, next_review)
        )

    def _plans(self, pupil: DraftPupil, first_support: date) -> None:
        rng = self.rng
        term = term_start(pupil.as_of)
        if first_support > term:
            start = _between(rng, first_support, pupil.as_of)
        else:
            start = _between(rng, term, min(term + timedelta(days=25), pupil.as_of))
        start = max(first_support, _weekday(start))
        cycles = [(start, _weekday(start + timedelta(weeks=rng.randint(6, 12))), None)]
        for _ in range(rng.randint(1, 4)):
            review = _weekday(cycles[-1][0] - timedelta(days=rng.randint(1, 10)))
            begin = _weekday(review - timedelta(weeks=rng.randint(6, 12)))
            if begin < first_support:
                break
            reviewed = _weekday(min(cycles[-1][0], review + timedelta(days=rng.randint(-4, 6))))
            cycles.append((begin, max(review, begin), max(begin, reviewed)))
        for index, (begin, review, reviewed) in enumerate(reversed(cycles)):
            current = index == len(cycles) - 1
            if current and pupil.left:
                reviewed = max(begin, pupil.left - timedelta(days=rng.randint(0, 20)))
            self._plan(pupil, begin, review, reviewed, current)

    def _plan(self, pupil, begin, review, reviewed, current) -> None:
        rng = self.rng
        plan = len(self.rows.plans)
        pool, given = self._outcome_pool(pupil), pupil.words
        chosen = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
        ratings = [None if reviewed is None else _RATINGS.pick(rng) for _ in chosen]
        for position, (text, rating) in enumerate(zip(chosen, ratings, strict=True), start=1):
            self.rows.outcomes.append((plan, position, text.format(**given), rating))
        areas = [pupil.area] + [TEXT_AREA[code] for code in pupil.needs[1:]]
        provision = [
            item[:3]
            for area in areas
            for item in words.PROVISION[area]
            if item[3:] in ((), (pupil.phase,))
        ]
        for description, frequency, who in rng.sample(provision, min(3, rng.randint(1, 3))):
            self.rows.provision.append((plan, description, frequency, self._deliverer(pupil, who)))
        evaluation, mood = None, rng.choice(("good", "mixed", "mixed", "worried"))
        if reviewed is not None:
            mean = sum(ratings) / len(ratings)
            met = sum(rating >= 0 for rating in ratings)
            band = "good" if mean >= 0.75 else "poor" if 2 * met < len(ratings) else "mixed"
            text = (
                words.FINAL_EVALUATION
                if (pupil.left and current)
                else rng.choice(words.EVALUATIONS[band])
            )
            evaluation = (
                f"{met} of {len(ratings)} outcomes achieved as expected or better. "
                + self._fill(pupil, text)
            )
            mood = {"poor": "worried"}.get(band, band)
        parent = self._fill(pupil, rng.choice(words.PARENT_VIEWS[mood]))
        views = "symbols" if pupil.year <= 0 or pupil.needs[0] in ("SLD", "PMLD") else pupil.phase
        child = self._fill(pupil, rng.choice(words.PUPIL_VIEWS[views]))
        agreed = _weekday(begin + timedelta(days=rng.randint(0, 10)))
        if current and pupil.left is None and rng.random() < 0.15:
            agreed = None  # not yet agreed with parents
        self.rows.plans.append(
            (
                plan,
                pupil.local,
                begin,
                review,
                parent if rng.random() < 0.88 else None,
                child if rng.random() < 0.85 else None,
                None if agreed is None else max(begin, min(agreed, pupil.as_of)),
                evaluation,
                reviewed,
            )
        )

    def _outcome_pool(self, pupil: DraftPupil) -> list[str]:
        pool = []
        for code in pupil.needs:
            area = TEXT_AREA[code]
            pool += words.OUTCOMES.get((area, pupil.phase), words.OUTCOMES.get((area, "any"), ()))
        return pool or list(words.OUTCOMES[("learning", pupil.phase)])

    def _deliverer(self, pupil: DraftPupil, who: str) -> str:
        """Who delivers a kind of provision for this pupil: mostly the same adult each cycle."""
        if who == "ta" and pupil.phase == "primary" and self.rng.random() < 0.15:
            return "Class teacher"
        if who not in pupil.adults or self.rng.random() < 0.15:
            key = who if pupil.phase == "primary" else f"{who}:secondary"
            pupil.adults[who] = self.rng.choice(self.staff[key])
        return pupil.adults[who]


def gap(chain: list[str]) -> timedelta:
    """The least time between two statuses in a chain: an EHC needs assessment takes months."""
    return timedelta(days=120 if chain[-1] == "E" else 60)


def _weighted_sample(
    rng: random.Random, items: Sequence, weights: Sequence[float], count: int
) -> list:
    """`count` distinct items, each chosen with probability growing with its weight."""
    keyed = [(rng.random() ** (1 / w), i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed[:count]]


def generate(size: SchoolSize, seed: int, today: date) -> SchoolRows:
    """The whole school as rows, without touching a database."""
    builder = _Builder(size, seed, today)
    on_roll = builder.roll()
    builder.choose_register(on_roll)
    for pupil in on_roll:
        if pupil.status is None and builder.rng.random() < 0.02:
            builder.past_monitoring(pupil)
    for pupil in on_roll + builder.leavers():
        if pupil.status is not None:
            builder.sen_file(pupil)
    return builder.rows
