"""The pupil's one-page profile ("about me"): what people like and admire about them, what is
important to them, and how best to support them, in the pupil's own words where it was written
with them. Written by whoever edits the pupil; it feeds the transition pack's "About me"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendlib import audit, db
from sendlib.access import require_pupil_editable
from sendlib.errors import Problem, ValidationError, clean_text
from sendlib.users import User

# The three headings of a one-page profile, as the pupil reads them.
SECTIONS = {
    "admired": "What people like and admire about me",
    "important": "What is important to me",
    "support": "How best to support me",
}
LABELS = {
    **SECTIONS,
    "own_words": "In the pupil's own words",
    "written_with": "Written with",
}
MAX_SECTION = 2000
MAX_NAME = 100


@dataclass(frozen=True)
class OnePageProfile:
    pupil_id: int
    admired: str | None
    important: str | None
    support: str | None
    own_words: bool
    written_with: str | None
    updated_on: date
    updated_by: str

    def credit(self, first_name: str) -> str:
        """Whose words these are and how fresh: "In Zoë's own words, written with Mrs Patel.
        Brought up to date on 23/11/2026." """
        whose = f"In {first_name}'s own words" if self.own_words else f"Written for {first_name}"
        helped = f", written with {self.written_with}" if self.written_with else ""
        return f"{whose}{helped}. Brought up to date on {self.updated_on:%d/%m/%Y}."

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) for each section written, in the profile's order."""
        return [(label, text) for key, label in SECTIONS.items() if (text := getattr(self, key))]


def get_about_me(cur: db.Cursor, pupil_id: int) -> OnePageProfile | None:
    """A pupil's one-page profile, if one was written (no access check: callers check the
    pupil)."""
    return db.record(
        cur,
        OnePageProfile,
        "SELECT pupil_id, admired, important, support, own_words, written_with, updated_on, "
        "updated_by FROM one_page_profiles WHERE pupil_id = ?",
        [pupil_id],
    )


def validate_about_me(values: dict) -> tuple[dict, list[Problem]]:
    """A one-page profile's fields cleaned, and every problem, each naming its field."""
    problems: list[Problem] = []
    clean: dict = {
        key: clean_text(values.get(key), label, MAX_SECTION, False, problems)
        for key, label in SECTIONS.items()
    }
    if not any(clean.values()) and not problems:
        problems.append(Problem(SECTIONS["admired"], "write at least one of the three sections"))
    clean["own_words"] = bool(values.get("own_words"))
    clean["written_with"] = clean_text(
        values.get("written_with"), LABELS["written_with"], MAX_NAME, False, problems
    )
    return clean, problems


def save_about_me(
    cur: db.Cursor, user: User, pupil_id: int, values: dict, today: date
) -> OnePageProfile:
    """Write or bring up to date a pupil's one-page profile, audited with what it said before;
    the profile as now held."""
    require_pupil_editable(cur, user, pupil_id)
    clean, problems = validate_about_me(values)
    if problems:
        raise ValidationError(problems)
    before = get_about_me(cur, pupil_id)
    stamp = {"updated_on": today, "updated_by": user.username}

    def work(c: db.Cursor) -> None:
        if before is None:
            row = {**clean, **stamp}
            c.execute(
                f"INSERT INTO one_page_profiles (pupil_id, {', '.join(row)}) "
                f"VALUES (?, {', '.join('?' for _ in row)})",
                [pupil_id, *row.values()],
            )
            audit.record(
                c, user.username, "add one-page profile", pupil_id, "one-page profile written",
                after=clean,
            )  # fmt: skip
            return
        changed = [key for key in clean if getattr(before, key) != clean[key]]
        if not changed:
            return
        row = {**{k: clean[k] for k in changed}, **stamp}
        c.execute(
            f"UPDATE one_page_profiles SET {', '.join(f'{k} = ?' for k in row)} WHERE pupil_id = ?",
            [*row.values(), pupil_id],
        )
        audit.record(
            c, user.username, "edit one-page profile", pupil_id,
            "changed " + ", ".join(LABELS[k].lower() for k in changed),
            before={k: getattr(before, k) for k in changed}, after={k: clean[k] for k in changed},
        )  # fmt: skip

    db.write(cur, work)
    return get_about_me(cur, pupil_id)
