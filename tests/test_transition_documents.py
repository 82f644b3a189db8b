"""Printing transition packs as a SENCo checks them: the right pupil, the move, whether the
parents have agreed it, only what the reader may see, and the school's logo."""

from __future__ import annotations

import io
from datetime import date, datetime

import pypdf
import pytest
from PIL import Image

from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.school import settings
from sendlib.transition import packs as transition_packs
from sendlib.transition import printing, stages
from sendlib.words import SCHOOL_TZ
from tests.school import ALEX, SIOBHAN, TODAY, ZOE

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=SCHOOL_TZ)
MOVE = {
    "move_kind": "primary to secondary",
    "receiving_setting": "Northfield Academy",
    "receiving_teacher": "Mr Patel",
    "move_date": date(2027, 9, 2),
}
MOVE_LINE = "Primary to secondary: Northfield Academy (Mr Patel), from 02/09/2027"
COMMENTS = "We're happy with this. Please make sure his form tutor knows about the lunchtime club."


@pytest.fixture
def school_with_notes(cur, staff):
    """The test school (a cursor, and the accounts by role) with what helps, adjustments and a
    restricted note written for Alex and Siobhán."""
    cur.execute(
        "UPDATE pupils SET what_helps = 'A visual timetable', adjustments = 'Sits near the front', "
        "restricted_notes = 'Social care involved; ask the SENCo.' WHERE pupil_id IN (?, ?)",
        [ALEX, SIOBHAN],
    )
    return cur, staff


