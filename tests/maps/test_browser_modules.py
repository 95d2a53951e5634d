"""The browser code in floors, as the Python packages are (tests/data/test_architecture.py): every name a module
uses from another comes from a module it lists in ``layers.maps.assets.BROWSER_MODULES``, listed above it (so no
loop); no module writes a name on the page-wide ``MH`` after it has loaded (a view, a palette, a width travels
with its map); and every map element takes its scripts from the table, in its order."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from layers.maps import elements as elements_package
from layers.maps.assets import BROWSER_MODULES, LAZY, OWN_DIR, module_js, own_js

FILES = {path.stem.removeprefix("minhang-"): path for path in sorted(OWN_DIR.glob("minhang-*.js"))}
# A definition: "MH.name =" (or "var name = MH.name =") at the top of the module's function, two spaces in.
DEFINED = re.compile(r"^  (?:var \w+ = )?MH\.(\w+) = ", re.MULTILINE)
# Any assignment to a name on MH, with the start of its line: anything but a definition is a write at run time.
WRITTEN = re.compile(r"^([^\n]*?)MH\.(\w+)\s*=(?!=)", re.MULTILINE)
USED = re.compile(r"\bMH\.(\w+)")
COMMENTS = re.compile(r"/\*.*?\*/|(?:^|(?<=\s))//[^\n]*", re.DOTALL)


def code(name: str) -> str:
    return COMMENTS.sub("", FILES[name].read_text(encoding="utf-8"))


def provided() -> dict[str, str]:
    """Each MH name -> the module that defines it."""
    owners: dict[str, str] = {}
    for name in FILES:
        for defined in DEFINED.findall(code(name)):
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
    owners = provided()
    for used in sorted(set(USED.findall(code(name)))):
        assert used in owners, f"minhang-{name}.js uses MH.{used}, which no module defines"
        owner = owners[used]
        assert owner == name or owner in BROWSER_MODULES[name], \
            f"minhang-{name}.js uses MH.{used} from {owner}, which it does not list in BROWSER_MODULES"


@pytest.mark.parametrize("name", list(FILES))
def test_no_module_writes_page_wide_state(name):
    """``MH`` holds functions, defined once as the module loads; what belongs to one map lives on that map."""
    for start, written in WRITTEN.findall(code(name)):
        assert re.fullmatch(r"  (?:var \w+ = )?", start), \
            f"minhang-{name}.js writes MH.{written} at run time: keep it on its map"


def test_every_element_takes_its_scripts_from_the_table():
    ours = {own_js(name): name for name in BROWSER_MODULES}
    found = 0
    for module in Path(elements_package.__file__).parent.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "own_js(" not in text.replace('own_js("compare")[1]', ""), f"{module.name} lists a script by hand"
        found += text.count("module_js(")
    assert found >= 10
    # Each list is closed under its needs and in the table's order.
    for names in (("camera",), ("context",), ("plan",), ("map", "page"), ("share",)):
        scripts = [ours[js] for js in module_js(*names)]
        assert scripts == [n for n in BROWSER_MODULES if n in scripts]
        assert all(need in scripts for name in scripts for need in BROWSER_MODULES[name])
    assert [ours[js] for js in module_js("plan", lazy=True)] == ["map", "labels", "plan"]


def test_the_table_catches_a_use_of_a_module_not_listed(tmp_path, monkeypatch):
    """The test above can fail: a module that uses a name of one it does not list is named."""
    fake = dict(FILES)
    bad = tmp_path / "minhang-tiles.js"
    bad.write_text(FILES["tiles"].read_text(encoding="utf-8") + "\n  MH.planView(map, {});\n", encoding="utf-8")
    fake["tiles"] = bad
    monkeypatch.setattr(sys.modules[__name__], "FILES", fake)
    with pytest.raises(AssertionError, match=r"uses MH\.planView from plan"):
        test_a_module_uses_only_what_the_modules_it_lists_provide("tiles")
    written = tmp_path / "minhang-map.js"
    written.write_text(FILES["map"].read_text(encoding="utf-8") + "\n    MH.view = {};\n", encoding="utf-8")
    fake["map"] = written
    with pytest.raises(AssertionError, match=r"writes MH\.view at run time"):
        test_no_module_writes_page_wide_state("map")
