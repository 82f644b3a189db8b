"""Backups of the school's database: a dated copy, checked against the live database before it
gets its name, in a folder the school chooses, keeping the newest few. Restoring is in restore.py.

With the school's backup passphrase set, every backup is encrypted before it leaves the app's
folder: the copy is made and checked beside the database, encrypted with the passphrase in the
age format (age-encryption.org, which the standard `age` tool opens too), the encrypted file
checked to decrypt to that copy, and only then written to the backup folder; the plain copy is
removed. Without a passphrase the backups are plain DuckDB files."""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyrage

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import Problem, SendHubError, ValidationError
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

FOLDER_SETTING = "backup_folder"
KEEP_SETTING = "backup_keep"
PROBLEM_SETTING = "backup_problem"
DEFAULT_KEEP = 14
KEEP_RANGE = (1, 365)
BEFORE_RESTORE = "before-restore"
# sendhub-2026-12-04-0930.duckdb, -2 etc. when two are made in one minute, and a suffix for the
# copy kept just before a restore. Sorting by the parsed date and time is sorting by name.
NAME = re.compile(
    r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})-(?P<clock>\d{4})"
    r"(?:-(?P<n>\d+))?(?:-(?P<kind>before-restore))?\.duckdb(?P<sealed>\.age)?$"
)
ENCRYPTED = ".age"  # an encrypted backup's name ends .duckdb.age
PASSPHRASE_VARIABLE = "SENDHUB_BACKUP_PASSPHRASE"
PASSPHRASE_SECRET = "backup_passphrase"


class BackupFailed(SendHubError):
    """A backup could not be written or did not match the live database; nothing was kept."""


@dataclass(frozen=True)
class Backup:
    """One backup file in the school's backup folder."""

    path: Path
    taken_at: datetime
    size_bytes: int
    verified: bool
    before_restore: bool
    table_rows: dict[str, int] | None = None

    @property
    def encrypted(self) -> bool:
        return self.path.name.endswith(ENCRYPTED)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        """How the SENCo picks it: 'Fri 04/12/2026 09:30: sendhub-2026-12-04-0930.duckdb (20.1 MB)'."""
        kind = ", encrypted" if self.encrypted else ""
        kind += ", kept before a restore" if self.before_restore else ""
        return (
            f"{self.taken_at:%a %d/%m/%Y %H:%M}: {self.file_name} "
            f"({size_text(self.size_bytes)}{kind})"
        )


def size_text(size: int) -> str:
    """A file size as people read it: '820 KB', '20.1 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def database_file(cur: db.Cursor) -> Path | None:
    """The file the open database lives in, or None for a database held in memory."""
    path = db.scalar(
        cur, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    )
    return Path(path) if path else None


def backup_folder(cur: db.Cursor) -> Path | None:
    """Where backups go: the school's choice, else a `backups` folder beside the database."""
    chosen = db.get_setting(cur, FOLDER_SETTING)
    home = database_file(cur)
    if chosen:
        folder = Path(chosen).expanduser()
        # A relative folder is taken from the database's folder, not from wherever the app started.
        return folder if folder.is_absolute() or home is None else home.parent / folder
    return home.parent / "backups" if home else None


def folder_as_typed(cur: db.Cursor) -> str:
    """The backup folder as the school typed it, else the default one in full."""
    default = backup_folder(cur)
    return db.get_setting(cur, FOLDER_SETTING) or (str(default) if default else "")


def keep_count(cur: db.Cursor) -> int:
    """How many backups are kept; older ones are removed after each new backup."""
    return int(db.get_setting(cur, KEEP_SETTING) or DEFAULT_KEEP)


