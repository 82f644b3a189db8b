"""A subject access request: everything the school holds about one pupil, as one zip (a readable
PDF and one CSV per table). The tables are found from the database's own schema, not from a
list, so a table added by a later migration cannot be missed: the same search serves deletion
after the retention period (sendlib.pupils.retention)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import NotFound
from sendlib.pdf.subject_access import RecordSection, build_subject_access_pdf
from sendlib.pupils import census, exporting
from sendlib.pupils.fields import LABELS as PUPIL_LABELS
from sendlib.school import settings
from sendlib.users import User

PUPIL_KEY = "pupil_id"


@dataclass(frozen=True)
class Link:
    """A column of a table that points at rows of a table nearer the pupil."""

    column: str
    parent: str
    parent_column: str


@dataclass(frozen=True)
class LinkedTable:
    """A table holding rows about a pupil: through its own pupil_id (depth 1), or through a key
    of a table one step nearer the pupil (an outcome through its plan: depth 2)."""

    name: str
    depth: int
    links: tuple[Link, ...] = ()

    @property
    def direct(self) -> bool:
        return self.depth == 1


def quoted(name: str) -> str:
    """A table or column name from the catalogue, quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def linked_tables(cur: db.Cursor) -> list[LinkedTable]:
    """Every table in the school's database that holds rows about a pupil, nearest first.

    Depth 1: tables with a pupil_id column (pupils itself, the audit log, ...). Then, step by
    step, tables with a column that is a linked table's one-column primary key by name
    (plan_outcomes.plan_id -> plans) or that a FOREIGN KEY ties to a linked table.
    """
    here = "database_name = current_database() AND schema_name = current_schema()"
    columns: dict[str, list[str]] = {}
    for table, column in cur.execute(
        f"SELECT table_name, column_name FROM duckdb_columns() WHERE {here} "
        "ORDER BY table_name, column_index"
    ).fetchall():
        columns.setdefault(table, []).append(column)
    keys: dict[str, str] = {}  # table -> its one-column primary key
    foreign: list[tuple[str, str, str, str]] = []  # table, column, referenced table, column
    for table, kind, cols, referenced, referenced_cols in cur.execute(
        "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
        f"referenced_column_names FROM duckdb_constraints() WHERE {here} "
        "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
    ).fetchall():
        if len(cols) != 1:
            continue
        if kind == "PRIMARY KEY":
            keys[table] = cols[0]
        else:
            foreign.append((table, cols[0], referenced, referenced_cols[0]))

    found = {t: LinkedTable(t, 1) for t, cols in columns.items() if PUPIL_KEY in cols}
    depth = 1
    while True:
        depth += 1
        nearer = dict(found)
        step = {}
        for table in sorted(set(columns) - set(nearer)):
            links = [
                Link(column, parent, keys[parent])
                for column in columns[table]
                for parent in sorted(nearer)
                if keys.get(parent) == column
            ]
            links += [
                Link(column, parent, parent_column)
                for child, column, parent, parent_column in foreign
                if child == table and parent in nearer
            ]
            if links:
                step[table] = LinkedTable(table, depth, tuple(dict.fromkeys(links)))
        if not step:
            return sorted(found.values(), key=lambda t: (t.depth, t.name))
        found.update(step)


def row_filter(table: LinkedTable, tables: dict[str, LinkedTable]) -> str:
    """The WHERE condition picking this table's rows about the pupil given as $pupil_id."""
    if table.direct:
        return f"{quoted(PUPIL_KEY)} = $pupil_id"
    return " OR ".join(
        f"{quoted(link.column)} IN (SELECT {quoted(link.parent_column)} "
        f"FROM {quoted(link.parent)} WHERE {row_filter(tables[link.parent], tables)})"
        for link in table.links
    )


@dataclass(frozen=True)
class HeldRows:
    """One table's rows about the pupil, as stored."""

    table: str
    columns: list[str]
    rows: list[tuple]


