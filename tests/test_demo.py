"""The fictional demo school: size, determinism, and data a SENCo would recognise as real."""

from __future__ import annotations

import argparse
import hashlib
from datetime import date, timedelta

import bcrypt
import pytest
from stdnum.gb import upn as upn_rules

from sendlib import __main__ as cli
from sendlib import db, demo, users
from sendlib.demo import school as demo_school
from sendlib.demo.base import term_start
from sendlib.errors import ValidationError
from sendlib.pupils import agencies, contacts, fields
from sendlib.school import year as school_year

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def school(demo_conn, demo_summary):
    """The small demo school (conftest builds it once, seed 2026, on TODAY), read by this
    module's tests: a cursor on it, and what the build reported."""
    return db.cursor(demo_conn), demo_summary


def rows(cur, sql, params=None):
    return cur.execute(sql, params or []).fetchall()


def pupils_checksum(cur) -> str:
    data = rows(cur, "SELECT * EXCLUDE (created_at, updated_at) FROM pupils ORDER BY pupil_id")
    return hashlib.sha256(repr(data).encode("utf-8")).hexdigest()


def test_small_school_has_420_pupils_and_about_70_on_the_register(school):
    cur, summary = school
    assert summary.pupils == 420
    assert db.scalar(cur, "SELECT count(*) FROM pupils WHERE date_left IS NULL") == 420
    assert 55 <= summary.on_register <= 85
    assert summary.on_register == sum(summary.by_status.values())
    k, e, watch = (summary.by_status[s] for s in ("K", "E", "monitoring"))
    assert 0.12 <= e / (k + e) <= 0.22
    assert 0.1 * k <= watch <= 0.3 * k
    assert summary.leavers == db.scalar(
        cur, "SELECT count(*) FROM pupils WHERE date_left IS NOT NULL"
    )
    assert summary.leavers > 0
    assert summary.contacts and summary.agencies and summary.plans
    classes = rows(cur, "SELECT year_group, count(DISTINCT class_name) FROM pupils GROUP BY 1")
    assert sorted(classes) == [(year, 2) for year in range(7)]
    sizes = rows(cur, "SELECT count(*) FROM pupils WHERE date_left IS NULL GROUP BY class_name")
    assert all(size == (30,) for size in sizes)


def test_same_seed_and_day_give_the_same_school(school, tmp_path):
    cur, _ = school
    again = db.connect(tmp_path / "again.duckdb")
    demo.build_school(again.cursor(), "small", seed=2026, today=TODAY)
    assert pupils_checksum(again.cursor()) == pupils_checksum(cur)
    tables = ("sen_status", "needs", "contacts", "plan_outcomes", "agencies", "plans")
    for table in (*tables, "terms", "closures", "communications", "actions"):
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        assert rows(again.cursor(), sql) == rows(cur, sql), table
    again.close()


def test_another_seed_gives_another_school():
    first = demo_school.generate(demo.SIZES["small"], 1, TODAY)
    second = demo_school.generate(demo.SIZES["small"], 2, TODAY)
    assert [p.upn for p in first.pupils] != [p.upn for p in second.pupils]


def test_every_upn_is_valid_and_unique(school):
    cur, _ = school
    upns = [u for (u,) in rows(cur, "SELECT upn FROM pupils")]
    assert len(upns) == len(set(upns))
    for upn in upns:
        assert upn_rules.validate(upn) == upn


def test_birth_dates_fit_the_year_group(school):
    cur, _ = school
    for born, year, left in rows(cur, "SELECT date_of_birth, year_group, date_left FROM pupils"):
        assert school_year.is_plausible_for_year(born, year, left or TODAY)
    in_year = [
        school_year.chronological_year_group(born, TODAY) == year
        for born, year in rows(
            cur, "SELECT date_of_birth, year_group FROM pupils WHERE date_left IS NULL"
        )
    ]
    assert sum(in_year) >= 0.98 * len(in_year)