def save_backup_settings(cur: db.Cursor, user: User, folder: str, keep: int) -> list[str]:
    """Choose the backup folder (created if need be, and tried) and how many backups to keep."""
    require(user, "settings", "edit")
    folder = (folder or "").strip()
    low, high = KEEP_RANGE
    problems = []
    if not isinstance(keep, int) or not low <= keep <= high:
        problems.append(Problem("Backups to keep", f"must be a whole number, {low} to {high}"))
    if not folder:
        problems.append(Problem("Backup folder", "is required (for example D:\\SENDHub backups)"))
    else:
        home = database_file(cur)
        target = Path(folder).expanduser()
        if not target.is_absolute() and home is not None:
            target = home.parent / target
        problem = _unwritable(target)
        if problem:
            problems.append(Problem("Backup folder", problem))
    if problems:
        raise ValidationError(problems)
    changed = []
    if folder != (db.get_setting(cur, FOLDER_SETTING) or ""):
        changed.append(f"backup folder to {folder}")
    if keep != keep_count(cur):
        changed.append(f"backups kept to {keep}")

    def work(c: db.Cursor) -> None:
        db.set_setting(c, FOLDER_SETTING, folder)
        db.set_setting(c, KEEP_SETTING, str(keep))
        if changed:
            audit.record(c, user.username, "change settings", detail="; ".join(changed))

    db.write(cur, work)
    return changed


def _unwritable(folder: Path) -> str | None:
    """Why backups cannot be written there, or None when a file can be made and removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".sendhub-probe-{secrets.token_hex(4)}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return f"cannot be written to ({exc.strerror or exc})"
    return None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables(cur: db.Cursor, catalog: str | None = None) -> list[str]:
    """Every table of a database (the open one unless named), found by asking DuckDB."""
    catalog = catalog or db.scalar(cur, "SELECT current_database()")
    rows = cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
        "AND NOT temporary ORDER BY table_name",
        [catalog],
    ).fetchall()
    return [row[0] for row in rows]


def table_rows(cur: db.Cursor, catalog: str | None = None) -> dict[str, int]:
    """Rows in each table, by table."""
    catalog = catalog or db.scalar(cur, "SELECT current_database()")
    return {
        table: db.scalar(cur, f"SELECT count(*) FROM {_quoted(catalog)}.main.{_quoted(table)}")
        for table in tables(cur, catalog)
    }


def fingerprints(cur: db.Cursor, catalog: str | None = None) -> dict[str, str]:
    """A checksum of each table's rows, whatever their order: equal when the contents are."""
    catalog = catalog or db.scalar(cur, "SELECT current_database()")
    return {
        table: str(
            db.scalar(
                cur,
                f"SELECT count(*) || ':' || coalesce(sum(hash(t)::HUGEINT), 0) "
                f"FROM {_quoted(catalog)}.main.{_quoted(table)} t",
            )
        )
        for table in tables(cur, catalog)
    }


def schema_version(cur: db.Cursor, catalog: str | None = None) -> int | None:
    """The newest migration recorded in a database."""
    catalog = catalog or db.scalar(cur, "SELECT current_database()")
    return db.scalar(cur, f"SELECT max(version) FROM {_quoted(catalog)}.main.schema_version")


def app_schema_version() -> int:
    """The newest migration this version of the app knows."""
    return max(version for version, _, _ in db._migration_files())


def _parse(path: Path) -> tuple[datetime, int, bool] | None:
    found = NAME.match(path.name)
    if not found:
        return None
    clock = found["clock"]
    taken = datetime.strptime(f"{found['day']} {clock}", "%Y-%m-%d %H%M").replace(tzinfo=SCHOOL_TZ)
    return taken, int(found["n"] or 1), found["kind"] is not None


def _new_name(
    folder: Path, stem: str, now: datetime, before_restore: bool, encrypted: bool
) -> Path:
    base = f"{stem}-{now.astimezone(SCHOOL_TZ):%Y-%m-%d-%H%M}"
    kind = f"-{BEFORE_RESTORE}" if before_restore else ""
    number = 1
    while True:
        name = f"{base}{f'-{number}' if number > 1 else ''}{kind}.duckdb"
        # Numbered past a plain backup of the same minute too, so the two never share a name.
        if not (folder / name).exists() and not (folder / f"{name}{ENCRYPTED}").exists():
            return folder / (name + (ENCRYPTED if encrypted else ""))
        number += 1


def passphrase(secrets: Mapping[str, str | None]) -> str | None:
    """The school's backup passphrase from `secrets` (the app's secrets file as read by the
    caller, or the environment), or None when none is set."""
    found = secrets.get(PASSPHRASE_SECRET) or secrets.get(PASSPHRASE_VARIABLE)
    return str(found) if found else None


