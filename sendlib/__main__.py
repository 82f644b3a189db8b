"""Command line: `python -m sendlib add-user ...` and `python -m sendlib demo ...`."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date

from sendlib import db, users
from sendlib.access import ROLES
from sendlib.errors import SendHubError


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

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SendHubError as exc:
        print(f"Nothing was saved. {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