def test_register_pupils_pass_the_apps_own_checks(school):
    cur, _ = school
    found = rows(
        cur,
        "SELECT p.*, s.status, n1.code, n2.code FROM pupils p "
        "JOIN sen_status s ON s.pupil_id = p.pupil_id AND s.end_date IS NULL "
        "LEFT JOIN needs n1 ON n1.pupil_id = p.pupil_id AND n1.rank = 1 "
        "LEFT JOIN needs n2 ON n2.pupil_id = p.pupil_id AND n2.rank = 2",
    )
    names = [d[0] for d in cur.description]
    for row in found:
        values = dict(zip(names, row, strict=True))
        values.update(status=row[-3], primary_need=row[-2], secondary_need=row[-1])
        _, problems = fields.validate(values, TODAY)
        assert problems == [], (values["upn"], problems)


def test_one_open_status_per_register_pupil_and_a_sound_history(school):
    cur, _ = school
    assert (
        rows(
            cur,
            "SELECT pupil_id FROM sen_status WHERE end_date IS NULL GROUP BY 1 HAVING count(*) > 1",
        )
        == []
    )
    assert (
        rows(
            cur,
            "SELECT s.pupil_id FROM sen_status s JOIN pupils p USING (pupil_id) "
            "WHERE s.end_date IS NULL AND p.date_left IS NOT NULL",
        )
        == []
    )
    assert (
        rows(
            cur,
            "SELECT * FROM sen_status WHERE start_date > ? OR end_date < start_date "
            "OR reason IS NULL",
            [TODAY],
        )
        == []
    )
    # Periods follow one another: each closed one ends when the pupil's next one starts.
    history = rows(
        cur,
        "SELECT pupil_id, start_date, end_date, lead(start_date) OVER w, p.date_left "
        "FROM sen_status JOIN pupils p USING (pupil_id) "
        "WINDOW w AS (PARTITION BY pupil_id ORDER BY start_date)",
    )
    for _, _, end, next_start, left in history:
        if next_start is not None:
            assert end == next_start
        elif left is not None:
            assert end == left
    earlier = db.scalar(
        cur,
        "SELECT count(DISTINCT pupil_id) FROM sen_status WHERE end_date IS NOT NULL",
    )
    assert earlier >= 20


def test_needs_follow_the_census_rules(school):
    cur, _ = school
    needs = rows(
        cur,
        "SELECT n.pupil_id, n.rank, n.code, coalesce(s.status, last.status) FROM needs n "
        "LEFT JOIN sen_status s ON s.pupil_id = n.pupil_id AND s.end_date IS NULL "
        "LEFT JOIN (SELECT pupil_id, arg_max(status, start_date) AS status FROM sen_status "
        "GROUP BY pupil_id) last ON last.pupil_id = n.pupil_id",
    )
    assert needs
    for _, _, code, status in needs:
        assert status is not None  # nobody off the register has a need recorded
        if code == "NSA":
            assert status == "K"
    by_pupil = {}
    for pupil_id, rank, code, _ in needs:
        by_pupil.setdefault(pupil_id, {})[rank] = code
    for ranks in by_pupil.values():
        assert 1 in ranks
        assert ranks.get(2) != ranks[1]
    assert sum(2 in ranks for ranks in by_pupil.values()) >= 0.25 * len(by_pupil)
    missing = rows(
        cur,
        "SELECT s.pupil_id FROM sen_status s LEFT JOIN needs n ON n.pupil_id = s.pupil_id "
        "AND n.rank = 1 WHERE s.end_date IS NULL AND s.status IN ('K', 'E') AND n.code IS NULL",
    )
    assert missing == []


def test_every_ehc_plan_has_dates_a_year_apart_at_most(school):
    cur, _ = school
    e_pupils = {p for (p,) in rows(cur, "SELECT pupil_id FROM sen_status WHERE status = 'E'")}
    plans = rows(
        cur,
        "SELECT pupil_id, issue_date, la_caseworker, caseworker_phone, last_review, "
        "next_review FROM ehc_plans",
    )
    assert {p[0] for p in plans} >= {
        p
        for (p,) in rows(
            cur, "SELECT pupil_id FROM sen_status WHERE status = 'E' AND end_date IS NULL"
        )
    }
    for pupil_id, issued, caseworker, contact, last, upcoming in plans:
        assert pupil_id in e_pupils
        assert caseworker and contact
        assert issued <= last <= TODAY
        assert last < upcoming <= last + timedelta(days=366)


