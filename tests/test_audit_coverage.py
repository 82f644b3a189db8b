"""No write to a pupil's data leaves no audit row.

The tables holding pupil data are found from the schema: those with a pupil_id column, and
those that hang from one by its key (a pack's tasks by pack_id, a plan's outcomes by plan_id).
The functions writing to them are found from sendlib's source: SQL that inserts into, updates
or deletes from such a table, or db.insert_frame with its name, in a public function or in a
private one that a public function of sendlib calls. Each such public function must have a call
in WRITERS below, which runs it on the test school and checks that an audit row was written in
the same transaction: with audit rows failing, nothing it wrote lands; with them working, the
pupil's data changes and the log grows. A new writer missing from WRITERS fails the first test.

Left out, with the reason: the demo builders (sendlib/demo*.py) fill a fictional school in bulk
and write one audit row for the build; migrations (sendlib/migrations/*.sql) change the schema
once, before any user; db.insert_frame is the bulk-insert verb whose callers are scanned.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from sendlib import audit, db
from sendlib.mail import outbox
from sendlib.mail.server import MailServer, MailSettings
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import about_me, apdr, contacts, ehcp, importing, plans, referrals, register
from sendlib.pupils.importing import apply as import_apply
from sendlib.pupils.importing import contacts_apply
from sendlib.surgery import attendance, bookings, cancelling, sessions
from sendlib.timeline import agreeing, entries, ledger, replies
from sendlib.transition import packs, stages
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.school import ALEX, AMIR, ZOE, add_plan

ROOT = Path(__file__).resolve().parents[1]
SENDLIB = ROOT / "sendlib"
EXEMPT_MODULES = re.compile(r"^sendlib\.demo")
WRITE_SQL = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)", re.IGNORECASE)

TODAY, NOW = school.TODAY, school.NOW
AFTER = datetime(2026, 11, 24, 15, 30, tzinfo=SCHOOL_TZ)  # Tuesday's surgery is over


# ---------------------------------------------------------------- what the schema and code say


def pupil_tables(cur) -> set[str]:
    """Tables with a pupil_id, and tables keyed to one of those (found until none is added)."""
    columns: dict[str, set[str]] = {}
    for table, column in cur.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal"
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    keys = dict(
        cur.execute(
            "SELECT table_name, constraint_column_names[1] FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND len(constraint_column_names) = 1"
        ).fetchall()
    )
    holding = {t for t, cs in columns.items() if "pupil_id" in cs} - {"audit_log"}
    while True:
        links = {keys[t] for t in holding if keys.get(t) not in (None, "pupil_id")}
        more = {t for t, cs in columns.items() if cs & links} - holding - {"audit_log"}
        if not more:
            return holding
        holding |= more


def _texts(node: ast.AST) -> list[str]:
    """Every string in a function, f-strings with their holes left blank."""
    found = []
    for n in ast.walk(node):
        if isinstance(n, ast.JoinedStr):
            found.append(
                "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in n.values)
            )
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            found.append(n.value)
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sendlib_functions() -> dict[str, tuple[set[str], set[str]]]:
    """module.function -> (tables its own SQL writes, module.function names it calls)."""
    functions = {}
    for path in sorted(SENDLIB.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {}
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("sendlib"):
                for alias in n.names:
                    names[alias.asname or alias.name] = f"{n.module}.{alias.name}"
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            tables = {t.lower() for text in _texts(node) for t in WRITE_SQL.findall(text)}
            calls = set()
            for n in ast.walk(node):
                if not isinstance(n, ast.Call):
                    continue
                f = n.func
                if isinstance(f, ast.Name):
                    calls.add(names.get(f.id, f"{module}.{f.id}"))
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                    if f.value.id in names:
                        calls.add(f"{names[f.value.id]}.{f.attr}")
                    if f.attr == "insert_frame" and len(n.args) > 1:
                        table = n.args[1]
                        if isinstance(table, ast.Constant):
                            tables.add(table.value)
            functions[f"{module}.{node.name}"] = (tables, calls)
    return functions


def pupil_writers(cur) -> dict[str, set[str]]:
    """Public sendlib functions that write pupil data, themselves or through private helpers."""
    holding = pupil_tables(cur)
    functions = sendlib_functions()

    def writes(name: str, seen: frozenset[str]) -> set[str]:
        tables, calls = functions[name]
        found = tables & holding
        for called in calls - seen:
            if called in functions and called.rsplit(".", 1)[1].startswith("_"):
                found |= writes(called, seen | {name})
        return found

    return {
        name: tables
        for name in functions
        if not name.rsplit(".", 1)[1].startswith("_")
        and not EXEMPT_MODULES.match(name)
        and (tables := writes(name, frozenset()))
    }


def test_the_tables_holding_pupil_data_are_found_from_the_schema(cur):
    found = pupil_tables(cur)
    assert {"pupils", "sen_status", "needs", "communications", "bookings"} <= found
    # Found through their pack or plan, not a pupil_id of their own.
    assert {"pack_tasks", "pack_versions", "pack_events", "plan_outcomes"} <= found
    assert not found & {"users", "settings", "surgery_slots", "terms", "audit_log"}


# ---------------------------------------------------------------- a call for every writer


def _surgery(cur, staff) -> int:
    """Tuesday's first slot, for the office to book."""
    sessions.save_pattern(cur, staff["senco"], school.TUESDAYS, TODAY)
    return db.scalar(cur, "SELECT slot_id FROM surgery_slots ORDER BY starts_at LIMIT 1")


