"""Signing in with the school's own Microsoft 365 or Google account: an identity signs in only the
active staff account whose email the provider vouches for (the school's own tenant or domain);
any other is refused and audited; the app's own sign-in lasts a school day from when the provider
issued the identity and ends at sign-out, so a copied identity is refused after it; password
sign-in can be closed but for accounts made from the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sendlib import audit, signins, users
from sendlib.errors import PermissionDenied, ValidationError
from sendlib.school_signin import (
    IdentityRefused,
    get_school_accounts,
    identity_sign_in,
    password_allowed,
    save_school_accounts,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TENANT = "5f1c0b9e-7a43-4a52-9d4e-2b6d0c1e8a77"
SOURCE = "10.0.0.5"


@pytest.fixture
def microsoft(cur, staff):
    cur.execute("UPDATE users SET email = 'sam.senco@school.example' WHERE username = 'senco'")
    cur.execute("UPDATE users SET email = 'tia@school.example' WHERE username = 'teacher'")
    save_school_accounts(cur, staff["senco"], {"provider": "microsoft", "tenant": TENANT.upper()})
    return cur


def claims(email="sam.senco@school.example", tid=TENANT, sub="sub-1", issued=NOW, **more):
    return {"iss": "https://login.example/v2.0", "sub": sub, "tid": tid, "email": email,
            "iat": int(issued.timestamp()), **more}  # fmt: skip


def last_audit(cur) -> tuple[str, str]:
    row = audit.list_entries(cur, limit=1).iloc[0]
    return row["action"], row["detail"]


def test_a_known_member_of_staff_signs_in_with_their_role(microsoft):
    checked = identity_sign_in(microsoft, claims(), SOURCE, NOW + timedelta(minutes=1))
    assert (checked.user.username, checked.user.role) == ("senco", "senco")
    action, detail = last_audit(microsoft)
    assert (action, detail) == ("sign in", f"from {SOURCE} with the school's own account")
    # Every later page run finds the same sign-in, checked as every sign-in is.
    again = identity_sign_in(microsoft, claims(), SOURCE, NOW + timedelta(minutes=5))
    assert again.sign_in.sign_in_id == checked.sign_in.sign_in_id


@pytest.mark.parametrize(
    ("identity", "why"),
    [
        (claims(email="someone@elsewhere.example"), "is not the email of an active staff"),
        (claims(tid="another-tenant"), "an account of another Microsoft tenant"),
        (claims(email="tia@school.example", issued=NOW - timedelta(hours=11)), "a school day"),
    ],
    ids=["unknown address", "another tenant", "issued too long ago"],
)
def test_an_identity_that_is_not_a_staff_account_here_is_refused_and_audited(
    microsoft, identity, why
):
    with pytest.raises(IdentityRefused):
        identity_sign_in(microsoft, identity, SOURCE, NOW + timedelta(minutes=1))
    action, detail = last_audit(microsoft)
    assert action == "refuse school sign-in"
    assert why in detail and detail.startswith("Microsoft 365: ")


def test_a_deactivated_account_is_refused_and_signed_out_at_its_next_click(microsoft, staff):
    checked = identity_sign_in(microsoft, claims(email="tia@school.example"), SOURCE, NOW)
    users.set_active(microsoft, staff["senco"], "teacher", False)
    later = identity_sign_in(microsoft, claims(email="tia@school.example"), SOURCE, NOW)
    assert later.user is None and later.ended == signins.ACCOUNT_CHANGED
    assert checked.user.username == "teacher"
    with pytest.raises(IdentityRefused):  # a new identity for it is refused too
        identity_sign_in(microsoft, claims(email="tia@school.example", sub="s2"), SOURCE, NOW)


def test_the_school_day_counts_from_when_the_provider_issued_the_identity(microsoft):
    identity = claims(issued=NOW)
    identity_sign_in(microsoft, identity, SOURCE, NOW + timedelta(hours=9, minutes=50))
    ended = identity_sign_in(microsoft, identity, SOURCE, NOW + timedelta(hours=10, minutes=1))
    assert ended.user is None and ended.ended == signins.DAY_OVER


def test_after_signing_out_a_copy_of_the_identity_signs_nobody_in(microsoft):
    checked = identity_sign_in(microsoft, claims(), SOURCE, NOW)
    signins.sign_out(microsoft, checked.user.username, NOW + timedelta(minutes=2))
    copied = identity_sign_in(microsoft, claims(), "10.0.0.99", NOW + timedelta(minutes=3))
    assert copied.user is None and copied.ended == signins.SIGNED_OUT


def test_google_vouches_only_for_verified_addresses_of_the_school_s_domain(cur, staff):
    cur.execute("UPDATE users SET email = 'sam.senco@school.example' WHERE username = 'senco'")
    save_school_accounts(cur, staff["senco"], {"provider": "google", "domain": "School.Example"})
    google = {"iss": "https://accounts.google.com", "sub": "g1", "iat": int(NOW.timestamp()),
              "email": "sam.senco@school.example", "email_verified": True, "hd": "school.example"}  # fmt: skip
    for refused in ({"email_verified": False}, {"hd": None}, {"hd": "other.example"}):
        with pytest.raises(IdentityRefused):
            identity_sign_in(cur, {**google, **refused, "sub": str(refused)}, SOURCE, NOW)
    assert identity_sign_in(cur, google, SOURCE, NOW).user.username == "senco"


def test_the_settings_name_their_fields_and_only_the_senco_sets_them(cur, staff):
    with pytest.raises(ValidationError) as raised:
        save_school_accounts(cur, staff["senco"], {"provider": "microsoft", "tenant": ""})
    assert raised.value.problems[0].field == "Microsoft tenant ID"
    with pytest.raises(PermissionDenied):
        save_school_accounts(cur, staff["teacher"], {"provider": "google"})
    assert get_school_accounts(cur).provider is None


def test_closing_password_sign_in_keeps_the_command_line_account_as_the_way_back_in(cur, staff):
    users.add_user(cur, "jsmith", "Jo Smith", "senco", "long enough pw", by="command line")
    assert password_allowed(cur, "teacher")
    save_school_accounts(
        cur, staff["senco"], {"provider": "microsoft", "tenant": TENANT, "passwords": "closed"}
    )
    assert not password_allowed(cur, "teacher")
    assert password_allowed(cur, "jsmith")