def encrypt_file(plain: Path, sealed: Path, passphrase: str) -> None:
    """Encrypt a checked copy with the passphrase into `sealed`, having checked that the result
    decrypts to the same bytes."""
    data = plain.read_bytes()
    encrypted = pyrage.passphrase.encrypt(data, passphrase)
    if pyrage.passphrase.decrypt(encrypted, passphrase) != data:
        raise BackupFailed("The encrypted copy did not decrypt to the checked copy.")
    sealed.write_bytes(encrypted)


class WrongPassphrase(SendHubError):
    """An encrypted backup that the passphrase given does not open (or no passphrase)."""


def decrypt_file(sealed: Path, plain: Path, passphrase: str | None) -> None:
    """Decrypt an encrypted backup into `plain`, or say in words why it cannot be."""
    if not passphrase:
        raise WrongPassphrase(
            f"{sealed.name} is encrypted, and no backup passphrase is set: put it in the app's "
            f"secrets file as {PASSPHRASE_SECRET}, or in the {PASSPHRASE_VARIABLE} environment "
            "variable, and restart the app."
        )
    try:
        plain.write_bytes(pyrage.passphrase.decrypt(sealed.read_bytes(), passphrase))
    except pyrage.DecryptError as exc:
        raise WrongPassphrase(
            f"The backup passphrase does not open {sealed.name}: it was encrypted with another "
            "passphrase, or the file is damaged."
        ) from exc


def _stem(cur: db.Cursor) -> str:
    home = database_file(cur)
    return home.stem if home else "sendhub"


def take_backup(
    cur: db.Cursor,
    by: str,
    now: datetime,
    before_restore: bool = False,
    passphrase: str | None = None,
) -> Backup:
    """Copy the database to a temporary name, check the copy, then give it its dated name;
    with a passphrase, the checked copy is encrypted first (see the module's words)."""
    folder = backup_folder(cur)
    if folder is None:
        raise BackupFailed("This database is held in memory: choose a backup folder first.")
    home = database_file(cur)
    problem = _unwritable(folder)
    if problem:
        raise BackupFailed(f"The backup folder {folder} {problem}.")
    final = _new_name(folder, _stem(cur), now, before_restore, encrypted=bool(passphrase))
    partial = folder / f".{final.name}.partial"
    # Encrypted, the plain copy never leaves the app's folder: it is made and checked there.
    here = home.parent if home else Path(tempfile.gettempdir())
    _remove_leftovers(folder, here, _stem(cur))
    plain = here / f".{final.name}.plain" if passphrase else partial
    live = db.scalar(cur, "SELECT current_database()")
    alias = f"backup_{secrets.token_hex(4)}"
    try:
        cur.execute(f"ATTACH {_literal(plain)} AS {alias}")
        try:
            # One transaction: the copy and the counts it is checked against are one moment's.
            with db.transaction(cur):
                cur.execute(f"COPY FROM DATABASE {_quoted(live)} TO {alias}")
                expected = fingerprints(cur, live)
                version = schema_version(cur, live)
            cur.execute(f"CHECKPOINT {alias}")
        finally:
            cur.execute(f"DETACH {alias}")
        counts = _verify(plain, expected, version)
        if passphrase:
            encrypt_file(plain, partial, passphrase)
        _sync(partial)
        os.replace(partial, final)
        _sync(folder)
    except (OSError, duckdb.Error, pyrage.EncryptError) as exc:
        _remove(partial)
        raise BackupFailed(f"The backup could not be written to {folder}: {exc}") from exc
    except BackupFailed:
        _remove(partial)
        raise
    finally:
        if passphrase:
            _remove(plain)
    size = final.stat().st_size
    removed = _prune(folder, _stem(cur), keep_count(cur), keeping=final)

    def work(c: db.Cursor) -> None:
        c.execute(
            "INSERT INTO backups (file_name, taken_at, taken_by, size_bytes, schema_version, "
            "table_rows, verified_at) VALUES (?, ?, ?, ?, ?, ?, current_timestamp)",
            [final.name, now, by, size, version, json.dumps(counts)],
        )
        if removed:
            c.execute(
                f"DELETE FROM backups WHERE file_name IN ({', '.join('?' for _ in removed)})",
                removed,
            )
        detail = f"{final.name}: {sum(counts.values())} rows in {len(counts)} tables, verified"
        if passphrase:
            detail += ", encrypted"
        if removed:
            detail += f"; removed {len(removed)} older"
        audit.record(c, by, "back up database", detail=detail)
        c.execute("DELETE FROM settings WHERE key = ?", [PROBLEM_SETTING])

    db.write(cur, work)
    return Backup(final, _parse(final)[0], size, True, before_restore, counts)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _verify(path: Path, expected: dict[str, str], version: int | None) -> dict[str, int]:
    """Open the copy on its own and check it holds every table, row for row; its row counts."""
    if Path(f"{path}.wal").exists():
        raise BackupFailed("The copy was not written out completely (a .wal file remains).")
    copy = duckdb.connect(str(path), read_only=True)
    try:
        found = fingerprints(copy)
        copied_version = schema_version(copy)
    finally:
        copy.close()
    if copied_version != version:
        raise BackupFailed(f"The copy records schema version {copied_version}, not {version}.")
    if found != expected:
        differ = sorted(t for t in set(found) | set(expected) if found.get(t) != expected.get(t))
        raise BackupFailed(f"The copy does not match the database in: {', '.join(differ)}.")
    return {table: int(value.split(":")[0]) for table, value in found.items()}


