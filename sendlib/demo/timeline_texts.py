"""What the demo school's communications say: subjects, summaries, the parent's own words, and who
came to each meeting, from the pools in sendlib.demo.timeline_words.

Called by sendlib.demo.timeline with its communications (numpy columns) and the builder that
knows who is who. A topic is chosen for each message by its direction, the pupil's stage of
school (or the agency's service) and SEN status at the time, so that a Year 7 is not asked about
mock exams and an LA caseworker does not model strategies in class; the texts are then filled in
for all rows at once (sendlib.demo.tools.Templates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sendlib.demo import names
from sendlib.demo import timeline_words as words
from sendlib.demo.tools import (
    AGENCY,
    ANNUAL,
    APDR,
    DIRECTIONS,
    EVENING,
    FROM,
    IN_PERSON,
    KINDS,
    OTHER,
    PHONE,
    STATUSES,
    SURGERY,
    TO,
    WITHIN,
    Pools,
    Templates,
    capitalised,
)

if TYPE_CHECKING:
    from sendlib.demo.timeline import TimelineBuilder


class _TimelineTexts:
    """The pools of sendlib.demo.timeline_words, numbered once at import."""

    def __init__(self) -> None:
        self.templates = Templates()
        self.services = list(words.SERVICE_LABELS)
        topics: list[words.Topic] = []
        self.pools: dict[tuple[int, int, int], np.ndarray] = {}
        self.fallback = np.zeros(len(DIRECTIONS), dtype=np.int64)
        for way, pool in (
            (FROM, words.FROM_PARENT),
            (TO, words.TO_PARENT),
            (AGENCY, words.WITH_AGENCY),
            (WITHIN, words.WITHIN_SCHOOL),
        ):
            first = len(topics)
            topics += pool
            self.fallback[way] = first
            for which in range(len(self.services)) if way == AGENCY else (0, 1, 2):
                for status_number, status in enumerate(STATUSES):
                    self.pools[(way, which, status_number)] = np.array(
                        [
                            first + i
                            for i, t in enumerate(pool)
                            if self._suits(t, way, which, status)
                        ]
                    )
        self.allowed = np.array(
            [
                [not t.services or s in t.services for s in self.services]
                + ["{service}" not in t.subject]
                for t in topics
            ]
        )
        self.subjects = self.templates.add_all([t.subject for t in topics])
        self.summaries = Pools(self.templates, [t.summaries for t in topics])
        self.views = Pools(self.templates, [t.views for t in topics])
        self.words = Pools(self.templates, [words.PARENT_WORDS])
        plan_views = tuple(v for pool in names.PARENT_VIEWS.values() for v in pool)
        self.meeting_words = Pools(self.templates, [words.PARENT_WORDS + plan_views])
        self.meeting_subjects = self.templates.add_all(words.MEETING_SUBJECTS[k] for k in KINDS)
        self.meeting_summaries = Pools(self.templates, [words.MEETING_SUMMARIES[k] for k in KINDS])

    def _suits(self, topic: words.Topic, way: int, which: int, status: str) -> bool:
        if topic.statuses and status not in topic.statuses:
            return False
        if way == AGENCY:
            return not topic.services or self.services[which] in topic.services
        return (
            topic.phase == "any"
            or which in {"primary": (0,), "secondary": (1, 2), "upper": (2,)}[topic.phase]
        )

    def service_number(self, services: list[str]) -> np.ndarray:
        """Each agency's service as a column of `allowed`, and a last one for no agency."""
        return np.array([self.services.index(s) for s in services] + [len(self.services)])


_TEXTS = _TimelineTexts()


