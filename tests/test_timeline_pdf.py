"""The communication record and the record of a meeting, read back as a parent, a caseworker or a
local authority panel would read them."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from datetime import UTC, date, datetime

import pypdf
import pytest
from fpdf.enums import MethodReturnValue

from sendlib.pdf.communication_record import build_communication_record
from sendlib.pdf.house import CONFIDENTIAL, HouseDocument
from sendlib.pdf.house_style import FAMILY
from sendlib.pdf.meeting_record import (
    NO_NEXT_MEETING,
    MeetingRecord,
    build_meeting_record,
    clock_words,
    meeting_words,
)
from sendlib.pdf.record_entries import (
    RecordAction,
    RecordEntry,
    channel_words,
    reply_words,
    status_words,
)
from sendlib.words import school_time

SCHOOL_NAME = "St Aldhelm's C of E Primary School"
PRINTED_ON = date(2026, 11, 23)
SCRIPT = "<script>alert('hi')</script>"
COVERS = "All entries from 1 September 2025 to 23 November 2026"
VIEWS = "Zoë says the hall is too loud and she can't eat. I want to be told before trips."


def pages(pdf: bytes) -> list[str]:
    """Each page's text, with runs of whitespace (line wraps) made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def action(description: str, owner: str, due: date, **changes) -> RecordAction:
    fields = {"done_date": None, "parent_told": None, "state": "open"}
    fields.update(changes)
    return RecordAction(description, owner, due, **fields)


def entry(happened_at: datetime, subject: str, **changes) -> RecordEntry:
    fields = {
        "channel": "email",
        "direction": "to parent",
        "with_name": "Siobhán O'Connor-Smith (mother)",
        "staff_name": "Ms Priya Ashworth (SENCo)",
        "summary": "A short note.",
        "parent_views": None,
        "meeting_kind": None,
        "led_by": None,
        "written_record_given": None,
        "needs_reply": False,
        "replied_at": None,
        "reply_school_days": None,
        "actions": (),
    }
    fields.update(changes)
    return RecordEntry(happened_at=happened_at, subject=subject, **fields)


# Entries given newest first: the record puts them oldest first.
REVIEW = entry(
    datetime(2025, 11, 4, 16, 0),
    "Autumn review of the support plan",
    channel="meeting in person",
    direction="from parent",
    with_name="Ms Siobhán O'Connor-Smith and Mr Nguyễn Văn An",
    staff_name="Mr Łukasz Dvořák (class teacher)",
    summary="We reviewed the three outcomes. The quiet space at lunch is working.",
    parent_views=VIEWS,
    meeting_kind="APDR review",
    led_by="class teacher",
    written_record_given=date(2025, 11, 6),
    actions=(
        action(
            "Send home a copy of the visual timetable",
            "Ms Ashworth (SENCo)",
            date(2025, 11, 14),
            done_date=date(2025, 11, 12),
            parent_told=date(2025, 11, 13),
            state="done",
        ),
        action(
            "Try the timetable at home each morning",
            "Ms O'Connor-Smith (parent)",
            date(2025, 12, 5),
        ),
        action(
            "Ask SALT to observe in class", "Ffion Evans (SALT)", date(2025, 10, 1), state="overdue"
        ),
    ),
)
EMAIL = entry(
    datetime(2025, 10, 20, 8, 15),
    f"Question about the school trip {SCRIPT}",
    direction="from parent",
    needs_reply=True,
)
CALL = entry(
    datetime(2025, 10, 14, 15, 40),
    "Upset after lunch all week",
    channel="phone",
    direction="from parent",
    with_name="Ms Khan (mother)",
    needs_reply=True,
    replied_at=datetime(2025, 10, 16, 12, 0),
    reply_school_days=2,
)


def build(entries: list[RecordEntry], covers: str = COVERS) -> bytes:
    return build_communication_record(
        "Zoë O'Connor-Smith",
        "Year 4, class 4B; born 14 February 2016",
        entries,
        covers,
        SCHOOL_NAME,
        PRINTED_ON,
        "Ms Priya Ashworth",
    )


@pytest.fixture(scope="module")
def record_text() -> str:
    return text(build([REVIEW, EMAIL, CALL]))


