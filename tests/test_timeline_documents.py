"""Printing from the timeline: a pupil's communication record and a meeting's written record."""

from __future__ import annotations

import io

import pypdf
import pytest

from sendlib import audit
from sendlib.errors import NotFound, ValidationError
from sendlib.reporting import printing
from sendlib.timeline import listing
from tests.school import ALEX, TODAY, ZOE, action, at, log


def text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_record_lists_the_pupils_entries_oldest_first_and_is_audited(cur, staff):
    senco = staff["senco"]
    log(cur, senco, ALEX, subject="Later message", happened_at=at("2026-11-18 10:00"))
    log(
        cur,
        senco,
        ALEX,
        subject="Earlier message",
        needs_reply=True,
        happened_at=at("2026-11-13 09:00"),
        replied_at=at("2026-11-17 12:00"),
    )
    log(cur, senco, ZOE, subject="Someone else", happened_at=at("2026-11-18 11:00"))
    filters = listing.TimelineFilter(pupil_id=ALEX)
    printed = text(printing.print_communication_record(cur, senco, filters, "All", TODAY))
    assert "Communication record: Alex Nguyễn" in printed
    assert printed.index("Earlier message") < printed.index("Later message")
    assert "Replied in 2 school days" in printed
    assert "Someone else" not in printed
    entry = audit.list_entries(cur, pupil_id=ALEX).iloc[0]
    assert (entry["action"], entry["detail"]) == ("print communication record", "All; 2 entries")


def test_the_record_needs_a_pupil_the_user_may_see(cur, staff):
    with pytest.raises(ValidationError, match="Pupil"):
        printing.print_communication_record(
            cur, staff["senco"], listing.TimelineFilter(), "All", TODAY
        )
    with pytest.raises(NotFound):
        printing.print_communication_record(
            cur, staff["teacher"], listing.TimelineFilter(pupil_id=ZOE), "All", TODAY
        )


def test_a_meeting_record_is_written_to_the_parents_and_marked_given(cur, staff):
    senco = staff["senco"]
    meeting = log(
        cur,
        senco,
        ZOE,
        channel="meeting in person",
        direction="to parent",
        subject="Review",
        meeting_kind="APDR review",
        led_by="class teacher",
        parent_views="She likes the quiet room.",
        happened_at=at("2026-11-20 15:30"),
        actions=[action(owner_username="senco", description="Share the targets")],
    )
    printed = text(printing.print_meeting_record(cur, senco, meeting, TODAY))
    assert "Record of our meeting about Zoë" in printed
    assert "For Ms O'Connor" in printed
    assert "She likes the quiet room." in printed
    assert "Share the targets" in printed
    assert listing.get_entry(cur, senco, meeting).written_record_given == TODAY


def test_only_a_meeting_has_a_written_record(cur, staff):
    call = log(cur, staff["senco"], ZOE, happened_at=at("2026-11-20 15:30"))
    with pytest.raises(ValidationError, match="Meeting"):
        printing.print_meeting_record(cur, staff["senco"], call, TODAY)
