"""Names in every script a school in England meets, printed: for each script, a pupil and a
parent named in it go through the printed profile and the plan for parents, and their letters
are in the PDF's text (shaped scripts come out of pypdf with layout marks between letters, and
right-to-left words in the order they are drawn); the script's font is embedded only when needed;
and a character no font has prints as a visible mark, named once at the end."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from pypdf import PdfReader

from sendlib import db
from sendlib.pdf import scripts
from sendlib.pupils import apdr, contacts, subject_access
from sendlib.pupils.listing import RegisterFilter
from sendlib.reporting import printing
from sendlib.timeline import listing
from sendlib.transition import packs
from sendlib.transition import printing as transition_printing
from tests import school
from tests.school import ALEX, NOW, TODAY, ZOE, at, book, log

NAMES = school.SCRIPT_NAMES


def _text(document: bytes) -> str:
    """The PDF's text with layout marks (control characters) taken out."""
    reader = PdfReader(io.BytesIO(document))
    text = " ".join(page.extract_text() for page in reader.pages)
    return "".join(c for c in text if unicodedata.category(c) != "Cc")


def _fonts(document: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(document))
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def _name(cur, pupil_id: int, forename: str, surname: str, parent: tuple[str, str]) -> None:
    cur.execute(
        "UPDATE pupils SET legal_forename = ?, legal_surname = ?, known_as = NULL "
        "WHERE pupil_id = ?",
        [forename, surname, pupil_id],
    )
    contact = contacts.list_contacts(cur, pupil_id)[0]
    cur.execute(
        "UPDATE contacts SET forename = ?, surname = ?, name = ?, title = NULL, "
        "form_of_address = NULL WHERE contact_id = ?",
        [*parent, " ".join(parent), contact.contact_id],
    )


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_pupil_and_parent_named_in_each_script_print_in_the_profile_and_the_plan(
    cur, staff, script
):
    forename, surname, parent_forename, parent_surname, font = NAMES[script]
    _name(cur, ALEX, forename, surname, (parent_forename, parent_surname))
    senco = staff["senco"]
    plan_id = apdr.start_plan(
        cur, senco, ALEX,
        {"start_date": TODAY, "review_date": TODAY.replace(year=2027, month=2),
         "outcomes": [{"outcome": f"{forename} will read aloud to {parent_forename}."}],
         "agreed_with_parents": TODAY, "agreed_with": f"{parent_forename} {parent_surname}"},
        TODAY,
    )  # fmt: skip
    # The plan for parents names the pupil by their first name only.
    for document, words in (
        (printing.print_profile(cur, senco, ALEX, TODAY),
         (forename, surname, parent_forename, parent_surname)),
        (printing.print_parent_plan(cur, senco, plan_id, TODAY),
         (forename, parent_forename, parent_surname)),
    ):  # fmt: skip
        text = _text(document)
        for word in words:
            assert word in text, (script, word)
        assert font in _fonts(document)
        assert "could not be printed" not in text


def test_a_document_in_latin_alone_embeds_no_other_font(cur, staff):
    document = printing.print_profile(cur, staff["senco"], ALEX, TODAY)
    assert _fonts(document) == {"DejaVuSansBook", "DejaVuSansBold"}


def test_a_character_no_font_has_prints_as_a_mark_named_once_at_the_end(cur, staff):
    _name(cur, ALEX, "Alex 😀", "Nguyễn", ("Linh", "Nguyễn"))
    text = _text(printing.print_profile(cur, staff["senco"], ALEX, TODAY))
    assert f"Alex {scripts.MISSING_MARK}" in text
    assert text.count("could not be printed") == 1
    assert "U+1F600 (GRINNING FACE)" in text


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("ہم چاہتے ہیں کہ عائشہ گھر پر پڑھے۔", True),
        ("Talked with محمد علي about reading.", False),
        ("1. محمد علي", True),
        ("For نسرین بیگم", False),
        ("1. محمد علي will read a Year 3 book aloud.", False),
        ("Zoë", False),
    ],
)
def test_a_paragraph_reads_right_to_left_when_most_of_its_letters_do(text, rtl):
    assert scripts.is_right_to_left(text) is rtl


