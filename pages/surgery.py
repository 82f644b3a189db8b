"""Parent surgeries: the booking grid, who needs a meeting, and the sessions themselves."""

import streamlit as st

from sendlib import access, bookings, schoolcalendar, surgeries, surgery_grid, ui
from sendlib.errors import NotFound
from sendlib.ui import notices
from sendlib.ui import surgery as surgery_ui

user, cur = ui.guard("surgery")
st.title("Parent surgeries")
today, now = ui.today(), ui.now()
surgeries.keep_ahead(cur, today)

if user.role == "viewer":
    term = schoolcalendar.this_term(cur, today)
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
if wanted is not None and not bookings.slot_exists(cur, wanted):
    notices.not_found()
    wanted = None
week, first, last = surgery_ui.grid_span(cur, today, now)
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
if slot_id is None:
    st.stop()
try:
    booking = bookings.active_booking_for_slot(cur, user, slot_id)
except NotFound:  # another class's family: a teacher sees only that the slot is taken
    notices.not_found()
    st.stop()
row = frame[frame["slot_id"] == slot_id].iloc[0]
if booking is None:
    surgery_ui.booking_form(cur, user, row, now)
elif st.session_state.get(ui.form_keys("book")("book")):
    # "Book" was pressed, but someone else's booking landed first.
    surgery_ui.offer_alternatives(bookings.taken(cur, slot_id, now))
else:
    surgery_ui.booking_panel(cur, user, booking, now, today)

surgery_ui.printouts(cur, user, row.session_date, week, today)