@pytest.mark.parametrize(
    "expected",
    [
        "Communication record: Zoë O'Connor-Smith",
        "Pupil Zoë O'Connor-Smith Year 4, class 4B; born 14 February 2016",
        f"This record covers {COVERS}",
        "Entries 3 entries, 1 meeting",
        "Actions agreed 3: 1 done, 2 open",
        # Each entry opens with when, how and with whom, and how the reply went.
        "Tue 14 Oct 2025, 15:40 Phone call from Ms Khan (mother) Replied in 2 school days",
        "Mon 20 Oct 2025, 08:15 Email from Siobhán O'Connor-Smith (mother) Awaiting reply",
        "Tue 4 Nov 2025, 16:00 Meeting in person with Ms Siobhán O'Connor-Smith and Mr Nguyễn Văn An",
        f"Question about the school trip {SCRIPT}",
        "For the school Mr Łukasz Dvořák (class teacher)",
        "Meeting Review of the support plan (assess, plan, do, review), led by the class teacher",
        "Written record Given to the parents 6 Nov 2025",
        # The parents' words, labelled, as they said them.
        f"What the parents said “{VIEWS}”",
        # What was agreed: what, who, by when, how it stands, whether the parents heard.
        "What Who Due Status Parent told",
        "Send home a copy of the visual timetable Ms Ashworth (SENCo) 14 Nov 2025 "
        "Done 12 Nov 2025 13 Nov 2025",
        "Try the timetable at home each morning Ms O'Connor-Smith (parent) 5 Dec 2025 Open Not yet",
        "Ask SALT to observe in class Ffion Evans (SALT) 1 Oct 2025 Overdue Not yet",
        # Page furniture.
        SCHOOL_NAME,
        "Printed 23 November 2026 by Ms Priya Ashworth",
        "Page 1 of 1",
        CONFIDENTIAL,
    ],
)
def test_record_reads_as_a_caseworker_would(record_text, expected):
    assert expected in record_text


def test_entries_are_oldest_first(record_text):
    call = record_text.index("Upset after lunch all week")
    email = record_text.index("Question about the school trip")
    review = record_text.index("Autumn review of the support plan")

    assert call < email < review


def test_times_are_printed_on_the_school_clock():
    # 14:40 UTC in October is 15:40 in England (BST); in December the clocks agree.
    october = replace(CALL, happened_at=datetime(2025, 10, 14, 14, 40, tzinfo=UTC))
    december = replace(EMAIL, happened_at=datetime(2025, 12, 1, 9, 5, tzinfo=UTC))

    printed = text(build([december, october]))

    assert "Tue 14 Oct 2025, 15:40" in printed
    assert "Mon 1 Dec 2025, 09:05" in printed
    assert printed.index("Upset after lunch") < printed.index("Question about the school trip")
    assert school_time(datetime(2025, 7, 1, 23, 30, tzinfo=UTC)) == datetime(2025, 7, 2, 0, 30)


def test_empty_record_says_so():
    printed = text(build([], covers="Phone calls from 1 January 2026"))

    assert "No entries match these filters." in printed
    assert "This record covers Phone calls from 1 January 2026" in printed
    assert "Entries 0 entries" in printed
    assert "Actions agreed None" in printed
    assert "Page 1 of 1" in printed


@pytest.mark.parametrize(
    ("channel", "direction", "with_name", "expected"),
    [
        ("phone", "from parent", "Ms Khan (mother)", "Phone call from Ms Khan (mother)"),
        ("text", "to parent", "Mr Nguyễn", "Text message to Mr Nguyễn"),
        ("letter", "to parent", None, "Letter to a parent or carer"),
        ("video call", "to parent", "Ms Khan", "Video call with Ms Khan"),
        ("email", "with agency", "Ffion Evans (SALT)", "Email with Ffion Evans (SALT)"),
        ("phone", "with agency", None, "Phone call with an outside agency"),
        ("home-school book", "from parent", "Ms Khan", "Note in the home-school book from Ms Khan"),
        ("meeting in person", "within school", None, "Meeting in person within school"),
    ],
)
def test_channel_and_direction_in_words(channel, direction, with_name, expected):
    shown = entry(datetime(2025, 10, 1, 9, 0), "S", channel=channel, direction=direction)

    assert channel_words(replace(shown, with_name=with_name)) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"needs_reply": False}, ""),
        ({"needs_reply": True}, "Awaiting reply"),
        (
            {"needs_reply": True, "replied_at": datetime(2025, 10, 1, 16), "reply_school_days": 0},
            "Replied the same day",
        ),
        (
            {"needs_reply": True, "replied_at": datetime(2025, 10, 2, 9), "reply_school_days": 1},
            "Replied in 1 school day",
        ),
        (
            {
                "needs_reply": True,
                "replied_at": datetime(2025, 10, 9, 9),
                "reply_school_days": None,
            },
            "Replied 9 Oct 2025",
        ),
    ],
)
def test_reply_in_words(changes, expected):
    assert reply_words(entry(datetime(2025, 10, 1, 9, 0), "S", **changes)) == expected


