"""Parents and carers: who they are, how and when they would like to be contacted."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sendlib import db

CHANNELS = ("phone", "email", "text", "face to face")


@dataclass(frozen=True)
class Contact:
    """One parent or carer of a pupil, as stored."""

    contact_id: int
    pupil_id: int
    name: str
    relationship: str
    parental_responsibility: bool
    form_of_address: str | None
    preferred_channel: str
    email_before_calling: bool
    best_times: str | None
    difficult_times: str | None
    barriers: str | None
    language: str
    interpreter_needed: bool
    phone: str | None
    email: str | None
    household: int
    priority: int

    @property
    def addressed_as(self) -> str:
        """How to address them in a letter or on the phone ('Ms Khan'), falling back to the name."""
        return self.form_of_address or self.name

    def how_to_reach(self, everything: bool = False) -> str:
        """How they like to be contacted, in a line: 'prefers phone, email before calling; best
        times: after 3pm; speaks Polish; needs an interpreter'. With `everything`, also the
        times to avoid and any barriers, for whoever is arranging a meeting."""
        parts = [f"prefers {self.preferred_channel}" + (
            ", email before calling" if self.email_before_calling else ""
        )]  # fmt: skip
        if self.best_times:
            parts.append(f"best times: {self.best_times}")
        if everything and self.difficult_times:
            parts.append(f"avoid: {self.difficult_times}")
        if self.language and self.language != "English":
            parts.append(f"speaks {self.language}")
        if self.interpreter_needed:
            parts.append("needs an interpreter")
        if everything and self.barriers:
            parts.append(f"barriers: {self.barriers}")
        return "; ".join(parts)


_COLUMNS = ", ".join(f.name for f in fields(Contact))


def list_contacts(cur: db.Cursor, pupil_id: int) -> list[Contact]:
    """A pupil's parents and carers, household by household, main contact first.

    No access check here: callers (such as profile.get_profile) check the user may see the pupil.
    """
    return db.records(
        cur,
        Contact,
        f"SELECT {_COLUMNS} FROM contacts WHERE pupil_id = ? "
        "ORDER BY household, priority, contact_id",
        [pupil_id],
    )
