"""Restoring a backup: check that it opens and holds what it should, then put its rows back in
one transaction on the app's own connection, after keeping a dated copy of what is replaced.
The audit log and the list of backups are never rolled back: they are the database's history."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from sendlib import audit, backup, db
from sendlib.access import require
from sendlib.backup import Backup, WrongPassphrase, _literal, _quoted
from sendlib.errors import DatabaseDamaged, Problem, ValidationError
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

# table -> its key: rows the backup has and the live database lacks are added; none are removed.
HISTORY = {"audit_log": "audit_id", "backups": "file_name"}
# Settings about backups themselves stay as they are: a restore must not move the backup folder.
KEPT_SETTINGS = "backup_"


@dataclass(frozen=True)
class TableCheck:
    """One table: its rows in the backup and in the database now."""

    table: str
    in_backup: int
    now: int | None  # None when the database itself does not open


@dataclass
class BackupCheck:
    """What a backup holds, and anything that stops it being restored."""

    path: Path
    schema_version: int | None
    app_version: int
    tables: list[TableCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    replacing: str | None = None  # set when the database does not open and the file is replaced

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def _scratch(near: Path | None, fallback: Path) -> Iterator[Path]:
    """A scratch folder in the app's own folder (beside the database) when there is one, else
    beside the backup, else the system's own: a decrypted backup must not land on the USB drive."""
    for folder in (near, fallback):
        if folder is None:
            continue
        try:
            working = tempfile.TemporaryDirectory(dir=folder, prefix=".restoring-")
            break
        except OSError:  # a folder that cannot be written to (a locked USB drive)
            continue
    else:
        working = tempfile.TemporaryDirectory(prefix="sendhub-restoring-")
    with working as scratch:
        yield Path(scratch)


@contextmanager
def _migrated_copy(
    path: Path, check: BackupCheck, passphrase: str | None, near: Path | None
) -> Iterator[Path | None]:
    """A scratch copy of the backup (decrypted, if it is encrypted), brought up to this app's
    migrations (the backup itself is never changed); None, with the problems noted, when it
    cannot be."""
    with _scratch(near, path.parent) as scratch:
        copy = scratch / "restoring.duckdb"
        try:
            if path.name.endswith(backup.ENCRYPTED):
                backup.decrypt_file(path, copy, passphrase)
            else:
                shutil.copyfile(path, copy)
        except WrongPassphrase as exc:
            check.problems.append(f"{exc} Nothing has been changed.")
            yield None
            return
        _check_version(copy, path.name, check)
        if check.problems:
            yield None
            return
        try:
            db.connect(copy).close()  # applies any migrations the backup predates
        except DatabaseDamaged as exc:
            check.problems.append(f"{path.name} is damaged or cut short ({exc.details}).")
            copy = None
        yield copy


def _check_version(copy: Path, name: str, check: BackupCheck) -> None:
    """Note the backup's schema version, or why it is not one this app can restore."""
    try:
        source = duckdb.connect(str(copy), read_only=True)
    except duckdb.Error as exc:
        check.problems.append(f"{name} does not open as a database ({exc}).")
        return
    try:
        has_versions = db.scalar(
            source, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version'"
        )
        check.schema_version = backup.schema_version(source) if has_versions else None
    finally:
        source.close()
    if check.schema_version is None:
        check.problems.append(f"{name} is not a SEND Partnership Hub database.")
    elif check.schema_version > check.app_version:
        check.problems.append(
            f"{name} was made by a newer version of the app (schema {check.schema_version}, "
            f"this app knows up to {check.app_version}): update the app before restoring it."
        )


def _compare(cur: db.Cursor, alias: str, check: BackupCheck) -> None:
    live = db.scalar(cur, "SELECT current_database()")
    now, then = backup.table_rows(cur, live), backup.table_rows(cur, alias)
    missing = sorted(set(now) - set(then))
    unknown = sorted(set(then) - set(now))
    if missing:
        check.problems.append(f"The backup has no table {', '.join(missing)}.")
    if unknown:
        check.problems.append(
            f"The backup has tables this app does not know: {', '.join(unknown)}."
        )
    for table in sorted(set(now) & set(then)):
        lacking = set(_columns(cur, live, table)) - set(_columns(cur, alias, table))
        if lacking:
            check.problems.append(
                f"The backup's {table} has no column {', '.join(sorted(lacking))}."
            )
        check.tables.append(TableCheck(table, then[table], now[table]))