def held_rows(cur: db.Cursor, pupil_id: int) -> list[HeldRows]:
    """Every linked table's rows about this pupil, in the order they were added."""
    tables = {t.name: t for t in linked_tables(cur)}
    held = []
    for table in tables.values():
        result = cur.execute(
            f"SELECT * FROM {quoted(table.name)} WHERE {row_filter(table, tables)} ORDER BY rowid",
            {"pupil_id": pupil_id},
        )
        names = [d[0] for d in result.description]
        held.append(HeldRows(table.name, names, result.fetchall()))
    return held


# Plain words for the tables a SENCo knows; a table not named here still gets a section.
SECTIONS = {
    "pupils": ("Details about the pupil", "What the school records about the pupil."),
    "sen_status": ("SEN status history", "When the pupil was on the SEN register, and how."),
    "needs": ("Special educational needs", "The primary (1) and secondary (2) need."),
    "ehc_plans": ("EHC plan", "The education, health and care plan and its reviews."),
    "contacts": ("Parents and carers", "The family contacts, and how they prefer to be reached."),
    "agencies": ("Outside agencies", "Services involved with the pupil, and referrals."),
    "plans": ("Support plans", "Assess, plan, do, review cycles, with parents' views."),
    "plan_outcomes": ("Plan outcomes", "What each plan aimed for, and how it went (-2 to +2)."),
    "plan_provision": ("Plan provision", "The support each plan gave: what, how often, by whom."),
    "communications": ("Contacts and meetings", "Every call, message and meeting recorded."),
    "actions": ("Actions agreed", "What was agreed, who does it, by when, and when done."),
    "bookings": ("Parent surgery bookings", "Meetings booked with the parents or carers."),
    "transition_packs": ("Transition packs", "Information prepared for a move of class or school."),
    "pack_versions": ("Transition pack versions", "Each saved version of a pack's sections."),
    "pack_tasks": ("Transition checklists", "The steps planned for each move."),
    "pack_events": ("Transition pack steps", "When a pack was shared, agreed or handed over."),
    "outbox": (
        "Emails to the parents",
        "Each email the school sent, or meant to send, from the app: to whom, what it said, what "
        "was attached, and whether it went.",
    ),
    "audit_log": (
        "Who opened, changed, printed or exported this record",
        "The audit log: each time staff opened, changed, printed or exported it.",
    ),
}
COLUMN_LABELS = {
    "la_caseworker": "Local authority caseworker",
    "happened_at": "When it happened",
    "entered_at": "When it was typed",
    "logged_at": "When",
    "username": "Who",
    "action": "What",
    "parent_told": "Parents told",
    "due_date": "Due",
    "done_date": "Done",
    "created_at": "Added",
    "updated_at": "Last changed",
}
TABLE_LABELS = {
    "pupils": {c: label for c, label in PUPIL_LABELS.items() if c not in ("status",)},
    "sen_status": {"status": "SEN status"},
    "needs": {"rank": "Need (1 primary, 2 secondary)", "code": "Need"},
}
# Codes a reader would not know, in words.
VALUE_WORDS = {
    ("pupils", "year_group"): census.year_label,
    ("sen_status", "status"): census.status_label,
    ("needs", "code"): census.need_label,
}
# A column pointing outside the pupil's record, shown by what a reader needs from that row.
CONTEXT = {"bookings": ("slot_id", "surgery_slots", "starts_at", "Surgery slot")}


def _label(table: str, column: str) -> str:
    return (
        TABLE_LABELS.get(table, {}).get(column)
        or COLUMN_LABELS.get(column)
        or column.replace("_", " ").capitalize()
    )


def _shown(table: str, column: str, value: object) -> object:
    words = VALUE_WORDS.get((table, column))
    return (words(value) or value) if words and value is not None else value


