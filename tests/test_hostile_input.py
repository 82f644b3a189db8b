"""Hostile text thrown at every form's save and at the CSV import (property tests): nothing
crashes (a save succeeds or raises a ValidationError naming a field), nothing half-saves, what is
saved comes back as typed, and exports and pages show it inert."""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sendlib import db, ui, users
from sendlib.errors import ValidationError
from sendlib.pupils import (
    about_me,
    agencies,
    apdr,
    contacts,
    exporting,
    importing,
    plans,
    referrals,
    register,
)
from sendlib.pupils import listing as register_listing
from sendlib.reporting import printing
from sendlib.school import changes, term_import
from sendlib.school import settings as school_settings
from sendlib.surgery import bookings, cancelling, sessions
from sendlib.surgery import slots as surgery_slots
from sendlib.timeline import entries, listing
from sendlib.transition import packs
from tests import school
from tests.apptest import run_page, shown_text
from tests.hostile import PIECES, anything, attempt, hostile_text, mostly, row_counts

TODAY, NOW = school.TODAY, school.NOW
ALEX, ZOE = 3, 1
FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SERIALS = itertools.count(100)


def cleaned(text: str) -> str | None:
    """The validators' documented cleaning: trimmed, accents composed (NFC), and None when
    nothing is left."""
    return unicodedata.normalize("NFC", text.strip()) or None


def assert_kept(stored, texts: dict) -> None:
    """Each typed text is held as the validators clean it, and nothing else."""
    assert {f: getattr(stored, f) for f in texts} == {f: cleaned(t) for f, t in texts.items()}


