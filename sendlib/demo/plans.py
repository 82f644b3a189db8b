"""Outside agencies, EHC plans and Assess-Plan-Do-Review cycles for the demo school. Part of the
generator in sendlib.demo.school (a mixin of its builder, sharing its random.Random so that the
same seed gives the same plans).
"""

from __future__ import annotations

from datetime import date, timedelta

from sendlib.demo import names as words
from sendlib.demo.base import (
    _AGENCY_STATUSES,
    _RATINGS,
    AGENCY_BY_AREA,
    AGENCY_FIELDS,
    AGENCY_NEXT_STEPS,
    CASEWORKER_PHONE,
    DEMO_LOCAL_AUTHORITY,
    LANDLINE,
    REFERRAL_AGE,
    REPORT_CHANCE,
    SPECIALIST_KIND,
    TEXT_AREA,
    DraftPupil,
    _between,
    _weekday,
    _Weighted,
    plain_ascii,
    term_start,
)


class PlansMixin:
    """The builder's agencies, EHC plans and APDR cycles (see sendlib.demo.school._Builder)."""

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
            status = "seen"
        referred = last = None
        if status != "considering":
            low, high = REFERRAL_AGE[status]
            earliest = max(pupil.dob + timedelta(days=730), pupil.entry - timedelta(days=365))
            referred = pupil.as_of - timedelta(days=rng.randint(low, high))
            referred = _weekday(min(pupil.as_of, max(earliest, referred)))
            since = (pupil.as_of - referred).days
            last = _weekday(referred + timedelta(days=rng.randint(0, since)))
            last = min(pupil.as_of, max(referred, last))
        title, role = words.AGENCY_ROLES[service]
        agency = {
            "service": service,
            "status": status,
            "referral_date": referred,
            "last_contact": last,
            "team": words.AGENCY_TEAMS[service],
            "next_step": rng.choice(AGENCY_NEXT_STEPS[status])
            if status in AGENCY_NEXT_STEPS
            else None,
            "report_received": rng.random() < REPORT_CHANCE.get(status, 0),
        }
        if status not in ("considering", "referred", "waiting") or rng.random() < 0.3:
            woman = rng.random() < {"Ms": 0.85, "Dr": 0.6, "Mr": 0.35}[title]
            forename, surname = self._person(woman)
            if title != "Dr":
                title = self._title(woman)
            practitioner = f"{title} {forename} {surname}"
            if service == "Specialist teacher" and pupil.area in SPECIALIST_KIND:
                practitioner += f" ({SPECIALIST_KIND[pupil.area]})"
            agency["practitioner"] = practitioner
            agency["email"] = f"{plain_ascii(forename)}.{plain_ascii(surname)}@example.org".lower()
        if "practitioner" not in agency or rng.random() < 0.5:
            agency["phone"] = LANDLINE.format(rng.randrange(1000))
        return (pupil.local, *(agency.get(name) for name in AGENCY_FIELDS))

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
        email = f"{plain_ascii(forename)}.{plain_ascii(surname)}@example.org".lower()
        phone = CASEWORKER_PHONE.format(rng.randrange(1000))
        self.rows.ehc_plans.append(
            (pupil.local, issued, f"{forename} {surname}", last_review, next_review,
             DEMO_LOCAL_AUTHORITY, phone, email)
        )  # fmt: skip

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
            review = max(review, begin + timedelta(weeks=1))
            cycles.append((begin, review, max(begin, reviewed)))
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
        # Agreed with the first of the family drafted just before (form of address, relation).
        family = [c for c in self.rows.contacts[-3:] if c[0] == pupil.local]
        agreed_with = f"{family[0][4]} ({family[0][2]})" if family else "the parents"
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
                None if agreed is None else agreed_with,
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
