"""Deficit language: labels that describe the child, or the parent, as the problem."""

from __future__ import annotations

import re

from sendlib.timeline.language.findings import (
    DEFICIT,
    DEFICIT_WHY,
    PARENT_LABEL_WHY,
    Finding,
    finding,
)
from sendlib.timeline.language.sentences import pupil_is_subject

_ANY, _PUPIL, _PUPIL_OR_NOTE = "any", "pupil", "pupil or note"
_DESCRIBE = "describe what happened and what helps, e.g. 'found it hard to stay in class when…'"
_HARD_TO = "finds it hard to… / is not yet ready to…"
_ON_TASK = "finds it hard to stay on task when…"


def _rule(
    pattern: str, suggestion: str, subject: str = _ANY, why: str = DEFICIT_WHY
) -> tuple[re.Pattern[str], str, str, str]:
    """A deficit rule; subject says whose words must come before (see pupil_is_subject)."""
    return re.compile(pattern, re.IGNORECASE), suggestion, why, subject


# A group named "hit" narrows the span to the word itself ("his reading is weak").
_DEFICIT_RULES = [
    _rule(r"\brefus(?:es|ed|ing|e|al)\b", _HARD_TO, _PUPIL_OR_NOTE),
    _rule(
        r"\b(?:can['’]t|cannot)\b(?!\s+(?:wait|believe|thank|help|get\s+enough|attend|make|be|"
        r"join|have|eat|drink|take\s+part|stop\s+(?:smiling|laughing|talking))\b)",
        "is not yet able to… / finds it hard to…",
        _PUPIL,
    ),
    _rule(
        r"\b(?:won['’]t|will\s+not)\b(?!\s+(?:be|have|need|mind|forget|miss|want|know|hear|"
        r"attend|make|join)\b)",
        _HARD_TO,
        _PUPIL,
    ),
    _rule(r"\bsuffer(?:s|ed|ing)?\s+(?:from|with)\b", "has… (e.g. 'has a diagnosis of…')"),
    _rule(
        r"\bschool\s+refus(?:al|er|ers|ing)\b",
        "finds it hard to come to school (emotionally based school avoidance)",
    ),
    _rule(r"\b(?:work|task)\s+refus(?:al|er|ing)\b", "finds it hard to start work when…"),
    _rule(r"\bnaught(?:y|iness)\b", _DESCRIBE),
    _rule(r"\blaz(?:y|iness)\b", "finds it hard to get started; what helps them begin?"),
    _rule(
        r"\b(?:difficult|problem)\s+(?:child|children|boy|girl|pupil|student|kid)\b",
        "a child who finds… hard",
    ),
    _rule(
        r"\b(?:bad|poor)\s+behaviou?r\b|\bbehaviou?r(?:al)?\s+(?:problems?|issues?)\b", _DESCRIBE
    ),
    _rule(r"\battention[- ]seek(?:ing|ers?)\b", "seeking connection; what need might it meet?"),
    _rule(
        r"\bdefian(?:t|ce)\b|\bnon[- ]?complian(?:t|ce)\b",
        "finds it hard to follow an adult's request when…",
    ),
    _rule(
        r"\b(?:low(?:er)?[- ]ability|less[- ]able)\b",
        "is working towards… (say what they can do now and what comes next)",
    ),
    _rule(
        r"\bweak(?:er|est)?(?=\s+(?:reader|writer|speller|pupil|student|child|learner|at|in)\b)"
        r"|\b(?:reading|writing|spelling|maths|phonics|handwriting|numeracy|literacy|English|"
        r"skills)\s+(?:is|are|was|were|remains?)\s+(?:(?:very|quite|still|rather)\s+)?"
        r"(?P<hit>weak)\b",
        "is still developing… (say what they can do now)",
    ),
    _rule(
        r"\baggress(?:ive|ively|ion)\b|\bviolent\b", "describe what happened, e.g. 'hits out when…'"
    ),
    _rule(r"\bmanipulative\b", "may be trying to get a need met; what might it be?"),
    _rule(r"\bslow\s+learner\b", "needs more time and practice to learn…"),
    _rule(r"\bwheelchair[- ]bound\b|\bconfined\s+to\s+a\s+wheelchair\b", "uses a wheelchair"),
    _rule(r"\btantrums?\b", "became very distressed (describe what came before)"),
    # "disruptive behaviour", or "he was disruptive"; not "the building work was disruptive"
    _rule(r"\bdisruptive(?=\s+(?:behaviou?r|pupil|child|boy|girl|student|influence)\b)", _ON_TASK),
    _rule(r"\bdisruptive\b", _ON_TASK, _PUPIL),
    _rule(r"\bpushy\b", "strongly advocating for their child", why=PARENT_LABEL_WHY),
    _rule(r"\bin\s+denial\b", "may see things differently", why=PARENT_LABEL_WHY),
    _rule(
        r"\bdifficult\s+(?:parents?|mother|father|famil(?:y|ies)|carers?)\b",
        "parents who see things differently from us",
        why=PARENT_LABEL_WHY,
    ),
    _rule(
        r"\bhard[- ]to[- ]reach\s+(?:parents?|famil(?:y|ies)|carers?)\b",
        "parents we have not yet found the best way to reach",
        why=PARENT_LABEL_WHY,
    ),
]


def find(text: str) -> list[Finding]:
    findings = []
    for pattern, suggestion, why, subject in _DEFICIT_RULES:
        for match in pattern.finditer(text):
            start, end = match.span("hit") if match.groupdict().get("hit") else match.span()
            if subject != _ANY and not pupil_is_subject(
                text, start, sentence_start_counts=subject == _PUPIL_OR_NOTE
            ):
                continue
            findings.append(finding(text, start, end, DEFICIT, why, suggestion))
    return findings