def _columns(cur: db.Cursor, catalog: str, table: str) -> list[str]:
    rows = cur.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' "
        "AND table_name = ? ORDER BY column_index",
        [catalog, table],
    ).fetchall()
    return [row[0] for row in rows]


@contextmanager
def _attached(cur: db.Cursor, path: Path) -> Iterator[str]:
    alias = f"restoring_{os.urandom(4).hex()}"
    cur.execute(f"ATTACH {_literal(path)} AS {alias} (READ_ONLY)")
    try:
        yield alias
    finally:
        cur.execute(f"DETACH {alias}")


def check_backup(
    cur: db.Cursor, path: str | os.PathLike, passphrase: str | None = None
) -> BackupCheck:
    """Open a backup (without changing it) and compare it with the database now, table by table."""
    path = Path(path)
    check = BackupCheck(path, None, backup.app_schema_version())
    if not path.is_file():
        check.problems.append(f"There is no backup file {path}.")
        return check
    with _migrated_copy(path, check, passphrase, _home(cur)) as copy:
        if copy is not None:
            with _attached(cur, copy) as alias:
                _compare(cur, alias, check)
    return check


def _sequences(cur: db.Cursor, catalog: str) -> dict[str, int]:
    """The next value each sequence will give."""
    rows = cur.execute(
        "SELECT sequence_name, coalesce(last_value + increment_by, start_value) "
        "FROM duckdb_sequences() WHERE database_name = ? AND schema_name = 'main'",
        [catalog],
    ).fetchall()
    return dict(rows)


def _replace_rows(c: db.Cursor, live: str, alias: str) -> None:
    # Sequences first, never backwards: no id given out since the backup is given out again.
    ahead = _sequences(c, alias)
    for name, next_live in _sequences(c, live).items():
        if ahead.get(name, 0) > next_live:
            c.execute(f"SELECT nextval({_literal(name)}) FROM range(?)", [ahead[name] - next_live])
    for table in backup.tables(c, live):
        columns = _columns(c, live, table)
        names = ", ".join(_quoted(col) for col in columns)
        target, source = f"{_quoted(live)}.main.{_quoted(table)}", f"{alias}.main.{_quoted(table)}"
        if table in HISTORY:
            _add_history(c, table, columns, target, source)
            continue
        kept = " WHERE NOT starts_with(key, ?)" if table == "settings" else ""
        params = [KEPT_SETTINGS] if kept else []
        c.execute(f"DELETE FROM {target}{kept}", params)
        c.execute(f"INSERT INTO {target} ({names}) SELECT {names} FROM {source}{kept}", params)


def _add_history(c: db.Cursor, table: str, columns: list[str], target: str, source: str) -> None:
    key = _quoted(HISTORY[table])
    names = ", ".join(_quoted(col) for col in columns)
    rest = [_quoted(col) for col in columns if col != HISTORY[table]]
    if table == "audit_log":
        # A backup from another copy of the database can use an id this one has used for
        # something else: those rows come back with a new id rather than being dropped.
        c.execute(
            f"INSERT INTO {target} ({', '.join(rest)}) SELECT {', '.join('b.' + r for r in rest)} "
            f"FROM {source} b JOIN {target} l USING ({key}) "
            f"WHERE ({', '.join('b.' + r for r in rest)}) IS DISTINCT FROM "
            f"({', '.join('l.' + r for r in rest)})"
        )
    c.execute(
        f"INSERT INTO {target} ({names}) SELECT {names} FROM {source} "
        f"WHERE {key} NOT IN (SELECT {key} FROM {target})"
    )


def _home(cur: db.Cursor) -> Path | None:
    found = backup.database_file(cur)
    return found.parent if found else None


