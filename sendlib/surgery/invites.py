"""A calendar invitation (.ics) for one parent-surgery booking, for the parent to add to their
phone or email calendar: the meeting at the school's clock time, with the UK's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
)
from icalendar.prop import vRecur

from sendlib import db
from sendlib.errors import composed
from sendlib.words import SCHOOL_TZ, SCHOOL_TZ_ID

PRODID = "-//SEND Partnership Hub//EN"
REMINDER = timedelta(minutes=15)


def build_invite(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str | None,
    description: str,
    stamp: datetime,
    organiser_name: str | None = None,
    sequence: int = 0,
    invited: tuple[str, str, str, str] | None = None,
    cancelled: bool = False,
) -> bytes:
    """The booking as an iCalendar file (RFC 5545): one event at UK time, with its VTIMEZONE,
    folded lines and CRLF endings as icalendar writes them.

    Downloaded, it is published (METHOD:PUBLISH) with no ORGANIZER: that must be an address,
    and the school's may not be one parents should write to, so the organiser's name goes in
    the description instead. Emailed, `invited` gives (the school's sender's name and address,
    the parent's name and address): it is a request (METHOD:REQUEST, RFC 5546) from the school
    to the parent, and each change is sent again with the same UID and a higher `sequence`, so
    the parent's calendar moves the event rather than adding another; `cancelled` sends its
    cancellation (METHOD:CANCEL, STATUS:CANCELLED), which takes it out of their calendar.
    """
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at), ("stamp", stamp)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, not naive: {value!r}")
    if ends_at <= starts_at:
        raise ValueError(f"The meeting must end after it starts: {starts_at} to {ends_at}")
    if not _text(uid):
        raise ValueError("An invitation needs a UID")

    starts = starts_at.astimezone(SCHOOL_TZ)
    ends = ends_at.astimezone(SCHOOL_TZ)
    summary = _text(summary)
    details = _text(description)
    organiser = _text(organiser_name)
    if organiser:
        details = (
            f"{details}\n\nOrganised by {organiser}" if details else f"Organised by {organiser}"
        )

    event = Event.new(
        uid=_text(uid),
        stamp=stamp.astimezone(UTC),
        start=starts,
        end=ends,
        summary=summary,
        description=details or None,
        location=_text(location) or None,
        status="CANCELLED" if cancelled else "CONFIRMED",
        transparency="OPAQUE",
    )
    event.add("sequence", sequence)
    if invited:
        sender_name, sender, parent_name, parent = invited
        event.add("organizer", _address(sender_name, sender))
        event.add("attendee", _address(parent_name, parent, ROLE="REQ-PARTICIPANT",
                                       PARTSTAT="NEEDS-ACTION", RSVP="FALSE"))  # fmt: skip
    if not cancelled:
        event.add_component(Alarm.new_display(description=summary or "Reminder", trigger=-REMINDER))

    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    calendar.method = ("CANCEL" if cancelled else "REQUEST") if invited else "PUBLISH"
    calendar.add_component(london_timezone(starts, ends))
    calendar.add_component(event)
    return calendar.to_ical()


def booking_uid(cur: db.Cursor, booking_id: int) -> str:
    """The calendar event's UID for a booking: the same through every change of time."""
    return f"booking-{booking_id}.{db.get_setting(cur, 'calendar_id', 'school')}@sendhub"


def _address(name: str, address: str, **params: str) -> vCalAddress:
    found = vCalAddress(f"mailto:{address}")
    found.params["CN"] = _text(name)
    for key, value in params.items():
        found.params[key] = value
    return found


def london_timezone(*moments: datetime) -> Timezone:
    """The VTIMEZONE for Europe/London, written as the UK's rule (clocks forward at 01:00 GMT
    on the last Sunday in March, back at 02:00 BST on the last Sunday in October).

    A rule, not the list of dates icalendar generates from the time zone database, because
    Outlook misreads a VTIMEZONE made of RDATEs and puts the summer's meetings an hour out. If
    the rule ever disagrees with the database at these moments (the law changed, or a date
    from before 1996), icalendar's generated definition is used instead.
    """
    zone = Timezone()
    zone.add("TZID", SCHOOL_TZ_ID)
    zone.add("X-LIC-LOCATION", SCHOOL_TZ_ID)
    for part, name, offset_from, offset_to, first, month in (
        (TimezoneDaylight(), "BST", 0, 1, datetime(1970, 3, 29, 1), 3),
        (TimezoneStandard(), "GMT", 1, 0, datetime(1970, 10, 25, 2), 10),
    ):
        part.add("TZNAME", name)
        part.add("TZOFFSETFROM", timedelta(hours=offset_from))
        part.add("TZOFFSETTO", timedelta(hours=offset_to))
        part.add("DTSTART", first)
        part.add("RRULE", vRecur(FREQ="YEARLY", BYMONTH=month, BYDAY="-1SU"))
        zone.add_component(part)
    written = zone.to_tz(lookup_tzid=False)
    for moment in moments:
        local = moment.astimezone(SCHOOL_TZ)
        if local.replace(tzinfo=written).utcoffset() != local.utcoffset():
            first = min(m.date() for m in moments) - timedelta(days=366)
            last = max(m.date() for m in moments) + timedelta(days=366)
            return Timezone.from_tzid(SCHOOL_TZ_ID, first_date=first, last_date=last)
    return zone


def _text(value: str | None) -> str:
    """Text as typed, with accents composed ('ễ' one character), newlines as \\n, and no stray
    spaces round it."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return composed(value).strip()
