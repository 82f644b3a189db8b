"""Every page, signed out and as each role: the guard holds, and what each role sees is right."""

from __future__ import annotations

import pytest

from tests.apptest import PAGE_FILES, run_page, shown_text

pytestmark = pytest.mark.usefixtures("shared_school")

PUPIL_NAMES = ["Zoë", "Łukasz", "Nguyễn", "Siobhán", "Amir"]
ALLOWED = {
    "senco": {
        "app.py",
        "register.py",
        "pupil.py",
        "import.py",
        "users.py",
        "log.py",
        "timeline.py",
        "ledger.py",
        "settings.py",
        "retention.py",
        "surgery.py",
        "transition.py",
        "audit.py",
        "outbox.py",
    },
    "teacher": {
        "app.py",
        "register.py",
        "pupil.py",
        "log.py",
        "timeline.py",
        "ledger.py",
        "surgery.py",
        "transition.py",
    },
    "office": {"app.py", "surgery.py", "outbox.py"},
    "head": {"app.py", "surgery.py"},
}


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_signed_out_every_page_shows_only_the_sign_in_form(page):
    at = run_page(page)
    assert not at.exception
    assert at.text_input(key="login_username").label == "Username"
    assert at.text_input(key="login_password").label == "Password"
    assert len(at.dataframe) == 0
    text = shown_text(at)
    assert not [name for name in PUPIL_NAMES if name in text]
    assert "Test Primary School" not in text


@pytest.mark.parametrize("username", list(ALLOWED))
@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_each_role_opens_only_its_pages(page, username):
    at = run_page(page, username)
    assert not at.exception
    text = shown_text(at)
    if page.name in ALLOWED[username]:
        assert "cannot open" not in text
    else:
        assert [e.value for e in at.error][0].endswith("Choose a page from the menu.")
        assert not [name for name in PUPIL_NAMES if name in text]
    # Signed in, whatever the page: the sign-in form is not shown again.
    assert "login_username" not in [box.key for box in at.text_input]


@pytest.mark.parametrize("username", ["office", "head"])
def test_office_and_viewer_home_shows_no_pupil_names(username):
    at = run_page("app.py", username)
    text = shown_text(at)
    assert not [name for name in PUPIL_NAMES if name in text]
