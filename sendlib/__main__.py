"""Command line: `python -m sendlib add-user ...`, `demo ...`, `backup ...`, `restore ...` and
`send-reminders ...`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path

from sendlib import backup, db, restore, users
from sendlib.access import ROLES
from sendlib.errors import DatabaseUnavailable, SendHubError
from sendlib.words import SCHOOL_TZ


def _add_user(args: argparse.Namespace) -> int:
    password = args.password_stdin and sys.stdin.readline().rstrip("\n")
    if not password:
        password = getpass.getpass("Password (at least 10 characters, not shown): ")
        if password != getpass.getpass("Type it again: "):
            print("The two passwords differ; nothing was saved.", file=sys.stderr)
            return 1
    cur = db.cursor(db.connect(db.database_path(args.db)))
    classes = [c.strip() for c in (args.classes or "").split(",") if c.strip()]
    user = users.add_user(
        cur, args.username, args.name, args.role, password, args.email, classes, by="command line"
    )
    print(f"Created {user.username} ({user.role_label}).")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from sendlib import demo

    cur = db.cursor(db.connect(db.database_path(args.db)))
    summary = demo.build_school(cur, args.size, seed=args.seed, today=date.today())
    print(f"Built the {args.size} demo school: {summary}")
    return 0


def _secrets() -> dict[str, str | None]:
    """The environment, with the app's secrets file where Streamlit looks for it
    (.streamlit/secrets.toml here, then in the home folder) read over it."""
    found: dict[str, str | None] = dict(os.environ)
    for folder in (Path.home(), Path.cwd()):
        path = folder / ".streamlit" / "secrets.toml"
        if path.is_file():
            with path.open("rb") as file:
                found.update({k: str(v) for k, v in tomllib.load(file).items() if v})
    return found


def _backup(args: argparse.Namespace) -> int:
    cur = db.cursor(db.connect(db.database_path(args.db)))
    if args.list:
        for made in backup.list_backups(cur):
            checked = "checked" if made.verified else "not checked"
            print(f"{made.path}  {backup.size_text(made.size_bytes)}  {checked}")
        return 0
    key = backup.passphrase(_secrets())
    made = backup.take_backup(cur, "command line", datetime.now(SCHOOL_TZ), passphrase=key)
    print(
        f"Backed up and checked: {made.path} holds all {sum(made.table_rows.values())} rows "
        f"of the {len(made.table_rows)} tables."
    )
    return 0


def _show_check(check: restore.BackupCheck, assume_yes: bool) -> bool:
    """Print what the backup holds; ask before restoring it."""
    if check.replacing:
        print(check.replacing)
    if not check.ok:
        print("This backup cannot be restored:", *check.problems, sep="\n- ", file=sys.stderr)
        return False
    print(f"{check.path.name}: schema version {check.schema_version}. Rows in the backup, and now:")
    for table in check.tables:
        now = "?" if table.now is None else table.now
        print(f"  {table.table:<20} {table.in_backup:>8} {now:>8}")
    if assume_yes:
        return True
    try:
        answer = input("Replace the database with this backup? Type yes to go on: ")
    except EOFError:
        answer = ""
    return answer.strip().lower() == "yes"


def _restore(args: argparse.Namespace) -> int:
    done = restore.restore_file(
        db.database_path(args.db),
        args.backup,
        datetime.now(SCHOOL_TZ),
        lambda check: _show_check(check, args.yes),
        backup.passphrase(_secrets()),
    )
    if done is None:
        print("Nothing was restored.", file=sys.stderr)
        return 1
    print(f"Restored {args.backup}. The database as it was is kept as {done[1]}.")
    return 0


def _send_reminders(args: argparse.Namespace) -> int:
    from sendlib.mail import outbox, reminders, server

    cur = db.cursor(db.connect(db.database_path(args.db)))
    mail_server = server.mail_server(cur, _secrets())
    if mail_server is None:
        print("The school's mail server is not set up yet (School settings, Email to parents).")
        return 1
    now = datetime.now(SCHOOL_TZ)
    queued = reminders.queue_reminders(cur, now)
    sent = outbox.send_due(cur, mail_server, now)
    gone = sum(e.status == "sent" for e in sent)
    print(f"Queued {len(queued)} reminders; sent {gone} of the {len(sent)} emails due.")
    for email in sent:
        if email.status != "sent":
            print(f"Not sent to {email.to_address}: {email.last_error}", file=sys.stderr)
    return 0 if gone == len(sent) else 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sendlib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    add = commands.add_parser("add-user", help="create a staff account (asks for the password)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name, as shown to colleagues")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--email")
    add.add_argument("--classes", help="for teachers: classes taught, comma-separated")
    add.add_argument("--db", help="database file (default: SENDHUB_DB or data/sendhub.duckdb)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(run=_add_user)

    build = commands.add_parser("demo", help="build a fictional demo school into a new database")
    build.add_argument("--size", choices=["small", "secondary", "trust"], default="small")
    build.add_argument("--db", required=True, help="database file to create")
    build.add_argument("--seed", type=int, default=2026)
    build.set_defaults(run=_demo)

    copy = commands.add_parser(
        "backup", help="make a checked backup now (with the app stopped), or --list them"
    )
    copy.add_argument("--db", help="database file (default: SENDHUB_DB or data/sendhub.duckdb)")
    copy.add_argument("--list", action="store_true", help="list the backups instead")
    copy.set_defaults(run=_backup)

    back = commands.add_parser(
        "restore", help="put a backup back (stop the app first); the old data is kept"
    )
    back.add_argument(
        "backup", help="the backup file, e.g. data/backups/sendhub-2026-12-04-0930.duckdb"
    )
    back.add_argument("--db", help="database file (default: SENDHUB_DB or data/sendhub.duckdb)")
    back.add_argument("--yes", action="store_true", help="do not ask before restoring")
    back.set_defaults(run=_restore)

    remind = commands.add_parser(
        "send-reminders",
        help="queue tomorrow's surgery reminders and send the emails due (with the app stopped, "
        "from a scheduled task); the password comes from SENDHUB_SMTP_PASSWORD",
    )
    remind.add_argument("--db", help="database file (default: SENDHUB_DB or data/sendhub.duckdb)")
    remind.set_defaults(run=_send_reminders)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DatabaseUnavailable as exc:
        # Whoever runs the command may see which file and which process.
        print(f"Nothing was saved. {exc}\n{exc.details}", file=sys.stderr)
        return 1
    except SendHubError as exc:
        print(f"Nothing was saved. {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