def test_names_are_diverse_and_some_pupils_go_by_another_name(school):
    cur, _ = school
    names = rows(cur, "SELECT legal_forename, legal_surname, known_as FROM pupils")
    assert any(not f"{first}{last}".isascii() for first, last, _ in names)
    assert any(known and known != first for first, _, known in names)
    languages = {lang for (lang,) in rows(cur, "SELECT first_language FROM pupils")}
    assert "English" in languages and len(languages) >= 6
    assert rows(cur, "SELECT * FROM pupils WHERE eal <> (first_language <> 'English')") == []


def test_register_pupils_have_a_profile_and_others_do_not(school):
    cur, _ = school
    filled = db.scalar(
        cur,
        "SELECT avg((strengths IS NOT NULL)::INT) FROM pupils p JOIN sen_status s "
        "USING (pupil_id) WHERE s.end_date IS NULL AND s.status IN ('K', 'E')",
    )
    assert filled > 0.8
    # Texts are for pupils on the register now, or for leavers who were on it.
    assert (
        db.scalar(
            cur,
            "SELECT count(*) FROM pupils p WHERE strengths IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM sen_status s WHERE s.pupil_id = p.pupil_id "
            "AND (s.end_date IS NULL OR p.date_left IS NOT NULL))",
        )
        == 0
    )


def test_contacts_are_addressed_properly_and_reachable(school):
    cur, _ = school
    found = rows(
        cur,
        "SELECT pupil_id, form_of_address, preferred_channel, phone, email, household, "
        "relationship FROM contacts",
    )
    assert found
    for _, address, channel, phone, email, household, relationship in found:
        assert channel in contacts.CHANNELS
        assert address and address.split()[0] in {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}
        assert address not in ("Mum", "Dad") and relationship
        assert phone is None or phone.startswith("07700 900") and len(phone) == 12
        assert email is None or email.endswith(("@example.org", "@example.com"))
        assert email is None or email.isascii()
        assert household in (1, 2)
        if channel == "email":
            assert email
    per_pupil = rows(
        cur,
        "SELECT s.pupil_id, count(c.contact_id), max(c.household) FROM sen_status s "
        "LEFT JOIN contacts c USING (pupil_id) WHERE s.end_date IS NULL GROUP BY 1",
    )
    assert all(1 <= count <= 3 for _, count, _ in per_pupil)
    two_homes = sum(most == 2 for _, _, most in per_pupil) / len(per_pupil)
    assert 0.03 <= two_homes <= 0.3
    assert db.scalar(cur, "SELECT count(*) FROM contacts WHERE interpreter_needed") > 0


def test_agencies_use_known_services_and_statuses(school):
    cur, _ = school
    found = rows(cur, "SELECT service, status, referral_date FROM agencies")
    assert found
    for service, status, referred in found:
        assert service in agencies.SERVICES
        assert status in agencies.AGENCY_STATUSES
        assert (referred is None) == (status == "considering")
        assert referred is None or referred <= TODAY


def test_support_plans_run_in_cycles(school):
    cur, _ = school
    current = rows(
        cur,
        "SELECT s.pupil_id, count(pl.plan_id) FILTER (WHERE pl.reviewed_on IS NULL), "
        "count(pl.plan_id) FROM sen_status s LEFT JOIN plans pl USING (pupil_id) "
        "JOIN pupils p USING (pupil_id) "
        "WHERE s.end_date IS NULL AND s.status IN ('K', 'E') GROUP BY 1",
    )
    assert all(open_plans == 1 for _, open_plans, _ in current)
    assert sum(total >= 2 for _, _, total in current) >= 0.6 * len(current)
    this_term = term_start(TODAY)
    starts = rows(
        cur,
        "SELECT pl.start_date, pl.review_date FROM plans pl JOIN pupils p USING (pupil_id) "
        "WHERE pl.reviewed_on IS NULL AND p.date_left IS NULL",
    )
    assert all(this_term <= start <= TODAY for start, _ in starts)
    assert all(
        timedelta(weeks=5) < review - start < timedelta(weeks=13) for start, review in starts
    )
    outcomes = rows(
        cur,
        "SELECT pl.plan_id, pl.reviewed_on IS NULL, count(*), count(o.rating), "
        "min(o.rating), max(o.rating), (SELECT count(*) FROM plan_provision v "
        "WHERE v.plan_id = pl.plan_id) FROM plans pl JOIN plan_outcomes o USING (plan_id) "
        "GROUP BY pl.plan_id, pl.reviewed_on",
    )
    assert len(outcomes) == db.scalar(cur, "SELECT count(*) FROM plans")
    for _, is_current, count, rated, low, high, provision in outcomes:
        assert 2 <= count <= 4 and 1 <= provision <= 3
        if is_current:
            assert rated == 0
        else:
            assert rated == count and -2 <= low <= high <= 2
    assert (
        rows(
            cur,
            "SELECT * FROM plans WHERE reviewed_on IS NOT NULL AND (evaluation IS NULL "
            "OR reviewed_on < start_date)",
        )
        == []
    )


