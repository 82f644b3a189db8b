"""The local authority's term dates loaded from its file (.ics or CSV): every entry sorted into
terms and closures, each problem named by its row, saved all or nothing by the SENCo only, and
the surgery sessions kept in step."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import icalendar
import pytest

from sendlib import db
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.school import calendar, changes, term_import
from sendlib.school.term_dates import Closure, Term
from sendlib.surgery import sessions
from tests.school import TODAY

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_term_dates.csv"


def d(text: str) -> date:
    return date.fromisoformat(text)


def csv(*rows: str) -> bytes:
    return ("What,Starts,Ends\n" + "\n".join(rows) + "\n").encode()


def problems(preview) -> list[str]:
    return [str(p) for p in preview.problems]


def test_the_sample_file_gives_three_terms_and_the_closures_in_them():
    preview = term_import.preview_term_file(SAMPLE.read_bytes(), "la.csv")
    assert preview.ok, preview.problems
    assert preview.terms == {2027: [
        Term(2027, "autumn", d("2027-09-02"), d("2027-12-17")),
        Term(2027, "spring", d("2028-01-05"), d("2028-03-31")),
        Term(2027, "summer", d("2028-04-18"), d("2028-07-21")),
    ]}  # fmt: skip
    assert [(c.starts, c.reason) for c in preview.closures] == [
        (d("2027-10-25"), "half term"),
        (d("2028-02-14"), "half term"),
        (d("2028-05-29"), "half term"),
    ]
    # INSET days before a term starts, and holidays between terms, are outside the terms.
    assert [(e.row, e.what) for e in preview.ignored] == [
        (2, "INSET day"), (5, "Christmas holiday"), (6, "INSET day"), (9, "Easter holiday"),
        (12, "Summer holiday"),
    ]  # fmt: skip


def _ics(*events: tuple[str, date, date | None]) -> bytes:
    found = icalendar.Calendar()
    found.add("prodid", "-//Local authority//Term dates//EN")
    found.add("version", "2.0")
    for summary, starts, after in events:
        event = icalendar.Event()
        event.add("summary", summary)
        event.add("dtstart", starts)
        if after:
            event.add("dtend", after)  # all day: the day after the last
        found.add_component(event)
    return found.to_ical()


def test_a_calendar_file_with_first_and_last_days_marked_is_read():
    data = _ics(
        ("Autumn Term Starts", d("2027-09-02"), None),
        ("Autumn Term Ends", d("2027-12-17"), None),
        ("Half Term", d("2027-10-25"), d("2027-10-30")),
        ("Spring term starts", d("2028-01-05"), None),
        ("Spring term ends", d("2028-03-31"), None),
        ("Summer term", d("2028-04-18"), d("2028-07-22")),
        ("Coronation bank holiday", d("2028-05-08"), d("2028-05-09")),
    )
    preview = term_import.preview_term_file(data, "la.ics")
    assert preview.ok, preview.problems
    assert [(t.name, t.starts, t.ends) for t in preview.terms[2027]] == [
        ("autumn", d("2027-09-02"), d("2027-12-17")),
        ("spring", d("2028-01-05"), d("2028-03-31")),
        ("summer", d("2028-04-18"), d("2028-07-21")),
    ]
    assert preview.closures == [
        Closure(d("2027-10-25"), d("2027-10-29"), "half term"),
        Closure(d("2028-05-08"), d("2028-05-08"), "Coronation bank holiday"),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (("Sports day,10/06/2028,",), "Row 2: 'Sports day' is not a term, a half term or a closure"),
        (("Autumn term,31/02/2027,17/12/2027",), "Row 2: Starts: '31/02/2027' is not a date"),
        (("Autumn term,02/09/2027,soon",), "Row 2: Ends: 'soon' is not a date"),
        (("Half term,29/10/2027,25/10/2027",), "Row 2: 'Half term' ends before it starts"),
        (("Autumn term starts,02/09/2027,",), "Autumn term 2027/28: the file does not say when it ends"),
        (("Autumn term,02/09/2027,17/12/2027",), "2027/28: Terms: give the autumn, spring and summer"),
        (
            ("Autumn term,02/09/2027,17/12/2027", "Spring term,10/12/2027,31/03/2028",
             "Summer term,18/04/2028,21/07/2028"),
            "2027/28: Spring term: starts before the autumn term ends",
        ),
    ],
)  # fmt: skip
def test_each_problem_names_its_row_or_term(rows, expected):
    preview = term_import.preview_term_file(csv(*rows), "la.csv")
    assert not preview.ok
    assert any(p.startswith(expected) for p in problems(preview)), problems(preview)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "File: is not a CSV file that can be read"),
        (b"Day,Note\n02/09/2027,Start\n", "File: needs a column saying what each entry is"),
        (b"BEGIN:VCALENDAR\nthis is not", "File: is not a calendar file that can be read"),
        (csv("Christmas holiday,20/12/2027,31/12/2027"), "File: gives no term dates"),
    ],
)
def test_a_file_that_is_not_term_dates_is_refused_whole(data, expected):
    preview = term_import.preview_term_file(data, "la.csv")
    assert not preview.ok
    assert any(p.startswith(expected) for p in problems(preview)), problems(preview)


def test_loading_replaces_the_years_terms_and_half_terms_and_keeps_the_schools_inset_days(
    cur, staff
):
    senco = staff["senco"]
    inset = calendar.add_closure(cur, senco, d("2027-11-15"), None, "INSET day")
    preview = term_import.preview_term_file(SAMPLE.read_bytes(), "la.csv")
    added = changes.import_term_dates(cur, senco, preview, TODAY)
    assert added == 3
    assert calendar.list_terms(cur, 2027) == preview.terms[2027]
    listed = calendar.list_closures(cur, d("2027-09-01"), d("2028-08-31"))
    half_terms = [c.starts for c in listed if c.reason == "half term"]
    assert half_terms == [d("2027-10-25"), d("2028-02-14"), d("2028-05-29")]
    assert inset in {c.closure_id for c in listed}
    assert calendar.is_school_day(cur, d("2027-09-02"))
    assert not calendar.is_school_day(cur, d("2027-09-01"))  # before the LA's autumn term
    detail = db.scalar(cur, "SELECT detail FROM audit_log WHERE action = 'import term dates'")
    assert detail == "la.csv: 2027/28, 3 closures"
    # The same file again adds nothing twice.
    assert changes.import_term_dates(cur, senco, preview, TODAY) == 3
    assert len(calendar.list_closures(cur, d("2027-09-01"), d("2028-08-31"))) == len(listed)


def test_surgery_sessions_follow_the_loaded_dates(cur, staff):
    senco = staff["senco"]
    mondays = {"weekday": 0, "starts": time(13, 30), "ends": time(15, 10), "slot_count": 5,
               "slot_minutes": 20, "place": "SENCo office", "remote_details": None}  # fmt: skip
    sessions.save_pattern(cur, senco, mondays, d("2027-09-06"))
    held = {s.session_date for s in sessions.list_sessions(cur, d("2027-09-01"), d("2027-12-31"))}
    assert d("2027-11-01") in held  # the default half term was the week before
    preview = term_import.preview_term_file(
        SAMPLE.read_bytes().replace(b"25/10/2027,29/10/2027", b"01/11/2027,05/11/2027"), "la.csv"
    )
    changes.import_term_dates(cur, senco, preview, d("2027-09-06"))
    held = {s.session_date for s in sessions.list_sessions(cur, d("2027-09-01"), d("2027-12-31"))}
    assert d("2027-11-01") not in held and d("2027-10-25") in held


@pytest.mark.parametrize("role", ["teacher", "office", "viewer"])
def test_only_the_senco_loads_term_dates(cur, staff, role):
    preview = term_import.preview_term_file(SAMPLE.read_bytes(), "la.csv")
    with pytest.raises(PermissionDenied):
        changes.import_term_dates(cur, staff[role], preview, TODAY)
    assert db.scalar(cur, "SELECT count(*) FROM terms WHERE academic_year = 2027") == 0


def test_a_file_with_problems_saves_nothing(cur, staff):
    preview = term_import.preview_term_file(csv("Sports day,10/06/2028,"), "la.csv")
    with pytest.raises(ValidationError):
        changes.import_term_dates(cur, staff["senco"], preview, TODAY)
    assert db.scalar(cur, "SELECT count(*) FROM audit_log WHERE action = 'import term dates'") == 0


def test_a_file_of_terms_alone_keeps_the_half_terms_held(cur, staff):
    data = csv(
        "Autumn term,03/09/2027,17/12/2027",
        "Spring term,05/01/2028,24/03/2028",
        "Summer term,10/04/2028,21/07/2028",
    )
    assert (
        changes.import_term_dates(
            cur, staff["senco"], term_import.preview_term_file(data, "la.csv"), TODAY
        )
        == 0
    )
    assert calendar.list_terms(cur, 2027)[0].starts == d("2027-09-03")
    listed = calendar.list_closures(cur, d("2027-09-01"), d("2028-08-31"))
    assert [c.reason for c in listed].count("half term") == 3
