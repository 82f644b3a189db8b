"""The SEN register: filter, search, open a pupil, export or print the list, add a pupil."""

import streamlit as st

from sendlib import access, census, documents, exporting, register, ui
from sendlib.ui import pupil as pupil_ui

user, cur = ui.guard("register")
st.title("SEN register")
st.caption(
    "Pupils on SEN support, with EHC plans, or on the monitoring list. Choose a row to open."
)

# In staff-meeting mode a typed name would pick a pupil out on the projector.
search = "" if user.staff_meeting else st.text_input("Search by name or UPN", key="register_search")
left, middle, right = st.columns(3)
years = left.multiselect(
    "Year group",
    register.list_year_groups(cur, user),
    format_func=census.year_label,
    key="register_years",
)
classes = middle.multiselect("Class", register.list_classes(cur, user), key="register_classes")
statuses = right.multiselect(
    "Status", list(census.STATUSES), format_func=census.status_label, key="register_statuses"
)
left, middle, right = st.columns(3)
needs = left.multiselect(
    "Need", list(census.NEEDS), format_func=census.need_label, key="register_needs"
)
areas = middle.multiselect("Broad area of need", list(census.BROAD_AREAS), key="register_areas")
leavers = right.toggle("Show leavers instead", key="register_leavers")

filters = register.RegisterFilter(
    tuple(years), tuple(classes), tuple(statuses), tuple(needs), tuple(areas), search, leavers
)
frame = register.list_register(cur, user, filters)
counts = register.count_by_status(frame)
for column, (label, number) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, number)

if frame.empty:
    st.info(ui.md_escape(register.describe_no_match(filters)))
open_button = st.container()
picked = ui.table(
    frame if leavers else frame.drop(columns="Left"),
    "register_table",
    register.REGISTER_SHOWN,
    on_select="rerun",
    selection_mode="single-row",
)
rows = picked.selection.rows if picked else []
if rows and access.can(user, "pupil"):
    chosen = frame.iloc[rows[0]]
    if open_button.button(
        f"Open {ui.md_escape(chosen['Name'])}'s profile", type="primary", key="register_open"
    ):
        st.switch_page("pages/pupil.py", query_params={"pupil": str(chosen["pupil_id"])})

summary = register.describe_filter(filters)
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
            lambda c: documents.print_register(c, user, filters, summary, ui.today()),
            "sen-register.pdf",
            "application/pdf",
            "register_print",
        )

if access.can(user, "register", "add"):
    with st.expander("Add a pupil to the register"):
        values = pupil_ui.pupil_form("register_add", include_status=True, restricted=True)
        if values is not None:
            with ui.reporting_errors():
                register.save_pupil(cur, user, values, ui.today())
                ui.flash(
                    f"Added {ui.md_escape(values['legal_forename'])} "
                    f"{ui.md_escape(values['legal_surname'])}."
                )
