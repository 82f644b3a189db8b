"""Checking an import before anything is saved: every row cleaned and validated as the pupil form
would, compared with the pupil already held under that UPN, and shown in a preview with what
would change and why a row is refused."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from sendlib import db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError
from sendlib.pupils import census
from sendlib.pupils import fields as pupils_fields
from sendlib.pupils.importing.read import FIELDS, REQUIRED, check_mapping
from sendlib.users import User

# The pupil columns an import may set; free text and restricted notes are never in a MIS file.
PUPIL_FIELDS = tuple(f for f in pupils_fields.PUPIL_COLUMNS if f in FIELDS)


PREVIEW_COLUMNS = [
    "Row",
    "UPN",
    "Name",
    "Year",
    "Class",
    "Status",
    "Needs",
    "Action",
    "Changes",
    "Problems",
]


_MIDNIGHT = re.compile(r"^(\S+)\s+00:00(:00)?$")


@dataclass
class PlannedRow:
    """What applying the import will do to one row of the file."""

    row: int
    before: dict[str, Any] | None  # the stored pupil, as the preview saw it
    clean: dict[str, Any]
    status: str | None
    since: date | None = None  # the file's SEN start date, used when the status changes
    pupil_changed: bool = False
    status_changed: bool = False
    needs_changed: bool = False

    @property
    def pupil_id(self) -> int | None:
        return self.before["pupil_id"] if self.before else None


@dataclass
class ImportPreview:
    """Every row of the file with what importing it would do, before anything is written."""

    rows: pd.DataFrame
    problems: list[Problem]
    new: int
    updated: int
    unchanged: int
    file_name: str = "the MIS file"
    fields: tuple[str, ...] = ()
    with_status: bool = False
    planned: list[PlannedRow] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_mapping(frame: pd.DataFrame, mapping: dict[str, str | None]) -> None:
    problems = check_mapping(frame, mapping, pupils_fields.LABELS, REQUIRED)
    if not mapping.get("status") and (mapping.get("primary_need") or mapping.get("secondary_need")):
        problems.append(
            Problem("Columns", "needs come with an SEN status: choose the SEN status column too")
        )
    if problems:
        raise ValidationError(problems)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


_EXISTING_SQL = """
SELECT p.pupil_id, p.date_left, s.status, s.start_date AS status_since,
       n1.code AS primary_need, n2.code AS secondary_need, {columns}
FROM pupils p
JOIN (SELECT unnest(?::VARCHAR[]) AS upn) u ON p.upn = u.upn
LEFT JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL
LEFT JOIN needs n1 ON n1.pupil_id = p.pupil_id AND n1.rank = 1
LEFT JOIN needs n2 ON n2.pupil_id = p.pupil_id AND n2.rank = 2
"""


def held_pupils(cur: db.Cursor, upns: list[str]) -> dict[str, dict[str, Any]]:
    """The stored values of the pupils holding these UPNs, fetched in one query."""
    if not upns:
        return {}
    # A list parameter rather than a registered frame: DuckDB refuses register() while a
    # caller's earlier result is only partly fetched.
    result = cur.execute(
        _EXISTING_SQL.format(columns=", ".join(f"p.{c}" for c in PUPIL_FIELDS)),
        [sorted(set(upns))],
    )
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    return {row[names.index("upn")]: dict(zip(names, row, strict=True)) for row in rows}


def _display(clean: dict[str, Any], status: str | None) -> dict[str, str]:
    needs = [c for c in (clean["primary_need"], clean["secondary_need"]) if c]
    return {
        "UPN": clean["upn"],
        "Name": f"{clean['known_as'] or clean['legal_forename']} {clean['legal_surname']}",
        "Year": census.year_label(clean["year_group"]),
        "Class": clean["class_name"],
        "Status": census.status_label(status),
        "Needs": ", ".join(needs),
    }


def _raw_display(values: dict[str, str]) -> dict[str, str]:
    first = values.get("known_as", "").strip() or values.get("legal_forename", "").strip()
    needs = [values.get(f, "").strip() for f in ("primary_need", "secondary_need")]
    return {
        "UPN": values.get("upn", "").strip(),
        "Name": f"{first} {values.get('legal_surname', '').strip()}".strip(),
        "Year": values.get("year_group", "").strip(),
        "Class": values.get("class_name", "").strip(),
        "Status": values.get("status", "").strip(),
        "Needs": ", ".join(n for n in needs if n),
    }


def _status_start(
    text: str | None, clean: dict[str, Any], today: date, row: int, problems: list[Problem]
) -> date | None:
    """The file's SEN start date for a row, or None; a date that cannot be right is a problem."""

    def problem(message: str) -> None:
        problems.append(Problem(pupils_fields.LABELS["status_start"], message, row))

    try:
        since = pupils_fields.parse_date((text or "").strip())
    except ValueError as exc:
        problem(f"'{exc}' is not a date (use DD/MM/YYYY)")
        return None
    if since is None or clean["status"] is None:
        return None  # a start date means nothing for a pupil not on the register
    if since > today:
        problem(f"{since:%d/%m/%Y} is in the future")
    elif clean["date_of_birth"] and since < clean["date_of_birth"]:
        problem(f"{since:%d/%m/%Y} is before the date of birth")
    return since


