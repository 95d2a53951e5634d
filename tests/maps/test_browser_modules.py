"""The browser code in floors, as the Python packages are (tests/data/test_architecture.py), read with a JavaScript
parser (tree-sitter):

- every name a module uses from another comes from a module it lists in ``layers.maps.assets.BROWSER_MODULES``,
  listed above it (so no loop);
- no module writes a name on the page-wide ``MH`` after it has loaded, nor (the page's own script aside) a variable
  of its own scope: a view, a palette, a width, a library's URL travels with its map;
- no function is over 100 lines (a module's own wrapper aside);
- every map element takes its scripts from the table, in its order, and its script is one call into the browser
  code (``MH.<name>(...)``): no logic is left in a Python template.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

from layers.data.events import load_events
from layers.data.reference import load_reference
from layers.export import html as export_html
from layers.export.formats import Job
from layers.export.html import build_export_map
from layers.maps import elements as elements_package
from layers.maps.assets import BROWSER_MODULES, LAZY, OWN_DIR, module_js, own_js
from layers.view.spec import FilterSpec
from tests.maps.test_base import base_map, boundaries

FILES = {path.stem.removeprefix("minhang-"): path for path in sorted(OWN_DIR.glob("minhang-*.js"))}
PARSER = Parser(Language(tree_sitter_javascript.language()))
FUNCTIONS = {"function_expression", "function_declaration", "arrow_function", "method_definition",
             "generator_function", "generator_function_declaration"}
MAX_FUNCTION_LINES = 100


@dataclass
class Module:
    """What one browser file defines on ``MH`` as it loads, uses from it, writes to it later, and its functions."""

    defines: list[str] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    writes: list[tuple[int, str]] = field(default_factory=list)  # (line, name) written inside a function
    variables: set[str] = field(default_factory=set)  # declared in the module's own scope
    variable_writes: list[tuple[int, str]] = field(default_factory=list)  # (line, name) of those, inside a function
    functions: list[tuple[int, int]] = field(default_factory=list)  # (first line, lines), the wrapper aside


def mh_name(node: Node) -> str | None:
    """``x`` when ``node`` is ``MH.x``."""
    if node.type != "member_expression":
        return None
    obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
    if obj is None or prop is None or obj.type != "identifier" or obj.text != b"MH":
        return None
    return (prop.text or b"").decode()


def read(path: Path) -> Module:
    """The module in ``path``: depth counts the functions around a node, the file's wrapper (an IIFE) being 1."""
    tree = PARSER.parse(path.read_bytes())
    assert not tree.root_node.has_error, f"{path.name} does not parse"
    statements = [n for n in tree.root_node.named_children if n.type != "comment"]
    assert len(statements) == 1, f"{path.name}: everything inside its one wrapper function"
    module, todo = Module(), [(tree.root_node, 0)]
    while todo:
        node, depth = todo.pop()
        if node.type in FUNCTIONS:
            if depth:
                module.functions.append((node.start_point[0] + 1, node.end_point[0] - node.start_point[0] + 1))
            depth += 1
        name = mh_name(node)
        if name is not None:
            module.uses.add(name)
        if node.type == "variable_declarator" and depth == 1:
            declared = node.child_by_field_name("name")
            module.variables.add((declared.text or b"").decode() if declared is not None else "")
        assigned = node.type in ("assignment_expression", "augmented_assignment_expression")
        left = node.child_by_field_name("left") if assigned else None
        written = mh_name(left) if left is not None else None
        if written is not None:
            if depth <= 1:
                module.defines.append(written)
            else:
                module.writes.append((node.start_point[0] + 1, written))
        elif left is not None and left.type == "identifier" and depth > 1:
            module.variable_writes.append((node.start_point[0] + 1, (left.text or b"").decode()))
        todo += [(child, depth) for child in node.children]
    module.variable_writes = [(line, name) for line, name in module.variable_writes if name in module.variables]
    return module


def modules() -> dict[str, Module]:
    return {name: read(path) for name, path in FILES.items()}


def provided(read_modules: dict[str, Module]) -> dict[str, str]:
    """Each MH name -> the module that defines it."""
    owners: dict[str, str] = {}
    for name, module in read_modules.items():
        for defined in module.defines:
            assert defined not in owners, f"MH.{defined} is defined in {owners[defined]} and {name}"
            owners[defined] = name
    return owners