def texts(b: TimelineBuilder, c: dict) -> None:
    """Subjects, summaries, the parent's words, and who was at each meeting."""
    rng, cal, n = b.rng, b.cal, len(c["pupil"])
    pupil, kind, direction, agency = c["pupil"], c["kind"], c["direction"], c["any_agency"]
    meeting, kinds = kind >= 0, np.maximum(kind, 0)
    service = _TEXTS.service_number(b.a_service)[agency]  # the last for none
    # Topics by direction, phase (or the agency's service) and the status at the time.
    topic = np.zeros(n, dtype=np.int64)
    c["stage"] = b.stage(pupil, c["day"])
    by = np.where(direction == AGENCY, service, c["stage"])
    for (way, which, status), pool in _TEXTS.pools.items():
        chosen = (direction == way) & (by == which) & (c["status"] == status)
        topic[chosen] = pool[(rng.random(int(chosen.sum())) * len(pool)).astype(np.int64)]
    lacking = ~_TEXTS.allowed[topic, service]  # about an agency the pupil does not have
    topic[lacking] = _TEXTS.fallback[direction[lacking]]
    choice = rng.integers(0, 1 << 30, n)
    subject = np.where(meeting, _TEXTS.meeting_subjects[kinds], _TEXTS.subjects[topic])
    summary = np.where(
        meeting,
        _TEXTS.meeting_summaries.choose(kinds, choice),
        _TEXTS.summaries.choose(topic, choice),
    )
    # The parent's own words: the topic's, else general ones heard on a call or face to face.
    quote = _TEXTS.views.choose(topic, choice >> 8)
    spoken = np.isin(c["channel"], [PHONE, IN_PERSON]) & (quote < 0)
    quote[spoken] = _TEXTS.words.choose(np.zeros(n, dtype=np.int64), choice >> 8)[spoken]
    heard = _TEXTS.meeting_words.choose(np.zeros(n, dtype=np.int64), choice >> 8)
    quote = np.where(meeting, heard, quote)
    chance = np.select([meeting, direction == FROM, direction == TO], [0.7, 0.55, 0.35], 0)
    given = c["views"].astype(bool)  # the plan's parent views, heard at its review
    quote[(rng.random(n) >= chance) | given] = -1
    fields = {key: values[pupil] for key, values in b.words.items()}
    fields["parent"] = np.array(b.c_address + ["the family"], dtype=object)[c["contact"]]
    fields["term"] = np.array([t.name for t in cal.terms], dtype=object)[
        cal.term_of_day[np.minimum(cal.index(c["day"]), len(cal.days) - 1)]
    ]
    services = [words.SERVICE_PHRASES[s] for s in b.a_service] + ["the class team"]
    fields["service"] = np.array(services, dtype=object)[agency]
    fields["^service"] = capitalised(fields["service"])
    labels = [words.SERVICE_LABELS[s] for s in b.a_service] + [""]
    headings = {**fields, "service": np.array(labels, dtype=object)[agency]}
    headings["^service"] = capitalised(headings["service"])
    c["subject"] = _TEXTS.templates.fill(subject, headings)
    c["summary"] = _TEXTS.templates.fill(summary, fields)
    c["parent_views"] = np.where(given, c["views"], _TEXTS.templates.fill(quote, fields))
    attendees = np.full(n, None, dtype=object)
    for i in np.flatnonzero(meeting):
        involved = b.a_service[agency[i]] if agency[i] >= 0 else None
        attendees[i] = _attendees(b, pupil[i], c["contact"][i], kind[i], c["led"][i], involved)
    c["attendees"] = attendees


def _attendees(b: TimelineBuilder, local: int, contact: int, kind: int, led: int, service) -> str:
    """'Ms Khan (mother), class teacher, SENCo, TA': the family first, then staff and others."""
    rr = b.loop_rng
    first = b.c_first[local]
    people = [f"{b.c_address[contact]} ({b.c_relationship[contact]})"]
    other = first + 1 if contact == first else first
    if b.c_count[local] > 1 and rr.random() < 0.3:
        people.append(f"{b.c_address[other]} ({b.c_relationship[other]})")
    teacher = "form tutor" if b.secondary[local] else "class teacher"
    caseworker = b.caseworker.get(local)
    caseworker = f"{caseworker} (LA caseworker)" if caseworker else "LA caseworker"
    staff = {
        APDR: [teacher, "SENCo"] if led != 2 else [teacher, "SENCo", "key worker"],
        SURGERY: ["SENCo"] if led != 0 else [teacher],
        ANNUAL: ["SENCo", teacher, caseworker],
        EVENING: [teacher] if led != 1 else [teacher, "SENCo"],
        OTHER: ["SENCo", teacher],
    }[kind]
    if kind in (APDR, ANNUAL) and rr.random() < 0.4:
        staff.append("TA")
    if kind in (ANNUAL, OTHER) and service and service != "LA caseworker":
        staff.append(words.SERVICE_LABELS[service])
    if b.c_interpreter[contact]:
        staff.append(f"{b.c_interpreter[contact]} interpreter")
    return ", ".join(people + staff)
