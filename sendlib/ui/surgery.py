"""The parent-surgery screen's widgets: the grid and the week or term it shows, the panel for the
chosen slot (its booking form and what a booked slot shows are in sendlib.ui.surgery_slot), who
needs a meeting, the sessions view and the printouts. Pages stay thin; the rules live in
sendlib.surgery.bookings and sendlib.surgery.sessions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from sendlib import access, ui
from sendlib.errors import NotFound, PermissionDenied
from sendlib.reporting import printing
from sendlib.school import calendar
from sendlib.surgery import bookings, cancelling, grid, meetings_due, session_rules, sessions, slots
from sendlib.ui import confirm, messages, notices, surgery_slot


def slot_panel(cur, user, frame, slot_id: int, now, today) -> None:
    """The chosen slot: the form to book it while it is free, else what its booking shows. A
    slot taken by someone else while this user was booking it gets the nearest free ones."""
    try:
        booking = bookings.active_booking_for_slot(cur, user, slot_id)
    except NotFound:  # another class's family: a teacher sees only that the slot is taken
        notices.not_found()
        return
    row = frame[frame["slot_id"] == slot_id].iloc[0]
    k = ui.form_keys("book")
    was_booking = st.session_state.get(surgery_slot.BOOKING_SLOT) == slot_id and (
        st.session_state.get(k("book")) or st.session_state.get(k("pupil")) is not None
    )
    if booking is None:
        surgery_slot.booking_form(cur, user, row, now)
    elif was_booking:
        surgery_slot.offer_alternatives(slots.taken(cur, slot_id, now))
    else:
        messages.show_flash("surgery_slot")
        surgery_slot.booking_panel(cur, user, booking, now, today)


def session_fields(key: str, base: sessions.Pattern) -> tuple[object, dict]:
    """A session's times, slots and place, starting from `base` (the weekly pattern's form and
    an extra session's share them). Returns the first column, left for the day or the date."""
    first, start_col, end_col = st.columns(3)
    length_col, count_col, place_col = st.columns(3)
    return first, {
        "starts": start_col.time_input("Starts", base.starts, step=300, key=f"{key}_starts"),
        "ends": end_col.time_input("Ends", base.ends, step=300, key=f"{key}_ends"),
        "slot_minutes": length_col.number_input(
            "Slot length (minutes)", 10, 120, base.slot_minutes, step=5, key=f"{key}_length"
        ),
        "slot_count": count_col.number_input(
            "Number of slots", 1, 24, base.slot_count, key=f"{key}_count"
        ),
        "place": place_col.text_input(
            "Place", base.place, placeholder="SENCo office", key=f"{key}_place"
        ),
        "remote_details": st.text_input(
            "Link or number for remote meetings", base.remote_details or "", key=f"{key}_remote"
        ),
    }


def sessions_view(cur, user, today, now) -> None:
    """The coming sessions; add a one-off extra session or cancel one."""
    patterns = sessions.list_patterns(cur)
    st.caption(
        "Weekly pattern: "
        + (ui.md_escape("; ".join(p.label for p in patterns)) if patterns else "none yet")
        + "."
    )
    if access.can(user, "settings", "edit"):
        st.page_link(
            "pages/settings.py",
            label="Change or add weekly sessions in School settings",
            icon=":material/settings:",
        )
    coming = sessions.list_sessions(cur, today, sessions.horizon(cur, today))
    if coming:
        ui.table(sessions.sessions_table(coming), "surgery_sessions")
    else:
        st.info(
            "No surgery sessions are coming up. Set the weekly pattern in School settings, or "
            "add an extra session below."
        )
    _extra_session_form(cur, user, patterns[0] if patterns else None, today, now)
    live = [x for x in coming if x.cancelled_at is None]
    if live:
        _cancel_session_form(cur, user, live, now)


def _extra_session_form(cur, user, first: sessions.Pattern | None, today, now) -> None:
    """Add a one-off session, starting from the place (and link) of the first weekly one."""
    with st.form("surgery_extra"):
        st.markdown("**Add an extra session**")
        day_col, values = session_fields(
            "extra",
            sessions.Pattern(
                None, 0, None, None, 3, session_rules.DEFAULT_SLOT_MINUTES,
                first.place if first else "", first.remote_details if first else None,
            ),
        )  # fmt: skip
        values["session_date"] = day_col.date_input(
            "Date", None, min_value=today, format="DD/MM/YYYY", key="extra_date"
        )
        if st.form_submit_button("Add the session"):
            with ui.reporting_errors():
                sessions.add_session(cur, user, values, now)
                ui.flash(f"Added a session on {values['session_date']:%d/%m/%Y}.")


