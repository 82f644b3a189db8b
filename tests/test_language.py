"""The wording checker: what it flags in text to parents, what it leaves alone, and how fast."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sendlib.timeline import language
from sendlib.timeline.language import ACRONYM, ACRONYMS, ADDRESS, DEFICIT, INFORMS, KINDS, check
from tests.language_corpus import CORPUS, KNOWN_LIMITS, corpus_scores, found


def _corpus_cases():
    for sentence, expected in CORPUS:
        marks = []
        if sentence in KNOWN_LIMITS:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_LIMITS[sentence])]
        yield pytest.param(sentence, expected, id=sentence[:60], marks=marks)


@pytest.mark.parametrize(("sentence", "expected"), _corpus_cases())
def test_corpus_sentence(sentence, expected):
    assert sorted(found(sentence)) == sorted(expected)


def test_corpus_is_big_enough_and_has_neutral_traps():
    assert len(CORPUS) >= 70
    assert sum(1 for _, expected in CORPUS if not expected) >= 25
    assert all(kind in KINDS for _, expected in CORPUS for kind, _ in expected)


def test_corpus_precision_and_recall():
    precision, recall, sentences = corpus_scores()
    print(
        f"\nlanguage corpus: precision {precision:.2f}, recall {recall:.2f} "
        f"over {sentences} sentences"
    )
    assert precision >= 0.95
    assert recall >= 0.95


def test_spans_point_at_the_words_and_findings_come_in_order():
    text = " ".join(sentence for sentence, _ in CORPUS)
    findings = check(text)
    assert len(findings) > 100
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.kind in KINDS
        assert finding.why.endswith(".")
        assert finding.suggestion
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_finding_is_frozen():
    finding = check("Dear Mum,")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.text = "Ms Khan"  # type: ignore[misc]


def test_mum_is_replaced_by_the_recorded_form_of_address():
    findings = check("Dear Mum, Dad said he would come.", form_of_address="Ms Khan")
    assert [(f.text, f.suggestion) for f in findings] == [("Mum", "Ms Khan"), ("Dad", "Ms Khan")]
    assert findings[0].why == "Parents ask to be called by their name: 'Don't call me Mum'."


def test_without_a_form_of_address_the_suggestion_asks_for_the_name():
    assert check("Hi mum")[0].suggestion == "the parent's name, e.g. Ms Khan"


def test_informing_suggests_inviting_a_view():
    finding = check("We are going to move him to the nurture group.")[0]
    assert (finding.kind, finding.text) == (INFORMS, "We are going to")
    assert finding.suggestion == "we plan to…, and would like your views on…"
    assert "(6.7)" in finding.why


def test_an_instruction_suggests_a_question():
    assert check("You must sign the form.")[0].suggestion == (
        "could you…? or: it would help if you could…"
    )


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Mrs Begum is pushy.", "strongly advocating for their child"),
        ("Dad is in denial.", "may see things differently"),
        ("He suffers from asthma.", "has… (e.g. 'has a diagnosis of…')"),
        ("Tom refuses to write.", "finds it hard to… / is not yet ready to…"),
        ("He can't read yet.", "is not yet able to… / finds it hard to…"),
    ],
)
def test_deficit_words_come_with_a_description_instead(text, suggestion):
    assert [f.suggestion for f in check(text) if f.kind == DEFICIT] == [suggestion]


def test_an_acronym_is_flagged_on_first_use_only():
    text = "The SALT report is attached. The SALT visits on Tuesdays, and the SALT will call."
    findings = check(text)
    assert [(f.kind, f.text, f.start) for f in findings] == [(ACRONYM, "SALT", 4)]
    assert findings[0].suggestion == (
        "the words in full on first use, e.g. speech and language therapy (SALT)"
    )
    assert findings[0].why == "A parent may not know what the letters stand for."


def test_senco_in_either_spelling_is_one_acronym():
    assert found("The SENCo will ring; the SENCO's notes follow.") == [(ACRONYM, "SENCo")]


def test_a_plural_acronym_counts_as_a_use():
    assert found("The TAs will meet you.") == [(ACRONYM, "TA")]


@pytest.mark.parametrize("acronym", sorted(ACRONYMS))
def test_every_acronym_is_explained_by_its_words_before_or_after_it(acronym):
    words = ACRONYMS[acronym]
    for text in (
        f"We discussed the {words} ({acronym}); the {acronym} was helpful.",
        f"We discussed the {acronym} ({words}).",
        f"We discussed the {words.title()} ({acronym}).",
        f"We discussed the {words}. Later the {acronym} came up.",
    ):
        assert not [f for f in check(text) if f.kind == ACRONYM], text


@pytest.mark.parametrize(
    "text", ["It is not here.", "Step by step.", "We sang la la la.", "the ep and ot and pd"]
)
def test_acronyms_are_case_sensitive_whole_words(text):
    assert check(text) == []


def test_a_bracket_that_does_not_explain_leaves_the_acronym_flagged():
    assert found("The LA (Bristol) has replied.") == [(ACRONYM, "LA")]
    assert found("Mr Dean (SENDCo) will chair.") == [(ACRONYM, "SENDCo")]


@pytest.mark.parametrize(
    "text", ["Mumbai", "mummified", "Mr Dadd", "the dado rail", "Damascus", "Mum-to-be"]
)
def test_words_containing_mum_or_dad_are_not_forms_of_address(text):
    assert check(text) == []


def test_a_longer_message_finds_each_kind():
    text = (
        "Dear Mum,\n\nWe are going to move Ayaan to the nurture group after half-term. "
        "He refuses to join in at carpet time and is behind the other children in phonics. "
        "The EHCP review is on 12 March. Mrs Jones (SENCo)"
    )
    assert found(text) == [
        (ADDRESS, "Mum"),
        (INFORMS, "We are going to"),
        (DEFICIT, "refuses"),
        ("comparison with other children", "behind the other children"),
        (ACRONYM, "EHCP"),
        (ACRONYM, "SENCo"),
    ]


def test_empty_text_has_no_findings():
    assert check("") == []


def _message_of(length: int) -> str:
    text = " ".join(sentence for sentence, _ in CORPUS)
    return text[:length]


def test_a_2000_character_message_is_checked_whole():
    # Its speed is measured by the benchmark (python -m bench), not here.
    message = _message_of(2000)
    assert len(message) == 2000
    findings = check(message, form_of_address="Ms Khan")
    assert findings and all(f.text in message for f in findings)


def test_the_checker_uses_nothing_but_the_standard_library():
    imports = set()
    for module in Path(language.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        imports |= {
            line.split()[1] for line in source.splitlines() if line.startswith(("import", "from"))
        }
    # It needs no database, no Streamlit and no other package: only its own modules.
    assert {"re", "sendlib.timeline.language.findings"} <= imports
    assert {i for i in imports if not i.startswith("sendlib.timeline.language")} <= {
        "__future__",
        "re",
        "dataclasses",
    }
