"""One slot of the surgery grid, in the panel beside it: while it is free, the form to book it
(or hold it while the office rings back), with the nearest free slots when someone else was
quicker; once booked, what the booking shows and what this user may do with it: move or cancel
it, mark it attended or missed, and record the meeting."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from sendlib import access, ui
from sendlib.pupils import contacts
from sendlib.reporting import printing
from sendlib.surgery import attendance, bookings, cancelling, slots
from sendlib.ui import confirm, messages
from sendlib.ui import mail as mail_ui
from sendlib.words import SCHOOL_TZ, meeting_how


def show_slot(slot_id: int, week: date) -> None:
    """Open the booking grid at this slot (used by 'book' and 'next free slot' buttons)."""
    st.session_state["surgery_view"] = "grid"
    st.query_params.update({"week": week.isoformat(), "slot": str(slot_id)})


def start_booking(pupil_id: int, slot_id: int, week: date) -> None:
    """From 'Who needs a meeting': the grid at the next free slot, with the pupil chosen."""
    st.session_state["surgery_book_pupil"] = pupil_id
    show_slot(slot_id, week)


def carer_notes(carer) -> str:
    """How this parent or carer likes to be met, everything, and their numbers and email, for
    whoever is booking."""
    how = carer.how_to_reach(everything=True)
    reach = [p for p in (carer.phone, carer.phone_other) if p] + (
        [carer.email] if carer.email else []
    )
    return ui.md_escape(
        how[:1].upper() + how[1:] + "." + (" " + ", ".join(reach) + "." if reach else "")
    )


def _correct_reach(cur, user, carer) -> None:
    """The parent's phone number or email corrected where the booking is made."""
    cid = carer.contact_id
    messages.show_flash("surgery_reach")
    with st.expander("Correct their phone number or email"), st.form(f"surgery_reach_{cid}"):
        left, right = st.columns(2)
        phone = left.text_input("Phone", carer.phone or "", key=f"surgery_reach_{cid}_phone")
        email = right.text_input("Email", carer.email or "", key=f"surgery_reach_{cid}_email")
        if st.form_submit_button("Save the correction"):
            with ui.reporting_errors():
                contacts.correct_reach(cur, user, cid, phone, email)
                ui.flash(
                    f"Saved {ui.md_escape(carer.addressed_as)}'s phone number and email.",
                    where="surgery_reach",
                )


def offer_alternatives(taken: slots.SlotTaken) -> None:
    """Someone else took the slot first: say so, and offer the nearest free ones."""
    st.error(ui.md_escape(taken))
    for option in taken.alternatives:
        st.button(
            f"Use {ui.md_escape(option.label)}",
            key=f"surgery_alt_{option.slot_id}",
            on_click=show_slot,
            args=(option.slot_id, slots.week_start(option.starts_at.date())),
        )


def booking_form(cur, user, row, now) -> None:
    """Book a free slot (or hold it while the office rings back)."""
    if not _may_book(user, row, now):
        return
    st.session_state[BOOKING_SLOT] = int(row.slot_id)
    k = ui.form_keys("book")
    who, how = st.columns(2, gap="large")
    with who:
        names, pupil_id, carer = _pupil_and_carer(cur, user, k)
    with how:
        mode, agenda = _how_and_agenda(carer, k)
        emailing = mail_ui.invitation_choice(cur, user, carer, k("email"))
    if st.button("Book this slot", type="primary", key=k("book")):
        with ui.reporting_errors():
            then, queued = mail_ui.invitation_sender(user, emailing, now)
            try:
                bookings.book(
                    cur, user, int(row.slot_id), pupil_id, getattr(carer, "contact_id", None),
                    mode, agenda, now, then,
                )  # fmt: skip
            except slots.SlotTaken as taken:
                offer_alternatives(taken)
            else:
                told = "".join(mail_ui.send_and_say(cur, email_id, now) for email_id in queued)
                ui.flash(
                    f"Booked {row.starts_at:%a %d/%m at %H:%M} for "
                    f"{ui.md_escape(names[pupil_id])}.{ui.md_escape(told)}",
                    new_form="book",
                    where="surgery_slot",
                )
    if access.can(user, "surgery", "hold"):
        _hold_instead(cur, user, row, k, now)


def _may_book(user, row, now) -> bool:
    """Whether this user may book this slot now; else why not, in its place."""
    if row.session_cancelled or row.starts_at < now:
        st.info(
            "This slot cannot be booked: "
            + ("the session is cancelled." if row.session_cancelled else "it has passed.")
        )
        return False
    if not access.can(user, "surgery", "book"):
        st.caption("This slot is free. The school office books surgery slots.")
        return False
    return True


