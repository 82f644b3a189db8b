"""Test data as code, in one place.

- The test school (`populate`): four staff accounts and six pupils, three with a parent on record.
  conftest.py's `staff` fixture builds it for a test; `school_copy` serves a copy to the pages.
- Its timeline and surgery (`log`, `entry`, `action`, `book`): entries, promises and bookings.
- The profile school (`build_profile_school`): two pupils with whole records, for the profile and
  printing tests.
- Every table about a pupil (`add_full_record`, `add_leaver`, `pupil_tables`): for the subject
  access and retention tests.
- A large timeline (`build_large_timeline`): many pupils and entries in one insert each.

Each builder takes a cursor on a migrated database. Pupils, accounts and entries are saved through
the app's own functions, as a user would make them (parents and carers too); rows with no form of
their own (agencies, plans, a leaver's date of birth, surgery bookings of the past) go straight
into tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import bcrypt
import numpy as np
import pandas as pd
from stdnum.gb import upn as upn_rules

from sendlib import audit, db, users
from sendlib.pupils import contacts, register
from sendlib.timeline import entries
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

# ---------------------------------------------------------------------------------------------
# The test school

TODAY = date(2026, 11, 23)  # a Monday
PASSWORD = "correct horse battery"
# Late afternoon on TODAY, as the app's clock reads when the day is pinned.
NOW = datetime(2026, 11, 23, 16, 30, tzinfo=SCHOOL_TZ)
# The SENCo's weekly parent surgery: Tuesdays 13:30 to 15:10, five slots of 20 minutes.
TUESDAYS = {
    "weekday": 1,
    "starts": time(13, 30),
    "ends": time(15, 10),
    "slot_count": 5,
    "slot_minutes": 20,
    "place": "SENCo office",
    "remote_details": "https://meet.example.org/senco",
}

PUPILS = [
    # forename, surname, known as, dob, year, class, status, primary, secondary
    ("Zoë", "O'Connor-Smith", None, "2019-05-03", 2, "2A", "K", "SLCN", "ASD"),
    ("Łukasz", "Nowak", None, "2018-01-12", 3, "3B", "E", "ASD", None),
    ("Alexander", "Nguyễn", "Alex", "2016-10-30", 5, "5A", "K", "SPLD", None),
    ("Siobhán", "Murphy", None, "2016-02-14", 5, "5A", "monitoring", None, None),
    ("<script>alert(1)</script>", "Jones", None, "2017-03-09", 4, "4A", "K", "SEMH", None),
    ("Amir", "Khan", None, "2015-07-21", 6, "6A", None, None, None),
]
# Their pupil ids. Zoë is in 2A and Łukasz in 3B; Alex and Siobhán are in 5A, the teacher's class.
ZOE, LUKASZ, ALEX, SIOBHAN, JONES, AMIR = 1, 2, 3, 4, 5, 6
# Each pupil with a parent on record, and that parent's contact id (the same number).
CONTACTS = {ZOE: 1, LUKASZ: 2, ALEX: 3}
PARENTS = {
    ZOE: {
        "title": "Ms", "forename": "Aoife", "surname": "O'Connor", "relationship": "mother",
        "form_of_address": "Ms O'Connor", "preferred_channel": "email", "email_consent": True,
        "phone": "07700 900123", "email": "aoife@example.org",
    },
    LUKASZ: {
        "title": "Mrs", "forename": "Katarzyna", "surname": "Nowak", "relationship": "mother",
        "form_of_address": "Mrs Nowak", "preferred_channel": "phone", "language": "Polish",
        "interpreter_needed": True, "phone": "07700 900456",
    },
    ALEX: {
        "title": "Mrs", "forename": "Linh", "surname": "Nguyễn", "relationship": "mother",
        "form_of_address": "Mrs Nguyễn", "preferred_channel": "text", "language": "Vietnamese",
        "phone": "07700 900789",
    },
}  # fmt: skip


def make_upn(serial: int, prefix: str = "801200002") -> str:
    """A valid UPN with this serial number; by default for school 801/2000, issued in 2020."""
    body = f"{prefix}{serial:0{12 - len(prefix)}d}"
    return upn_rules.calc_check_digit(body) + body


def cheap_passwords(monkeypatch) -> None:
    """bcrypt at its fewest rounds: these tests make accounts, they do not test passwords."""
    monkeypatch.setattr(
        users,
        "hash_password",
        lambda password: bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode(),
    )


def _insert(cur: db.Cursor, table: str, values: dict) -> int | None:
    """One row straight into a table; its first column (the id) back."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    row = cur.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING *", list(values.values())
    ).fetchone()
    return row[0]


