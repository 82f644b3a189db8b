"""A fictional school for the demo and for benchmarks, built deterministically from a seed.

`build_school` fills an empty, migrated database with a whole school in one transaction: pupils
(with valid, unique UPNs), the SEN register with its status history, needs, EHC plans, parents and
carers, outside agencies, Assess-Plan-Do-Review cycles, the term dates and closures of the years
it spans, the communication timeline (calls, messages, meetings, replies), the promise ledger
(actions agreed with parents), the parent surgeries (pattern, sessions, bookings), and four demo
accounts. The same seed and the same `today` give identical data. The generators are
sendlib.demo.school (the register), sendlib.demo.timeline (the timeline and ledger) and
sendlib.demo.surgery (the surgeries); names and texts live in sendlib.demo.names and
sendlib.demo.timeline_words, the sizes in sendlib.demo.sizes and the accounts in
sendlib.demo.accounts. Nothing is dated after `today` at 16:00, the build's "now".

Leavers: pupils who were on the register and left in the last few school years are kept, archived
with `date_left` set (as the register archives them), with the year group and class they left
from. They are not counted in a size's number of pupils: `DemoSummary.pupils` counts pupils on
roll, `DemoSummary.leavers` the archived ones. Pupils who were never on the register and left are
not kept (their records are not SEN files).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date

import pandas as pd

from sendlib import access, audit, db
from sendlib.demo import about_me, accounts, surgery, transition
from sendlib.demo import timeline as demo_timeline
from sendlib.demo.accounts import DEMO_ACCOUNTS
from sendlib.demo.base import AGENCY_FIELDS, SchoolRows
from sendlib.demo.school import generate
from sendlib.demo.sizes import SIZES
from sendlib.errors import Problem, SendHubError, ValidationError
from sendlib.pupils import fields as pupils_module


class DatabaseNotEmpty(SendHubError):
    """The demo school is only ever built into an empty database."""


@dataclass(frozen=True)
class DemoSummary:
    """What build_school made. `pupils` counts pupils on roll; leavers are counted apart."""

    pupils: int
    on_register: int
    by_status: dict[str, int]
    contacts: int
    agencies: int
    plans: int
    leavers: int = 0
    communications: int = 0
    actions: int = 0
    surgery_sessions: int = 0
    bookings: int = 0

    def __str__(self) -> str:
        return (
            f"{self.pupils:,} pupils, {self.on_register:,} on the register "
            f"({self.by_status.get('K', 0):,} SEN support, {self.by_status.get('E', 0):,} EHC "
            f"plan, {self.by_status.get('monitoring', 0):,} monitoring), {self.leavers:,} "
            f"leavers, {self.contacts:,} parents and carers, {self.agencies:,} agencies, "
            f"{self.plans:,} plans, {self.communications:,} communications, "
            f"{self.actions:,} actions, {self.surgery_sessions:,} surgery sessions, "
            f"{self.bookings:,} surgery bookings"
        )


# ---------------------------------------------------------------------------------------------
# Building into the database

PUPIL_COLUMNS = [
    "pupil_id", "upn", "legal_forename", "legal_surname", "known_as", "date_of_birth",
    "year_group", "class_name", "gender", "first_language", "eal", "looked_after",
    "strengths", "what_helps", "triggers", "adjustments", "history", "restricted_notes",
    "date_left",
]  # fmt: skip
CONTACT_COLUMNS = [
    "contact_id", "pupil_id", "name", "relationship", "parental_responsibility", "form_of_address",
    "preferred_channel", "email_before_calling", "best_times", "difficult_times",
    "barriers", "language", "interpreter_needed", "phone", "email", "household", "priority",
    "title", "forename", "surname", "lives_with_pupil", "email_consent",
]  # fmt: skip
PLAN_COLUMNS = [
    "plan_id", "pupil_id", "start_date", "review_date", "parent_views", "pupil_views",
    "agreed_with_parents", "evaluation", "reviewed_on", "agreed_with",
]  # fmt: skip
STATUS_COLUMNS = ["pupil_id", "status", "start_date", "end_date", "reason"]
EHC_PLAN_COLUMNS = [
    "pupil_id", "issue_date", "la_caseworker", "last_review", "next_review", "local_authority",
    "caseworker_phone", "caseworker_email",
]  # fmt: skip
AGENCY_COLUMNS = ["agency_id", "pupil_id", *AGENCY_FIELDS]


def _check_empty(cur: db.Cursor) -> None:
    pupils = db.scalar(cur, "SELECT count(*) FROM pupils")
    if pupils:
        raise DatabaseNotEmpty(
            f"This database already has {pupils:,} pupil{'s' if pupils != 1 else ''}. The demo "
            "school is only built into an empty database, so nothing was changed: choose a new "
            "file (for example --db data/demo.duckdb)."
        )
    names = [a.username for a in DEMO_ACCOUNTS]
    taken = cur.execute(
        f"SELECT username FROM users WHERE username IN ({', '.join('?' for _ in names)}) "
        "ORDER BY username",
        names,
    ).fetchall()
    if taken:
        raise DatabaseNotEmpty(
            f"This database already has an account called '{taken[0][0]}', which the demo "
            "school would create. Build the demo into a new, empty database."
        )


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns)


def _insert(cur: db.Cursor, rows: SchoolRows, ids: dict[str, list[int]]) -> None:
    pupil_ids, plan_ids = ids["pupil"], ids["plan"]

    def pid(local: int) -> int:
        return pupil_ids[local]

    pupils = [
        (
            pid(p.local),
            p.upn,
            p.forename,
            p.surname,
            p.known_as,
            p.dob,
            p.year,
            p.class_name,
            p.gender,
            p.language,
            p.language != "English",
            p.looked_after,
            *(p.texts.get(k) for k in pupils_module.TEXT_FIELDS),
            p.left,
        )
        for p in rows.pupils
    ]
    db.insert_frame(cur, "pupils", _frame(pupils, PUPIL_COLUMNS))
    tables = (
        ("sen_status", STATUS_COLUMNS, rows.statuses),
        ("needs", ["pupil_id", "rank", "code"], rows.needs),
        ("ehc_plans", EHC_PLAN_COLUMNS, rows.ehc_plans),
    )
    for table, columns, records in tables:
        records = [(pid(r[0]), *r[1:]) for r in records]
        db.insert_frame(cur, table, _frame(records, columns))
    for table, columns, records in (
        ("contacts", CONTACT_COLUMNS, rows.contacts),
        ("agencies", AGENCY_COLUMNS, rows.agencies),
    ):
        numbered = zip(ids[table], records, strict=True)
        records = [(number, pid(r[0]), *r[1:]) for number, r in numbered]
        db.insert_frame(cur, table, _frame(records, columns))
    plans = [(plan_ids[r[0]], pid(r[1]), *r[2:]) for r in rows.plans]
    db.insert_frame(cur, "plans", _frame(plans, PLAN_COLUMNS))
    outcomes = [(plan_ids[r[0]], *r[1:]) for r in rows.outcomes]
    frame = _frame(outcomes, ["plan_id", "position", "outcome", "rating"])
    frame["rating"] = frame["rating"].astype("Int64")
    db.insert_frame(cur, "plan_outcomes", frame)
    provision = [(plan_ids[r[0]], *r[1:]) for r in rows.provision]
    db.insert_frame(
        cur,
        "plan_provision",
        _frame(provision, ["plan_id", "description", "frequency", "delivered_by"]),
    )


def _insert_timeline(
    cur: db.Cursor, timeline: demo_timeline.Timeline, ids: dict[str, list[int]]
) -> None:
    """Term dates, closures, the communication timeline and the promise ledger."""
    db.insert_frame(cur, "terms", timeline.terms)
    db.insert_frame(cur, "closures", timeline.closures)
    numbers = db.reserve_ids(cur, "communication_seq", len(timeline.communications))
    communications, actions = demo_timeline.with_ids(
        timeline, ids["pupil"], ids["contacts"], ids["agencies"], numbers
    )
    db.insert_frame(cur, "communications", communications)
    db.insert_frame(cur, "actions", actions)


def _summary(cur: db.Cursor) -> DemoSummary:
    by_status = dict(
        cur.execute(
            "SELECT s.status, count(*) FROM sen_status s JOIN pupils p USING (pupil_id) "
            "WHERE s.end_date IS NULL AND p.date_left IS NULL GROUP BY s.status ORDER BY s.status"
        ).fetchall()
    )
    return DemoSummary(
        pupils=db.scalar(cur, "SELECT count(*) FROM pupils WHERE date_left IS NULL"),
        on_register=sum(by_status.values()),
        by_status={status: by_status.get(status, 0) for status in ("K", "E", "monitoring")},
        contacts=db.scalar(cur, "SELECT count(*) FROM contacts"),
        agencies=db.scalar(cur, "SELECT count(*) FROM agencies"),
        plans=db.scalar(cur, "SELECT count(*) FROM plans"),
        leavers=db.scalar(cur, "SELECT count(*) FROM pupils WHERE date_left IS NOT NULL"),
        communications=db.scalar(cur, "SELECT count(*) FROM communications"),
        actions=db.scalar(cur, "SELECT count(*) FROM actions"),
        surgery_sessions=db.scalar(cur, "SELECT count(*) FROM surgery_sessions"),
        bookings=db.scalar(cur, "SELECT count(*) FROM bookings"),
    )


def build_school(
    cur: db.Cursor, size: str = "small", seed: int = 2026, today: date | None = None
) -> DemoSummary:
    """Fill an empty database with a fictional school, all in one transaction.

    The same seed and today give the same pupils, register and plans. Refuses (DatabaseNotEmpty)
    a database that already has pupils or an account with a demo username.
    """
    if size not in SIZES:
        raise ValidationError(Problem("Size", f"'{size}' is not one of {', '.join(SIZES)}"))
    today = today or date.today()
    _check_empty(cur)
    hashes = accounts.hash_passwords()
    school = SIZES[size]
    rows = generate(school, seed, today)
    classes = accounts.teacher_classes(rows, school)
    staff = {a.username: a.name for a in DEMO_ACCOUNTS if access.can(a, "timeline", "add")}
    timeline = demo_timeline.generate(rows, school, seed, today, staff, classes)

    def work(c: db.Cursor) -> DemoSummary:
        _check_empty(c)
        ids = {
            "pupil": db.reserve_ids(c, "pupil_seq", len(rows.pupils)),
            "plan": db.reserve_ids(c, "plan_seq", len(rows.plans)),
            "contacts": db.reserve_ids(c, "contact_seq", len(rows.contacts)),
            "agencies": db.reserve_ids(c, "agency_seq", len(rows.agencies)),
        }
        _insert(c, rows, ids)
        profiles = about_me.one_page_profiles(rows.pupils, seed, today, accounts.SENCO)
        db.insert_frame(
            c,
            "one_page_profiles",
            _frame([(ids["pupil"][r[0]], *r[1:]) for r in profiles], about_me.COLUMNS),
        )
        _insert_timeline(c, timeline, ids)
        accounts.add_accounts(c, hashes, classes)
        surgery.build(c, size, seed, today, senco=accounts.SENCO, office=accounts.OFFICE)
        transition.build(c, size, seed, today, senco=accounts.SENCO)
        for key, value in (
            ("school_name", school.school_name),
            ("is_demo", "true"),
            ("demo_size", size),
            ("demo_seed", str(seed)),
        ):
            db.set_setting(c, key, value)
        summary = _summary(c)
        audit.record(c, None, "build demo school", detail=f"{size}, seed {seed}: {summary}")
        return summary

    return db.write(cur, work)


# ---------------------------------------------------------------------------------------------
# Command line: python -m sendlib demo --size small --db PATH [--seed N]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The demo subcommand's options."""
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--db", required=True, help="database file to create (must be empty)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--today", type=date.fromisoformat, help="build as if on this date (YYYY-MM-DD)"
    )


def main_demo(args: argparse.Namespace) -> int:
    """Build a demo school from parsed arguments; print what was built and the accounts."""
    started = time.perf_counter()
    try:
        conn = db.connect(args.db)
    except SendHubError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        summary = build_school(
            conn.cursor(),
            args.size,
            seed=args.seed,
            today=getattr(args, "today", None) or date.today(),
        )
    except SendHubError as exc:
        print(f"Nothing was saved. {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    print(f"Built {SIZES[args.size].school_name} into {args.db} in {seconds:.1f} s: {summary}.")
    print("Demo accounts:")
    for account in DEMO_ACCOUNTS:
        print(f"  {account.username} / {account.password}  ({account.description})")
    return 0