def csv_cells(data: bytes) -> list[str]:
    """Every cell of an exported CSV, as a spreadsheet reads it."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


def formula_cells(data: bytes) -> list[str]:
    """Cells of an exported CSV that a spreadsheet would run as a formula."""
    return [cell for cell in csv_cells(data) if cell.startswith(exporting.FORMULA_STARTS)]


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


# --- the pupil form -------------------------------------------------------------------------


def _pupil(**values) -> dict:
    return school.new_pupil(next(SERIALS), **values)


TYPED = ("legal_forename", "legal_surname", "known_as", "class_name", "strengths", "history")


@FAST
@given(
    texts=st.fixed_dictionaries({f: anything() for f in TYPED}),
    year=st.integers(0, 5).flatmap(
        lambda n: (
            st.just(5)
            if n < 3
            else [st.integers(-3, 99), hostile_text(8), st.sampled_from(["²", "Y5"])][n - 3]
        )
    ),
    born=mostly("2016-04-01", 12),
)
def test_the_pupil_form_saves_hostile_text_as_typed_or_names_the_field(
    cur, staff, texts, year, born
):
    values = _pupil(**texts, year_group=year, date_of_birth=born)
    saved = attempt(cur, lambda: register.save_pupil(cur, staff["senco"], values, TODAY))
    if saved is None:
        return
    pupil = register.get_pupil(cur, staff["senco"], saved.pupil_id)
    assert {f: getattr(pupil, f) for f in TYPED} == {f: cleaned(texts[f]) for f in TYPED}
    assert (
        formula_cells(
            exporting.export_register(cur, staff["senco"], register_listing.RegisterFilter(), "all")
        )
        == []
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.lists(st.sampled_from(PIECES[:17] + ["Zoë", "Nguyễn", "Ana"]), min_size=1, max_size=3)
)
def test_a_profile_with_hostile_text_prints_it_and_exports_it_neutralised(cur, staff, name):
    forename = "".join(name).strip()[:100] or "Ana"
    values = _pupil(legal_forename=forename, strengths=forename)
    pupil_id = register.save_pupil(cur, staff["senco"], values, TODAY).pupil_id
    printed = pdf_text(printing.print_profile(cur, staff["senco"], pupil_id, TODAY))
    assert "".join(forename.split()) in printed
    exported = exporting.export_register(
        cur, staff["senco"], register_listing.RegisterFilter(), "all"
    )
    assert formula_cells(exported) == []
    if forename.startswith(exporting.FORMULA_STARTS):
        assert f"'{forename} Okoro" in csv_cells(exported)


# --- the timeline: a contact with its actions -------------------------------------------------


@FAST
@given(
    subject=anything(),
    summary=anything(),
    views=anything(),
    channel=mostly("phone"),
    action=anything(),
    owner=mostly("teacher"),
)
def test_logging_a_contact_saves_hostile_text_as_typed_or_names_the_field(
    cur, staff, subject, summary, views, channel, action, owner
):
    entry = {
        "happened_at": NOW - timedelta(hours=1),
        "channel": channel,
        "direction": "to parent",
        "subject": subject,
        "summary": summary,
        "parent_views": views,
    }
    promised = {
        "description": action,
        "owner_kind": "staff",
        "owner_username": owner,
        "due_date": TODAY + timedelta(days=3),
    }
    senco = staff["senco"]
    saved = attempt(cur, lambda: entries.save_entry(cur, senco, ALEX, entry, [promised], NOW))
    if saved is None:
        return
    stored = listing.get_entry(cur, senco, saved)
    assert (stored.subject, stored.summary, stored.parent_views) == (
        cleaned(subject),
        cleaned(summary),
        cleaned(views),
    )
    assert [a.description for a in stored.actions] == [cleaned(action)]


# --- parents and carers -----------------------------------------------------------------------

CARER_TEXT = ("forename", "surname", "form_of_address", "address", "best_times", "barriers")


@FAST
@given(
    texts=st.fixed_dictionaries({f: anything() for f in CARER_TEXT}),
    relationship=mostly("mother"),
    phone=mostly("07700 900123", 16),
    email=mostly("", 16),
)
def test_a_carer_keeps_hostile_text_as_typed_or_names_the_field(
    cur, staff, texts, relationship, phone, email
):
    values = {**texts, "relationship": relationship, "phone": phone, "email": email}
    senco = staff["senco"]
    saved = attempt(cur, lambda: contacts.save_contact(cur, senco, ALEX, values))
    if saved is None:
        return
    stored = contacts.get_contact(cur, saved)
    assert [getattr(stored, f) for f in CARER_TEXT] == [cleaned(texts[f]) for f in CARER_TEXT]
    assert stored.relationship == cleaned(relationship).lower()


# --- outside agencies -------------------------------------------------------------------------

AGENCY_TEXT = ("service", "practitioner", "team", "next_step")


@FAST
@given(
    texts=st.fixed_dictionaries({f: anything() for f in AGENCY_TEXT}),
    status=mostly("referred"),
    phone=mostly("0113 496 0001", 16),
    email=mostly("", 16),
)
def test_an_agency_keeps_hostile_text_as_typed_or_names_the_field(
    cur, staff, texts, status, phone, email
):
    values = {**texts, "status": status, "phone": phone, "email": email, "referral_date": TODAY}
    senco = staff["senco"]
    saved = attempt(cur, lambda: referrals.save_agency(cur, senco, ALEX, values, NOW))
    if saved is None:
        return
    assert_kept(agencies.get_agency(cur, saved), texts)


# --- the one-page profile -----------------------------------------------------------------


ABOUT_ME_TEXT = (*about_me.SECTIONS, "written_with")


@FAST
@given(texts=st.fixed_dictionaries({f: anything() for f in ABOUT_ME_TEXT}))
def test_a_one_page_profile_keeps_hostile_text_as_typed_or_names_the_field(cur, staff, texts):
    senco = staff["senco"]
    saved = attempt(cur, lambda: about_me.save_about_me(cur, senco, ALEX, texts, TODAY))
    if saved is None:
        return
    assert_kept(about_me.get_about_me(cur, ALEX), texts)


# --- APDR plans -------------------------------------------------------------------------------


@FAST
@given(
    outcome=anything(),
    what=anything(),
    often=anything(30),
    views=anything(),
)
@example(outcome="</div><b>bold</b>", what="", often="", views="")  # a blank provision row
def test_a_plan_keeps_hostile_text_as_typed_or_names_the_field(
    cur, staff, outcome, what, often, views
):
    values = {
        "start_date": TODAY,
        "review_date": TODAY + timedelta(weeks=10),
        "outcomes": [{"outcome": outcome}],
        "provision": [{"outcome_position": 1, "description": what, "frequency": often}],
        "parent_views": views,
    }
    saved = attempt(cur, lambda: apdr.start_plan(cur, staff["senco"], ALEX, values, TODAY))
    if saved is None:
        return
    try:
        plan = plans.get_plan(cur, saved)
        assert [o.outcome for o in plan.outcomes] == [cleaned(outcome)]
        row = (cleaned(what), cleaned(often))
        # A provision row left blank is no provision: it is dropped, as the form's rule says.
        assert [(p.description, p.frequency) for p in plan.provision] == ([row] if any(row) else [])
        assert plan.parent_views == cleaned(views)
    finally:
        # Whatever the assertions found, the next example starts a plan of its own.
        cur.execute("DELETE FROM plans WHERE plan_id = ?", [saved])


# --- surgery bookings and holds ---------------------------------------------------------------


@pytest.fixture
def slots(cur, staff):
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, TODAY)


@FAST
@given(agenda=anything(), mode=mostly("phone"))
def test_booking_a_slot_keeps_a_hostile_agenda_as_typed_or_names_the_field(
    cur, staff, slots, agenda, mode
):
    office = staff["office"]
    slot = surgery_slots.free_slots(cur, NOW, 1)[0].slot_id
    booked = attempt(cur, lambda: bookings.book(cur, office, slot, ZOE, ZOE, mode, agenda, NOW))
    if booked is None:
        return
    assert bookings.get_booking(cur, staff["senco"], booked).agenda == cleaned(agenda)
    cancelling.cancel(cur, office, booked, "Tidy up", NOW)


@FAST
@given(note=anything())
def test_holding_a_slot_keeps_a_hostile_note_as_typed_or_names_the_field(cur, staff, slots, note):
    office = staff["office"]
    slot = surgery_slots.free_slots(cur, NOW, 1)[0].slot_id
    held = attempt(cur, lambda: bookings.hold(cur, office, slot, note, NOW))
    if held is None:
        return
    assert bookings.get_booking(cur, office, held).hold_note == cleaned(note)
    bookings.release(cur, office, held, NOW)


@FAST
@given(place=anything(), day=st.integers(0, 300))
def test_an_extra_session_keeps_a_hostile_place_or_names_the_field(cur, staff, place, day):
    values = {
        "session_date": date(2026, 12, 1) + timedelta(days=day),
        "starts": school.TUESDAYS["starts"],
        "ends": school.TUESDAYS["ends"],
        "slot_count": 3,
        "slot_minutes": 20,
        "place": place,
    }
    added = attempt(cur, lambda: sessions.add_session(cur, staff["senco"], values, NOW))
    if added is None:
        return
    assert sessions.get_session(cur, added).place == cleaned(place)


# --- transition packs ------------------------------------------------------------------------


@FAST
@given(
    setting=anything(),
    teacher=anything(),
    sections=st.dictionaries(
        st.sampled_from(["about_me", "needs", "what_works"]), anything(), min_size=1
    ),
    task=anything(),
)
def test_a_transition_pack_keeps_hostile_sections_as_typed_or_names_the_field(
    cur, staff, setting, teacher, sections, task
):
    senco = staff["senco"]
    move = {
        "move_kind": "class to class",
        "receiving_setting": setting,
        "receiving_teacher": teacher,
        "move_date": date(2027, 9, 2),
    }
    pack = attempt(cur, lambda: packs.start_pack(cur, senco, ALEX, move, TODAY, NOW))
    if pack is None:
        return
    started = packs.get_pack(cur, senco, pack)
    assert (started.receiving_setting, started.receiving_teacher) == (
        cleaned(setting),
        cleaned(teacher),
    )
    tasks = [{"description": task, "owner": "SENCo", "due_date": date(2027, 6, 1)}]
    version = attempt(cur, lambda: packs.save_version(cur, senco, pack, sections, tasks, NOW))
    if version is None:
        return
    saved = packs.get_pack(cur, senco, pack)
    assert {k: saved.sections[k] for k in sections} == {
        k: cleaned(v) or "" for k, v in sections.items()
    }


# --- settings and accounts --------------------------------------------------------------------


@FAST
@given(name=anything())
def test_the_school_name_is_kept_as_typed_or_names_the_field(cur, staff, name):
    senco = staff["senco"]
    if attempt(cur, lambda: school_settings.save_settings(cur, senco, name, 5)) is None:
        return
    assert school_settings.get_settings(cur, senco)[0] == cleaned(name)


@FAST
@given(name=anything(), username=mostly("newbie", 12))
def test_a_new_account_keeps_a_hostile_name_as_typed_or_names_the_field(cur, staff, name, username):
    tag = next(SERIALS)
    login = f"{username}{tag}" if username == "newbie" else username
    account = attempt(
        cur,
        lambda: users.create_account(
            cur, staff["senco"], login, name, "teacher", "long enough password"
        ),
    )
    if account is None:
        return
    assert users.get_user(cur, account.username).name == cleaned(name)


# --- the CSV import ---------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([list(importing.SIMS_HEADER), *rows])
    return out.getvalue()


@FAST
@given(
    cells=st.lists(
        st.tuples(anything(40), anything(40), anything(8), mostly("5")), min_size=1, max_size=3
    ),
    encoding=st.sampled_from(ENCODINGS),
    garbage=st.one_of(*[st.just(b"")] * 3, st.binary(max_size=12)),
)
def test_the_import_takes_hostile_files_or_names_the_problem(cur, staff, cells, encoding, garbage):
    senco = staff["senco"]
    rows = [
        [school.make_upn(next(SERIALS)), surname, forename, "", "2016-04-01", year, klass, "K",
         "SPLD", ""]
        for surname, forename, klass, year in cells
    ]  # fmt: skip
    data = _csv(rows).encode(encoding, errors="surrogatepass" if "utf" in encoding else "replace")
    data += garbage

    def run():
        frame = importing.read_csv(data)
        mapping = importing.suggest_mapping(list(frame.columns))
        preview = importing.preview_import(cur, senco, frame, mapping, TODAY)
        return importing.apply_import(cur, senco, preview, TODAY)

    if attempt(cur, run) is None:
        return
    exported = exporting.export_register(cur, senco, register_listing.RegisterFilter(), "all")
    assert formula_cells(exported) == []


CONTACTS_HEADER = [
    "UPN", "Contact Name", "Relationship", "Priority", "Parental Responsibility", "Mobile",
    "Email", "Address Line 1",
]  # fmt: skip


@FAST
@given(
    cells=st.lists(
        st.tuples(st.lists(hostile_text(20), min_size=2, max_size=3).map(" ".join),
                  mostly("Mother"), mostly("1"), mostly("Yes"),
                  mostly("07700 900123"), mostly(""), anything(40)),
        min_size=1, max_size=3,
    ),
    encoding=st.sampled_from(ENCODINGS),
)  # fmt: skip
def test_the_contacts_import_takes_hostile_files_or_names_the_problem(cur, staff, cells, encoding):
    senco = staff["senco"]
    rows = [[school.make_upn(ALEX), *row] for row in cells]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([CONTACTS_HEADER, *rows])
    data = out.getvalue().encode(
        encoding, errors="surrogatepass" if "utf" in encoding else "replace"
    )

    def run():
        frame = importing.read_csv(data)
        mapping = importing.suggest_mapping(list(frame.columns), importing.contact_rows.ALIASES)
        preview = importing.preview_contacts(cur, senco, frame, mapping)
        return importing.apply_contacts(cur, senco, preview)

    if attempt(cur, run) is None:
        return
    # Whatever was saved is a contact the form itself would save unchanged.
    for saved in contacts.list_contacts(cur, ALEX):
        values = {k: getattr(saved, k) for k in contacts.LABELS}
        clean, problems = contacts.validate_contact(values)
        assert problems == []
        assert {k: clean[k] for k in values} == values


# --- shown on screen --------------------------------------------------------------------------

# Every character that starts Markdown, HTML or an entity (&lt; would show as <).
SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:&")


def read_back(shown: str) -> tuple[str, list[str]]:
    """What Markdown shows for md_escape's output, and the specials no backslash escapes."""
    text, loose, escaped = [], [], False
    for ch in shown:
        if escaped:
            escaped = False
            text.append(ch)
        elif ch == "\\":
            escaped = True
        else:
            text.append(ch)
            if ch in SPECIALS:
                loose.append(ch)
    return "".join(text), loose


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(hostile_text(200), st.text()))
def test_md_escape_leaves_no_markdown_special_unescaped(text):
    assert read_back(ui.md_escape(text)) == (text, [])


