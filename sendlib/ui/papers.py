"""Papers a page offers to print or send: a meeting's written record for the parents (after the
meeting is logged, on the timeline and on the profile) and a pupil's papers on their profile."""

from __future__ import annotations

import streamlit as st

from sendlib import access, db, ui
from sendlib.pupils import subject_access
from sendlib.pupils.record import PupilProfile
from sendlib.reporting import printing
from sendlib.timeline import listing
from sendlib.users import User


def meeting_record(
    cur: db.Cursor, user: User, communication_id: int, label: str, key: str, primary: bool = False
) -> None:
    """The written record of one meeting, for the parents (PDF)."""
    ui.download(
        label,
        cur,
        lambda c: printing.print_meeting_record(c, user, communication_id, ui.today()),
        "meeting-record.pdf",
        "application/pdf",
        key,
        primary=primary,
    )


def pupil_papers(cur: db.Cursor, user: User, record: PupilProfile) -> None:
    """The profile's papers side by side: the printed profile, the latest meeting's written
    record and the subject access export, each for those who may have it."""
    pupil = record.pupil
    with st.container(horizontal=True):
        if access.can(user, "pupil", "print"):
            ui.download(
                "Print profile (PDF)",
                cur,
                lambda c: printing.print_profile(c, user, pupil.pupil_id, ui.today()),
                f"profile-{pupil.upn}.pdf",
                "application/pdf",
                "pupil_print",
            )
        if access.can(user, "timeline", "print"):
            latest = listing.latest_meeting(cur, user, pupil.pupil_id)
            if latest:
                meeting_id, held = latest
                label = f"Written record of the latest meeting, {held:%d/%m/%Y} (PDF)"
                meeting_record(cur, user, meeting_id, label, "pupil_meeting_print")
        if access.can(user, "pupil", "export"):
            ui.download(
                "Subject access export (zip)",
                cur,
                lambda c: subject_access.export_pupil(c, user, pupil.pupil_id, ui.today()),
                f"subject-access-{pupil.upn}.zip",
                "application/zip",
                "pupil_subject_access",
            )
