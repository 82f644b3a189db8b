"""Import pupils, or their parents and carers, from the MIS: checked in full, saved all or none."""

import streamlit as st

from sendlib import ui
from sendlib.ui import importing

user, cur = ui.guard("import")
st.title("Import from your MIS")
KINDS = {
    "Pupils (the SEN register)": importing.PUPILS,
    "Parents and carers (the contacts report)": importing.CONTACTS,
}
chosen = st.radio("What does the file hold?", list(KINDS), horizontal=True, key="import_kind")
importing.import_file(cur, user, KINDS[chosen])