def _second_carer(cur, staff) -> int:
    """A father added to Alex's record, second in the order."""
    carer = {
        "forename": "Minh",
        "surname": "Nguyen",
        "relationship": "father",
        "phone": "07700 900321",
    }
    return contacts.save_contact(cur, staff["senco"], ALEX, carer)


def _booking(cur, staff) -> int:
    return bookings.book(cur, staff["office"], _surgery(cur, staff), ALEX, ALEX, "phone", "", NOW)


_entry = school.entry
ACTION = school.action()
MEETING = {
    "channel": "meeting in person",
    "direction": "to parent",
    "meeting_kind": "APDR review",
    "led_by": "class teacher",
    "attendees": "Mrs Nguyễn, Miss Teacher, SENCo",
}


def _logged(cur, staff, **changes) -> int:
    return entries.save_entry(cur, staff["senco"], ALEX, _entry(**changes), [], NOW)


MOVE = {
    "move_kind": "primary to secondary",
    "receiving_setting": "Northfield Academy",
    "receiving_teacher": "Mr Patel (SENCo)",
    "move_date": date(2027, 9, 2),
}


def _ready_for_pack(cur, staff) -> None:
    """Alex's record filled in enough for a pack to be shared with his parents."""
    cur.execute(
        "UPDATE pupils SET what_helps = 'A visual timetable', adjustments = 'Sits near the "
        "front', triggers = 'Loud noises', history = 'Glasses' WHERE pupil_id = ?",
        [ALEX],
    )
    add_plan(cur, ALEX, date(2026, 9, 14), date(2026, 12, 11), [("Read aloud", 1)], [])


def _pack(cur, staff) -> int:
    _ready_for_pack(cur, staff)
    return packs.start_pack(cur, staff["senco"], ALEX, MOVE, TODAY, NOW)


def _import_preview(cur, staff) -> importing.ImportPreview:
    data = (ROOT / "data" / "sample_mis_export.csv").read_bytes()
    frame = importing.read_csv(data)
    mapping = importing.suggest_mapping(list(frame.columns))
    return importing.preview_import(
        cur, staff["senco"], frame, mapping, TODAY, file_name="sample.csv"
    )


def _contacts_preview(cur, staff) -> importing.ContactsPreview:
    data = (
        "UPN,Contact Forename,Contact Surname,Relationship,Mobile\r\n"
        f"{school.make_upn(ALEX)},Van,Nguyễn,Father,07700 900321\r\n"
    ).encode()
    frame = importing.read_csv(data)
    mapping = importing.suggest_mapping(list(frame.columns), importing.contact_rows.ALIASES)
    return importing.preview_contacts(cur, staff["senco"], frame, mapping, "contacts.csv")


_EHC = {"issue_date": date(2025, 3, 3)}


def _plan(**changes) -> dict:
    return {
        "start_date": TODAY,
        "review_date": date(2027, 2, 5),
        "outcomes": [{"outcome": "Alex will read a Year 3 book aloud."}],
        **changes,
    }


def _edit_alex(cur, staff) -> dict:
    return {**register.get_pupil(cur, staff["senco"], ALEX).__dict__, "known_as": "Xander"}


