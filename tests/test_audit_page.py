"""The audit log page as the SENCo uses it (AppTest): the chain check, the search, the export."""

from __future__ import annotations

from sendlib import audit, db
from tests.apptest import as_read, run_page


def test_the_senco_sees_the_log_is_intact_and_every_row(school_copy):
    at = run_page("pages/audit.py", "senco")
    assert not at.exception
    # The school's thirteen rows, the SENCo's sign-in, and the day's first backup, made as the
    # app opened.
    assert at.success[0].value.startswith("The log is intact: all 15 rows are as they were written")
    assert [s.value for s in at.subheader] == ["All rows: 15 rows"]
    shown = at.dataframe[0].value
    assert shown["Action"].tolist() == (
        ["back up database", "sign in"] + ["add contact"] * 3 + ["add pupil"] * 6 + ["add user"] * 4
    )
    assert shown["Pupil"].iloc[2] == "Alex Nguyễn"  # the last parent added, newest first
    assert shown["Pupil"].iloc[5] == "Amir Khan"


def test_an_altered_row_is_named_on_the_page(school_copy):
    conn = db.connect(school_copy)
    conn.execute("UPDATE audit_log SET detail = 'nothing' WHERE seq = 3")
    at = run_page("pages/audit.py", "senco")
    assert not at.exception
    assert as_read(at.error[0].value).startswith("Row 3 has been altered.")
    assert len(at.success) == 0


def test_the_search_by_pupil_shows_only_their_rows(school_copy):
    at = run_page("pages/audit.py", "senco")
    at.selectbox(key="audit_pupil").set_value(3).run()
    assert not at.exception
    assert [as_read(s.value) for s in at.subheader] == ["Pupil Alex Nguyễn (5A): 2 rows"]
    assert at.dataframe[0].value["Action"].tolist() == ["add contact", "add pupil"]


def test_the_export_is_built_and_audited_only_when_clicked(school_copy):
    at = run_page("pages/audit.py", "senco")
    at.selectbox(key="audit_action").set_value("add user").run()
    assert not at.exception
    assert at.get("download_button")[0].proto.label == "Export as CSV"
    actions = audit.list_entries(db.connect(school_copy))["action"].tolist()
    assert "export audit log" not in actions
