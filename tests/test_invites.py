"""The calendar invitation for a parent-surgery booking, read back as a calendar app reads it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from sendlib.surgery.invites import PRODID, build_invite, london_timezone

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2026, 10, 1, 8, 15, tzinfo=UTC)
PARENT = "Zoë Nguyễn"
STAFF = "Mr Łukasz Wiśniewski (SENCo)"


def invite(starts_at: datetime, minutes: int = 20, **changes) -> bytes:
    fields = {
        "uid": "booking-17@send-partnership-hub",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=minutes),
        "summary": f"Parent surgery with {STAFF}",
        "location": "Room 4, St Aldhelm's C of E Primary School",
        "description": f"A meeting for {PARENT} about Zoë.\nPlease come to the main office.",
        "stamp": STAMP,
        "organiser_name": "Ms Siobhán O'Connor-Smith (school office)",
    }
    fields.update(changes)
    return build_invite(**fields)


def read(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.events
    return calendar, event


def test_the_calendar_says_who_made_it_and_how_to_read_it():
    calendar, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON)))
    assert str(calendar["PRODID"]) == PRODID == "-//SEND Partnership Hub//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == "booking-17@send-partnership-hub"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["TRANSP"]) == "OPAQUE"
    assert event.DTSTAMP == STAMP
    assert b"DTSTAMP:20261001T081500Z" in invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON))
    assert str(event["LOCATION"]) == "Room 4, St Aldhelm's C of E Primary School"


def test_the_stamp_is_written_in_utc_whatever_zone_it_came_in():
    stamp = datetime(2026, 7, 1, 9, 0, tzinfo=LONDON)  # 08:00 UTC in summer
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), stamp=stamp))
    stamped = event.DTSTAMP
    assert stamped == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert stamped.tzinfo is not None and stamped.utcoffset() == timedelta(0)


def test_the_times_are_london_times_with_the_time_zone_defined():
    ics = invite(datetime(2026, 10, 20, 12, 30, tzinfo=UTC))
    calendar, event = read(ics)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert b"DTSTART;TZID=Europe/London:20261020T133000\r\n" in ics
    assert b"DTEND;TZID=Europe/London:20261020T135000\r\n" in ics
    (zone,) = calendar.timezones
    assert zone.tz_name == "Europe/London"
    assert calendar.get_missing_tzids() == set()
    assert [str(part["TZNAME"]) for part in zone.standard] == ["GMT"]
    assert [str(part["TZNAME"]) for part in zone.daylight] == ["BST"]
    assert zone.standard[0]["TZOFFSETTO"].td == timedelta(0)
    assert zone.daylight[0]["TZOFFSETTO"].td == timedelta(hours=1)


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 10, 20), 12),  # British Summer Time: 13:30 is 12:30 UTC
        (date(2026, 10, 27), 13),  # the clocks went back on Sunday 25 October: 13:30 UTC
    ],
)
def test_a_surgery_stays_at_half_past_one_either_side_of_the_clocks_going_back(day, utc_hour):
    instant = datetime(day.year, day.month, day.day, utc_hour, 30, tzinfo=UTC)
    calendar, event = read(invite(instant))
    start, end = event.DTSTART, event.DTEND
    assert (start.hour, start.minute) == (13, 30)
    assert (end.hour, end.minute) == (13, 50)
    assert start.date() == day
    assert start.astimezone(UTC) == instant
    assert end.astimezone(UTC) == instant + timedelta(minutes=20)
    # A calendar app that goes by the VTIMEZONE, not its own database, gets the same instant.
    written = calendar.timezones[0].to_tz(lookup_tzid=False)
    as_written = start.replace(tzinfo=None).replace(tzinfo=written)
    assert as_written.astimezone(UTC) == instant


def test_the_same_instant_given_in_london_time_or_utc_writes_the_same_invitation():
    london = datetime(2026, 10, 27, 13, 30, tzinfo=LONDON)
    utc = datetime(2026, 10, 27, 13, 30, tzinfo=UTC)
    assert invite(london) == invite(utc)


def test_the_written_rule_matches_the_time_zone_database_for_years_to_come():
    """The VTIMEZONE is the UK's rule written as RRULEs (which Outlook reads correctly); check it
    against the database every week to 2037, and either side of 01:00 UTC every Sunday (when
    the clocks change)."""
    zone = london_timezone(datetime(2026, 10, 20, 12, 30, tzinfo=UTC))
    assert all("RRULE" in part for part in zone.standard + zone.daylight)
    written = zone.to_tz(lookup_tzid=False)
    sunday = datetime(1997, 1, 5, tzinfo=UTC)
    checked = 0
    while sunday.year < 2038:
        for moment in (
            sunday + timedelta(minutes=59),
            sunday + timedelta(hours=1),
            sunday + timedelta(hours=12),
            sunday + timedelta(days=3, hours=12),
        ):
            local = moment.astimezone(LONDON)
            assert local.replace(tzinfo=written).utcoffset() == local.utcoffset(), moment
            checked += 1
        sunday += timedelta(weeks=1)
    assert checked > 8000


def test_a_date_the_rule_does_not_cover_gets_the_database_definition():
    """From 1968 to 1971 the UK kept its clocks an hour ahead all year (British Standard Time):
    the rule is wrong then, so the invitation falls back to icalendar's generated VTIMEZONE."""
    instant = datetime(1971, 1, 12, 12, 30, tzinfo=UTC)  # 13:30 on the clocks of the time
    calendar, event = read(invite(instant))
    assert (event.DTSTART.hour, event.DTSTART.minute) == (13, 30)
    (zone,) = calendar.timezones
    assert not any("RRULE" in part for part in zone.standard + zone.daylight)
    written = zone.to_tz(lookup_tzid=False)
    as_written = event.DTSTART.replace(tzinfo=None).replace(tzinfo=written)
    assert as_written.astimezone(UTC) == instant


