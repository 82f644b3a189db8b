"""Timings of the printed papers: a pupil's profile, the communication record of 200 entries,
the office's day sheet, the governors' termly report, a transition pack and a September
handover of HANDOVER_PACKS packs; and, in other scripts, a profile with Arabic and Bengali names
and a written record with a parent's words in Urdu."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bench.timing import TODAY, median_ms, school_copy
from sendlib import db, users
from sendlib.reporting import printing

HANDOVER_PACKS = 30


def time_communication_record(path: Path, repeat: int) -> float:
    """The communication record PDF of the school's 200 newest entries."""
    from sendlib.pdf.communication_record import build_communication_record
    from sendlib.timeline import listing as timeline_listing

    conn = db.connect(path)
    cur = conn.cursor()
    senco = users.get_user(cur, "senco")
    newest = timeline_listing.TimelineFilter(date_from=TODAY.replace(month=9, day=1))
    entries = timeline_listing.list_full_entries(cur, senco, newest)[-200:]
    records = printing.record_entries(cur, entries, TODAY)
    conn.close()

    def build() -> bytes:
        return build_communication_record(
            "Bench Pupil", "Year 9", records, "200 entries", "Bench School", TODAY, "Bench"
        )

    build()
    return median_ms(build, repeat)


def time_profile_pdf(path: Path, repeat: int) -> float:
    conn = db.connect(path)
    cur = conn.cursor()
    senco = users.get_user(cur, "senco")
    # The pupil with the most plans: the longest profile.
    pupil_id = db.scalar(
        cur, "SELECT pupil_id FROM plans GROUP BY pupil_id ORDER BY count(*) DESC LIMIT 1"
    )
    printing.print_profile(cur, senco, pupil_id, TODAY)
    median = median_ms(lambda: printing.print_profile(cur, senco, pupil_id, TODAY), repeat)
    conn.close()
    return median


def surgery_day(cur: db.Cursor) -> date:
    """The Tuesday this term, from today on, with the most surgery bookings."""
    return db.scalar(
        cur,
        "SELECT s.session_date FROM surgery_sessions s JOIN surgery_slots sl USING (session_id) "
        "JOIN bookings b ON b.active_slot_id = sl.slot_id "
        "WHERE s.session_date >= ? AND dayofweek(s.session_date) = 2 AND s.cancelled_at IS NULL "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        [TODAY],
    )


def time_day_sheet(path: Path, repeat: int) -> float:
    """The office's day sheet PDF for a busy surgery day."""
    conn = db.connect(path)
    cur = db.cursor(conn)
    office = users.get_user(cur, "office")
    day = surgery_day(cur)
    assert day is not None, "no surgery day with bookings"
    assert printing.print_day_sheet(cur, office, day, TODAY).startswith(b"%PDF")
    median = median_ms(lambda: printing.print_day_sheet(cur, office, day, TODAY), repeat)
    conn.close()
    return median


def time_termly_report(path: Path, repeat: int) -> float:
    """The governors' termly report for this term, charts drawn, as the head prints it."""
    from sendlib.reporting import termly_report
    from sendlib.school import calendar

    conn = db.connect(path)
    cur = db.cursor(conn)
    head = users.get_user(cur, "head")
    term = calendar.this_term(cur, TODAY)

    def run() -> bytes:
        return termly_report.print_termly_report(cur, head, term, TODAY)

    assert run().startswith(b"%PDF")  # warm: the chart renderer starts once per process
    median = median_ms(run, repeat)
    conn.close()
    return median


