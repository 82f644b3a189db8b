"""A small, known school for tests: four staff accounts and a handful of pupils."""

from __future__ import annotations

from datetime import date, datetime, time

from stdnum.gb import upn as upn_rules

from sendlib import db, users
from sendlib.pupils import register
from sendlib.school.calendar import SCHOOL_TZ

TODAY = date(2026, 11, 23)
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


def make_upn(serial: int) -> str:
    """A valid UPN for school 801/2000, issued in 2020, with this serial number."""
    body = f"801200002{serial:03d}"
    return upn_rules.calc_check_digit(body) + body


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


PUPILS = [
    # forename, surname, known as, dob, year, class, status, primary, secondary
    ("Zoë", "O'Connor-Smith", None, "2019-05-03", 2, "2A", "K", "SLCN", "ASD"),
    ("Łukasz", "Nowak", None, "2018-01-12", 3, "3B", "E", "ASD", None),
    ("Alexander", "Nguyễn", "Alex", "2016-10-30", 5, "5A", "K", "SPLD", None),
    ("Siobhán", "Murphy", None, "2016-02-14", 5, "5A", "monitoring", None, None),
    ("<script>alert(1)</script>", "Jones", None, "2017-03-09", 4, "4A", "K", "SEMH", None),
    ("Amir", "Khan", None, "2015-07-21", 6, "6A", None, None, None),
]


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
    cur.execute(
        "INSERT INTO contacts (pupil_id, name, relationship, form_of_address, preferred_channel, "
        "language, interpreter_needed, phone, email) VALUES "
        "(1, 'Aoife O''Connor', 'mother', 'Ms O''Connor', 'email', 'English', false, "
        "'07700 900123', 'aoife@example.org'), "
        "(2, 'Katarzyna Nowak', 'mother', 'Mrs Nowak', 'phone', 'Polish', true, '07700 900456', "
        "NULL), "
        "(3, 'Linh Nguyễn', 'mother', 'Mrs Nguyễn', 'text', 'Vietnamese', false, '07700 900789', "
        "NULL)"
    )
    return accounts
