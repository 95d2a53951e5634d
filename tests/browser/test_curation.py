"""A curator edits the geodata folder under a running app: the next page load shows the edit; a broken edit
names its problems while the last good version of that file keeps showing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import map_frame, wait_for
from support.server import streamlit_server
from tests.conftest import ROOT

FEATURE = "qianwan-park"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped geodata for the curator to edit."""
    copy = tmp_path_factory.mktemp("curated") / "geodata"
    shutil.copytree(ROOT / "geodata", copy, ignore=shutil.ignore_patterns("scripts", "source"))
    return copy


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[str]:
    with streamlit_server(env={"MINHANG_GEODATA": str(folder)}) as url:
        yield url


def edit_feature(layer: Path, fid: str, **changes: str) -> None:
    """Change some properties of one feature, as a curator would in an editor."""
    lines = layer.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if f'"id": "{fid}"' in line:
            feature = json.loads(line.rstrip().rstrip(","))
            feature["properties"].update(changes)
            lines[i] = json.dumps(feature, ensure_ascii=False) + ("," if line.rstrip().endswith(",") else "") + "\n"
    layer.write_text("".join(lines), encoding="utf-8")


def unfolded(page, panels) -> str:
    """The text of the first of ``panels`` (an expander, folded as it starts), unfolded."""
    wait_for(page, panels.count)
    if not panels.first.locator("details").evaluate("d => d.open"):
        panels.first.locator("summary").click()
    return wait_for(page, lambda: panels.first.get_by_test_id("stExpanderDetails").inner_text())


def heading(page) -> str:
    return wait_for(page, lambda: next((h.strip() for h in page.locator("h4").all_inner_texts() if h.strip()), None))


def test_an_edit_shows_on_the_next_load_and_a_broken_one_keeps_the_last_good(server, folder, session):
    page, external = session
    page.goto(f"{server}/?feature={FEATURE}")
    map_frame(page)
    assert heading(page) == "Qianwan Park"
    parks = folder / "parks.geojson"
    edit_feature(parks, FEATURE, name_en="Qianwan Park (edited)")
    page.goto(f"{server}/?feature={FEATURE}")
    map_frame(page)
    assert wait_for(page, lambda: heading(page) == "Qianwan Park (edited)")
    # The progress events too.
    events = folder / "events.json"
    events.write_text(events.read_text(encoding="utf-8").replace("13,000 m2 central lawn", "The central lawn (edited)"),
                      encoding="utf-8")
    page.goto(f"{server}/?feature={FEATURE}")
    map_frame(page)
    assert wait_for(page, lambda: page.get_by_text("The central lawn (edited)").count() > 0)
    # A broken edit: its problems are named, the last good version stays on the map and in the details.
    good = parks.read_text(encoding="utf-8")
    parks.write_text(good[: len(good) // 2], encoding="utf-8")
    events.write_text("{oops", encoding="utf-8")
    page.goto(f"{server}/?feature={FEATURE}")
    frame = map_frame(page)
    # The data problems' panel: the page's own expanders, not the sidebar's folded filters. Readers see its one
    # calm line; a curator unfolds the list.
    panels = page.get_by_test_id("stMain").get_by_test_id("stExpander")
    assert wait_for(page, lambda: panels.count() and panels.first.inner_text()).strip().endswith(
        "Some project data could not be read; the map shows the rest.")
    problems = unfolded(page, panels)
    assert "parks.geojson" in problems and "events.json" in problems and "last good version" in problems
    assert heading(page) == "Qianwan Park (edited)"
    assert page.get_by_text("The central lawn (edited)").count() > 0
    assert wait_for(page, lambda: frame.locator("path[stroke='#fab005']").count() == 1)  # still drawn, selected
    # Mended: the panel goes, the edit stays.
    parks.write_text(good, encoding="utf-8")
    page.goto(f"{server}/?feature={FEATURE}")
    map_frame(page)
    assert heading(page) == "Qianwan Park (edited)"
    assert wait_for(page, lambda: "events.json" in unfolded(page, panels))
    assert "parks.geojson" not in unfolded(page, panels)
    assert external == []
