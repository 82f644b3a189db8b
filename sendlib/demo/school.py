"""The generator behind sendlib.demo: a fictional school's rows, worked out from a seed.

Pure Python, no database: `generate` returns every row (pupils, SEN status history, needs, EHC
plans, parents and carers, agencies, APDR plans with outcomes and provision) in insertion order,
with pupils and plans numbered locally; sendlib.demo gives them real ids and inserts them. One
random.Random(seed) drives everything, so the same seed and `today` give the same school.

This module makes the pupils, the register and its history; the pupils' profiles come from
sendlib.demo.profiles, parents and carers from sendlib.demo.family, agencies, EHC plans and APDR
cycles from sendlib.demo.plans (mixins of the one builder), on what sendlib.demo.base defines. The
communication timeline and promise ledger are made afterwards by sendlib.demo.timeline.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from stdnum.gb import upn as upn_rules

from sendlib.demo import names as words
from sendlib.demo.base import (
    _HERITAGES,
    _LANGUAGES,
    _NEEDS,
    _SECOND_NEEDS,
    MONITORING_SHARE,
    OTHER_LAS,
    STAFF_ROLES,
    TEXT_AREA,
    YEAR_FACTOR,
    Campus,
    DraftPupil,
    SchoolRows,
    SchoolSize,
    _between,
    _end_of_summer_term,
    _next_weekday,
    _weekday,
)
from sendlib.demo.family import FamilyMixin
from sendlib.demo.plans import PlansMixin
from sendlib.demo.profiles import ProfileMixin
from sendlib.school import year as school_year


class _Builder(FamilyMixin, PlansMixin, ProfileMixin):
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
        start = school_year.academic_year_start(as_of)
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
        first, last = school_year.birth_range(year, as_of)
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
        first, last = school_year.birth_range(pupil.year + 1, pupil.as_of)
        pupil.dob = _between(self.rng, max(first, date(last.year, 4, 1)), last)
        pupil.texts["history_extra"] = (
            "Summer-born; started Reception a year late and is taught out of {his} chronological "
            "year group."
        )

    def leavers(self) -> list[DraftPupil]:
        rng, size = self.rng, self.size
        rate = size.register / size.pupils
        start = school_year.academic_year_start(self.today)
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
