"""The audit log: what each row keeps, the chain that shows an edited or deleted row, writers
racing for the next place, the rows from before the chain, and the SENCo's search and export."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from sendlib import audit, db
from sendlib.audit import AuditFilter
from sendlib.errors import PermissionDenied
from sendlib.pupils import exporting, register
from sendlib.words import SCHOOL_TZ_ID
from tests.school import TODAY

ROOT = Path(__file__).resolve().parents[1]
SENDLIB = ROOT / "sendlib"


def rows(cur) -> list[tuple]:
    return cur.execute(
        "SELECT seq, username, action, pupil_id, detail, before, after FROM audit_log ORDER BY seq"
    ).fetchall()


def field(value: object) -> str:
    """One field of a row as the chain hashes it (see audit._content)."""
    return "-" if value is None else f"{len(str(value))}:{value}"


def expected_hash(previous: str, seq, logged_at, username, action, pupil_id, detail, before, after):
    micros = (logged_at - datetime(1970, 1, 1, tzinfo=UTC)) // datetime.resolution
    content = "|".join(
        [str(seq), str(micros), field(username), field(action)]
        + ["-" if pupil_id is None else str(pupil_id), field(detail), field(before), field(after)]
    )
    return hashlib.sha256(f"{previous}|{content}".encode()).hexdigest()


# ---------------------------------------------------------------- what a row keeps


def test_a_change_keeps_its_before_and_after_values(cur, staff):
    senco = staff["senco"]
    values = {**register.get_pupil(cur, senco, 3).__dict__, "known_as": "Xander", "gender": "M"}
    register.save_pupil(cur, senco, {**values, "primary_need": "MLD"}, TODAY, pupil_id=3)
    entry = audit.list_entries(cur, pupil_id=3).iloc[0]
    assert (entry["username"], entry["action"], entry["detail"]) == (
        "senco",
        "edit pupil",
        "changed: Known as, Gender, Needs",
    )
    assert entry["before"] == '{"gender": null, "known_as": "Alex", "needs": ["SPLD"]}'
    assert entry["after"] == '{"gender": "M", "known_as": "Xander", "needs": ["MLD"]}'


def test_the_older_way_of_calling_record_still_writes_a_row(cur):
    audit.record(cur, "senco", "view profile", 3)
    audit.record(cur, "senco", "print register", None, "all pupils")
    assert rows(cur) == [
        (1, "senco", "view profile", 3, None, None, None),
        (2, "senco", "print register", None, "all pupils", None, None),
    ]


def test_each_row_is_sealed_with_a_hash_of_the_row_before_and_its_own_content(cur):
    audit.record(cur, "senco", "edit pupil", 1, "changed: Known as", before={"known_as": None})
    audit.record(cur, None, "lock account", detail="tia locked", after={"note": "Zoë | ;"})
    stored = cur.execute(
        "SELECT seq, logged_at, username, action, pupil_id, detail, before, after, row_hash "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    previous = ""
    for *content, row_hash in stored:
        assert row_hash == expected_hash(previous, *content)
        previous = row_hash
    assert len(previous) == 64


def test_many_rows_at_once_continue_the_chain(cur):
    audit.record(cur, "senco", "view profile", 1)
    written = audit.record_many(
        cur,
        [
            {"username": "senco", "action": "import pupil", "pupil_id": 2, "after": {"upn": "X"}},
            {"username": "senco", "action": "import pupil", "pupil_id": 3, "detail": "updated"},
            {
                "username": None,
                "action": "build demo school",
                "logged_at": datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
            },
        ],
    )
    audit.record(cur, "senco", "view profile", 4)
    assert written == 3
    assert [(r[0], r[2], r[3]) for r in rows(cur)] == [
        (1, "view profile", 1),
        (2, "import pupil", 2),
        (3, "import pupil", 3),
        (4, "build demo school", None),
        (5, "view profile", 4),
    ]
    assert audit.verify_chain(cur) is None


# ---------------------------------------------------------------- tampering shows


@pytest.fixture
def logged(cur, staff):
    """The test school's log (accounts, pupils and parents added: 13 rows), and three views
    after."""
    for pupil_id in (1, 2, 3):
        audit.record(cur, "teacher", "view profile", pupil_id)
    assert audit.chain_head(cur)[0] == 16
    return cur


def test_the_log_as_written_is_intact(logged):
    assert audit.verify_chain(logged) is None


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 15",
        "UPDATE audit_log SET username = 'senco' WHERE seq = 15",
        "UPDATE audit_log SET pupil_id = 4 WHERE seq = 15",
        "UPDATE audit_log SET logged_at = logged_at - INTERVAL 1 DAY WHERE seq = 15",
        'UPDATE audit_log SET after = \'{"known_as": "Z"}\' WHERE seq = 15',
        "UPDATE audit_log SET row_hash = sha256('forged') WHERE seq = 15",
    ],
)
def test_an_edited_row_is_named(logged, tamper):
    logged.execute(tamper)
    broken = audit.verify_chain(logged)
    assert (broken.row, broken.problem, broken.message) == (
        15,
        "altered",
        "Row 15 has been altered.",
    )


def test_an_edit_sealed_again_by_hand_shows_at_the_next_row(logged):
    logged.execute("UPDATE audit_log SET detail = 'edited' WHERE seq = 5")
    # Someone re-seals the edited row; the row after it was sealed to the old hash.
    logged.execute(
        f"UPDATE audit_log SET row_hash = {audit._hash('p.row_hash', 'audit_log')} "
        "FROM audit_log p WHERE p.seq = 4 AND audit_log.seq = 5"
    )
    assert audit.verify_chain(logged).message == "Row 6 has been altered."


def test_a_deleted_row_is_named(logged):
    logged.execute("DELETE FROM audit_log WHERE seq = 7")
    broken = audit.verify_chain(logged)
    assert (broken.row, broken.problem) == (7, "missing")
    assert broken.message == "Row 7 is missing: it has been deleted."


def test_a_row_slipped_in_with_a_made_up_place_is_named(logged):
    logged.execute(
        "INSERT INTO audit_log (seq, action, row_hash) VALUES (20, 'nothing happened', 'x')"
    )
    assert audit.verify_chain(logged).message == "Row 17 is missing: it has been deleted."


def test_a_row_cannot_be_written_without_its_place_and_seal(cur):
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        cur.execute("INSERT INTO audit_log (username, action) VALUES ('x', 'sneaked in')")


# ---------------------------------------------------------------- writers racing


def test_writers_at_the_same_moment_each_take_their_own_place(conn, cur):
    """Eight members of staff, each on their own cursor, writing twenty rows each at once: the
    losers of each race for the next place are retried, none is lost, the chain holds."""
    writers, each = 8, 20
    barrier = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        own = db.cursor(conn)
        barrier.wait()
        try:
            for i in range(each):
                if i % 2:
                    audit.record_now(own, f"user{n}", "view profile", n, f"view {i}")
                else:
                    db.write(
                        own, lambda c, i=i: audit.record(c, f"user{n}", "edit pupil", n, str(i))
                    )
        except BaseException as exc:  # noqa: BLE001 - any failure of a writer fails the test
            failures.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    seqs = [r[0] for r in cur.execute("SELECT seq FROM audit_log ORDER BY seq").fetchall()]
    assert seqs == list(range(1, writers * each + 1))
    per_writer = dict(
        cur.execute("SELECT username, count(*) FROM audit_log GROUP BY username").fetchall()
    )
    assert per_writer == {f"user{n}": each for n in range(writers)}
    assert audit.verify_chain(cur) is None


def test_a_writer_that_lost_the_race_for_the_next_place_is_retried(conn, cur):
    """The closest race: a second writer takes the next place while the first is mid-way; the
    first's commit meets the clash and db.write runs it again, with everything it wrote."""
    other = db.cursor(conn)
    attempts = []

    def work(c):
        attempts.append(len(attempts) + 1)
        audit.record(c, "senco", "edit pupil", 1)
        if len(attempts) == 1:
            audit.record_now(other, "office", "print surgery week")
        return len(attempts)

    assert db.write(cur, work) == 2
    assert [(r[0], r[1]) for r in rows(cur)] == [(1, "office"), (2, "senco")]
    assert audit.verify_chain(cur) is None


