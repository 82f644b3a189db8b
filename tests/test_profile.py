"""A pupil's whole record: contacts, agencies, plans, the EHC plan, and who may see it."""

from __future__ import annotations

from datetime import date

import pytest

from sendlib import audit, users
from sendlib.errors import NotFound, PermissionDenied
from sendlib.pupils import agencies, contacts, plans, register
from sendlib.pupils.plans import EHCPlan
from sendlib.pupils.record import get_profile
from tests.school import (
    PROFILE_TODAY,
    RESTRICTED_NOTE,
    add_contact,
    add_plan,
    add_pupil,
    build_profile_school,
    cheap_passwords,
)

TODAY = PROFILE_TODAY  # the profile school's day


@pytest.fixture
def school(cur, monkeypatch):
    cheap_passwords(monkeypatch)
    return build_profile_school(cur)


def audit_actions(cur, action: str) -> list[tuple]:
    return cur.execute(
        "SELECT username, pupil_id FROM audit_log WHERE action = ? ORDER BY audit_id", [action]
    ).fetchall()


def test_profile_gathers_the_whole_record(cur, school):
    profile = get_profile(cur, school.senco, school.zoe)

    assert profile.pupil.display_name == "Zoë O'Connor-Smith"
    assert profile.status == "K"
    assert [(p.status, p.start_date, p.end_date) for p in profile.status_history] == [
        ("K", date(2023, 11, 20), None),
        ("monitoring", date(2023, 5, 2), date(2023, 11, 20)),
    ]
    assert (profile.primary_need, profile.secondary_need) == ("ASD", "SLCN")
    assert profile.ehc_plan is None
    assert [c.name for c in profile.contacts] == ["Siobhán O'Connor-Smith", "Nguyễn Văn An"]
    # Still-involved agencies first, newest referral first.
    assert [a.service for a in profile.agencies] == ["CAMHS", "SALT"]
    assert [p.start_date for p in profile.plans] == [date(2025, 1, 6), date(2024, 9, 9)]
    assert profile.current_plan is profile.plans[0]
    assert profile.past_plans == [profile.plans[1]]


def test_contacts_in_household_order_with_their_wishes(cur, school):
    mother, stepfather = contacts.list_contacts(cur, school.zoe)

    assert (mother.household, mother.priority, stepfather.household) == (1, 1, 2)
    assert mother.addressed_as == "Ms O'Connor-Smith"
    assert mother.preferred_channel == "email"
    assert mother.email_before_calling is True
    assert mother.parental_responsibility is True
    assert (stepfather.language, stepfather.interpreter_needed) == ("Vietnamese", True)
    assert stepfather.parental_responsibility is False


def test_contact_without_form_of_address_is_addressed_by_name(cur, school):
    add_contact(cur, school.lukasz, "Anna Dvořák", "Mother")

    (anna,) = contacts.list_contacts(cur, school.lukasz)

    assert anna.addressed_as == "Anna Dvořák"


@pytest.mark.parametrize("channel", contacts.CHANNELS)
def test_every_channel_is_one_the_database_accepts(cur, school, channel):
    add_contact(cur, school.lukasz, "Anna Dvořák", "Mother", preferred_channel=channel)

    assert [c.preferred_channel for c in contacts.list_contacts(cur, school.lukasz)] == [channel]


@pytest.mark.parametrize("status", agencies.AGENCY_STATUSES)
def test_every_agency_status_is_one_the_database_accepts(cur, school, status):
    cur.execute(
        "INSERT INTO agencies (pupil_id, service, status) VALUES (?, 'EP', ?)",
        [school.lukasz, status],
    )

    assert [a.status for a in agencies.list_agencies(cur, school.lukasz)] == [status]


def test_agency_fields_and_service_names(cur, school):
    camhs, salt = agencies.list_agencies(cur, school.zoe)

    assert (salt.practitioner, salt.referral_date, salt.status, salt.report_received) == (
        "Ffion Evans",
        date(2024, 1, 15),
        "seen",
        True,
    )
    assert salt.service_name == "Speech and language therapy (SALT)"
    assert agencies.service_name("Paediatrician") == "Paediatrician"
    assert camhs.practitioner is None


