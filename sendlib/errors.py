"""Typed errors that pages turn into messages: each names the field, and the row where there is one."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


class SendHubError(Exception):
    """Base class for errors the app reports to a person rather than as a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what was typed or imported."""

    field: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.field}" if self.row is not None else self.field
        return f"{where}: {self.message}"


class ValidationError(SendHubError):
    """Input that must not reach the database; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, field: str, message: str, row: int | None = None) -> ValidationError:
        return cls(Problem(field, message, row))


class PermissionDenied(SendHubError):
    """The signed-in user's role may not do this."""


class NotFound(SendHubError):
    """The record asked for does not exist (or is not visible to this user)."""


class DatabaseUnavailable(SendHubError):
    """The school's database file cannot be opened. The message names neither the file nor any
    process, so anyone may read it; `details` (the file, the process, DuckDB's own words) are for
    whoever runs the server."""

    def __init__(self, message: str, details: str):
        super().__init__(message)
        self.details = details


class DatabaseInUse(DatabaseUnavailable):
    """Another process holds the database file open for writing."""


class DatabaseDamaged(DatabaseUnavailable):
    """The file is not a whole DuckDB database: damaged, cut short, or not a database at all."""


class WriteConflict(SendHubError):
    """A write kept meeting other writes and was given up after a few tries."""


# What a person is told when pasted text holds half of a character (a lone surrogate, left by a
# broken copy of an emoji): it cannot be stored, so it is refused with the field's name.
BROKEN_TEXT = "holds a broken character (part of an emoji or symbol): delete it and type it again"


def is_broken(text: object) -> bool:
    """True for text that cannot be written as UTF-8 (it holds a lone surrogate)."""
    if not isinstance(text, str):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def composed(text: str) -> str:
    """Text as typed, each accent composed with its letter (Unicode NFC): 'Zoë' typed as one
    character or as 'e' and a combining mark is stored, found, exported and printed as one name."""
    return unicodedata.normalize("NFC", text)


def clean_text(
    text: object,
    label: str,
    limit: int,
    required: bool,
    problems: list[Problem],
    example: str | None = None,
) -> str | None:
    """A typed-in text, trimmed and composed (None when empty); notes a Problem when it is
    missing though required ("is required (for example ...)"), or longer than `limit`."""
    text = str(text or "").strip()
    if is_broken(text):
        problems.append(Problem(label, BROKEN_TEXT))
        return None
    text = composed(text)
    if required and not text:
        problems.append(Problem(label, "is required" + (f" ({example})" if example else "")))
    elif len(text) > limit:
        problems.append(Problem(label, f"must be at most {limit} characters"))
    return text or None


def text_field(
    values: dict, key: str, label: str, limit: int, required: bool, problems: list[Problem]
) -> str | None:
    """clean_text for the value under `key` in a form's values."""
    return clean_text(values.get(key), label, limit, required, problems)