def _section(cur: db.Cursor, held: HeldRows) -> RecordSection:
    title, about = SECTIONS.get(
        held.table,
        (held.table.replace("_", " ").capitalize(), f"Records in the table '{held.table}'."),
    )
    shown = [i for i, c in enumerate(held.columns) if not c.endswith("_id")]
    labels = [_label(held.table, held.columns[i]) for i in shown]
    rows = [[_shown(held.table, held.columns[i], row[i]) for i in shown] for row in held.rows]
    if held.table in CONTEXT and held.rows:
        column, table, wanted, label = CONTEXT[held.table]
        place = held.columns.index(column)
        ids = sorted({row[place] for row in held.rows if row[place] is not None})
        found = dict(
            cur.execute(
                f"SELECT {quoted(column)}, {quoted(wanted)} FROM {quoted(table)} "
                f"WHERE {quoted(column)} IN (SELECT unnest(?))",
                [ids],
            ).fetchall()
        )
        labels.insert(0, label)
        for row, stored in zip(rows, held.rows, strict=True):
            row.insert(0, found.get(stored[place]))
    return RecordSection(title, about, labels, rows)


def _sections(cur: db.Cursor, held: list[HeldRows]) -> list[RecordSection]:
    order = list(SECTIONS)
    # The known tables in the order a reader expects, any other next, the audit log last.
    held = sorted(
        held,
        key=lambda h: (
            h.table == "audit_log",
            order.index(h.table) if h.table in order else len(order),
            h.table,
        ),
    )
    return [_section(cur, h) for h in held]


def _with_files(held: list[HeldRows]) -> tuple[list[HeldRows], list[tuple[str, bytes]]]:
    """The rows with each stored file (an email's attachment) named by where it is in the
    export, and the files themselves, under files/ (by the name stored beside it, if any)."""
    files: list[tuple[str, bytes]] = []
    shown = []
    for table in held:
        rows = []
        for number, row in enumerate(table.rows, start=1):
            values = dict(zip(table.columns, row, strict=True))
            cells = []
            for column, value in values.items():
                if isinstance(value, bytes | bytearray):
                    stored = values.get(f"{column}_name") or column
                    path = f"files/{table.table}-{number}-{stored}"
                    files.append((path, bytes(value)))
                    value = f"{len(value):,} bytes: {path}"
                cells.append(value)
            rows.append(tuple(cells))
        shown.append(HeldRows(table.table, table.columns, rows))
    return shown, files


def _csv(held: HeldRows) -> bytes:
    return exporting.table_csv(pd.DataFrame(held.rows, columns=held.columns, dtype=object))


def export_pupil(cur: db.Cursor, user: User, pupil_id: int, today: date) -> bytes:
    """Everything held about one pupil, restricted notes included, as a zip: a readable PDF, one
    CSV per table, and the files kept (emails' attachments). SENCo only; the export is audited."""
    require(user, "pupil", "export")

    def work(c: db.Cursor) -> list[HeldRows]:
        held = held_rows(c, pupil_id)
        counts = {h.table: len(h.rows) for h in held}
        if not counts.get("pupils"):
            raise NotFound("That pupil is not on the school's records.")
        summary = ", ".join(f"{t} {n}" for t, n in counts.items() if n)
        audit.record(c, user.username, "export subject access", pupil_id, summary)
        return held

    held, files = _with_files(db.write(cur, work))
    pupil = next(dict(zip(h.columns, h.rows[0], strict=True)) for h in held if h.table == "pupils")
    name = f"{pupil['known_as'] or pupil['legal_forename']} {pupil['legal_surname']}"
    document = build_subject_access_pdf(
        name,
        pupil["upn"],
        _sections(cur, held),
        settings.school_name(cur),
        today,
        user.name,
    )
    upn = pupil["upn"]
    buffer = io.BytesIO()
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    packed = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"subject-access-{upn}.pdf", stamp), document, packed)
        for table in held:
            archive.writestr(
                zipfile.ZipInfo(f"tables/{table.table}.csv", stamp), _csv(table), packed
            )
        for path, data in files:
            archive.writestr(zipfile.ZipInfo(path, stamp), data, packed)
    return buffer.getvalue()
