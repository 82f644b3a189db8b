"""Log a contact with a family: a call, message, letter or meeting, and the actions agreed in it."""

import pandas as pd
import streamlit as st

from sendlib import actions, contacts, timeline, ui

user, cur = ui.guard("log")
st.title("Log a contact")
st.caption("What happened, in the family's words where you can. Wording advice appears as you go.")

pupil_id = ui.pupil_picker(cur, user, "log_pupil")
k = ui.form_keys("log")
if pupil_id is None:
    st.stop()
carers = contacts.list_contacts(cur, pupil_id)
owners = actions.owner_choices(cur, pupil_id, first=user.username)
now = ui.now()

left, middle, right = st.columns(3)
day = left.date_input("Date", ui.today(), max_value=ui.today(), format="DD/MM/YYYY", key=k("day"))
at = middle.time_input("Time", now.time().replace(second=0, microsecond=0), key=k("time"))
channel = right.selectbox("Channel", timeline.CHANNELS, key=k("channel"))
direction = left.selectbox("Direction", timeline.DIRECTIONS, key=k("direction"))
with_whom = middle.selectbox(
    "With (parent or carer)",
    [None, *carers],
    format_func=lambda c: "—" if c is None else f"{c.addressed_as} ({c.relationship})",
    key=k("contact"),
)
needs_reply = right.checkbox("Needs a reply from us", key=k("needs_reply"))
address = with_whom.addressed_as if with_whom else (carers[0].addressed_as if carers else None)
if with_whom:
    st.caption(
        ui.md_escape(
            f"{with_whom.addressed_as} prefers {with_whom.preferred_channel}"
            + (", email before calling" if with_whom.email_before_calling else "")
            + (f"; best times: {with_whom.best_times}" if with_whom.best_times else "")
            + ("; needs an interpreter" if with_whom.interpreter_needed else "")
        )
    )

subject = st.text_input("Subject", key=k("subject"))
summary = st.text_area("What was said or written", key=k("summary"))
ui.language_advice(summary, address)
views = st.text_area("The parents' views, as they said them", key=k("views"))
ui.language_advice(views, address)

meeting = st.toggle("This was a meeting", key=k("is_meeting"))
meeting_values = {}
if meeting:
    left, middle, right = st.columns(3)
    meeting_values = {
        "meeting_kind": left.selectbox("Kind of meeting", timeline.MEETING_KINDS, key=k("kind")),
        "led_by": middle.selectbox("Led by", timeline.LEADS, key=k("led_by")),
        "next_meeting": right.date_input(
            "Next meeting", None, format="DD/MM/YYYY", key=k("next_meeting")
        ),
        "attendees": st.text_input("Who was there", key=k("attendees")),
    }

st.markdown("**Actions agreed** (who does what, by when)")
count = st.number_input("How many actions were agreed?", 0, 8, 0, key=k("action_count"))
agreed = []
for number in range(1, int(count) + 1):
    left, middle, right = st.columns([3, 2, 1])
    agreed.append(
        {
            "What": left.text_input(f"Action {number}: what", key=k(f"action_{number}_what")),
            "Who": middle.selectbox(
                f"Action {number}: who", list(owners), index=None, key=k(f"action_{number}_who")
            ),
            "Due": right.date_input(
                f"Action {number}: by", None, format="DD/MM/YYYY", key=k(f"action_{number}_due")
            ),
        }
    )

if st.button("Save to the timeline", type="primary", key=k("save")):
    values = {
        "happened_at": ui.at(day, at),
        "channel": channel,
        "direction": direction,
        "contact_id": with_whom.contact_id if with_whom else None,
        "subject": subject,
        "summary": summary,
        "parent_views": views,
        "needs_reply": needs_reply,
        **meeting_values,
    }
    with ui.reporting_errors():
        timeline.save_entry(
            cur,
            user,
            pupil_id,
            values,
            actions.from_table(pd.DataFrame(agreed, columns=["What", "Who", "Due"]), owners),
            ui.now(),
        )
        ui.flash(f"Saved to the timeline: {subject}.", new_form="log")
