"""Test data as code: a few pupils with parents, agencies and plans, for profile and PDF tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import bcrypt
from stdnum.gb import upn as upn_rules

from sendlib import users
from sendlib.pupils import register
from sendlib.users import User

TODAY = date(2025, 3, 10)
SCRIPT = "<script>alert('hi')</script>"
RESTRICTED_NOTE = "Early Help assessment open; speak to the DSL before any home visit."


def make_upn(serial: int) -> str:
    """A valid UPN for LA 801 (Bristol), numbered from serial."""
    body = f"801200{serial:06d}"
    return upn_rules.calc_check_digit(body) + body


def cheap_passwords(monkeypatch) -> None:
    """bcrypt at its fewest rounds: these tests make accounts, they do not test passwords."""
    monkeypatch.setattr(
        users,
        "hash_password",
        lambda password: bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode(),
    )


@dataclass(frozen=True)
class School:
    senco: User
    teacher_4b: User
    teacher_5a: User
    zoe: int
    lukasz: int


def add_pupil(cur, senco: User, serial: int, **values) -> int:
    """Save a pupil through register.save_pupil, with sensible defaults for what is not given."""
    base = {
        "upn": make_upn(serial),
        "legal_forename": f"Pupil{serial}",
        "legal_surname": "Test",
        "date_of_birth": date(2016, 2, 14),
        "year_group": 4,
        "class_name": "4B",
        "status": "K",
        "primary_need": "SPLD",
    }
    return register.save_pupil(cur, senco, {**base, **values}, TODAY).pupil_id


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
    columns = {"pupil_id": pupil_id, "name": name, "relationship": relationship, **values}
    marks = ", ".join("?" for _ in columns)
    cur.execute(
        f"INSERT INTO contacts ({', '.join(columns)}) VALUES ({marks})", list(columns.values())
    )


def add_agency(cur, pupil_id: int, service: str, **values) -> None:
    columns = {"pupil_id": pupil_id, "service": service, **values}
    marks = ", ".join("?" for _ in columns)
    cur.execute(
        f"INSERT INTO agencies ({', '.join(columns)}) VALUES ({marks})", list(columns.values())
    )


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


def build_school(cur) -> School:
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
        "INSERT INTO ehc_plans VALUES (?, ?, ?, ?, ?, ?)",
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
        contact="ffion.evans@nhs.example",
        referral_date=date(2024, 1, 15),
        status="involved",
        report_received=True,
    )
    add_agency(cur, zoe, "CAMHS", referral_date=date(2024, 11, 2), status="waiting list")

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
    return School(senco, teacher_4b, teacher_5a, zoe, lukasz)
