"""Which way imports go in sendlib: the work of the school (pupils, timeline, surgeries,
transition, reporting) never reaches up to the screens (sendlib.ui, Streamlit) and only the
printing modules reach the paper layouts (sendlib.pdf); and no module imports itself round a
circle, however deep inside a function the import hides."""

from __future__ import annotations

import ast
from pathlib import Path

SENDLIB = Path(__file__).resolve().parents[1] / "sendlib"
# The checked and audited entry points that turn records into paper: they call sendlib.pdf.
PRINTING = {
    "sendlib.reporting.printing",
    "sendlib.reporting.termly_report",
    "sendlib.transition.printing",
    "sendlib.pupils.subject_access",
}


def _name(path: Path) -> str:
    parts = path.relative_to(SENDLIB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module this file imports, at the top or inside a function ("from sendlib.pupils
    import register" imports sendlib.pupils.register; "from sendlib.ui import md_escape", sendlib.ui). Imports
    only for type checkers (under `if TYPE_CHECKING:`) never run, and are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                found.add(
                    inner if _source(inner).exists() or _package(inner).exists() else node.module
                )
    return found


def _source(name: str) -> Path:
    return SENDLIB.parent.joinpath(*name.split(".")).with_suffix(".py")


def _package(name: str) -> Path:
    return SENDLIB.parent.joinpath(*name.split("."), "__init__.py")


MODULES = {_name(path): path for path in SENDLIB.rglob("*.py")}
GRAPH = {
    name: {m for m in _imports(path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


def _is_domain(name: str) -> bool:
    return not name.startswith(("sendlib.ui", "sendlib.pdf")) and name != "sendlib.__main__"


def test_the_schools_work_never_imports_the_screens():
    upward = sorted(
        f"{name} imports {target}"
        for name, path in MODULES.items()
        if _is_domain(name)
        for target in _imports(path)
        if target.split(".")[0] == "streamlit" or target.startswith("sendlib.ui")
    )
    assert not upward, upward


def test_only_the_printing_modules_import_the_paper_layouts():
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if _is_domain(name) and name not in PRINTING
        for target in targets
        if target.startswith("sendlib.pdf")
    )
    assert not upward, upward


def _circle_from(start: str) -> list[str] | None:
    """A path of imports from start back to itself, if there is one."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for target in sorted(GRAPH[name]):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_no_module_imports_itself_round_a_circle():
    circles = {" -> ".join(c) for name in sorted(GRAPH) if (c := _circle_from(name))}
    assert not circles, sorted(circles)


def test_the_checks_see_imports_hidden_inside_functions():
    # The graph is what the three checks read: a function-local import is in it.
    assert "sendlib.pupils.listing" in GRAPH["sendlib.ui"]


ROLE_NAMES = {"senco", "teacher", "office", "viewer"}


def _role_comparisons(path: Path) -> list[str]:
    """Comparisons of a role with a role's name, in code or in SQL: "user.role == 'office'",
    "role in ('senco', 'teacher')", "WHERE role = 'senco'"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = {
                c.value
                for side in sides
                for c in ast.walk(side)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
            if names & ROLE_NAMES and any(
                isinstance(side, ast.Attribute | ast.Name) and "role" in ast.unparse(side)
                for side in sides
            ):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for role in ROLE_NAMES:
                if f"role = '{role}'" in node.value or f"role <> '{role}'" in node.value:
                    found.append(f"{path.name}:{node.lineno}: {node.value.strip()}")
    return found


def test_roles_are_compared_only_where_rights_are_written():
    root = SENDLIB.parent
    files = [*SENDLIB.rglob("*.py"), *(root / "pages").glob("*.py"), root / "app.py"]
    found = [
        hit for path in files if path != SENDLIB / "access.py" for hit in _role_comparisons(path)
    ]
    assert not found, found


def test_the_role_check_sees_a_comparison_in_code_and_in_sql(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'if user.role == "office":\n    pass\n'
        "ok = role in ('senco', 'teacher')\n"
        "SQL = \"SELECT 1 FROM users WHERE role = 'senco'\"\n"
    )
    assert len(_role_comparisons(sample)) == 3


def test_the_schools_time_zone_is_named_once():
    # Everything else takes SCHOOL_TZ or SCHOOL_TZ_ID from sendlib.words, in Python and in SQL.
    root = SENDLIB.parent
    files = [*SENDLIB.rglob("*.py"), *(root / "pages").glob("*.py"), root / "app.py"]
    named = sorted(
        f"{path.relative_to(root)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "'Europe/London'" in line or '"Europe/London"' in line
    )
    assert named == ["sendlib/words.py:10"], named
