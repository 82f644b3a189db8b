"""Printing: the checked and audited entry points pages call to get a document as PDF bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sendlib import audit, db, register
from sendlib.access import require
from sendlib.pdf.profile import build_profile_pdf
from sendlib.pdf.register_list import build_register_pdf
from sendlib.profile import PupilProfile, get_profile
from sendlib.register import RegisterFilter
from sendlib.users import User

DEFAULT_SCHOOL_NAME = "Your school"


def school_name(cur: db.Cursor) -> str:
    """The name printed at the top of every document."""
    return db.get_setting(cur, "school_name", DEFAULT_SCHOOL_NAME) or DEFAULT_SCHOOL_NAME


def print_profile(
    cur: db.Cursor, user: User, pupil_id: int, today: date, include_restricted: bool = True
) -> bytes:
    """A pupil's profile as PDF, for a user allowed to print it; the print is audited.

    Restricted notes are printed only for users who may read them, and only if
    include_restricted (a SENCo printing a copy for parents passes False).
    """
    require(user.role, "pupil", "print")
    profile = get_profile(cur, user, pupil_id)
    if not include_restricted:
        profile = _without_restricted(profile)
    document = build_profile_pdf(profile, school_name(cur), today, user.name)
    detail = "with restricted notes" if profile.pupil.restricted_notes is not None else None
    audit.record(cur, user.username, "print profile", pupil_id, detail)
    return document


def print_register(
    cur: db.Cursor, user: User, filters: RegisterFilter, filter_summary: str, today: date
) -> bytes:
    """The register list, as the page filtered it, as PDF; the print is audited."""
    require(user.role, "register", "print")
    frame = register.list_register(cur, user, filters)
    document = build_register_pdf(frame, filter_summary, school_name(cur), today, user.name)
    summary = filter_summary.strip() or "no filters"
    audit.record(cur, user.username, "print register", detail=f"{summary}; {len(frame)} pupils")
    return document


def _without_restricted(profile: PupilProfile) -> PupilProfile:
    return replace(profile, pupil=replace(profile.pupil, restricted_notes=None))
