"""The library's shape: four packages importing in one direction, no Streamlit, no import cycles."""

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