def restore_backup(
    cur: db.Cursor,
    user: User | str,
    path: str | os.PathLike,
    now: datetime,
    passphrase: str | None = None,
) -> tuple[BackupCheck, Backup]:
    """Put a checked backup's rows back, all in one transaction, after a verified copy of the
    database as it is now ("before-restore", itself restorable, and encrypted with the
    passphrase when there is one). `user` is the SENCo, or a name such as "command line" for a
    restore with the app stopped."""
    if isinstance(user, User):
        require(user, "settings", "restore")
    by = user.username if isinstance(user, User) else user
    path = Path(path)
    check = BackupCheck(path, None, backup.app_schema_version())
    if not path.is_file():
        raise ValidationError.one("Backup", f"there is no file {path}")
    with _migrated_copy(path, check, passphrase, _home(cur)) as copy:
        if copy is None:
            raise ValidationError([Problem("Backup", p) for p in check.problems])
        before = backup.take_backup(cur, by, now, before_restore=True, passphrase=passphrase)
        with _attached(cur, copy) as alias:
            _compare(cur, alias, check)
            if check.problems:
                raise ValidationError([Problem("Backup", p) for p in check.problems])
            live = db.scalar(cur, "SELECT current_database()")

            def work(c: db.Cursor) -> None:
                _replace_rows(c, live, alias)
                audit.record(
                    c,
                    by,
                    "restore database",
                    detail=f"from {path.name}; the database as it was is in {before.file_name}",
                )

            db.write(cur, work)
    return check, before


def restore_file(
    database: str | os.PathLike,
    path: str | os.PathLike,
    now: datetime,
    confirm: Callable[[BackupCheck], bool],
    passphrase: str | None = None,
) -> tuple[BackupCheck, str] | None:
    """Restore with the app stopped (the command line), once `confirm` has seen the check (it is
    shown a failed check too, and restores nothing then). A database that still opens is
    restored in place as the app would; one that no longer opens is moved aside under a dated
    name and the backup, brought up to date, takes its place. Returns the check and where the
    old data is kept, or None when nothing was restored."""
    database, path = Path(database), Path(path)
    try:
        conn = db.connect(database)  # DatabaseInUse while the app is running: stop it first
    except DatabaseDamaged as exc:
        return _replace_file(database, path, now, exc.details, confirm, passphrase)
    except duckdb.Error as exc:
        return _replace_file(database, path, now, str(exc), confirm, passphrase)
    try:
        cur = db.cursor(conn)
        check = check_backup(cur, path, passphrase)
        if not confirm(check) or not check.ok:
            return None
        check, before = restore_backup(cur, "command line", path, now, passphrase)
    finally:
        conn.close()
    return check, str(before.path)


def _replace_file(
    database: Path,
    path: Path,
    now: datetime,
    reason: str,
    confirm: Callable[[BackupCheck], bool],
    passphrase: str | None,
) -> tuple[BackupCheck, str] | None:
    stamp = f"{now.astimezone(SCHOOL_TZ):%Y-%m-%d-%H%M}"
    aside = database.with_name(f"{database.stem}-replaced-{stamp}{database.suffix}")
    check = BackupCheck(path, None, backup.app_schema_version())
    check.replacing = (
        f"The database {database.name} does not open ({reason}). It will be kept as "
        f"{aside.name} and the backup put in its place."
    )
    incoming = database.with_name(f".{database.name}.restoring")
    with _migrated_copy(path, check, passphrase, database.parent) as copy:
        if copy is not None:
            shutil.copyfile(copy, incoming)
    if not check.ok:
        confirm(check)
        return None
    conn = db.connect(incoming)
    try:
        cur = db.cursor(conn)
        check.tables = [TableCheck(t, n, None) for t, n in backup.table_rows(cur).items()]
        accepted = confirm(check)
        if accepted:
            audit.record(
                cur,
                "command line",
                "restore database",
                detail=f"from {path.name}; the file that would not open is kept as {aside.name}",
            )
    finally:
        conn.close()
    if not accepted:
        incoming.unlink()
        return None
    for suffix in ("", ".wal"):
        old = Path(f"{database}{suffix}")
        if old.exists():
            os.replace(old, Path(f"{aside}{suffix}"))
    os.replace(incoming, database)
    return check, str(aside)
