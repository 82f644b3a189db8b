"""The transition-pack screen's widgets: the tracker, starting a pack, editing it version by
version, changing its status, and the September handover. The rules live in sendlib.transition.packs."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from sendlib import access, ui
from sendlib.pupils import listing
from sendlib.reporting import staff_meeting
from sendlib.transition import packs as transition_packs
from sendlib.transition import printing, stages
from sendlib.transition import tracker as transition_tracker
from sendlib.words import counted

MAX_TASKS = 12
# What the SENCo scans for first: whose pack is where, and what needs attention; widths in
# pixels that fit a school laptop (1366 px wide). SEN status, year and version are on the pack.
TRACKER_SHOWN = {"Pupil": 140, "Class": 60, "Pack": 140, "Warning": 215, "Moving to": 240,
                 "Move date": 95}  # fmt: skip
NOBODY_CHANGING_SCHOOL = (
    "Nobody on the register is changing school or moving into post-16 this year, and no pack "
    "has been started for a move this year."
)
SECTION_HELP = {
    "about_me": "What people like and admire about me, what matters to me, how best to support me.",
    "parents_views": "In the parents' own words.",
}


def open_pack(pupil_id: int) -> None:
    """From the tracker: the chosen pupil's pack."""
    st.session_state["transition_view"] = "pack"
    st.query_params["pupil"] = str(pupil_id)


def tracker_view(cur, user, today: date) -> None:
    start_by = transition_tracker.warn_by(cur, today)
    st.caption(
        f"Pupils moving on at the end of this school year, and any pupil with a pack for a move "
        f"this year; then those moving class in September. Packs should be started by {start_by:%A} {start_by.day:d} {start_by:%B %Y}."
    )
    frame = transition_tracker.tracker(cur, user, today)
    moves = transition_tracker.class_moves(cur, user, today)
    if frame.empty and moves.empty:
        st.info("Nobody on the register is moving on this year.")
        return
    if frame.empty:
        st.info(NOBODY_CHANGING_SCHOOL)
    else:
        _tracked(frame, user)
    if not moves.empty:
        _class_moves(moves, user)


def _class_moves(moves: pd.DataFrame, user) -> None:
    st.subheader("Moving class in September")
    st.caption(
        f"{counted(len(moves), 'pupil')} on the register moving up "
        "to their next class, with no pack "
        'yet for the move: start a class-to-class pack in "A pupil\'s pack", then print the '
        "class's September handover for their new teacher."
    )
    ui.table(moves, "transition_class_moves")
    if access.can(user, "transition", "open"):
        chosen = ui.pick_row(moves, "pupil_id", "Pupil", "transition_pick_move", "Pupil", "Class")
        st.button(
            "Start their pack", on_click=open_pack, args=(chosen,), key="transition_start_move"
        )


def _tracked(frame: pd.DataFrame, user) -> None:
    started = int((frame["Pack"] != "not started").sum())
    warned = int((frame["Warning"] != "").sum())
    left, middle, right = st.columns(3)
    left.metric("Moving on", len(frame))
    middle.metric("Packs started", started)
    right.metric("Need attention", warned)
    shown = frame.assign(
        **{
            "Move date": frame["Move date"].map(lambda d: f"{d:%d/%m/%Y}" if d else ""),
            "Version": frame["Version"].map(lambda v: "" if v is None else str(v)),
        }
    )
    ui.table(shown, "transition_tracker", staff_meeting.shown_columns(TRACKER_SHOWN, user))
    if access.can(user, "transition", "open"):
        chosen = ui.pick_row(frame, "pupil_id", "Pupil", "transition_pick", "Pupil", "Pack")
        st.button("Open their pack", type="primary", on_click=open_pack, args=(chosen,))


