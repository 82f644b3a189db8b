"""Outside agencies kept by the school: added and updated by whoever edits the pupil, each rule
naming its field, a new agency or a new status put on the pupil's timeline in the same save."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest

from sendlib import db
from sendlib.errors import NotFound, PermissionDenied, ValidationError
from sendlib.pupils import agencies, referrals
from sendlib.timeline import listing
from sendlib.words import SCHOOL_TZ
from tests.school import ALEX, ZOE

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=SCHOOL_TZ)
SALT = {
    "service": "SALT",
    "practitioner": "Jo Bell",
    "team": "Leeds SALT service",
    "phone": "0113 496 0001",
    "email": "Jo.Bell@NHS.example",
    "referral_date": date(2026, 9, 14),
    "status": "referred",
    "next_step": "Chase if nothing heard by half term.",
}


def save(cur, user, values=None, agency_id=None, pupil_id=ALEX, **changes):
    return referrals.save_agency(
        cur, user, pupil_id, {**(values or SALT), **changes}, NOW, agency_id=agency_id
    )


def timeline(cur, user, pupil_id=ALEX) -> list[tuple]:
    shown = listing.list_entries(cur, user, listing.TimelineFilter(pupil_id=pupil_id))
    return list(
        shown[["Channel", "Direction", "With", "Subject", "Summary"]].itertuples(index=False)
    )


def audit_rows(cur, action: str) -> list[tuple]:
    return cur.execute(
        'SELECT pupil_id, detail, "before", "after" FROM audit_log WHERE action = ? '
        "ORDER BY audit_id",
        [action],
    ).fetchall()


def test_an_agency_added_is_kept_and_goes_on_the_timeline(cur, staff):
    agency_id = save(cur, staff["teacher"])
    salt = agencies.get_agency(cur, agency_id)
    assert (salt.practitioner, salt.team, salt.phone, salt.email) == (
        "Jo Bell",
        "Leeds SALT service",
        "0113 496 0001",
        "Jo.Bell@nhs.example",
    )
    assert salt.reach == "Jo Bell, Leeds SALT service, 0113 496 0001, Jo.Bell@nhs.example"
    assert timeline(cur, staff["senco"]) == [
        (
            "email",
            "with agency",
            "SALT (Jo Bell)",
            "Speech and language therapy (SALT): referred",
            "Speech and language therapy (SALT): referred. Next step: Chase if nothing heard by "
            "half term.",
        )
    ]
    pupil_id, detail, _, after = audit_rows(cur, "add agency")[-1]
    assert (pupil_id, detail) == (ALEX, f"agency {agency_id}: SALT (referred)")
    assert json.loads(after)["status"] == "referred"


def test_a_new_status_goes_on_the_timeline_and_other_changes_do_not(cur, staff):
    senco = staff["senco"]
    agency_id = save(cur, senco)
    save(cur, senco, agency_id=agency_id, next_step="Ring the team on Friday.")
    assert len(timeline(cur, senco)) == 1
    waiting = {**SALT, "status": "waiting", "last_contact": date(2026, 11, 2),
               "next_step": "Ring the team on Friday."}  # fmt: skip
    referrals.save_agency(cur, senco, ALEX, waiting, NOW, agency_id=agency_id, heard_by="letter")
    shown = listing.list_entries(cur, senco, listing.TimelineFilter(pupil_id=ALEX))
    # Each on the day it happened: the referral, then the letter of the last contact.
    assert [(w.date(), c) for w, c in zip(shown["When"], shown["Channel"], strict=True)] == [
        (date(2026, 11, 2), "letter"),
        (date(2026, 9, 14), "email"),
    ]
    assert shown["Subject"].iloc[0] == (
        "Speech and language therapy (SALT): now on the waiting list (was referred)"
    )
    _, detail, before, after = audit_rows(cur, "edit agency")[-1]
    assert detail == f"agency {agency_id}: changed Status, Last contact"
    assert json.loads(before) == {"status": "referred", "last_contact": None}


def test_a_pupil_with_no_agencies_has_none_listed(cur, staff):
    assert agencies.list_agencies(cur, ALEX) == []


# --- each rule names its field ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"service": " "}, "Service: is required"),
        ({"service": "x" * 101}, "Service: must be at most 100 characters"),
        ({"practitioner": "x" * 101}, "Named contact: must be at most 100 characters"),
        ({"phone": "12"}, "Phone: '12' is not a whole phone number"),
        ({"email": "jo@"}, "Email: 'jo@' is not an email address"),
        ({"status": "lost"}, "Status: must be one of: considering a referral, referred, on the"),
        ({"referral_date": None}, "Referred on: is needed once the pupil is referred"),
        ({"referral_date": "next week"}, "Referred on: 'next week' is not a date"),
        ({"referral_date": date(2026, 12, 1)}, "Referred on: 01/12/2026 is in the future"),
        ({"status": "considering"}, "Status: is 'considering a referral', but a referral date"),
        ({"last_contact": date(2026, 9, 1)}, "Last contact: is before the referral on 14/09/2026"),
        ({"next_step": "x" * 301}, "Next step: must be at most 300 characters"),
    ],
)
def test_each_rule_names_its_field_and_nothing_is_saved(cur, staff, changes, expected):
    with pytest.raises(ValidationError) as caught:
        save(cur, staff["senco"], **changes)
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value
    assert db.scalar(cur, "SELECT count(*) FROM agencies WHERE pupil_id = ?", [ALEX]) == 0
    assert timeline(cur, staff["senco"]) == []


def test_how_the_school_heard_must_be_a_channel(cur, staff):
    with pytest.raises(ValidationError, match="How the school heard: must be one of"):
        referrals.save_agency(cur, staff["senco"], ALEX, SALT, NOW, heard_by="pigeon")


def test_considering_a_referral_needs_no_date_and_another_service_can_be_typed(cur, staff):
    values = {"service": "Virtual school", "status": "considering"}
    agency = agencies.get_agency(cur, save(cur, staff["senco"], values))
    assert (agency.service_name, agency.status_words) == (
        "Virtual school",
        "considering a referral",
    )


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_the_office_and_a_head_cannot_add_an_agency(cur, staff, role):
    with pytest.raises(PermissionDenied):
        save(cur, staff[role])


def test_a_teacher_cannot_reach_another_class_by_its_id(cur, staff):
    # Zoë is in 2A; the test teacher has 5A only.
    with pytest.raises(NotFound):
        save(cur, staff["teacher"], pupil_id=ZOE)
    agency_id = save(cur, staff["senco"], pupil_id=ZOE)
    with pytest.raises(NotFound):
        save(cur, staff["senco"], agency_id=agency_id, pupil_id=ALEX)


# --- the demo ---------------------------------------------------------------------------------


def test_every_demo_agency_is_one_the_app_could_have_saved(demo_conn):
    cur = db.cursor(demo_conn)
    today = db.scalar(cur, "SELECT max(CAST(happened_at AS DATE)) FROM communications")
    checked = 0
    for (pupil_id,) in cur.execute("SELECT DISTINCT pupil_id FROM agencies").fetchall():
        for agency in agencies.list_agencies(cur, pupil_id):
            stored = dataclasses.asdict(agency)
            clean, found = agencies.validate_agency(stored, today)
            assert found == [], (agency.service, found)
            assert {k: clean[k] for k in clean} == {k: stored[k] for k in clean}, agency.service
            checked += 1
    assert checked > 50
    statuses = {row[0] for row in cur.execute("SELECT DISTINCT status FROM agencies").fetchall()}
    assert statuses == set(agencies.AGENCY_STATUSES)