# ---------------------------------------------------------------- rows from before the chain


def test_rows_written_before_the_chain_are_chained_by_the_migration(tmp_path):
    conn = duckdb.connect(str(tmp_path / "old.duckdb"))
    conn.execute(f"SET TimeZone = '{SCHOOL_TZ_ID}'")
    conn.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    for version, name, sql in db._migration_files():
        if version < 7:
            conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name]
            )
    conn.execute(
        "INSERT INTO audit_log (username, action, pupil_id, detail) VALUES "
        "('senco', 'add pupil', 1, 'new pupil'), (NULL, 'lock account', NULL, 'tia | locked'), "
        "('tia', 'view profile', 1, NULL)"
    )
    assert db.migrate(conn)[0] == 7
    assert audit.verify_chain(conn) is None
    assert conn.execute("SELECT audit_id, seq, action FROM audit_log ORDER BY seq").fetchall() == [
        (1, 1, "add pupil"),
        (2, 2, "lock account"),
        (3, 3, "view profile"),
    ]
    audit.record(conn, "senco", "view profile", 1)
    assert conn.execute("SELECT max(audit_id), max(seq) FROM audit_log").fetchone() == (4, 4)
    assert audit.verify_chain(conn) is None
    conn.execute("UPDATE audit_log SET detail = 'tia' WHERE seq = 2")
    assert audit.verify_chain(conn).message == "Row 2 has been altered."
    conn.close()


def test_the_migration_seals_rows_exactly_as_the_app_does():
    migration = (SENDLIB / "migrations" / "007_audit_chain.sql").read_text(encoding="utf-8")
    assert audit._hash("chain.row_hash", "o") in migration


# ---------------------------------------------------------------- nothing edits the log


def sendlib_sources() -> list[Path]:
    return sorted(SENDLIB.rglob("*.py"))


