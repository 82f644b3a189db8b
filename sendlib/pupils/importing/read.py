"""Reading a MIS export: the file decoded and split into rows, its size and shape checked, and
its columns matched to our fields by the spellings MIS exports use."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

import pandas as pd

from sendlib.errors import Problem, ValidationError
from sendlib.pupils import fields as pupils_fields

MAX_ROWS = 50_000


MAX_BYTES = 20 * 1024 * 1024


MAX_SHAPE_PROBLEMS = 10


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
_SPELLINGS: dict[str, tuple[str, ...]] = {
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


# In the order of FIELDS: fields are matched in turn, and a column goes to the first that takes it.
ALIASES = {name: _SPELLINGS[name] for name in FIELDS}


def _header_key(header: str) -> str:
    without_notes = re.sub(r"\(.*?\)", "", header.casefold())
    return re.sub(r"[\s_\-./]+", "", without_notes)


def suggest_mapping(
    headers: list[str], aliases: dict[str, tuple[str, ...]] | None = None
) -> dict[str, str | None]:
    """For each field (the pupil import's, or those of `aliases`), the file's column that seems
    to hold it, or None."""
    aliases = ALIASES if aliases is None else aliases
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(_header_key(header), header)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for name, spellings in aliases.items():
        found = next((by_key[a] for a in spellings if a in by_key and by_key[a] not in used), None)
        if found:
            used.add(found)
        mapping[name] = found
    return mapping


def check_mapping(
    frame: pd.DataFrame,
    mapping: dict[str, str | None],
    labels: dict[str, str],
    required: tuple[str, ...],
) -> list[Problem]:
    """What is wrong with the columns chosen for the fields (`labels` names them): a required
    field without one, a column the file lacks, or one column chosen for two fields."""
    problems = []
    missing = [labels[f] for f in required if not mapping.get(f)]
    if missing:
        problems.append(
            Problem("Columns", f"choose the file's column for {', '.join(missing)} (required)")
        )
    chosen: dict[str, list[str]] = defaultdict(list)
    for name, header in mapping.items():
        if header and name in labels:
            chosen[header].append(labels[name])
    for header, named in chosen.items():
        if header not in frame.columns:
            problems.append(Problem("Columns", f"'{header}' is not a column of the file"))
        elif len(named) > 1:
            problems.append(Problem("Columns", f"'{header}' is chosen for {' and '.join(named)}"))
    return problems


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


def read_csv(
    data: bytes, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES, row_is: str = "one pupil"
) -> pd.DataFrame:
    """A MIS export as a table of text, one column per header; empty cells are ''. `row_is`
    says what each row should be, for the message about a file with a header and nothing else."""
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
            "File", f"has a header row but nothing below it (each row should be {row_is})"
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
