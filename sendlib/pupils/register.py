"""The SEN register: who is on it, with what status and needs; adding, editing and archiving pupils."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

import pandas as pd

from sendlib import audit, db
from sendlib.access import NOT_YOURS, can, may_add_to_class, require, visible_pupils
from sendlib.errors import NotFound, Problem, ValidationError
from sendlib.pupils import census
from sendlib.pupils import fields as pupils_fields
from sendlib.pupils.fields import Pupil
from sendlib.reporting import staff_meeting
from sendlib.timeline import agreeing
from sendlib.users import User

REGISTER_COLUMNS = [
    "pupil_id",
    "Name",
    "Year",
    "Class",
    "Status",
    "Primary need",
    "Secondary need",
    "Broad area",
    "EHCP review due",
    "Parents prefer",
    "UPN",
    "Left",
]
# What the register shows, in order, with widths in pixels that fit a school laptop (1366 px
# wide): the class says the year group, and the broad area, UPN and year are on the profile
# and in the export.
REGISTER_SHOWN = {"Name": 135, "Class": 60, "Status": 195, "Left": 95, "Primary need": 95,
                  "Secondary need": 110, "EHCP review due": 120, "Parents prefer": 155}  # fmt: skip


@dataclass(frozen=True)
class RegisterFilter:
    """What the register page asks for; every field narrows the list."""

    year_groups: tuple[int, ...] = ()
    classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    broad_areas: tuple[str, ...] = ()
    search: str = ""
    leavers: bool = False


@dataclass(frozen=True)
class StatusPeriod:
    status: str
    start_date: date
    end_date: date | None
    reason: str | None

    @property
    def label(self) -> str:
        return census.status_label(self.status)


_REGISTER_SQL = """
WITH open_status AS (
    SELECT pupil_id, status, start_date FROM sen_status WHERE end_date IS NULL
), last_status AS (
    SELECT pupil_id, arg_max(status, start_date) AS status FROM sen_status GROUP BY pupil_id
), need AS (
    SELECT pupil_id,
           max(code) FILTER (WHERE rank = 1) AS primary_need,
           max(code) FILTER (WHERE rank = 2) AS secondary_need
    FROM needs GROUP BY pupil_id
), channel AS (
    SELECT pupil_id, string_agg(DISTINCT preferred_channel, ', ') AS channels
    FROM contacts GROUP BY pupil_id
)
SELECT p.pupil_id, p.known_as, p.legal_forename, p.legal_surname, p.upn, p.year_group,
       p.class_name, coalesce(s.status, ls.status) AS status, n.primary_need, n.secondary_need,
       e.next_review, c.channels, p.date_left
