"""Import pupils from a school MIS export: map the columns, check every row, then save all or none."""

import streamlit as st

from sendlib import ui
from sendlib.errors import SendHubError
from sendlib.pupils import importing
from sendlib.words import counted

user, cur = ui.guard("import")
LISTED_ROWS = 200  # beyond this, the table holds the rest
st.title("Import pupils")
st.write(
    "Upload a CSV exported from your MIS (SIMS, Arbor, Bromcom…). Nothing is saved until you "
    "have seen every row and pressed Import. Importing the same file again updates pupils by "
    "UPN and never makes duplicates."
)

# After an import: what was done, and no button that would import the same rows again.
if done := st.session_state.get("import_done"):
    st.success(done)
    st.button(
        "Import another file",
        type="primary",
        key="import_again",
        on_click=st.session_state.pop,
        args=("import_done", None),
    )
    st.stop()

k = ui.form_keys("import")
upload = st.file_uploader("CSV file", type=["csv"], key=k("file"))
if upload is None:
    st.stop()
try:
    frame = importing.read_csv(upload.getvalue())
except SendHubError as exc:
    st.error(f"{ui.md_escape(upload.name)}: {ui.md_escape(exc)}")
    st.stop()

st.subheader("1. Match the columns")
headers = list(frame.columns)
suggested = importing.suggest_mapping(headers)
mapping = {}
columns = st.columns(3)
for index, (field, label) in enumerate(importing.FIELDS.items()):
    options = [None, *headers]
    guess = suggested.get(field)
    mapping[field] = columns[index % 3].selectbox(
        label,
        options,
        index=options.index(guess) if guess in options else 0,
        format_func=lambda h: "(not in this file)" if h is None else h,
        key=f"import_map_{field}",
    )

st.subheader("2. Check every row")
try:
    preview = importing.preview_import(cur, user, frame, mapping, ui.today(), upload.name)
except SendHubError as exc:
    st.error(ui.md_escape(exc))
    st.stop()
left, middle, right, last = st.columns(4)
left.metric("New pupils", preview.new)
middle.metric("Updated", preview.updated)
right.metric("No change", preview.unchanged)
last.metric("Rows with problems", int((preview.rows["Action"] == "error").sum()))
if not preview.ok:
    # In full above the table: a table cell cuts long problems off.
    refused = importing.describe_refused_rows(preview)
    listed = "\n".join(f"- {ui.md_escape(line)}" for line in refused[:LISTED_ROWS])
    more = len(refused) - LISTED_ROWS
    st.error(
        "Nothing will be imported until every row is right. Correct the file (or the column "
        "matches above) and upload it again.\n\n"
        + listed
        + (f"\n\n…and {more:,} more rows with problems: see the table." if more > 0 else "")
    )
ui.table(preview.rows, "import_preview")
if not preview.ok:
    st.stop()

st.subheader("3. Import")
if st.button(f"Import {len(preview.rows)} rows", type="primary", key="import_go"):
    with ui.reporting_errors():
        result = importing.apply_import(cur, user, preview, ui.today())
        st.session_state["import_done"] = (
            f"Imported {counted(len(preview.rows), 'row')} "
            f"from {ui.md_escape(upload.name)}: {result.created:d} new, {result.updated:d} "
            f"updated, {result.unchanged:d} unchanged."
        )
        ui.renew_form("import")  # the next file starts with an empty upload box
        st.rerun()
