"""The demo school's transition packs: Year 6 leavers at every stage, tied to the timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

import pytest

from sendlib import db, demo, users
from sendlib.demo import transition as demo_transition
from sendlib.transition import packs as transition_packs
from sendlib.transition import printing
from sendlib.transition import tracker as transition_tracker
from sendlib.words import SCHOOL_TZ

TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(16, 0), SCHOOL_TZ)


@pytest.fixture(scope="module")
def school(demo_conn):
    """The small demo school (conftest builds it once, seed 2026, on TODAY), read by this
    module's tests: a cursor on it, and its SENCo."""
    cur = db.cursor(demo_conn)
    return cur, users.get_user(cur, "senco")


def rows(cur, sql, params=None):
    return cur.execute(sql, params or []).fetchall()


def test_the_tracker_lists_year_six_with_a_mix_of_packs_and_some_not_started(school):
    cur, senco = school
    frame = transition_tracker.tracker(cur, senco, TODAY)
    assert set(frame["Year"]) == {"Year 6"}
    on_register = rows(
        cur,
        "SELECT count(*) FROM pupils p JOIN sen_status s ON s.pupil_id = p.pupil_id "
        "AND s.end_date IS NULL WHERE p.date_left IS NULL AND p.year_group = 6",
    )[0][0]
    assert len(frame) == on_register >= 5
    stages = Counter(frame["Pack"])
    assert stages["not started"] >= 1
    assert {"draft", "shared with parents", "agreed with parents"} <= set(stages)
    started = len(frame) - stages["not started"]
    assert 0.4 <= started / len(frame) <= 0.8
    assert stages["handed over"] <= 2  # September is a long way off
    packs = frame[frame["Pack"] != "not started"]
    assert set(packs["Moving to"]) <= {s for s, _ in demo_transition.SETTINGS[6]}


def test_packs_are_primary_to_secondary_next_september_and_dated_before_today(school):
    cur, _ = school
    packs = rows(cur, "SELECT move_kind, move_date, created_by, created_at FROM transition_packs")
    assert packs
    for kind, moving, who, created in packs:
        assert kind == "primary to secondary" and who == "senco"
        assert date(2027, 9, 1) <= moving <= date(2027, 9, 7) and moving.weekday() < 5
        assert created.date() < TODAY
    (latest,) = rows(cur, "SELECT max(happened_on) FROM pack_events")[0]
    assert latest < TODAY
    (entered,) = rows(cur, "SELECT max(recorded_at) FROM pack_events")[0]
    assert entered <= NOW


def test_each_status_has_its_events_and_each_step_a_timeline_entry(school):
    cur, senco = school
    path = ("draft", "shared with parents", "agreed with parents", "handed over")
    for (pack_id,) in rows(cur, "SELECT pack_id FROM transition_packs ORDER BY pack_id"):
        pack = transition_packs.get_pack(cur, senco, pack_id)
        seen = [e.status for e in pack.events]
        assert seen[0] == "draft" and seen[-1] == pack.status
        assert seen == [s for s in path if s in seen]  # in order, none twice
        if pack.status == "handed over" and "agreed with parents" not in seen:
            assert pack.events[-1].reason
        assert pack.version == (1 if pack.status == "draft" else 2)
        assert pack.tasks and (pack.status == "draft" or pack.sections["about_me"])
        assert "Restricted" not in pack.sections["what_works"]
    missing = rows(
        cur,
        "SELECT e.pack_id, e.status FROM pack_events e LEFT JOIN communications c "
        "USING (communication_id) WHERE e.status <> 'draft' AND c.communication_id IS NULL",
    )
    assert missing == []
    entries = rows(
        cur,
        "SELECT e.status, c.subject, c.direction, c.happened_at, c.entered_at, t.pupil_id, "
        "c.pupil_id FROM pack_events e JOIN communications c USING (communication_id) "
        "JOIN transition_packs t ON t.pack_id = e.pack_id",
    )
    assert {status for status, *_ in entries} >= {"shared with parents", "agreed with parents"}
    for status, subject, direction, happened, entered, pack_pupil, pupil in entries:
        assert pack_pupil == pupil and happened <= entered <= NOW
        if status == "agreed with parents":
            assert (subject, direction) == ("Parents agreed the transition pack", "from parent")


def test_agreed_packs_have_the_parents_comments_in_their_words(school):
    cur, senco = school
    agreed = rows(
        cur,
        "SELECT e.person, e.comments, c.parent_views FROM pack_events e "
        "JOIN communications c USING (communication_id) WHERE e.status = 'agreed with parents'",
    )
    assert agreed
    for person, comments, views in agreed:
        assert person and comments and comments == views
        assert "{" not in comments
    (pack_id,) = rows(
        cur, "SELECT pack_id FROM transition_packs WHERE status = 'agreed with parents' LIMIT 1"
    )[0]
    pack = transition_packs.get_pack(cur, senco, pack_id)
    assert printing.status_line(pack).startswith("Agreed with the parents on ")


def test_the_same_seed_gives_the_same_packs():
    def build() -> list[tuple]:
        conn = db.connect(":memory:")
        demo.build_school(conn.cursor(), "small", seed=7, today=TODAY)
        found = rows(
            conn,
            "SELECT t.pupil_id, t.status, t.receiving_setting, e.status, e.happened_on, "
            "e.comments FROM transition_packs t JOIN pack_events e USING (pack_id) ORDER BY 1, 4",
        )
        conn.close()
        return found

    assert build() == build()
