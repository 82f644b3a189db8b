"""Parents and carers for the demo school: who they are, how to address them, how and when they
would like to be contacted. Part of the generator in sendlib.demo.school (a mixin of its
builder, sharing its random.Random so that the same seed gives the same families).
"""

from __future__ import annotations

from sendlib.demo import names as words
from sendlib.demo.base import (
    _CHANNELS,
    _FAMILIES,
    _FATHER_TITLES,
    _HERITAGES,
    _INTERPRETER_CHANNELS,
    _MOTHER_TITLES,
    MOBILE,
    DraftPupil,
    plain_ascii,
)


class FamilyMixin:
    """The builder's parents and carers (see sendlib.demo.school._Builder)."""

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
            # Reached by phone or text only with a phone number (the app asks for one).
            self._mobile() if rng.random() < 0.96 or channel in ("phone", "text") else None,
            email,
            household,
            priority,
            title,
            forename,
            surname,
            household == 1,
            email is not None,
        )

    def _mobile(self) -> str:
        number = self.phones[self.phone_turn % len(self.phones)]
        self.phone_turn += 1
        return MOBILE.format(number)
