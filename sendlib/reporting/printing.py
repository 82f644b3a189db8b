"""Printing: the checked and audited entry points pages call to get a document as PDF bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pandas as pd

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.pdf.communication_record import build_communication_record
from sendlib.pdf.meeting_record import MeetingRecord, build_meeting_record
from sendlib.pdf.parent_plan import ParentPlan, PlanSupport, build_parent_plan
from sendlib.pdf.profile import build_profile_pdf
from sendlib.pdf.record_entries import RecordAction, RecordEntry
from sendlib.pdf.register_list import build_register_pdf
from sendlib.pdf.surgery_sheets import (
    GridCell,
    GridSession,
    SheetSlot,
    build_day_sheet,
    build_week_grid,
)
from sendlib.pupils import census, contacts, plans, register
from sendlib.pupils import listing as register_listing
from sendlib.pupils.listing import RegisterFilter
from sendlib.pupils.record import PupilProfile, get_profile
from sendlib.school import calendar
from sendlib.school.settings import school_name
from sendlib.surgery import bookings
from sendlib.surgery import grid as surgery_grid
from sendlib.surgery.invites import booking_uid, build_invite
from sendlib.timeline import entries as timeline_entries
from sendlib.timeline import listing as timeline_listing
from sendlib.timeline import replies as timeline_replies
from sendlib.timeline.ledger import Action
from sendlib.users import User


def print_profile(
    cur: db.Cursor, user: User, pupil_id: int, today: date, include_restricted: bool = True
) -> bytes:
    """A pupil's profile as PDF, for a user allowed to print it; the print is audited.

    Restricted notes are printed only for users who may read them, and only if
    include_restricted (a SENCo printing a copy for parents passes False).
    """
    require(user, "pupil", "print")
    profile = get_profile(cur, user, pupil_id)
    if not include_restricted:
        profile = _without_restricted(profile)
    document = build_profile_pdf(profile, school_name(cur), today, user.name)
    detail = "with restricted notes" if profile.pupil.restricted_notes is not None else None
    audit.record_now(cur, user.username, "print profile", pupil_id, detail)
    return document


def print_register(
    cur: db.Cursor, user: User, filters: RegisterFilter, filter_summary: str, today: date
) -> bytes:
    """The register list, as the page filtered it, as PDF; the print is audited."""
    require(user, "register", "print")
    frame = register_listing.list_register(cur, user, filters)
    document = build_register_pdf(frame, filter_summary, school_name(cur), today, user.name)
    summary = filter_summary.strip() or "no filters"
    audit.record_now(cur, user.username, "print register", detail=f"{summary}; {len(frame)} pupils")
    return document


def _without_restricted(profile: PupilProfile) -> PupilProfile:
    return replace(profile, pupil=replace(profile.pupil, restricted_notes=None))


def _record_action(action: Action, today: date) -> RecordAction:
    return RecordAction(
        action.description,
        action.owner_name,
        action.due_date,
        action.done_date,
        action.parent_told,
        action.state(today),
    )


def record_entries(
    cur: db.Cursor, entries: list[timeline_entries.Entry], today: date
) -> list[RecordEntry]:
    """Timeline entries as the communication record prints them, with school days to reply."""
    answered = [e for e in entries if e.replied_at is not None]
    days = {}
    if answered:
        counted = calendar.school_days_between_many(
            cur,
            pd.Series([e.happened_at for e in answered], dtype="object"),
            pd.Series([e.replied_at for e in answered], dtype="object"),
        )
        days = dict(zip((e.communication_id for e in answered), counted.tolist(), strict=True))
    return [
        RecordEntry(
            e.happened_at,
            e.channel,
            e.direction,
            e.with_name,
            e.staff_name,
            e.subject,
            e.summary,
            e.parent_views,
            e.meeting_kind,
            e.led_by,
            e.written_record_given,
            e.needs_reply,
            e.replied_at,
            days.get(e.communication_id),
            tuple(_record_action(a, today) for a in e.actions),
        )
        for e in entries
    ]


def print_communication_record(
    cur: db.Cursor,
    user: User,
    filters: timeline_listing.TimelineFilter,
    filter_summary: str,
    today: date,
) -> bytes:
    """One pupil's communications, as the timeline filtered them, as PDF; the print is audited."""
    require(user, "timeline", "print")
    if filters.pupil_id is None:
        raise ValidationError.one("Pupil", "choose the pupil whose record to print")
    pupil = register.get_pupil(cur, user, filters.pupil_id)
    records = record_entries(cur, timeline_listing.list_full_entries(cur, user, filters), today)
    details = (
        f"{census.year_label(pupil.year_group)}, class {pupil.class_name}; "
        f"UPN {pupil.upn}; born {pupil.date_of_birth:%d/%m/%Y}"
    )
    document = build_communication_record(
        pupil.display_name, details, records, filter_summary, school_name(cur), today, user.name
    )
    audit.record_now(
        cur,
        user.username,
        "print communication record",
        pupil.pupil_id,
        f"{filter_summary}; {len(records)} entries",
    )
    return document