def test_no_code_in_the_app_edits_or_deletes_audit_rows():
    """Migrations are left out: 007 rebuilds the table once, to chain the rows before it."""
    changing = re.compile(
        r"\b(UPDATE|DELETE\s+FROM|TRUNCATE|DROP\s+TABLE|ALTER\s+TABLE)\s+(IF\s+EXISTS\s+)?audit_log\b",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sendlib_sources()
        for match in changing.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_audit_rows_are_written_only_through_the_audit_module():
    writing = re.compile(r"INSERT\s+INTO\s+audit_log\b|insert_frame\([^)]*audit_log", re.I)
    found = [
        str(path.relative_to(ROOT))
        for path in sendlib_sources()
        if writing.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["sendlib/audit.py"]


# ---------------------------------------------------------------- the SENCo's search and export


@pytest.fixture
def history(cur, staff):
    """Rows on known days, on top of the test school's own."""
    audit.record_many(
        cur,
        [
            {"username": "teacher", "action": "view profile", "pupil_id": 3,
             "logged_at": datetime(2026, 11, 2, 9, 15, tzinfo=UTC)},
            {"username": "office", "action": "book surgery", "pupil_id": 1,
             "detail": "=HYPERLINK(\"http://x\")", "logged_at": datetime(2026, 11, 9, 10, 0, tzinfo=UTC)},
            {"username": "teacher", "action": "edit pupil", "pupil_id": 3,
             "before": {"known_as": "Alex"}, "after": {"known_as": "Al"},
             "logged_at": datetime(2026, 11, 16, 23, 30, tzinfo=UTC)},
        ],
    )  # fmt: skip
    return cur


def found(cur, user, **filters) -> list[tuple]:
    frame = audit.search(cur, user, AuditFilter(**filters))
    return list(frame[["Row", "Who", "Action"]].itertuples(index=False, name=None))


def test_the_log_is_searched_by_pupil_user_dates_and_action(history, staff):
    senco = staff["senco"]
    assert found(history, senco, pupil_id=3) == [
        (16, "teacher", "edit pupil"),
        (14, "teacher", "view profile"),
        (13, "senco", "add contact"),
        (7, "senco", "add pupil"),
    ]
    assert found(history, senco, username="office") == [(15, "office", "book surgery")]
    assert found(history, senco, action="edit pupil") == [(16, "teacher", "edit pupil")]
    # 23:30 UTC on 16 November is still the 16th in London (GMT).
    assert found(history, senco, date_from=date(2026, 11, 9), date_to=date(2026, 11, 16)) == [
        (16, "teacher", "edit pupil"),
        (15, "office", "book surgery"),
    ]
    assert found(history, senco, username="teacher", date_to=date(2026, 11, 8)) == [
        (14, "teacher", "view profile")
    ]


def test_the_search_names_the_pupil_and_the_app_for_its_own_rows(history, staff):
    frame = audit.search(history, staff["senco"], AuditFilter())
    assert frame.iloc[0][["Pupil", "Before", "After"]].tolist() == [
        "Alex Nguyễn",
        '{"known_as": "Alex"}',
        '{"known_as": "Al"}',
    ]
    assert frame.iloc[-1][["Row", "Who", "Action"]].tolist() == [1, "the app", "add user"]


def test_only_the_senco_searches_or_exports_the_log(history, staff):
    for role in ("teacher", "office", "viewer"):
        with pytest.raises(PermissionDenied):
            audit.search(history, staff[role], AuditFilter())
        with pytest.raises(PermissionDenied):
            exporting.export_audit_log(history, staff[role], AuditFilter(), "all rows")


def test_the_export_is_a_safe_csv_and_is_itself_audited(history, staff):
    filters = AuditFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    summary = audit.describe_filter(filters)
    data = exporting.export_audit_log(history, staff["senco"], filters, summary)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["Row"], r["When"], r["Who"], r["Action"]) for r in table] == [
        ("16", "16/11/2026 23:30:00", "teacher", "edit pupil"),
        ("15", "09/11/2026 10:00:00", "office", "book surgery"),
        ("14", "02/11/2026 09:15:00", "teacher", "view profile"),
    ]
    assert table[1]["Detail"] == '\'=HYPERLINK("http://x")'
    assert table[1]["Pupil"] == "Zoë O'Connor-Smith"
    assert len(table[0]["Fingerprint"]) == 64
    assert "pupil_id" not in table[0]
    exported = audit.list_entries(history, username="senco").iloc[0]
    assert (exported["action"], exported["detail"]) == (
        "export audit log",
        "from 01/11/2026; to 30/11/2026: 3 rows",
    )
    assert audit.verify_chain(history) is None


def test_the_filters_are_described_in_words():
    filters = AuditFilter(3, "teacher", date(2026, 11, 2), None, "edit pupil")
    assert audit.describe_filter(filters, "Alex Nguyễn (5A)") == (
        "pupil Alex Nguyễn (5A); user teacher; from 02/11/2026; action edit pupil"
    )
    assert audit.describe_filter(AuditFilter()) == "all rows"
