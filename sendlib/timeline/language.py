"""Advice on the wording of what school staff write to or about parents and carers.

`check` points out words a parent may read as being told rather than asked, called "Mum",
labelled, compared with other children or left puzzling over letters, and suggests other
words. It only advises; nothing is blocked. Every rule leans towards staying quiet when in
doubt, because a SENCo nagged by false alarms soon stops reading the advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendlib.timeline.acronyms import ACRONYMS

INFORMS = "informs rather than invites"
ADDRESS = "form of address"
DEFICIT = "deficit language"
COMPARISON = "comparison with other children"
ACRONYM = "unexplained acronym"
KINDS = (INFORMS, ADDRESS, DEFICIT, COMPARISON, ACRONYM)

INFORMS_WHY = (
    "Telling a parent what will happen leaves no room for their view; the SEND Code of "
    "Practice asks schools to involve parents in decisions (6.7)."
)
INSTRUCTION_WHY = (
    "An instruction tells a parent what to do instead of asking what would work for them; "
    "the SEND Code of Practice asks schools to involve parents (6.7)."
)
ADDRESS_WHY = "Parents ask to be called by their name: 'Don't call me Mum'."
DEFICIT_WHY = (
    "Labels describe the child as the problem; describing what they find hard keeps the "
    "focus on support."
)
PARENT_LABEL_WHY = (
    "A label for a parent reads as blame; describing what they have said keeps the "
    "partnership open."
)
COMPARISON_WHY = (
    "Comparing a child with others tells a parent little about their own child's progress."
)
ACRONYM_WHY = "A parent may not know what the letters stand for."


@dataclass(frozen=True)
class Finding:
    """One piece of advice: where it is, what was written, why it matters and what to write."""

    start: int
    end: int
    text: str
    kind: str
    why: str
    suggestion: str


# Other wordings that explain an acronym just as well as the one in ACRONYMS.
_ALSO_EXPLAINED_BY = {
    "ASD": ("autistic spectrum disorder",),
    "EP": ("educational psychology",),
    "OT": ("occupational therapist",),
    "SALT": ("speech and language therapist",),
    "SLT": ("speech and language therapy", "senior leadership team"),
}

# --- shared pieces ------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SENTENCE_END = re.compile(r"[.!?\n]")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z]+)*|[.!?;:()\[\]\n\u2022\"“”]")
_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_POSSESSIVE_END = re.compile(r"['’]s$")
_LAST_WORD = re.compile(r"([A-Za-z]+(?:['’][a-z]*)?)[\s,\"“”(]*$")
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"})
_PUPIL_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their"})
_PUPIL_NOUNS = frozenset({"boy", "girl", "child", "pupil", "student", "learner", "son", "daughter"})
# "If he won't eat his lunch…" imagines what might happen; it does not describe the child.
_HYPOTHETICAL = frozenset({"if", "unless", "whether"})
# Words that may stand between a pupil and what they do: "he is still refusing", "she has been".
_LINKING_WORDS = _word_set(
    """is was are were be been being has have had can could may might will would does did do
    keeps kept continues continued tends tended starts started begins began to still just often
    sometimes usually always really simply currently now also generally frequently regularly
    occasionally repeatedly continually constantly completely totally flatly very quite rather
    increasingly again then normally"""
)
# Capitalised words that start sentences but are not pupils' names.
_NOT_PUPILS = _word_set(
    """I We You It This That These Those There Here What Which Who Why How When Where If But
    And Or So Then Also Unfortunately Sadly Sorry Please Thanks Thank Staff School Parents
    Parent Carers Carer Teachers Teacher Everyone Everybody Someone Somebody Anyone Nobody
    People Children Pupils Mum Dad Mummy Daddy Mother Father Sir Miss Today Tomorrow Yesterday
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December The A An Our Your My All Both Some
    Many Most Each Office Transport"""
)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], with its closing mark (which may be '?')."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    closing = _SENTENCE_END.search(text, end)
    return text[left : closing.end() if closing else len(text)]


def _word_before(text: str, start: int) -> str:
    """The word just before position start in the same sentence, lower-cased, or ''."""
    match = _LAST_WORD.search(text, max(0, start - 40), start)
    return match.group(1).lower() if match else ""


def _pupil_is_subject(text: str, start: int, sentence_start_counts: bool = False) -> bool:
    """Whether the words just before start make a pupil the one doing it.

    A pupil is 'he', 'she', 'they' (or 'his', 'her', 'their' before a noun), a word such as
    'boy', 'pupil' or 'son', or a capitalised word that looks like a first name: not 'I',
    'We', 'You', a day or a month, nor a surname after a title ('Mr Okafor can't make it' is
    about a parent). Up to four linking words may stand between ('he is still refusing'), and
    'who' may link back to the pupil ('a boy who can't'). Anything else ('we can't wait', 'the
    panel refused', 'the building work was disruptive') is left alone, as is a pupil after
    'if' ('if he won't eat'). With sentence_start_counts, a clause with no subject at all
    counts too, as in a note: 'Refused to read again.'
    """
    window_start = max(0, start - 120)
    tokens = _TOKEN.findall(text, window_start, start)
    skipped = 0
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index]
        if not word[0].isalnum():
            return sentence_start_counts
        bare = _POSSESSIVE_END.sub("", word)
        if bare.lower() in _LINKING_WORDS:
            skipped += 1
            if skipped > 4:
                return False
            continue
        if bare.lower() == "who":
            continue
        before = tokens[index - 1] if index else ""
        if bare.lower() in _PUPIL_PRONOUNS or bare.lower() in _PUPIL_NOUNS:
            return before.lower() not in _HYPOTHETICAL
        if _NAME.fullmatch(bare) and bare not in _NOT_PUPILS:
            if before == "." and index > 1:
                before = tokens[index - 2]
            return before not in _TITLES and before.lower() not in _HYPOTHETICAL
        return False
    return sentence_start_counts and window_start == 0


def _finding(text: str, start: int, end: int, kind: str, why: str, suggestion: str) -> Finding:
    return Finding(start, end, text[start:end], kind, why, suggestion)


# --- informs rather than invites ----------------------------------------------------------

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
_NOT_INSTRUCTING_BEFORE = _word_set(
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


def _informs(text: str) -> list[Finding]:
    findings = []
    plans = ((_GOING_TO, _INVITATION, _PLAN), (_WILL_BE, _INVITATION, _PLAN))
    for pattern, open_to_parent, suggestion in (*plans, (_DECIDED, _JOINT, _PROPOSE)):
        for match in pattern.finditer(text):
            if not open_to_parent.search(_sentence(text, *match.span())):
                findings.append(_finding(text, *match.span(), INFORMS, INFORMS_WHY, suggestion))
    for match in _INSTRUCTION.finditer(text):
        if _word_before(text, match.start()) in _NOT_INSTRUCTING_BEFORE:
            continue
        if _NOT_INSTRUCTING_AFTER.match(text, match.end()):
            continue
        if match.group().lower().endswith("should"):
            if _SHOULD_EXPECT.match(text, match.end()):
                continue
            suggestion = "it might help to…; would that work for you?"
        else:
            suggestion = "could you…? or: it would help if you could…"
        findings.append(_finding(text, *match.span(), INFORMS, INSTRUCTION_WHY, suggestion))
    return findings


# --- form of address ----------------------------------------------------------------------

# Lower-case "mother"/"father" are ordinary nouns ("mother tongue"); capitalised they are
# used as a name ("Dear Mother"). Plurals ("mums and dads") are generic and not matched.
_ADDRESS = re.compile(
    r"(?<![\w-])(?:(?:[Ss]tep-?)?(?:[Mm]um(?:my)?|[Dd]ad(?:dy)?)|MUM|DAD|Mother|Father)(?![\w-])"
)
# "his mum", "Sam's mum", "a mum", "my dad": describing a relationship, or someone else's
# parent, not calling the parent "Mum". "the mum" is flagged: it names a parent by role.
_NOT_ADDRESSING_AFTER = _word_set(
    "my your his her their our its a an any every each another other one single"
)
# "Mother's Day", "Father Christmas", "Mummy Pig", "mother tongue", "father figure"
_NOT_A_PARENT_AFTER = re.compile(
    r"(?:['’]s|s['’])?[ \t]+(?:[A-Z][a-z]|(?:tongue|figure|nature|language|country|land)\b)"
)


def _address(text: str, form_of_address: str | None) -> list[Finding]:
    suggestion = form_of_address or "the parent's name, e.g. Ms Khan"
    findings = []
    for match in _ADDRESS.finditer(text):
        before = _word_before(text, match.start())
        if before in _NOT_ADDRESSING_AFTER or before.endswith(("'s", "’s", "'", "’")):
            continue
        if _NOT_A_PARENT_AFTER.match(text, match.end()):
            continue
        findings.append(_finding(text, *match.span(), ADDRESS, ADDRESS_WHY, suggestion))
    return findings


# --- deficit language ---------------------------------------------------------------------

_ANY, _PUPIL, _PUPIL_OR_NOTE = "any", "pupil", "pupil or note"
_DESCRIBE = "describe what happened and what helps, e.g. 'found it hard to stay in class when…'"
_HARD_TO = "finds it hard to… / is not yet ready to…"
_ON_TASK = "finds it hard to stay on task when…"


def _rule(
    pattern: str, suggestion: str, subject: str = _ANY, why: str = DEFICIT_WHY
) -> tuple[re.Pattern[str], str, str, str]:
    """A deficit rule; subject says whose words must come before (see _pupil_is_subject)."""
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


def _deficit(text: str) -> list[Finding]:
    findings = []
    for pattern, suggestion, why, subject in _DEFICIT_RULES:
        for match in pattern.finditer(text):
            start, end = match.span("hit") if match.groupdict().get("hit") else match.span()
            if subject != _ANY and not _pupil_is_subject(
                text, start, sentence_start_counts=subject == _PUPIL_OR_NOTE
            ):
                continue
            findings.append(_finding(text, start, end, DEFICIT, why, suggestion))
    return findings


# --- comparison with other children -------------------------------------------------------

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
_PLACED = _word_set(
    """sit sits sat sitting stand stands stood standing walk walks walked walking line lines
    lined lining queue queues queued queuing hide hides hid hiding wait waits waited waiting
    stay stays stayed staying run runs ran running follow follows followed seated placed put
    left"""
)
_OWN_PROGRESS = (
    "describe the child's own progress from their starting point, e.g. 'now reads 20 words "
    "on sight, up from 5 in September'"
)


def _comparison(text: str) -> list[Finding]:
    findings = []
    for match in _COMPARISON.finditer(text):
        first = match.group().split()[0].lower()
        if first in ("behind", "ahead", "below") and _word_before(text, match.start()) in _PLACED:
            continue
        findings.append(_finding(text, *match.span(), COMPARISON, COMPARISON_WHY, _OWN_PROGRESS))
    for match in _COMPARISON_ALONE.finditer(text):
        if not any(f.start < match.end() and match.start() < f.end for f in findings):
            findings.append(
                _finding(text, *match.span(), COMPARISON, COMPARISON_WHY, _OWN_PROGRESS)
            )
    return findings


# --- unexplained acronyms -----------------------------------------------------------------

# Case-sensitive and whole words, so "not", "step" and "la la" never match; a plural or
# possessive ("TAs", "the SENCo's") still counts as a use.
_ACRONYM = re.compile(
    r"(?<![A-Za-z0-9])("
    + "|".join(re.escape(a) for a in sorted(ACRONYMS, key=len, reverse=True))
    + r")(?=(?:s|['’]s)?(?![A-Za-z0-9]))"
)
_BRACKET_AFTER = re.compile(r"(?:s|['’]s)?\s*\(([^()]{1,160})\)")
_OPEN_BRACKET_BEFORE = re.compile(r"\(\s*$")
_CLOSE_BRACKET_AFTER = re.compile(r"(?:s|['’]s)?\s*\)")


def _letters_only(words: str) -> str:
    return re.sub(r"[^a-z0-9]", "", words.lower().replace("&", "and"))


def _spelled_forms(acronym: str) -> list[str]:
    """The acronym's words in full, letters only, singular and plural."""
    forms = []
    for words in (ACRONYMS[acronym], *_ALSO_EXPLAINED_BY.get(acronym, ())):
        bare = _letters_only(words)
        forms += [bare, bare + "s"] + ([bare[:-1] + "ies"] if bare.endswith("y") else [])
    return forms


def _letters(acronym: str) -> list[str]:
    return [c for c in acronym if c.isupper() or c.isdigit()]


def _initials_fit(words: list[str], acronym: str) -> bool:
    """Whether a few words begin with the acronym's first letter and hold its letters in order.

    'Education Health Care Plan' fits EHCP and 'speech & language therapy' fits SALT, so an
    explanation counts even when it is not worded exactly as in ACRONYMS. At most three words
    more than letters ('English as an additional language'), so a long remark cannot fit by
    chance.
    """
    letters = _letters(acronym)
    if not words or len(words) > len(letters) + 3 or words[0][0].upper() != letters[0]:
        return False
    initials = iter(word[0].upper() for word in words)
    return all(c in initials for c in letters)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text.replace("&", " and "))


def _explained(text: str, match: re.Match[str]) -> bool:
    """Whether the words in full come before the acronym, or in brackets just after it."""
    acronym = match.group(1)
    before = _letters_only(text[: match.start()])
    if any(form in before for form in _spelled_forms(acronym)):
        return True
    bracket = _BRACKET_AFTER.match(text, match.end())
    if bracket:
        inside = bracket.group(1)
        if any(form in _letters_only(inside) for form in _spelled_forms(acronym)):
            return True
        if _initials_fit(_words(inside), acronym):
            return True
    # "speech & language therapist (SALT)": the words just before the bracket fit the letters
    if _OPEN_BRACKET_BEFORE.search(text, 0, match.start()) and _CLOSE_BRACKET_AFTER.match(
        text, match.end()
    ):
        opening = text.rfind("(", 0, match.start())
        words = _words(text[max(0, opening - 200) : opening])
        shortest = len(_letters(acronym))
        return any(_initials_fit(words[-n:], acronym) for n in range(shortest, shortest + 4))
    return False


def _acronyms(text: str) -> list[Finding]:
    findings: list[Finding] = []
    if not any(c.islower() for c in text):  # all in capitals: "DEAR MUM, HI" has no acronym
        return findings
    seen = set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        meaning = ACRONYMS[acronym]
        if meaning in seen:  # only the first use needs spelling out ("SENCo" and "SENCO" alike)
            continue
        seen.add(meaning)
        if not _explained(text, match):
            findings.append(
                _finding(
                    text,
                    *match.span(1),
                    ACRONYM,
                    ACRONYM_WHY,
                    f"the words in full on first use, e.g. {meaning} ({acronym})",
                )
            )
    return findings


# --- the checker --------------------------------------------------------------------------


def check(text: str, form_of_address: str | None = None) -> list[Finding]:
    """Advice on the wording of text to or about a parent, in the order it appears.

    form_of_address is the parent's recorded form ("Ms Khan"), suggested in place of "Mum".
    """
    findings = [
        *_informs(text),
        *_address(text, form_of_address),
        *_deficit(text),
        *_comparison(text),
        *_acronyms(text),
    ]
    # Two rules of one kind may meet the same words ("disruptive"): keep the longest.
    findings.sort(key=lambda f: (f.kind, f.start, f.start - f.end))
    kept: list[Finding] = []
    for finding in findings:
        if kept and kept[-1].kind == finding.kind and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end, f.kind))