FROM pupils p
LEFT JOIN open_status s USING (pupil_id)
LEFT JOIN last_status ls USING (pupil_id)
LEFT JOIN need n USING (pupil_id)
LEFT JOIN ehc_plans e USING (pupil_id)
LEFT JOIN channel c USING (pupil_id)
WHERE {where}
ORDER BY p.year_group, p.class_name, p.legal_surname, p.legal_forename
"""


@dataclass(frozen=True)
class RegisterList:
    """A register list as this user may see it now, and what its pupils' statuses and needs
    add up to: in staff-meeting mode the counts are all a list says about needs."""

    frame: pd.DataFrame
    by_status: dict[str, int]
    by_need: pd.DataFrame  # "Primary need", "Pupils": the list's pupils by their primary need


def list_register(cur: db.Cursor, user: User, filters: RegisterFilter) -> pd.DataFrame:
    """The pupils on the register that this user may see, narrowed by the filters."""
    return register_list(cur, user, filters).frame


def register_list(cur: db.Cursor, user: User, filters: RegisterFilter) -> RegisterList:
    """The register list for these filters with its counts by status and by primary need."""
    frame = _unmasked_register(cur, user, _meeting_filters(user, filters))
    needs = frame["Primary need"].map(lambda code: census.need_label(code) or "No need recorded")
    by_need = pd.DataFrame(
        [(need, int(n)) for need, n in needs.value_counts().items()],
        columns=["Primary need", "Pupils"],
    )
    return RegisterList(
        staff_meeting.by_year_and_initials(staff_meeting.mask(frame, user), user),
        count_by_status(frame),
        by_need,
    )


def pupil_choices(cur: db.Cursor, user: User) -> dict[int, str]:
    """The pupils on the register this user may choose, by id: 'Zoë O'Connor-Smith (2A)', or in
    staff-meeting mode by initials and year group, 'Z. O., Year 2'."""
    frame = list_register(cur, user, RegisterFilter())
    if staff_meeting.in_staff_meeting(user):
        labels = frame["Name"] + ", " + frame["Year"]
    else:
        labels = frame["Name"] + " (" + frame["Class"] + ")"
    return dict(zip(frame["pupil_id"], labels, strict=True))


def register_caption(user: User) -> str:
    """What the register list is, and what a row does for this user now."""
    listed = "Pupils on SEN support, with EHC plans, or on the monitoring list"
    if staff_meeting.in_staff_meeting(user):
        return (
            f"{listed}, by initials and year group. In staff-meeting mode needs and statuses are "
            "counted, never shown beside a pupil; pupils who share initials are numbered."
        )
    return f"{listed}. Choose a row to open." if can(user, "pupil") else f"{listed}."


def _meeting_filters(user: User, filters: RegisterFilter) -> RegisterFilter:
    """On a projector, a typed name would pick a pupil out, and so would a class or a need put
    beside the pupils' initials: only the year group and leavers narrow the list."""
    if not staff_meeting.in_staff_meeting(user):
        return filters
    return RegisterFilter(year_groups=filters.year_groups, leavers=filters.leavers)


def _unmasked_register(cur: db.Cursor, user: User, filters: RegisterFilter) -> pd.DataFrame:
    require(user, "register")
    visible, params = visible_pupils(user)
    where = [visible]
    if filters.leavers:
        where.append("p.date_left IS NOT NULL")
    else:
        where += ["p.date_left IS NULL", "s.status IS NOT NULL"]
    for column, chosen in (
        ("p.year_group", filters.year_groups),
        ("p.class_name", filters.classes),
        ("coalesce(s.status, ls.status)", filters.statuses),
    ):
        if chosen:
            where.append(f"{column} IN ({', '.join('?' for _ in chosen)})")
            params += list(chosen)
    needs = list(filters.needs)
    for area in filters.broad_areas:
        needs += census.BROAD_AREAS.get(area, ())
    if filters.broad_areas and not filters.needs:
        marks = ", ".join("?" for _ in needs) or "NULL"
        where.append(f"n.primary_need IN ({marks})")
        params += needs
    elif filters.needs:
        marks = ", ".join("?" for _ in filters.needs)
        where.append(f"(n.primary_need IN ({marks}) OR n.secondary_need IN ({marks}))")
        params += list(filters.needs) * 2
        if filters.broad_areas:
            area_codes = [c for a in filters.broad_areas for c in census.BROAD_AREAS.get(a, ())]
            where.append(f"n.primary_need IN ({', '.join('?' for _ in area_codes) or 'NULL'})")
            params += area_codes
    text = filters.search.strip()
    if text:
        where.append(
            "(p.upn ILIKE ? OR concat_ws(' ', p.legal_forename, p.known_as, p.legal_surname) "
            "ILIKE ? OR concat_ws(' ', coalesce(p.known_as, p.legal_forename), p.legal_surname) "
            "ILIKE ?)"
        )
        like = f"%{text}%"
        params += [like, like, like]
    rows = cur.execute(_REGISTER_SQL.format(where=" AND ".join(where)), params).df()
    return _register_frame(rows)


