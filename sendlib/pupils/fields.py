"""A pupil's details: the fields a SENCo fills in, and the rules each must meet before it is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError
from stdnum.gb import upn as upn_rules

from sendlib.errors import BROKEN_TEXT, Problem, composed, is_broken
from sendlib.pupils import census
from sendlib.school import year

# Field name -> the label shown on forms and in messages.
LABELS = {
    "upn": "UPN",
    "legal_forename": "Legal forename",
    "legal_surname": "Legal surname",
    "known_as": "Known as",
    "date_of_birth": "Date of birth",
    "year_group": "Year group",
    "class_name": "Class",
    "gender": "Gender",
    "first_language": "First language",
    "eal": "English as an additional language",
    "looked_after": "Looked after",
    "strengths": "Strengths",
    "what_helps": "What helps",
    "triggers": "Triggers",
    "adjustments": "Reasonable adjustments",
    "history": "Relevant history",
    "restricted_notes": "Restricted notes",
    "status": "SEN status",
    "primary_need": "Primary need",
    "secondary_need": "Secondary need",
    "status_start": "SEN start date",
}
TEXT_FIELDS = ("strengths", "what_helps", "triggers", "adjustments", "history", "restricted_notes")
PUPIL_COLUMNS = (
    "upn",
    "legal_forename",
    "legal_surname",
    "known_as",
    "date_of_birth",
    "year_group",
    "class_name",
    "gender",
    "first_language",
    "eal",
    "looked_after",
    *TEXT_FIELDS,
)
MAX_NAME = 100
MAX_TEXT = 4000


@dataclass(frozen=True)
class Pupil:
    """One pupil's stored details."""

    pupil_id: int
    upn: str
    legal_forename: str
    legal_surname: str
    known_as: str | None
    date_of_birth: date
    year_group: int
    class_name: str
    gender: str | None
    first_language: str
    eal: bool
    looked_after: bool
    strengths: str | None
    what_helps: str | None
    triggers: str | None
    adjustments: str | None
    history: str | None
    restricted_notes: str | None
    date_left: date | None

    @property
    def display_name(self) -> str:
        """The name the pupil goes by: known-as forename and legal surname."""
        return f"{self.known_as or self.legal_forename} {self.legal_surname}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"


def check_upn(value: str) -> tuple[str | None, str | None]:
    """A cleaned UPN and no message, or None and what is wrong with it."""
    cleaned = upn_rules.compact(value or "")
    if not cleaned:
        return None, "is required"
    try:
        return upn_rules.validate(cleaned), None
    except InvalidLength:
        return None, f"'{value}' must be 13 characters (it has {len(cleaned)})"
    except InvalidChecksum:
        return None, f"'{value}' has the wrong check letter (it should start with " + (
            f"{upn_rules.calc_check_digit(cleaned[1:])})"
        )
    except InvalidComponent:
        return None, f"'{value}' does not start with a known local-authority number"
    except ValidationError:
        return None, f"'{value}' is not a UPN: a check letter followed by 12 characters"


# DD/MM/YYYY first: MIS exports and Excel in England write dates that way; Arbor writes 14 Nov 2015.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y")


def parse_date(value: Any) -> date | None:
    """A date as a MIS or a person writes it; None when empty; ValueError naming the text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def date_field(value: Any, label: str, problems: list[Problem]) -> date | None:
    """A typed or imported date (parse_date), or None; a text that is not one is a problem
    naming `label`."""
    try:
        return parse_date(value)
    except ValueError as exc:
        problems.append(Problem(label, f"'{exc}' is not a date (use DD/MM/YYYY)"))
        return None


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return composed(text) or None


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"y", "yes", "true", "1", "t"}


# Notes a problem with a field: validate() gives its helpers one that names the row too.
Note = Callable[[str, str], None]


def validate(
    values: dict[str, Any],
    today: date,
    row: int | None = None,
    columns: dict[str, str] | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Clean a pupil's fields and list every problem, each naming its field (and row, if given).

    `columns` gives the file's heading for each field of an import, named in messages about a
    value that cannot be read when it differs from the field's label ('SEN Need Type 1')."""
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(LABELS[field], message, row))

    for field, value in values.items():
        if field in LABELS and is_broken(value):
            problem(field, BROKEN_TEXT)
    clean: dict[str, Any] = {}
    _names(values, clean, problem)
    _year_and_birth(values, today, clean, problem)
    _school_details(values, clean, problem)
    _register(values, clean, problem, columns or {})
    return clean, problems


def _names(values: dict[str, Any], clean: dict[str, Any], problem: Note) -> None:
    """The UPN, the legal names (both required) and the name the pupil is known by."""
    clean["upn"], message = check_upn(str(values.get("upn") or ""))
    if message:
        problem("upn", message)
    for field in ("legal_forename", "legal_surname"):
        clean[field] = _clean_text(values.get(field))
        if not clean[field]:
            problem(field, "is required")
    clean["known_as"] = _clean_text(values.get("known_as"))
    for field in ("legal_forename", "legal_surname", "known_as"):
        if clean[field] and len(clean[field]) > MAX_NAME:
            problem(field, f"is longer than {MAX_NAME} characters")


