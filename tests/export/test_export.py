"""Exports: data read back equal to the filtered set, a self-contained HTML map, a PNG that looks right, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from layers.data.catalog import load_catalog
from layers.data.events import frame_as_of, load_events
from layers.data.reference import load_reference
from layers.export.data import FORMULA_START, export_frame, neutralised, to_csv, to_geojson, to_gpkg
from layers.export.feed import progress_feed
from layers.export.formats import FORMATS, export_bytes, export_filename, parse_size
from layers.export.html import build_export_map, to_html
from layers.export.png import BrowserNotFoundError, find_chromium
from layers.maps.assets import own_js
from layers.maps.elements.plan_layer import PlanLayer
from layers.maps.scene import dated, make_scene
from layers.view.spec import FilterSpec
from tests.conftest import ROOT, collection, good_feature, no_control
from tests.elements import control_html, elements, view_of

SOUTH_INNOVATION = FilterSpec(regions=frozenset({"south"}), categories=frozenset({"innovation"}))
DAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def test_file_names_say_what_they_hold():
    spec = FilterSpec(regions=frozenset({"north"}), categories=frozenset({"park"}))
    assert export_filename(spec, "png", DAY) == "minhang-north-park-2026-11-26.png"
    assert export_filename(FilterSpec(), "csv", DAY) == "minhang-2026-11-26.csv"
    zh = FilterSpec(lang="zh", basemap="gaode", q="前湾 Park")
    assert export_filename(zh, "html", DAY) == "minhang-q-park-gaode-zh-2026-11-26.html"


@pytest.mark.parametrize("q", ["../../etc/passwd", "<script>alert(1)</script>", "a\u202eb", "x" * 500, "零号湾"])
def test_file_names_built_from_user_input_are_safe(q):
    name = export_filename(FilterSpec(q=q), "png", DAY)
    assert name.endswith("-2026-11-26.png") and len(name) <= 160
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in name), name


def test_geojson_reads_back_as_the_filtered_set(catalog):
    expected = export_frame(catalog.features, SOUTH_INNOVATION)
    data = to_geojson(expected)
    doc = json.loads(data)
    assert "crs" not in doc and doc["type"] == "FeatureCollection"
    back = gpd.read_file(io.BytesIO(data))
    assert sorted(back["id"]) == sorted(expected.index)
    back = back.set_index("id").loc[list(expected.index)]
    assert all(a.equals_exact(b, 1e-9) for a, b in zip(back.geometry, expected.geometry, strict=True))
    assert list(back["source_quote"]) == list(expected["source_quote"])


def test_geopackage_reads_back_as_the_filtered_set(catalog, tmp_path):
    expected = export_frame(catalog.features, SOUTH_INNOVATION)
    path = tmp_path / "out.gpkg"
    path.write_bytes(to_gpkg(expected))
    back = gpd.read_file(path).set_index("id").loc[list(expected.index)]
    assert back.crs.to_epsg() == 4326
    assert all(a.equals_exact(b, 1e-9) for a, b in zip(back.geometry, expected.geometry, strict=True))
    assert list(back["name_zh"]) == list(expected["name_zh"])


def test_csv_has_one_row_per_feature_and_every_property(catalog):
    expected = export_frame(catalog.features, FilterSpec())
    table = pd.read_csv(io.BytesIO(to_csv(expected)), encoding="utf-8-sig")
    assert len(table) == len(expected)
    assert {"id", "name_zh", "name_en", "source_quote", "coord_source", "lon", "lat", "wkt"} <= set(table.columns)
    row = table.set_index("id").loc["qizhong-tennis-center"]
    assert (row["lon"], row["lat"]) == (121.355522, 31.042088)
    assert row["wkt"].startswith("POINT")


def test_data_csvs_carry_labels_beside_codes_in_the_export_language():
    events = load_events()
    for lang, word in (("en", "Under construction"), ("zh", "在建")):
        spec = FilterSpec(lang=lang)
        frame = export_frame(frame_as_of(load_catalog().features, events, "latest"), spec)
        table = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig").set_index("id")
        columns = list(table.columns)
        for code in ("category", "region", "status", "plan_part", "verdict", "commitment_class"):
            assert columns.index(f"{code}_label") == columns.index(code) + 1, code  # right beside its code
        assert table.loc["jiamin-line", "status"] == "under_construction"
        assert table.loc["jiamin-line", "status_label"] == word
        rows = pd.read_csv(io.BytesIO(export_bytes("events", frame, None, spec, events=events, today=DAY)),
                           encoding="utf-8-sig")
        assert list(rows.columns).index("status_label") == list(rows.columns).index("status") + 1
        assert word in set(rows["status_label"])


def test_html_is_self_contained_and_small(catalog, reference):
    html = to_html(make_scene(dated(catalog.features, None), FilterSpec(), today=DAY), reference).decode("utf-8")
    assert len(html.encode()) <= 1_500_000
    assert "<script src" not in html and "<link" not in html
    assert "L.Control.MiniMap" in html and "mh-legend" in html and "L.control.layers" in html


def test_missing_browser_says_how_to_install_one(monkeypatch):
    monkeypatch.setenv("MINHANG_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(BrowserNotFoundError, match="apt-get install -y chromium"):
        find_chromium()


@pytest.mark.parametrize(("text", "pixels"), [("1280x800", (1280, 800)), ("a4", (2246, 1588)),
                                              ("800x600@2x", (1600, 1200))])
def test_sizes(text, pixels):
    size = parse_size(text)
    assert (size.width * size.scale, size.height * size.scale) == pixels


@pytest.mark.parametrize("text", ["big", "10x10", "99999x1", "1280x800@3x"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "layers", "export", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, check=False, env={**os.environ, **(env or {})})


# Every registered format a server renders without a browser (png: tests/browser/test_export_files.py).
FILE_FORMATS = [name for name, spec in FORMATS.items() if not spec.renderer]


def test_the_command_line_names_every_format():
    assert len(FILE_FORMATS) >= 5
    done = subprocess.run([sys.executable, "-m", "layers", "--help"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert all(name in done.stdout for name in FORMATS), done.stdout


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_cli_writes_each_format(tmp_path, fmt):
    """Each format, written by a command line under umask 077, readable by all (a web server serving it)."""
    out = tmp_path / f"view.{fmt}"
    result = subprocess.run([sys.executable, "-m", "layers", "export", "--format", fmt, "--out", str(out),
                             "--regions", "north,south", "--lang", "zh", "--size", "1280x800"], cwd=ROOT,
                            capture_output=True, text=True, timeout=180, check=False, umask=0o077)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--regions", "mars"], "unknown regions"), (["--basemap", "google"], "unknown basemap"),
     (["--size", "huge"], "size 'huge'"), (["--feature", "nope"], "unknown feature")],
)
def test_cli_bad_arguments_exit_non_zero_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "view.png"
    result = cli("--format", "png", "--out", str(out), *args)
    assert result.returncode != 0 and message in result.stderr
    assert not out.exists()


def test_cli_missing_folder_and_unknown_format(tmp_path):
    result = cli("--format", "csv", "--out", str(tmp_path / "nope" / "x.csv"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    result = cli("--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_cli_exports_from_a_curators_folder(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.geojson").write_text(json.dumps(collection(good_feature(id="mine"))),
                                                    encoding="utf-8")
    out = tmp_path / "mine.geojson"
    assert cli("--format", "geojson", "--out", str(out), "--geodata", str(tmp_path / "data")).returncode == 0
    assert [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]] == ["mine"]


def test_export_writes_nothing_into_the_project_tree(catalog, reference):
    before = {p for p in Path(ROOT).rglob("*") if ".git" not in p.parts and "test-artifacts" not in p.parts}
    to_gpkg(export_frame(catalog.features, FilterSpec()))
    to_html(make_scene(dated(catalog.features, None), FilterSpec(), today=DAY), reference)
    after = {p for p in Path(ROOT).rglob("*") if ".git" not in p.parts and "test-artifacts" not in p.parts}
    assert {p for p in after - before if "__pycache__" not in p.parts} == set()


def test_cli_frames_the_view_a_share_link_describes(tmp_path):
    out = tmp_path / "hub.html"
    ok = subprocess.run([sys.executable, "-m", "layers", "export", "--format", "html", "--out", str(out),
                         "--regions", "north", "--center", "31.1935,121.318", "--zoom", "15"], cwd=ROOT,
                        capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stderr
    html = out.read_text(encoding="utf-8")
    assert re.search(r"center: \[31\.1935, 121\.318\]", html) and '"zoom": 15' in html
    assert "map.fitBounds([[" not in html  # the framed view, not the view fitted to the features
    bad = subprocess.run([sys.executable, "-m", "layers", "export", "--format", "html", "--out",
                          str(tmp_path / "x.html"), "--center", "121.318,31.1935", "--zoom", "15"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2 and "view ignored" in bad.stderr and not (tmp_path / "x.html").exists()


def test_data_exports_carry_the_progress_events(catalog, reference, tmp_path):
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    spec = FilterSpec(asof="2025-01-01", regions=frozenset({"central"}))
    doc = json.loads(export_bytes("geojson", catalog.features, reference, spec, events=events))
    link = next(f["properties"] for f in doc["features"] if f["id"] == "airport-link-line")
    assert link["status"] == "partly_open" and link["status_2023"] == "under_construction"
    # The opening decides "opened on"; the events are the feature's whole record (a later ridership report too).
    assert link["opened_on"] == "2024-12-27" and "2024-12-27" in [e["date"] for e in link["events"]]
    assert all(e["quote"] for e in link["events"])
    gpkg = tmp_path / "x.gpkg"
    gpkg.write_bytes(export_bytes("gpkg", catalog.features, reference, spec, events=events))
    table = gpd.read_file(gpkg, layer="events")
    assert set(table["feature_id"]) <= {f["id"] for f in doc["features"]}
    assert "airport-link-line" in set(table["feature_id"])
    rows = pd.read_csv(io.BytesIO(export_bytes("events", catalog.features, reference, spec, events=events)),
                       encoding="utf-8-sig")
    assert len(rows) == len(table) and rows["url"].str.startswith("http").all()
    assert export_filename(spec, "events", DAY) == "minhang-central-asof-2025-01-01-2026-11-26.events.csv"


def test_the_exported_map_lists_only_the_layers_it_shows(catalog, reference):
    spec = FilterSpec(feature="qianwan-park", categories=frozenset({"park"}))
    fmap = build_export_map(make_scene(dated(catalog.features, None), spec, today=DAY), reference)
    (plan,) = elements(fmap, PlanLayer)
    assert [g.layer_name for g in plan.groups.values()] == ["Regions", "Parks & public space", "Selected feature"]
    # Every drawn feature once, each with its popup and (the matches) its number in the key.
    drawn = plan.options["data"]["features"]
    parks = catalog.features[catalog.features["category"] == "park"]
    regions = catalog.features[catalog.features["kind"] == "region"]
    assert len(drawn) == len({f["id"] for f in drawn}) == len(regions) + len(parks)  # the regions, the parks
    assert all("popup" in f["properties"] for f in drawn)
    assert sorted(f["properties"]["n"] for f in drawn if "n" in f["properties"]) == list(range(1, len(parks) + 1))


def export_map(catalog, spec: FilterSpec, today: dt.date = DAY):
    """The exported map of ``spec`` as data (the map the HTML and PNG exports render), with the shipped events."""
    events = load_events(known_ids=catalog.features.index)
    return build_export_map(make_scene(dated(catalog.features, events), spec, events, today), load_reference())


def test_an_html_export_carries_the_comparison_and_the_short_citation(catalog):
    fmap = export_map(catalog, FilterSpec(compare="plan", lang="zh"), dt.date(2026, 12, 3))
    compare = view_of(fmap)["compare"]  # the other side, its plan data inline, each side labelled with its date
    assert compare["left"] == "状态为2023年规划所述" and compare["right"] == "状态截至 2026-12-03"
    assert {f["properties"]["status"] for f in compare["source"]["features"]} <= {
        "study", "planned", "construction_start", "under_construction", "operating"}  # the plan's own statuses
    assert view_of(fmap)["changed"]  # what differs between the plan and today is ringed
    assert "访问于 2026-12-03" in control_html(fmap, "mh-title")  # the short citation in the title box
    (plan,) = elements(fmap, PlanLayer)
    assert own_js("compare") in plan.default_js and "compareScript" not in plan.options  # its code travels along
    plain = view_of(export_map(catalog, FilterSpec()))
    assert "compare" not in plain and "changed" not in plain


def test_a_since_export_rings_and_says_what_the_page_lists(catalog):
    """The scene decides once: the export of a since= view rings the projects that changed since that day (the
    ones the page lists), and its title box says since when."""
    spec = FilterSpec(since="2024-01-01")
    fmap = export_map(catalog, spec)
    events = load_events(known_ids=catalog.features.index)
    scene = make_scene(dated(catalog.features, events), spec, events, DAY)
    assert scene.ringed and view_of(fmap)["changed"] == list(scene.ringed)
    assert [c.feature_id for c in scene.changes] == list(scene.ringed)
    assert "changes since 2024-01-01 ringed" in control_html(fmap, "mh-title")
    assert view_of(fmap)["info"]["summary"] == scene.info["summary"]


def test_the_command_line_rings_a_since_view(tmp_path):
    out = tmp_path / "since.html"
    done = subprocess.run([sys.executable, "-m", "layers", "export", "--format", "html", "--out", str(out),
                           "--since", "2024-01-01"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    view = planview_in(out.read_text(encoding="utf-8"))
    assert len(view["changed"]) >= 3 and "since 2024-01-01" in view["info"]["summary"]


def planview_in(html: str) -> dict:
    """The view an exported page sends its plan layer (``MH.planView(map, {...})``), parsed."""
    call = re.search(r"MH\.planView\(map_\w+, ", html)  # the call, not the function's own code inlined above it
    assert call, "the page sends no view"
    return json.JSONDecoder().raw_decode(html, call.end())[0]


def test_every_writer_takes_text_cleaned_at_load(dirty_folder, reference, tmp_path):
    """A control character in a name or an event's account (tests/conftest.py ``dirty_folder``): each writer
    works, and none puts one out. (PNG: tests/browser/test_export_files.py.)"""
    catalog = load_catalog(dirty_folder)
    events = load_events(dirty_folder, known_ids=catalog.features.index)
    assert catalog.problems and events.problems  # named for the curator
    for fmt in ("html", "geojson", "csv", "events"):
        for lang in ("en", "zh"):
            data = export_bytes(fmt, catalog.features, reference, FilterSpec(lang=lang), events=events, today=DAY)
            assert no_control(data.decode("utf-8-sig")), fmt
    gpkg = tmp_path / "x.gpkg"
    gpkg.write_bytes(export_bytes("gpkg", catalog.features, reference, FilterSpec(), events=events))
    for layer in ("minhang_plan", "events"):
        table = gpd.read_file(gpkg, layer=layer)
        assert all(no_control(v) for column in table.columns for v in table[column] if isinstance(v, str)), layer
    for lang in ("en", "zh"):  # the feed: XML refuses a control character outright
        names = dict(zip(catalog.features.index, catalog.features[f"name_{lang}"], strict=True))
        assert no_control(progress_feed(events, names, lang).decode("utf-8"))


FORMULAS = {"name_en": "=HYPERLINK(\"http://evil.example\",\"click\")", "name_zh": "+1+1", "address_zh": "-2+3",
            "description_en": "@SUM(A1:A9)", "description_zh": "=1+1 中文"}


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(catalog, reference):
    frame = catalog.features.copy()
    for field, text in FORMULAS.items():
        frame.loc["qianwan-park", field] = text
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    events.table.loc[events.table.index[0], "evidence"] = "=cmd|' /C calc'!A0"
    spec = FilterSpec(feature="qianwan-park")
    rows = pd.read_csv(io.BytesIO(export_bytes("csv", frame, reference, spec)), encoding="utf-8-sig", dtype=str)
    row = rows.set_index("id").loc["qianwan-park"]
    assert {field: row[field] for field in FORMULAS} == {field: f"'{text}" for field, text in FORMULAS.items()}
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in rows.to_numpy().ravel())
    numbers = pd.read_csv(io.BytesIO(export_bytes("csv", frame, reference, spec)), encoding="utf-8-sig")
    assert numbers["lon"].dtype.kind == "f" and numbers["lat"].dtype.kind == "f"  # numbers stay numbers
    table = pd.read_csv(io.BytesIO(export_bytes("events", frame, reference, FilterSpec(), events=events)),
                        encoding="utf-8-sig", dtype=str)
    assert "'=cmd|' /C calc'!A0" in set(table["evidence"])


def test_only_text_is_neutralised_and_negative_numbers_stay_numbers():
    table = pd.DataFrame({"n": [-1.5, 2.0], "year": [2024, -1], "t": ["-1.5", "@x"], "safe": ["a=b", None]})
    out = neutralised(table)
    assert out["n"].tolist() == [-1.5, 2.0] and out["year"].tolist() == [2024, -1]
    assert out["t"].tolist() == ["'-1.5", "'@x"] and out["safe"][0] == "a=b" and pd.isna(out["safe"][1])
    assert [neutralised(pd.DataFrame({"c": [start + "x"]}))["c"][0] for start in FORMULA_START] == \
        [f"'{start}x" for start in FORMULA_START]
