"""Promises and replies: messages waiting for our answer, and every action agreed with families."""

import streamlit as st

from sendlib import access, ui
from sendlib.timeline import ledger as timeline_ledger
from sendlib.timeline import replies

user, cur = ui.guard("ledger")
st.title("Promises and replies")

st.subheader("Awaiting our reply")
waiting = ui.remembered(replies.awaiting_reply, cur, user, ui.today())
target = replies.reply_target(cur)
if not len(waiting):
    st.success(
        f"Nothing is waiting for a reply. The school aims to reply within {target:d} school days."
    )
else:
    over = int(waiting["Over target"].sum())
    st.caption(
        f"Oldest first. The school aims to reply within {target:d} school days; "
        f"{over} of {len(waiting)} {'is' if len(waiting) == 1 else 'are'} over that."
    )
    waiting = ui.page_of(waiting, "ledger_waiting_page", "messages", ui.today())
    ui.table(waiting, "ledger_waiting")
if len(waiting) and access.can(user, "ledger", "edit"):
    with st.form("ledger_reply"):
        # The messages on the page of the list shown.
        chosen = ui.pick_row(
            waiting, "communication_id", "Message", "ledger_msg", "Pupil", "Subject"
        )
        left, right = st.columns(2)
        day = left.date_input("Replied on", ui.today(), format="DD/MM/YYYY", key="ledger_day")
        at = right.time_input(
            "At", ui.now().time().replace(second=0, microsecond=0), key="ledger_time"
        )
        if st.form_submit_button("Mark as replied"):
            with ui.reporting_errors():
                replies.mark_replied(cur, user, chosen, ui.at(day, at), ui.now())
                ui.flash("Marked as replied.")

st.subheader("Promise ledger")
counts = timeline_ledger.ledger_counts(cur, user, ui.today())
for column, state in zip(st.columns(5), timeline_ledger.STATES, strict=True):
    column.metric(state.capitalize(), counts[state])
mine = st.toggle("Only my actions", key="ledger_mine")
show_done = st.toggle("Include done", value=False, key="ledger_done")
owner = user.username if mine else None
ledger = ui.remembered(timeline_ledger.ledger, cur, user, ui.today(), owner, None, None, show_done)
if ledger.empty:
    st.info(timeline_ledger.describe_empty_ledger(mine, show_done))
else:
    ledger = ui.page_of(ledger, "ledger_page", "actions", (mine, show_done))
    ui.table(ledger, "ledger_table")
# The actions on the page of the ledger shown.
still_open = ledger[ledger["Done"].isna() | ledger["Parent told"].isna()]
if len(still_open) and access.can(user, "ledger", "edit"):
    with st.form("ledger_update"):
        chosen = ui.pick_row(still_open, "action_id", "Action", "ledger_action", "Pupil", "What")
        left, middle, right = st.columns(3)
        on = left.date_input("On", ui.today(), format="DD/MM/YYYY", key="ledger_on")
        done = middle.checkbox("Done", key="ledger_is_done")
        told = right.checkbox("Parents told", key="ledger_is_told")
        if st.form_submit_button("Save"):
            with ui.reporting_errors():
                timeline_ledger.record_progress(
                    cur,
                    user,
                    chosen,
                    ui.today(),
                    done_on=on if done else None,
                    told_on=on if told else None,
                )
                ui.flash("Action updated.")

with st.expander("By owner"):
    by_owner = timeline_ledger.ledger_counts_by_owner(cur, user, ui.today())
    if by_owner.empty:
        st.caption("No actions yet.")
    else:
        ui.table(by_owner, "ledger_by_owner")
