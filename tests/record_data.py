"""Pupils with a row in every table that can hold something about them, for the subject access
and retention tests, and a search of the schema for those tables written independently of
sendlib's (information_schema here, duckdb_constraints() there)."""

from __future__ import annotations

from datetime import date, datetime

from sendlib import audit, db
from sendlib.school.calendar import SCHOOL_TZ
from tests import school

# The tables of the migrations that hold rows about a pupil: the search must find at least these.
KNOWN_TABLES = {
    "pupils",
    "sen_status",
    "needs",
    "ehc_plans",
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


def count_rows(cur: db.Cursor, pupil_id: int) -> dict[str, int]:
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
        [school.make_upn(serial), name, born, f"Restricted about {name}.", left],
    ).fetchone()[0]


def _insert(cur: db.Cursor, table: str, values: dict) -> int | None:
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    row = cur.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING *", list(values.values())
    ).fetchone()
    return row[0]


def add_full_record(cur: db.Cursor, pupil_id: int, tag: str) -> None:
    """One row for this pupil in every table that holds something about a pupil; `tag` marks
    the texts ("=SUM(A1)" in a parent's name checks CSV neutralising)."""
    when = datetime(2020, 6, 2, 9, 30, tzinfo=SCHOOL_TZ)
    if not db.scalar(cur, "SELECT count(*) FROM needs WHERE pupil_id = ?", [pupil_id]):
        # A pupil from the register (tests/school.py) has these already.
        _insert(
            cur, "sen_status", {"pupil_id": pupil_id, "status": "K", "start_date": "2019-09-02"}
        )
        _insert(cur, "needs", {"pupil_id": pupil_id, "rank": 1, "code": "SLCN"})
    _insert(cur, "ehc_plans", {"pupil_id": pupil_id, "issue_date": "2019-11-04"})
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
    audit.record(cur, "senco", "view profile", pupil_id, f"{tag} detail")
