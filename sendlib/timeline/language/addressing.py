"""Form of address: calling a parent 'Mum' or 'Dad' instead of by their name."""

from __future__ import annotations

import re

from sendlib.timeline.language.findings import ADDRESS, ADDRESS_WHY, Finding, finding
from sendlib.timeline.language.sentences import word_before, word_set

# Lower-case "mother"/"father" are ordinary nouns ("mother tongue"); capitalised they are
# used as a name ("Dear Mother"). Plurals ("mums and dads") are generic and not matched.
_ADDRESS = re.compile(
    r"(?<![\w-])(?:(?:[Ss]tep-?)?(?:[Mm]um(?:my)?|[Dd]ad(?:dy)?)|MUM|DAD|Mother|Father)(?![\w-])"
)
# "his mum", "Sam's mum", "a mum", "my dad": describing a relationship, or someone else's
# parent, not calling the parent "Mum". "the mum" is flagged: it names a parent by role.
_NOT_ADDRESSING_AFTER = word_set(
    "my your his her their our its a an any every each another other one single"
)
# "Mother's Day", "Father Christmas", "Mummy Pig", "mother tongue", "father figure"
_NOT_A_PARENT_AFTER = re.compile(
    r"(?:['’]s|s['’])?[ \t]+(?:[A-Z][a-z]|(?:tongue|figure|nature|language|country|land)\b)"
)


def find(text: str, form_of_address: str | None) -> list[Finding]:
    suggestion = form_of_address or "the parent's name, e.g. Ms Khan"
    findings = []
    for match in _ADDRESS.finditer(text):
        before = word_before(text, match.start())
        if before in _NOT_ADDRESSING_AFTER or before.endswith(("'s", "’s", "'", "’")):
            continue
        if _NOT_A_PARENT_AFTER.match(text, match.end()):
            continue
        findings.append(finding(text, *match.span(), ADDRESS, ADDRESS_WHY, suggestion))
    return findings