def many_entries(count: int) -> list[RecordEntry]:
    """A year's worth of varied entries, the longer ones long enough to run over a page."""
    entries = []
    for i in range(count):
        meeting = i % 5 == 0
        entries.append(
            entry(
                datetime(2025, 9, 1, 8, 0).replace(day=1 + i % 28, month=9 + i % 4, minute=i % 60),
                f"Subject number {i:03d} from Łukasz's file",
                channel="meeting in person" if meeting else ("phone", "email", "text")[i % 3],
                direction="from parent" if i % 2 else "to parent",
                summary=" ".join(
                    f"Sentence {i}.{n} about what Zoë said today." for n in range(3 + i % 9)
                ),
                parent_views=VIEWS * (1 + i % 3) if i % 2 else None,
                meeting_kind="parent surgery" if meeting else None,
                led_by="SENCo" if meeting else None,
                needs_reply=i % 3 == 1,
                actions=tuple(
                    action(
                        f"Action {i}.{n} to follow up at home and in class",
                        "Mr Jones (class teacher)",
                        date(2025, 12, 1),
                    )
                    for n in range(i % 4)
                ),
            )
        )
    return entries


@pytest.fixture(scope="module")
def long_record() -> list[str]:
    return pages(build(many_entries(200)))


def test_long_record_has_every_entry_in_order_with_page_furniture(long_record):
    assert len(long_record) > 10
    for number, page in enumerate(long_record, start=1):
        assert f"Page {number} of {len(long_record)}" in page
        assert CONFIDENTIAL in page
        assert "Communication record: Zoë O'Connor-Smith" in page
    whole = " ".join(long_record)
    subjects = sorted(many_entries(200), key=lambda e: e.happened_at)
    positions = [whole.index(e.subject) for e in subjects]
    assert positions == sorted(positions)


def test_an_entry_never_leaves_its_heading_alone_at_the_foot_of_a_page(long_record):
    for e in many_entries(200):
        # The subject is on the page with the entry's first lines (a page it runs on to names
        # it again, after "Continued:").
        page = next(page for page in long_record if e.subject in page)
        assert page.index(e.subject) < page.index(e.summary.split(" about")[0])


def test_an_entry_running_over_a_page_is_named_at_the_top_of_the_next():
    long_summary = " ".join(f"Point {n} from the review." for n in range(250))
    printed = pages(build([replace(REVIEW, summary=long_summary)]))

    assert len(printed) >= 2
    assert "Continued: Tue 4 Nov 2025, 16:00, Autumn review of the support plan" in printed[1]
    assert "Continued" not in printed[0]
    assert "Point 249 from the review." in printed[-1]


# The record of a meeting -----------------------------------------------------------------

MEETING = MeetingRecord(
    pupil_name="Zoë",
    parent_names="Ms O'Connor-Smith and Mr Nguyễn",
    happened_at=datetime(2025, 10, 14, 15, 40),
    meeting_kind="APDR review",
    led_by="class teacher",
    attendees="Ms Siobhán O'Connor-Smith, Mr Nguyễn Văn An, Mr Łukasz Dvořák, Ms Ashworth",
    parent_views=f"She is much happier since the quiet space at lunch. {SCRIPT}",
    summary="We looked at how Zoë has got on with her three targets this term.",
    actions=(
        action(
            "Tell Ms O'Connor-Smith the day before a supply teacher is expected",
            "Mr Jones (class teacher)",
            date(2025, 10, 20),
        ),
        action(
            "Try the visual timetable at home each morning",
            "Ms O'Connor-Smith (parent)",
            date(2025, 11, 14),
        ),
        action(
            "Send home a copy of the visual timetable",
            "Ms Ashworth (SENCo)",
            date(2025, 10, 17),
            done_date=date(2025, 10, 16),
            state="done",
        ),
    ),
    next_meeting=date(2026, 1, 20),
)


def meeting_pages(record: MeetingRecord = MEETING) -> list[str]:
    return pages(build_meeting_record(record, SCHOOL_NAME, date(2025, 10, 15), "Mr Łukasz Dvořák"))


@pytest.fixture(scope="module")
def meeting_text() -> str:
    return " ".join(meeting_pages())