def test_demo_accounts_exist_with_their_roles(school):
    cur, _ = school
    assert {a.role for a in demo.DEMO_ACCOUNTS} == {"senco", "teacher", "office", "viewer"}
    for account in demo.DEMO_ACCOUNTS:
        user = users.find_active_user(cur, account.username)
        assert user is not None and user.role == account.role
        assert len(account.password) >= users.MIN_PASSWORD_LENGTH
        stored = db.scalar(
            cur, "SELECT password_hash FROM users WHERE username = ?", [account.username]
        )
        assert bcrypt.checkpw(account.password.encode(), stored.encode())
    teacher = users.get_user(cur, "teacher")
    assert 1 <= len(teacher.classes) <= 2
    for class_name in teacher.classes:
        on_register = db.scalar(
            cur,
            "SELECT count(*) FROM pupils p JOIN sen_status s USING (pupil_id) "
            "WHERE p.class_name = ? AND s.end_date IS NULL AND p.date_left IS NULL",
            [class_name],
        )
        assert on_register > 0


def test_the_database_is_marked_as_the_demo(school, cur):
    built, _ = school
    assert demo.is_demo(built)
    assert "fictional" in db.get_setting(built, "school_name")
    assert db.get_setting(built, "demo_size") == "small"
    assert not demo.is_demo(cur)


def test_a_database_with_pupils_is_refused_and_left_alone(school):
    cur, summary = school
    with pytest.raises(demo.DatabaseNotEmpty, match=r"already has [\d,]+ pupils"):
        demo.build_school(cur, "small", today=TODAY)
    assert db.scalar(cur, "SELECT count(*) FROM pupils") == summary.pupils + summary.leavers


def test_the_command_line_refuses_a_database_with_pupils(tmp_path, capsys):
    path = tmp_path / "school.duckdb"
    conn = db.connect(path)
    body = "801200002001"
    conn.execute(
        "INSERT INTO pupils (upn, legal_forename, legal_surname, date_of_birth, year_group, "
        "class_name) VALUES (?, 'Zoë', 'Nowak', DATE '2018-01-12', 3, '3B')",
        [upn_rules.calc_check_digit(body) + body],
    )
    conn.close()
    args = argparse.Namespace(size="small", db=str(path), seed=1, today=None)
    assert demo.main_demo(args) == 1
    assert "already has 1 pupil." in capsys.readouterr().err
    assert cli.main(["demo", "--db", str(path)]) == 1
    conn = db.connect(path)
    assert db.scalar(conn, "SELECT count(*) FROM users") == 0
    conn.close()


def test_an_unknown_size_is_refused(cur):
    with pytest.raises(ValidationError, match="huge"):
        demo.build_school(cur, "huge", today=TODAY)


def test_every_size_is_described():
    assert set(demo.SIZES) == {"small", "secondary", "trust"}
    assert [demo.SIZES[s].pupils for s in ("small", "secondary", "trust")] == [420, 2000, 20000]
    assert all(size.description and size.school_name for size in demo.SIZES.values())


# ---------------------------------------------------------------------------------------------
# The communication timeline, the promise ledger and the calendar they are counted in

NOW = f"(DATE '{TODAY}' + INTERVAL 16 HOUR)::TIMESTAMPTZ"  # the build's "now": today at 16:00
SCHOOL_DAY = (
    "(dayofweek({d}) BETWEEN 1 AND 5 "
    "AND EXISTS (SELECT 1 FROM terms t WHERE {d} BETWEEN t.starts AND t.ends) "
    "AND NOT EXISTS (SELECT 1 FROM closures k WHERE {d} BETWEEN k.starts AND k.ends))"
)


