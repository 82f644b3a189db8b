"""A pupil's profile: details, status history, needs, parents and carers, agencies and plans."""

import streamlit as st

from sendlib import access, ui
from sendlib.errors import NotFound, PermissionDenied
from sendlib.pupils import census, register
from sendlib.pupils import record as pupils_record
from sendlib.surgery import bookings
from sendlib.ui import about_me as about_me_ui
from sendlib.ui import agencies as agencies_ui
from sendlib.ui import carers as carers_ui
from sendlib.ui import ehcp as ehcp_ui
from sendlib.ui import notices, papers
from sendlib.ui import plans as plans_ui
from sendlib.ui import pupil as pupil_ui

user, cur = ui.guard("pupil")

pupil_id = notices.record_id("pupil")
record = None
if pupil_id is not None:
    try:
        opened = ui.open_once("pupil", pupil_id)
        record = pupils_record.get_profile(cur, user, pupil_id, record_view=opened)
    except (NotFound, PermissionDenied):
        pass  # the picker says the pupil cannot be opened
if record is None:
    st.title("Pupil profile")
    chosen = ui.pupil_picker(cur, user, "pupil_choose", "Choose a pupil")
    if chosen is not None and chosen != pupil_id:
        st.rerun()
    if chosen is not None:
        notices.not_found()  # on the list, yet not to be opened here
    st.stop()

pupil = record.pupil
st.title(ui.md_escape(pupil.display_name))
facts = [
    census.year_label(pupil.year_group),
    f"class {pupil.class_name}",
    census.status_label(record.status),
    f"UPN {pupil.upn}",
]
if pupil.date_left:
    facts.append(f"left {pupil.date_left:%d/%m/%Y}")
st.caption(ui.md_escape(" · ".join(facts)))
if pupil.date_left:
    st.info(
        "This pupil has left. Their record is kept, not deleted, and no longer on the register."
    )

papers.pupil_papers(cur, user, record)

if access.can(user, "timeline"):
    here = {"pupil": str(pupil_id)}
    left, right, _ = st.columns([1, 1, 3])
    left.page_link(
        "pages/log.py", label="Log a contact", icon=":material/edit_note:", query_params=here
    )
    right.page_link(
        "pages/timeline.py", label="Their timeline", icon=":material/forum:", query_params=here
    )

if access.can(user, "surgery"):
    coming = [b for b in bookings.bookings_for_pupil(cur, user, pupil_id) if b.status == "booked"]
    if coming:
        st.caption(ui.md_escape(f"Next parent surgery: {coming[-1].label}."))

tabs = [
    "About",
    "One-page profile",
    "Parents and carers",
    "Agencies",
    "Plans",
    "EHC plan",
    "Status history",
]
can_edit = access.can(user, "pupil", "edit") and not pupil.date_left
if can_edit:
    tabs.append("Edit")
if st.session_state.get(pupil_ui.TAB_KEY) not in tabs:  # e.g. "Edit", kept from another pupil
    st.session_state.pop(pupil_ui.TAB_KEY, None)
# Only the open tab runs: a click in one tab does not redraw every other tab's forms.
about, one_page, carers, agencies, plans, ehc, history, *edit = st.tabs(
    tabs, key=pupil_ui.TAB_KEY, on_change="rerun"
)


def _history() -> None:
    pupil_ui.pupil_status_history(record.status_history)
    if access.can(user, "register", "edit") and not pupil.date_left:
        pupil_ui.status_change_form(cur, user, pupil_id, record.status)


for tab, show in (
    (about, lambda: pupil_ui.pupil_about(record)),
    (one_page, lambda: about_me_ui.about_me_tab(cur, user, record, can_edit)),
    (carers, lambda: carers_ui.carers_tab(cur, user, record, can_edit)),
    (agencies, lambda: agencies_ui.agencies_tab(cur, user, record, can_edit)),
    (plans, lambda: plans_ui.plans_tab(cur, user, record, can_edit)),
    (ehc, lambda: ehcp_ui.ehcp_tab(cur, user, record, can_edit)),
    (history, _history),
):
    if tab.open:
        with tab:
            show()
if edit and edit[0].open:
    with edit[0]:
        initial = {
            **pupil.__dict__,
            "primary_need": record.primary_need,
            "secondary_need": record.secondary_need,
        }
        restricted = access.can(user, "pupil", "restricted")
        values = pupil_ui.pupil_form(f"pupil_edit_{pupil_id}", initial, restricted=restricted)
        if values is not None:
            with ui.reporting_errors():
                result = register.save_pupil(cur, user, values, ui.today(), pupil_id=pupil_id)
                ui.flash(
                    "Saved. "
                    + (
                        ui.md_escape(", ".join(result.changed)) + " changed."
                        if result.changed
                        else "Nothing had changed."
                    )
                )
        if access.can(user, "pupil", "archive"):
            pupil_ui.archive_form(cur, user, pupil_id, pupil.display_name)
