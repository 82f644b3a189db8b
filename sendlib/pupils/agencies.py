"""Outside agencies working with a pupil: which service, who to contact there and how, where the
referral stands, the last contact and the next step, and whether their report has come.

Reading and checking are here; saving (which puts a change of status on the pupil's timeline)
is in referrals."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sendlib import addresses, db
from sendlib.errors import Problem, clean_text
from sendlib.pupils import contacts
from sendlib.pupils.fields import date_field

# The services a SENCo most often refers to; the stored service is free text, so others are kept.
SERVICES = (
    "EP",
    "SALT",
    "CAMHS",
    "OT",
    "Physiotherapy",
    "Sensory support",
    "Specialist teacher",
    "Paediatrician",
    "Social care",
    "Early Help",
    "School nurse",
    "LA caseworker",
)
# What the abbreviations mean, for documents a parent reads.
SERVICE_NAMES = {
    "CAMHS": "Child and adolescent mental health services (CAMHS)",
    "SALT": "Speech and language therapy (SALT)",
    "OT": "Occupational therapy (OT)",
    "EP": "Educational psychologist (EP)",
    "Sensory support": "Sensory support (hearing and vision)",
    "LA caseworker": "Local authority SEN team",
}
AGENCY_STATUSES = ("considering", "referred", "waiting", "seen", "discharged")
# Each status as a sentence reads it: 'SALT: on the waiting list'.
STATUS_WORDS = {
    "considering": "considering a referral",
    "referred": "referred",
    "waiting": "on the waiting list",
    "seen": "seen, and working with the pupil",
    "discharged": "discharged",
}
MAX_NAME = 100
MAX_NEXT_STEP = 300
LABELS = {
    "service": "Service",
    "practitioner": "Named contact",
    "team": "Team",
    "phone": "Phone",
    "email": "Email",
    "referral_date": "Referred on",
    "status": "Status",
    "last_contact": "Last contact",
    "next_step": "Next step",
    "report_received": "Report received",
}


@dataclass(frozen=True)
class Agency:
    """One outside service's involvement with a pupil."""

    agency_id: int
    pupil_id: int
    service: str
    practitioner: str | None
    team: str | None
    phone: str | None
    email: str | None
    referral_date: date | None
    status: str
    last_contact: date | None
    next_step: str | None
    report_received: bool

    @property
    def service_name(self) -> str:
        """The service in words, with its abbreviation: 'Speech and language therapy (SALT)'."""
        return service_name(self.service)

    @property
    def reach(self) -> str:
        """Who to contact and how, in a line: 'Jo Bell, Leeds SALT team, 0113 496 0123'."""
        parts = (self.practitioner, self.team, self.phone, self.email)
        return ", ".join(part for part in parts if part)

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


def service_name(service: str) -> str:
    """A service's full name where it is usually abbreviated; otherwise as stored."""
    return SERVICE_NAMES.get(service, service)


COLUMNS = ", ".join(f.name for f in fields(Agency))


def list_agencies(cur: db.Cursor, pupil_id: int) -> list[Agency]:
    """A pupil's agencies: those still involved first, then newest referral first.

    No access check here: callers (such as profile.get_profile) check the user may see the pupil.
    """
    return db.records(
        cur,
        Agency,
        f"SELECT {COLUMNS} FROM agencies WHERE pupil_id = ? "
        "ORDER BY status = 'discharged', referral_date DESC NULLS LAST, agency_id",
        [pupil_id],
    )


def get_agency(cur: db.Cursor, agency_id: int) -> Agency:
    """One agency's involvement (no access check: callers check the pupil)."""
    return db.held(
        cur, Agency, f"SELECT {COLUMNS} FROM agencies WHERE agency_id = ?", [agency_id],
        "That agency is not on record.",
    )  # fmt: skip


def _date(values: dict, key: str, today: date, problems: list[Problem]) -> date | None:
    when = date_field(values.get(key), LABELS[key], problems)
    if when is not None and when > today:
        problems.append(Problem(LABELS[key], f"{when:%d/%m/%Y} is in the future"))
    return when


def validate_agency(values: dict, today: date) -> tuple[dict, list[Problem]]:
    """An agency's details cleaned, and every problem, each naming its field."""
    problems: list[Problem] = []

    def text(key: str, limit: int, required: bool = False) -> str | None:
        return clean_text(values.get(key), LABELS[key], limit, required, problems)

    clean: dict = {
        "service": text("service", MAX_NAME, True),
        "practitioner": text("practitioner", MAX_NAME),
        "team": text("team", MAX_NAME),
        "next_step": text("next_step", MAX_NEXT_STEP),
        "report_received": bool(values.get("report_received")),
        "status": values.get("status") or "referred",
    }
    clean["phone"] = contacts.phone_field(values.get("phone"), LABELS["phone"], problems)
    clean["email"] = addresses.email_field(values.get("email"), LABELS["email"], problems)
    if clean["status"] not in AGENCY_STATUSES:
        choices = ", ".join(STATUS_WORDS.values())
        problems.append(Problem(LABELS["status"], f"must be one of: {choices}"))
    for key in ("referral_date", "last_contact"):
        clean[key] = _date(values, key, today, problems)
    referred, last = clean["referral_date"], clean["last_contact"]
    if referred is None and clean["status"] not in ("considering", "discharged"):
        problems.append(
            Problem(LABELS["referral_date"], f"is needed once the pupil is {clean['status']}")
        )
    if clean["status"] == "considering" and referred is not None:
        problems.append(
            Problem(LABELS["status"], "is 'considering a referral', but a referral date is given")
        )
    if referred and last and last < referred:
        problems.append(
            Problem(LABELS["last_contact"], f"is before the referral on {referred:%d/%m/%Y}")
        )
    return clean, problems