# name -> prepare(cur, staff) returning what the call needs, and call(cur, staff, prepared).
Prepare = Callable[..., object]
Call = Callable[..., object]
WRITERS: dict[str, tuple[Prepare, Call]] = {
    "sendlib.timeline.agreeing.add_action": (
        lambda cur, s: None,
        lambda cur, s, _: agreeing.add_action(cur, s["senco"], ALEX, ACTION, TODAY),
    ),
    "sendlib.timeline.agreeing.add_actions": (
        _logged,
        lambda cur, s, cid: db.write(
            cur,
            lambda c: agreeing.add_actions(c, s["senco"], ALEX, cid, [ACTION], TODAY, NOW),
        ),
    ),
    "sendlib.timeline.agreeing.create_follow_up": (
        lambda cur, s: None,
        lambda cur, s, _: db.write(
            cur,
            lambda c: agreeing.create_follow_up(
                c, ZOE, "Ring home", "missed surgery", "senco", TODAY
            ),
        ),
    ),
    "sendlib.timeline.ledger.record_progress": (
        lambda cur, s: agreeing.add_action(cur, s["senco"], ALEX, ACTION, TODAY),
        lambda cur, s, aid: ledger.record_progress(cur, s["senco"], aid, TODAY, done_on=TODAY),
    ),
    "sendlib.surgery.bookings.book": (
        _surgery,
        lambda cur, s, slot: bookings.book(cur, s["office"], slot, ALEX, ALEX, "phone", "", NOW),
    ),
    "sendlib.surgery.bookings.hold": (
        _surgery,
        lambda cur, s, slot: bookings.hold(cur, s["office"], slot, "ringing back", NOW),
    ),
    "sendlib.surgery.bookings.release": (
        lambda cur, s: bookings.hold(cur, s["office"], _surgery(cur, s), "ringing back", NOW),
        lambda cur, s, bid: bookings.release(cur, s["office"], bid, NOW),
    ),
    "sendlib.surgery.cancelling.cancel": (
        _booking,
        lambda cur, s, bid: cancelling.cancel(cur, s["office"], bid, "Unwell", NOW),
    ),
    "sendlib.surgery.bookings.move": (
        _booking,
        lambda cur, s, bid: bookings.move(
            cur,
            s["office"],
            bid,
            db.scalar(cur, "SELECT slot_id FROM surgery_slots ORDER BY starts_at LIMIT 1 OFFSET 1"),
            NOW,
        ),
    ),
    "sendlib.surgery.cancelling.cancel_session": (
        _booking,
        lambda cur, s, bid: cancelling.cancel_session(
            cur,
            s["senco"],
            db.scalar(
                cur,
                "SELECT session_id FROM surgery_slots JOIN bookings USING (slot_id) "
                "WHERE booking_id = ?",
                [bid],
            ),
            "SENCo on a course",
            NOW,
        ),
    ),
    "sendlib.surgery.attendance.mark_attended": (
        _booking,
        lambda cur, s, bid: attendance.mark_attended(cur, s["senco"], bid, AFTER),
    ),
    "sendlib.surgery.attendance.mark_no_show": (
        _booking,
        lambda cur, s, bid: attendance.mark_no_show(cur, s["senco"], bid, AFTER),
    ),
    "sendlib.surgery.attendance.record_meeting": (
        _booking,
        lambda cur, s, bid: attendance.record_meeting(
            cur,
            s["senco"],
            bid,
            {
                **attendance.meeting_defaults(bookings.get_booking(cur, s["senco"], bid)),
                "led_by": "SENCo",
                "summary": "Agreed a quieter place for tests.",
            },
            [],
            AFTER,
        ),
    ),
    "sendlib.pupils.importing.apply.apply_import": (
        _import_preview,
        lambda cur, s, preview: import_apply.apply_import(cur, s["senco"], preview, TODAY),
    ),
    "sendlib.pupils.importing.contacts_apply.apply_contacts": (
        _contacts_preview,
        lambda cur, s, preview: contacts_apply.apply_contacts(cur, s["senco"], preview),
    ),
    "sendlib.pupils.register.save_pupil": (
        _edit_alex,
        lambda cur, s, values: register.save_pupil(cur, s["senco"], values, TODAY, ALEX),
    ),
    "sendlib.pupils.register.change_status": (
        lambda cur, s: None,
        lambda cur, s, _: register.change_status(
            cur, s["senco"], ZOE, "E", TODAY, "EHC plan issued", TODAY
        ),
    ),
    "sendlib.pupils.register.archive_pupil": (
        lambda cur, s: None,
        lambda cur, s, _: register.archive_pupil(cur, s["senco"], AMIR, TODAY, TODAY),
    ),
    "sendlib.pupils.contacts.save_contact": (
        lambda cur, s: None,
        lambda cur, s, _: _second_carer(cur, s),
    ),
    "sendlib.pupils.apdr.start_plan": (
        lambda cur, s: None,
        lambda cur, s, _: apdr.start_plan(cur, s["senco"], ALEX, _plan(), TODAY),
    ),
    "sendlib.pupils.apdr.change_plan": (
        lambda cur, s: apdr.start_plan(cur, s["senco"], ALEX, _plan(), TODAY),
        lambda cur, s, plan_id: apdr.change_plan(
            cur, s["senco"], plan_id, _plan(pupil_views="I like maths."), TODAY
        ),
    ),
    "sendlib.pupils.apdr.review_plan": (
        lambda cur, s: plans.get_plan(cur, apdr.start_plan(cur, s["senco"], ALEX, _plan(), TODAY)),
        lambda cur, s, plan: apdr.review_plan(
            cur,
            s["senco"],
            plan.plan_id,
            {
                "reviewed_on": TODAY,
                "evaluation": "Reading improved.",
                "ratings": {o.outcome_id: 1 for o in plan.outcomes},
            },
            TODAY,
        ),
    ),
    "sendlib.pupils.about_me.save_about_me": (
        lambda cur, s: None,
        lambda cur, s, _: about_me.save_about_me(
            cur, s["senco"], ALEX, {"support": "Tell me before things change."}, TODAY
        ),
    ),
    "sendlib.pupils.ehcp.save_ehc_plan": (
        lambda cur, s: None,
        lambda cur, s, _: ehcp.save_ehc_plan(cur, s["senco"], ALEX, _EHC, TODAY),
    ),
    "sendlib.pupils.ehcp.plan_annual_review": (
        lambda cur, s: ehcp.save_ehc_plan(cur, s["senco"], ALEX, _EHC, TODAY),
        lambda cur, s, _: ehcp.plan_annual_review(cur, s["senco"], ALEX, TODAY, TODAY),
    ),
    "sendlib.pupils.ehcp.review_held": (
        lambda cur, s: (
            ehcp.save_ehc_plan(cur, s["senco"], ALEX, _EHC, TODAY),
            ehcp.plan_annual_review(cur, s["senco"], ALEX, TODAY, TODAY),
        )[1],
        lambda cur, s, review_id: ehcp.review_held(cur, s["senco"], review_id, TODAY),
    ),
    "sendlib.pupils.ehcp.request_assessment": (
        lambda cur, s: None,
        lambda cur, s, _: ehcp.request_assessment(cur, s["senco"], ALEX, TODAY, "school", TODAY),
    ),
    "sendlib.pupils.referrals.save_agency": (
        lambda cur, s: None,
        lambda cur, s, _: referrals.save_agency(
            cur, s["senco"], ALEX, {"service": "EP", "status": "considering"}, NOW
        ),
    ),
    "sendlib.pupils.contacts.correct_reach": (
        lambda cur, s: school.CONTACTS[ALEX],
        lambda cur, s, cid: contacts.correct_reach(cur, s["office"], cid, "01632 960001", ""),
    ),
    "sendlib.pupils.contacts.end_contact": (
        lambda cur, s: school.CONTACTS[ALEX],
        lambda cur, s, cid: contacts.end_contact(cur, s["senco"], cid, TODAY, "moved", TODAY),
    ),
    "sendlib.pupils.contacts.move_contact": (
        _second_carer,
        lambda cur, s, cid: contacts.move_contact(cur, s["senco"], cid, earlier=True),
    ),
    "sendlib.timeline.entries.insert_entry": (
        lambda cur, s: entries.check_entry(cur, s["senco"], ALEX, _entry(), [], NOW),
        lambda cur, s, clean: db.write(
            cur, lambda c: entries.insert_entry(c, s["senco"], ALEX, clean, [], NOW)
        ),
    ),
    "sendlib.timeline.replies.mark_replied": (
        lambda cur, s: _logged(cur, s, needs_reply=True),
        lambda cur, s, cid: replies.mark_replied(cur, s["senco"], cid, NOW, NOW),
    ),
    "sendlib.timeline.replies.note_record_given": (
        lambda cur, s: _logged(cur, s, **MEETING),
        lambda cur, s, cid: db.write(
            cur, lambda c: replies.note_record_given(c, "senco", cid, TODAY)
        ),
    ),
    "sendlib.transition.packs.start_pack": (
        _ready_for_pack,
        lambda cur, s, _: packs.start_pack(cur, s["senco"], ALEX, MOVE, TODAY, NOW),
    ),
    "sendlib.transition.packs.save_version": (
        _pack,
        lambda cur, s, pack_id: packs.save_version(
            cur, s["senco"], pack_id, {"what_works": "Likes jobs."}, [], NOW
        ),
    ),
    "sendlib.transition.stages.status_change": (
        _pack,
        lambda cur, s, pack_id: db.write(
            cur,
            stages.status_change(cur, s["senco"], pack_id, "shared with parents", {}, TODAY, NOW),
        ),
    ),
}


