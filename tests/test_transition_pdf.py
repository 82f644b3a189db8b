"""The printed transition pack, read back as the receiving teacher would read it."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import date

import pypdf
from PIL import Image

from sendlib.pdf.pack_sections import NOTHING_YET
from sendlib.pdf.transition_pack import (
    CHECKLIST,
    PackDocument,
    PackTask,
    build_batch_pdf,
    build_pack_pdf,
)
from tests.test_pdf import pages, text

SCHOOL = "St Aldhelm's C of E Primary School"
TODAY = date(2027, 3, 20)
ABOUT = (
    "I'm Zoë and I love drawing dragons, swimming on Saturdays and my cat Biscuit.\n"
    "Big noisy rooms make my head feel full. When that happens I might go quiet."
)
WORKS = (
    "- Tell me about changes before they happen\n"
    "- Let me sit near the door\n"
    "- My ear defenders in assemblies"
)
URL = "https://example.org/" + "a-very-long-address-without-spaces/" * 6
MOVE = "Primary to secondary: Northfield Academy (Mr Patel), from 02/09/2027"
AGREED = "Agreed with parents on 12/03/2027 by Mrs Nowak"


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def flat(value: str) -> str:
    """Text as pages() gives it back: runs of whitespace made single spaces."""
    return " ".join(value.split())


def make_pack(
    name: str = "Zoë O'Connor-Smith",
    known_as: str = "Zoë",
    sections: list[tuple[str, str]] | None = None,
    tasks: list[PackTask] | None = None,
    status: str = AGREED,
    comments: str | None = "She's nervous about the lunch hall but excited about art club.",
    long: int = 1,
) -> PackDocument:
    if sections is None:
        sections = [
            ("About me", ABOUT),
            ("My needs", "SEN support (K). Speech, language and communication needs (SLCN)."),
            ("What works for me", WORKS),
            ("What I find hard", "Copying from the board. Crowded corridors.\n" * long),
            ("My health and medication", ""),
            ("People who know me well", "- Mrs Nowak (SENCo)\n- Mr Kowalczyk (TA)"),
        ]
    if tasks is None:
        tasks = [
            PackTask(
                "Visit Northfield with Mum", "Mrs Nowak", date(2027, 6, 14), date(2027, 6, 14)
            ),
            PackTask("Share this pack with the form tutor", "Mr Patel", date(2027, 7, 1)),
            PackTask("Practise the bus route", "Mum"),
        ]
    return PackDocument(
        pupil_name=name,
        known_as=known_as,
        details="Year 6, class 6 Oak; born 03/05/2015",
        move=MOVE,
        status=status,
        version=2,
        sections=sections,
        tasks=tasks,
        parents_comments=comments,
    )


def build(pack: PackDocument, **kwargs) -> bytes:
    return build_pack_pdf(pack, SCHOOL, "Mrs Nowak", TODAY, **kwargs)


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 56, 100)).save(buffer, "PNG")
    return buffer.getvalue()


def image_count(pdf: bytes, page: int = 0) -> int:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    resources = reader.pages[page].get("/Resources") or {}
    xobjects = resources.get_object().get("/XObject") if resources else None
    if not xobjects:
        return 0
    objects = xobjects.get_object()
    return sum(1 for key in objects if objects[key].get_object().get("/Subtype") == "/Image")


def font_sizes(pdf: bytes, words: str, page: int = 0) -> set[float]:
    """The sizes (pt) text containing `words` is printed in on a page."""
    sizes: set[float] = set()

    def visit(chunk, _cm, tm, _font, size) -> None:
        if words in chunk:
            sizes.add(round(size * tm[0], 1))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return sizes


# One pack -------------------------------------------------------------------------------------


def test_page_one_is_the_profile():
    first = nfc(pages(build(make_pack()))[0])
    assert "Zoë O'Connor-Smith" in first
    assert "Year 6, class 6 Oak; born 03/05/2015" in first
    assert MOVE in first
    assert f"{AGREED} (version 2)" in first
    assert flat(ABOUT) in first
    # My needs and what works for me are on page 1 too, the latter as bullets.
    assert "SEN support (K). Speech, language" in first
    assert "• Tell me about changes before they happen" in first
    assert "She's nervous about the lunch hall" in first


def test_a_short_pack_is_one_page_with_every_section_on_it():
    read = pages(build(make_pack()))
    assert len(read) == 1
    first = nfc(read[0])
    positions = [
        first.index(heading)
        for heading in (
            "About me",
            "My needs",
            "What works for me",
            "What I find hard",
            "My health and medication",
            "People who know me well",
            CHECKLIST,
        )
    ]
    assert positions == sorted(positions)
    assert "Visit Northfield with Mum Mrs Nowak 14/06/2027" in first


def test_a_long_pack_runs_on_in_order_under_a_continued_header():
    read = pages(build(make_pack(long=60)))
    assert len(read) > 1
    assert "What works for me" in read[0] and "What I find hard" in read[0]
    whole = nfc(" ".join(read))
    positions = [
        whole.index(heading)
        for heading in ("What I find hard", "My health and medication", "People who know me well")
    ]
    assert positions == sorted(positions)
    assert whole.index(CHECKLIST) > positions[-1]
    # The continuation pages name the pupil in the header.
    assert "Transition pack: Zoë O'Connor-Smith (continued)" in nfc(read[1])


# Each heading after the first page's, with the words that open what is under it.
OPENINGS = {
    "What I find hard": "Copying from the board.",
    "My health and medication": NOTHING_YET,
    "People who know me well": "• Mrs Nowak (SENCo)",
    CHECKLIST: "What Who By Done Visit Northfield with Mum",
}


def test_no_heading_is_left_alone_at_the_foot_of_a_page():
    # However long the text above, each heading is on the page where its text starts.
    for long in range(1, 100, 3):
        read = [nfc(page) for page in pages(build(make_pack(long=long)))]
        for heading, opening in OPENINGS.items():
            page = next(page for page in read if heading in page)
            assert opening in page.split(heading, 1)[1], (long, heading)


def test_an_empty_section_says_so():
    read = nfc(text(build(make_pack())))
    assert f"My health and medication {NOTHING_YET} People who know me well" in read


def test_checklist_shows_tasks_with_dates():
    read = nfc(text(build(make_pack())))
    assert "What Who By Done" in read
    assert "Visit Northfield with Mum Mrs Nowak 14/06/2027 ✓ 14/06/2027" in read
    assert "Share this pack with the form tutor Mr Patel 01/07/2027 Not yet" in read
    assert "Practise the bus route Mum Not set Not yet" in read


def test_no_tasks_no_checklist_and_no_sections_no_crash():
    read = text(build(make_pack(sections=[], tasks=[], comments=None)))
    assert CHECKLIST not in read
    assert "Zoë O'Connor-Smith" in nfc(read)
    one_section = text(build(make_pack(sections=[("About me", "")], tasks=[])))
    assert f"About me {NOTHING_YET}" in one_section


def test_draft_status_prints():
    draft = "Draft — not yet agreed with parents"
    assert f"{draft} (version 2)" in pages(build(make_pack(status=draft)))[0]


def test_text_is_printed_as_typed_and_long_words_wrap():
    sections = [
        ("About me", "I like **bold** and _this_ and # hashes"),
        ("Links", f"See {URL} for more"),
    ]
    read = text(build(make_pack(sections=sections)))
    assert "I like **bold** and _this_ and # hashes" in read
    # The address wraps over lines rather than running off the page: every character is there.
    assert URL in read.replace(" ", "")


def test_names_with_accents_print():
    for name in ("Łukasz Nowicki", "Nguyễn Văn An", "Siobhán Murphy"):
        read = nfc(pages(build(make_pack(name=name, known_as=name.split()[0])))[0])
        assert name in read
        assert f"What {name.split()[0]}'s parents said" in read


def test_large_print_is_larger_and_longer():
    pack = make_pack(long=120)
    normal, large = build(pack), build(pack, large_print=True)
    assert len(pages(large)) > len(pages(normal))
    assert max(font_sizes(large, "Biscuit")) >= 14
    assert max(font_sizes(large, "Biscuit")) > max(font_sizes(normal, "Biscuit"))
    assert text(large).replace(" ", "").count("Crowded") == text(normal).replace(" ", "").count(
        "Crowded"
    )


def test_a_good_logo_is_embedded():
    assert image_count(build(make_pack(), logo=png_logo())) == 1
    assert image_count(build(make_pack())) == 0


def test_a_bad_logo_is_skipped():
    for bad in (b"not an image", png_logo()[:30], b""):
        pdf = build(make_pack(), logo=bad)
        assert image_count(pdf) == 0
        assert "Zoë O'Connor-Smith" in nfc(pages(pdf)[0])


# Batches --------------------------------------------------------------------------------------

NAMES = ("Zoë O'Connor-Smith", "Łukasz Nowicki", "Nguyễn Văn An", "Siobhán Murphy")
TITLE = "September handover: class 6 Oak for Mr Patel"


def batch(count: int, **kwargs) -> bytes:
    packs = [
        make_pack(name=name, known_as=name.split()[0], long=1 + 10 * (i % 2))
        for i, name in enumerate(NAMES[:count])
    ]
    return build_batch_pdf(packs, TITLE, SCHOOL, "Mrs Nowak", TODAY, **kwargs)


def test_batch_cover_lists_each_pupil_with_their_page():
    read = [nfc(page) for page in pages(batch(4))]
    cover = read[0]
    assert TITLE in cover
    starts = []
    for name in NAMES:
        assert name in cover
        # The first page after the cover naming the pupil is where their pack starts, with the
        # name as its title, and it is the page the contents give.
        start = next(i for i, page in enumerate(read) if i > 0 and name in page)
        assert f"Transition pack {name}" in read[start]
        assert f"{name} Year 6, class 6 Oak; born 03/05/2015 Page {start + 1}" in cover
        starts.append(start)
    assert starts == sorted(set(starts))
    assert read[-1].endswith(f"Page {len(read)} of {len(read)}")


def cover_for(stages: list[str]) -> str:
    packs = [
        replace(make_pack(name=f"Pupil Number {n}", known_as="Pupil"), stage=stage)
        for n, stage in enumerate(stages, start=1)
    ]
    return pages(build_batch_pdf(packs, TITLE, SCHOOL, "Mrs Nowak", TODAY))[0]


def test_the_cover_says_how_many_packs_are_not_yet_agreed():
    draft, shared, agreed = "draft", "shared with parents", "agreed with parents"
    assert (
        "Transition packs for 5 pupils: 2 packs still in draft; 2 packs shared with the "
        "parents, not yet agreed. Each pupil's pack starts on a new page."
    ) in cover_for([draft, shared, agreed, draft, shared])
    assert (
        "Transition packs for 3 pupils: 1 pack still in draft; 1 pack shared with the parents, "
        "not yet agreed."
    ) in cover_for([draft, shared, agreed])
    assert "Transition packs for 2 pupils: 2 packs shared with the parents, not yet agreed." in (
        cover_for([shared, shared])
    )
    assert "Transition packs for 1 pupil. Each pupil's pack" in cover_for(["handed over"])


def test_each_pack_starts_on_a_new_page_and_pages_grow():
    counts = [len(pages(batch(n))) for n in (1, 2, 3)]
    assert counts[0] < counts[1] < counts[2]
    read = [nfc(page) for page in pages(batch(2))]
    second = next(i for i, page in enumerate(read) if i > 0 and NAMES[1] in page)
    assert NAMES[0] not in read[second]
    assert "Transition pack: Zoë O'Connor-Smith (continued)" in read[second - 1] or (
        f"Transition pack {NAMES[0]}" in read[second - 1]
    )


def test_a_long_contents_list_runs_over_pages():
    packs = [make_pack(name=f"Pupil Number {n}", known_as="Pupil") for n in range(1, 41)]
    read = pages(build_batch_pdf(packs, TITLE, SCHOOL, "Mrs Nowak", TODAY))
    contents = " ".join(read[:3])
    for n in (1, 40):
        start = next(
            i for i, page in enumerate(read) if f"Transition pack Pupil Number {n} " in page
        )
        assert f"Pupil Number {n} Year 6, class 6 Oak; born 03/05/2015 Page {start + 1}" in contents


def test_batch_large_print_and_logo():
    normal = batch(2)
    large = batch(2, large_print=True, logo=png_logo())
    assert len(pages(large)) >= len(pages(normal))
    assert max(font_sizes(large, "Biscuit", page=1)) > max(font_sizes(normal, "Biscuit", page=1))
    assert image_count(large, 0) == 1  # on the cover
    assert image_count(large, 1) == 1  # and on the first pack's first page
    assert image_count(batch(2, logo=b"junk"), 0) == 0


def test_an_empty_batch_prints_a_cover():
    read = text(build_batch_pdf([], TITLE, SCHOOL, "Mrs Nowak", TODAY))
    assert TITLE in read
    assert "No pupils chosen." in read
