"""A pupil on the SEN register: reading one pupil as a user may see them, adding and editing
their details and needs, changing their SEN status (dated, with a reason) and archiving a
leaver. The register as a list, with its filters and counts, is in listing."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sendlib import audit, db
from sendlib.access import NOT_YOURS, can, may_add_to_class, pupil_scope, require
from sendlib.errors import NotFound, Problem, ValidationError
from sendlib.pupils import census
from sendlib.pupils import fields as pupils_fields
from sendlib.pupils.fields import Pupil
from sendlib.reporting import staff_meeting
from sendlib.timeline import agreeing
from sendlib.users import User


@dataclass(frozen=True)
class StatusPeriod:
    status: str
    start_date: date
    end_date: date | None
    reason: str | None

    @property
    def label(self) -> str:
        return census.status_label(self.status)


def get_pupil(cur: db.Cursor, user: User, pupil_id: int) -> Pupil:
    """One pupil, if this user may see them; restricted notes only for those allowed."""
    visible, params = pupil_scope(user).where()
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
