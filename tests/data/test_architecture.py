"""The library's shape: four packages importing in one direction, no Streamlit, no import cycles. Around it,
the tests, bench/ and docs/ share their helpers through support/ and never import each other, and no script
edits ``sys.path`` (they run as modules from the project root)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

LAYERS = ROOT / "layers"
ORDER = ("data", "view", "maps", "export")  # each may import only those before it (and itself)
TOP_MODULES = {"__init__.py", "__main__.py", "app.py"}


def modules() -> dict[str, Path]:
    """Every module of ``layers`` by dotted name."""
    out = {}
    for path in sorted(LAYERS.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imported(path: Path) -> Iterator[str]:
    """The modules ``path`` imports (absolute names; ``from a import b`` gives ``a.b`` where that is a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def package(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def test_packages_import_in_one_direction_only():
    known = modules()
    wrong = []
    for name, path in known.items():
        own = package(name)
        if own is None:
            continue
        for target in imported(path):
            other = package(target) if target.startswith("layers.") else None
            if other is not None and ORDER.index(other) > ORDER.index(own):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_the_top_holds_only_the_entry_points_and_each_package_says_what_it_owns():
    assert {p.name for p in LAYERS.glob("*.py")} <= TOP_MODULES
    assert {p.name for p in LAYERS.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(ORDER)
    for name in ORDER:
        doc = ast.get_docstring(ast.parse((LAYERS / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "Imports" in doc, name


def test_no_module_imports_streamlit():
    users = [name for name, path in modules().items()
             if any(t == "streamlit" or t.startswith(("streamlit.", "streamlit_folium")) for t in imported(path))]
    assert users == []


def test_no_import_cycles():
    known = modules()
    graph = {name: {t for t in imported(path) if t in known and t != name} for name, path in known.items()}
    # Package __init__ files that re-export are edges too; a cycle is a path back to where it started.
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# --- the code around the library: tests, benchmarks, docs and the support package they share -------------------
AROUND = ("bench", "docs", "tests", "support")  # support/: the helpers tests, bench/ and docs/ share
SCRIPTS = ROOT / "geodata" / "scripts"


def python_files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imports_of(folder: str, *packages: str) -> list[str]:
    """``file imports module`` for every import under ``folder`` of one of ``packages`` (or a module in it)."""
    found = []
    for path in python_files(ROOT / folder):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {name}" for name in names
                      if name.split(".")[0] in packages]
    return found


def path_edits(path: Path) -> Iterator[str]:
    """Where ``path`` changes ``sys.path``: a call of one of its methods, or an assignment to it or a slice of it."""
    def is_sys_path(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name) \
            and node.value.id == "sys"

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_sys_path(node.func.value) \
                and node.func.attr in {"insert", "append", "extend", "remove", "pop", "clear"}:
            yield f"{path.relative_to(ROOT)}:{node.lineno} sys.path.{node.func.attr}"
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign) else []
        for target in targets:
            if is_sys_path(target.value if isinstance(target, ast.Subscript) else target):
                yield f"{path.relative_to(ROOT)}:{node.lineno} assigns sys.path"


def test_bench_docs_and_support_never_import_the_tests():
    assert [*imports_of("bench", "tests"), *imports_of("docs", "tests"), *imports_of("support", "tests")] == []


def test_the_tests_and_support_never_import_bench():
    assert [*imports_of("tests", "bench"), *imports_of("support", "bench")] == []


def test_nothing_edits_sys_path_scripts_run_as_modules():
    edits = [edit for path in python_files(*(ROOT / name for name in AROUND), SCRIPTS) for edit in path_edits(path)]
    assert edits == []


def test_support_says_what_it_holds_and_for_whom():
    init = ROOT / "support" / "__init__.py"
    assert init.is_file()
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and all(user in doc for user in ("tests", "bench/", "docs/")), doc
