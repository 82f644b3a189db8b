"""Everything known about one pupil, gathered for the pupil page and the printed profile."""

from __future__ import annotations

from dataclasses import dataclass

from sendlib import audit, db
from sendlib.access import require
from sendlib.pupils import register
from sendlib.pupils.about_me import OnePageProfile, get_about_me
from sendlib.pupils.agencies import Agency, list_agencies
from sendlib.pupils.contacts import Contact, list_contacts
from sendlib.pupils.fields import Pupil
from sendlib.pupils.plans import EHCPlan, Plan, get_ehc_plan, list_plans
from sendlib.pupils.register import StatusPeriod
from sendlib.users import User


@dataclass(frozen=True)
class PupilProfile:
    """One pupil as this user may see them (restricted notes already blanked where not allowed)."""

    pupil: Pupil
    status: str | None
    status_history: list[StatusPeriod]
    primary_need: str | None
    secondary_need: str | None
    ehc_plan: EHCPlan | None
    contacts: list[Contact]
    agencies: list[Agency]
    plans: list[Plan]
    # Parents and carers no longer a contact (kept on record), newest ended last.
    former_contacts: list[Contact] = ()
    # The one-page profile ("about me"), if one was written.
    about_me: OnePageProfile | None = None

    @property
    def current_plan(self) -> Plan | None:
        """The newest plan not yet reviewed, if any."""
        return next((plan for plan in self.plans if plan.is_current), None)

    @property
    def past_plans(self) -> list[Plan]:
        """Reviewed plans (and any older unreviewed ones), newest first."""
        current = self.current_plan
        return [plan for plan in self.plans if plan is not current]


def get_profile(
    cur: db.Cursor, user: User, pupil_id: int, record_view: bool = False
) -> PupilProfile:
    """A pupil's whole record, if this user may see the pupil.

    Raises PermissionDenied for roles that may not open pupils, NotFound for a pupil outside
    the user's classes. With record_view, writes one 'view profile' audit row: pages pass it
    once per opening of the record, not on every rerun.
    """
    require(user, "pupil")
    pupil = register.get_pupil(cur, user, pupil_id)
    primary, secondary = register.get_needs(cur, pupil_id)
    everyone = list_contacts(cur, pupil_id, include_ended=True)
    profile = PupilProfile(
        pupil=pupil,
        status=register.current_status(cur, pupil_id),
        status_history=register.get_status_history(cur, pupil_id),
        primary_need=primary,
        secondary_need=secondary,
        ehc_plan=get_ehc_plan(cur, pupil_id),
        contacts=[c for c in everyone if c.ended_on is None],
        former_contacts=[c for c in everyone if c.ended_on is not None],
        agencies=list_agencies(cur, pupil_id),
        plans=list_plans(cur, pupil_id),
        about_me=get_about_me(cur, pupil_id),
    )
    if record_view:
        audit.record_now(cur, user.username, "view profile", pupil_id)
    return profile