def _start_problems(clean: dict[str, Any], before: dict[str, Any], row: int) -> list[Problem]:
    """A new status cannot start before the one it replaces began."""
    since, was = clean["status_start"], before["status"]
    changes = clean["status"] != was and not (clean["status"] is None and was == "monitoring")
    if not (since and was and changes and since < before["status_since"]):
        return []
    return [
        Problem(
            pupils_fields.LABELS["status_start"],
            f"{since:%d/%m/%Y} is before the current status ({census.status_label(was)}) began "
            f"on {before['status_since']:%d/%m/%Y}",
            row,
        )
    ]


def _plan_row(planned: PlannedRow, fields: tuple[str, ...]) -> str:
    """Fill in what would change for a known pupil; return the labels of the changed fields."""
    before, clean = planned.before, planned.clean
    if before is None:
        planned.status_changed = planned.status is not None
        planned.needs_changed = True
        return ""
    changed = [pupils_fields.LABELS[f] for f in fields if before[f] != clean[f]]
    planned.pupil_changed = bool(changed)
    planned.status_changed = planned.status != before["status"]
    planned.needs_changed = (clean["primary_need"], clean["secondary_need"]) != (
        before["primary_need"],
        before["secondary_need"],
    )
    changed += ["SEN status"] * planned.status_changed + ["Needs"] * planned.needs_changed
    return ", ".join(changed)


_Row = tuple[dict[str, str], dict[str, Any], list[Problem]]


def _cleaned_rows(
    frame: pd.DataFrame, headings: dict[str, str], today: date
) -> tuple[list[_Row], dict[str, list[int]]]:
    """Each row's cells, cleaned values and problems as the pupil form would find them, and the
    rows each UPN is on."""
    columns = {f: [_cell(v) for v in frame[h].tolist()] for f, h in headings.items()}
    rows: list[_Row] = []
    rows_of_upn: dict[str, list[int]] = defaultdict(list)
    for index in range(len(frame)):
        number = index + 2  # the spreadsheet's row number: the header is row 1
        values = {f: cells[index] for f, cells in columns.items()}
        for dated in ("date_of_birth", "status_start"):
            if dated in values:
                values[dated] = _MIDNIGHT.sub(r"\1", values[dated].strip())
        if not any(v.strip() for v in values.values()):
            rows.append(
                (values, {}, [Problem("Whole row", "is empty; delete it from the file", number)])
            )
            continue
        clean, problems = pupils_fields.validate(values, today, row=number, columns=headings)
        clean["status_start"] = _status_start(
            values.get("status_start"), clean, today, number, problems
        )
        if clean["known_as"] == clean["legal_forename"]:
            clean["known_as"] = None  # MIS files repeat the legal forename when there is none
        if clean["upn"]:
            rows_of_upn[clean["upn"]].append(number)
        rows.append((values, clean, problems))
    return rows, rows_of_upn


def _mark_repeated_upns(rows: list[_Row], rows_of_upn: dict[str, list[int]]) -> None:
    for upn, numbers in rows_of_upn.items():
        for number in numbers if len(numbers) > 1 else ():
            others = [str(n) for n in numbers if n != number]
            where = f"row {others[0]}" if len(others) == 1 else f"rows {', '.join(others)}"
            rows[number - 2][2].append(Problem("UPN", f"{upn} is also on {where}", number))


