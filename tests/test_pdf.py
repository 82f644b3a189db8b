"""Printed documents, read back as text the way a parent or caseworker would read them."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pandas as pd
import pypdf
import pytest

from sendlib import db, users
from sendlib.errors import NotFound, PermissionDenied
from sendlib.pdf.house import CONFIDENTIAL, FONT_DIR, HouseDocument
from sendlib.pdf.profile import build_profile_pdf
from sendlib.pdf.register_list import build_register_pdf
from sendlib.pupils import listing, register
from sendlib.pupils.fields import Pupil
from sendlib.pupils.listing import RegisterFilter
from sendlib.pupils.record import PupilProfile
from sendlib.reporting import printing
from sendlib.words import long_date, short_date
from tests.school import (
    PROFILE_TODAY,
    RESTRICTED_NOTE,
    SCRIPT,
    add_pupil,
    build_profile_school,
    cheap_passwords,
    profile_upn,
)

TODAY = PROFILE_TODAY  # the profile school's day
SCHOOL_NAME = "St Aldhelm's C of E Primary School"


def pages(pdf: bytes) -> list[str]:
    """Each page's text, with runs of whitespace (line wraps) made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def audit_rows(cur, action: str) -> list[tuple]:
    return cur.execute(
        "SELECT username, pupil_id, detail FROM audit_log WHERE action = ? ORDER BY audit_id",
        [action],
    ).fetchall()


@pytest.fixture
def school(cur, monkeypatch):
    cheap_passwords(monkeypatch)
    built = build_profile_school(cur)
    db.set_setting(cur, "school_name", SCHOOL_NAME)
    return built


@pytest.fixture
def zoe_pdf(cur, school) -> bytes:
    return printing.print_profile(cur, school.senco, school.zoe, TODAY)