def test_small_school_has_a_few_thousand_communications_and_hundreds_of_actions(school):
    cur, summary = school
    assert summary.communications == db.scalar(cur, "SELECT count(*) FROM communications")
    assert summary.actions == db.scalar(cur, "SELECT count(*) FROM actions")
    assert 1500 <= summary.communications <= 4000
    assert 400 <= summary.actions <= 1500
    by_direction = dict(rows(cur, "SELECT direction, count(*) FROM communications GROUP BY 1"))
    assert set(by_direction) == {"from parent", "to parent", "with agency", "within school"}
    channels = {c for (c,) in rows(cur, "SELECT DISTINCT channel FROM communications")}
    assert {"phone", "email", "text", "meeting in person", "home-school book"} <= channels


def test_nothing_on_the_timeline_is_in_the_future(school):
    cur, _ = school
    later = db.scalar(
        cur,
        f"SELECT count(*) FROM communications WHERE happened_at > {NOW} OR entered_at > {NOW} "
        f"OR replied_at > {NOW} OR written_record_given > DATE '{TODAY}'",
    )
    assert later == 0
    assert (
        db.scalar(
            cur,
            f"SELECT count(*) FROM actions WHERE created_at > {NOW} "
            f"OR done_date > DATE '{TODAY}' OR parent_told > DATE '{TODAY}'",
        )
        == 0
    )


def test_communications_are_typed_in_after_they_happen_and_answered_after_they_came(school):
    cur, _ = school
    assert (
        rows(
            cur,
            "SELECT communication_id FROM communications WHERE entered_at < happened_at "
            "OR replied_at < happened_at OR (replied_at IS NOT NULL AND NOT needs_reply) "
            "OR entered_at > happened_at + INTERVAL 5 DAY",
        )
        == []
    )
    needing = db.scalar(
        cur, "SELECT avg(needs_reply::INT) FROM communications WHERE direction = 'from parent'"
    )
    assert 0.25 <= needing <= 0.7
    others = "SELECT count(*) FROM communications WHERE needs_reply AND direction <> 'from parent'"
    assert db.scalar(cur, others) == 0


def test_communications_belong_to_register_pupils_and_their_own_contacts_and_agencies(school):
    cur, _ = school
    found = rows(
        cur,
        "SELECT c.communication_id, c.direction, c.contact_id, k.pupil_id = c.pupil_id, "
        "c.agency_id, a.pupil_id = c.pupil_id, a.referral_date <= c.happened_at::DATE "
        "FROM communications c LEFT JOIN contacts k USING (contact_id) "
        "LEFT JOIN agencies a USING (agency_id)",
    )
    for _, direction, contact, own_contact, agency, own_agency, referred in found:
        if direction in ("from parent", "to parent"):
            assert contact is not None and own_contact
        if direction == "with agency":
            assert agency is not None and own_agency and referred
        else:
            assert agency is None
        if direction == "within school":
            assert contact is None
    # Only while on the register (or, for leavers, until they left).
    outside = rows(
        cur,
        "SELECT c.communication_id FROM communications c JOIN pupils p USING (pupil_id) "
        "WHERE NOT EXISTS (SELECT 1 FROM sen_status s WHERE s.pupil_id = c.pupil_id "
        "AND s.start_date <= c.happened_at::DATE "
        "AND coalesce(s.end_date, DATE '9999-12-31') >= c.happened_at::DATE) "
        "OR c.happened_at::DATE > coalesce(p.date_left, DATE '9999-12-31')",
    )
    assert outside == []


def test_ehc_plans_bring_the_most_contact_and_monitoring_the_least(school):
    cur, _ = school
    per_pupil = dict(
        rows(
            cur,
            "SELECT s.status, count(c.communication_id) / count(DISTINCT s.pupil_id) "
            "FROM sen_status s JOIN pupils p USING (pupil_id) "
            "LEFT JOIN communications c ON c.pupil_id = s.pupil_id "
            "WHERE s.end_date IS NULL AND p.date_left IS NULL AND s.start_date <= ? GROUP BY 1",
            [TODAY - timedelta(days=365)],
        )
    )
    assert per_pupil["E"] > per_pupil["K"] > per_pupil["monitoring"]


