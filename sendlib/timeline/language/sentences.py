"""Reading a sentence the way the wording rules need: its words, the word before a place, and
whether a pupil is the one doing what follows."""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SENTENCE_END = re.compile(r"[.!?\n]")
TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z]+)*|[.!?;:()\[\]\n\u2022\"“”]")
NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
POSSESSIVE_END = re.compile(r"['’]s$")
LAST_WORD = re.compile(r"([A-Za-z]+(?:['’][a-z]*)?)[\s,\"“”(]*$")
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"})
PUPIL_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their"})
PUPIL_NOUNS = frozenset({"boy", "girl", "child", "pupil", "student", "learner", "son", "daughter"})
# "If he won't eat his lunch…" imagines what might happen; it does not describe the child.
HYPOTHETICAL = frozenset({"if", "unless", "whether"})
# Words that may stand between a pupil and what they do: "he is still refusing", "she has been".
LINKING_WORDS = word_set(
    """is was are were be been being has have had can could may might will would does did do
    keeps kept continues continued tends tended starts started begins began to still just often
    sometimes usually always really simply currently now also generally frequently regularly
    occasionally repeatedly continually constantly completely totally flatly very quite rather
    increasingly again then normally"""
)
# Capitalised words that start sentences but are not pupils' names.
NOT_PUPILS = word_set(
    """I We You It This That These Those There Here What Which Who Why How When Where If But
    And Or So Then Also Unfortunately Sadly Sorry Please Thanks Thank Staff School Parents
    Parent Carers Carer Teachers Teacher Everyone Everybody Someone Somebody Anyone Nobody
    People Children Pupils Mum Dad Mummy Daddy Mother Father Sir Miss Today Tomorrow Yesterday
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December The A An Our Your My All Both Some
    Many Most Each Office Transport"""
)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], with its closing mark (which may be '?')."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    closing = SENTENCE_END.search(text, end)
    return text[left : closing.end() if closing else len(text)]


def word_before(text: str, start: int) -> str:
    """The word just before position start in the same sentence, lower-cased, or ''."""
    match = LAST_WORD.search(text, max(0, start - 40), start)
    return match.group(1).lower() if match else ""


def pupil_is_subject(text: str, start: int, sentence_start_counts: bool = False) -> bool:
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
    tokens = TOKEN.findall(text, window_start, start)
    skipped = 0
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index]
        if not word[0].isalnum():
            return sentence_start_counts
        bare = POSSESSIVE_END.sub("", word)
        if bare.lower() in LINKING_WORDS:
            skipped += 1
            if skipped > 4:
                return False
            continue
        if bare.lower() == "who":
            continue
        before = tokens[index - 1] if index else ""
        if bare.lower() in PUPIL_PRONOUNS or bare.lower() in PUPIL_NOUNS:
            return before.lower() not in HYPOTHETICAL
        if NAME.fullmatch(bare) and bare not in NOT_PUPILS:
            if before == "." and index > 1:
                before = tokens[index - 2]
            return before not in TITLES and before.lower() not in HYPOTHETICAL
        return False
    return sentence_start_counts and window_start == 0