@pytest.fixture(scope="module")
def zoe_text(tmp_path_factory) -> str:
    """The SENCo's print of Zoë's profile, made once for the many checks on what it says."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        cheap_passwords(monkeypatch)
        conn = db.connect(tmp_path_factory.mktemp("zoe") / "school.duckdb")
        cur = conn.cursor()
        built = build_profile_school(cur)
        db.set_setting(cur, "school_name", SCHOOL_NAME)
        printed = text(printing.print_profile(cur, built.senco, built.zoe, TODAY))
        conn.close()
    return printed


def test_fonts_ship_with_the_app():
    assert {p.name for p in FONT_DIR.glob("*.ttf")} >= {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
    }


def test_dates_are_written_in_words():
    assert long_date(date(2025, 3, 1)) == "1 March 2025"
    assert short_date(date(2024, 9, 30)) == "30 Sep 2024"
    assert long_date(None) == short_date(None) == ""


@pytest.mark.parametrize(
    "expected",
    [
        # Who, with their names as typed.
        "Pupil profile: Zoë O'Connor-Smith",
        "Legal name Zoë O'Connor-Smith",
        "UPN X801200000001",
        "Date of birth 14 February 2016 (age 9)",
        "Year and class Year 4, class 4B",
        # Status and needs in words, with the codes in brackets.
        "SEN status SEN support (K), since 20 November 2023",
        "Primary need Autistic spectrum disorder (ASD)",
        "Secondary need Speech, language and communication needs (SLCN)",
        "Broad area of need Communication and interaction",
        "No EHC plan recorded.",
        # What the school knows, printed literally.
        f"Loves drawing maps and trains. Typed this: {SCRIPT}",
        "Reasonable adjustments Leaves class two minutes early",
        "Relevant history Born at 31 weeks; summer-born.",
        "Monitoring (cause for concern) 2 May 2023 20 Nov 2023 Concern raised by class teacher",
        # Parents and carers, as they wish to be addressed and contacted.
        "Siobhán O'Connor-Smith (mother) — household 1",
        "Please address as Ms O'Connor-Smith",
        "Preferred contact Email (please email before calling)",
        "Difficult times Mondays (works nights)",
        "Barriers to attending Younger sibling at home; no car",
        "Nguyễn Văn An (stepfather) — household 2",
        "Please address as Mr Nguyễn",
        "Parental responsibility No",
        "Language Vietnamese, interpreter needed",
        # Agencies.
        "Speech and language therapy (SALT) Ffion Evans",
        "15 Jan 2024 Seen, and working with the pupil Yes",
        "Child and adolescent mental health services (CAMHS)",
        # The current plan and the one before.
        "Plan dates 6 January 2025 to 4 April 2025",
        "Agreed with parents 17 January 2025",
        "Zoë will take part in a small-group game for ten minutes",
        "Lego therapy Twice a week, 20 minutes Mr Hughes",
        "Parents' views Ms O'Connor-Smith would like more notice of trips.",
        "Pupil's views I like Lego club. I don't like the hand dryers.",
        "9 September 2024 to 13 December 2024, reviewed 13 December 2024",
        "Zoë will ask an adult for help using her help card More than expected",
        "Reads 20 tricky words Less than expected",
        "Evaluation Good progress with the help card",
        # Page furniture.
        SCHOOL_NAME,
        "Printed 10 March 2025 by Ms Priya Ashworth",
        CONFIDENTIAL,
    ],
)
def test_profile_reads_as_a_parent_would(zoe_text, expected):
    assert expected in zoe_text


def test_a_plan_past_its_review_date_is_flagged_as_the_pupil_page_flags_it(cur, school):
    # Zoë's current plan is due for review on 4 April 2025.
    on_time = text(printing.print_profile(cur, school.senco, school.zoe, date(2025, 4, 4)))
    late = text(printing.print_profile(cur, school.senco, school.zoe, date(2025, 4, 7)))

    assert "overdue" not in on_time.lower()
    assert "Current support plan Review overdue: due 4 April 2025" in late
    # The plan reviewed last term is not flagged.
    assert late.lower().count("overdue") == 1


def test_every_page_carries_the_header_and_footer(zoe_pdf):
    printed = pages(zoe_pdf)

    assert len(printed) > 1
    for number, page in enumerate(printed, start=1):
        assert f"Page {number} of {len(printed)}" in page
        assert CONFIDENTIAL in page
        assert SCHOOL_NAME in page
        assert "Pupil profile: Zoë O'Connor-Smith" in page


def test_senco_copy_has_restricted_notes_on_a_marked_page(zoe_pdf):
    last_page = pages(zoe_pdf)[-1]

    assert "Restricted — SENCo only" in last_page
    assert RESTRICTED_NOTE in last_page


def test_teacher_copy_has_no_restricted_notes(cur, school):
    printed = text(printing.print_profile(cur, school.teacher_4b, school.zoe, TODAY))

    assert "Zoë O'Connor-Smith" in printed
    assert "Restricted" not in printed
    assert "Early Help" not in printed


def test_senco_can_print_a_copy_without_restricted_notes(cur, school):
    pdf = printing.print_profile(cur, school.senco, school.zoe, TODAY, include_restricted=False)

    assert "Restricted" not in text(pdf)
    assert audit_rows(cur, "print profile") == [("senco", school.zoe, None)]


def test_ehc_plan_pupil_profile(cur, school):
    printed = text(printing.print_profile(cur, school.senco, school.lukasz, TODAY))

    for expected in (
        "Pupil profile: Luke Dvořák",
        "Known as Luke",
        "Legal name Łukasz Dvořák",
        "First language Polish (English as an additional language)",
        "SEN status EHC plan (E), since 1 June 2024",
        "Primary need Social, emotional and mental health (SEMH)",
        "Secondary need None recorded",
        "Issued 1 June 2024",
        "Caseworker Nguyễn Thị Lan",
        "Last annual review Not recorded",
        "Next annual review 20 May 2025",
        "EHC plan (E) 1 Jun 2024 Current EHC plan issued",
        "SEN support (K) 5 Sep 2022 1 Jun 2024 Joined from another school",
    ):
        assert expected in printed


def test_empty_sections_say_so(cur, school):
    printed = text(printing.print_profile(cur, school.senco, school.lukasz, TODAY))

    for expected in (
        "Strengths Not recorded",
        "No parents or carers recorded.",
        "No agencies recorded.",
        "No current plan.",
        "No past plans.",
    ):
        assert expected in printed
    assert "Restricted" not in printed


def test_profile_built_without_a_database():
    pupil = Pupil(
        pupil_id=1,
        upn=profile_upn(7),
        legal_forename="Dvořák",
        legal_surname="Siobhán-Łukasz",
        known_as=None,
        date_of_birth=date(2019, 9, 1),
        year_group=0,
        class_name="Robins",
        gender=None,
        first_language="English",
        eal=False,
        looked_after=True,
        strengths=None,
        what_helps=None,
        triggers=None,
        adjustments=None,
        history=None,
        restricted_notes="",
        date_left=date(2025, 2, 28),
    )
    profile = PupilProfile(pupil, None, [], None, None, None, [], [], [])

    printed = text(build_profile_pdf(profile, "Zoë's School", date(2025, 3, 1), "Mr Ó Brádaigh"))

    for expected in (
        "Zoë's School",
        "Printed 1 March 2025 by Mr Ó Brádaigh",
        "Year and class Reception, class Robins",
        "Looked after Yes",
        "Left the school 28 February 2025",
        "SEN status Not on the register",
        "Broad area of need Not applicable",
        "No SEN status recorded",
        # Restricted notes present but empty: the SENCo still sees the marked page.
        "Restricted — SENCo only",
        "No restricted notes.",
    ):
        assert expected in printed


def test_text_is_printed_as_typed(cur, school):
    pupil_id = add_pupil(
        cur,
        school.senco,
        20,
        # Typed on a Mac, accents arrive decomposed; they print as single letters.
        legal_forename=unicodedata.normalize("NFD", "Nguyễn"),
        legal_surname="Ó Súilleabháin",
        what_helps="Says **please** and {nb} and <b>bold</b>\nSecond line\tafter a tab",
    )

    printed = text(printing.print_profile(cur, school.senco, pupil_id, TODAY))

    assert "Nguyễn Ó Súilleabháin" in printed
    assert "Says **please** and {nb} and <b>bold</b> Second line after a tab" in printed


def test_very_long_text_runs_over_pages(cur, school):
    long_text = " ".join(f"Sentence {i} about what helps." for i in range(120))
    pupil_id = add_pupil(cur, school.senco, 21, what_helps=long_text[:3990])
    plan_id = cur.execute(
        "INSERT INTO plans (pupil_id, start_date, review_date) VALUES (?, ?, ?) RETURNING plan_id",
        [pupil_id, date(2025, 1, 6), date(2025, 4, 4)],
    ).fetchall()[0][0]
    cur.execute(
        "INSERT INTO plan_outcomes (plan_id, position, outcome) VALUES (?, 1, ?)",
        [plan_id, long_text * 3],
    )

    printed = pages(printing.print_profile(cur, school.senco, pupil_id, TODAY))

    whole = " ".join(printed)
    assert "Sentence 0 about" in whole and "Sentence 119 about what helps." in whole
    # The outcome is taller than a page: it continues under a repeated header row.
    continued = [p for p in printed if "Sentence 60 about" in p and "Outcome" in p]
    assert continued


def test_teacher_cannot_print_a_pupil_outside_their_classes(cur, school):
    with pytest.raises(NotFound):
        printing.print_profile(cur, school.teacher_4b, school.lukasz, TODAY)
    assert audit_rows(cur, "print profile") == []


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_roles_that_may_not_print_are_refused(cur, school, role):
    other = users.add_user(cur, f"{role}1", "Someone", role, "correct-horse-9")

    with pytest.raises(PermissionDenied):
        printing.print_profile(cur, other, school.zoe, TODAY)
    with pytest.raises(PermissionDenied):
        printing.print_register(cur, other, RegisterFilter(), "", TODAY)


def test_printing_a_profile_is_audited_once(cur, school, zoe_pdf):
    assert audit_rows(cur, "print profile") == [("senco", school.zoe, "with restricted notes")]
    assert audit_rows(cur, "view profile") == []


def test_school_name_defaults_when_not_set(cur, monkeypatch):
    cheap_passwords(monkeypatch)
    senco = users.add_user(cur, "senco", "Ms A Senco", "senco", "correct-horse-1")
    pupil_id = add_pupil(cur, senco, 1)

    assert "Your school" in text(printing.print_profile(cur, senco, pupil_id, TODAY))


# The register ---------------------------------------------------------------------------


def add_many_pupils(cur, count: int) -> list[str]:
    """`count` pupils in class 4C, half on SEN support and half monitored; returns their names."""
    ids = db.reserve_ids(cur, "pupil_seq", count)
    names = [(f"Kacper{i:03d}", "Wiśniewski" if i % 2 else "Ní Bhriain") for i in range(count)]
    db.insert_frame(
        cur,
        "pupils",
        pd.DataFrame(
            {
                "pupil_id": ids,
                "upn": [profile_upn(1000 + i) for i in range(count)],
                "legal_forename": [first for first, _ in names],
                "legal_surname": [last for _, last in names],
                "date_of_birth": [date(2016, 3, 1)] * count,
                "year_group": [4] * count,
                "class_name": ["4C"] * count,
            }
        ),
    )
    db.insert_frame(
        cur,
        "sen_status",
        pd.DataFrame(
            {
                "pupil_id": ids,
                "status": ["K" if i % 2 else "monitoring" for i in range(count)],
                "start_date": [date(2024, 9, 5)] * count,
            }
        ),
    )
    db.insert_frame(
        cur,
        "needs",
        pd.DataFrame({"pupil_id": ids[1::2], "rank": 1, "code": "MLD"}),
    )
    return [f"{first} {last}" for first, last in names]


def test_register_lists_every_pupil_with_counts(cur, school):
    pdf = printing.print_register(cur, school.senco, RegisterFilter(), "", TODAY)
    printed = text(pdf)

    assert "SEN register" in printed
    assert "Filters None" in printed
    assert (
        "Pupils SEN support (K): 1 EHC plan (E): 1 Monitoring (cause for concern): 0 All: 2"
        in printed
    )
    assert "Zoë O'Connor-Smith Year 4 4B SEN support (K) ASD SLCN" in printed
    assert "X801200000001" in printed
    assert "Luke Dvořák" in printed and "20 May 2025" in printed
    assert "Left" not in printed
    assert "pupil_id" not in printed
    assert audit_rows(cur, "print register") == [("senco", None, "no filters; 2 pupils")]


def test_long_register_repeats_its_header_row_on_every_page(cur, school):
    names = add_many_pupils(cur, 150)

    pdf = printing.print_register(
        cur, school.senco, RegisterFilter(classes=("4C",)), "Class 4C", TODAY
    )
    printed = pages(pdf)

    assert len(printed) >= 3
    for number, page in enumerate(printed, start=1):
        assert "Name Year Class Status" in page
        assert f"Page {number} of {len(printed)}" in page
    whole = " ".join(printed)
    for name in names:
        assert name in whole
    assert "Filters Class 4C" in whole
    assert (
        "SEN support (K): 75 EHC plan (E): 0 Monitoring (cause for concern): 75 All: 150" in whole
    )
    assert audit_rows(cur, "print register") == [("senco", None, "Class 4C; 150 pupils")]


def test_teacher_register_shows_only_their_classes(cur, school):
    printed = text(printing.print_register(cur, school.teacher_5a, RegisterFilter(), "", TODAY))

    assert "Luke Dvořák" in printed
    assert "Zoë" not in printed
    assert "Printed 10 March 2025 by Mrs Salma Begum" in printed


def test_leavers_list_shows_when_they_left(cur, school):
    register.archive_pupil(cur, school.senco, school.lukasz, date(2025, 2, 1), TODAY)

    pdf = printing.print_register(cur, school.senco, RegisterFilter(leavers=True), "Leavers", TODAY)

    assert "Left" in text(pdf)
    assert "Luke Dvořák" in text(pdf) and "1 Feb 2025" in text(pdf)


def test_empty_register_says_so():
    frame = pd.DataFrame(columns=listing.REGISTER_COLUMNS)

    printed = text(build_register_pdf(frame, "Search: nobody", SCHOOL_NAME, TODAY, "Ms P"))

    assert "No pupils match these filters." in printed
    assert "All: 0" in printed


# The house layout -----------------------------------------------------------------------


def test_house_table_repeats_headings_and_wraps_long_cells():
    pdf = HouseDocument("Table test", SCHOOL_NAME, TODAY, "Ms P")
    pdf.section("Many rows")
    pdf.simple_table(
        ("Pupil", "Note"),
        [
            (f"Łukasz {i}", "A long note that will wrap across lines in its cell. " * 3)
            for i in range(80)
        ],
    )
    printed = pages(pdf.to_bytes())

    assert len(printed) > 2
    assert all(page.count("Pupil Note") >= 1 for page in printed[1:])
    assert "Łukasz 79" in printed[-1]


def test_row_taller_than_a_page_is_continued_even_mid_page():
    pdf = HouseDocument("Table test", SCHOOL_NAME, TODAY, "Ms P")
    pdf.paragraph("An opening paragraph.\n" * 20)
    long_note = " ".join(f"Word{i}" for i in range(3000))
    pdf.simple_table(("Pupil", "Note"), [("Zoë", long_note), ("Łukasz", "Short note")])
    printed = pages(pdf.to_bytes())

    # The first piece of the tall row needs a page of its own: it starts on the next one.
    assert "Pupil Note Zoë Word0 Word1" in printed[1]
    assert "Word2999" in printed[-1]
    assert all("Pupil Note" in page for page in printed[1:])
    assert "Łukasz Short note" in printed[-1]


def test_fitted_columns_cope_with_blank_and_unbreakable_cells():
    pdf = HouseDocument("Table test", SCHOOL_NAME, TODAY, "Ms P")
    pdf.simple_table(
        ("Pupil", "Email", "Note"),
        [("   ", "a.very.long.address.without.spaces@subdomain.example-school.org.uk", "")],
    )

    assert "subdomain" in text(pdf.to_bytes())


def test_fitted_columns_give_the_spare_room_to_the_column_that_still_wraps():
    # As a subject access copy prints SEN status history: short columns and a long reason.
    reasons = [
        "Parent raised concerns about anxiety, friendships and behaviour at lunchtimes at "
        "parents' evening.",
        "SENCo assessment of anxiety, friendships and behaviour at lunchtimes: SEN support plan "
        "agreed with parents.",
    ]
    pdf = HouseDocument("Table test", SCHOOL_NAME, TODAY, "Ms P")
    pdf.simple_table(
        ("SEN status", "Start date", "End date", "Reason"),
        [
            ("Monitoring (cause for concern)", "02/12/2022", "06/12/2024", reasons[0]),
            ("SEN support (K)", "06/12/2024", "", reasons[1]),
        ],
        font_size=8.5,
    )
    found: list[str] = []
    pypdf.PdfReader(io.BytesIO(pdf.to_bytes())).pages[0].extract_text(
        visitor_text=lambda chunk, *_: found.append(chunk.strip())
    )
    lines = [line for line in found if line]
    # Each reason is printed in three lines at most, not down a narrow column of five or six.
    for reason in reasons:
        assert any(
            " ".join(lines[i : i + n]) == reason for i in range(len(lines)) for n in (1, 2, 3)
        ), reason
