"""Benchmarks (not tests): build large fictional schools and time what a SENCo waits for.

    python -m bench                 # secondary and trust, prints a table
    python -m bench --json out.json # the same figures as JSON, to compare runs
    python -m bench --sizes secondary --repeat 5

Each figure is the median of several runs, in milliseconds, beside its target.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdnum.gb import upn as upn_rules  # noqa: E402

from sendlib import backup, db, demo, restore, signins, users  # noqa: E402
from sendlib.errors import WriteConflict  # noqa: E402
from sendlib.pupils import importing  # noqa: E402
from sendlib.reporting import printing  # noqa: E402
from sendlib.school.calendar import SCHOOL_TZ  # noqa: E402
from sendlib.surgery import bookings  # noqa: E402

TODAY = date(2026, 11, 23)
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 16, 0, tzinfo=SCHOOL_TZ)  # the demo's "now"
RACERS = 50
TARGETS_MS = {
    ("register page", "secondary"): 300,
    ("register page", "trust"): 1000,
    ("profile PDF", "secondary"): 150,
    ("profile PDF", "trust"): 150,
    ("import 2,000-row CSV", "-"): 1000,
    ("build demo school", "trust"): 30_000,
    ("timeline page, one pupil", "secondary"): 300,
    ("timeline page, school-wide 90 days", "secondary"): 300,
    ("timeline page, one pupil", "trust"): 1000,
    ("timeline page, school-wide 90 days", "trust"): 1000,
    ("communication record PDF, 200 entries", "secondary"): 500,
    ("language check, 2,000 characters", "-"): 20,
    ("book the same slot, 50 at once", "secondary"): 2000,
    ("day sheet PDF", "secondary"): 150,
    ("surgery grid page, one week", "secondary"): 300,
    ("surgery grid page, whole term", "secondary"): 300,
    ("transition pack PDF", "secondary"): 300,
    ("September handover, 30 packs", "secondary"): 5000,
    ("transition tracker page", "secondary"): 300,
    ("dashboard (home page)", "secondary"): 400,
    ("dashboard (home page)", "trust"): 1500,
    ("dashboard, staff-meeting mode", "secondary"): 400,
    ("dashboard, staff-meeting mode", "trust"): 1500,
    ("register page, staff-meeting mode", "secondary"): 300,
    ("register page, staff-meeting mode", "trust"): 1000,
    ("termly report PDF", "secondary"): 2000,
    ("back up (copy and check)", "secondary"): 5000,
    ("back up (copy and check)", "trust"): 30_000,
    ("restore a backup", "secondary"): 10_000,
}
HANDOVER_PACKS = 30


@dataclass
class Figure:
    name: str
    scale: str
    median_ms: float
    target_ms: float | None
    runs: int

    @property
    def verdict(self) -> str:
        if self.target_ms is None:
            return ""
        return "ok" if self.median_ms <= self.target_ms else "SLOW"


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _figure(name: str, scale: str, median: float, runs: int) -> Figure:
    return Figure(name, scale, round(median, 1), TARGETS_MS.get((name, scale)), runs)


def build_school(folder: Path, size: str) -> tuple[Path, float]:
    path = folder / f"{size}.duckdb"
    conn = db.connect(path)
    start = time.perf_counter()
    demo.build_school(conn.cursor(), size, today=TODAY)
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    return path, elapsed


def _page_run(
    page: str, query: dict[str, str] | None = None, username: str = "senco"
) -> Callable[[], None]:
    """One AppTest run of a page as the SENCo (or another account), checked to have worked."""
    from streamlit.testing.v1 import AppTest

    from sendlib.ui.signin import SIGN_IN_KEY

    cur = db.cursor(db.connect(os.environ["SENDHUB_DB"]))
    sign_in_id = signins.start(cur, users.get_user(cur, username), "bench").sign_in_id

    def run() -> None:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if page != "app.py":
            at.switch_page(page)
        at.session_state[SIGN_IN_KEY] = sign_in_id
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        assert len(at.dataframe) >= 1

    return run


def time_pages(path: Path, repeat: int) -> dict[str, float]:
    """Warm AppTest runs of the busiest pages as the SENCo, and of an empty page, in ms."""
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # AppTest warns on every run that it has no server
    os.environ["SENDHUB_DB"] = str(path)
    os.environ["SENDHUB_COOKIE_KEY"] = "benchmark-key-not-secret"
    os.environ["SENDHUB_TODAY"] = TODAY.isoformat()
    conn = db.connect(path)
    busiest = db.scalar(
        conn, "SELECT pupil_id FROM communications GROUP BY pupil_id ORDER BY count(*) DESC LIMIT 1"
    )
    # A second SENCo account with staff-meeting mode on: the same pages, masked for a projector.
    projector = users.add_user(conn, "projector", "Projector", "senco", "benchmark-password")
    users.set_staff_meeting(conn, projector, True)
    conn.close()
    week = (TODAY - timedelta(days=TODAY.weekday())).isoformat()
    runs = {
        "register page": _page_run("pages/register.py"),
        "timeline page, one pupil": _page_run("pages/timeline.py", {"pupil": str(busiest)}),
        "timeline page, school-wide 90 days": _page_run("pages/timeline.py"),
        "surgery grid page, one week": _page_run("pages/surgery.py", {"week": week}),
        "surgery grid page, whole term": _page_run(
            "pages/surgery.py", {"week": week, "span": "term"}
        ),
        "transition tracker page": _page_run("pages/transition.py"),
        "dashboard (home page)": _page_run("app.py"),
        "dashboard, staff-meeting mode": _page_run("app.py", username="projector"),
        "register page, staff-meeting mode": _page_run("pages/register.py", username="projector"),
        "empty page (AppTest overhead)": lambda: AppTest.from_string(
            "import streamlit as st\nst.write('empty')"
        ).run(),
    }
    for run in runs.values():
        run()  # warm: open the database, import modules
    return {name: _median_ms(run, repeat) for name, run in runs.items()}


def time_communication_record(path: Path, repeat: int) -> float:
    """The communication record PDF of the school's 200 newest entries."""
    from sendlib.pdf.communication_record import build_communication_record
    from sendlib.timeline import entries as timeline_entries

    conn = db.connect(path)
    cur = conn.cursor()
    senco = users.get_user(cur, "senco")
    newest = timeline_entries.TimelineFilter(date_from=TODAY.replace(month=9, day=1))
    entries = timeline_entries.list_full_entries(cur, senco, newest)[-200:]
    records = printing.record_entries(cur, entries, TODAY)
    conn.close()

    def build() -> bytes:
        return build_communication_record(
            "Bench Pupil", "Year 9", records, "200 entries", "Bench School", TODAY, "Bench"
        )

    build()
    return _median_ms(build, repeat)