def _register_frame(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=REGISTER_COLUMNS)
    first = rows["known_as"].where(rows["known_as"].notna(), rows["legal_forename"])
    frame = pd.DataFrame(
        {
            "pupil_id": rows["pupil_id"].astype(int),
            "Name": first + " " + rows["legal_surname"],
            "Year": [census.year_label(int(y)) for y in rows["year_group"]],
            "Class": rows["class_name"],
            "Status": [
                census.status_label(s) if isinstance(s, str) else "" for s in rows["status"]
            ],
            "Primary need": rows["primary_need"].fillna(""),
            "Secondary need": rows["secondary_need"].fillna(""),
            "Broad area": [census.broad_area(c) or "" for c in rows["primary_need"].fillna("")],
            "EHCP review due": pd.to_datetime(rows["next_review"]).dt.date,
            "Parents prefer": rows["channels"].fillna(""),
            "UPN": rows["upn"],
            "Left": pd.to_datetime(rows["date_left"]).dt.date,
        }
    )
    return frame.reset_index(drop=True)


def count_by_status(frame: pd.DataFrame) -> dict[str, int]:
    """How many pupils in a register list are at each status, and in all."""
    counts = {label: 0 for label in ("SEN support (K)", "EHC plan (E)", STATUS_MONITORING)}
    for label, number in frame["Status"].value_counts().items():
        counts[label] = int(number)
    counts["All"] = len(frame)
    return counts


STATUS_MONITORING = census.status_label("monitoring")


def list_classes(cur: db.Cursor, user: User) -> list[str]:
    """The classes this user may filter by."""
    visible, params = visible_pupils(user)
    rows = cur.execute(
        f"SELECT DISTINCT class_name, year_group FROM pupils p WHERE {visible} "
        "ORDER BY year_group, class_name",
        params,
    ).fetchall()
    return [r[0] for r in rows]


def list_year_groups(cur: db.Cursor, user: User) -> list[int]:
    """The year groups this user may filter by."""
    visible, params = visible_pupils(user)
    rows = cur.execute(
        f"SELECT DISTINCT year_group FROM pupils p WHERE {visible} ORDER BY year_group", params
    ).fetchall()
    return [r[0] for r in rows]


def get_pupil(cur: db.Cursor, user: User, pupil_id: int) -> Pupil:
    """One pupil, if this user may see them; restricted notes only for those allowed."""
    visible, params = visible_pupils(user)
    columns = ", ".join(f.name for f in fields(Pupil))
    pupil = db.record(
        cur,
        Pupil,
        f"SELECT {columns} FROM pupils p WHERE pupil_id = ? AND {visible}",
        [pupil_id, *params],
    )
    if pupil is None:
        raise NotFound(NOT_YOURS)
    if not can(user, "pupil", "restricted"):
        pupil = Pupil(**{**pupil.__dict__, "restricted_notes": None})
    return pupil


def shown_name(cur: db.Cursor, user: User, pupil_id: int) -> str:
    """A pupil's name as this user may see it now: initials in staff-meeting mode."""
    name = get_pupil(cur, user, pupil_id).display_name
    return staff_meeting.initials(name) if staff_meeting.in_staff_meeting(user) else name


def find_pupil_by_upn(cur: db.Cursor, upn: str) -> int | None:
    """The pupil_id holding a UPN, or None."""
    return db.scalar(cur, "SELECT pupil_id FROM pupils WHERE upn = ?", [upn])


def get_status_history(cur: db.Cursor, pupil_id: int) -> list[StatusPeriod]:
    """Every SEN status period of a pupil, newest first."""
    return db.records(
        cur,
        StatusPeriod,
        "SELECT status, start_date, end_date, reason FROM sen_status WHERE pupil_id = ? "
        "ORDER BY start_date DESC, status_id DESC",
        [pupil_id],
    )