def start_form(cur, user, pupil_id: int, today: date, now: datetime) -> None:
    """A new pack, pre-filled from the pupil's record."""
    if not access.can(user, "transition", "add"):
        return
    st.subheader("Start a transition pack")
    st.caption(
        "It is filled in from what the school already holds; you can change every section next."
    )
    with st.form(f"transition_start_{pupil_id}"):
        left, right = st.columns(2)
        values = {
            "move_kind": left.selectbox(
                "Kind of move", transition_packs.MOVE_KINDS, key="start_kind"
            ),
            "move_date": right.date_input(
                "Move date", None, min_value=today, format="DD/MM/YYYY", key="start_date"
            ),
            "receiving_setting": left.text_input(
                "Moving to", placeholder="Northfield Academy, or Year 4 Oak class", key="start_to"
            ),
            "receiving_teacher": right.text_input("Receiving teacher", key="start_teacher"),
        }
        restricted = access.can(user, "transition", "restricted") and st.checkbox(
            "Add the restricted notes (only if the receiving school must know)",
            key="start_restricted",
        )
        if st.form_submit_button("Start the pack", type="primary"):
            with ui.reporting_errors():
                transition_packs.start_pack(
                    cur, user, pupil_id, {**values, "include_restricted": restricted}, today, now
                )
                st.session_state["transition_new"] = False
                ui.flash("Pack started from the pupil's record. Check each section below.")


def pack_summary(cur, user, pack, today: date) -> None:
    st.subheader(f"{ui.md_escape(pack.pupil_name)}: {ui.md_escape(pack.move_kind)}")
    teacher = f" ({pack.receiving_teacher})" if pack.receiving_teacher else ""
    ui.labelled("Moving to", f"{pack.receiving_setting}{teacher}, from {pack.move_date:%d/%m/%Y}")
    ui.labelled("Where it stands", f"{printing.status_line(pack)} (version {pack.version})")
    changed = transition_packs.changes_since_agreed(cur, user, pack.pack_id)
    if changed:
        st.warning(
            "Changed since the parents agreed version "
            f"{pack.agreed_version:d}: {ui.md_escape(', '.join(changed))}. Share it with them again."
        )
    if access.can(user, "transition", "print"):
        left, right, _ = st.columns([1, 1, 2])
        for column, large, label in (
            (left, False, "Pack (PDF)"),
            (right, True, "Large print (PDF)"),
        ):
            with column:
                ui.download(
                    label,
                    cur,
                    lambda c, large=large: printing.print_pack(c, user, pack.pack_id, today, large),
                    f"transition-pack-{pack.pupil_name}{'-large' if large else ''}.pdf",
                    "application/pdf",
                    f"transition_pdf_{pack.pack_id}_{large}",
                )


def edit_form(cur, user, pack, now: datetime) -> None:
    """Every section, and the checklist of what happens before the move."""
    with st.expander("Edit the pack", expanded=pack.status == "draft"):
        count = st.number_input(
            "Checklist items", 0, MAX_TASKS, len(pack.tasks), key=f"tasks_{pack.pack_id}"
        )
        with st.form(f"transition_edit_{pack.pack_id}_{pack.version}"):
            sections = {
                key: st.text_area(
                    heading,
                    pack.sections.get(key, ""),
                    height=140,
                    help=SECTION_HELP.get(key),
                    key=f"section_{pack.pack_id}_{pack.version}_{key}",
                )
                for key, heading in transition_packs.SECTIONS.items()
            }
            st.markdown("**The move: checklist** (what, who, by when, done)")
            tasks = [_task_row(pack, n) for n in range(int(count))]
            if st.form_submit_button("Save a new version", type="primary"):
                with ui.reporting_errors():
                    version = transition_packs.save_version(
                        cur, user, pack.pack_id, sections, tasks, now
                    )
                    ui.flash(f"Saved as version {version:d}.")