def test_communications_happen_on_school_days_with_some_parents_writing_in_the_evening(school):
    cur, _ = school
    on_school_days = db.scalar(
        cur,
        "SELECT avg(" + SCHOOL_DAY.format(d="happened_at::DATE") + "::INT) FROM communications",
    )
    assert on_school_days >= 0.95
    assert (
        db.scalar(
            cur,
            "SELECT count(*) FROM communications WHERE NOT "
            + SCHOOL_DAY.format(d="happened_at::DATE")
            + " AND direction <> 'from parent'",
        )
        == 0
    )
    evenings = db.scalar(
        cur,
        "SELECT count(*) FROM communications WHERE direction = 'from parent' "
        "AND hour(happened_at) >= 18",
    )
    assert evenings > 0


def test_meetings_say_what_kind_who_led_and_who_came(school):
    cur, _ = school
    meetings = rows(
        cur,
        "SELECT meeting_kind, led_by, attendees, written_record_given, happened_at::DATE "
        "FROM communications WHERE meeting_kind IS NOT NULL",
    )
    assert meetings
    kinds = {"APDR review", "parent surgery", "EHCP annual review", "parents' evening", "other"}
    assert {kind for kind, *_ in meetings} == kinds
    for _, led_by, attendees, record, held in meetings:
        assert led_by in ("class teacher", "SENCo", "other") and attendees
        assert record is None or held <= record <= TODAY
    leads = dict(
        rows(
            cur,
            "SELECT meeting_kind, mode(led_by) FROM communications "
            "WHERE meeting_kind IS NOT NULL GROUP BY 1",
        )
    )
    assert leads["APDR review"] == "class teacher" and leads["EHCP annual review"] == "SENCo"
    recorded = sum(record is not None for *_, record, _ in meetings) / len(meetings)
    assert 0.7 <= recorded < 1


def test_most_pupils_on_sen_support_are_met_three_times_a_year_but_not_all(school):
    cur, _ = school
    last_year = date(2025, 9, 1), date(2026, 8, 31)
    met = [
        count
        for (count,) in rows(
            cur,
            "SELECT count(c.communication_id) FROM sen_status s JOIN pupils p USING (pupil_id) "
            "LEFT JOIN communications c ON c.pupil_id = s.pupil_id "
            "AND c.meeting_kind IS NOT NULL AND c.happened_at::DATE BETWEEN ? AND ? "
            "WHERE s.status = 'K' AND s.end_date IS NULL AND s.start_date < ? "
            "AND p.date_left IS NULL GROUP BY s.pupil_id",
            [*last_year, last_year[0]],
        )
    ]
    assert met and sum(met) / len(met) >= 2.5
    assert sum(count >= 3 for count in met) >= 0.5 * len(met)
    not_met_this_term = db.scalar(
        cur,
        "SELECT count(*) FROM sen_status s JOIN pupils p USING (pupil_id) "
        "WHERE s.status = 'K' AND s.end_date IS NULL AND p.date_left IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM communications c WHERE c.pupil_id = s.pupil_id "
        "AND c.meeting_kind IS NOT NULL AND c.happened_at >= DATE '2026-09-01')",
    )
    assert not_met_this_term > 0  # the tracker has someone to show


def test_some_messages_are_still_awaiting_a_reply_past_the_target(school):
    cur, _ = school
    waiting = rows(
        cur,
        "SELECT (SELECT count(*) FROM range(c.happened_at::DATE + 1, DATE '"
        + str(TODAY)
        + "' + 1, INTERVAL 1 DAY) r(d) WHERE "
        + SCHOOL_DAY.format(d="r.d::DATE")
        + ") FROM communications c WHERE c.needs_reply AND c.replied_at IS NULL",
    )
    assert any(days > 3 for (days,) in waiting)  # over the three-school-day target
    answered = db.scalar(
        cur, "SELECT count(*) FROM communications WHERE needs_reply AND replied_at IS NOT NULL"
    )
    assert len(waiting) < 0.1 * answered


