"""Informs rather than invites: telling a parent what will happen, or what to do, instead of asking."""

from __future__ import annotations

import re

from sendlib.timeline.language.findings import (
    INFORMS,
    INFORMS_WHY,
    INSTRUCTION_WHY,
    Finding,
    finding,
)
from sendlib.timeline.language.sentences import sentence, word_before, word_set

# Telling a parent that the school will be in touch, send something or ask them is a promise
# or an invitation, not a decision made without them.
_CONTACT = (
    r"ask|invite|send|share|call|ring|phone|e-?mail|write|contact|be\s+in\s+touch|get\s+in\s+"
    r"touch|keep\s+you|let\s+you|update|meet|arrange|discuss|talk|speak|listen|hear|miss|check"
    r"\s+with|look\s+forward"
)
_CONTACT_ING = (
    r"asking|inviting|sending|sharing|calling|ringing|phoning|e-?mailing|writing|contacting|"
    r"meeting|arranging|discussing|talking|speaking|listening|updating|keeping|letting|holding|"
    r"thinking|looking|missing|hoping|checking"
)
_GOING_TO = re.compile(rf"(?i)\bwe(?:\s+are|['’]re)\s+going\s+to\b(?!\s+(?:{_CONTACT})\b)")
# Only "we will be <doing>": a bare "we will" is how promises are written ("we will send the
# notes by Friday"), and a kept promise is what parents ask for.
_WILL_BE = re.compile(
    rf"(?i)\bwe(?:\s+will|['’]ll)\s+be\b(?=\s+(?!(?:{_CONTACT_ING})\b)[a-z]+ing\b)"
)
# "We decided" alone is left out: in a meeting record "we" is usually everyone in the room.
_DECIDED = re.compile(
    r"(?i)\b(?:we(?:\s+have|['’]ve)\s+decided|it(?:\s+has|\s+had|['’]s)\s+been\s+decided|"
    r"it\s+was\s+decided|(?:the\s+)?school\s+(?:has|have|had)\s+decided|"
    r"(?:a|the)\s+decision\s+has\s+been\s+made)\b"
)
_INSTRUCTION = re.compile(
    r"(?i)\byou(?:\s+will|['’]ll)?\s+(?:need|have)\s+to\b|\byou\s+(?:must|should)\b|"
    r"\byou\s+are\s+(?:required|expected)\s+to\b"
)
# The sentence asks for the parent's view, so a plan in it is a proposal, not a decision.
_INVITATION = re.compile(
    r"(?i)\?|\byour\s+(?:views?|opinions?|thoughts|ideas|comments|feedback|input|agreement)\b|"
    r"\bwhat\s+you\s+think\b|\bhow\s+you\s+feel\b|\bwith\s+you\b|\bif\s+you\s+(?:agree|are\s+"
    r"happy)\b|\bask\s+you\b|\bhear\s+from\s+you\b"
)
# A decision made with the parent is what the Code asks for. Views asked for after a decision
# do not reopen it, so these are narrower than _INVITATION.
_JOINT = re.compile(r"(?i)\btogether\b|\bjointly\b|\bwith\s+you\b|\bwith\s+(?:mr|mrs|ms|mx|dr)\b")
# "if you need", "do you need", "whatever you need", "we understand that you have to work"
_NOT_INSTRUCTING_BEFORE = word_set(
    """do does did if whatever what anything everything something all when whenever unless
    whether where how why should would could feel that case as else things thing think know
    understand appreciate realise realize which who because since"""
)
_FEELING = (
    r"so|very|really|quite|proud|pleased|delighted|relieved|tired|exhausted|worried|thrilled|"
    r"upset|anxious|concerned|frustrated|glad|happy"
)
# "you need to know", "you must be so proud", "you must have been worried"
_NOT_INSTRUCTING_AFTER = re.compile(
    rf"(?i)\s+(?:know\b|(?:be|feel|have\s+been)\s+(?:{_FEELING})\b)"
)
# "you should have received the letter": an expectation, not an instruction
_SHOULD_EXPECT = re.compile(
    r"(?i)\s+(?:have\s+received|receive|get|hear|find|now|already|be\s+able)\b"
)


_PLAN = "we plan to…, and would like your views on…"
_PROPOSE = "we are thinking of…, and would like your views before anything is decided"


def find(text: str) -> list[Finding]:
    findings = []
    plans = ((_GOING_TO, _INVITATION, _PLAN), (_WILL_BE, _INVITATION, _PLAN))
    for pattern, open_to_parent, suggestion in (*plans, (_DECIDED, _JOINT, _PROPOSE)):
        for match in pattern.finditer(text):
            if not open_to_parent.search(sentence(text, *match.span())):
                findings.append(finding(text, *match.span(), INFORMS, INFORMS_WHY, suggestion))
    for match in _INSTRUCTION.finditer(text):
        if word_before(text, match.start()) in _NOT_INSTRUCTING_BEFORE:
            continue
        if _NOT_INSTRUCTING_AFTER.match(text, match.end()):
            continue
        if match.group().lower().endswith("should"):
            if _SHOULD_EXPECT.match(text, match.end()):
                continue
            suggestion = "it might help to…; would that work for you?"
        else:
            suggestion = "could you…? or: it would help if you could…"
        findings.append(finding(text, *match.span(), INFORMS, INSTRUCTION_WHY, suggestion))
    return findings