def new_pupil(serial: int, **values) -> dict:
    """A valid Year 5 pupil on SEN support, not yet on the register, changed as asked."""
    return {
        "upn": make_upn(serial),
        "legal_forename": "Maya",
        "legal_surname": "Okoro",
        "date_of_birth": "2016-04-01",
        "year_group": 5,
        "class_name": "5A",
        "status": "K",
        "primary_need": "SPLD",
        **values,
    }


def populate(cur: db.Cursor) -> dict[str, users.User]:
    """Fill an empty database with the test school; returns the accounts by role."""
    db.set_setting(cur, "school_name", "Test Primary School")
    accounts = {
        "senco": users.add_user(cur, "senco", "Sam Senco", "senco", PASSWORD),
        "teacher": users.add_user(
            cur, "teacher", "Tia Teacher", "teacher", PASSWORD, classes=["5A"]
        ),
        "office": users.add_user(cur, "office", "Olu Office", "office", PASSWORD),
        "viewer": users.add_user(cur, "head", "Hana Head", "viewer", PASSWORD),
    }
    for serial, (first, last, known, dob, year, klass, status, primary, secondary) in enumerate(
        PUPILS, start=1
    ):
        register.save_pupil(
            cur,
            accounts["senco"],
            {
                "upn": make_upn(serial),
                "legal_forename": first,
                "legal_surname": last,
                "known_as": known,
                "date_of_birth": dob,
                "year_group": year,
                "class_name": klass,
                "status": status,
                "primary_need": primary,
                "secondary_need": secondary,
                "strengths": f"{known or first} is kind and curious.",
                "restricted_notes": "Speak to the SENCo before calling home."
                if serial == 1
                else None,
            },
            TODAY,
        )
    for pupil_id, parent in PARENTS.items():
        contacts.save_contact(cur, accounts["senco"], pupil_id, parent)
    return accounts


