"""The SEN register: filter, search, open a pupil, export or print the list, add a pupil."""

import streamlit as st

from sendlib import access, ui
from sendlib.pupils import census, exporting, listing, register
from sendlib.reporting import printing, staff_meeting
from sendlib.ui import pupil as pupil_ui

user, cur = ui.guard("register")
st.title("SEN register")
st.caption(listing.register_caption(user))

# In staff-meeting mode a typed name, a class or a need would pick pupils out on the projector:
# only the year group narrows the list (listing.register_list ignores the rest).
meeting = user.staff_meeting
search = "" if meeting else st.text_input("Search by name or UPN", key="register_search")
left, middle, right = st.columns(3)
years = left.multiselect(
    "Year group",
    listing.list_year_groups(cur, user),
    format_func=census.year_label,
    key="register_years",
)
classes, statuses, needs, areas = [], [], [], []
if not meeting:
    classes = middle.multiselect("Class", listing.list_classes(cur, user), key="register_classes")
    statuses = right.multiselect(
        "Status", list(census.STATUSES), format_func=census.status_label, key="register_statuses"
    )
    left, middle, right = st.columns(3)
    needs = left.multiselect(
        "Need", list(census.NEEDS), format_func=census.need_label, key="register_needs"
    )
    areas = middle.multiselect("Broad area of need", list(census.BROAD_AREAS), key="register_areas")
# In the mode the year group is the only filter: the switch sits beside it.
leavers = (middle if meeting else right).toggle("Show leavers instead", key="register_leavers")

filters = listing.RegisterFilter(
    tuple(years), tuple(classes), tuple(statuses), tuple(needs), tuple(areas), search, leavers
)
listed = ui.remembered(listing.register_list, cur, user, filters)
frame = listed.frame
for column, (label, number) in zip(
    st.columns(len(listed.by_status)), listed.by_status.items(), strict=True
):
    column.metric(label, number)
if meeting and not frame.empty:
    with st.expander("Pupils by primary need (counts only in staff-meeting mode)"):
        ui.table(listed.by_need, "register_need_counts", height="content")

open_button = st.container()
# A row opens the pupil's profile for those who may open it (never in staff-meeting mode).
opens = access.can(user, "pupil")
rows = []
if frame.empty:  # the words say so; an empty table beside them would say it twice
    st.info(ui.md_escape(listing.describe_no_match(filters)))
else:
    picking = {"on_select": "rerun", "selection_mode": "single-row"} if opens else {}
    picked = ui.table(
        frame if leavers else frame.drop(columns="Left"),
        "register_table",
        staff_meeting.shown_columns(listing.REGISTER_SHOWN, user),
        **picking,
    )
    rows = picked.selection.rows if opens and picked else []
if rows:
    chosen = frame.iloc[rows[0]]
    if open_button.button(
        f"Open {ui.md_escape(chosen['Name'])}'s profile", type="primary", key="register_open"
    ):
        st.switch_page("pages/pupil.py", query_params={"pupil": str(chosen["pupil_id"])})

# A list of nobody has nothing to export or print: the words above say so.
if not frame.empty:
    summary = listing.describe_filter(filters)
    left, right, _ = st.columns([1, 1, 3])
    with left:
        if access.can(user, "register", "export"):
            ui.download(
                "Export CSV",
                cur,
                lambda c: exporting.export_register(c, user, filters, summary),
                "sen-register.csv",
                "text/csv",
                "register_export",
            )
    with right:
        if access.can(user, "register", "print"):
            ui.download(
                "Print list (PDF)",
                cur,
                lambda c: printing.print_register(c, user, filters, summary, ui.today()),
                "sen-register.pdf",
                "application/pdf",
                "register_print",
            )

if access.can(user, "register", "add"):
    with st.expander("Add a pupil to the register"):
        values = pupil_ui.pupil_form("register_add", include_status=True, restricted=True)
        if values is not None:
            with ui.reporting_errors():
                result = register.save_pupil(cur, user, values, ui.today())
                # The form sits below the table: the new pupil's profile opens at its top, where
                # the confirmation is in sight, ready for their parents and carers to be added.
                ui.flash_to(
                    "pages/pupil.py",
                    f"Added {ui.md_escape(values['legal_forename'])} "
                    f"{ui.md_escape(values['legal_surname'])}. Add their parents or carers on "
                    "this profile.",
                    {"pupil": str(result.pupil_id)},
                    toast=True,
                )