@pytest.mark.parametrize(
    "expected",
    [
        "Record of our meeting about Zoë",
        "For Ms O'Connor-Smith and Mr Nguyễn",
        "Thank you for meeting with us.",
        "Date Tuesday 14 October 2025",
        "Time 15:40",
        "Meeting Review of Zoë's support plan",
        "Who was there Ms Siobhán O'Connor-Smith, Mr Nguyễn Văn An, Mr Łukasz Dvořák, Ms Ashworth",
        "Who led the meeting Zoë's class teacher",
        f"What you told us “She is much happier since the quiet space at lunch. {SCRIPT}”",
        "What we talked about We looked at how Zoë has got on",
        # Who does what by when, with the names as the school wrote them.
        "Who Will do what By when",
        "Mr Jones (class teacher) Tell Ms O'Connor-Smith the day before a supply teacher is "
        "expected 20 October 2025",
        "Ms O'Connor-Smith (parent) Try the visual timetable at home each morning 14 November 2025",
        "Ms Ashworth (SENCo) Send home a copy of the visual timetable 17 October 2025 "
        "Done 16 October 2025",
        "Our next meeting Our next meeting will be on Tuesday 20 January 2026.",
        "If anything here is not as you remember it",
        f"please get in touch with us at {SCHOOL_NAME}.",
        "Printed 15 October 2025 by Mr Łukasz Dvořák",
        "Page 1 of 1",
    ],
)
def test_meeting_record_reads_as_the_parents_would(meeting_text, expected):
    assert expected in meeting_text


def test_meeting_record_fits_a_page_and_uses_no_internal_words(meeting_text):
    assert len(meeting_pages()) == 1
    for internal in ("APDR", "Restricted", "restricted", "overdue", "Open", "owner", "state"):
        assert internal not in meeting_text


def test_meeting_record_without_views_actions_or_a_next_date():
    bare = replace(
        MEETING,
        meeting_kind="EHCP annual review",
        led_by="other",
        attendees=None,
        parent_views=None,
        actions=(),
        next_meeting=None,
        happened_at=datetime(2025, 10, 14, 9, 0),
    )

    printed = " ".join(meeting_pages(bare))

    assert "Meeting Annual review of Zoë's education, health and care (EHC) plan" in printed
    assert "Time 09:00" in printed
    assert "We did not write down your views at this meeting." in printed
    assert "We did not agree any actions at this meeting." in printed
    assert NO_NEXT_MEETING in printed
    assert "Who was there" not in printed and "Who led" not in printed


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("APDR review", "Review of Zoë's support plan"),
        ("parent surgery", "Parent surgery"),
        ("EHCP annual review", "Annual review of Zoë's education, health and care (EHC) plan"),
        ("parents' evening", "Parents' evening"),
        ("other", "Meeting about Zoë"),
        ("transition meeting", "Transition meeting"),
    ],
)
def test_kind_of_meeting_in_words(kind, expected):
    assert meeting_words(kind, "Zoë") == expected


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(15, 40, "15:40"), (9, 0, "09:00"), (12, 15, "12:15"), (0, 5, "00:05"), (8, 5, "08:05")],
)
def test_the_meeting_record_gives_its_time_on_the_24_hour_clock(hour, minute, expected):
    assert clock_words(datetime(2025, 10, 14, hour, minute)) == expected


# The house layout's quick wrapping -----------------------------------------------------


def test_quick_wrapping_gives_fpdf2s_own_lines():
    """The one-pass wrapper must break exactly where fpdf2's multi_cell would (checked here so
    an fpdf2 upgrade that changes its wrapping is noticed)."""
    pdf = HouseDocument("Wrap test", SCHOOL_NAME, PRINTED_ON, "Ms P")
    rng = random.Random(7)
    pieces = list("abcdefghij ABCDE.,;'-—“”ëŁễЖΩ<>{}") + [" ", "  ", "\n", "\n\n"]
    words = ["supercalifragilisticexpialidocious", "a.long.address@example-school.org.uk"]
    for _ in range(150):
        text = "".join(rng.choice(words if rng.random() < 0.1 else pieces) for _ in range(90))
        width = rng.choice([12, 30.5, 66, 180])
        pdf.set_font(FAMILY, rng.choice(["", "B"]), rng.choice([8.5, 10, 12.5]))
        expected = pdf.multi_cell(width, 5, text, dry_run=True, output=MethodReturnValue.LINES)
        assert pdf.wrap(text, width) == expected, (text, width)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"state": "open"}, "Open"),
        ({"state": "due this week"}, "Due this week"),
        ({"state": "overdue"}, "Overdue"),
        ({"state": "done late", "done_date": date(2025, 12, 9)}, "Done 9 Dec 2025"),
    ],
)
def test_action_status_in_words(changes, expected):
    assert (
        status_words(action("Call back", "Ms Khan (parent)", date(2025, 12, 1), **changes))
        == expected
    )
