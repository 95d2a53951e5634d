"""The timeline as SVG and PNG files, and the roll-up as CSV: real renders, read back."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from layers import export  # noqa: F401  (fills the registry)
from layers.data.events import frame_as_of, load_events
from layers.export.formats import FORMATS, export_bytes
from layers.view.filters import plan_features
from layers.view.rollup import rollup
from layers.view.spec import FilterSpec


def test_the_timeline_downloads_as_svg_and_png(catalog):
    events = load_events()
    svg = export_bytes("timeline_svg", catalog.features, {}, FilterSpec(lang="zh"), events=events)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode("utf-8")
    assert "2023年规划" in text and "2025" in text and "嘉闵线" in text and "OpenStreetMap" in text
    png = export_bytes("timeline_png", catalog.features, {}, FilterSpec(regions=frozenset({"north"})), events=events)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert FORMATS["timeline_svg"].mime == "image/svg+xml"


def test_the_roll_up_csv_holds_every_count(catalog):
    events = load_events()
    spec = FilterSpec(asof="plan")
    data = export_bytes("rollup", catalog.features, {}, spec, events=events).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))  # a table from its first line: no comment line
    assert rows[0]["as_of"].startswith("status as in the 2023 plan · checked up to ")
    assert "OpenStreetMap" in rows[0]["attribution"]
    assert {r["status_label"] for r in rows if r["status"] == "existing"} == {"already open in 2023"}
    frame = plan_features(frame_as_of(catalog.features, events, "plan"))
    expected = [(r.by, r.key, s, n) for by in ("groups", "regions") for r in rollup(frame, by) for s, n in r.counts]
    assert [(r["by"], r["key"], r["status"], int(r["count"])) for r in rows] == expected
    assert sum(int(r["count"]) for r in rows if r["by"] == "groups") == len(frame)
