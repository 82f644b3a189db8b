"""Log a contact with a family: a call, message, letter or meeting, and the actions agreed in it."""

import pandas as pd
import streamlit as st

from sendlib import access, ui
from sendlib.pupils import register
from sendlib.surgery import attendance, slots
from sendlib.timeline import agreeing, entries
from sendlib.ui import mail as mail_ui
from sendlib.ui import papers
from sendlib.ui import surgery as surgery_ui

user, cur = ui.guard("log")
# Opened from a surgery booking: this records that meeting, and the booking is marked attended.
booking = surgery_ui.surgery_booking(cur, user)
st.title("Record the surgery meeting" if booking else "Log a contact")
st.caption("What happened, in the family's words where you can. Wording advice appears as you go.")
if booking:
    st.info(ui.md_escape(f"Parent surgery booked for {booking.when}, with {booking.parent_name}."))
start = attendance.meeting_defaults(booking) if booking else {}

pupil_id = ui.pupil_picker(cur, user, "log_pupil")
if pupil_id is None:
    st.stop()
# Just saved: what was saved, and for a meeting its written record, in place of the form, so the
# confirmation is where the eye is and no button is left that would save the entry again.
SAVED = "log_saved"
just_saved = st.session_state.get(SAVED)
if just_saved and just_saved[0] == pupil_id:
    st.success(just_saved[2])
    with st.container(horizontal=True):
        if just_saved[1] and access.can(user, "timeline", "print"):
            label = "Print the written record of this meeting for the parents (PDF)"
            papers.meeting_record(
                cur, user, just_saved[1], label, "log_meeting_print", primary=True
            )
        st.button(
            "Log another contact",
            key="log_another",
            on_click=st.session_state.pop,
            args=(SAVED, None),
        )
    if just_saved[1]:
        mail_ui.email_record(cur, user, just_saved[1], "log_email")
    st.stop()
k = ui.form_keys("log")
carers, owners = entries.log_choices(cur, user, pupil_id, first=user.username)
if not carers:
    name = register.shown_name(cur, user, pupil_id)
    st.info(
        ui.md_escape(
            f"No parent or carer is on record for {name} yet: the SENCo adds them on the "
            "pupil's profile. You can still log a contact with an agency or within school."
        )
    )
now = ui.now()

left, middle, right = st.columns(3)
when = start.get("happened_at", now)
day = left.date_input("Date", when.date(), max_value=ui.today(), format="DD/MM/YYYY", key=k("day"))
at = middle.time_input("Time", when.time().replace(second=0, microsecond=0), key=k("time"))


def channel_changed() -> None:
    # The direction follows the channel until the user sets it; both stay changeable.
    st.session_state[k("direction")] = entries.default_direction(st.session_state[k("channel")])


channel = right.selectbox(
    "Channel",
    entries.CHANNELS,
    index=entries.CHANNELS.index(start.get("channel", entries.CHANNELS[0])),
    key=k("channel"),
    on_change=channel_changed,
)
st.session_state.setdefault(
    k("direction"), start.get("direction", entries.default_direction(channel))
)
direction = left.selectbox("Direction", entries.DIRECTIONS, key=k("direction"))
# The person spoken with starts as the booking's parent, else the pupil's first parent or carer.
carer_ids = [None, *(c.contact_id for c in carers)]
spoken_with = start.get("contact_id", carer_ids[1] if carers else None)
with_whom = middle.selectbox(
    "With (parent or carer)",
    [None, *carers],
    index=carer_ids.index(spoken_with) if spoken_with in carer_ids else 0,
    format_func=lambda c: "—" if c is None else f"{c.addressed_as} ({c.relationship})",
    key=k("contact"),
    disabled=booking is not None,
)
needs_reply = right.checkbox("Needs a reply from us", key=k("needs_reply"))
address = with_whom.addressed_as if with_whom else (carers[0].addressed_as if carers else None)
if with_whom:
    st.caption(ui.md_escape(f"{with_whom.addressed_as} {with_whom.how_to_reach()}."))

subject = st.text_input("Subject", start.get("subject", ""), key=k("subject"))
summary = st.text_area("What was said or written", key=k("summary"))
ui.language_advice(summary, address)
views = st.text_area("The parents' views, as they said them", key=k("views"))
ui.language_advice(views, address)

meeting = st.toggle(
    "This was a meeting",
    value=booking is not None,
    disabled=booking is not None,
    key=k("is_meeting"),
)
meeting_values = {}
if meeting:
    left, middle, right = st.columns(3)
    kind = start.get("meeting_kind", entries.MEETING_KINDS[0])
    meeting_values = {
        "meeting_kind": left.selectbox(
            "Kind of meeting",
            entries.MEETING_KINDS,
            index=entries.MEETING_KINDS.index(kind),
            disabled=booking is not None,
            key=k("kind"),
        ),
        "led_by": middle.selectbox(
            "Led by",
            entries.LEADS,
            index=entries.LEADS.index(
                start.get("led_by", access.usual_lead(user) or entries.LEADS[0])
            ),
            key=k("led_by"),
        ),
        "next_meeting": right.date_input(
            "Next meeting", None, format="DD/MM/YYYY", key=k("next_meeting")
        ),
        "attendees": st.text_input("Who was there", key=k("attendees")),
    }

st.markdown("**Actions agreed** (who does what, by when)")
count = st.number_input("How many actions were agreed?", 0, 8, 0, key=k("action_count"))
me = agreeing.default_owner(owners, user.username)
due = agreeing.default_due(cur, ui.today())
if count:
    st.caption(
        ("Each action starts owned by you and" if me else "Each action starts")
        + f" due on {due:%d/%m/%Y}, {agreeing.AGREED_ACTION_SCHOOL_DAYS} school days from today:"
        " change it if you agreed otherwise."
    )
agreed = []
for number in range(1, int(count) + 1):
    left, middle, right = st.columns([3, 2, 1])
    agreed.append(
        {
            "What": left.text_input(f"Action {number}: what", key=k(f"action_{number}_what")),
            "Who": middle.selectbox(
                f"Action {number}: who",
                list(owners),
                index=list(owners).index(me) if me else None,
                key=k(f"action_{number}_who"),
            ),
            "Due": right.date_input(
                f"Action {number}: by", due, format="DD/MM/YYYY", key=k(f"action_{number}_due")
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
    agreed = agreeing.from_table(pd.DataFrame(agreed, columns=["What", "Who", "Due"]), owners)
    with ui.reporting_errors():
        if booking:
            attendance.record_meeting(cur, user, booking.booking_id, values, agreed, ui.now())
            ui.flash_to(
                "pages/surgery.py",
                "Meeting recorded on the timeline. Print the written record for the parents below.",
                {
                    "week": slots.week_start(when.date()).isoformat(),
                    "slot": str(booking.slot_id),
                },
                new_form="log",
            )
        saved = entries.save_entry(cur, user, pupil_id, values, agreed, ui.now())
        message = f"Saved to the timeline: {ui.md_escape(subject)}."
        st.session_state[SAVED] = (pupil_id, saved if meeting else None, message)
        ui.renew_form("log")  # the next contact starts with an empty form
        st.rerun()