def _sync(path: Path) -> None:
    """Make sure the file (or the folder entry of a rename) is on the disk, where the OS allows."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder this way; NTFS journals the rename itself
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _remove_leftovers(folder: Path, here: Path, stem: str) -> None:
    """What a backup stopped part way (the app killed, the power cut) left behind: its partial
    file in the backup folder and, encrypted, its plain copy beside the database."""
    for leftover in [*folder.glob(f".{stem}-*.partial"), *here.glob(f".{stem}-*.plain")]:
        _remove(leftover)


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)


def _files(folder: Path | None, stem: str) -> list[tuple[datetime, int, bool, Path]]:
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = _parse(path)
        if parsed and NAME.match(path.name)["stem"] == stem:
            found.append((*parsed, path))
    return sorted(found, reverse=True)


def _prune(folder: Path, stem: str, keep: int, keeping: Path) -> list[str]:
    """Remove all but the newest `keep` backups; the names removed."""
    removed = []
    for _, _, _, path in _files(folder, stem)[keep:]:
        if path != keeping:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def newest_beside(database: Path) -> tuple[Path, Path | None]:
    """The default backup folder of a database file and the newest backup in it, if any: for
    when the database does not open, so the folder the school chose cannot be read from it."""
    folder = database.parent / "backups"
    found = _files(folder, database.stem)
    return folder, found[0][3] if found else None


def list_backups(cur: db.Cursor) -> list[Backup]:
    """The backups in the backup folder, newest first; verified when this app made and checked
    the file and it still has the size it had then."""
    records = {
        name: (size, json.loads(rows))
        for name, size, rows in cur.execute(
            "SELECT file_name, size_bytes, table_rows FROM backups"
        ).fetchall()
    }
    listed = []
    for taken, _, before, path in _files(backup_folder(cur), _stem(cur)):
        size = path.stat().st_size
        size_then, rows = records.get(path.name, (None, None))
        listed.append(Backup(path, taken, size, size_then == size, before, rows))
    return listed


def back_up_now(cur: db.Cursor, user: User, now: datetime, passphrase: str | None = None) -> Backup:
    """The SENCo's "Back up now"."""
    require(user, "settings", "backup")
    return take_backup(cur, user.username, now, passphrase=passphrase)


def daily_backup(cur: db.Cursor, now: datetime, passphrase: str | None = None) -> Backup | None:
    """Back up when the app starts and no backup of today exists yet. A failure is kept as a
    message for the SENCo (last_problem) instead of stopping the app."""
    if database_file(cur) is None:
        return None
    today: date = now.astimezone(SCHOOL_TZ).date()
    if any(taken.date() == today for taken, *_ in _files(backup_folder(cur), _stem(cur))):
        return None
    try:
        return take_backup(cur, "daily backup", now, passphrase=passphrase)
    except (BackupFailed, OSError, duckdb.Error) as exc:
        db.set_setting(cur, PROBLEM_SETTING, f"{now:%d/%m/%Y %H:%M}: {exc}")
        return None


def last_problem(cur: db.Cursor) -> str | None:
    """Why the last automatic backup failed, until a backup succeeds."""
    return db.get_setting(cur, PROBLEM_SETTING)