# --- the bugs these properties found, as plain examples ---------------------------------------


def test_a_superscript_digit_is_not_a_year_group(cur, staff):
    # '²'.isdigit() is True but int('²') fails: it used to crash the pupil form.
    with pytest.raises(ValidationError, match="Year group: '²' is not a year group"):
        register.save_pupil(cur, staff["senco"], _pupil(year_group="²"), TODAY)
    with pytest.raises(ValidationError, match="Year group"):
        register.save_pupil(cur, staff["senco"], _pupil(year_group=99), TODAY)


@pytest.mark.parametrize(
    ("save", "field"),
    [
        (lambda c, s: register.save_pupil(c, s["senco"], _pupil(strengths="🙂\ud83d"), TODAY),
         "Strengths"),
        (lambda c, s: entries.save_entry(c, s["senco"], ALEX, {
            "happened_at": NOW, "channel": "phone", "direction": "to parent",
            "subject": "Call", "summary": "Half an emoji \ud83d",
        }, [], NOW), "Summary"),
        (lambda c, s: entries.save_entry(c, s["senco"], ALEX, {
            "happened_at": NOW, "channel": "phone", "direction": "to parent",
            "subject": "Call", "summary": "Called.",
        }, [{"description": "Ring back", "owner_kind": "staff", "owner_username": "t\ud800",
             "due_date": TODAY}], NOW), "Action 1, Owner"),
        (lambda c, s: school_settings.save_settings(c, s["senco"], "Oak \udc00", 5),
         "School name"),
        (lambda c, s: users.create_account(
            c, s["senco"], "newbie", "New \ud800", "teacher", "long enough password"), "Name"),
        (lambda c, s: users.create_account(
            c, s["senco"], "newbie", "New Person", "teacher", "long enough \ud800"), "Password"),
    ],
    ids=["pupil", "contact", "action owner", "school name", "account name", "password"],
)  # fmt: skip
def test_a_broken_character_is_refused_naming_the_field(cur, staff, save, field):
    # A lone surrogate (half an emoji) cannot be stored: DuckDB raised an encoding error.
    before = row_counts(cur)
    with pytest.raises(ValidationError, match=f"{field}: holds a broken character"):
        save(cur, staff)
    assert row_counts(cur) == before


