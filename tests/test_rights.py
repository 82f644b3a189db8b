"""The rights matrix (sendlib.access.MATRIX), walked cell by cell through sendlib: every role
tries every action of every screen, and is let through exactly where the matrix says. Then the
row rules: whose pupils a teacher sees, what the office never sees, and that a change of role or
a deactivation holds from the very next click."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sendlib import access, audit, backup, db, restore, signins, ui, users
from sendlib.errors import NotFound, PermissionDenied
from sendlib.mail import outbox
from sendlib.mail import server as mail_server
from sendlib.mail.smtp import Outgoing
from sendlib.pupils import (
    about_me,
    apdr,
    contacts,
    ehcp,
    exporting,
    importing,
    plans,
    record,
    referrals,
    register,
    retention,
    subject_access,
)
from sendlib.pupils import listing as register_listing
from sendlib.reporting import compliance, printing, pupil_lists, termly_report
from sendlib.school import calendar, changes, term_import
from sendlib.school import settings as school_settings
from sendlib.surgery import attendance, bookings, cancelling, meetings_due, sessions
from sendlib.surgery import grid as surgery_grid
from sendlib.surgery import slots as surgery_slots
from sendlib.timeline import entries, listing
from sendlib.timeline import ledger as timeline_ledger
from sendlib.transition import (
    packs,
    stages,
)
from sendlib.transition import (
    printing as transition_printing,
)
from sendlib.transition import (
    tracker as transition_tracker,
)
from sendlib.transition.prefill import prefill
from tests import school
from tests.apptest import make_school, run_page, serve, shown_text

TODAY, NOW = school.TODAY, school.NOW
ALEX, SIOBHAN, ZOE = 3, 4, 1  # Alex and Siobhán are in 5A, the teacher's class; Zoë is not
SAMPLE = Path(__file__).parent.parent / "data" / "sample_mis_export.csv"
CONTACTS_FILE = Path(__file__).parent.parent / "data" / "sample_mis_contacts.csv"
TUESDAY = date(2026, 11, 24)
EVERYONE = ["senco", "teacher", "office", "head"]


class Fixture:
    """The test school with one of everything the actions work on, made by the SENCo."""

    def __init__(self, cur: db.Cursor, accounts: dict[str, users.User]):
        senco = accounts["senco"]
        self.cur = cur
        cur.execute(
            "UPDATE pupils SET restricted_notes = 'Ask the SENCo first.' WHERE pupil_id = ?",
            [ALEX],
        )
        sessions.save_pattern(cur, senco, school.TUESDAYS, TODAY)
        free = surgery_slots.free_slots(cur, NOW, 3)
        self.free_slot, self.other_slot = free[1].slot_id, free[2].slot_id
        self.booking = bookings.book(cur, senco, free[0].slot_id, ALEX, ALEX, "phone", "", NOW)
        self.message = entries.save_entry(
            cur,
            senco,
            ALEX,
            {
                "happened_at": NOW - timedelta(days=1),
                "channel": "email",
                "direction": "from parent",
                "subject": "Homework",
                "summary": "Asked about homework.",
                "needs_reply": True,
            },
            [
                {
                    "description": "Send the spelling list home",
                    "owner_kind": "staff",
                    "owner_username": "teacher",
                    "due_date": TODAY + timedelta(days=3),
                }
            ],
            NOW,
        )
        self.action = int(db.scalar(cur, "SELECT min(action_id) FROM actions"))
        self.pack = packs.start_pack(cur, senco, ALEX, {**_MOVE}, TODAY, NOW)
        written = {"about_me": "Alex likes Lego.", "needs": "Spelling.", "what_works": "Time."}
        packs.save_version(cur, senco, self.pack, written, [], NOW)


_MOVE = {
    "move_kind": "class to class",
    "receiving_setting": "This school",
    "receiving_teacher": "Mr Patel",
    "move_date": date(2027, 9, 2),
}


def _edit_pupil(f, u):
    current = register.get_pupil(f.cur, users.get_user(f.cur, "senco"), ALEX)
    values = {**current.__dict__, "strengths": "Loves drawing."}
    register.save_pupil(f.cur, u, values, TODAY, pupil_id=ALEX)


def _import(f, u):
    frame = importing.read_csv(SAMPLE.read_bytes())
    return importing.preview_import(
        f.cur, u, frame, importing.suggest_mapping(list(frame.columns)), TODAY
    )


def _apply_import(f, u):
    senco = users.get_user(f.cur, "senco")
    importing.apply_import(f.cur, u, _import(f, senco), TODAY)


def _import_contacts(f, u):
    frame = importing.read_csv(CONTACTS_FILE.read_bytes())
    mapping = importing.suggest_mapping(list(frame.columns), importing.contact_rows.ALIASES)
    return importing.preview_contacts(f.cur, u, frame, mapping)


def _apply_contacts(f, u):
    senco = users.get_user(f.cur, "senco")
    importing.apply_contacts(f.cur, u, _import_contacts(f, senco))


def _restricted(f, u):
    if record.get_profile(f.cur, u, ALEX).pupil.restricted_notes is None:
        raise PermissionDenied("restricted notes withheld")


def _restricted_in_pack(f, u):
    prefill(f.cur, u, ALEX, include_restricted=True)


def _record_meeting(f, u):
    booking = bookings.get_booking(f.cur, users.get_user(f.cur, "senco"), f.booking)
    values = {
        **attendance.meeting_defaults(booking),
        "led_by": "SENCo",
        "summary": "Agreed a quieter place for tests.",
    }
    attendance.record_meeting(f.cur, u, f.booking, values, [], NOW + timedelta(days=1))


def _restore(f, u):
    made = backup.back_up_now(f.cur, users.get_user(f.cur, "senco"), NOW)
    restore.restore_backup(f.cur, u, made.path, NOW)


def _delete_after_retention(f, u):
    # Amir left long ago and was born in 1990: his record is past the retention period.
    f.cur.execute(
        "UPDATE pupils SET date_of_birth = DATE '1990-01-01', date_left = DATE '2005-07-20' "
        "WHERE pupil_id = 6"
    )
    retention.delete_pupil(f.cur, u, 6, "Past retention", True, TODAY)


def _log(f, u):
    entry = {
        "happened_at": NOW,
        "channel": "phone",
        "direction": "to parent",
        "subject": "Check-in",
        "summary": "Called to check in.",
    }
    entries.save_entry(f.cur, u, ALEX, entry, [], NOW)


def _every(*probes: Callable) -> Callable:
    """A probe for a cell that several sendlib calls share: each is tried, and all must be
    refused or all let through (a mix fails here, naming the odd one out)."""

    def probe(f, u):
        refused = []
        for one in probes:
            try:
                one(f, u)
            except PermissionDenied:
                refused.append(one.__name__)
        if refused and len(refused) < len(probes):
            raise AssertionError(f"{u.username}: only {refused} refused")
        if refused:
            raise PermissionDenied(", ".join(refused))

    return probe


def _add_carer(f, u):
    carer = {
        "forename": "Minh",
        "surname": "Nguyen",
        "relationship": "father",
        "phone": "07700 900321",
    }
    contacts.save_contact(f.cur, u, ALEX, carer)


def _add_agency(f, u):
    agency = {"service": "EP", "status": "referred", "referral_date": TODAY}
    referrals.save_agency(f.cur, u, ALEX, agency, NOW)


def _start_plan(f, u):
    plan = {
        "start_date": TODAY,
        "review_date": TODAY + timedelta(weeks=10),
        "outcomes": [{"outcome": "Alex will read a Year 3 book aloud."}],
    }
    apdr.start_plan(f.cur, u, ALEX, plan, TODAY)


def _record_ehc_plan(f, u):
    ehcp.save_ehc_plan(f.cur, u, ALEX, {"issue_date": date(2025, 3, 3)}, TODAY)


def _load_term_dates(f, u):
    data = b"What,Starts,Ends\nAutumn term,03/09/2027,17/12/2027\nSpring term,05/01/2028,24/03/2028\nSummer term,10/04/2028,21/07/2028\n"
    changes.import_term_dates(f.cur, u, term_import.preview_term_file(data, "la.csv"), TODAY)


def _write_about_me(f, u):
    about_me.save_about_me(f.cur, u, ALEX, {"important": "Football at break."}, TODAY)


def _request_assessment(f, u):
    ehcp.request_assessment(f.cur, u, ALEX, TODAY, "school", TODAY)


def _print_plan(f, u):
    senco = users.get_user(f.cur, "senco")
    running = [p for p in plans.list_plans(f.cur, ALEX) if p.is_current]
    if not running:
        _start_plan(f, senco)
        running = [p for p in plans.list_plans(f.cur, ALEX) if p.is_current]
    printing.print_parent_plan(f.cur, u, running[0].plan_id, TODAY)


def _reorder_carers(f, u):
    contacts.move_contact(f.cur, u, school.CONTACTS[ALEX], earlier=False)


def _end_carer(f, u):
    contacts.end_contact(f.cur, u, school.CONTACTS[ALEX], TODAY, "moved away", TODAY)


def _book(f, u):
    bookings.book(f.cur, u, f.free_slot, ZOE, ZOE, "phone", "", NOW)


def _correct_carer(f, u):
    contacts.correct_reach(f.cur, u, school.CONTACTS[ZOE], "01632 960001", "aoife@example.org")


EXTRA_SESSION = {
    "session_date": date(2026, 11, 26),
    "starts": school.TUESDAYS["starts"],
    "ends": school.TUESDAYS["ends"],
    "slot_count": 3,
    "slot_minutes": 20,
    "place": "Library",
}
ALL = register_listing.RegisterFilter()
ALEX_ONLY = listing.TimelineFilter(pupil_id=ALEX)
TERM = None

# (screen, action) -> doing it through sendlib, as the given user, on the fixture.
MAIL_SETTINGS = {
    "host": "smtp.example.org", "port": "587", "security": "starttls", "username": "senco",
    "from_address": "senco@school.example", "from_name": "SENCo", "reply_to": "",
}  # fmt: skip


def _queue_email(f, u, kind: str):
    outgoing = Outgoing("Mrs Nguyễn", "linh@example.org", "About Alex", "Dear Mrs Nguyễn")
    return db.write(
        f.cur,
        lambda c: outbox.queue(c, u, kind=kind, outgoing=outgoing, now=NOW, pupil_id=ALEX),
    )


PROBES: dict[tuple[str, str], Callable] = {
    ("audit", "view"): lambda f, u: audit.search(f.cur, u, audit.AuditFilter()),
    ("audit", "export"): lambda f, u: exporting.export_audit_log(
        f.cur, u, audit.AuditFilter(), "all"
    ),
    ("home", "view"): lambda f, u: access.require(u, "home"),  # the landing page: no data
    ("home", "figures"): lambda f, u: compliance.register_counts(f.cur, u, TODAY),
    ("home", "lists"): lambda f, u: pupil_lists.ehcp_reviews_list(f.cur, u, TODAY),
    ("home", "print"): lambda f, u: termly_report.print_termly_report(
        f.cur, u, calendar.this_term(f.cur, TODAY), TODAY
    ),
    ("register", "view"): lambda f, u: register_listing.list_register(f.cur, u, ALL),
    ("register", "add"): lambda f, u: register.save_pupil(f.cur, u, school.new_pupil(40), TODAY),
    ("register", "edit"): lambda f, u: register.change_status(
        f.cur, u, ALEX, "E", TODAY, "EHC plan issued", TODAY
    ),
    ("register", "export"): lambda f, u: exporting.export_register(f.cur, u, ALL, "all"),
    ("register", "print"): lambda f, u: printing.print_register(f.cur, u, ALL, "all", TODAY),
    ("pupil", "view"): lambda f, u: record.get_profile(f.cur, u, ALEX),
    ("pupil", "edit"): _every(
        _edit_pupil,
        _add_carer,
        _reorder_carers,
        _end_carer,
        _add_agency,
        _start_plan,
        _request_assessment,
        _record_ehc_plan,
        _write_about_me,
    ),
    ("pupil", "archive"): lambda f, u: register.archive_pupil(f.cur, u, ALEX, TODAY, TODAY),
    ("pupil", "print"): _every(
        lambda f, u: printing.print_profile(f.cur, u, ALEX, TODAY), _print_plan
    ),
    ("pupil", "restricted"): _restricted,
    ("pupil", "export"): lambda f, u: subject_access.export_pupil(f.cur, u, ALEX, TODAY),
    ("retention", "view"): lambda f, u: retention.list_past_retention(f.cur, u, TODAY),
    ("retention", "edit"): lambda f, u: retention.save_years_after_25(f.cur, u, 7),
    ("retention", "delete"): _delete_after_retention,
    ("log", "view"): lambda f, u: entries.log_choices(f.cur, u, ALEX),
    ("timeline", "view"): lambda f, u: listing.list_entries(f.cur, u, ALEX_ONLY),
    ("timeline", "add"): _log,
    ("timeline", "print"): lambda f, u: printing.print_communication_record(
        f.cur, u, ALEX_ONLY, "all", TODAY
    ),
    ("ledger", "view"): lambda f, u: timeline_ledger.ledger(f.cur, u, TODAY),
    ("ledger", "edit"): lambda f, u: timeline_ledger.record_progress(
        f.cur, u, f.action, TODAY, done_on=TODAY
    ),
    ("import", "view"): _every(_import, _import_contacts),
    ("import", "add"): _every(_apply_import, _apply_contacts),
    ("users", "view"): lambda f, u: users.list_users(f.cur, u),
    ("users", "add"): lambda f, u: users.create_account(
        f.cur, u, "newbie", "New Person", "teacher", "long enough password"
    ),
    ("users", "manage users"): lambda f, u: users.set_active(f.cur, u, "office", False),
    ("settings", "view"): lambda f, u: school_settings.get_settings(f.cur, u),
    ("settings", "edit"): _every(
        lambda f, u: school_settings.save_settings(f.cur, u, "New Name", 4), _load_term_dates
    ),
    ("settings", "backup"): lambda f, u: backup.back_up_now(f.cur, u, NOW),
    ("settings", "restore"): _restore,
    ("surgery", "view"): lambda f, u: surgery_grid.week_counts(f.cur, u, TODAY, TUESDAY),
    ("surgery", "book"): _every(_book, _correct_carer),
    ("surgery", "move"): lambda f, u: bookings.move(f.cur, u, f.booking, f.other_slot, NOW),
    ("surgery", "cancel"): lambda f, u: cancelling.cancel(f.cur, u, f.booking, "Ill", NOW),
    ("surgery", "hold"): lambda f, u: bookings.hold(f.cur, u, f.free_slot, "For Year 5", NOW),
    ("surgery", "attend"): lambda f, u: attendance.mark_attended(
        f.cur, u, f.booking, NOW + timedelta(days=1)
    ),
    ("surgery", "record"): _record_meeting,
    ("surgery", "needs"): lambda f, u: meetings_due.meetings_due(f.cur, u, TODAY),
    ("surgery", "print"): lambda f, u: printing.print_day_sheet(f.cur, u, TUESDAY, TODAY),
    ("surgery", "sessions"): lambda f, u: sessions.add_session(f.cur, u, EXTRA_SESSION, NOW),
    ("transition", "view"): lambda f, u: transition_tracker.tracker(f.cur, u, TODAY),
    ("transition", "open"): lambda f, u: packs.packs_for_pupil(f.cur, u, ALEX),
    ("transition", "add"): lambda f, u: packs.start_pack(
        f.cur, u, SIOBHAN, dict(_MOVE), TODAY, NOW
    ),
    ("transition", "edit"): lambda f, u: packs.save_version(
        f.cur, u, f.pack, {"about_me": "Likes Lego."}, [], NOW
    ),
    ("transition", "status"): lambda f, u: stages.change_status(
        f.cur, u, f.pack, "shared with parents", {}, TODAY, NOW
    ),
    ("transition", "print"): lambda f, u: transition_printing.print_pack(f.cur, u, f.pack, TODAY),
    ("transition", "restricted"): _restricted_in_pack,
    ("outbox", "view"): lambda f, u: outbox.list_outbox(f.cur, u),
    ("outbox", "records"): lambda f, u: _queue_email(f, u, "written record"),
    ("outbox", "invitations"): lambda f, u: _queue_email(f, u, "invitation"),
    ("outbox", "manage"): lambda f, u: mail_server.save_mail_settings(f.cur, u, MAIL_SETTINGS),
}
CELLS = sorted(
    {(s, a) for screens in access.MATRIX.values() for s, acts in screens.items() for a in acts}
)
SCREENS = sorted({s for screens in access.MATRIX.values() for s in screens})


def test_every_cell_of_the_matrix_has_a_probe():
    # A new screen or action without a way to try it here fails this test.
    assert sorted(PROBES) == CELLS


@pytest.mark.parametrize("username", EVERYONE)
@pytest.mark.parametrize(("screen", "action"), CELLS, ids=lambda v: str(v))
def test_sendlib_lets_each_role_do_exactly_what_the_matrix_says(
    cur, staff, username, screen, action, tmp_path
):
    db.set_setting(cur, backup.FOLDER_SETTING, str(tmp_path))
    fixture = Fixture(cur, staff)
    user = users.get_user(cur, username)
    allowed = access.can(user, screen, action)
    try:
        PROBES[(screen, action)](fixture, user)
    except PermissionDenied:
        assert not allowed, f"{username} was refused {action} on {screen}"
    else:
        assert allowed, f"{username} was let {action} on {screen}"


# --- row rules ----------------------------------------------------------------------------


def test_a_teacher_sees_only_their_own_classes_pupils(cur, staff):
    teacher = staff["teacher"]
    assert sorted(register_listing.list_register(cur, teacher, ALL)["pupil_id"]) == [ALEX, SIOBHAN]
    for attempt in (
        lambda: record.get_profile(cur, teacher, ZOE),
        lambda: entries.log_choices(cur, teacher, ZOE),
        lambda: packs.start_pack(cur, teacher, ZOE, dict(_MOVE), TODAY, NOW),
        lambda: printing.print_profile(cur, teacher, ZOE, TODAY),
    ):
        with pytest.raises(NotFound):
            attempt()


def test_the_office_never_sees_needs_plans_or_notes(cur, staff):
    fixture = Fixture(cur, staff)
    office = staff["office"]
    booking = bookings.get_booking(cur, office, fixture.booking)
    shown = " ".join(str(v) for v in booking.__dict__.values())
    for private in ("SPLD", "Specific learning", "Ask the SENCo first", "kind and curious"):
        assert private not in shown
    grid = surgery_grid.grid(cur, office, TUESDAY, TUESDAY)
    assert grid["agenda"].isna().all()
    for refused in (("pupil", "view"), ("register", "view"), ("timeline", "view")):
        with pytest.raises(PermissionDenied):
            PROBES[refused](fixture, office)


# --- through the pages, as a person clicks --------------------------------------------------


@pytest.fixture(scope="module")
def pages_db(tmp_path_factory):
    path = make_school(tmp_path_factory.mktemp("rights") / "school.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        yield serve(path, mp)


def _account(path, change):
    cur = db.cursor(db.connect(path))
    change(cur, users.get_user(cur, "senco"))
    cur.close()


def test_a_change_of_role_holds_from_the_next_click(pages_db):
    at = run_page("pages/register.py", "teacher")
    assert "Alex Nguyễn" in shown_text(at)
    _account(pages_db, lambda cur, senco: users.change_role(cur, senco, "teacher", "office"))
    try:
        at.run()  # the same signed-in session, one click later: signed out, to sign in afresh
        assert [w.value for w in at.warning] == [
            "You have been signed out because your account was changed. Please sign in again."
        ]
        assert at.text_input(key="login_username").label == "Username"
        assert "Alex Nguyễn" not in shown_text(at)
        at = run_page("pages/register.py", "teacher")  # signed in again, with the new role
        assert [e.value for e in at.error] == [
            "School office accounts cannot open SEN register. Choose a page from the menu."
        ]
    finally:
        _account(
            pages_db, lambda cur, senco: users.change_role(cur, senco, "teacher", "teacher", ["5A"])
        )


def test_a_deactivated_account_is_signed_out_on_the_next_click(pages_db):
    at = run_page("pages/register.py", "teacher")
    assert "Alex Nguyễn" in shown_text(at)
    _account(pages_db, lambda cur, senco: users.set_active(cur, senco, "teacher", False))
    try:
        at.run()
        assert at.text_input(key="login_username").label == "Username"
        assert "Alex Nguyễn" not in shown_text(at)
    finally:
        _account(pages_db, lambda cur, senco: users.set_active(cur, senco, "teacher", True))


# What each action looks like on its page: the control a person would use. A role sees the
# control exactly where the matrix lets it do the action.
PAGE_CONTROLS = {
    ("home", "figures"): ("app.py", {}, "Meeting parents (Code of Practice 6.65 and 6.67)"),
    ("home", "lists"): ("app.py", {}, "The pupils not met this term, ready to book"),
    ("home", "print"): ("app.py", {}, "Termly report for governors"),
    ("register", "add"): ("pages/register.py", {}, "Add a pupil to the register"),
    ("register", "export"): ("pages/register.py", {}, "Export CSV"),
    ("register", "print"): ("pages/register.py", {}, "Print list (PDF)"),
    ("register", "edit"): (
        "pages/pupil.py",
        {"pupil": "3", "tab": "Status history"},
        "Change status",
    ),
    ("pupil", "print"): ("pages/pupil.py", {"pupil": "3"}, "Print profile (PDF)"),
    ("pupil", "archive"): ("pages/pupil.py", {"pupil": "3", "tab": "Edit"}, "Archive as a leaver"),
    ("pupil", "export"): ("pages/pupil.py", {"pupil": "3"}, "Subject access export (zip)"),
    ("pupil", "restricted"): (
        "pages/pupil.py",
        {"pupil": "3", "tab": "Edit"},
        "Ask the SENCo first.",
    ),
    ("timeline", "add"): ("pages/log.py", {"pupil": "3"}, "Save to the timeline"),
    ("timeline", "print"): (
        "pages/timeline.py",
        {"pupil": "3"},
        "Print the communication record (PDF)",
    ),
    ("ledger", "edit"): ("pages/ledger.py", {}, "Mark as replied"),
    ("users", "add"): ("pages/users.py", {}, "Add an account"),
    ("users", "manage users"): ("pages/users.py", {}, "Deactivate or reactivate"),
    ("settings", "backup"): ("pages/settings.py", {}, "Back up now"),
    ("settings", "edit"): ("pages/settings.py", {}, "Save sign-in settings"),
    ("surgery", "needs"): ("pages/surgery.py", {}, "Who needs a meeting"),
    ("surgery", "book"): ("pages/surgery.py", {"slot": "FREE"}, "Book this slot"),
    ("surgery", "hold"): ("pages/surgery.py", {"slot": "FREE"}, "Hold this slot instead"),
    ("surgery", "move"): ("pages/surgery.py", {"slot": "BOOKED"}, "Move the booking"),
    ("surgery", "cancel"): ("pages/surgery.py", {"slot": "BOOKED"}, "Cancel the booking"),
    ("surgery", "print"): ("pages/surgery.py", {}, "Week grid (PDF)"),
    ("transition", "open"): ("pages/transition.py", {}, "September handover"),
    ("audit", "export"): ("pages/audit.py", {}, "Export as CSV"),
    ("retention", "edit"): ("pages/retention.py", {}, "Years kept after the pupil turns 25"),
}


@pytest.fixture(scope="module")
def controls_db(tmp_path_factory):
    path = make_school(tmp_path_factory.mktemp("controls") / "school.duckdb")
    cur = db.cursor(db.connect(path))
    accounts = {u.role: u for u in [users.get_user(cur, n) for n in EVERYONE]}
    fixture = Fixture(cur, accounts)
    slots = {
        "FREE": str(fixture.free_slot),
        "BOOKED": str(db.scalar(cur, "SELECT active_slot_id FROM bookings")),
    }
    cur.close()
    with pytest.MonkeyPatch.context() as mp:
        yield serve(path, mp), slots


@pytest.mark.parametrize("username", EVERYONE)
@pytest.mark.parametrize("screen", sorted(ui.PAGES), ids=str)
def test_each_role_opens_exactly_the_pages_the_matrix_gives_it(controls_db, screen, username):
    at = run_page(ui.PAGES[screen][0], username)
    assert not at.exception
    refused = [e.value for e in at.error if e.value.endswith("Choose a page from the menu.")]
    assert (not refused) == access.can(users_role(username), screen)


@pytest.mark.parametrize("username", EVERYONE)
@pytest.mark.parametrize(("screen", "action"), sorted(PAGE_CONTROLS), ids=str)
def test_each_role_sees_exactly_the_controls_the_matrix_gives_it(
    controls_db, screen, action, username
):
    _, slots = controls_db
    page, query, label = PAGE_CONTROLS[(screen, action)]
    query = {k: slots.get(v, v) for k, v in query.items()}
    tab = query.pop("tab", None)  # the profile's tab the control is on
    at = run_page(page, username, query=query, state={"pupil_tab": tab} if tab else None)
    assert not at.exception
    assert (label in shown_text(at)) == access.can(users_role(username), screen, action), label


@pytest.mark.parametrize("username", EVERYONE)
def test_only_who_manages_accounts_sees_the_unlock_for_a_paused_account(controls_db, username):
    """The office account paused by guesses from many computers a minute ago."""
    path, _ = controls_db
    cur = db.cursor(db.connect(path))
    now = datetime.now(UTC)
    if signins.username_paused_until(cur, "office") is None:
        for n in range(signins.PAUSE_USERNAME_AFTER):
            signins.record_failure(cur, "office", f"10.0.9.{n}", now - timedelta(seconds=60 - n))
    cur.close()
    at = run_page("pages/users.py", username)
    assert not at.exception
    shown = any(b.label.startswith("Unlock ") for b in at.button)
    assert shown == access.can(users_role(username), "users", "manage users")


def users_role(username: str) -> str:
    return {"head": "viewer"}.get(username, username)
