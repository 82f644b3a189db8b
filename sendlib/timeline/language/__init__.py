"""Advice on the wording of what school staff write to or about parents and carers.

`check` points out words a parent may read as being told rather than asked, called "Mum",
labelled, compared with other children or left puzzling over letters, and suggests other
words. It only advises; nothing is blocked. Every rule leans towards staying quiet when in
doubt, because a SENCo nagged by false alarms soon stops reading the advice.

Each kind of advice is a module of its own with a `find(text)`: informing, addressing,
deficit, comparing and acronyms (its list in acronym_list); what they share is in findings
and sentences.
"""

from __future__ import annotations

from sendlib.timeline.language import acronyms, addressing, comparing, deficit, informing
from sendlib.timeline.language.acronym_list import ACRONYMS
from sendlib.timeline.language.findings import (
    ACRONYM,
    ADDRESS,
    COMPARISON,
    DEFICIT,
    INFORMS,
    KINDS,
    Finding,
)

__all__ = [
    "ACRONYM",
    "ACRONYMS",
    "ADDRESS",
    "COMPARISON",
    "DEFICIT",
    "INFORMS",
    "KINDS",
    "Finding",
    "check",
]


def check(text: str, form_of_address: str | None = None) -> list[Finding]:
    """Advice on the wording of text to or about a parent, in the order it appears.

    form_of_address is the parent's recorded form ("Ms Khan"), suggested in place of "Mum".
    """
    findings = [
        *informing.find(text),
        *addressing.find(text, form_of_address),
        *deficit.find(text),
        *comparing.find(text),
        *acronyms.find(text),
    ]
    # Two rules of one kind may meet the same words ("disruptive"): keep the longest.
    findings.sort(key=lambda f: (f.kind, f.start, f.start - f.end))
    kept: list[Finding] = []
    for finding in findings:
        if kept and kept[-1].kind == finding.kind and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end, f.kind))