# A mail server where nothing answers: sending fails, and the outbox records why.
NOWHERE = MailServer(
    MailSettings("127.0.0.1", 9, "none", None, "senco@school.example", "SENCo", None), None
)


def _email(cur, staff, status: str = "queued", since: datetime | None = None) -> int:
    email_id = db.write(
        cur,
        lambda c: outbox.queue(
            c, staff["senco"], kind="written record", pupil_id=ALEX, now=NOW,
            outgoing=Outgoing("Mrs Nguyễn", "linh@example.org", "Our meeting", "Thank you."),
        ),
    )  # fmt: skip
    cur.execute(
        "UPDATE outbox SET status = ?, sending_since = ? WHERE email_id = ?",
        [status, since, email_id],
    )
    return email_id


WRITERS.update(
    {
        "sendlib.mail.outbox.send_now": (
            _email,
            lambda cur, s, email_id: outbox.send_now(cur, NOWHERE, email_id, NOW),
        ),
        "sendlib.mail.outbox.queue_many": (
            lambda cur, s: None,
            lambda cur, s, _: db.write(
                cur,
                lambda c: outbox.queue_many(
                    c,
                    [
                        outbox.ToQueue(
                            s["senco"],
                            "written record",
                            Outgoing("Mrs Nguyễn", "linh@example.org", "Hi", "Dear"),
                            ALEX,
                        )
                    ],
                    NOW,
                ),
            ),
        ),  # fmt: skip
        "sendlib.mail.outbox.send_due": (
            _email,
            lambda cur, s, _: outbox.send_due(cur, NOWHERE, NOW),
        ),
        "sendlib.mail.outbox.settle_interrupted": (
            lambda cur, s: _email(cur, s, "sending", NOW - timedelta(hours=1)),
            lambda cur, s, _: outbox.settle_interrupted(cur, NOW),
        ),
        "sendlib.mail.outbox.cancel": (
            _email,
            lambda cur, s, email_id: outbox.cancel(cur, s["senco"], email_id, NOW),
        ),
        "sendlib.mail.outbox.try_again": (
            lambda cur, s: _email(cur, s, "failed"),
            lambda cur, s, email_id: outbox.try_again(cur, s["senco"], email_id, NOW),
        ),
    }
)