def _end_open_statuses(cur: db.Cursor, ends: dict[int, date]) -> None:
    """End each pupil's open SEN status on the day given (never before that status began): the
    one way a status closes, whether changed by hand, by an import or when the pupil leaves.
    Called inside the caller's transaction, which writes the audit row."""
    if ends:
        cur.execute(
            "UPDATE sen_status SET end_date = greatest(sen_status.start_date, c.end_date) "
            "FROM (SELECT unnest(?::INTEGER[]) AS pupil_id, unnest(?::DATE[]) AS end_date) c "
            "WHERE sen_status.end_date IS NULL AND sen_status.pupil_id = c.pupil_id",
            [list(ends), list(ends.values())],
        )


def current_status(cur: db.Cursor, pupil_id: int) -> str | None:
    """The open SEN status, or None when the pupil is not on the register."""
    return db.scalar(
        cur, "SELECT status FROM sen_status WHERE pupil_id = ? AND end_date IS NULL", [pupil_id]
    )


def get_needs(cur: db.Cursor, pupil_id: int) -> tuple[str | None, str | None]:
    """The primary and secondary need codes."""
    rows = dict(
        cur.execute("SELECT rank, code FROM needs WHERE pupil_id = ?", [pupil_id]).fetchall()
    )
    return rows.get(1), rows.get(2)


@dataclass
class SaveResult:
    pupil_id: int
    created: bool
    changed: list[str] = field(default_factory=list)


def save_pupil(
    cur: db.Cursor,
    user: User,
    values: dict,
    today: date,
    pupil_id: int | None = None,
) -> SaveResult:
    """Add a pupil, or edit one; validates everything first and saves all of it or nothing."""
    require(
        user,
        "register" if pupil_id is None else "pupil",
        "add" if pupil_id is None else "edit",
    )
    if pupil_id is not None:
        existing = get_pupil(cur, user, pupil_id)
        if "status" not in values:
            values = {**values, "status": current_status(cur, pupil_id)}
        primary, secondary = get_needs(cur, pupil_id)
        values = {"primary_need": primary, "secondary_need": secondary, **values}
        if "restricted_notes" not in values or not can(user, "pupil", "restricted"):
            values = {**values, "restricted_notes": _stored_notes(cur, pupil_id)}
    clean, problems = pupils_fields.validate(values, today)
    if clean.get("upn"):
        holder = find_pupil_by_upn(cur, clean["upn"])
        if holder is not None and holder != pupil_id:
            problems.append(Problem("UPN", f"{clean['upn']} already belongs to another pupil"))
    if pupil_id is not None and values.get("status") != clean["status"]:
        problems.append(Problem("SEN status", "change the status with its own dated form"))
    if problems:
        raise ValidationError(problems)
    if not may_add_to_class(user, clean["class_name"]):
        raise ValidationError.one("Class", f"{clean['class_name']} is not one of your classes")

    def work(c: db.Cursor) -> SaveResult:
        return _write_pupil(c, user.username, clean, today, pupil_id, existing_values(pupil_id))

    def existing_values(pid: int | None) -> dict | None:
        if pid is None:
            return None
        return {**existing.__dict__, "restricted_notes": _stored_notes(cur, pid)}

    return db.write(cur, work)


def _stored_notes(cur: db.Cursor, pupil_id: int) -> str | None:
    return db.scalar(cur, "SELECT restricted_notes FROM pupils WHERE pupil_id = ?", [pupil_id])


def _write_pupil(
    cur: db.Cursor,
    username: str | None,
    clean: dict,
    today: date,
    pupil_id: int | None,
    before: dict | None,
) -> SaveResult:
    created = pupil_id is None
    if created:
        pupil_id = _insert_pupil(cur, clean, today)
        changed: list[str] = []
        was, now = (
            None,
            {**{c: clean[c] for c in pupils_fields.PUPIL_COLUMNS}, "status": clean["status"]},
        )
    else:
        changed, was, now = _update_pupil(cur, pupil_id, clean, before)
    old_needs = get_needs(cur, pupil_id)
    new_needs = (clean["primary_need"], clean["secondary_need"])
    if old_needs != new_needs:
        _replace_needs(cur, pupil_id, new_needs)
        if created:
            now["needs"] = [code for code in new_needs if code]
        else:
            changed.append("Needs")
            was["needs"] = [code for code in old_needs if code]
            now["needs"] = [code for code in new_needs if code]
            agreeing.create_change_action(
                cur,
                pupil_id,
                f"needs changed from {_needs_words(old_needs)} to {_needs_words(new_needs)}",
                username,
                today,
            )
    detail = (
        "new pupil" if created else ("changed: " + ", ".join(changed) if changed else "no change")
    )
    audit.record(
        cur,
        username,
        "add pupil" if created else "edit pupil",
        pupil_id,
        detail,
        before=was,
        after=now,
    )
    return SaveResult(pupil_id, created, changed)