def pages(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def start(cur, user, pupil_id=ALEX, **values) -> int:
    return transition_packs.start_pack(cur, user, pupil_id, {**MOVE, **values}, TODAY, NOW)


def agree(cur, senco, pack_id) -> None:
    stages.change_status(
        cur, senco, pack_id, "shared with parents", {"shared_on": date(2026, 11, 16)}, TODAY, NOW
    )
    values = {"agreed_by": "Mrs Nowak", "agreed_on": date(2026, 11, 20), "comments": COMMENTS}
    stages.change_status(cur, senco, pack_id, "agreed with parents", values, TODAY, NOW)


def printed(cur, user, pack_id, **options) -> bytes:
    pdf = printing.print_pack(cur, user, pack_id, TODAY, **options)
    assert pdf.startswith(b"%PDF")
    return pdf


def test_a_draft_pack_prints_the_pupil_the_move_and_that_it_is_a_draft(school_with_notes):
    cur, accounts = school_with_notes
    pack_id = start(cur, accounts["senco"])
    first = pages(printed(cur, accounts["senco"], pack_id))[0]
    assert "Alex Nguyễn" in first
    assert MOVE_LINE in first
    assert "Draft: not yet shared with the parents" in first
    rows = cur.execute(
        "SELECT username, pupil_id, detail FROM audit_log WHERE action = 'print transition pack'"
    ).fetchall()
    assert rows == [("senco", ALEX, f"pack {pack_id}, version 1")]


def test_agreement_and_hand_over_are_on_page_one_with_the_parents_comments(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    agree(cur, senco, pack_id)
    pdf = printed(cur, senco, pack_id)
    assert "Agreed with the parents on 20/11/2026 by Mrs Nowak" in pages(pdf)[0]
    assert "Please make sure his form tutor knows about the lunchtime club." in text(pdf)

    values = {"handed_to": "Mr Patel", "handed_on": date(2026, 11, 23)}
    stages.change_status(cur, senco, pack_id, "handed over", values, TODAY, NOW)
    first = pages(printed(cur, senco, pack_id))[0]
    assert (
        "Agreed with the parents on 20/11/2026 by Mrs Nowak; handed over to Mr Patel on "
        "23/11/2026" in first
    )


def test_large_print_takes_more_pages(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    pack_id = start(cur, senco)
    steps = [
        "Three visits to Northfield in June with Mrs Lee, his teaching assistant.",
        "Meet his form tutor and see the learning support base at a quiet time.",
        "A photo book of the new school and a map of the site go home in July.",
        "The two SENCos meet before Easter; Northfield's staff are trained in his needs.",
        "Travel practice with Mum on the bus route in the summer holidays.",
        "A named adult to go to at break and lunch in the first half term.",
    ]
    plan = "\n".join(f"- {step}" for step in steps * 6)
    transition_packs.save_version(cur, senco, pack_id, {"transition_plan": plan}, [], NOW)
    agree(cur, senco, pack_id)
    normal = pages(printed(cur, senco, pack_id))
    large = pages(printed(cur, senco, pack_id, large_print=True))
    assert len(large) > len(normal)
    assert "Alex Nguyễn" in large[0]
    details = [d for (d,) in cur.execute(
        "SELECT detail FROM audit_log WHERE action = 'print transition pack' ORDER BY audit_id"
    ).fetchall()]  # fmt: skip
    assert details[-1].endswith(", large print")


def test_a_teacher_prints_packs_of_their_own_class_only(school_with_notes):
    cur, accounts = school_with_notes
    senco, teacher = accounts["senco"], accounts["teacher"]
    own = start(cur, senco, ALEX)  # 5A, the teacher's class
    other = start(cur, senco, ZOE)  # 2A
    assert "Alex Nguyễn" in pages(printed(cur, teacher, own))[0]
    with pytest.raises(NotFound):
        printing.print_pack(cur, teacher, other, TODAY)
    for role in ("office", "viewer"):
        with pytest.raises(PermissionDenied):
            printing.print_pack(cur, accounts[role], own, TODAY)


def test_restricted_notes_are_never_printed_for_a_pack_started_without_them(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    pack_id = start(cur, senco)  # without restricted notes
    whole = text(printed(cur, senco, pack_id))
    assert "A visual timetable" in whole
    assert "Social care" not in whole and "Restricted" not in whole

    with_notes = start(cur, senco, SIOBHAN, include_restricted=True)
    assert "Social care" in text(printed(cur, senco, with_notes))
    assert "Social care" not in text(printed(cur, accounts["teacher"], with_notes))


def test_the_september_handover_prints_every_pupils_newest_pack(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    old = start(cur, senco, ALEX, receiving_setting="Riverside School")
    newest = start(cur, senco, ALEX)
    start(cur, senco, SIOBHAN, move_kind="class to class", receiving_setting="Year 6, Oak class")
    packs, missing = printing.handover_packs(cur, senco, "5A")
    assert sorted(p.pupil_id for p in packs) == [ALEX, SIOBHAN]
    assert newest in [p.pack_id for p in packs] and old not in [p.pack_id for p in packs]
    assert missing == []

    pdf = printing.print_handover(cur, senco, "5A", "Mrs Green", TODAY)
    whole = text(pdf)
    assert "Alex Nguyễn" in whole and "Siobhán Murphy" in whole
    assert "Northfield Academy" in whole
    assert "September handover: class 5A for Mrs Green" in whole
    audited = cur.execute(
        "SELECT detail FROM audit_log WHERE action = 'print transition handover'"
    ).fetchall()
    assert audited == [("class 5A: 2 packs",)]


def test_the_handover_cover_counts_drafts_and_packs_the_parents_have_not_agreed(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    shared = start(cur, senco, ALEX)
    stages.change_status(
        cur, senco, shared, "shared with parents", {"shared_on": date(2026, 11, 16)}, TODAY, NOW
    )
    start(cur, senco, SIOBHAN, move_kind="class to class", receiving_setting="Year 6, Oak class")

    cover = pages(printing.print_handover(cur, senco, "5A", "Mrs Green", TODAY))[0]

    assert (
        "Transition packs for 2 pupils: 1 pack still in draft; 1 pack shared with the parents, "
        "not yet agreed." in cover
    )
    assert "shared with the parents, not yet agreed" in cover.split("Contents", 1)[1]


def test_the_handover_names_pupils_without_a_pack_and_refuses_a_class_with_none(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    start(cur, senco, ALEX)
    packs, missing = printing.handover_packs(cur, senco, "5A")
    assert [p.pupil_id for p in packs] == [ALEX]
    assert missing == ["Siobhán Murphy"]
    with pytest.raises(ValidationError, match="3B"):
        printing.print_handover(cur, senco, "3B", "", TODAY)


def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (20, 60, 140)).save(out, format="PNG")
    return out.getvalue()


def images_on_page_one(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_the_school_logo_is_checked_printed_and_removed(school_with_notes):
    cur, accounts = school_with_notes
    senco = accounts["senco"]
    with pytest.raises(ValidationError, match="not a PNG or JPEG"):
        settings.save_logo(cur, senco, b"GIF89a not really", "logo.gif")
    with pytest.raises(ValidationError, match="at most 1 MB"):
        settings.save_logo(cur, senco, b"\x89PNG\r\n\x1a\n" + b"\0" * 1_000_000, "huge.png")
    with pytest.raises(PermissionDenied):
        settings.save_logo(cur, accounts["teacher"], tiny_png(), "logo.png")
    pack_id = start(cur, senco)
    assert images_on_page_one(printed(cur, senco, pack_id)) == 0

    settings.save_logo(cur, senco, tiny_png(), "logo.png")
    assert images_on_page_one(printed(cur, senco, pack_id)) == 1

    settings.remove_logo(cur, senco)
    assert images_on_page_one(printed(cur, senco, pack_id)) == 0