def test_every_writer_of_pupil_data_has_a_call_here(cur):
    found = pupil_writers(cur)
    missing = sorted(set(found) - set(WRITERS))
    assert missing == [], f"add a call to WRITERS for: {missing}"
    assert sorted(set(WRITERS) - set(found)) == []


class AuditDown(Exception):
    """Raised instead of writing an audit row."""


def pupil_data(cur, tables: set[str]) -> dict[str, list]:
    return {t: sorted(map(repr, cur.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_each_writer_leaves_an_audit_row_in_the_same_transaction(cur, staff, monkeypatch, name):
    prepare, call = WRITERS[name]
    prepared = prepare(cur, staff)
    tables = pupil_tables(cur)
    before, rows_before = pupil_data(cur, tables), audit.chain_head(cur)[0]
    module_name, function_name = name.rsplit(".", 1)
    module = __import__(module_name, fromlist=[function_name])
    calls = []
    real = getattr(module, function_name)

    def spy(*args, **kwargs):
        calls.append(function_name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, function_name, spy)

    def down(*args, **kwargs):
        raise AuditDown

    with monkeypatch.context() as broken:
        broken.setattr(audit, "record", down)
        broken.setattr(audit, "record_many", down)
        with pytest.raises(AuditDown):
            call(cur, staff, prepared)
    assert pupil_data(cur, tables) == before, "it wrote pupil data although its audit row failed"
    assert audit.chain_head(cur)[0] == rows_before

    call(cur, staff, prepared)
    assert calls == [function_name, function_name]
    assert pupil_data(cur, tables) != before
    assert audit.chain_head(cur)[0] > rows_before
    assert audit.verify_chain(cur) is None