def test_names_in_any_language_survive():
    ics = invite(
        datetime(2026, 10, 20, 13, 30, tzinfo=LONDON),
        summary=f"Parent surgery: {PARENT} with {STAFF}",
        location="Salle Zoë, Łukasz's room",
    )
    _, event = read(ics)
    assert str(event["SUMMARY"]) == f"Parent surgery: {PARENT} with {STAFF}"
    assert str(event["LOCATION"]) == "Salle Zoë, Łukasz's room"
    assert PARENT in str(event["DESCRIPTION"])
    assert "Siobhán O'Connor-Smith" in str(event["DESCRIPTION"])
    ics.decode("utf-8")  # written as UTF-8


def test_decomposed_accents_are_written_composed():
    decomposed = "Zoe\u0308 Nguye\u0302\u0303n"
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), summary=decomposed))
    assert str(event["SUMMARY"]) == PARENT


def test_long_lines_are_folded_and_every_line_ends_crlf():
    long_text = (
        f"Parent surgery for {PARENT} and {STAFF}, to talk about the new timetable, "
        "the trip to the Łódź exchange and how the mornings are going at home. " * 3
    ).strip()
    ics = invite(
        datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), summary=long_text, description=long_text
    )
    assert ics.endswith(b"\r\n")
    assert ics.count(b"\n") == ics.count(b"\r\n")
    assert b"\r\r" not in ics
    lines = ics.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert any(line.startswith(b" ") for line in lines)  # continuation lines
    for line in lines:
        line.decode("utf-8")  # folded between characters, never inside one
    _, event = read(ics)
    assert str(event["SUMMARY"]) == long_text
    assert str(event["DESCRIPTION"]).startswith(long_text)


def test_line_breaks_in_the_description_are_kept():
    _, event = read(
        invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), description="One\r\nTwo\rThree")
    )
    assert str(event["DESCRIPTION"]).startswith("One\nTwo\nThree")


def test_the_organiser_is_named_in_the_description_not_as_an_organizer():
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON)))
    assert "ORGANIZER" not in event
    assert str(event["DESCRIPTION"]).endswith(
        "\n\nOrganised by Ms Siobhán O'Connor-Smith (school office)"
    )
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), organiser_name=None))
    assert "Organised by" not in str(event["DESCRIPTION"])


def test_no_location_leaves_the_property_out():
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), location=None))
    assert "LOCATION" not in event
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), location="  "))
    assert "LOCATION" not in event


def test_a_reminder_pops_up_a_quarter_of_an_hour_before():
    _, event = read(invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON)))
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-15)
    assert str(alarm["DESCRIPTION"]) == f"Parent surgery with {STAFF}"


@pytest.mark.parametrize("field", ["starts_at", "ends_at", "stamp"])
def test_naive_times_are_refused(field):
    times = {
        "starts_at": datetime(2026, 10, 20, 13, 30, tzinfo=LONDON),
        "ends_at": datetime(2026, 10, 20, 13, 50, tzinfo=LONDON),
        "stamp": STAMP,
    }
    times[field] = times[field].replace(tzinfo=None)
    with pytest.raises(ValueError, match="naive"):
        build_invite(
            uid="booking-17", summary="Parent surgery", location=None, description="", **times
        )


@pytest.mark.parametrize("minutes", [0, -20])
def test_a_meeting_must_end_after_it_starts(minutes):
    with pytest.raises(ValueError, match="end after it starts"):
        invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), minutes=minutes)


def test_an_invitation_needs_an_id():
    with pytest.raises(ValueError, match="UID"):
        invite(datetime(2026, 10, 20, 13, 30, tzinfo=LONDON), uid=" ")
