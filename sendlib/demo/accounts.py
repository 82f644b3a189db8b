"""The demo school's accounts: the SENCo, a class teacher, the office and the head (a viewer), with
the passwords shown on the demo's sign-in page; their passwords checked and hashed as a new
user's are, the accounts written by users.insert_user, and the classes the demo teacher
teaches."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sendlib import access, db, users
from sendlib.demo.base import SchoolRows, SchoolSize, plain_ascii
from sendlib.errors import ValidationError


@dataclass(frozen=True)
class DemoAccount:
    """A sign-in shown on the login page of the demo only."""

    username: str
    password: str
    role: str
    name: str
    description: str


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "senco",
        "demo-senco-2026",
        "senco",
        "Priya Sharma",
        "The SENCo: sees every pupil, including restricted notes, and manages users.",
    ),
    DemoAccount(
        "teacher",
        "demo-teacher-2026",
        "teacher",
        "Tom Okafor",
        "A class teacher: sees only the pupils of the classes they teach.",
    ),
    DemoAccount(
        "office",
        "demo-office-2026",
        "office",
        "Janet Hughes",
        "The school office: books parent surgeries; sees names and contact details only.",
    ),
    DemoAccount(
        "head",
        "demo-head-2026",
        "viewer",
        "David Ellis",
        "The headteacher (viewer): dashboards with counts only, no names.",
    ),
]

SENCO = next(a.username for a in DEMO_ACCOUNTS if access.is_senco(a))
OFFICE = next(a.username for a in DEMO_ACCOUNTS if access.books_only(a))


def hash_passwords() -> dict[str, str]:
    """Each demo account's password, checked as a new user's is and hashed (in parallel)."""
    for account in DEMO_ACCOUNTS:
        problems = users.validate_new_user(
            account.username, account.name, account.role, account.password
        )
        if problems:
            raise ValidationError(problems)
    with ThreadPoolExecutor(max_workers=len(DEMO_ACCOUNTS)) as pool:  # bcrypt frees the GIL
        hashed = pool.map(users.hash_password, [a.password for a in DEMO_ACCOUNTS])
    return {a.username: h for a, h in zip(DEMO_ACCOUNTS, hashed, strict=True)}


def teacher_classes(rows: SchoolRows, size: SchoolSize) -> list[str]:
    """The demo teacher's classes: the class in a middle year group with most pupils on the
    register, and (except in the small primary) a second class of the same year and school."""
    middle = {"small": range(3, 6), "secondary": range(8, 11)}.get(size.key, range(3, 10))
    counts: Counter = Counter()
    where: dict[str, tuple[str, int]] = {}
    for p in rows.pupils:
        if p.left is None and p.status is not None and p.year in middle:
            counts[p.class_name] += 1
            where[p.class_name] = (p.campus.name, p.year)
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    first = ranked[0]
    partners = [name for name in ranked[1:] if where[name] == where[first]]
    return [first] if size.key == "small" else [first, *partners[:1]]


def add_accounts(cur: db.Cursor, hashes: dict[str, str], classes: list[str]) -> None:
    """The demo accounts, written by users.insert_user inside the build's transaction (their
    passwords checked and hashed beforehand by hash_passwords)."""
    for account in DEMO_ACCOUNTS:
        users.insert_user(
            cur,
            account.username,
            account.name,
            account.role,
            hashes[account.username],
            f"{plain_ascii(account.name)}@example.org",
            classes if access.sees_class_only(account) else (),
        )