def time_transition_pdfs(path: Path, repeat: int) -> tuple[float, float]:
    """One pupil's transition pack PDF (the furthest-on pack with the most text), and a
    September handover of HANDOVER_PACKS packs: a class's own when one has that many, else the
    demo's packs repeated to make up the number, built into one PDF."""
    from sendlib.pdf.transition_pack import build_batch_pdf
    from sendlib.transition import packs as transition_packs
    from sendlib.transition import printing as transition_printing

    conn = db.connect(path)
    cur = db.cursor(conn)
    senco = users.get_user(cur, "senco")
    pack_ids = [
        pack_id
        for (pack_id,) in cur.execute(
            "SELECT t.pack_id FROM transition_packs t JOIN pack_versions v USING (pack_id) "
            "GROUP BY t.pack_id, t.status ORDER BY max(v.version) DESC, "
            "max(length(v.sections)) DESC, t.pack_id"
        ).fetchall()
    ]
    assert pack_ids, "the demo school has no transition packs"

    def one() -> bytes:
        return transition_printing.print_pack(cur, senco, pack_ids[0], TODAY)

    assert one().startswith(b"%PDF")
    pack_ms = median_ms(one, repeat)
    biggest = cur.execute(
        "SELECT p.class_name, count(*) FROM transition_packs t JOIN pupils p USING (pupil_id) "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    if biggest[1] >= HANDOVER_PACKS:

        def handover() -> bytes:
            return transition_printing.print_handover(cur, senco, biggest[0], "Bench", TODAY)

    else:

        def handover() -> bytes:
            chosen = pack_ids[:HANDOVER_PACKS]
            packs = [transition_packs.get_pack(cur, senco, pack_id) for pack_id in chosen]
            documents = [transition_printing.pack_document(cur, senco, p) for p in packs]
            batch = (documents * HANDOVER_PACKS)[:HANDOVER_PACKS]
            return build_batch_pdf(
                batch, "September handover: bench", "Bench School", "Bench", TODAY
            )

    assert handover().startswith(b"%PDF")
    handover_ms = median_ms(handover, max(1, repeat // 2))
    conn.close()
    return pack_ms, handover_ms


URDU_VIEWS = (
    "ہم چاہتے ہیں کہ عائشہ گھر پر پڑھنے سے لطف اندوز ہو۔ وہ ہر رات کتاب پڑھتی ہے، اور ہمیں خوشی "
    "ہے کہ اسکول میں اسے مدد مل رہی ہے۔ ہمیں بتائیں کہ ہم گھر پر کیا کر سکتے ہیں۔"
)


def time_other_scripts(path: Path, repeat: int) -> tuple[float, float]:
    """On a copy of the school: the profile PDF of the pupil with the most plans, renamed in
    Arabic and Bengali (a parent in Urdu), and the written record of a meeting whose parent's
    words are an Urdu paragraph."""
    with school_copy(path, "scripts") as cur:
        return _renamed_papers(cur, repeat)


def _renamed_papers(cur: db.Cursor, repeat: int) -> tuple[float, float]:
    senco = users.get_user(cur, "senco")
    pupil_id = db.scalar(
        cur, "SELECT pupil_id FROM plans GROUP BY pupil_id ORDER BY count(*) DESC LIMIT 1"
    )
    cur.execute(
        "UPDATE pupils SET legal_forename = 'محمد', legal_surname = 'সুমাইয়া বেগম', "
        "known_as = NULL WHERE pupil_id = ?",
        [pupil_id],
    )
    cur.execute(
        "UPDATE contacts SET name = 'نسرین بیگم', forename = 'نسرین', surname = 'بیگم', "
        "title = NULL, form_of_address = NULL WHERE pupil_id = ?",
        [pupil_id],
    )
    meeting = db.scalar(
        cur, "SELECT communication_id FROM communications WHERE meeting_kind IS NOT NULL "
        "ORDER BY happened_at DESC LIMIT 1",
    )  # fmt: skip
    cur.execute(
        "UPDATE communications SET parent_views = ? WHERE communication_id = ?",
        [URDU_VIEWS, meeting],
    )

    def profile() -> bytes:
        return printing.print_profile(cur, senco, pupil_id, TODAY)

    def record() -> bytes:
        return printing.print_meeting_record(cur, senco, meeting, TODAY)

    assert profile().startswith(b"%PDF") and record().startswith(b"%PDF")
    return median_ms(profile, repeat), median_ms(record, repeat)
