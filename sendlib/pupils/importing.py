"""Import pupils from a CSV exported by the school's MIS (SIMS, Arbor, Bromcom...).

Read the file, match its columns to our fields, preview every row with its problems, then apply
the whole file in one transaction: new pupils are added, known UPNs are updated, nothing else moves.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import Problem, ValidationError
from sendlib.pupils import census, register
from sendlib.pupils import fields as pupils_fields
from sendlib.timeline import ledger
from sendlib.users import User

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
MAX_SHAPE_PROBLEMS = 10
IMPORT_REASON = "Imported from MIS file {name}"

REQUIRED = ("upn", "legal_forename", "legal_surname", "date_of_birth", "year_group", "class_name")
OPTIONAL = (
    "known_as",
    "status",
    "primary_need",
    "secondary_need",
    "status_start",
    "gender",
    "first_language",
    "eal",
    "looked_after",
)
# Field name -> the label the column-matching screen shows; required ones say so.
FIELDS: dict[str, str] = {
    **{name: f"{pupils_fields.LABELS[name]} (required)" for name in REQUIRED},
    **{name: pupils_fields.LABELS[name] for name in OPTIONAL},
}

# The columns of a SIMS "SEN register" export, the most common layout schools send.
SIMS_HEADER = (
    "UPN",
    "Legal Surname",
    "Legal Forename",
    "Preferred Forename",
    "DOB",
    "Year",
    "Reg Group",
    "SEN Status",
    "Primary Need",
    "Secondary Need",
)

# Header spellings seen in MIS exports, compared without case, spaces or punctuation.
# Each field takes the first spelling present, so more specific ones come first. SIMS writes
# "SEN Need Type 1"/"SEN Need Type 2" and calls the status "SEN Status" or "SEN Provision";
# Arbor "Primary SEN Need"; ScholarPack "SEN Provision"; the census says "SEN type" and ranks it.
ALIASES: dict[str, tuple[str, ...]] = {
    name: tuple(spellings.split())
    for name, spellings in {
        "upn": "upn uniquepupilnumber pupilupn",
        "legal_surname": "legalsurname surname legallastname lastname familyname",
        "legal_forename": "legalforename forename legalfirstname firstname forenames givenname",
        "known_as": "preferredforename preferredfirstname preferredname knownas",
        "date_of_birth": "dob dateofbirth birthdate",
        "year_group": "year ncyear yeargroup ncyearactual nationalcurriculumyear curriculumyear "
        "yr ncyeargroup currentncyear",
        "class_name": "reggroup reg class form registrationgroup regform registrationform "
        "formgroup tutorgroup classname formtutorgroup regclass registrationclass",
        "status": "senstatus senprovision senstage sen senstatuscode currentsenstatus "
        "senprovisiontype senstatusdescription",
        "primary_need": "primaryneed senprimaryneed primarysenneed primarytypeofneed "
        "senneedtype1 senneed1 primaryneedtype primarysenneedtype senprimaryneedtype "
        "primarysentype sentype1 needtype1 senneedtyperank1 senneed senneedtype sentype",
        "secondary_need": "secondaryneed sensecondaryneed secondarysenneed secondarytypeofneed "
        "senneedtype2 senneed2 secondaryneedtype secondarysenneedtype sensecondaryneedtype "
        "secondarysentype sentype2 needtype2 senneedtyperank2",
        "status_start": "senstartdate senstatusstartdate senprovisionstartdate senstart "
        "sensince senstatusstart senprovisionstart senstatusdate",
        "gender": "gender sex",
        "first_language": "firstlanguage homelanguage language mainlanguage",
        "eal": "eal englishasanadditionallanguage ealstatus ealflag iseal",
        "looked_after": "lookedafter lookedafterchild childlookedafter inlacare cla lac "
        "lookedaftercla lookedafterchildcla incare childlookedaftercla",
    }.items()
}
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


def _header_key(header: str) -> str:
    without_notes = re.sub(r"\(.*?\)", "", header.casefold())
    return re.sub(r"[\s_\-./]+", "", without_notes)


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """For each field, the file's column that seems to hold it, or None."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(_header_key(header), header)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for name in FIELDS:
        found = next(
            (by_key[a] for a in ALIASES[name] if a in by_key and by_key[a] not in used), None
        )
        if found:
            used.add(found)
        mapping[name] = found
    return mapping


