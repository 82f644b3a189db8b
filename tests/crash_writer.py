"""Run by tests/test_crash.py: a writer to be killed. It loads the app once, then for each line
`import PATH CHECKPOINT` or `book PATH CHECKPOINT` read from standard input forks a child that
opens the database and imports pupils (or books and cancels surgery slots) until it is killed;
when that child has died it prints `ended`. Lines printed, each flushed at once:
`ready PID`, `writing N` just before a write, `written N` once it is committed."""

from __future__ import annotations

import csv
import io
import os
import sys
from datetime import datetime

from stdnum.gb import upn as upn_rules

from sendlib import db, users
from sendlib.pupils import importing
from sendlib.surgery import bookings, cancelling, slots
from sendlib.words import SCHOOL_TZ

BATCH = 25  # pupils in each imported file
TODAY = datetime(2026, 11, 23, 16, 30, tzinfo=SCHOOL_TZ)
HEADER = [
    "UPN",
    "Legal Surname",
    "Legal Forename",
    "DOB",
    "Year",
    "Reg Group",
    "SEN Status",
    "Primary Need",
]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def upn(serial: int) -> str:
    body = f"8732041{serial:05d}"
    return upn_rules.calc_check_digit(body) + body


def mis_file(first: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for serial in range(first, first + BATCH):
        writer.writerow(
            [upn(serial), f"Crash{serial}", "Kim", "14/11/2015", "Year 6", "6H", "K", "SPLD"]
        )
    return out.getvalue().encode()


def import_forever(cur: db.Cursor, senco: users.User) -> None:
    for batch in range(1_000_000):
        first = db.scalar(cur, "SELECT count(*) FROM pupils")
        frame = importing.read_csv(mis_file(first))
        mapping = importing.suggest_mapping(list(frame.columns))
        checked = importing.preview_import(cur, senco, frame, mapping, TODAY.date(), f"{batch}.csv")
        say(f"writing {batch}")
        importing.apply_import(cur, senco, checked, TODAY.date())
        say(f"written {batch}")


def book_forever(cur: db.Cursor, senco: users.User) -> None:
    for turn in range(1_000_000):
        free = slots.free_slots(cur, TODAY, limit=1)[0]
        say(f"writing {turn}")
        booking = bookings.book(cur, senco, free.slot_id, 1, 1, "phone", f"turn {turn}", TODAY)
        say(f"written {turn}")
        say(f"writing {turn}c")
        cancelling.cancel(cur, senco, booking, "crash test", TODAY)
        say(f"written {turn}c")


def child(what: str, path: str, checkpoint: str) -> None:
    conn = db.connect(path)
    if checkpoint != "default":
        # A tiny threshold makes every commit write a checkpoint, so kills land in those too.
        conn.execute(f"SET checkpoint_threshold = '{checkpoint}'")
    cur = db.cursor(conn)
    senco = users.find_active_user(cur, "senco")
    say(f"ready {os.getpid()}")
    (import_forever if what == "import" else book_forever)(cur, senco)


def main() -> None:
    for line in sys.stdin:
        what, path, checkpoint = line.split()
        pid = os.fork()
        if pid == 0:
            child(what, path, checkpoint)  # an error ends the child with its traceback
            os._exit(1)  # never reached: the writer loops until it is killed
        os.waitpid(pid, 0)
        say("ended")


if __name__ == "__main__":
    main()