def test_plans_carry_outcomes_and_provision_in_order(cur, school):
    current, past = plans.list_plans(cur, school.zoe)

    assert current.is_current and not past.is_current
    assert [(o.position, o.outcome, o.rating) for o in past.outcomes] == [
        (1, "Zoë will ask an adult for help using her help card", 1),
        (2, "Reads 20 tricky words", -1),
    ]
    assert [o.rating_label for o in past.outcomes] == ["More than expected", "Less than expected"]
    assert current.outcomes[0].rating_label == "Not yet rated"
    assert [(p.description, p.frequency, p.delivered_by) for p in current.provision] == [
        ("Lego therapy", "Twice a week, 20 minutes", "Mr Hughes"),
        ("Precision teaching of tricky words", "Daily, 5 minutes", "Mrs Patel (TA)"),
    ]
    assert current.agreed_with_parents == date(2025, 1, 17)


def test_plans_are_read_in_three_queries_however_many_there_are(cur, school):
    for term in range(5):
        start = date(2020 + term, 1, 6)
        add_plan(cur, school.lukasz, start, start, [("An outcome", 0)], [("Support", "", "")])

    class CountingCursor:
        def __init__(self, inner):
            self.inner, self.queries = inner, 0

        def execute(self, *args):
            self.queries += 1
            return self.inner.execute(*args)

    counting = CountingCursor(cur)
    found = plans.list_plans(counting, school.lukasz)

    assert len(found) == 5
    assert all(len(p.outcomes) == 1 and len(p.provision) == 1 for p in found)
    assert counting.queries == 3


def test_pupil_without_plans_or_contacts_has_empty_lists(cur, school):
    assert plans.list_plans(cur, school.lukasz) == []
    assert contacts.list_contacts(cur, school.lukasz) == []
    assert agencies.list_agencies(cur, school.lukasz) == []


def test_ehc_plan(cur, school):
    assert plans.get_ehc_plan(cur, school.lukasz) == EHCPlan(
        issue_date=date(2024, 6, 1),
        la_caseworker="Nguyễn Thị Lan",
        caseworker_contact="0117 496 0000",
        last_review=None,
        next_review=date(2025, 5, 20),
    )
    assert plans.get_ehc_plan(cur, school.zoe) is None


def test_a_plan_is_overdue_the_day_after_its_review_date_until_it_is_reviewed(cur, school):
    current, past = get_profile(cur, school.senco, school.zoe).plans

    assert current.review_date == date(2025, 4, 4)
    assert not current.review_overdue(date(2025, 4, 4))
    assert current.review_overdue(date(2025, 4, 5))
    assert not past.review_overdue(date(2026, 1, 1))  # reviewed


def test_ratings_run_from_minus_two_to_two():
    assert sorted(plans.RATINGS) == [-2, -1, 0, 1, 2]


def test_senco_sees_restricted_notes_teacher_does_not(cur, school):
    assert get_profile(cur, school.senco, school.zoe).pupil.restricted_notes == RESTRICTED_NOTE
    assert get_profile(cur, school.teacher_4b, school.zoe).pupil.restricted_notes is None


def test_teacher_cannot_open_a_pupil_outside_their_classes(cur, school):
    with pytest.raises(NotFound):
        get_profile(cur, school.teacher_4b, school.lukasz, record_view=True)
    assert audit_actions(cur, "view profile") == []


def test_unknown_pupil_is_not_found(cur, school):
    with pytest.raises(NotFound):
        get_profile(cur, school.senco, 9999)


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_roles_without_pupil_access_are_refused(cur, school, role):
    other = users.add_user(cur, f"{role}1", "Someone", role, "correct-horse-9")

    with pytest.raises(PermissionDenied):
        get_profile(cur, other, school.zoe)


def test_opening_a_profile_is_audited_once(cur, school):
    get_profile(cur, school.teacher_4b, school.zoe, record_view=True)

    assert audit_actions(cur, "view profile") == [("mr.hughes", school.zoe)]


def test_reading_without_record_view_writes_no_audit(cur, school):
    before = len(audit.list_entries(cur))

    get_profile(cur, school.senco, school.zoe)

    assert len(audit.list_entries(cur)) == before


def test_left_pupil_profile_has_no_current_status(cur, school):
    leaver = add_pupil(cur, school.senco, 50, legal_forename="Sam")
    register.archive_pupil(cur, school.senco, leaver, TODAY, TODAY)

    profile = get_profile(cur, school.senco, leaver)

    assert profile.status is None
    assert profile.pupil.date_left == TODAY
    assert profile.status_history[0].end_date == TODAY