def test_the_table_lists_every_module_below_what_it_needs():
    assert list(FILES) and set(FILES) == set(BROWSER_MODULES)
    order = list(BROWSER_MODULES)
    for name, needs in BROWSER_MODULES.items():
        for need in needs:
            assert order.index(need) < order.index(name), f"{name} needs {need}, which is not above it"
    for name, lazy in LAZY.items():
        assert set(lazy) <= set(BROWSER_MODULES[name])


@pytest.mark.parametrize("name", list(FILES))
def test_a_module_uses_only_what_the_modules_it_lists_provide(name):
    read_modules = modules()
    owners = provided(read_modules)
    for used in sorted(read_modules[name].uses):
        assert used in owners, f"minhang-{name}.js uses MH.{used}, which no module defines"
        owner = owners[used]
        assert owner == name or owner in BROWSER_MODULES[name], \
            f"minhang-{name}.js uses MH.{used} from {owner}, which it does not list in BROWSER_MODULES"


@pytest.mark.parametrize("name", list(FILES))
def test_no_module_writes_page_wide_state(name):
    """``MH`` holds functions, defined once as the module loads; what belongs to one map lives on that map."""
    for line, written in read(FILES[name]).writes:
        raise AssertionError(f"minhang-{name}.js:{line} writes MH.{written} at run time: keep it on its map")


@pytest.mark.parametrize("name", [name for name in FILES if name != "chrome"])
def test_no_map_module_keeps_state_in_its_own_scope(name):
    """A module's own variables are constants and caches by URL; a value that belongs to one map (a camera's
    library, a view) is kept on the map, where a second map on the page keeps its own. The page's own script
    (chrome) is exempt: a page has one document and one language."""
    for line, written in read(FILES[name]).variable_writes:
        raise AssertionError(f"minhang-{name}.js:{line} sets its variable {written} at run time: keep it on its map")


@pytest.mark.parametrize("name", list(FILES))
def test_no_function_is_over_100_lines(name):
    module = read(FILES[name])
    assert module.functions, f"minhang-{name}.js has no function inside its wrapper"
    for line, lines in module.functions:
        assert lines <= MAX_FUNCTION_LINES, f"minhang-{name}.js:{line}: a function of {lines} lines"


def test_every_element_takes_its_scripts_from_the_table():
    ours = {own_js(name): name for name in BROWSER_MODULES}
    found = 0
    for module in [*Path(elements_package.__file__).parent.glob("*.py"), Path(export_html.__file__)]:
        text = module.read_text(encoding="utf-8")
        assert "own_js(" not in text.replace('own_js("compare")[1]', ""), f"{module.name} lists a script by hand"
        found += text.count("module_js(")
    assert found >= 14
    # Each list is closed under its needs and in the table's order.
    for names in (("camera",), ("context",), ("plan", "view"), ("map", "page"), ("share",), ("export",)):
        scripts = [ours[js] for js in module_js(*names)]
        assert scripts == [n for n in BROWSER_MODULES if n in scripts]
        assert all(need in scripts for name in scripts for need in BROWSER_MODULES[name])
    lazy = [ours[js] for js in module_js("plan", "view", lazy=True)]
    assert "compare" not in lazy and {"plan", "view", "card", "headline", "protocol"} <= set(lazy)


def script_calls(fmap) -> dict[str, str]:
    """Each of our elements on ``fmap`` (its class) -> its script as it renders, for every element with one."""
    out: dict[str, str] = {}
    todo = list(fmap._children.values())
    while todo:
        element = todo.pop()
        todo += list(element._children.values())
        kind = type(element)
        if not kind.__module__.startswith(("layers.maps.elements", "layers.export")):
            continue
        macro = getattr(element._template.module, "script", None)
        if macro is not None:
            out[kind.__name__] = str(macro(element, {}))
    return out


