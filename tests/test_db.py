"""The database file: migrations applied once, transactions all-or-nothing, one writer at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from sendlib import db


def test_migrations_are_applied_once_and_recorded(tmp_path):
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version").fetchall()]
    assert versions == sorted(versions) and versions[0] == 1
    assert db.migrate(conn) == []
    conn.close()
    again = db.connect(path)
    assert db.scalar(again, "SELECT count(*) FROM schema_version") == len(versions)


def test_a_failed_transaction_leaves_nothing_behind(cur):
    with pytest.raises(RuntimeError), db.transaction(cur):
        db.set_setting(cur, "school_name", "Half-saved")
        raise RuntimeError("interrupted")
    assert db.get_setting(cur, "school_name") is None


def test_reserve_ids_and_insert_frame(cur):
    import pandas as pd

    ids = db.reserve_ids(cur, "closure_seq", 3)
    assert ids == [ids[0], ids[0] + 1, ids[0] + 2]
    day = date(2026, 10, 26)
    frame = pd.DataFrame({"closure_id": ids, "starts": [day] * 3, "ends": [day] * 3})
    frame["reason"] = ["a", "b", "c"]
    assert db.insert_frame(cur, "closures", frame) == 3
    assert (
        db.scalar(cur, "SELECT string_agg(reason, '' ORDER BY closure_id) FROM closures") == "abc"
    )


def test_a_second_process_is_told_the_database_is_in_use(tmp_path):
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    probe = (
        "import sys\n"
        "from sendlib import db\n"
        "from sendlib.errors import DatabaseInUse\n"
        "try:\n"
        f"    db.connect({str(path)!r})\n"
        "except DatabaseInUse as exc:\n"
        "    print(exc)\n"
        "    print(exc.details)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    message, details = out.stdout.splitlines()[:2]
    assert message.startswith(
        "This database is open elsewhere: another copy of the app, or another program, "
        "is using the school's database file."
    )
    assert "stop it (Ctrl+C in its window, or close the program) and then try again." in message
    # Anyone may read the message; the file and the process are for the server's log.
    assert str(path) not in message and str(os.getpid()) not in message
    assert details.startswith(f"{path} is in use (process {os.getpid()}).")
    conn.close()


def test_database_path_prefers_explicit_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SENDHUB_DB", str(tmp_path / "env.duckdb"))
    assert db.database_path("x.duckdb").name == "x.duckdb"
    assert db.database_path().name == "env.duckdb"
    monkeypatch.delenv("SENDHUB_DB")
    assert str(db.database_path()) == "data/sendhub.duckdb"


def test_rows_are_read_into_records_by_column_name_not_position(cur):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Term:
        name: str
        starts: date

    # The columns come in another order than the fields: each lands in its own field.
    sql = "SELECT DATE '2026-09-02' AS starts, 'autumn' AS name"
    assert db.records(cur, Term, sql) == [Term("autumn", date(2026, 9, 2))]
    assert db.record(cur, Term, sql + " WHERE false") is None
    # A column the record has no field for is an error, not a silent shift.
    with pytest.raises(TypeError, match="place"):
        db.records(cur, Term, "SELECT 'autumn' AS name, DATE '2026-09-02' AS starts, 'x' AS place")
