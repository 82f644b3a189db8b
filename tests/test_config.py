"""The Streamlit settings the app ships: nothing about an error reaches the browser, forms are
protected against cross-site requests, uploads are small, tables offer no download of their
own, and no usage statistics leave the school."""

from __future__ import annotations

import tomllib

from sendlib.pupils import importing
from tests.apptest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_errors_show_no_details_in_the_browser():
    # "none": a plain message only (False now means "stacktrace" in Streamlit).
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_forms_are_protected_against_cross_site_requests():
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_uploads_are_no_larger_than_the_import_takes():
    assert CONFIG["server"]["maxUploadSize"] == importing.MAX_BYTES // (1024 * 1024) == 20


def test_tables_have_no_download_or_copy_button_of_their_own():
    # Every export goes through the app, which audits it.
    assert CONFIG["client"]["disableDataExport"] is True
    assert CONFIG["client"]["toolbarMode"] == "minimal"


def test_no_usage_statistics_are_sent():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_the_automatic_menu_listing_every_page_is_hidden():
    assert CONFIG["client"]["showSidebarNavigation"] is False