def test_a_broken_character_in_a_booking_agenda_or_pack_is_refused(cur, staff, slots):
    slot = surgery_slots.free_slots(cur, NOW, 1)[0].slot_id
    with pytest.raises(ValidationError, match="Agenda: holds a broken character"):
        bookings.book(cur, staff["office"], slot, ZOE, ZOE, "phone", "\ud800", NOW)
    move = {"move_kind": "class to class", "receiving_setting": "Oak \ud800",
            "move_date": date(2027, 9, 2)}  # fmt: skip
    with pytest.raises(ValidationError, match="Moving to: holds a broken character"):
        packs.start_pack(cur, staff["senco"], ALEX, move, TODAY, NOW)
    move["receiving_setting"] = "Oak Class"
    pack = packs.start_pack(cur, staff["senco"], ALEX, move, TODAY, NOW)
    with pytest.raises(ValidationError, match="About me: holds a broken character"):
        packs.save_version(cur, staff["senco"], pack, {"about_me": "\udfff"}, [], NOW)


def test_a_class_or_a_staff_name_of_ten_thousand_characters_is_refused(cur, staff):
    with pytest.raises(ValidationError, match="Class: is longer than 100 characters"):
        register.save_pupil(cur, staff["senco"], _pupil(class_name="5A" * 5000), TODAY)
    with pytest.raises(ValidationError, match="Name: must be at most 100 characters"):
        users.create_account(
            cur, staff["senco"], "newbie", "N" * 10_000, "teacher", "long enough password"
        )


