"""Hostile text for property tests: what people paste into forms and what MIS files carry.

Markup and script, spreadsheet formulas, control and invisible characters, right-to-left marks,
emoji and combining marks, lone surrogates and very long strings, mixed with ordinary words.
"""

from __future__ import annotations

from hypothesis import event
from hypothesis import strategies as st

from sendlib import db
from sendlib.errors import ValidationError

PIECES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "</div><b>bold</b>&amp;&lt;",
    "**x**",
    "_y_",
    "[link](javascript:alert(1))",
    "![img](http://example.org/x.png)",
    "# Heading",
    "`code`",
    "$x^2$",
    ":red[red]",
    "> quote",
    '=HYPERLINK("http://example.org","click")',
    "=1+1",
    "+44 7700 900123",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=cmd",
    "\r=cmd",
    "\x00",
    "\x1b[31m",
    "\x07\x08\x7f",
    "\u0085",
    "\u2028\u2029",
    "\u202eevil\u202c",
    "\u200b\u200c\u200d",
    "\ufeff",
    "\u00a0",
    "😀👩‍👩‍👧‍👦🏳️‍🌈",
    "e\u0301\u0301\u0301",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "Zoë O'Connor-Smith",
    "Nguyễn",
    "نور",
    "עברית",
    "\ud800",
    "\udfff",
    "'; DROP TABLE pupils; --",
    "%s %d {0} {name}",
    "\\",
    "\n\n\n",
    "",
    " ",
]
EVERY_CHARACTER = st.characters(codec=None, exclude_categories=())
WORDS = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=12)


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """A string built from hostile pieces, ordinary words and any character at all."""
    part = st.one_of(st.sampled_from(PIECES), WORDS, st.text(EVERY_CHARACTER, max_size=8))
    return st.lists(part, min_size=1, max_size=6).map("".join).map(lambda s: s[:max_size])


def long_text(min_size: int = 10_000) -> st.SearchStrategy[str]:
    """A very long string: one hostile piece repeated past min_size characters."""
    return st.sampled_from([p for p in PIECES if p]).map(lambda p: p * (min_size // len(p) + 1))


def anything(max_size: int = 60) -> st.SearchStrategy[str]:
    """Mostly short hostile text, sometimes (one time in six) a very long one."""
    return st.integers(0, 5).flatmap(lambda n: long_text() if n == 5 else hostile_text(max_size))


def mostly(valid: object, max_size: int = 10) -> st.SearchStrategy:
    """The valid value three times in four, otherwise hostile text."""
    return st.integers(0, 3).flatmap(lambda n: hostile_text(max_size) if n == 3 else st.just(valid))


def row_counts(cur: db.Cursor) -> dict[str, int]:
    """How many rows each table holds, every table the migrations made."""
    tables = [name for (name,) in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    return {t: cur.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def attempt(cur: db.Cursor, call):
    """Run a save: its result, or None after a ValidationError that names fields and left
    every table as it was. Any other exception is let through, and fails the test."""
    before = row_counts(cur)
    try:
        result = call()
    except ValidationError as error:
        event("refused")
        assert error.problems, "a ValidationError with no problem in it"
        for problem in error.problems:
            assert isinstance(problem.field, str) and problem.field.strip(), error
            assert problem.message.strip(), error
        assert row_counts(cur) == before, f"half-saved after: {error}"
        return None
    event("saved")
    return result
