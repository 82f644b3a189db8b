"""People's text is always text: wherever the pages and sendlib.ui build a message, label or help
text for an element that renders Markdown, every piece put into it goes through ui.md_escape
(or is plainly not people's text: a number, a date, a fixed word). Checked in the source with
`ast`, so a new page is covered without a test of its own; and through the pages (AppTest) with
a pupil's name, a subject and a hold note that hold a Markdown image (a tracking beacon)."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, time
from pathlib import Path

import pytest

from sendlib import db, ui, users
from sendlib.pupils import register
from sendlib.surgery import bookings, sessions
from sendlib.transition import packs
from sendlib.words import SCHOOL_TZ
from tests import school
from tests.apptest import as_read, run_page

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "sendlib" / "ui").glob("*.py")),
]

# Streamlit calls (on st, a column, a container or a form) and the positional arguments and
# keywords whose text Streamlit renders as Markdown. `help=` is checked on every call.
MARKDOWN_ARGUMENTS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    **{
        name: ((0,), ("body",))
        for name in ("markdown", "write", "caption", "success", "info", "warning", "error")
    },
    **{name: ((0,), ("body",)) for name in ("title", "header", "subheader", "toast")},
    **{
        name: ((0,), ("label",))
        for name in (
            "expander",
            "button",
            "download_button",
            "form_submit_button",
            "link_button",
            "checkbox",
            "toggle",
            "selectbox",
            "multiselect",
            "radio",
            "segmented_control",
            "pills",
            "select_slider",
            "slider",
            "text_input",
            "text_area",
            "number_input",
            "date_input",
            "time_input",
            "file_uploader",
            "metric",
            "popover",
        )
    },
    "page_link": ((), ("label",)),
    "tabs": ((0,), ("tabs",)),
    # sendlib.ui's own helpers that hand their text to one of the above.
    "flash": ((0,), ("message",)),
    "flash_to": ((1,), ("message",)),
    "labelled": ((0,), ("label",)),  # its second argument is escaped inside
    "download": ((0,), ("label",)),
    "pick_row": ((2,), ("label",)),
    "pupil_picker": ((3,), ("label",)),
}

# Not people's text: what these return, or these names, are numbers, dates or fixed words.
SAFE_CALLS = {
    "md_escape",
    "len",
    "int",
    "round",
    "sum",
    "year_label",
    "status_label",
    "academic_year_label",
    "counted",
    "not_yet_agreed",
}
# A user's role_label is the fixed name of a role ("Class teacher"). A `label` parameter is a
# helper's own (ui.labelled's, ui.download's): its callers give fixed words, checked at each call.
SAFE_ATTRIBUTES = {"role_label"}
SAFE_PARAMETERS = {"label"}
# Methods that change a text's case or spacing, or swap fixed parts: safe when what they work on
# (and with) is.
TEXT_METHODS = {"capitalize", "lower", "upper", "strip", "replace"}
# A strftime pattern ("%d/%m/%Y") or a number's format ("d", ",d", ".1f"): Python refuses these
# for text (`f"{name:d}"` raises), so what they format is a date or a number.
SAFE_SPEC = re.compile(r"^(.*%.*|[,_]?(\.\d+)?[dfen])$")


def _called(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


class _Scope:
    """What each plain name in one function (or the module) was last given, to follow
    `message = f"..."` into `st.info(message)`; and the names that run over a range of numbers
    or over a fixed table (`for a in DEMO_ACCOUNTS`)."""

    def __init__(self, body: ast.AST):
        self.values: dict[str, ast.expr] = {}
        self.fixed: set[str] = set()
        for node in ast.walk(body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.values[target.id] = node.value
            elif isinstance(node, ast.For | ast.comprehension) and _fixed_series(node.iter):
                self.fixed |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}


def _root(node: ast.expr) -> ast.expr:
    """The name an attribute, item or method call starts from: `a` in a.role.capitalize()."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _is_constant(node: ast.expr) -> bool:
    """UPPER_CASE names and module constants (census.NEEDS): fixed when the code was written."""
    if isinstance(node, ast.Attribute):
        return node.attr.isupper() or _is_constant(node.value)
    if isinstance(node, ast.Subscript):
        return _is_constant(node.value)
    return isinstance(node, ast.Name) and node.id.isupper()


def _fixed_series(node: ast.expr) -> bool:
    """range(...), enumerate(...) of numbers, or a fixed table (or its .items())."""
    if isinstance(node, ast.Call) and _called(node) == "range":
        return True
    if isinstance(node, ast.Call) and _called(node) in ("items", "keys", "values"):
        return _is_constant(node.func.value)
    return _is_constant(node)


def _composed(node: ast.expr) -> bool:
    """Text built from pieces: an f-string, %, +, str.format or str.join, a choice between
    texts, or str() of an object (a sendlib error's message)."""
    if isinstance(node, ast.JoinedStr | ast.IfExp):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join")
    return isinstance(node, ast.Call) and _called(node) == "str"


