"""The communication timeline: every contact with a family, for one pupil or the whole school."""

from datetime import timedelta

import streamlit as st

from sendlib import access, ui
from sendlib.reporting import charts, printing
from sendlib.timeline import entries as timeline_entries
from sendlib.timeline import listing as timeline_listing
from sendlib.timeline import trends as timeline_trends
from sendlib.ui import mail as mail_ui
from sendlib.ui import papers

user, cur = ui.guard("timeline")
st.title("Communication timeline")
st.caption("Every call, message, letter and meeting with families, newest first.")

pupil_id = ui.pupil_picker(cur, user, "timeline_pupil", label="Pupil (leave empty for everyone)")
left, middle, right = st.columns(3)
since = left.date_input(
    "From", ui.today() - timedelta(days=90), format="DD/MM/YYYY", key="timeline_from"
)
until = middle.date_input("To", ui.today(), format="DD/MM/YYYY", key="timeline_to")
channels = right.multiselect("Channel", timeline_entries.CHANNELS, key="timeline_channels")
left, middle, right, last = st.columns(4)
staff = left.multiselect(
    "Staff",
    timeline_listing.staff_choices(cur),
    format_func=timeline_listing.staff_choices(cur).get,
    key="timeline_staff",
)
meetings_only = middle.toggle("Meetings only", key="timeline_meetings")
awaiting = right.toggle("Awaiting our reply", key="timeline_awaiting")
open_actions = last.toggle("With open actions", key="timeline_open_actions")
search = (
    ""
    if user.staff_meeting  # the notes are hidden, so searching them would point at rows
    else st.text_input("Search subjects, summaries and parents' views", key="timeline_search")
)

filters = timeline_listing.TimelineFilter(
    pupil_id,
    since,
    until,
    tuple(channels),
    tuple(staff),
    meetings_only,
    awaiting,
    open_actions,
    search,
)
entries = ui.remembered(timeline_listing.list_entries, cur, user, filters)
st.metric("Entries", len(entries))
if pupil_id is not None:
    points = timeline_trends.pupil_timeline_points(cur, user, pupil_id, since, until)
    if len(points):
        st.altair_chart(charts.pupil_timeline(points), width="stretch")
else:
    counts = ui.remembered(timeline_trends.counts_by_week_and_channel, cur, user, since, until)
    if len(counts):  # an empty chart's lone zero axis would say less than the words below
        st.altair_chart(charts.contacts_by_week(counts), width="stretch")
shown = ui.page_of(entries, "timeline_page", "entries", filters)
if len(entries):
    ui.table(shown, "timeline_table", timeline_listing.LIST_SHOWN)
else:
    st.info(ui.md_escape(timeline_listing.describe_nothing(cur, user, filters)))

if access.can(user, "timeline", "print"):
    if pupil_id is not None:
        summary = timeline_listing.describe_filter(filters)
        ui.download(
            "Print the communication record (PDF)",
            cur,
            lambda c: printing.print_communication_record(c, user, filters, summary, ui.today()),
            "communication-record.pdf",
            "application/pdf",
            "timeline_print",
        )
    # Newest first, so the meeting just held is the one offered; everyone's when no pupil is
    # chosen; those on the page of the list shown.
    meetings = shown[shown["Meeting"] != ""].assign(Day=lambda f: f["When"].dt.strftime("%d/%m/%Y"))
    if len(meetings):
        described = ("Day", "Subject") if pupil_id is not None else ("Day", "Pupil", "Subject")
        meeting = ui.pick_row(
            meetings, "communication_id", "Meeting", "timeline_meeting", *described
        )
        label = "Written record of this meeting for the parents (PDF)"
        papers.meeting_record(cur, user, meeting, label, "timeline_meeting_print")
        mail_ui.email_record(cur, user, meeting, f"timeline_email_{meeting}")
