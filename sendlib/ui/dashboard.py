"""The home dashboard: are we working with our parents as the Code of Practice asks? Counts and
charts for everyone who may see them; the lists behind them only for those who may see names."""

from __future__ import annotations

from datetime import date

import streamlit as st

from sendlib import access, ui
from sendlib.reporting import charts, compliance, termly_report
from sendlib.school import calendar
from sendlib.school import year as school_year
from sendlib.school.calendar import Term
from sendlib.users import User


def choose_term(cur, today: date) -> Term:
    """This term by default; the terms of this school year and last to look back on."""
    year = school_year.academic_year_start(today)
    terms = [t for y in (year - 1, year) for t in calendar.list_terms(cur, y) if t.starts <= today]
    current = calendar.this_term(cur, today) or terms[-1]
    labels = {t.label: t for t in terms}
    chosen = st.selectbox(
        "Term", list(labels), index=list(labels).index(current.label), key="dashboard_term"
    )
    return labels[chosen]


def _chart(chart) -> None:
    st.altair_chart(chart, width="stretch")


def _metrics(figures: dict) -> None:
    """A row of big numbers, one per figure."""
    if figures:
        for column, (label, number) in zip(st.columns(len(figures)), figures.items(), strict=True):
            column.metric(label, int(number))


def _lists(user: User) -> bool:
    return access.can(user, "home", "lists")


def register_section(cur, user: User, today: date) -> None:
    st.subheader("The SEN register")
    counts = compliance.register_counts(cur, user, today)
    st.caption(compliance.today_note(today))
    _metrics(counts.groupby("Status", sort=False)["Pupils"].sum().to_dict())
    if len(counts):
        _chart(charts.register_by_year(counts))
        with st.expander("By broad area of need and need"):
            ui.table(
                counts.groupby(["Broad area", "Need"], as_index=False)["Pupils"].sum(),
                "dashboard_needs",
            )


def meetings_section(cur, user: User, term: Term, today: date) -> None:
    st.subheader("Meeting parents (Code of Practice 6.65 and 6.67)")
    distribution = compliance.meeting_distribution(cur, user, term, today)
    this_term = distribution[distribution["Period"] == "This term"].set_index("Meetings")["Pupils"]
    records = compliance.written_records(cur, user, term, today)
    led = compliance.meetings_led_by(cur, user, term, today).set_index("Led by")["Meetings"]
    left, middle, right, last = st.columns(4)
    left.metric("Not met this term", int(this_term.get("0", 0)))
    middle.metric("Meetings this term", records["meetings"])
    right.metric("Led by class teachers", int(led.get("class teacher", 0)))
    last.metric("Written record given", records["written record given"])
    _chart(charts.meetings_with_parents(distribution))
    st.caption(
        f"Pupils on SEN support or with an EHC plan. Of {records['meetings']:d} meetings this term, "
        f"{records['within 5 school days']:d} had a written record for the parents within "
        f"{compliance.WRITTEN_RECORD_DAYS} school days."
    )
    if _lists(user):
        with st.expander("The pupils not met this term, ready to book"):
            waiting = compliance.no_meeting_this_term_list(cur, user, term, today)
            if waiting.empty:
                st.caption("Every pupil on SEN support or with an EHC plan has been met this term.")
            else:
                ui.table(waiting, "dashboard_not_met")
            if access.can(user, "surgery", "needs"):
                st.page_link(
                    "pages/surgery.py", label="Book from Parent surgeries", icon=":material/event:"
                )


def listening_section(cur, user: User, term: Term, today: date) -> None:
    st.subheader("Listening: replies to families")
    replies = compliance.replies(cur, user, today)
    left, right = st.columns(2)
    left.metric("Awaiting our reply", replies["awaiting reply"])
    right.metric(f"Over {replies['target school days']:d} school days", replies["over target"])
    months = compliance.reply_times_by_month(cur, user, term, today)
    ui.table(months, "dashboard_reply_months")
    st.caption(compliance.reply_times_note(term, today))
    if _lists(user):
        st.page_link("pages/ledger.py", label="See who is waiting", icon=":material/task_alt:")


def promises_section(cur, user: User, term: Term, today: date) -> None:
    st.subheader("Promises: actions agreed with families")
    frame = compliance.promises(cur, user, term, today)
    totals = frame.groupby("State", sort=False)["Actions"].sum()
    _metrics({state.capitalize(): n for state, n in totals.items()})
    st.caption(compliance.promises_note(term, today))
    if frame["Actions"].sum():
        _chart(charts.promises_by_owner(frame[frame["Actions"] > 0]))
    else:
        st.caption("No actions were agreed with families in this term.")


def deadlines_section(cur, user: User, today: date) -> None:
    st.subheader("Deadlines")
    _metrics(compliance.deadlines(cur, user, today))
    st.caption(compliance.today_note(today))
    if _lists(user) and user.staff_meeting:
        # A list of pupils with plans would put "EHC plan" beside each child's initials.
        st.caption(
            "In staff-meeting mode the EHC plan reviews are counted above, not listed: the list "
            "would say which pupils have a plan."
        )
    elif _lists(user):
        with st.expander("EHC plan annual reviews due in eight weeks or overdue"):
            reviews = compliance.ehcp_reviews_list(cur, user, today)
            if reviews.empty:
                st.caption("No EHC plan annual review is due in the next eight weeks or overdue.")
            else:
                ui.table(reviews, "dashboard_reviews")
        if access.can(user, "transition"):
            st.page_link("pages/transition.py", label="Transition packs", icon=":material/move_up:")


def surgeries_section(cur, user: User, term: Term) -> None:
    st.subheader("Parent surgeries")
    weeks = compliance.surgery_weeks(cur, user, term)
    if weeks.empty:
        st.caption("No surgery sessions in this term.")
        return
    left, middle, right, last = st.columns(4)
    left.metric("Slots offered", int(weeks["Slots"].sum()))
    taken = weeks["Booked"].sum() + weeks["Attended"].sum() + weeks["No-show"].sum()
    middle.metric("Slots taken", int(taken))
    right.metric("Attended", int(weeks["Attended"].sum()))
    last.metric("No-shows", int(weeks["No-show"].sum()))
    _chart(charts.surgery_use(weeks))
    if note := compliance.surgery_note(user):
        st.caption(note)


def _termly_report(cur, user: User, term: Term, today: date) -> None:
    ui.download(
        f"Termly report for governors: {ui.md_escape(term.label)} (PDF)",
        cur,
        lambda c: termly_report.print_termly_report(c, user, term, today),
        f"termly-report-{term.academic_year}-{term.name}.pdf",
        "application/pdf",
        "dashboard_termly_report",
    )


def dashboard(cur, user: User, today: date) -> None:
    """Every section, for the chosen term, and the governors' termly report of them."""
    term = choose_term(cur, today)
    if access.can(user, "home", "print"):
        _termly_report(cur, user, term, today)
    register_section(cur, user, today)
    meetings_section(cur, user, term, today)
    listening_section(cur, user, term, today)
    promises_section(cur, user, term, today)
    deadlines_section(cur, user, today)
    surgeries_section(cur, user, term)