def _cancel_session_form(cur, user, live: list[sessions.Session], now) -> None:
    """Cancel one of the sessions still on, once asked again: its bookings are cancelled too."""
    with st.form("surgery_cancel_session"):
        st.markdown("**Cancel a session**")
        chosen = st.selectbox("Session", live, format_func=lambda x: x.label, key="cancel_session")
        reason = st.text_input("Reason (families booked are told it)", key="cancel_session_reason")
        asked = st.form_submit_button("Cancel the session")
    question = (
        f"Cancel the session on {ui.md_escape(chosen.label)}? Every family booked into it "
        "will need another slot."
    )
    if confirm.confirmed("surgery_cancel_session", asked, question, "Yes, cancel it"):
        with ui.reporting_errors():
            cancelled = cancelling.cancel_session(cur, user, chosen.session_id, reason, now)
            ui.flash(
                f"Cancelled {ui.md_escape(chosen.label)}. "
                + (
                    f"{len(cancelled)} booking(s) cancelled: each family has an action in your promise ledger to offer another slot."
                    if cancelled
                    else "Nobody was booked."
                )
            )


DUE_FOCUS = {  # the list to book from, narrowed to what matters most this week
    "all": ("All due", lambda due: due["Pupil"].notna()),
    "term": ("Not met this term", lambda due: due["Meetings this term"] == 0),
    "promises": (
        "Overdue actions or awaiting reply",
        lambda due: (due["Overdue actions"] > 0) | (due["Awaiting reply"] > 0),
    ),
}
STATE_COLOURS = {  # words in every cell too: colour is never the only signal
    "free": "#e6f4ea",
    "held": "#fff4ce",
    "booked": "#dbe8f6",
    "attended": "#e8e8e8",
    "no-show": "#f9dcdc",
    "cancelled": "#eeeeee",
    "passed": "#f6f6f6",
}


def show_grid(frame, now) -> None:
    words, states = grid.grid_table(frame, now)
    styled = words.style.apply(
        lambda _: states.map(lambda s: f"background-color: {STATE_COLOURS.get(s, '')}"),
        axis=None,
    )
    # Narrow columns, each cell on two lines, so a session's slots fit a school laptop.
    widths = {c: st.column_config.Column(c, width=120) for c in words.columns}
    widths["Session"] = st.column_config.Column("Session", width=150)
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        height=ui.table_height(len(words), ui.TWO_LINE_ROW_PX),
        row_height=ui.TWO_LINE_ROW_PX,
        column_config=widths,
        key="surgery_grid",
    )
    st.caption(grid.summary(frame, now))


def pick_slot(frame, now, asked: int | None) -> int | None:
    """The slot to look at or book: the one the address names if it is on the grid, else the
    first one still free to book. The choice is kept in the address, so what was on screen is
    what gets booked (if someone else takes it meanwhile, the booking says so)."""
    labels = {
        int(row.slot_id): f"{row.starts_at:%a} {row.starts_at:%d/%m %H:%M} — "
        + grid.grid_cell(row).split(" ", 1)[1]
        for row in frame.itertuples(index=False)
    }
    options = list(labels)
    wanted = asked
    if wanted not in labels:
        upcoming = frame[grid.free_to_book(frame, now)]
        wanted = int(upcoming["slot_id"].iloc[0]) if len(upcoming) else None
    chosen = st.columns(2, gap="large")[0].selectbox(
        "Slot",
        options,
        index=options.index(wanted) if wanted in labels else None,
        format_func=labels.get,
        placeholder="Choose a slot",
        # A new widget when any slot changes state, so no label is left stale after a booking.
        key=f"surgery_slot_{wanted}_{hash(tuple(labels.values()))}",
    )
    if chosen is not None and chosen != asked:
        st.query_params["slot"] = str(chosen)
    return chosen