def _insert_pupil(cur: db.Cursor, clean: dict, today: date) -> int:
    """A new pupil's row, and their status from today; returns the pupil_id."""
    columns = pupils_fields.PUPIL_COLUMNS
    pupil_id = cur.execute(
        f"INSERT INTO pupils ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        "RETURNING pupil_id",
        [clean[c] for c in columns],
    ).fetchone()[0]
    if clean["status"]:
        cur.execute(
            "INSERT INTO sen_status (pupil_id, status, start_date, reason) VALUES (?, ?, ?, ?)",
            [pupil_id, clean["status"], today, "Added to the register"],
        )
    return pupil_id


def _update_pupil(
    cur: db.Cursor, pupil_id: int, clean: dict, before: dict | None
) -> tuple[list[str], dict, dict]:
    """A pupil's row saved; returns the fields changed (as labelled), and their values before
    and after."""
    columns = pupils_fields.PUPIL_COLUMNS
    altered = [c for c in columns if before and before.get(c) != clean[c]]
    cur.execute(
        f"UPDATE pupils SET {', '.join(f'{c} = ?' for c in columns)}, "
        "updated_at = current_timestamp WHERE pupil_id = ?",
        [*(clean[c] for c in columns), pupil_id],
    )
    was = {c: before.get(c) for c in altered} if before else {}
    return [pupils_fields.LABELS[c] for c in altered], was, {c: clean[c] for c in altered}


def _replace_needs(cur: db.Cursor, pupil_id: int, needs: tuple[str | None, str | None]) -> None:
    cur.execute("DELETE FROM needs WHERE pupil_id = ?", [pupil_id])
    for rank, code in enumerate(needs, start=1):
        if code:
            cur.execute("INSERT INTO needs VALUES (?, ?, ?)", [pupil_id, rank, code])


def _needs_words(needs: tuple[str | None, str | None]) -> str:
    return " and ".join(code for code in needs if code) or "none"


def _status_change_problems(
    new_status: str | None,
    from_date: date,
    reason: str,
    today: date,
    open_period: StatusPeriod | None,
    needs: tuple[str | None, str | None],
) -> list[Problem]:
    """What is wrong with a status change, given the open status and the pupil's needs."""
    problems = []
    if new_status not in (None, *census.STATUSES):
        problems.append(Problem("New status", f"'{new_status}' is not a status"))
    if from_date > today:
        problems.append(Problem("From", "cannot be in the future"))
    if not (reason or "").strip():
        problems.append(Problem("Reason", "is required, so the history explains the change"))
    if open_period and from_date < open_period.start_date:
        began = f"{open_period.start_date:%d/%m/%Y}"
        problems.append(Problem("From", f"is before the current status began ({began})"))
    if (open_period.status if open_period else None) == new_status:
        problems.append(Problem("New status", "is the same as the current status"))
    primary, secondary = needs
    if new_status in ("K", "E") and not primary:
        problems.append(Problem("New status", "record a primary need before this status"))
    if "NSA" in (primary, secondary) and new_status == "E":
        problems.append(Problem("New status", "NSA is only used with SEN support; change the need"))
    return problems