def one_call(script: str) -> str | None:
    """``name`` when ``script`` is one statement calling ``MH.name`` (its value kept in a variable or not) with no
    function written in its arguments; else None."""
    tree = PARSER.parse(script.encode("utf-8"))
    statements = [n for n in tree.root_node.named_children if n.type not in ("comment", "empty_statement")]
    if tree.root_node.has_error or len(statements) != 1:
        return None
    (statement,) = statements
    if statement.type in ("variable_declaration", "lexical_declaration"):
        declarators = statement.named_children
        call = declarators[0].child_by_field_name("value") if len(declarators) == 1 else None
    else:
        call = statement.named_children[0] if statement.type == "expression_statement" else None
    if call is None or call.type != "call_expression":
        return None
    callee = call.child_by_field_name("function")
    todo = [call]
    while todo:
        node = todo.pop()
        if node.type in FUNCTIONS:
            return None
        todo += node.children
    return mh_name(callee) if callee is not None else None


@pytest.fixture(scope="module")
def maps(catalog):
    reference = load_reference()
    where = {key: boundaries(reference, key) for key in ("offline", "osm", "gaode")}
    events = load_events(known_ids=catalog.ids)
    exported = build_export_map(Job(catalog.features, reference, FilterSpec(basemap="osm"), events).scene, reference)
    return [base_map(catalog, where, FilterSpec()), base_map(catalog, where, FilterSpec(basemap="osm")), exported]


def test_every_element_is_one_call_into_the_browser_code(maps):
    scripts: dict[str, str] = {}
    for fmap in maps:
        scripts.update(script_calls(fmap))
    # The app's controls, the plan and its view, the overview map, the layer control, the export's ready signal.
    assert {"PageStyle", "CameraControl", "ShareControl", "LazyMeasureControl", "PlanLayer", "PlanView",
            "OfflineMiniMap", "LayerControl", "HtmlControl", "ReadySignal", "TileTone", "Attribution",
            "StationRings"} <= set(scripts)
    for kind, script in sorted(scripts.items()):
        assert one_call(script), f"{kind}'s template is not one call into the browser code:\n{script}"


def test_the_floors_catch_a_misplaced_use_a_write_a_long_function_and_a_template_with_logic(tmp_path, monkeypatch):
    """The tests above can fail: each planted fault is named."""
    fake = dict(FILES)
    bad = tmp_path / "minhang-tiles.js"
    bad.write_text(FILES["tiles"].read_text(encoding="utf-8").replace(
        "MH.tilesFailed = function (loaded, failed, after) {",
        "MH.tilesFailed = function (loaded, failed, after) {\n    MH.planView(null, {});"), encoding="utf-8")
    fake["tiles"] = bad
    monkeypatch.setattr(sys.modules[__name__], "FILES", fake)
    with pytest.raises(AssertionError, match=r"uses MH\.planView from view"):
        test_a_module_uses_only_what_the_modules_it_lists_provide("tiles")
    written = tmp_path / "minhang-map.js"
    written.write_text(FILES["map"].read_text(encoding="utf-8").replace(
        "MH.narrow = function (map) {", "MH.narrow = function (map) {\n    MH.view = map;"), encoding="utf-8")
    fake["map"] = written
    with pytest.raises(AssertionError, match=r"writes MH\.view at run time"):
        test_no_module_writes_page_wide_state("map")
    kept = tmp_path / "minhang-measure.js"
    start = "  MH.lazyMeasure = function (map, options, url, title) {"
    kept.write_text(FILES["measure"].read_text(encoding="utf-8").replace(
        start, f"  var last = null;\n{start}\n    last = url;"), encoding="utf-8")
    fake["measure"] = kept
    with pytest.raises(AssertionError, match=r"sets its variable last at run time"):
        test_no_map_module_keeps_state_in_its_own_scope("measure")
    long = tmp_path / "minhang-share.js"
    long.write_text(FILES["share"].read_text(encoding="utf-8").replace(
        "MH.share = function (map, options) {", "MH.share = function (map, options) {" + "\n    map.x = 1;" * 90),
        encoding="utf-8")
    fake["share"] = long
    with pytest.raises(AssertionError, match=r"a function of 1\d\d lines"):
        test_no_function_is_over_100_lines("share")
    assert one_call('MH.plan(map_1, {"a": 1});') == "plan"
    assert one_call('var x = MH.layerControl(map_1, {base: {"A": tile_2}}, {}, "Layers");') == "layerControl"
    for logic in ('var x = L.control({}); x.addTo(map_1);', 'MH.plan(map_1, function () { return 1; });',
                  'map_1.attributionControl.addAttribution("x");'):
        assert one_call(logic) is None, logic