def needs_view(cur, user, today, now) -> None:
    """Who needs a meeting, narrowed as the SENCo chooses; one click books the next free slot."""
    due = meetings_due.meetings_due(cur, user, today)
    st.caption(
        "Pupils on SEN support or with an EHC plan who have not met their parents this term, "
        "have had fewer than three meetings this school year, or have a message awaiting reply "
        "or an overdue action. Those with no booking come first, then by need."
    )
    focus = st.segmented_control(
        "Which",
        list(DUE_FOCUS),
        default="all",
        format_func=lambda key: DUE_FOCUS[key][0],
        key="surgery_due_focus",
    )
    due = due[DUE_FOCUS[focus or "all"][1](due)]
    if due.empty:
        st.info("No pupil is in this list: nobody needs a meeting booked for it.")
        return
    ui.table(
        due.assign(
            **{
                "Last meeting": due["Last meeting"].map(
                    lambda d: f"{d:%d/%m/%Y}" if d else "never"
                ),
                "Next booking": due["Next booking"].map(
                    lambda t: f"{t:%a %d/%m %H:%M}" if isinstance(t, datetime) else ""
                ),
            }
        ),
        "surgery_due",
    )
    if len(due) and access.can(user, "surgery", "book"):
        chosen = ui.pick_row(due, "pupil_id", "Book a meeting for", "surgery_due_pick", "Pupil")
        nearest = slots.free_slots(cur, now, 1)
        if nearest:
            st.button(
                f"Book the next free slot ({ui.md_escape(nearest[0].label)})",
                type="primary",
                on_click=surgery_slot.start_booking,
                args=(chosen, nearest[0].slot_id, slots.week_start(nearest[0].starts_at.date())),
            )
        else:
            st.warning("There are no free slots in the sessions made so far.")


def grid_span(cur, user, today: date, now: datetime) -> tuple[date, date, date]:
    """The week (or whole term) the grid shows, with buttons to move between weeks or terms and
    to jump to the next free slot: (the week's Monday, first day, last day). Without a week in
    the address, the week slots.opening_week gives."""
    asked = ui.date_param("week")
    week = slots.week_start(asked) if asked else slots.opening_week(cur, user, today, now)
    term = calendar.term_containing(cur, week + timedelta(days=4)) or calendar.this_term(cur, week)
    left, middle, right, free_col, span_col = st.columns([1, 1, 1, 1.4, 1.2])
    whole_term = span_col.toggle("Whole term", value=st.query_params.get("span") == "term") and term
    noun = "term" if whole_term else "week"
    for column, step, label in ((left, -1, f"◀ Previous {noun}"), (right, 1, f"Next {noun} ▶")):
        if whole_term:
            other = calendar.neighbour_term(cur, term, step)
            target = slots.week_start(other.starts) if other else None
        else:
            target = week + timedelta(days=7 * step)
        if target and column.button(label, width="stretch"):
            st.query_params.update({"week": target.isoformat()})
            st.rerun()
    if middle.button("This week", width="stretch"):
        st.query_params.update({"week": slots.week_start(today).isoformat()})
        st.rerun()
    nearest = slots.free_slots(cur, now, 1)
    if nearest and free_col.button("Next free slot", type="primary", width="stretch"):
        surgery_slot.show_slot(nearest[0].slot_id, slots.week_start(nearest[0].starts_at.date()))
        st.rerun()
    if whole_term:
        first, last = term.starts, term.ends
        st.subheader(term.label)
    else:
        first, last = week, week + timedelta(days=6)
        st.subheader(f"Week beginning {week:%A} {week.day:d} {week:%B %Y}")
    return week, first, last


def printouts(cur, user, frame, week: date, slot_id: int | None, today: date) -> None:
    """The office's day sheets and week grid for the week on view (the chosen slot's week, when
    the whole term is shown), whether or not a slot is chosen."""
    if not access.can(user, "surgery", "print"):
        return
    if slot_id is not None:
        chosen = frame.loc[frame["slot_id"] == slot_id, "session_date"].iloc[0]
        week = slots.week_start(pd.Timestamp(chosen).date())
    st.divider()
    st.caption(f"To print, for the week beginning {week:%d/%m/%Y}:")
    with st.container(horizontal=True):
        for day in grid.session_days(frame, week):
            ui.download(
                f"Day sheet for {day:%a} {day:%d/%m} (PDF)",
                cur,
                lambda c, day=day: printing.print_day_sheet(c, user, day, today),
                f"surgery-{day}.pdf",
                "application/pdf",
                f"surgery_day_sheet_{day}",
            )
        ui.download(
            "Week grid (PDF)",
            cur,
            lambda c: printing.print_week_grid(c, user, week, today),
            f"surgeries-week-{week}.pdf",
            "application/pdf",
            "surgery_week_grid",
        )


def surgery_booking(cur, user) -> bookings.Booking | None:
    """The surgery booking a page was opened for (?booking=), if this user may record it; else
    the not-found message."""
    booking_id = notices.record_id("booking")
    if booking_id is None:
        return None
    if access.can(user, "surgery", "record"):
        try:
            return bookings.get_booking(cur, user, booking_id)
        except (NotFound, PermissionDenied):
            pass
    notices.not_found()
    return None