def test_actions_have_owners_due_dates_and_are_mostly_done(school):
    cur, _ = school
    staff = {a.username: a.name for a in demo.DEMO_ACCOUNTS}
    found = rows(
        cur,
        "SELECT a.owner_kind, a.owner_username, a.owner_name, a.due_date, a.done_date, "
        "a.parent_told, a.created_at, a.created_by, c.happened_at, c.pupil_id = a.pupil_id "
        "FROM actions a JOIN communications c USING (communication_id)",
    )
    # Every action is agreed in a communication, but the app's own follow-ups (a missed surgery).
    assert len(found) == db.scalar(cur, "SELECT count(*) FROM actions WHERE reason IS NULL")
    for kind, username, name, due, done, told, created, by, agreed, same_pupil in found:
        assert same_pupil and by in ("senco", "teacher")
        assert created >= agreed
        # One to four weeks on, or the start of next term when the holiday comes first.
        assert timedelta(days=3) <= due - agreed.date() <= timedelta(days=60)
        assert done is None or created.date() <= done <= TODAY
        assert told is None or (done is not None and done <= told)
        if kind == "staff":
            assert username in ("senco", "teacher") and name == staff[username]
        else:
            assert username is None
        if kind == "parent":  # as sendlib.timeline.ledger names them: 'Ms Khan (mother)'
            assert name.endswith(")") and name.split()[0] in {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}
    weeks = [row[3] - row[8].date() for row in found]
    assert sum(w <= timedelta(days=31) for w in weeks) >= 0.9 * len(weeks)
    due_on_school_days = db.scalar(
        cur, "SELECT bool_and(" + SCHOOL_DAY.format(d="due_date") + ") FROM actions"
    )
    assert due_on_school_days
    kinds = {kind for kind, *_ in found}
    assert kinds == {"staff", "parent", "pupil", "agency"}
    done = sum(row[4] is not None for row in found) / len(found)
    assert 0.8 <= done < 1
    monday = TODAY - timedelta(days=TODAY.weekday())
    open_due = [row[3] for row in found if row[4] is None]
    assert any(due < TODAY for due in open_due)  # overdue
    assert any(monday <= due <= monday + timedelta(days=6) for due in open_due)  # this week
    assert any(due > monday + timedelta(days=6) for due in open_due)  # later


def test_terms_and_closures_cover_the_years_on_the_timeline(school):
    cur, _ = school
    terms = rows(cur, "SELECT academic_year, name, starts, ends FROM terms ORDER BY starts")
    years = sorted({year for year, *_ in terms})
    assert years == list(range(years[0], years[-1] + 1))
    span = "SELECT min(happened_at)::DATE, max(happened_at)::DATE FROM communications"
    first, last = rows(cur, span)[0]
    assert date(years[0], 9, 1) <= first and last <= date(years[-1] + 1, 8, 31)
    for year in years:
        mine = [t for t in terms if t[0] == year]
        assert [t[1] for t in mine] == ["autumn", "spring", "summer"]
        autumn, spring, summer = mine
        assert autumn[2].month == 9 and autumn[3].month == 12
        assert spring[2].month == 1 and spring[3].month in (3, 4)
        assert summer[2].month == 4 and summer[3].month == 7
    closures = rows(cur, "SELECT starts, ends, reason FROM closures")
    assert {reason for *_, reason in closures} >= {"half term", "bank holiday"}
    assert sum(reason == "half term" for *_, reason in closures) == 3 * len(years)


def test_times_are_clock_times_in_england_in_summer_too(tmp_path):
    summer = date(2026, 7, 8)  # British Summer Time: an hour off UTC
    conn = db.connect(tmp_path / "summer.duckdb")
    demo.build_school(conn.cursor(), "small", seed=7, today=summer)
    cur = conn.cursor()
    cur.execute("SET TimeZone = 'Europe/London'")
    latest, earliest, first_meeting = rows(
        cur,
        "SELECT max(happened_at), min(hour(happened_at)), "
        "min(hour(happened_at)) FILTER (WHERE meeting_kind IS NOT NULL) FROM communications",
    )[0]
    assert latest.date() == summer and latest.hour < 16
    assert earliest >= 7 and first_meeting >= 8
    conn.close()
