"""The written record of one meeting, for the parents: what they told us, what we talked about,
what we agreed and when we meet next, in plain words they can check and keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import clean
from sendlib.pdf.record_entries import RecordAction
from sendlib.words import day_and_date, long_date, school_time


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting with the parents, as the record handed to them prints it."""

    pupil_name: str  # the name the pupil is known by: 'Zoë'
    parent_names: str  # 'Ms Khan and Mr Khan'
    happened_at: datetime
    meeting_kind: str  # 'APDR review', 'parent surgery', 'EHCP annual review', ...
    led_by: str | None  # 'class teacher', 'SENCo', 'other' or a name
    attendees: str | None
    parent_views: str | None
    summary: str
    actions: tuple[RecordAction, ...]
    next_meeting: date | None


NO_NEXT_MEETING = "We will contact you to arrange our next meeting."


def build_meeting_record(
    record: MeetingRecord, school_name: str, printed_on: date, printed_by: str
) -> bytes:
    """The record of one meeting, written to the parents, as a PDF of a page or two."""
    pupil = clean(record.pupil_name).strip()
    pdf = HouseDocument(f"Record of our meeting about {pupil}", school_name, printed_on, printed_by)
    _opening(pdf, record, pupil)
    _what_was_said(pdf, record)
    _what_we_agreed(pdf, record)
    pdf.ln(3)
    pdf.paragraph(
        "If anything here is not as you remember it, or there is something you would like to "
        f"add, please get in touch with us at {clean(school_name).strip()}. "
        "We would be glad to hear from you."
    )
    return pdf.to_bytes()


def _opening(pdf: HouseDocument, record: MeetingRecord, pupil: str) -> None:
    """Who the record is for, why it is written, and when the meeting was, what and with whom."""
    parents = clean(record.parent_names).strip()
    pdf.paragraph(f"For {parents}" if parents else "For the parents and carers")
    pdf.paragraph(
        "Thank you for meeting with us. This is our record of the meeting, so that we all "
        "have the same note of what was said and what we agreed."
    )
    pdf.ln(1)
    when = school_time(record.happened_at)
    pairs: list[tuple[str, object]] = [
        ("Date", day_and_date(when.date())),
        ("Time", clock_words(when)),
        ("Meeting", meeting_words(record.meeting_kind, pupil)),
    ]
    if clean(record.attendees).strip():
        pairs.append(("Who was there", clean(record.attendees).strip()))
    leader = leader_words(record.led_by, pupil)
    if leader:
        pairs.append(("Who led the meeting", leader))
    pdf.key_values(pairs, label_width=42)


def _what_was_said(pdf: HouseDocument, record: MeetingRecord) -> None:
    """The parents' views in their words, then what was talked about."""
    pdf.section("What you told us")
    views = clean(record.parent_views).strip()
    if views:
        pdf.paragraph(views if views[:1] in "“\"'‘" else f"“{views}”")
    else:
        pdf.empty(
            "We did not write down your views at this meeting. If there is anything you would "
            "like us to add, please tell us."
        )
    pdf.section("What we talked about")
    pdf.paragraph(clean(record.summary).strip() or "We did not write a summary of this meeting.")


def _what_we_agreed(pdf: HouseDocument, record: MeetingRecord) -> None:
    """The actions agreed, who does them and by when, then the next meeting."""
    pdf.section("What we agreed")
    if record.actions:
        pdf.simple_table(
            ("Who", "Will do what", "By when"),
            [(a.owner_name, a.description, _by_when(a)) for a in record.actions],
            widths=(44, 92, 44),  # mm: "Done 16 September 2025" on one line
        )
    else:
        pdf.empty("We did not agree any actions at this meeting.")
    pdf.section("Our next meeting")
    if record.next_meeting:
        pdf.paragraph(f"Our next meeting will be on {day_and_date(record.next_meeting)}.")
    else:
        pdf.paragraph(NO_NEXT_MEETING)


def _by_when(action: RecordAction) -> str:
    by_when = long_date(action.due_date)
    if action.done_date:
        by_when += f"\nDone {long_date(action.done_date)}"
    return by_when


def clock_words(when: datetime) -> str:
    """'15:40', '09:00': the time on the 24-hour clock, as every screen and paper shows it."""
    return f"{when:%H:%M}"


def meeting_words(kind: str, pupil: str) -> str:
    """The kind of meeting in words a parent uses: 'Review of Zoë's support plan'."""
    kinds = {
        "APDR review": f"Review of {pupil}'s support plan",
        "parent surgery": "Parent surgery",
        "EHCP annual review": f"Annual review of {pupil}'s education, health and care (EHC) plan",
        "parents' evening": "Parents' evening",
        "other": f"Meeting about {pupil}",
    }
    typed = clean(kind).strip()
    return kinds.get(typed, typed[:1].upper() + typed[1:] or f"Meeting about {pupil}")


def leader_words(led_by: str | None, pupil: str) -> str:
    """'Zoë's class teacher', 'Our SENCo (special educational needs co-ordinator)', a name as
    typed, or '' when it was someone the record does not name."""
    typed = clean(led_by).strip()
    leaders = {
        "class teacher": f"{pupil}'s class teacher",
        "SENCo": "Our SENCo (special educational needs co-ordinator)",
        "other": "",
    }
    return leaders.get(typed, typed)