def _pieces(node: ast.expr) -> list[ast.expr]:
    """The parts interpolated into a composed text (an f-string's literal parts left out)."""
    if isinstance(node, ast.JoinedStr):
        found = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                spec = ast.unparse(value.format_spec)[2:-1] if value.format_spec else None
                if spec is None or not SAFE_SPEC.match(spec):
                    found.append(value.value)
        return found
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    found = [node.func.value] if isinstance(node.func, ast.Attribute) else []
    return found + [*node.args, *(k.value for k in node.keywords)]


def _unsafe(node: ast.expr, scope: _Scope, seen: frozenset = frozenset()) -> list[ast.expr]:
    """The pieces of this text that may hold people's words without being escaped."""
    if isinstance(node, ast.Constant) or _is_constant(node):
        return []
    if _composed(node) or (isinstance(node, ast.BinOp)):
        return [p for piece in _pieces(node) for p in _unsafe(piece, scope, seen)]
    if isinstance(node, ast.ListComp | ast.GeneratorExp):
        return _unsafe(node.elt, scope, seen)
    if isinstance(node, ast.Call) and _called(node) in SAFE_CALLS:
        return []
    if isinstance(node, ast.Call) and _called(node) in TEXT_METHODS:
        return [p for piece in _pieces(node) for p in _unsafe(piece, scope, seen)]
    root = _root(node)
    if isinstance(root, ast.Name) and root.id in scope.fixed:
        return []
    if isinstance(node, ast.Attribute) and node.attr in SAFE_ATTRIBUTES:
        return []
    if isinstance(node, ast.Name) and node.id in scope.values and node.id not in seen:
        value = scope.values[node.id]
        inside = _unsafe(value, scope, seen | {node.id})
        # Built a few lines up: point at the pieces there; else at the name, where it is shown.
        return inside if _composed(value) or not inside else [node]
    if isinstance(node, ast.Name) and node.id in SAFE_PARAMETERS:
        return []
    return [node]


def _shown_texts(call: ast.Call) -> list[ast.expr]:
    """The arguments of this call that Streamlit renders as Markdown."""
    name = _called(call)
    positions, keywords = MARKDOWN_ARGUMENTS.get(name, ((), ()))
    texts = [call.args[i] for i in positions if i < len(call.args)]
    texts += [k.value for k in call.keywords if k.arg in (*keywords, "help")]
    if name == "tabs" and texts and isinstance(texts[0], ast.List | ast.Tuple):
        texts = list(texts[0].elts)
    return [t for t in texts if not isinstance(t, ast.Starred)]


def _scopes(tree: ast.Module) -> list[tuple[ast.AST, _Scope]]:
    """The module's own statements and each function, each with the names given in it."""
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    module = ast.Module(
        body=[s for s in tree.body if not isinstance(s, ast.FunctionDef | ast.ClassDef)],
        type_ignores=[],
    )
    return [(module, _Scope(module))] + [(f, _Scope(f)) for f in functions]


def offenders_in(source: str) -> list[tuple[int, str]]:
    """(line, piece) for each unescaped piece of text given to a Markdown-rendering call."""
    found = set()
    for body, scope in _scopes(ast.parse(source)):
        for node in ast.walk(body):
            if not isinstance(node, ast.Call):
                continue
            for text in _shown_texts(node):
                if isinstance(text, ast.Name) and _composed(scope.values.get(text.id, text)):
                    pass  # built a few lines up: check what it was built from
                elif not _composed(text):
                    continue  # a fixed text, or one passed on whole (checked where it is made)
                found |= {(p.lineno, ast.unparse(p)) for p in _unsafe(text, scope)}
    return sorted(found)


def test_every_piece_of_text_shown_as_markdown_is_escaped():
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{line}: {piece} is not escaped with md_escape"
        for path in SOURCES
        for line, piece in offenders_in(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    ("source", "offenders"),
    [
        ('st.success(f"Saved: {subject}.")', ["subject"]),
        ('st.success(f"Saved: {ui.md_escape(subject)}.")', []),
        ('st.button("Open " + pupil.name, key="k")', ["pupil.name"]),
        ('st.info("Held by %s" % note)', ["note"]),
        ('st.caption("; ".join(c.name for c in carers))', ["c.name"]),
        ('st.caption(ui.md_escape("; ".join(c.name for c in carers)))', []),
        ("st.error(str(exc))", ["exc"]),
        ('message = f"Booked for {name}."\nui.flash(message)', ["name"]),
        ('st.text_input("Why", help=f"Asked by {user.name}")', ["user.name"]),
        ('st.tabs(["About", f"Plan for {pupil.name}"])', ["pupil.name"]),
        ('st.caption(f"{len(rows)} rows on {day:%d/%m/%Y}, {count:d} new, {census.NEEDS[c]}")', []),
        ('st.markdown(f"{name:>20}")', ["name"]),
        ('for n in range(3):\n    st.text_input(f"Task {n + 1}")', []),
        ('st.write("Fixed words only.")', []),
    ],
)
def test_the_check_finds_unescaped_pieces(source, offenders):
    assert [piece for _, piece in offenders_in(source)] == offenders


