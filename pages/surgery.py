"""Parent surgeries: the booking grid, who needs a meeting, and the sessions themselves."""

import streamlit as st

from sendlib import access, ui
from sendlib.school import calendar
from sendlib.surgery import grid as surgery_grid
from sendlib.surgery import sessions, slots
from sendlib.ui import notices
from sendlib.ui import surgery as surgery_ui

user, cur = ui.guard("surgery")
st.title("Parent surgeries")
today, now = ui.today(), ui.now()
sessions.keep_ahead(cur, today)

if access.counts_only(user):
    term = calendar.this_term(cur, today)
    st.caption(
        f"Surgery slots offered and used, week by week: {ui.md_escape(term.label)}. Names are not shown."
    )
    ui.table(surgery_grid.week_counts(cur, user, term.starts, term.ends), "surgery_counts")
    st.stop()

VIEWS = {"grid": "Booking grid"}
if access.can(user, "surgery", "needs"):
    VIEWS["needs"] = "Who needs a meeting"
if access.can(user, "surgery", "sessions"):
    VIEWS["sessions"] = "Sessions"


st.session_state.setdefault("surgery_view", "grid")
view = (
    st.segmented_control("Show", list(VIEWS), format_func=VIEWS.get, key="surgery_view")
    if len(VIEWS) > 1
    else "grid"
)

if view == "needs":
    surgery_ui.needs_view(cur, user, today, now)
    st.stop()

if view == "sessions":
    surgery_ui.sessions_view(cur, user, today, now)
    st.stop()

# ------------------------------------------------------------------ the booking grid
wanted = notices.record_id("slot")
if wanted is not None and not slots.slot_exists(cur, wanted):
    notices.not_found()
    wanted = None
week, first, last = surgery_ui.grid_span(cur, user, today, now)
frame = surgery_grid.grid(cur, user, first, last)
if frame.empty:
    st.info(
        "No surgery sessions in these dates. "
        + (
            "Set the weekly pattern in School settings, or add an extra session."
            if access.can(user, "settings", "edit")
            else "The SENCo sets the weekly pattern."
        )
    )
    st.stop()
surgery_ui.show_grid(frame, now)
if user.staff_meeting:
    st.stop()  # a slot's panel holds the family's details and agenda

slot_id = surgery_ui.pick_slot(frame, now, wanted)
if slot_id is not None:
    surgery_ui.slot_panel(cur, user, frame, slot_id, now, today)
surgery_ui.printouts(cur, user, frame, week, slot_id, today)