def test_a_name_alone_keeps_the_documents_left_to_right_layout():
    assert not scripts.reads_right_to_left("عائشہ خان")
    assert scripts.reads_right_to_left("ہم چاہتے ہیں کہ عائشہ گھر پر پڑھے۔")


# --- every other document that prints a name ---------------------------------------------------


def _every_document(cur, senco, forename: str, views: str) -> dict[str, bytes]:
    """Each document that names Alex or his parent, printed once he and his parent are renamed:
    a meeting logged with the parent's views in their words, a surgery booked, a transition
    pack started."""
    meeting = log(
        cur, senco, ALEX, channel="meeting in person", direction="to parent",
        subject=f"Review with {forename}", meeting_kind="APDR review", led_by="SENCo",
        parent_views=views, happened_at=at("2026-11-20 15:30"),
    )  # fmt: skip
    booked = at("2026-11-24 13:30")
    book(cur, ALEX, booked)
    pack = packs.start_pack(
        cur, senco, ALEX,
        {"move_kind": "primary to secondary", "receiving_setting": "Northfield Academy",
         "receiving_teacher": "Mr Patel", "move_date": date(2027, 9, 2)},
        TODAY, NOW,
    )  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(subject_access.export_pupil(cur, senco, ALEX, TODAY)))
    return {
        "register list": printing.print_register(cur, senco, RegisterFilter(), "", TODAY),
        "communication record": printing.print_communication_record(
            cur, senco, listing.TimelineFilter(pupil_id=ALEX), "All", TODAY
        ),
        "written record": printing.print_meeting_record(cur, senco, meeting, TODAY),
        "day sheet": printing.print_day_sheet(cur, senco, booked.date(), TODAY),
        "week grid": printing.print_week_grid(cur, senco, date(2026, 11, 23), TODAY),
        "transition pack": transition_printing.print_pack(cur, senco, pack, TODAY),
        "September handover": transition_printing.print_handover(
            cur, senco, "5A", "Mrs Green", TODAY
        ),
        "subject access": archive.read(
            next(n for n in archive.namelist() if n.startswith("subject-access-"))
        ),
    }


VIEWS = {
    "Urdu": "ہم چاہتے ہیں کہ وہ گھر پر پڑھنے سے لطف اندوز ہو۔",
    "Bengali": "আমরা চাই সে বাড়িতে পড়তে ভালোবাসুক।",
    "Chinese": "我们希望他在家里喜欢读书。",
}


@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_document_prints_the_names_and_the_parents_words(cur, staff, script):
    forename, surname, parent_forename, parent_surname, font = NAMES[script]
    _name(cur, ALEX, forename, surname, (parent_forename, parent_surname))
    views = VIEWS.get(script, f"{parent_forename} {parent_surname} {forename}")
    documents = _every_document(cur, staff["senco"], forename, views)
    for kind, document in documents.items():
        text = _text(document)
        assert forename in text, (kind, forename)
        assert font in _fonts(document), kind
        assert "could not be printed" not in text, kind
    for kind in ("communication record", "written record"):
        words = views.rstrip("।。۔").split()
        assert all(word in _text(documents[kind]) for word in words), kind


# --- fonts read once, each document its own ---------------------------------------------------


def _named_profile(cur, staff, script: str) -> bytes:
    forename, surname, parent_forename, parent_surname, _ = NAMES[script]
    _name(cur, ALEX, forename, surname, (parent_forename, parent_surname))
    return printing.print_profile(cur, staff["senco"], ALEX, TODAY)


def test_a_document_embeds_only_its_own_letters_whatever_was_printed_before(cur, staff):
    first = _named_profile(cur, staff, "Arabic")
    _named_profile(cur, staff, "Urdu")  # more letters of the same font
    _named_profile(cur, staff, "Chinese")
    again = _named_profile(cur, staff, "Arabic")
    assert len(again) == len(first)
    assert _text(again) == _text(first)
    assert "خان" not in _text(again)


def test_documents_printed_at_the_same_time_each_have_their_own_names(conn, staff):
    def profile(pupil_id: int) -> str:
        return _text(printing.print_profile(db.cursor(conn), staff["senco"], pupil_id, TODAY))

    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(profile, [ALEX, ZOE] * 4))
    assert set(texts[0::2]) == {texts[0]} and set(texts[1::2]) == {texts[1]}
    assert "Alex" in texts[0] and "Zoë" in texts[1]