# --- through the pages ------------------------------------------------------------------------

BEACON = "![x](http://example.invalid/beacon.png) **Bold**"
ESCAPED = ui.md_escape(BEACON)  # \!\[x\]\(http\://...: Markdown shows it as typed
ALEX, ZOE = 3, 1
TUESDAY = date(2026, 11, 24)


def shown_as_typed(markdown: str, typed: str = BEACON) -> bool:
    """The text is in this Markdown escaped, so a reader sees it as it was typed, and no image
    (nor bold) is left for the browser to render."""
    return (
        ui.md_escape(typed) in markdown and "![x](" not in markdown and typed in as_read(markdown)
    )


@pytest.fixture
def beacon_school(school_copy):
    """The test school with Alex known as a Markdown image, and a Tuesday surgery pattern."""
    conn = db.connect(school_copy)
    cur = db.cursor(conn)
    senco = users.get_user(cur, "senco")
    pupil = register.get_pupil(cur, senco, ALEX)
    register.save_pupil(cur, senco, {**pupil.__dict__, "known_as": BEACON}, school.TODAY, ALEX)
    sessions.save_pattern(cur, senco, school.TUESDAYS, date(2026, 11, 2))
    conn.close()
    return school_copy


def slot_at(path, clock: time) -> int:
    cur = db.cursor(db.connect(path))
    starts = datetime.combine(TUESDAY, clock, SCHOOL_TZ)
    return db.scalar(cur, "SELECT slot_id FROM surgery_slots WHERE starts_at = ?", [starts])


def test_the_registers_open_button_shows_the_name_as_typed(beacon_school):
    at = run_page(
        "pages/register.py",
        "senco",
        state={
            "register_search": "Nguy",
            "register_table": {"selection": {"rows": [0], "columns": []}},
        },
    )
    assert not at.exception
    label = at.button(key="register_open").label
    assert label == f"Open {ui.md_escape(BEACON + ' Nguyễn')}'s profile"
    assert shown_as_typed(label)


def test_the_transition_packs_heading_shows_the_name_as_typed(beacon_school):
    conn = db.connect(beacon_school)
    cur = db.cursor(conn)
    move = {"move_kind": "class to class", "receiving_setting": "Oak Class",
            "move_date": date(2027, 9, 2)}  # fmt: skip
    packs.start_pack(cur, users.get_user(cur, "senco"), ALEX, move, school.TODAY, school.NOW)
    conn.close()
    at = run_page("pages/transition.py", "senco", {"pupil": str(ALEX)})
    at = at.segmented_control(key="transition_view").set_value("pack").run()
    assert not at.exception
    heading = at.subheader[0].value
    assert as_read(heading) == f"{BEACON} Nguyễn: class to class"
    assert shown_as_typed(heading)


def test_saved_to_the_timeline_shows_the_subject_as_typed(school_copy):
    at = run_page("pages/log.py", "senco", {"pupil": str(ALEX)})
    at.text_input(key="log_subject").input(BEACON)
    at.text_area(key="log_summary").input("Rang about the swimming kit.")
    at.button(key="log_save").click().run()
    assert not at.exception
    assert at.success[0].value == f"Saved to the timeline: {ESCAPED}."
    assert shown_as_typed(at.success[0].value)


def test_booked_for_shows_the_pupils_name_as_typed(beacon_school):
    free = slot_at(beacon_school, time(13, 30))
    at = run_page("pages/surgery.py", "office", {"week": TUESDAY.isoformat(), "slot": str(free)})
    at.selectbox(key="book_pupil").set_value(ALEX).run()
    at.button(key="book_book").click().run()
    assert not at.exception
    assert at.success[0].value == (
        f"Booked Tue 24/11 at 13:30 for {ui.md_escape(BEACON + ' Nguyễn (5A)')}."
    )
    assert shown_as_typed(at.success[0].value)


def test_a_slot_just_held_shows_the_hold_note_as_typed(beacon_school):
    free = slot_at(beacon_school, time(14, 30))
    at = run_page("pages/surgery.py", "office", {"week": TUESDAY.isoformat(), "slot": str(free)})
    at.selectbox(key="book_pupil").set_value(ZOE).run()
    # The SENCo holds the same slot, with a note, while this form is open.
    conn = db.connect(beacon_school)
    cur = db.cursor(conn)
    bookings.hold(cur, users.get_user(cur, "senco"), free, BEACON, school.NOW)
    conn.close()
    at.button(key="book_book").click().run()
    assert not at.exception
    message = at.error[0].value
    assert "has just been held" in as_read(message)
    assert f"held ({BEACON}) by someone else" in as_read(message)
    assert shown_as_typed(message)