def change_status(
    cur: db.Cursor,
    user: User,
    pupil_id: int,
    new_status: str | None,
    from_date: date,
    reason: str,
    today: date,
) -> None:
    """Close the open SEN status and open the new one (None takes the pupil off the register)."""
    require(user, "register", "edit")
    get_pupil(cur, user, pupil_id)
    history = get_status_history(cur, pupil_id)
    open_period = next((p for p in history if p.end_date is None), None)
    primary, secondary = get_needs(cur, pupil_id)
    problems = _status_change_problems(
        new_status, from_date, reason, today, open_period, (primary, secondary)
    )
    if problems:
        raise ValidationError(problems)

    def work(c: db.Cursor) -> None:
        _end_open_statuses(c, {pupil_id: from_date})
        if new_status:
            c.execute(
                "INSERT INTO sen_status (pupil_id, status, start_date, reason) VALUES (?, ?, ?, ?)",
                [pupil_id, new_status, from_date, reason.strip()],
            )
        else:
            c.execute("DELETE FROM needs WHERE pupil_id = ?", [pupil_id])
        before = census.status_label(open_period.status if open_period else None)
        agreeing.create_change_action(
            c,
            pupil_id,
            f"SEN status changed from {before} to "
            f"{census.status_label(new_status)}: {reason.strip()}",
            user.username,
            today,
        )
        audit.record(
            c,
            user.username,
            "change status",
            pupil_id,
            f"{before} -> {census.status_label(new_status)} from {from_date}: {reason.strip()}",
            before={
                "status": open_period.status if open_period else None,
                "needs": [code for code in (primary, secondary) if code],
            },
            after={
                "status": new_status,
                "from": from_date,
                "reason": reason.strip(),
                "needs": [code for code in (primary, secondary) if code] if new_status else [],
            },
        )

    db.write(cur, work)


def archive_pupil(cur: db.Cursor, user: User, pupil_id: int, date_left: date, today: date) -> None:
    """Mark a pupil as left: kept (never deleted), hidden from the register unless asked for."""
    require(user, "pupil", "archive")
    pupil = get_pupil(cur, user, pupil_id)
    if pupil.date_left:
        raise ValidationError.one("Date left", f"this pupil left on {pupil.date_left:%d/%m/%Y}")
    if date_left > today:
        raise ValidationError.one("Date left", "cannot be in the future")
    status = current_status(cur, pupil_id)

    def work(c: db.Cursor) -> None:
        c.execute("UPDATE pupils SET date_left = ? WHERE pupil_id = ?", [date_left, pupil_id])
        _end_open_statuses(c, {pupil_id: date_left})
        audit.record(
            c,
            user.username,
            "archive pupil",
            pupil_id,
            f"left {date_left}",
            before={"date_left": None, "status": status},
            after={"date_left": date_left, "status": None},
        )

    db.write(cur, work)


def _filter_parts(filters: RegisterFilter) -> list[str]:
    parts = []
    if filters.year_groups:
        parts.append(", ".join(census.year_label(y) for y in filters.year_groups))
    if filters.classes:
        parts.append("class " + ", ".join(filters.classes))
    if filters.statuses:
        parts.append(", ".join(census.status_label(s) for s in filters.statuses))
    if filters.needs:
        parts.append("need " + ", ".join(filters.needs))
    if filters.broad_areas:
        parts.append(", ".join(filters.broad_areas))
    if filters.search.strip():
        parts.append(f"matching '{filters.search.strip()}'")
    return parts


def describe_filter(filters: RegisterFilter) -> str:
    """The filters in words, for the top of a printed or exported list."""
    parts = _filter_parts(filters)
    subject = "Leavers" if filters.leavers else "Pupils on the register"
    return subject + (": " + "; ".join(parts) if parts else " (all)")


def describe_no_match(filters: RegisterFilter) -> str:
    """What an empty register says, with the filters in words."""
    parts = _filter_parts(filters)
    if not parts:
        return "No leavers yet." if filters.leavers else "Nobody is on the register yet."
    return (
        f"No {'leavers' if filters.leavers else 'pupils'} match these filters "
        f"({'; '.join(parts)}). Clear the search or a filter to see more."
    )