def _pupil_and_carer(cur, user, k) -> tuple[dict, int | None, object]:
    """Choose the pupil (the one 'Who needs a meeting' sent, if any) and the parent or carer to
    meet, with how they like to be met: (the pupils' names, the pupil, the carer)."""
    pupils = bookings.bookable_pupils(cur, user)
    names = dict(
        zip(pupils["pupil_id"], pupils["Pupil"] + " (" + pupils["Class"] + ")", strict=True)
    )
    wanted = st.session_state.pop("surgery_book_pupil", None)
    if wanted in names:
        st.session_state[k("pupil")] = wanted
    pupil_id = st.selectbox(
        "Pupil",
        list(names),
        index=None,
        format_func=names.get,
        placeholder="Choose a pupil, or type their name",
        key=k("pupil"),
    )
    carers = bookings.contacts_for(cur, user, pupil_id) if pupil_id is not None else []
    if pupil_id is not None and not carers:
        st.warning(
            "There is no parent or carer on record for this pupil: the SENCo or the class "
            "teacher adds them on the pupil's profile, under Parents and carers."
        )
    carer = st.selectbox(
        "Parent or carer",
        carers,
        index=0 if carers else None,
        format_func=lambda c: f"{c.addressed_as} ({c.relationship})",
        placeholder="Choose the pupil first",
        key=k(f"carer_{pupil_id}"),
    )
    if carer is not None:
        st.caption(carer_notes(carer))
        _correct_reach(cur, user, carer)
    return names, pupil_id, carer


def _how_and_agenda(carer, k) -> tuple[str, str]:
    """How they will meet (the carer's preferred way first) and the parent's agenda."""
    preferred = {"phone": "phone", "face to face": "in person"}.get(
        getattr(carer, "preferred_channel", ""), "in person"
    )
    mode = st.radio(
        "How",
        bookings.MODES,
        index=bookings.MODES.index(preferred),
        horizontal=True,
        key=k(f"mode_{getattr(carer, 'contact_id', None)}"),
    )
    agenda = st.text_area(
        "What the parent would like to talk about, in their own words",
        key=k("agenda"),
        height=90,
        help="Seen by the SENCo; the office does not see it again after booking.",
    )
    return mode, agenda


def _hold_instead(cur, user, row, k, now) -> None:
    with st.expander("Hold this slot instead"):
        note = st.text_input(
            "Why it is held",
            placeholder="For Mrs Khan, who is ringing back",
            key=k("hold_note"),
        )
        if st.button("Hold", key=k("hold")):
            with ui.reporting_errors():
                bookings.hold(cur, user, int(row.slot_id), note, now)
                ui.flash("Slot held.", new_form="book")


BOOKING_SLOT = "surgery_booking_slot"  # the slot whose booking form was last shown


def slot_words(starts_at: datetime) -> str:
    """'Tue 24/11 at 13:30'."""
    return f"{starts_at.astimezone(SCHOOL_TZ):%a %d/%m at %H:%M}"


def how_words(booking) -> str:
    """'Phone call: ring 07700 900123', 'In person: SENCo office'."""
    how, detail = meeting_how(booking.mode, booking.phone, booking.remote_details, booking.place)
    return f"{how}: {detail}" if detail else how


def booking_panel(cur, user, booking, now, today) -> None:
    """What a booked, held, attended or missed slot shows, and what this user may do with it."""
    if booking.status == "held":
        st.markdown(
            f"**Held:** {ui.md_escape(booking.hold_note)} (by {ui.md_escape(booking.booked_by)})"
        )
        if access.can(user, "surgery", "hold"):
            asked = st.button("Release the slot", key=f"surgery_release_{booking.booking_id}")
            question = (
                f"Release the slot held on {ui.md_escape(slot_words(booking.starts_at))}? "
                "Anyone may then book it."
            )
            if confirm.confirmed(
                f"surgery_release_{booking.booking_id}", asked, question, "Yes, release it"
            ):
                with ui.reporting_errors():
                    bookings.release(cur, user, booking.booking_id, now)
                    ui.flash("Slot released: it is free again.")
        return
    st.markdown(f"**{ui.md_escape(booking.status.capitalize())}:** {ui.md_escape(booking.when)}")
    ui.labelled("Pupil", f"{booking.pupil_name} ({booking.class_name})")
    ui.labelled("Parent or carer", f"{booking.parent_name} ({booking.relationship})")
    ui.labelled("How", how_words(booking))
    if booking.interpreter_needed:
        ui.labelled("Interpreter", f"Needed: {booking.language}")
    if access.reads_agendas(user):
        ui.labelled("Their agenda", booking.agenda, empty="Not given")
    ui.labelled("Booked by", f"{booking.booked_by}, {booking.booked_at:%d/%m/%Y %H:%M}")
    started = booking.starts_at <= now
    if booking.status == "booked" and access.can(user, "surgery", "book"):
        ui.download(
            "Calendar file (.ics)",
            cur,
            lambda c: printing.calendar_invite(c, user, booking.booking_id, now),
            f"surgery-{booking.starts_at:%Y-%m-%d-%H%M}.ics",
            "text/calendar",
            f"surgery_ics_{booking.booking_id}",
        )
        if not started:
            mail_ui.email_invitation(cur, user, booking, f"surgery_invite_{booking.booking_id}")
    if booking.status == "booked" and not started:
        move_or_cancel(cur, user, booking, now)
    if access.can(user, "surgery", "attend") and started:
        after_the_meeting(cur, user, booking, now, today)


