"""The home dashboard: are we working with our parents as the Code of Practice asks? Counts and
charts for everyone who may see them; the lists behind them only for those who may see names."""

from __future__ import annotations

from datetime import date

import streamlit as st

from sendlib import access, ui
from sendlib.reporting import headlines, pupil_lists, termly_report
from sendlib.school import calendar
from sendlib.school import year as school_year
from sendlib.school.term_dates import Term
from sendlib.ui.remembered import remembered
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


def _headlines(section: headlines.Headlines) -> None:
    """A section's heading, a row of big numbers, its chart (or what there is none of) and note."""
    st.subheader(section.heading)
    if section.figures:
        columns = st.columns(len(section.figures))
        for column, (label, number) in zip(columns, section.figures, strict=True):
            column.metric(label, number)
    if section.chart is not None:
        st.altair_chart(section.chart, width="stretch")
    if section.months is not None:
        ui.table(section.months, "dashboard_reply_months")
    for words in (section.empty, section.note):
        if words:
            st.caption(words)


def _lists(user: User) -> bool:
    return access.can(user, "home", "lists")


def _register_lists(section: headlines.Headlines) -> None:
    if section.by_need is not None:
        with st.expander("By broad area of need and need"):
            ui.table(section.by_need, "dashboard_needs")


def _meetings_lists(cur, user: User, term: Term, today: date) -> None:
    if not _lists(user):
        return
    with st.expander("The pupils not met this term, ready to book"):
        waiting = remembered(pupil_lists.no_meeting_this_term_list, cur, user, term, today)
        if waiting.empty:
            st.caption("Every pupil on SEN support or with an EHC plan has been met this term.")
        else:
            ui.table(waiting, "dashboard_not_met")
        if access.can(user, "surgery", "needs"):
            st.page_link(
                "pages/surgery.py", label="Book from Parent surgeries", icon=":material/event:"
            )


def _listening_lists(user: User) -> None:
    if _lists(user):
        st.page_link("pages/ledger.py", label="See who is waiting", icon=":material/task_alt:")


def _deadlines_lists(cur, user: User, today: date) -> None:
    if _lists(user) and user.staff_meeting:
        # A list of pupils with plans would put "EHC plan" beside each child's initials.
        st.caption(
            "In staff-meeting mode the EHC plan reviews are counted above, not listed: the list "
            "would say which pupils have a plan."
        )
    elif _lists(user):
        with st.expander("EHC plan annual reviews due in eight weeks or overdue"):
            reviews = remembered(pupil_lists.ehcp_reviews_list, cur, user, today)
            if reviews.empty:
                st.caption("No EHC plan annual review is due in the next eight weeks or overdue.")
            else:
                ui.table(reviews, "dashboard_reviews")
        if access.can(user, "transition"):
            st.page_link("pages/transition.py", label="Transition packs", icon=":material/move_up:")


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
    lists = {
        headlines.REGISTER: _register_lists,
        headlines.MEETINGS: lambda _: _meetings_lists(cur, user, term, today),
        headlines.LISTENING: lambda _: _listening_lists(user),
        headlines.DEADLINES: lambda _: _deadlines_lists(cur, user, today),
    }
    for section in remembered(headlines.every_section, cur, user, term, today):
        _headlines(section)
        if section.heading in lists:
            lists[section.heading](section)