# Names in every script a school in England meets: script -> (a pupil's forename and surname,
# their parent's forename and surname, the font that prints them)
SCRIPT_NAMES = {
    "Arabic": ("محمد", "علي", "فاطمة", "حسن", "NotoSansArabic"),
    "Urdu": ("عائشہ", "خان", "نسرین", "بیگم", "NotoSansArabic"),
    "Bengali": ("সুমাইয়া", "বেগম", "রহিমা", "খাতুন", "NotoSansBengali"),
    "Gurmukhi": ("ਗੁਰਪ੍ਰੀਤ", "ਸਿੰਘ", "ਹਰਪ੍ਰੀਤ", "ਕੌਰ", "NotoSansGurmukhi"),
    "Devanagari": ("प्रिया", "शर्मा", "सुनीता", "देवी", "NotoSansDevanagari"),
    "Gujarati": ("પ્રિયા", "પટેલ", "હેમા", "પટેલ", "NotoSansGujarati"),
    "Tamil": ("தமிழ்செல்வி", "ராஜா", "லட்சுமி", "ராஜா", "NotoSansTamil"),
    "Chinese": ("小明", "王", "美玲", "陳", "NotoSansCJKSC"),
    "Latin": ("Łukasz", "Wiśniewski", "Ștefania", "Popescu", "DejaVuSansBook"),
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The test school's timeline, promise ledger and surgery bookings

# The clock the timeline is written at: 4 pm on TODAY (half an hour before NOW).
TIMELINE_NOW = datetime(2026, 11, 23, 16, 0, tzinfo=SCHOOL_TZ)


def at(text: str) -> datetime:
    """A time in England: at("2026-11-16 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SCHOOL_TZ)


def entry(**changes) -> dict:
    """A valid email from a parent, changed as asked."""
    return {
        "happened_at": datetime(2026, 11, 20, 15, 30, tzinfo=SCHOOL_TZ),
        "channel": "email",
        "direction": "from parent",
        "subject": "Reading at home",
        "summary": "Asked how to help with phonics at home.",
        **changes,
    }


def action(**changes) -> dict:
    """A valid action owned by the teacher, changed as asked."""
    return {
        "description": "Send home the phonics cards",
        "owner_kind": "staff",
        "owner_username": "teacher",
        "due_date": date(2026, 11, 27),
        **changes,
    }


def log(cur, user, pupil_id, actions=(), now=TIMELINE_NOW, **changes) -> int:
    """Save an entry (with its actions) and return its communication_id."""
    return entries.save_entry(cur, user, pupil_id, entry(**changes), list(actions), now)


def timeline_counts(cur) -> tuple[int, int, int]:
    """Communications, actions and audit rows: what a failed save must leave as it was."""
    return tuple(
        db.scalar(cur, f"SELECT count(*) FROM {table}")
        for table in ("communications", "actions", "audit_log")
    )


def book(
    cur,
    pupil_id: int,
    starts: datetime,
    status: str = "booked",
    communication_id: int | None = None,
    session_cancelled: bool = False,
) -> int:
    """A surgery booking in a one-off session, written as the surgery screens store it."""
    session_id = cur.execute(
        "INSERT INTO surgery_sessions (session_date, starts, ends, slot_count, slot_minutes, "
        "place, created_by, cancelled_at, cancelled_by, cancel_reason) "
        "VALUES (?, ?, ?, 1, 20, 'SENCo office', 'senco', ?, ?, ?) RETURNING session_id",
        [
            starts.date(),
            starts.time(),
            (starts + timedelta(minutes=20)).time(),
            *((at("2026-11-20 09:00"), "senco", "SENCo ill") if session_cancelled else (None,) * 3),
        ],
    ).fetchone()[0]
    slot_id = cur.execute(
        "INSERT INTO surgery_slots (session_id, position, starts_at, ends_at) "
        "VALUES (?, 1, ?, ?) RETURNING slot_id",
        [session_id, starts, starts + timedelta(minutes=20)],
    ).fetchone()[0]
    return cur.execute(
        "INSERT INTO bookings (slot_id, active_slot_id, status, pupil_id, contact_id, mode, "
        "booked_by, booked_at, communication_id) "
        "VALUES (?, ?, ?, ?, ?, 'in person', 'office', ?, ?) RETURNING booking_id",
        [
            slot_id,
            None if status == "cancelled" else slot_id,
            status,
            pupil_id,
            CONTACTS[pupil_id],
            at("2026-11-02 09:00"),
            communication_id,
        ],
    ).fetchone()[0]


# ---------------------------------------------------------------------------------------------
# The profile school: two pupils in two classes with whole records, seen on an earlier day

PROFILE_TODAY = date(2025, 3, 10)
SCRIPT = "<script>alert('hi')</script>"
RESTRICTED_NOTE = "Early Help assessment open; speak to the DSL before any home visit."


def profile_upn(serial: int) -> str:
    """A valid UPN for the profile school's pupils: LA 801 (Bristol), numbered from serial."""
    return make_upn(serial, prefix="801200")


@dataclass(frozen=True)
class ProfileSchool:
    senco: User
    teacher_4b: User
    teacher_5a: User
    zoe: int
    lukasz: int


def add_pupil(cur, senco: User, serial: int, **values) -> int:
    """Save a pupil through register.save_pupil, with sensible defaults for what is not given."""
    base = {
        "upn": profile_upn(serial),
        "legal_forename": f"Pupil{serial}",
        "legal_surname": "Test",
        "date_of_birth": date(2016, 2, 14),
        "year_group": 4,
        "class_name": "4B",
        "status": "K",
        "primary_need": "SPLD",
    }
    return register.save_pupil(cur, senco, {**base, **values}, PROFILE_TODAY).pupil_id


def set_history(cur, pupil_id: int, periods: list[tuple[str, date, str]]) -> None:
    """Replace a pupil's open status by dated periods, each ending when the next begins."""
    open_status = cur.execute(
        "SELECT status FROM sen_status WHERE pupil_id = ? AND end_date IS NULL", [pupil_id]
    ).fetchall()[0][0]
    cur.execute("DELETE FROM sen_status WHERE pupil_id = ?", [pupil_id])
    ends = [start for _, start, _ in periods[1:]] + [None]
    for (status, start, reason), end in zip(periods, ends, strict=True):
        cur.execute(
            "INSERT INTO sen_status (pupil_id, status, start_date, end_date, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            [pupil_id, status, start, end, reason],
        )
    assert periods[-1][0] == open_status


def add_contact(cur, pupil_id: int, name: str, relationship: str, **values) -> None:
    _insert(
        cur,
        "contacts",
        {"pupil_id": pupil_id, "name": name, "relationship": relationship, **values},
    )


def add_agency(cur, pupil_id: int, service: str, **values) -> None:
    _insert(cur, "agencies", {"pupil_id": pupil_id, "service": service, **values})


def add_plan(
    cur,
    pupil_id: int,
    start: date,
    review: date,
    outcomes: list[tuple[str, int | None]],
    provision: list[tuple[str, str, str]] = (),
    **values,
) -> int:
    columns = {"pupil_id": pupil_id, "start_date": start, "review_date": review, **values}
    marks = ", ".join("?" for _ in columns)
    plan_id = cur.execute(
        f"INSERT INTO plans ({', '.join(columns)}) VALUES ({marks}) RETURNING plan_id",
        list(columns.values()),
    ).fetchall()[0][0]
    for position, (text, rating) in enumerate(outcomes, start=1):
        cur.execute(
            "INSERT INTO plan_outcomes (plan_id, position, outcome, rating) VALUES (?, ?, ?, ?)",
            [plan_id, position, text, rating],
        )
    for description, frequency, delivered_by in provision:
        cur.execute(
            "INSERT INTO plan_provision (plan_id, description, frequency, delivered_by) "
            "VALUES (?, ?, ?, ?)",
            [plan_id, description, frequency, delivered_by],
        )
    return plan_id


def build_profile_school(cur) -> ProfileSchool:
    """Two pupils in two classes: Zoë (SEN support, full record) and Łukasz (EHC plan)."""
    senco = users.add_user(cur, "senco", "Ms Priya Ashworth", "senco", "correct-horse-1")
    teacher_4b = users.add_user(
        cur, "mr.hughes", "Mr Owen Hughes", "teacher", "correct-horse-2", classes=["4B"]
    )
    teacher_5a = users.add_user(
        cur, "mrs.begum", "Mrs Salma Begum", "teacher", "correct-horse-3", classes=["5A"]
    )
    zoe = add_pupil(
        cur,
        senco,
        1,
        legal_forename="Zoë",
        legal_surname="O'Connor-Smith",
        primary_need="ASD",
        secondary_need="SLCN",
        strengths=f"Loves drawing maps and trains. Typed this: {SCRIPT}",
        what_helps="A visual timetable; a warning before changes; ear defenders in assembly.",
        triggers="Loud, unexpected noises (fire drills, hand dryers).",
        adjustments="Leaves class two minutes early; may use the quiet room.",
        history="Born at 31 weeks; summer-born.",
        restricted_notes=RESTRICTED_NOTE,
    )
    lukasz = add_pupil(
        cur,
        senco,
        2,
        legal_forename="Łukasz",
        legal_surname="Dvořák",
        known_as="Luke",
        date_of_birth=date(2014, 11, 3),
        year_group=5,
        class_name="5A",
        status="E",
        primary_need="SEMH",
        first_language="Polish",
        eal=True,
    )
    # Histories that began before today, as if kept in the app for a while.
    set_history(
        cur,
        zoe,
        [
            ("monitoring", date(2023, 5, 2), "Concern raised by class teacher"),
            ("K", date(2023, 11, 20), "Assessment by the SENCo"),
        ],
    )
    set_history(
        cur,
        lukasz,
        [
            ("K", date(2022, 9, 5), "Joined from another school"),
            ("E", date(2024, 6, 1), "EHC plan issued"),
        ],
    )
    cur.execute(
        "INSERT INTO ehc_plans (pupil_id, issue_date, la_caseworker, caseworker_contact, "
        "last_review, next_review) VALUES (?, ?, ?, ?, ?, ?)",
        [lukasz, date(2024, 6, 1), "Nguyễn Thị Lan", "0117 496 0000", None, date(2025, 5, 20)],
    )

    add_contact(
        cur,
        zoe,
        "Siobhán O'Connor-Smith",
        "Mother",
        form_of_address="Ms O'Connor-Smith",
        preferred_channel="email",
        email_before_calling=True,
        best_times="After 3.30pm on weekdays",
        difficult_times="Mondays (works nights)",
        barriers="Younger sibling at home; no car",
        phone="07700 900123",
        email="siobhan@example.org",
    )
    add_contact(
        cur,
        zoe,
        "Nguyễn Văn An",
        "Stepfather",
        parental_responsibility=False,
        form_of_address="Mr Nguyễn",
        preferred_channel="text",
        language="Vietnamese",
        interpreter_needed=True,
        household=2,
    )
    add_agency(
        cur,
        zoe,
        "SALT",
        practitioner="Ffion Evans",
        email="ffion.evans@nhs.example",
        referral_date=date(2024, 1, 15),
        status="seen",
        report_received=True,
    )
    add_agency(cur, zoe, "CAMHS", referral_date=date(2024, 11, 2), status="waiting")

    add_plan(
        cur,
        zoe,
        date(2024, 9, 9),
        date(2024, 12, 13),
        [("Zoë will ask an adult for help using her help card", 1), ("Reads 20 tricky words", -1)],
        [("Social communication group", "Weekly, 30 minutes", "Mrs Patel (TA)")],
        evaluation="Good progress with the help card; tricky words need more practice at home.",
        reviewed_on=date(2024, 12, 13),
        agreed_with_parents=date(2024, 9, 20),
    )
    add_plan(
        cur,
        zoe,
        date(2025, 1, 6),
        date(2025, 4, 4),
        [("Zoë will take part in a small-group game for ten minutes", None)],
        [
            ("Lego therapy", "Twice a week, 20 minutes", "Mr Hughes"),
            ("Precision teaching of tricky words", "Daily, 5 minutes", "Mrs Patel (TA)"),
        ],
        parent_views="Ms O'Connor-Smith would like more notice of trips.",
        pupil_views="I like Lego club. I don't like the hand dryers.",
        agreed_with_parents=date(2025, 1, 17),
    )
    return ProfileSchool(senco, teacher_4b, teacher_5a, zoe, lukasz)


# ---------------------------------------------------------------------------------------------
# Every table about a pupil, for subject access and retention: rows in each, and a search of the
# schema for those tables written independently of sendlib's (information_schema here,
# duckdb_constraints() there)

# The tables of the migrations that hold rows about a pupil: the search must find at least these.
KNOWN_TABLES = {
    "pupils",
    "sen_status",
    "needs",
    "ehc_plans",
    "one_page_profiles",
    "contacts",
    "agencies",
    "plans",
    "plan_outcomes",
    "plan_provision",
    "communications",
    "actions",
    "bookings",
    "transition_packs",
    "pack_versions",
    "pack_tasks",
    "pack_events",
    "outbox",
    "audit_log",
}


def pupil_tables(cur: db.Cursor) -> dict[str, str]:
    """Table -> the SQL condition on its rows about the pupil $p: tables with a pupil_id, then
    (repeatedly) tables with a column named as such a table's one-column primary key."""
    columns: dict[str, set[str]] = {}
    for table, column in cur.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    keys: dict[str, list[str]] = {}
    for table, column in cur.execute(
        "SELECT k.table_name, k.column_name FROM information_schema.table_constraints t "
        "JOIN information_schema.key_column_usage k USING (constraint_name, table_name) "
        "WHERE t.constraint_type = 'PRIMARY KEY'"
    ).fetchall():
        keys.setdefault(table, []).append(column)
    found = {t: "pupil_id = $p" for t, cols in columns.items() if "pupil_id" in cols}
    while True:
        more = {}
        for table in set(columns) - set(found):
            for parent, condition in found.items():
                key = keys.get(parent, [])
                if len(key) == 1 and key[0] in columns[table]:
                    more.setdefault(table, []).append(
                        f"{key[0]} IN (SELECT {key[0]} FROM {parent} WHERE {condition})"
                    )
        if not more:
            return found
        found.update({t: " OR ".join(conditions) for t, conditions in more.items()})


def rows_about(cur: db.Cursor, pupil_id: int) -> dict[str, int]:
    """Rows about this pupil in each table the schema links to pupils."""
    return {
        table: db.scalar(cur, f"SELECT count(*) FROM {table} WHERE {condition}", {"p": pupil_id})
        for table, condition in sorted(pupil_tables(cur).items())
    }


def add_leaver(cur: db.Cursor, serial: int, born: date, left: date | None, name: str) -> int:
    """A pupil straight into the table (an adult's date of birth fails the form's year check)."""
    return cur.execute(
        "INSERT INTO pupils (upn, legal_forename, legal_surname, date_of_birth, year_group, "
        "class_name, restricted_notes, date_left) VALUES (?, ?, 'Leaver', ?, 6, '6A', ?, ?) "
        "RETURNING pupil_id",
        [make_upn(serial), name, born, f"Restricted about {name}.", left],
    ).fetchone()[0]


def add_full_record(cur: db.Cursor, pupil_id: int, tag: str) -> None:
    """One row for this pupil in every table that holds something about a pupil; `tag` marks
    the texts ("=SUM(A1)" in a parent's name checks CSV neutralising)."""
    when = datetime(2020, 6, 2, 9, 30, tzinfo=SCHOOL_TZ)
    if not db.scalar(cur, "SELECT count(*) FROM needs WHERE pupil_id = ?", [pupil_id]):
        # A pupil of the test school has these already.
        _insert(
            cur, "sen_status", {"pupil_id": pupil_id, "status": "K", "start_date": "2019-09-02"}
        )
        _insert(cur, "needs", {"pupil_id": pupil_id, "rank": 1, "code": "SLCN"})
    _insert(cur, "ehc_plans", {"pupil_id": pupil_id, "issue_date": "2019-11-04"})
    _insert(cur, "ehc_reviews", {"pupil_id": pupil_id, "meeting_date": "2020-10-05"})
    _insert(
        cur,
        "ehc_requests",
        {"pupil_id": pupil_id, "requested_on": "2019-05-13", "requested_by": "parents"},
    )
    _insert(
        cur,
        "one_page_profiles",
        {"pupil_id": pupil_id, "admired": f"{tag} admired", "updated_on": "2020-06-01",
         "updated_by": "senco"},
    )  # fmt: skip
    contact = _insert(
        cur,
        "contacts",
        {"pupil_id": pupil_id, "name": f"=SUM(A1) {tag} parent", "relationship": "mother"},
    )
    agency = _insert(cur, "agencies", {"pupil_id": pupil_id, "service": f"SALT for {tag}"})
    plan = _insert(
        cur,
        "plans",
        {"pupil_id": pupil_id, "start_date": "2019-09-02", "review_date": "2019-12-02"},
    )
    _insert(cur, "plan_outcomes", {"plan_id": plan, "position": 1, "outcome": f"{tag} outcome"})
    _insert(cur, "plan_provision", {"plan_id": plan, "description": f"{tag} provision"})
    communication = _insert(
        cur,
        "communications",
        {
            "pupil_id": pupil_id,
            "happened_at": when,
            "entered_by": "senco",
            "channel": "phone",
            "direction": "to parent",
            "contact_id": contact,
            "agency_id": agency,
            "subject": f"{tag} call",
            "summary": f"Spoke about {tag}.",
        },
    )
    action = _insert(
        cur,
        "actions",
        {
            "pupil_id": pupil_id,
            "communication_id": communication,
            "description": f"{tag} action",
            "owner_kind": "parent",
            "owner_name": "Parent",
            "due_date": "2020-06-09",
            "created_by": "senco",
        },
    )
    session = _insert(
        cur,
        "surgery_sessions",
        {
            "session_date": "2020-06-09",
            "starts": "13:30",
            "ends": "14:00",
            "slot_count": 1,
            "slot_minutes": 20,
            "place": "SENCo office",
            "created_by": "senco",
        },
    )
    slot = _insert(
        cur,
        "surgery_slots",
        {
            "session_id": session,
            "position": 1,
            "starts_at": datetime(2020, 6, 9, 13, 30, tzinfo=SCHOOL_TZ),
            "ends_at": datetime(2020, 6, 9, 13, 50, tzinfo=SCHOOL_TZ),
        },
    )
    _insert(
        cur,
        "bookings",
        {
            "slot_id": slot,
            "active_slot_id": slot,
            "status": "booked",
            "pupil_id": pupil_id,
            "contact_id": contact,
            "mode": "phone",
            "agenda": f"{tag} agenda",
            "booked_by": "office",
            "booked_at": when,
            "follow_up_action_id": action,
        },
    )
    pack = _insert(
        cur,
        "transition_packs",
        {
            "pupil_id": pupil_id,
            "move_kind": "primary to secondary",
            "receiving_setting": f"{tag} Academy",
            "move_date": "2020-09-03",
            "created_by": "senco",
        },
    )
    _insert(
        cur,
        "pack_versions",
        {
            "pack_id": pack,
            "version": 1,
            "sections": '{"about_me": "' + tag + ' likes trains"}',
            "saved_by": "senco",
            "saved_at": when,
        },
    )
    _insert(
        cur,
        "pack_tasks",
        {"pack_id": pack, "position": 1, "description": f"{tag} visit", "owner": "SENCo"},
    )
    _insert(
        cur,
        "pack_events",
        {
            "pack_id": pack,
            "status": "draft",
            "happened_on": "2020-06-02",
            "recorded_by": "senco",
            "recorded_at": when,
            "version": 1,
            "communication_id": communication,
        },
    )
    _insert(
        cur,
        "outbox",
        {
            "pupil_id": pupil_id,
            "contact_id": contact,
            "kind": "written record",
            "about_id": communication,
            "to_name": f"{tag} parent",
            "to_address": "parent@example.org",
            "subject": f"{tag} record",
            "body": f"The record of our meeting about {tag}.",
            "attachment_name": f"{tag} record.pdf",
            "attachment_type": "application/pdf",
            "attachment": f"%PDF {tag}".encode(),
            "queued_by": "senco",
            "queued_at": when,
        },
    )
    audit.record(cur, "senco", "view profile", pupil_id, f"{tag} detail")


# ---------------------------------------------------------------------------------------------
# A large generated timeline, for the tests of size


def build_large_timeline(
    cur: db.Cursor, rows: int, pupils: int, seed: int = 7, actions_per_entry: float = 0.3
) -> pd.DataFrame:
    """Add `pupils` pupils and `rows` communications from September 2024, with actions on
    some of them, each through one DataFrame insert; returns the communications as inserted."""
    rng = np.random.default_rng(seed)
    first_id = (db.scalar(cur, "SELECT max(pupil_id) FROM pupils") or 0) + 1
    classes = [f"{year}{letter}" for year in range(1, 7) for letter in "ABCDEFGH"]
    pupil_ids = np.arange(first_id, first_id + pupils)
    db.insert_frame(
        cur,
        "pupils",
        pd.DataFrame(
            {
                "pupil_id": pupil_ids,
                "upn": [f"Z{n:012d}" for n in pupil_ids],
                "legal_forename": [f"Forename{n}" for n in pupil_ids],
                "legal_surname": [f"Surname{n}" for n in pupil_ids],
                "date_of_birth": date(2018, 1, 1),
                "year_group": 3,
                "class_name": rng.choice(classes, pupils),
            }
        ),
    )
    start = pd.Timestamp("2024-09-02 08:00", tz=SCHOOL_TZ)
    minutes = rng.integers(0, 810 * 24 * 60, rows)  # to November 2026
    # Sorted, as a real timeline is written: day by day.
    happened = start + pd.to_timedelta(np.sort(minutes), unit="min")
    needs_reply = rng.random(rows) < 0.3
    replied = happened + pd.to_timedelta(rng.integers(10, 60 * 24 * 8, rows), unit="min")
    ids = db.reserve_ids(cur, "communication_seq", rows)
    frame = pd.DataFrame(
        {
            "communication_id": ids,
            "pupil_id": rng.choice(pupil_ids, rows),
            "happened_at": happened,
            "entered_at": happened,
            "entered_by": "senco",
            "channel": rng.choice(entries.CHANNELS, rows),
            "direction": rng.choice(("from parent", "with agency"), rows),
            "staff_username": rng.choice(("senco", "teacher"), rows),
            "subject": [f"Subject {n}" for n in ids],
            "summary": [f"Summary of conversation {n}" for n in ids],
            "needs_reply": needs_reply,
            "replied_at": pd.Series(replied).where(needs_reply & (rng.random(rows) < 0.8)),
        }
    )
    db.insert_frame(cur, "communications", frame)
    agreed = frame.sample(frac=actions_per_entry, random_state=seed)
    db.insert_frame(
        cur,
        "actions",
        pd.DataFrame(
            {
                "pupil_id": agreed["pupil_id"].to_numpy(),
                "communication_id": agreed["communication_id"].to_numpy(),
                "description": "Follow up",
                "owner_kind": "staff",
                "owner_username": "senco",
                "owner_name": "Sam Senco",
                "due_date": (agreed["happened_at"] + timedelta(days=7)).dt.date.to_numpy(),
                "done_date": None,
                "created_by": "senco",
            }
        ),
    )
    return frame
