"""Comparison with other children, instead of the child's own progress."""

from __future__ import annotations

import re

from sendlib.timeline.language.findings import COMPARISON, COMPARISON_WHY, Finding, finding
from sendlib.timeline.language.sentences import word_before, word_set

_OTHERS = (
    r"(?:(?:most|many|all|some)\s+(?:of\s+)?)?(?:the\s+|his\s+|her\s+|their\s+)?"
    r"(?:other\s+|same[- ]age\s+|typical(?:ly\s+developing)?\s+|normal\s+)?"
    r"(?:children|pupils|students|kids|peers|classmates|others|boys|girls)"
    r"(?:\s+(?:of\s+)?(?:his|her|their)\s+age|\s+in\s+(?:the|his|her|their)\s+"
    r"(?:class|group|year(?:\s+group)?|set))?"
    r"|the\s+rest(?:\s+of\s+(?:the|his|her|their)\s+(?:class|group|year(?:\s+group)?|set))?"
    r"|(?:(?:most|many|all|some)\s+of\s+)?(?:the|his|her|their)\s+(?:class|year\s+group|group|set)"
    r"|(?:his|her|their)\s+(?:(?:older|younger|big|little|twin)\s+)?"
    r"(?:brothers?|sisters?|siblings?|twin)"
)
# "the other children" alone is often just who the child plays with, so a comparison needs a
# word that compares. "as well as" is left out: it usually means "and also".
_COMPARING = (
    r"than|compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|unlike|behind|ahead\s+of|"
    r"below|as\s+(?!well\b)[a-z]+\s+as|keep(?:s|ing)?\s+up\s+with|kept\s+up\s+with|"
    r"catch(?:es|ing)?\s+up\s+with|caught\s+up\s+with|in\s+line\s+with|not\s+like"
)
_COMPARISON = re.compile(rf"(?i)\b(?:{_COMPARING})\s+(?:{_OTHERS})\b")
# Comparisons in their own right: "most children his age", "normal children", and what
# others can already do ("most of his class can already…", "the other children are able to…").
_ALREADY = r"(?=\s+(?:can|could|already|are\s+(?:already|able|now)|have\s+already)\b)"
_COMPARISON_ALONE = re.compile(
    r"(?i)\b(?:(?:most|other|many)\s+)?(?:children|pupils|kids)\s+(?:of\s+)?(?:his|her|their)\s+"
    r"age\b|\b(?:normal|typical)\s+(?:children|pupils|kids|boys|girls)\b"
    r"|\b(?:most|all|many|the\s+rest)\s+of\s+(?:the|his|her|their)\s+(?:class|group|year\s+group|"
    rf"peers|classmates){_ALREADY}"
    r"|\b(?:the\s+)?other\s+(?:children|pupils|kids)(?:\s+in\s+(?:the|his|her|their)\s+class)?"
    rf"{_ALREADY}"
)
# "sits behind the other children": a place in the room, not a comparison.
_PLACED = word_set(
    """sit sits sat sitting stand stands stood standing walk walks walked walking line lines
    lined lining queue queues queued queuing hide hides hid hiding wait waits waited waiting
    stay stays stayed staying run runs ran running follow follows followed seated placed put
    left"""
)
_OWN_PROGRESS = (
    "describe the child's own progress from their starting point, e.g. 'now reads 20 words "
    "on sight, up from 5 in September'"
)


def find(text: str) -> list[Finding]:
    findings = []
    for match in _COMPARISON.finditer(text):
        first = match.group().split()[0].lower()
        if first in ("behind", "ahead", "below") and word_before(text, match.start()) in _PLACED:
            continue
        findings.append(finding(text, *match.span(), COMPARISON, COMPARISON_WHY, _OWN_PROGRESS))
    for match in _COMPARISON_ALONE.finditer(text):
        if not any(f.start < match.end() and match.start() < f.end for f in findings):
            findings.append(finding(text, *match.span(), COMPARISON, COMPARISON_WHY, _OWN_PROGRESS))
    return findings
