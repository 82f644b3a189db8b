"""What must never reach a projector or a head's screen: the names of a school's pupils and
parents, and the words people typed about them. Tests search what a screen shows for these."""

from __future__ import annotations

import re

from sendlib import db

# Typed words shorter than this are too generic to search for ("Reading at home" is fine).
LONG_ENOUGH = 25


def identifying_words(cur: db.Cursor) -> list[str]:
    """Pupils' and parents' names (whole, and each part that no member of staff shares) and the
    longer things people typed: summaries, parents' views, actions, agendas."""
    staff_words = {
        word
        for (name,) in cur.execute("SELECT name FROM users").fetchall()
        for word in name.split()
    }
    names = cur.execute(
        """SELECT coalesce(known_as, legal_forename) || ' ' || legal_surname FROM pupils
           UNION SELECT legal_forename FROM pupils UNION SELECT legal_surname FROM pupils
           UNION SELECT name FROM contacts UNION SELECT form_of_address FROM contacts"""
    ).fetchall()
    typed = cur.execute(
        """SELECT summary FROM communications UNION SELECT parent_views FROM communications
           UNION SELECT subject FROM communications UNION SELECT description FROM actions
           UNION SELECT agenda FROM bookings"""
    ).fetchall()
    words = {n for (n,) in names if n and n not in staff_words}
    words |= {t for (t,) in typed if t and len(t) >= LONG_ENOUGH}
    return sorted(words)


def leaks(text: str, words: list[str]) -> list[str]:
    """The identifying words that appear in the text as whole words."""
    return [w for w in words if w in text and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
