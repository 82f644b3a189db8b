"""Staff accounts: passwords, the credentials streamlit-authenticator sees, who is active."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import bcrypt
import pytest

from sendlib import audit, db, signins, users
from sendlib.errors import PermissionDenied, ValidationError
from tests.apptest import as_read, run_page

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def senco(cur):
    return users.add_user(cur, "senco", "Sam Senco", "senco", "correct horse battery")


def test_password_is_stored_as_a_bcrypt_hash(cur, senco):
    creds = users.credentials(cur)["usernames"]["senco"]
    assert creds["password"] != "correct horse battery"
    assert bcrypt.checkpw(b"correct horse battery", creds["password"].encode())
    assert creds["roles"] == ["senco"]


@pytest.mark.parametrize(
    ("username", "role", "password", "field"),
    [
        ("Bad Name!", "senco", "long enough pw", "Username"),
        ("ok", "admin", "long enough pw", "Role"),
        ("ok", "teacher", "short", "Password"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(cur, username, role, password, field):
    with pytest.raises(ValidationError) as caught:
        users.add_user(cur, username, "Name", role, password)
    assert [p.field for p in caught.value.problems] == [field]


def test_usernames_are_unique(cur, senco):
    with pytest.raises(ValidationError, match="already taken"):
        users.add_user(cur, "SENCO", "Another", "teacher", "correct horse battery")


def test_inactive_users_are_left_out_of_the_credentials(cur, senco):
    users.add_user(cur, "teacher", "Tia", "teacher", "correct horse battery")
    users.set_active(cur, senco, "teacher", False)
    assert set(users.credentials(cur)["usernames"]) == {"senco"}
    assert users.find_active_user(cur, "teacher") is None
    assert users.find_active_user(cur, "senco") == senco


def test_only_a_senco_manages_users(cur, senco):
    teacher = users.add_user(cur, "teacher", "Tia", "teacher", "correct horse battery")
    with pytest.raises(PermissionDenied):
        users.set_active(cur, teacher, "senco", False)


def test_teacher_classes_are_kept(cur):
    teacher = users.add_user(
        cur, "tia", "Tia", "teacher", "correct horse battery", classes=["5A", "5B"]
    )
    assert teacher.classes == ("5A", "5B")


def test_a_role_change_keeps_a_teachers_classes_fresh_and_is_audited(cur, senco):
    users.add_user(cur, "tia", "Tia Teacher", "teacher", "long enough pw", classes=["5A"])
    changed = users.change_role(cur, senco, "tia", "teacher", ["5A", " 6B ", ""])
    assert (changed.role, changed.classes) == ("teacher", ("5A", "6B"))
    office = users.change_role(cur, senco, "tia", "office", ["5A"])
    assert (office.role, office.classes) == ("office", ())
    assert audit.list_entries(cur, username="senco")["detail"].iloc[0] == (
        "tia: Teacher (5A, 6B) -> School office"
    )


def test_the_last_active_senco_cannot_be_given_another_role(cur, senco):
    with pytest.raises(ValidationError, match="at least one active SENCo"):
        users.change_role(cur, senco, "senco", "teacher")
    users.add_user(cur, "sam", "Sam Second", "senco", "long enough pw")
    assert users.change_role(cur, senco, "senco", "viewer").role == "viewer"


def test_only_a_senco_changes_roles(cur, senco):
    teacher = users.add_user(cur, "tia", "Tia Teacher", "teacher", "long enough pw")
    with pytest.raises(PermissionDenied):
        users.change_role(cur, teacher, "tia", "senco")
    assert users.get_user(cur, "tia").role == "teacher"


def _pick(at, key: str, label: str):
    picker = at.selectbox(key=key)
    return picker.select_index(picker.options.index(label))


def _active(path, username: str) -> bool:
    conn = db.connect(path)
    active = users.get_user(conn.cursor(), username).active
    conn.close()
    return active


@pytest.mark.parametrize(
    ("label", "role", "classes"),
    [
        ("Hana Head (head)", "viewer", ""),
        ("Tia Teacher (teacher)", "teacher", "5A"),
        ("Olu Office (office)", "office", ""),
    ],
)
def test_the_role_form_starts_at_the_accounts_role_and_classes(school_copy, label, role, classes):
    at = run_page("pages/users.py", "senco")
    _pick(at, "users_role_pick", label).run()
    username = label.split("(")[1].rstrip(")")
    assert at.selectbox(key=f"users_new_role_{username}").value == role
    assert at.text_input(key=f"users_new_classes_{username}").value == classes


DEACTIVATE = "FormSubmitter:users_active-Deactivate or reactivate"


def test_deactivating_an_account_asks_once_and_only_yes_deactivates(school_copy):
    at = run_page("pages/users.py", "senco")
    _pick(at, "users_pick", "Tia Teacher (teacher)")
    at.button(key=DEACTIVATE).click().run()
    assert not at.exception
    assert _active(school_copy, "teacher")
    assert [as_read(w.value) for w in at.main.warning] == [
        "Deactivate Tia Teacher's account? They are signed out on their next click and cannot "
        "sign in again until the account is reactivated."
    ]
    at.button(key="users_deactivate_teacher_yes").click().run()
    assert not at.exception
    assert not _active(school_copy, "teacher")
    assert as_read(at.success[0].value) == "Tia Teacher is now inactive."
    # Giving the account back takes one click.
    _pick(at, "users_pick", "Tia Teacher (teacher)")
    at.button(key=DEACTIVATE).click().run()
    assert _active(school_copy, "teacher")
    assert as_read(at.success[0].value) == "Tia Teacher is now active."


def test_keep_it_leaves_the_account_active(school_copy):
    at = run_page("pages/users.py", "senco")
    _pick(at, "users_pick", "Tia Teacher (teacher)")
    at.button(key=DEACTIVATE).click().run()
    at.button(key="users_deactivate_teacher_no").click().run()
    assert not at.exception
    assert not at.main.warning
    assert _active(school_copy, "teacher")


def test_the_senco_unlocks_a_paused_account_on_staff_accounts(school_copy):
    cur = db.cursor(db.connect(school_copy))
    now = datetime.now(UTC)
    for n in range(signins.PAUSE_USERNAME_AFTER):  # guesses from many computers, minutes ago
        signins.record_failure(cur, "teacher", f"10.0.3.{n}", now - timedelta(seconds=60 - n))
    cur.close()
    at = run_page("pages/users.py", "senco")
    assert not at.exception
    [notice] = [as_read(w.value) for w in at.main.warning]
    assert notice.startswith("Tia Teacher's account is paused until ")
    at.button(key="users_unlock_teacher").click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == ["Tia Teacher can sign in again."]
    assert not at.main.warning
    cur = db.cursor(db.connect(school_copy))
    assert signins.username_paused_until(cur, "teacher") is None
    assert audit.list_entries(cur, limit=1).iloc[0]["action"] == "unlock account"


def test_an_account_s_email_is_checked_and_belongs_to_one_account(cur, senco):
    with pytest.raises(ValidationError) as raised:
        users.create_account(cur, senco, "jbloggs", "Jo Bloggs", "teacher", "long enough pw", "jo@")
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("Email", "'jo@' is not an email address (for example name@example.org)")
    ]
    made = users.create_account(
        cur, senco, "jbloggs", "Jo Bloggs", "teacher", "long enough pw", " Jo.Bloggs@School.ORG "
    )
    assert made.email == "Jo.Bloggs@school.org"
    with pytest.raises(ValidationError) as raised:
        users.create_account(
            cur, senco, "jbloggs2", "Jo Bloggs", "office", "long enough pw", "jo.bloggs@school.org"
        )
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("Email", "is already the email of the account jbloggs")
    ]
