"""Transition packs: who is moving this year, each pupil's pack, and a class's September handover."""

import streamlit as st

from sendlib import access, ui
from sendlib.transition import packs as transition_packs
from sendlib.ui import mail as mail_ui
from sendlib.ui import transition as pack_ui

user, cur = ui.guard("transition")
st.title("Transition packs")
st.caption(
    "What the next class or school needs to know before the first day, agreed with the parents."
)
today, now = ui.today(), ui.now()

VIEWS = {"tracker": "Moving this year"}
if access.can(user, "transition", "open"):
    VIEWS["pack"] = "A pupil's pack"
    VIEWS["handover"] = "September handover"
if st.session_state.get("transition_view") not in VIEWS:
    # A link naming a pupil (?pupil=12) opens their pack.
    named = "pack" in VIEWS and "pupil" in st.query_params
    st.session_state["transition_view"] = "pack" if named else "tracker"
view = st.segmented_control("Show", list(VIEWS), format_func=VIEWS.get, key="transition_view")

if view == "handover":
    pack_ui.handover_view(cur, user, today)
    st.stop()

if view == "tracker" or view is None:
    pack_ui.tracker_view(cur, user, today)
    st.stop()

pupil_id = ui.pupil_picker(cur, user, "transition_pupil")
if pupil_id is None:
    st.stop()
packs = transition_packs.packs_for_pupil(cur, user, pupil_id)
if not packs:
    st.info("There is no transition pack for this pupil yet.")
if not packs or st.toggle("Start a new pack for another move", key="transition_new"):
    pack_ui.start_form(cur, user, pupil_id, today, now)
    st.stop()
pack = packs[0]
pack_ui.pack_summary(cur, user, pack, today)
mail_ui.email_pack(cur, user, pack, f"pack_email_{pack.pack_id}")
if pack.status not in ("handed over", "receipt confirmed") and access.can(
    user, "transition", "edit"
):
    pack_ui.edit_form(cur, user, pack, now)
if access.can(user, "transition", "status") and pack.status in transition_packs.NEXT:
    pack_ui.status_form(cur, user, pack, today, now)
pack_ui.history(pack)