def _held_problems(clean: dict[str, Any], before: dict[str, Any] | None, row: int) -> list[Problem]:
    """What is wrong with a row given the pupil already held under its UPN."""
    if before and before["date_left"]:
        message = (
            f"{clean['upn']} belongs to a pupil who left on {before['date_left']:%d/%m/%Y}: "
            "take the row out of the file"
        )
        return [Problem("UPN", message, row)]
    return []


def _keep_held(
    clean: dict[str, Any], before: dict[str, Any] | None, fields: tuple[str, ...], with_status: bool
) -> str | None:
    """Fill in what the file does not say from the pupil held, and give the status to import."""
    status = clean["status"]
    if before:  # columns the file lacks keep their stored values
        clean.update({f: before[f] for f in PUPIL_FIELDS if f not in fields})
    # A file without a status keeps the held one; the census reports the local monitoring list
    # as N, so N in the file agrees with it.
    keeps = before and (not with_status or (status is None and before["status"] == "monitoring"))
    if keeps:
        status = before["status"]
        clean["primary_need"] = before["primary_need"]
        clean["secondary_need"] = before["secondary_need"]
    return status


def preview_import(
    cur: db.Cursor,
    user: User,
    frame: pd.DataFrame,
    mapping: dict[str, str | None],
    today: date,
    file_name: str = "the MIS file",
) -> ImportPreview:
    """Check every row of a MIS file and say what importing it would do; writes nothing."""
    require(user, "import")
    _check_mapping(frame, mapping)
    headings = {f: h for f, h in mapping.items() if h and f in FIELDS}
    with_status = "status" in headings
    fields = tuple(f for f in PUPIL_FIELDS if f in headings and f != "upn")
    rows, rows_of_upn = _cleaned_rows(frame, headings, today)
    _mark_repeated_upns(rows, rows_of_upn)
    held = held_pupils(cur, list(rows_of_upn))
    table, planned, all_problems = [], [], []
    counts = {"new": 0, "update": 0, "no change": 0}
    for index, (values, clean, problems) in enumerate(rows):
        number = index + 2
        before = held.get(clean.get("upn")) if clean else None
        problems += _held_problems(clean, before, number)
        if before and not problems:
            problems += _start_problems(clean, before, number)
        if problems:
            all_problems += problems
            action, changes, shown = "error", "", _raw_display(values)
        else:
            status = _keep_held(clean, before, fields, with_status)
            plan = PlannedRow(number, before, clean, status, clean["status_start"])
            changes = _plan_row(plan, fields)
            action = "new" if before is None else ("update" if changes else "no change")
            counts[action] += 1
            planned.append(plan)
            shown = _display(clean, status)
        problem_words = "; ".join(f"{p.field}: {p.message}" for p in problems)
        table.append(
            {
                "Row": number,
                **shown,
                "Action": action,
                "Changes": changes,
                "Problems": problem_words,
            }
        )
    return ImportPreview(
        rows=pd.DataFrame(table, columns=PREVIEW_COLUMNS),
        problems=all_problems,
        new=counts["new"],
        updated=counts["update"],
        unchanged=counts["no change"],
        file_name=file_name,
        fields=fields,
        with_status=with_status,
        planned=planned,
    )


def _in_words(problem: Problem) -> str:
    """'Class is required', 'UPN: A87... is also on row 5': the field, then what is wrong."""
    first = problem.message[:1]
    joined = " " if first.islower() or first.isdigit() or first == "'" else ": "
    return f"{problem.field}{joined}{problem.message}"


def describe_refused_rows(preview: ImportPreview) -> list[str]:
    """Each refused row with all its problems, in row order: 'Row 3: Class is required; ...'."""
    by_row: dict[int | None, list[str]] = defaultdict(list)
    for problem in preview.problems:
        by_row[problem.row].append(_in_words(problem))
    return [
        f"Row {row}: " + "; ".join(found) if row is not None else "; ".join(found)
        for row, found in sorted(by_row.items(), key=lambda item: item[0] or 0)
    ]
