"""No browser script of ours uses JavaScript newer than ES2017: WeChat's and QQ's built-in browsers, where most shared
links open in China, lag behind, and a script with newer syntax does not run at all there (a blank map). Checked with a
JavaScript parser (tree-sitter) on every file the reader door and the app send: our modules and every vendored script.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

from layers.maps.assets import OWN_DIR, VENDOR_DIR

PARSER = Parser(Language(tree_sitter_javascript.language()))
FILES = [*sorted(OWN_DIR.glob("minhang-*.js")), *sorted(VENDOR_DIR.rglob("*.js"))]


def _has(node: Node, *types: str) -> bool:
    return any(child.type in types for child in node.children)


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


# Each kind of syntax newer than ES2017: the node type, a test of the node, and what it is (with its edition).
NEWER: list[tuple[str, Callable[[Node], bool], str]] = [
    ("optional_chain", lambda n: True, "optional chaining a?.b (ES2020)"),
    ("field_definition", lambda n: True, "a class field (ES2022)"),
    ("private_property_identifier", lambda n: True, "a private name #x (ES2022)"),
    ("class_static_block", lambda n: True, "a static block (ES2022)"),
    ("binary_expression", lambda n: _has(n, "??"), "nullish coalescing ?? (ES2020)"),
    ("augmented_assignment_expression", lambda n: _has(n, "||=", "&&=", "??="), "logical assignment (ES2021)"),
    ("spread_element", lambda n: n.parent is not None and n.parent.type == "object", "object spread (ES2018)"),
    ("rest_pattern", lambda n: n.parent is not None and n.parent.type == "object_pattern", "object rest (ES2018)"),
    ("for_in_statement", lambda n: _has(n, "await"), "for await (ES2018)"),
    ("catch_clause", lambda n: not _has(n, "("), "catch without a binding (ES2019)"),
    ("number", lambda n: "_" in _text(n) or (_text(n).endswith("n") and not _text(n).lower().startswith("0x")),
     "a BigInt or a numeric separator (ES2020, ES2021)"),
    ("regex_pattern", lambda n: "(?<" in _text(n), "a regex lookbehind or named group (ES2018)"),
    ("regex_flags", lambda n: bool(set(_text(n)) & set("sdv")), "a regex flag newer than ES2017 (s, d, v)"),
]


def newer_syntax(source: bytes) -> list[tuple[int, str]]:
    """Every use of syntax newer than ES2017 in ``source``: (line, what); a parse error counts as one."""
    tree = PARSER.parse(source)
    found = [(1, "does not parse")] if tree.root_node.has_error else []
    todo = [tree.root_node]
    while todo:
        node = todo.pop()
        found += [(node.start_point[0] + 1, what) for kind, test, what in NEWER if node.type == kind and test(node)]
        todo += node.children
    return sorted(found)


@pytest.mark.parametrize("path", FILES, ids=lambda p: Path(p).name)
def test_every_script_we_send_is_es2017(path):
    assert newer_syntax(path.read_bytes()) == []


@pytest.mark.parametrize("code", ["a?.b;", "a ?? b;", "x = {...a};", "var {a, ...b} = c;", "class A { x = 1; }",
                                  "class A { #x; }", "x = 10n;", "try {} catch {}", "a ||= b;", "x = 1_000;",
                                  "async function f() { for await (const x of y) {} }", "x = /(?<=a)b/;",
                                  "x = /(?<n>a)/;", "x = /a/s;", "class A { static { } }", "var x = ;"])
def test_the_check_finds_newer_syntax(code):
    assert newer_syntax(code.encode()), code


def test_the_check_passes_es2017():
    es2017 = ("f(...a); x = [...a]; var [p, ...q] = r; x = () => 1; async function g() { await h(); }"
              "class B extends C { m() { return `t${1}`; } } x = 2 ** 3; x = 0x1f; x = /a(?:b)/gi;"
              "try { f(); } catch (e) {} for (const k of a) {} x = {a, b: 1, [c]: 2};")
    assert newer_syntax(es2017.encode()) == []
