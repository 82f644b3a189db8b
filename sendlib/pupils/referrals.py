"""Adding and updating an outside agency's involvement with a pupil, by whoever edits the pupil's
details. A new agency, and every change of its status, goes on the pupil's timeline as a
communication with that agency (how the school heard is asked), in the same transaction as the
change and its audit row: the timeline tells the story of a referral without anyone logging it
twice."""

from __future__ import annotations

from datetime import datetime, time

from sendlib import audit, db
from sendlib.access import require_pupil_editable
from sendlib.errors import NotFound, Problem, ValidationError
from sendlib.pupils.agencies import (
    LABELS,
    STATUS_WORDS,
    Agency,
    get_agency,
    service_name,
    validate_agency,
)
from sendlib.timeline import entries
from sendlib.users import User
from sendlib.words import SCHOOL_TZ

HEARD_BY = "How the school heard"


def _timeline_values(clean: dict, before: Agency | None, now: datetime, heard_by: str) -> dict:
    """The communication that records a new agency or its change of status."""
    # The day it happened: the last contact, else (for a new agency) the referral, else today.
    day = clean["last_contact"] or (before is None and clean["referral_date"]) or now.date()
    when = now if day == now.date() else datetime.combine(day, time(12), SCHOOL_TZ)
    status = STATUS_WORDS[clean["status"]]
    name = service_name(clean["service"])
    subject = (
        f"{name}: {status}"
        if before is None
        else f"{name}: now {status} (was {STATUS_WORDS.get(before.status, before.status)})"
    )
    summary = f"{name}: {status}." + (
        f" Next step: {clean['next_step']}" if clean["next_step"] else ""
    )
    return {
        "happened_at": when,
        "channel": heard_by,
        "direction": "with agency",
        "subject": subject[: entries.MAX_SUBJECT],
        "summary": summary,
    }


def save_agency(
    cur: db.Cursor,
    user: User,
    pupil_id: int,
    values: dict,
    now: datetime,
    agency_id: int | None = None,
    heard_by: str = "email",
) -> int:
    """Add an agency to a pupil, or correct one; all of it is saved or none, and a new agency or
    a new status goes on the timeline. Returns the agency_id."""
    require_pupil_editable(cur, user, pupil_id)
    now = entries.aware(now)
    before = None
    if agency_id is not None:
        before = get_agency(cur, agency_id)
        if before.pupil_id != pupil_id:
            raise NotFound("That agency is not on record.")
    clean, problems = validate_agency(values, now.date())
    if heard_by not in entries.CHANNELS:
        problems.append(Problem(HEARD_BY, f"must be one of: {', '.join(entries.CHANNELS)}"))
    if problems:
        raise ValidationError(problems)
    story = None
    if before is None or before.status != clean["status"]:
        story = entries.check_entry(
            cur, user, pupil_id, _timeline_values(clean, before, now, heard_by), [], now
        )

    def work(c: db.Cursor) -> int:
        if before is None:
            saved_id = c.execute(
                f"INSERT INTO agencies (pupil_id, {', '.join(clean)}) "
                f"VALUES (?, {', '.join('?' for _ in clean)}) RETURNING agency_id",
                [pupil_id, *clean.values()],
            ).fetchone()[0]
            audit.record(
                c, user.username, "add agency", pupil_id,
                f"agency {saved_id}: {clean['service']} ({clean['status']})", after=clean,
            )  # fmt: skip
        else:
            saved_id = before.agency_id
            changed = [key for key in clean if getattr(before, key) != clean[key]]
            c.execute(
                f"UPDATE agencies SET {', '.join(f'{key} = ?' for key in clean)} "
                "WHERE agency_id = ?",
                [*clean.values(), saved_id],
            )
            audit.record(
                c, user.username, "edit agency", pupil_id,
                f"agency {saved_id}: " + (
                    "changed " + ", ".join(LABELS[k] for k in changed) if changed else "no change"
                ),
                before={k: getattr(before, k) for k in changed},
                after={k: clean[k] for k in changed},
            )  # fmt: skip
        if story is not None:
            entries.insert_entry(c, user, pupil_id, {**story, "agency_id": saved_id}, [], now)
        return saved_id

    return db.write(cur, work)