def print_meeting_record(cur: db.Cursor, user: User, communication_id: int, today: date) -> bytes:
    """The written record of a meeting for the parents, printed: marked given, and audited."""
    require(user, "timeline", "print")
    document = meeting_record_pdf(cur, user, communication_id, today)
    timeline_replies.mark_written_record_given(cur, user, communication_id, today)
    return document


def meeting_record_pdf(cur: db.Cursor, user: User, communication_id: int, today: date) -> bytes:
    """The written record of a meeting for the parents, as PDF (whoever may see the meeting)."""
    entry = timeline_listing.get_entry(cur, user, communication_id)
    if not entry.is_meeting:
        raise ValidationError.one("Meeting", "only a meeting has a written record")
    pupil = register.get_pupil(cur, user, entry.pupil_id)
    carers = [c for c in contacts.list_contacts(cur, entry.pupil_id) if c.parental_responsibility]
    record = MeetingRecord(
        pupil.known_as or pupil.legal_forename,
        " and ".join(c.addressed_as for c in carers),
        entry.happened_at,
        entry.meeting_kind,
        entry.led_by,
        entry.attendees,
        entry.parent_views,
        entry.summary,
        tuple(_record_action(a, today) for a in entry.actions),
        entry.next_meeting,
    )
    return build_meeting_record(record, school_name(cur), today, user.name)


def print_parent_plan(cur: db.Cursor, user: User, plan_id: int, today: date) -> bytes:
    """One APDR plan in plain words for the parents; the print is audited."""
    require(user, "pupil", "print")
    document = parent_plan_pdf(cur, user, plan_id, today)
    pupil_id = plans.get_plan(cur, plan_id).pupil_id
    audit.record_now(cur, user.username, "print plan", pupil_id, f"plan {plan_id}")
    return document


def parent_plan_pdf(cur: db.Cursor, user: User, plan_id: int, today: date) -> bytes:
    """One APDR plan in plain words for the parents, as PDF (whoever may see the pupil)."""
    plan = plans.get_plan(cur, plan_id)
    pupil = register.get_pupil(cur, user, plan.pupil_id)
    carers = [c for c in contacts.list_contacts(cur, plan.pupil_id) if c.parental_responsibility]
    return build_parent_plan(
        ParentPlan(
            pupil.known_as or pupil.legal_forename,
            " and ".join(c.addressed_as for c in carers),
            plan.start_date,
            plan.review_date,
            tuple((o.outcome, o.by_when) for o in plan.outcomes),
            tuple(
                PlanSupport(
                    p.description, p.frequency, p.duration, p.delivered_by, p.location,
                    p.outcome_position,
                )
                for p in plan.provision
            ),
            plan.parent_views,
            plan.pupil_views,
            plan.agreed_with_parents,
            plan.agreed_with,
        ),
        school_name(cur),
        today,
        user.name,
    )  # fmt: skip


def _sheet_slot(row) -> SheetSlot:
    present = isinstance(row.pupil, str)
    return SheetSlot(
        starts=row.starts_at.time(),
        ends=row.ends_at.time(),
        place=row.place,
        state=row.state,
        pupil=row.pupil if present else None,
        class_name=row.class_name if present else None,
        parent=f"{row.parent} ({row.relationship})" if present else None,
        mode=row.mode if present else None,
        phone=row.phone if present and isinstance(row.phone, str) else None,
        remote_details=row.remote_details if isinstance(row.remote_details, str) else None,
        language=row.language if present else None,
        interpreter_needed=present and isinstance(row.interpreter, str),
        hold_note=row.hold_note if isinstance(row.hold_note, str) else None,
    )


