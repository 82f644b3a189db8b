"""The demo pupils' profiles: strengths, what helps, triggers and what to avoid, reasonable
adjustments, relevant history and, now and then, restricted notes, in words that fit each
pupil's area of need and phase. Part of the generator in sendlib.demo.school (a mixin of its
builder, sharing its random.Random so that the same seed gives the same profiles).
"""

from __future__ import annotations

from collections.abc import Sequence

from sendlib.demo import names as words
from sendlib.demo.base import TEXT_AREA, DraftPupil


class ProfileMixin:
    """The builder's pupil profiles (see sendlib.demo.school._Builder)."""

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