def time_language(repeat: int) -> float:
    """The wording check on a 2,000-character message."""
    from sendlib.timeline import language

    message = (
        "Dear Mum, we are going to move Ayaan to the nurture group at lunchtimes. He refuses to "
        "go into the hall and the other children in the class have noticed. The SALT report and "
        "the EHCP review are attached. You need to sign the consent form by Friday. "
    )
    text = (message * (2000 // len(message) + 1))[:2000]
    return _median_ms(lambda: language.check(text, "Ms Khan"), repeat)


def time_profile_pdf(path: Path, repeat: int) -> float:
    conn = db.connect(path)
    cur = conn.cursor()
    senco = users.get_user(cur, "senco")
    # The pupil with the most plans: the longest profile.
    pupil_id = db.scalar(
        cur, "SELECT pupil_id FROM plans GROUP BY pupil_id ORDER BY count(*) DESC LIMIT 1"
    )
    printing.print_profile(cur, senco, pupil_id, TODAY)
    median = _median_ms(lambda: printing.print_profile(cur, senco, pupil_id, TODAY), repeat)
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
    median = _median_ms(lambda: printing.print_day_sheet(cur, office, day, TODAY), repeat)
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
    median = _median_ms(run, repeat)
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
    pack_ms = _median_ms(one, repeat)
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
    handover_ms = _median_ms(handover, max(1, repeat // 2))
    conn.close()
    return pack_ms, handover_ms


def race_for_a_slot(conn: db.Cursor, office: users.User, slot_id: int) -> tuple[float, Counter]:
    """RACERS office users, each on their own cursor, book one slot at the same instant for
    different families: the wall time from the release to the last answer, and the outcomes."""
    families = conn.execute(
        "SELECT p.pupil_id, min(c.contact_id) FROM pupils p JOIN contacts c USING (pupil_id) "
        "WHERE p.date_left IS NULL GROUP BY 1 ORDER BY 1 LIMIT ?",
        [RACERS],
    ).fetchall()
    assert len(families) == RACERS
    cursors = [db.cursor(conn) for _ in range(RACERS)]
    started: list[float] = []
    barrier = threading.Barrier(RACERS, action=lambda: started.append(time.perf_counter()))
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def attempt(cur: db.Cursor, pupil_id: int, contact_id: int) -> None:
        barrier.wait()
        try:
            bookings.book(cur, office, slot_id, pupil_id, contact_id, "in person", "Bench", NOW)
            outcome = "booked"
        except bookings.SlotTaken:
            outcome = "slot taken"
        except WriteConflict:
            outcome = "write conflict"
        except Exception as exc:  # noqa: BLE001 - counted, and the race fails below
            outcome = f"{type(exc).__name__}: {str(exc)[:120]}"
        with lock:
            outcomes[outcome] += 1

    threads = [
        threading.Thread(target=attempt, args=(cur, pupil_id, contact_id))
        for cur, (pupil_id, contact_id) in zip(cursors, families, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = (time.perf_counter() - started[0]) * 1000
    for cur in cursors:
        cur.close()
    active = db.scalar(conn, "SELECT count(*) FROM bookings WHERE active_slot_id = ?", [slot_id])
    assert outcomes["booked"] == 1, f"slot {slot_id}: {dict(outcomes)}"
    assert outcomes["slot taken"] + outcomes["write conflict"] == RACERS - 1, dict(outcomes)
    assert active == 1, f"slot {slot_id} has {active} active bookings"
    return elapsed, outcomes


def time_slot_race(path: Path, repeat: int) -> tuple[float, str]:
    """Book the same free slot RACERS times at once, `repeat` times (a new slot each time): the
    median wall time, and a note of the outcomes. Exactly one booking may succeed each time."""
    conn = db.connect(path)
    try:
        office = users.get_user(db.cursor(conn), "office")
        slots = bookings.free_slots(db.cursor(conn), NOW + timedelta(days=7), repeat)
        assert len(slots) == repeat, "not enough free future slots"
        times, total = [], Counter()
        for slot in slots:
            elapsed, outcomes = race_for_a_slot(conn, office, slot.slot_id)
            times.append(elapsed)
            total.update(outcomes)
    finally:
        conn.close()
    note = ", ".join(f"{count} {what}" for what, count in sorted(total.items()))
    return statistics.median(times), f"{repeat} races of {RACERS}: {note}"


def mis_csv(rows: int) -> bytes:
    """A SIMS-style export of `rows` new pupils, each valid."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(importing.SIMS_HEADER)
    needs = ["SLCN", "SEMH", "MLD", "ASD", "SPLD"]
    for i in range(rows):
        body = f"8734000{i // 1000 + 10:02d}{i % 1000:03d}"
        year = 7 + i % 5
        born = date(TODAY.year - 5 - year - (0 if TODAY.month >= 9 else 1) + 1, 1 + i % 12, 1)
        status = ["", "K", "E", ""][i % 4]
        writer.writerow(
            [
                upn_rules.calc_check_digit(body) + body,
                f"Surname{i}",
                f"Forename{i}",
                "",
                born.strftime("%d/%m/%Y"),
                year,
                f"{year}{'ABCDE'[i % 5]}",
                status,
                needs[i % 5] if status else "",
                "",
            ]
        )
    return out.getvalue().encode("utf-8")


def time_import(folder: Path, repeat: int) -> float:
    data = mis_csv(2000)
    times = []
    for run in range(repeat):
        conn = db.connect(folder / f"import-{run}.duckdb")
        cur = conn.cursor()
        senco = users.add_user(cur, "senco", "Sam Senco", "senco", "benchmark password")
        start = time.perf_counter()
        frame = importing.read_csv(data)
        preview = importing.preview_import(
            cur, senco, frame, importing.suggest_mapping(list(frame.columns)), TODAY, "bench.csv"
        )
        assert preview.ok, preview.problems[:3]
        result = importing.apply_import(cur, senco, preview, TODAY)
        times.append((time.perf_counter() - start) * 1000)
        assert result.created == 2000
        conn.close()
    return statistics.median(times)


def time_backup(path: Path, repeat: int) -> tuple[float, float, float]:
    """Back up (copy and check), check a backup for restoring, and restore it, on a copy of
    the school so the other figures are untouched; the copy's size in MB."""
    work = path.with_name(f"backup-{path.name}")
    shutil.copyfile(path, work)
    conn = db.connect(work)
    cur = db.cursor(conn)
    senco = users.find_active_user(cur, "senco")
    backup.save_backup_settings(cur, senco, str(path.parent / "backups"), 2 * repeat + 2)
    moments = iter(NOW + timedelta(minutes=n) for n in range(10 * repeat))
    made = []
    backup_ms = _median_ms(
        lambda: made.append(backup.take_backup(cur, "bench", next(moments))), repeat
    )
    restore_ms = _median_ms(
        lambda: restore.restore_backup(cur, senco, made[0].path, next(moments)), max(3, repeat // 2)
    )
    conn.close()
    return backup_ms, restore_ms, made[0].size_bytes / 1_000_000


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["secondary", "trust"])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    figures: list[Figure] = []
    notes: list[str] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            path = time_builds(folder, size, figures)
            time_school(path, size, args.repeat, figures, notes)
            if size == "secondary":
                time_papers(path, size, figures)
                # Last: it adds bookings to the database the other figures read.
                time_race(path, size, args.repeat, figures, notes, failures)
        figures.append(_figure("import 2,000-row CSV", "-", time_import(folder, 5), 5))
        figures.append(_figure("language check, 2,000 characters", "-", time_language(50), 50))
    print_results(figures, notes, failures)
    if args.json:
        write_json(args.json, figures, notes, failures)
    return 1 if failures else 0


def time_builds(folder: Path, size: str, figures: list[Figure]) -> Path:
    """Build the demo school two or three times, each in its own folder; the last one's file."""
    builds = []
    for attempt in range(3 if size != "trust" else 2):
        sub = folder / f"{size}-{attempt}"
        sub.mkdir()
        path, elapsed = build_school(sub, size)
        builds.append(elapsed)
    figures.append(_figure("build demo school", size, statistics.median(builds), len(builds)))
    return path


def time_school(
    path: Path, size: str, repeat: int, figures: list[Figure], notes: list[str]
) -> None:
    """What every size is timed on: the pages, the profile PDF, backing up and restoring."""
    for name, median in time_pages(path, repeat).items():
        figures.append(_figure(name, size, median, repeat))
    figures.append(_figure("profile PDF", size, time_profile_pdf(path, 20), 20))
    backup_ms, restore_ms, size_mb = time_backup(path, 5)
    figures.append(_figure("back up (copy and check)", size, backup_ms, 5))
    figures.append(_figure("restore a backup", size, restore_ms, 3))
    notes.append(f"Backup of the {size} school: {size_mb:.0f} MB")


def time_papers(path: Path, size: str, figures: list[Figure]) -> None:
    """The printed papers timed on the secondary school."""
    record_ms = time_communication_record(path, 10)
    figures.append(_figure("communication record PDF, 200 entries", size, record_ms, 10))
    figures.append(_figure("day sheet PDF", size, time_day_sheet(path, 20), 20))
    pack_ms, handover_ms = time_transition_pdfs(path, 10)
    figures.append(_figure("transition pack PDF", size, pack_ms, 10))
    figures.append(_figure("September handover, 30 packs", size, handover_ms, 5))
    figures.append(_figure("termly report PDF", size, time_termly_report(path, 5), 5))


def time_race(
    path: Path,
    size: str,
    repeat: int,
    figures: list[Figure],
    notes: list[str],
    failures: list[str],
) -> None:
    """The booking race; a race that does not end with exactly one booking is a failure."""
    try:
        race_ms, race_note = time_slot_race(path, repeat)
    except AssertionError as exc:  # reported with the table, and the run fails
        failures.append(f"book the same slot, 50 at once ({size}): {exc}")
    else:
        figures.append(_figure("book the same slot, 50 at once", size, race_ms, repeat))
        notes.append(f"Book the same slot, {size}: {race_note}")


def print_results(figures: list[Figure], notes: list[str], failures: list[str]) -> None:
    """The table of figures against their targets, the notes and failures, and the wording
    checker's precision and recall on its test corpus."""
    print(f"Machine: {machine()}")
    print(f"{'what':40} {'scale':10} {'median ms':>10} {'target ms':>10}  ")
    for f in figures:
        target = f"{f.target_ms:.0f}" if f.target_ms else "-"
        print(f"{f.name:40} {f.scale:10} {f.median_ms:10.1f} {target:>10}  {f.verdict}")
    for note in notes:
        print(note)
    for failure in failures:
        print(f"FAILED: {failure}")
    from tests.language_corpus import corpus_scores

    precision, recall, sentences = corpus_scores()
    print(
        f"Wording checker on its test corpus: precision {precision:.2f}, recall {recall:.2f} "
        f"over {sentences} sentences"
    )


def write_json(path: Path, figures: list[Figure], notes: list[str], failures: list[str]) -> None:
    """The same figures as JSON, so that runs can be compared."""
    path.write_text(
        json.dumps(
            {
                "machine": machine(),
                "figures": [asdict(f) for f in figures],
                "notes": notes,
                "failures": failures,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