def _task_row(pack, n: int) -> dict:
    task = pack.tasks[n] if n < len(pack.tasks) else None
    what, who, due, done = st.columns([3, 2, 1, 1])
    key = f"task_{pack.pack_id}_{pack.version}_{n}"
    return {
        "description": what.text_input(
            f"Task {n + 1:d}: what", task.description if task else "", key=f"{key}_what"
        ),
        "owner": who.text_input(
            f"Task {n + 1:d}: who", task.owner if task else "", key=f"{key}_who"
        ),
        "due_date": due.date_input(
            f"Task {n + 1:d}: by",
            task.due_date if task else None,
            format="DD/MM/YYYY",
            key=f"{key}_due",
        ),
        "done_date": done.date_input(
            f"Task {n + 1:d}: done",
            task.done_date if task else None,
            format="DD/MM/YYYY",
            key=f"{key}_done",
        ),
    }


STATUS_FIELDS = {  # the next status -> what the SENCo records with it
    "shared with parents": [("shared_on", "Shared on", "date")],
    "agreed with parents": [
        ("agreed_on", "Agreed on", "date"),
        ("agreed_by", "Agreed by (the parent or carer)", "text"),
        ("comments", "Their comments, in their words", "area"),
    ],
    "handed over": [
        ("handed_on", "Handed over on", "date"),
        ("handed_to", "Handed to (who, where)", "text"),
        ("reason", "Reason, if the parents have not agreed it", "area"),
    ],
    "receipt confirmed": [
        ("confirmed_on", "Confirmed on", "date"),
        ("person", "Confirmed by", "text"),
    ],
}


def status_form(cur, user, pack, today: date, now: datetime) -> None:
    """Move the pack on: shared, agreed (with the parents' comments), handed over, confirmed."""
    choices = transition_packs.NEXT[pack.status]
    new = st.radio(
        "Next step", choices, horizontal=True, key=f"status_next_{pack.pack_id}_{pack.status}"
    )
    with st.form(f"transition_status_{pack.pack_id}_{pack.status}_{new}"):
        values = {}
        for key, label, kind in STATUS_FIELDS[new]:
            name = f"status_{pack.pack_id}_{key}"
            if kind == "date":
                values[key] = st.date_input(
                    label, today, max_value=today, format="DD/MM/YYYY", key=name
                )
            elif kind == "text":
                values[key] = st.text_input(label, key=name)
            else:
                values[key] = st.text_area(label, key=name)
        if st.form_submit_button(f"Record: {ui.md_escape(new)}", type="primary"):
            with ui.reporting_errors():
                stages.change_status(cur, user, pack.pack_id, new, values, today, now)
                ui.flash(f"Recorded: {ui.md_escape(new)}. It is on the pupil's timeline.")


def history(pack) -> None:
    if not pack.events:
        return
    st.markdown("**History**")
    ui.table(
        pd.DataFrame(
            [
                {
                    "On": e.happened_on,
                    "Step": e.status,
                    "Version": e.version,
                    "Who": e.person or "",
                    "Parents' comments": e.comments or "",
                    "Reason": e.reason or "",
                    "Recorded by": e.recorded_by,
                }
                for e in reversed(pack.events)
            ]
        ),
        f"transition_history_{pack.pack_id}",
    )


def handover_view(cur, user, today: date) -> None:
    """A class's packs for their new teacher, in one PDF."""
    classes = listing.list_classes(cur, user)
    left, right = st.columns(2)
    class_name = left.selectbox("Class", classes, index=None, key="handover_class")
    teacher = right.text_input("Their new teacher", key="handover_teacher")
    if class_name is None:
        st.caption("Choose the class whose packs go to their new teacher in September.")
        return
    packs, missing = printing.handover_packs(cur, user, class_name)
    waiting = stages.not_yet_agreed([pack.status for pack in packs])
    st.caption(
        f"{counted(len(packs), 'pack')} in {ui.md_escape(class_name)}"
        + (f": {waiting}." if waiting else ".")
        + (f" No pack yet for: {ui.md_escape(', '.join(missing))}." if missing else "")
    )
    if packs and access.can(user, "transition", "print"):
        large = st.toggle("Large print", key="handover_large")
        ui.download(
            "September handover (PDF)",
            cur,
            lambda c: printing.print_handover(c, user, class_name, teacher, today, large),
            f"september-handover-{class_name}.pdf",
            "application/pdf",
            "handover_pdf",
        )