def print_day_sheet(cur: db.Cursor, user: User, day: date, today: date) -> bytes:
    """The office's sheet for one day's surgeries: who is coming, when, how, and whether an
    interpreter is needed; nothing about the child's needs. The print is audited."""
    require(user, "surgery", "print")
    frame = surgery_grid.grid(cur, user, day, day)
    frame = frame[~frame["session_cancelled"]]
    slots = [_sheet_slot(row) for row in frame.itertuples(index=False)]
    document = build_day_sheet(day, slots, school_name(cur), user.name, today)
    audit.record_now(
        cur, user.username, "print surgery day sheet", detail=f"{day}: {len(slots)} slots"
    )
    return document


def print_week_grid(cur: db.Cursor, user: User, week_start: date, today: date) -> bytes:
    """A week's surgery sessions and slots on one landscape page; the print is audited."""
    require(user, "surgery", "print")
    frame = surgery_grid.grid(cur, user, week_start, week_start + timedelta(days=6))
    sessions = []
    for _, rows in frame.groupby("session_id", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        cells = [
            GridCell(
                row.starts_at.time(),
                row.state,
                f"{row.pupil} ({row.mode})" if isinstance(row.pupil, str) else None,
            )
            for row in rows.itertuples(index=False)
        ]
        sessions.append(
            GridSession(
                first.session_date,
                first.starts_at.time(),
                last.ends_at.time(),
                first.place,
                bool(first.session_cancelled),
                cells,
            )
        )
    document = build_week_grid(week_start, sessions, school_name(cur), user.name, today)
    audit.record_now(cur, user.username, "print surgery week", detail=f"week of {week_start}")
    return document


def calendar_invite(cur: db.Cursor, user: User, booking_id: int, now: datetime) -> bytes:
    """A booking as a calendar file (.ics) for the parent or a staff calendar; audited. It names
    the pupil and how the meeting happens, never the agenda or the child's needs."""
    require(user, "surgery", "book")
    booking = bookings.get_booking(cur, user, booking_id)
    document = booking_invite(cur, booking, now)
    audit.record_now(
        cur, user.username, "export calendar file", booking.pupil_id, f"booking {booking_id}"
    )
    return document


def invite_description(cur: db.Cursor, booking: bookings.Booking) -> tuple[str, str]:
    """Where the meeting is and what it is, as the calendar event and its email say them: the
    meeting's place (or how it happens) and the event's description."""
    school = school_name(cur)
    how = {
        "in person": f"In person at {school}, {booking.place}.",
        "phone": "By phone: the school will ring you"
        + (f" on {booking.phone}." if booking.phone else "."),
        "video": "By video call"
        + (f": {booking.remote_details}" if booking.remote_details else "."),
    }[booking.mode or "in person"]
    description = (
        f"A parent surgery meeting with the SENCo at {school} about {booking.pupil_name}, "
        f"with {booking.parent_name}.\n{how}\n"
        "If this time no longer suits you, please contact the school office and we will find "
        "another."
    )
    return (booking.place if booking.mode == "in person" else how), description


def booking_invite(
    cur: db.Cursor,
    booking: bookings.Booking,
    now: datetime,
    sequence: int = 0,
    invited: tuple[str, str, str, str] | None = None,
    cancelled: bool = False,
) -> bytes:
    """The calendar file of a booked meeting, or of its cancellation (see invites.build_invite)."""
    if booking.status != "booked":
        raise ValidationError.one("Booking", f"is {booking.status}: only a booking has an invite")
    location, description = invite_description(cur, booking)
    return build_invite(
        uid=booking_uid(cur, booking.booking_id),
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=f"Meeting with the SENCo about {booking.pupil_name}",
        location=location,
        description=description,
        stamp=now,
        organiser_name=school_name(cur),
        sequence=sequence,
        invited=invited,
        cancelled=cancelled,
    )