def _year_and_birth(
    values: dict[str, Any], today: date, clean: dict[str, Any], problem: Note
) -> None:
    """The year group, and a date of birth in the past that fits it (or a year either side)."""
    year_group = census.parse_year(values.get("year_group"))
    if year_group is None:
        problem(
            "year_group", f"'{values.get('year_group') or ''}' is not a year group (N, R, 1-13)"
        )
    clean["year_group"] = year_group

    try:
        born = parse_date(values.get("date_of_birth"))
    except ValueError as exc:
        born = None
        problem("date_of_birth", f"'{exc}' is not a date (use DD/MM/YYYY)")
    else:
        if born is None:
            problem("date_of_birth", "is required")
        elif born >= today:
            problem("date_of_birth", f"{born:%d/%m/%Y} is not in the past")
        elif year_group is not None and not year.is_plausible_for_year(born, year_group, today):
            first, last = year.birth_range(year_group, today)
            problem(
                "date_of_birth",
                f"{born:%d/%m/%Y} does not fit {census.year_label(year_group)} "
                f"(born {first:%d/%m/%Y} to {last:%d/%m/%Y}, or a year either side)",
            )
    clean["date_of_birth"] = born


def _school_details(values: dict[str, Any], clean: dict[str, Any], problem: Note) -> None:
    """The class (required), gender, first language, EAL, looked after and the profile's texts."""
    clean["class_name"] = _clean_text(values.get("class_name"))
    if not clean["class_name"]:
        problem("class_name", "is required")
    clean["gender"] = _clean_text(values.get("gender"))
    clean["first_language"] = _clean_text(values.get("first_language")) or "English"
    for field in ("class_name", "gender", "first_language"):
        if clean[field] and len(clean[field]) > MAX_NAME:
            problem(field, f"is longer than {MAX_NAME} characters")
    clean["eal"] = _as_bool(values.get("eal"))
    clean["looked_after"] = _as_bool(values.get("looked_after"))
    for field in TEXT_FIELDS:
        clean[field] = _clean_text(values.get(field))
        if clean[field] and len(clean[field]) > MAX_TEXT:
            problem(field, f"is longer than {MAX_TEXT} characters")


def _in_column(columns: dict[str, str], field: str) -> str:
    """' in column 'SEN Need Type 1'' when the file's heading for a field is not its label."""
    heading = columns.get(field)
    same = not heading or heading.strip().casefold() == LABELS[field].casefold()
    return "" if same else f" in column '{heading}'"


def _register(
    values: dict[str, Any], clean: dict[str, Any], problem: Note, columns: dict[str, str]
) -> None:
    """The SEN status and the primary and secondary needs, each readable and fitting the
    others; a value that cannot be read is named once, not again as missing."""
    status = census.parse_status(values.get("status"))
    status_unread = status is False
    if status_unread:
        problem(
            "status",
            f"'{values.get('status')}'{_in_column(columns, 'status')} is not K, E, monitoring or "
            "none (a census code or its name, such as 'K - SEN Support')",
        )
        status = None
    clean["status"] = status
    needs: dict[str, str | None] = {}
    unread = []  # needs that could not be read are named once, not again as missing
    for field in ("primary_need", "secondary_need"):
        code = census.parse_need(_clean_text(values.get(field)))
        if code is False:
            unread.append(field)
            problem(
                field,
                f"'{values.get(field)}'{_in_column(columns, field)} is not a DfE need code "
                f"({', '.join(census.NEEDS)}) or the name of one, such as "
                "'Specific learning difficulty'",
            )
        needs[field] = code or None
    primary, secondary = needs["primary_need"], needs["secondary_need"]
    _needs_fit(status, primary, secondary, problem, needs_read=not unread)
    if status is None and (primary or secondary) and not status_unread:
        problem("status", "is none, but a pupil with a need recorded must be on the register")
    clean["primary_need"], clean["secondary_need"] = primary, secondary


def _needs_fit(
    status: str | None,
    primary: str | None,
    secondary: str | None,
    problem: Note,
    needs_read: bool,
) -> None:
    """A secondary need only after a different primary one; NSA alone, and only with SEN
    support; a primary need for every pupil on SEN support or with an EHC plan."""
    if secondary and not primary and needs_read:
        problem("secondary_need", "needs a primary need first")
    if secondary and secondary == primary:
        problem("secondary_need", "must be different from the primary need")
    if secondary == "NSA" or (primary == "NSA" and secondary):
        problem(
            "secondary_need",
            "NSA (no specialist assessment) stands alone as the primary need, with no secondary need",
        )
    elif "NSA" in (primary, secondary) and status != "K":
        field = "primary_need" if primary == "NSA" else "secondary_need"
        problem(field, "NSA (no specialist assessment) is only used with SEN support (K)")
    if status in ("K", "E") and not primary and needs_read:
        problem("primary_need", "is required for pupils on SEN support or with an EHC plan")