def _size(count: int) -> str:
    megabytes = count / (1024 * 1024)
    return f"{round(megabytes, 1):g} MB" if megabytes >= 1 else f"{count:,} bytes"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _decode(data: bytes) -> str:
    not_csv = ValidationError.one(
        "File",
        "is not a CSV file (it may be an Excel workbook or a UTF-16 text file): "
        "save it from your MIS or Excel as 'CSV UTF-8' or 'CSV (comma delimited)'",
    )
    if b"\x00" in data:
        raise not_csv
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise not_csv from None


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    if "," in first_line:
        return ","
    return max(("\t", ";"), key=first_line.count) if any(c in first_line for c in "\t;") else ","


def read_csv(data: bytes, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """A MIS export as a table of text, one column per header; empty cells are ''."""
    if len(data) > max_bytes:
        raise ValidationError.one(
            "File",
            f"is larger than {_size(max_bytes)}, the largest file that can be imported",
        )
    text = _decode(data)
    if not text.strip():
        raise ValidationError.one("File", "The file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [h.strip() for h in next(reader)]
        records: list[list[str]] = []
        blanks = 0  # blank lines are kept only when a filled row follows (Excel pads the end)
        for record in reader:
            if not any(cell.strip() for cell in record):
                blanks += 1
                continue
            if len(records) + blanks >= max_rows:
                raise ValidationError.one(
                    "File",
                    f"has more than {max_rows:,} rows; the most that can be imported at once is "
                    f"{max_rows:,}: split the file",
                )
            records += [[]] * blanks + [record]
            blanks = 0
    except csv.Error as exc:
        raise ValidationError.one("File", f"could not be read as CSV ({exc})") from None
    if not records:
        raise ValidationError.one(
            "File", "has a header row but no pupils below it (each row should be one pupil)"
        )
    return _frame(header, records)


def _frame(header: list[str], records: list[list[str]]) -> pd.DataFrame:
    width = len(header)
    problems = []
    for number, record in enumerate(records, start=2):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            problems.append(
                Problem(
                    "Columns",
                    f"has {len(record)} values but the header row has {width} columns "
                    "(is there a comma in a name without quotes around it?)",
                    number,
                )
            )
            if len(problems) == MAX_SHAPE_PROBLEMS:
                break
    if problems:
        raise ValidationError(problems)
    columns: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        cells = [r[index] if index < len(r) else "" for r in records]
        if not name:
            if not any(c.strip() for c in cells):
                continue  # an unnamed, empty column: trailing commas
            name = f"Column {_column_letter(index)}"
        key = name.casefold()
        if key in seen:
            problems.append(
                Problem(
                    "Header",
                    f"'{name}' appears more than once (columns {_column_letter(seen[key])} and "
                    f"{_column_letter(index)}): rename or delete one",
                )
            )
            continue
        seen[key] = index
        columns[name] = cells
    if problems:
        raise ValidationError(problems)
    return pd.DataFrame(columns, dtype=str)


@dataclass
class _Planned:
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
    planned: list[_Planned] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _check_mapping(frame: pd.DataFrame, mapping: dict[str, str | None]) -> None:
    problems = []
    missing = [pupils_fields.LABELS[f] for f in REQUIRED if not mapping.get(f)]
    if missing:
        problems.append(
            Problem("Columns", f"choose the file's column for {', '.join(missing)} (required)")
        )
    chosen: dict[str, list[str]] = defaultdict(list)
    for name, header in mapping.items():
        if header and name in FIELDS:
            chosen[header].append(pupils_fields.LABELS[name])
    for header, labels in chosen.items():
        if header not in frame.columns:
            problems.append(Problem("Columns", f"'{header}' is not a column of the file"))
        elif len(labels) > 1:
            problems.append(Problem("Columns", f"'{header}' is chosen for {' and '.join(labels)}"))
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


def _existing(cur: db.Cursor, upns: list[str]) -> dict[str, dict[str, Any]]:
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


def _plan_row(planned: _Planned, fields: tuple[str, ...]) -> str:
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
    columns = {f: [_cell(v) for v in frame[h].tolist()] for f, h in headings.items()}
    with_status = "status" in columns
    fields = tuple(f for f in PUPIL_FIELDS if f in columns and f != "upn")
    rows: list[tuple[dict[str, str], dict[str, Any], list[Problem]]] = []
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

    for upn, numbers in rows_of_upn.items():
        for number in numbers if len(numbers) > 1 else ():
            others = [str(n) for n in numbers if n != number]
            where = f"row {others[0]}" if len(others) == 1 else f"rows {', '.join(others)}"
            rows[number - 2][2].append(Problem("UPN", f"{upn} is also on {where}", number))

    existing = _existing(cur, list(rows_of_upn))
    table, planned, all_problems = [], [], []
    counts = {"new": 0, "update": 0, "no change": 0}
    for index, (values, clean, problems) in enumerate(rows):
        number = index + 2
        before = existing.get(clean.get("upn")) if clean else None
        if before and before["date_left"]:
            problems.append(
                Problem(
                    "UPN",
                    f"{clean['upn']} belongs to a pupil who left on "
                    f"{before['date_left']:%d/%m/%Y}: take the row out of the file",
                    number,
                )
            )
        if before and not problems:
            problems += _start_problems(clean, before, number)
        if problems:
            all_problems += problems
            action, changes = "error", ""
            shown = _raw_display(values)
        else:
            status = clean["status"]
            if before:  # columns the file lacks keep their stored values
                clean.update({f: before[f] for f in PUPIL_FIELDS if f not in fields})
            if before and not with_status:
                status = before["status"]
                clean["primary_need"] = before["primary_need"]
                clean["secondary_need"] = before["secondary_need"]
            elif before and status is None and before["status"] == "monitoring":
                # The census reports the local monitoring list as N, so N in the file agrees.
                status = "monitoring"
                clean["primary_need"] = before["primary_need"]
                clean["secondary_need"] = before["secondary_need"]
            plan = _Planned(number, before, clean, status, clean["status_start"])
            changes = _plan_row(plan, fields)
            action = "new" if before is None else ("update" if changes else "no change")
            counts[action] += 1
            planned.append(plan)
            shown = _display(clean, status)
        table.append(
            {
                "Row": number,
                **shown,
                "Action": action,
                "Changes": changes,
                "Problems": "; ".join(f"{p.field}: {p.message}" for p in problems),
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


def _check_still_current(cur: db.Cursor, preview: ImportPreview) -> None:
    """Refuse when the register changed since the preview (another import, an edit, or this one)."""
    seen = {p.clean["upn"]: p.before for p in preview.planned}
    if _existing(cur, list(seen)) != {upn: b for upn, b in seen.items() if b is not None}:
        raise ValidationError.one(
            "File",
            "the register has changed since this preview was made (by this import, another one "
            "or an edit): preview the file again",
        )


def _insert_pupils(cur: db.Cursor, targets: list[tuple[int, _Planned]]) -> None:
    frame = pd.DataFrame(
        {
            "pupil_id": [pupil_id for pupil_id, _ in targets],
            **{f: [p.clean[f] for _, p in targets] for f in PUPIL_FIELDS},
        }
    )
    db.insert_frame(cur, "pupils", frame)


def _update_pupils(
    cur: db.Cursor, targets: list[tuple[int, _Planned]], fields: tuple[str, ...]
) -> None:
    if not targets or not fields:
        return
    frame = pd.DataFrame(
        {
            "pupil_id": [pupil_id for pupil_id, _ in targets],
            **{f: [p.clean[f] for _, p in targets] for f in fields},
        }
    )
    cur.register("_import_updates", frame)
    try:
        cur.execute(
            f"UPDATE pupils SET {', '.join(f'{f} = u.{f}' for f in fields)}, "
            "updated_at = current_timestamp FROM _import_updates u "
            "WHERE pupils.pupil_id = u.pupil_id"
        )
    finally:
        cur.unregister("_import_updates")


def _move_statuses(
    cur: db.Cursor, targets: list[tuple[int, _Planned]], today: date, reason: str
) -> None:
    """Close each open status that the file changes, and open the file's status from its SEN
    start date (or today, when the file has none)."""
    register._end_open_statuses(
        cur, {i: p.since or today for i, p in targets if p.status_changed and p.before}
    )
    opening = [
        (pupil_id, p.status, p.since or today)
        for pupil_id, p in targets
        if p.status and p.status_changed
    ]
    frame = pd.DataFrame(opening, columns=["pupil_id", "status", "start_date"])
    frame["reason"] = reason
    db.insert_frame(cur, "sen_status", frame)


def _replace_needs(cur: db.Cursor, targets: list[tuple[int, _Planned]]) -> None:
    replacing = [(pupil_id, p) for pupil_id, p in targets if p.needs_changed]
    known = [pupil_id for pupil_id, p in replacing if p.before]
    if known:
        cur.execute("DELETE FROM needs WHERE pupil_id IN (SELECT unnest(?::INTEGER[]))", [known])
    ranked = [
        (pupil_id, rank, code)
        for pupil_id, p in replacing
        for rank, code in ((1, p.clean["primary_need"]), (2, p.clean["secondary_need"]))
        if code
    ]
    db.insert_frame(cur, "needs", pd.DataFrame(ranked, columns=["pupil_id", "rank", "code"]))


def _pupil_audit_rows(
    user: User, file_name: str, added: list[tuple[int, _Planned]], known: list[tuple[int, _Planned]]
) -> list[dict[str, Any]]:
    """One audit row for each pupil the import adds or changes, with what changed."""
    fields = (*PUPIL_FIELDS, "primary_need", "secondary_need")
    rows = [
        {
            "username": user.username,
            "action": "import pupil",
            "pupil_id": pupil_id,
            "detail": f"added from {file_name}",
            "after": {**{f: p.clean[f] for f in fields}, "status": p.status},
        }
        for pupil_id, p in added
    ]
    for pupil_id, p in known:
        was = {f: p.before[f] for f in fields if p.before[f] != p.clean[f]}
        if p.status_changed:
            was["status"] = p.before["status"]
        if not was:
            continue
        now = {f: p.status if f == "status" else p.clean[f] for f in was}
        rows.append(
            {
                "username": user.username,
                "action": "import pupil",
                "pupil_id": pupil_id,
                "detail": f"updated from {file_name}: " + ", ".join(sorted(was)),
                "before": was,
                "after": now,
            }
        )
    return rows


def apply_import(cur: db.Cursor, user: User, preview: ImportPreview, today: date) -> ImportResult:
    """Write a previewed file: all of it in one transaction, or nothing if any row has a problem."""
    require(user, "import", "add")
    if preview.problems:
        raise ValidationError(preview.problems)
    reason = IMPORT_REASON.format(name=preview.file_name)
    new = [p for p in preview.planned if p.before is None]
    known = [(p.pupil_id, p) for p in preview.planned if p.before is not None]

    def work(c: db.Cursor) -> ImportResult:
        _check_still_current(c, preview)
        added = list(zip(db.reserve_ids(c, "pupil_seq", len(new)), new, strict=True))
        _insert_pupils(c, added)
        _update_pupils(c, [(i, p) for i, p in known if p.pupil_changed], preview.fields)
        _move_statuses(c, added + known, today, reason)
        _replace_needs(c, added + known)
        for pupil_id, planned in known:
            changed = [
                what
                for what, flag in (
                    ("SEN status", planned.status_changed),
                    ("needs", planned.needs_changed),
                )
                if flag
            ]
            if changed:
                what = " and ".join(changed) + f" changed by the import of {preview.file_name}"
                ledger.create_change_action(c, pupil_id, what, user.username, today)
        result = ImportResult(len(added), preview.updated, preview.unchanged)
        audit.record_many(c, _pupil_audit_rows(user, preview.file_name, added, known))
        audit.record(
            c,
            user.username,
            "import pupils",
            None,
            f"{preview.file_name}: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged",
        )
        return result

    return db.write(cur, work)