def test_md_escape_keeps_an_entity_as_typed():
    assert ui.md_escape("&lt;b&gt; **x**") == "\\&lt;b\\&gt; \\*\\*x\\*\\*"


# --- through the pages ------------------------------------------------------------------------

HOSTILE_NAME = "**Zo\u200bë** [x](javascript:alert(1)) <img src=x onerror=alert(1)> &lt;"
HOSTILE_NOTE = '=HYPERLINK("http://example.org") \u202eevil\u202c <script>alert(1)</script> 😀'


def test_the_profile_page_shows_a_hostile_name_and_note_literally(school_copy):
    conn = db.connect(school_copy)
    cur = db.cursor(conn)
    senco = users.get_user(cur, "senco")
    values = {**register.get_pupil(cur, senco, 3).__dict__, "known_as": HOSTILE_NAME,
              "strengths": HOSTILE_NOTE}  # fmt: skip
    register.save_pupil(cur, senco, values, TODAY, pupil_id=3)
    conn.close()
    at = run_page("pages/pupil.py", "senco", {"pupil": "3"})
    assert not at.exception
    assert read_back(at.title[0].value) == (f"{HOSTILE_NAME} Nguyễn", [])
    assert ui.md_escape(HOSTILE_NOTE) in shown_text(at)


def test_the_timeline_page_shows_a_hostile_summary_as_typed(school_copy):
    conn = db.connect(school_copy)
    cur = db.cursor(conn)
    entry = {"happened_at": NOW - timedelta(hours=1), "channel": "phone",
             "direction": "to parent", "subject": HOSTILE_NAME, "summary": HOSTILE_NOTE}  # fmt: skip
    entries.save_entry(cur, users.get_user(cur, "senco"), ALEX, entry, [], NOW)
    conn.close()
    at = run_page("pages/timeline.py", "senco", {"pupil": str(ALEX)})
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Subject"]) == [HOSTILE_NAME]
    assert list(table["Summary"]) == [HOSTILE_NOTE]


# --- the local authority's term dates file ----------------------------------------------------


@FAST
@given(
    what=anything(),
    data=st.one_of(st.binary(max_size=300), st.just(b"BEGIN:VCALENDAR\r\n")),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_a_term_dates_file_is_read_or_its_problems_named(cur, staff, what, data, encoding):
    rows = f"What,Starts,Ends\n{what.replace(chr(10), ' ')},02/09/2027,\n"
    for sent in (data, rows.encode(encoding, errors="replace")):
        preview = term_import.preview_term_file(sent, "la.csv")
        assert preview.problems or preview.terms
        for problem in preview.problems:
            assert str(problem.field).strip() and problem.message.strip()
        if not preview.ok:
            before = row_counts(cur)
            with pytest.raises(ValidationError):
                changes.import_term_dates(cur, staff["senco"], preview, TODAY)
            assert row_counts(cur) == before