def move_or_cancel(cur, user, booking, now) -> None:
    left, right = st.columns(2)
    if access.can(user, "surgery", "move"):
        with left.form(f"surgery_move_{booking.booking_id}"):
            options = slots.free_slots(cur, now, 12, around=booking.starts_at)
            target = st.selectbox(
                "Move to", options, format_func=lambda s: s.label, key="surgery_move_to"
            )
            emailing = mail_ui.move_choice(cur, user, booking, "surgery_move_email")
            if st.form_submit_button("Move the booking"):
                with ui.reporting_errors():
                    then, queued = mail_ui.invitation_sender(user, emailing, now)
                    try:
                        bookings.move(
                            cur, user, booking.booking_id, target.slot_id if target else None,
                            now, then,
                        )  # fmt: skip
                    except slots.SlotTaken as taken:
                        offer_alternatives(taken)
                    else:
                        told = "".join(mail_ui.send_and_say(cur, e, now) for e in queued)
                        show_slot(target.slot_id, slots.week_start(target.starts_at.date()))
                        ui.flash(f"Moved to {ui.md_escape(target.label)}.{ui.md_escape(told)}")
    if access.can(user, "surgery", "cancel"):
        with right.form(f"surgery_cancel_{booking.booking_id}"):
            reason = st.text_input(
                "Reason (optional)",
                placeholder="Parent asked to rearrange",
                key="surgery_cancel_reason",
            )
            email = mail_ui.cancellation_choice(cur, user, booking, "surgery_cancel_email")
            asked = st.form_submit_button("Cancel the booking")
        question = (
            f"Cancel {ui.md_escape(booking.parent_name)}'s surgery on "
            f"{ui.md_escape(slot_words(booking.starts_at))}? The family will need another slot."
        )
        if confirm.confirmed(
            f"surgery_cancel_{booking.booking_id}", asked, question, "Yes, cancel it"
        ):
            with ui.reporting_errors():
                then = email(now) if email else None  # checked before anything is cancelled
                email_id = cancelling.cancel(cur, user, booking.booking_id, reason, now, then)
                told = mail_ui.send_and_say(cur, email_id, now) if email_id else ""
                ui.flash(f"Booking cancelled: the slot is free again.{ui.md_escape(told)}")


def after_the_meeting(cur, user, booking, now, today) -> None:
    if booking.status == "no-show":
        st.caption("Marked as missed: there is an action for the SENCo to follow up.")
    if booking.communication_id is not None:
        ui.download(
            "Written record for the parents (PDF)",
            cur,
            lambda c: printing.print_meeting_record(c, user, booking.communication_id, today),
            f"meeting-record-{booking.starts_at:%Y-%m-%d}.pdf",
            "application/pdf",
            f"surgery_record_{booking.booking_id}",
        )
        mail_ui.email_record(
            cur, user, booking.communication_id, f"surgery_email_{booking.booking_id}"
        )
        st.page_link(
            "pages/timeline.py",
            label="See it on the timeline",
            icon=":material/forum:",
            query_params={"pupil": str(booking.pupil_id)},
        )
        return
    left, middle, right = st.columns(3)
    if booking.status == "booked":
        if left.button("They came: mark attended"):
            with ui.reporting_errors():
                attendance.mark_attended(cur, user, booking.booking_id, now)
                ui.flash(
                    "Marked attended. Record the meeting to give the parents a written record."
                )
        if middle.button("Mark as missed (no-show)"):
            with ui.reporting_errors():
                attendance.mark_no_show(cur, user, booking.booking_id, now)
                ui.flash("Marked as missed: a follow-up action is in your promise ledger.")
    right.page_link(
        "pages/log.py",
        label="Record the meeting",
        icon=":material/edit_note:",
        query_params={"pupil": str(booking.pupil_id), "booking": str(booking.booking_id)},
    )
