"""Signing in with the school's own accounts in a real browser, through a real OpenID Connect
provider on loopback (oidc-provider-mock) and Streamlit's st.login: a known member of staff gets
in with their role and stays in after a reload; an unknown address, an account of another
tenant and a deactivated account are refused in the same words; after signing out, a reload
asks again, and a copy of the browser's cookies taken before signs nobody in."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from sendlib import db
from sendlib.school_signin import save_school_accounts
from tests import school
from tests.local_server import CHROMIUM, free_port, running_app, wait_until_idle

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
mock = pytest.importorskip("oidc_provider_mock")
SECONDS = 30_000
TENANT = "5f1c0b9e-7a43-4a52-9d4e-2b6d0c1e8a77"
REFUSED = "That account was not recognised."
IDENTITIES = [
    mock.User(sub="sam", claims={"email": "sam.senco@school.example", "tid": TENANT}),
    mock.User(sub="stranger", claims={"email": "someone@elsewhere.example", "tid": TENANT}),
    mock.User(sub="elsewhere", claims={"email": "sam.senco@school.example", "tid": "other"}),
    mock.User(sub="tia", claims={"email": "tia@school.example", "tid": TENANT}),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The test school, which signs in with its Microsoft tenant, served with st.login set up
    to use the provider on loopback; yields the app's address."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("school-signin")
    path = folder / "school.duckdb"
    conn = db.connect(path)
    cur = conn.cursor()
    staff = school.populate(cur)
    cur.execute("UPDATE users SET email = 'sam.senco@school.example' WHERE username = 'senco'")
    cur.execute("UPDATE users SET email = 'tia@school.example', active = false "
                "WHERE username = 'teacher'")  # fmt: skip
    save_school_accounts(cur, staff["senco"], {"provider": "microsoft", "tenant": TENANT})
    conn.close()
    # Tokens valid for 12 hours, so that one issued most of a school day ago still verifies.
    with mock.run_server_in_thread(
        user_claims=IDENTITIES, access_token_max_age=timedelta(hours=12)
    ) as provider:
        port = free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{"school-signin-test-secret-" * 2}"\n'
            "[auth.microsoft]\n"
            'client_id = "sendhub"\nclient_secret = "not-a-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}'
            '/.well-known/openid-configuration"\n'
        )
        env = {"SENDHUB_COOKIE_KEY": "school-signin-test-key-not-secret-32"}
        with running_app(path, env, port, secrets) as url:
            yield url


def _sign_in_as(page, url: str, who: str) -> None:
    page.goto(url + "/")
    page.get_by_role("button", name="Sign in with Microsoft 365").click()
    page.get_by_role("button", name=who, exact=True).click()  # the provider's own page


def test_a_known_member_of_staff_gets_in_with_their_role_and_stays_in(app, browser):
    context = browser.new_context()
    page = context.new_page()
    _sign_in_as(page, app, "sam")
    expect(page.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=SECONDS)
    # With the role of their account here: the SENCo's menu.
    expect(page.get_by_role("link", name="Staff accounts").first).to_be_visible(timeout=SECONDS)
    page.goto(app + "/register")  # a reload of another address: still signed in
    expect(page.get_by_text("Search by name or UPN").first).to_be_visible(timeout=SECONDS)
    copied = context.cookies()
    wait_until_idle(page)
    page.get_by_role("button", name="Sign out").click()
    # The app's own sign-in has ended; the provider is asked to end its session too, and
    # sends the browser back.
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Sign in with Microsoft 365")).to_be_visible(
        timeout=SECONDS
    )
    page.reload()
    expect(page.get_by_role("button", name="Sign in with Microsoft 365")).to_be_visible(
        timeout=SECONDS
    )
    assert "Search by name or UPN" not in page.inner_text("body")
    context.close()
    # The cookies as they were before signing out, in another browser: nobody is signed in.
    other = browser.new_context()
    other.add_cookies(copied)
    page = other.new_page()
    page.goto(app + "/register")
    expect(page.get_by_text("signed out").first).to_be_visible(timeout=SECONDS)
    wait_until_idle(page)
    body = page.inner_text("body")
    assert "Search by name or UPN" not in body and "Zoë" not in body
    other.close()


@pytest.mark.parametrize("who", ["stranger", "elsewhere", "tia"])
def test_an_unknown_address_another_tenant_and_a_deactivated_account_are_refused_alike(
    app, browser, who
):
    context = browser.new_context()
    page = context.new_page()
    _sign_in_as(page, app, who)
    expect(page.get_by_text(REFUSED).first).to_be_visible(timeout=SECONDS)
    wait_until_idle(page)
    body = page.inner_text("body")
    assert "Welcome" not in body and "Search by name or UPN" not in body
    context.close()


def test_the_sign_in_ends_a_school_day_after_the_provider_issued_it_at_the_next_reload(
    app, browser, monkeypatch
):
    """The provider (in this process) issues an identity dated ten hours ago, less a few
    seconds: it signs in, and the reload once the ten hours are up signs it out."""
    from authlib.oidc.core.grants import _legacy, util  # where the provider reads its clock

    left = 20
    earlier = time.time() - (10 * 3600 - left)
    for module in (_legacy, util):
        monkeypatch.setattr(module, "time", SimpleNamespace(time=lambda: earlier))
    context = browser.new_context()
    page = context.new_page()
    _sign_in_as(page, app, "sam")
    expect(page.get_by_text("Welcome, Sam Senco").first).to_be_visible(timeout=SECONDS)
    page.wait_for_timeout((left + 2) * 1000)
    page.goto(app + "/register")
    expect(page.get_by_text("a sign-in lasts one school day").first).to_be_visible(timeout=SECONDS)
    assert "Search by name or UPN" not in page.inner_text("body")
    context.close()
