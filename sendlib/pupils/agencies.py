"""Outside agencies working with a pupil: who, since when, and whether their report has come."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sendlib import db

# The services a SENCo most often refers to; the stored service is free text, so others are kept.
SERVICES = (
    "CAMHS",
    "SALT",
    "OT",
    "EP",
    "Physiotherapy",
    "Specialist teacher",
    "Paediatrician",
    "Social care",
    "LA caseworker",
    "School nurse",
    "Early Help",
)
# What the abbreviations mean, for documents a parent reads.
SERVICE_NAMES = {
    "CAMHS": "Child and adolescent mental health services (CAMHS)",
    "SALT": "Speech and language therapy (SALT)",
    "OT": "Occupational therapy (OT)",
    "EP": "Educational psychologist (EP)",
    "LA caseworker": "Local authority SEN caseworker",
}
AGENCY_STATUSES = ("referred", "waiting list", "assessing", "involved", "discharged")


@dataclass(frozen=True)
class Agency:
    """One outside service's involvement with a pupil."""

    agency_id: int
    pupil_id: int
    service: str
    practitioner: str | None
    contact: str | None
    referral_date: date | None
    status: str
    report_received: bool

    @property
    def service_name(self) -> str:
        """The service in words, with its abbreviation: 'Speech and language therapy (SALT)'."""
        return service_name(self.service)


def service_name(service: str) -> str:
    """A service's full name where it is usually abbreviated; otherwise as stored."""
    return SERVICE_NAMES.get(service, service)


_COLUMNS = ", ".join(f.name for f in fields(Agency))


def list_agencies(cur: db.Cursor, pupil_id: int) -> list[Agency]:
    """A pupil's agencies: those still involved first, then newest referral first.

    No access check here: callers (such as profile.get_profile) check the user may see the pupil.
    """
    rows = cur.execute(
        f"SELECT {_COLUMNS} FROM agencies WHERE pupil_id = ? "
        "ORDER BY status = 'discharged', referral_date DESC NULLS LAST, agency_id",
        [pupil_id],
    ).fetchall()
    return [Agency(*row) for row in rows]
