"""Exports: data read back equal to the filtered set, a self-contained HTML map, a PNG that looks right, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from PIL import Image

from layers.events import load_events
from layers.export import (
    SIZES,
    export_bytes,
    export_filename,
    export_frame,
    parse_size,
    to_csv,
    to_geojson,
    to_gpkg,
    to_html,
)
from layers.filters import FilterSpec
from layers.reference import load_reference
from layers.render import INSTALL_HINT, BrowserNotFoundError, PngRenderer, RenderError, find_chromium
from tests.browser import drawn_counts, map_frame_of_page, offline_context, uncovered_symbol, wait_for
from tests.conftest import ROOT, collection, good_feature

SOUTH_INNOVATION = FilterSpec().with_changes(regions={"south"}, categories={"innovation"})
DAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def renderer():
    png = PngRenderer()
    yield png
    png.close()


def test_file_names_say_what_they_hold():
    spec = FilterSpec().with_changes(regions={"north"}, categories={"park"})
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


def test_html_is_self_contained_and_small(catalog, reference):
    html = to_html(catalog.features, reference, FilterSpec(), DAY).decode("utf-8")
    assert len(html.encode()) <= 1_500_000
    assert "<script src" not in html and "<link" not in html
    assert "L.Control.MiniMap" in html and "mh-legend" in html and "L.control.layers" in html


def test_html_opens_offline_from_file_and_draws_every_feature(catalog, reference, tmp_path, browser):
    evil = catalog.features.copy()
    evil.loc["jaka-robotics", "name_en"] = "<img src=x onerror=alert(1)>"
    evil.loc["jaka-robotics", "source_quote"] = "</script><svg onload=alert(2)>"
    path = tmp_path / "map.html"
    path.write_bytes(to_html(evil, reference, FilterSpec(), DAY))
    external: list[str] = []
    dialogs: list[str] = []
    context = offline_context(browser, external)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    frame = map_frame_of_page(page)
    points = int(evil.geom_type.isin(["Point"]).sum())
    assert wait_for(page, lambda: drawn_counts(frame) == (len(evil) - points, points) or None)
    page.locator(".mh-symbol").nth(uncovered_symbol(page)).click()
    wait_for(page, lambda: page.locator(".leaflet-popup-content").count() > 0)
    assert page.locator(".mh-title").inner_text().startswith("Minhang strategy map")
    assert page.locator("img[src='x'], svg[onload]").count() == 0
    context.close()
    assert external == [] and dialogs == []


def test_png_has_the_size_asked_for_and_shows_the_map(catalog, reference, renderer):
    for key in ("1280x800", "a4"):
        png = export_bytes("png", catalog.features, reference, FilterSpec(), size=SIZES[key], renderer=renderer,
                           today=DAY)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        assert image.size == SIZES[key].pixels
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    assert len(colours) > 200  # not blank
    assert any(abs(r - 0xD9) < 8 and abs(g - 0x48) < 8 and abs(b - 0x0F) < 8 for r, g, b in colours)  # infrastructure
    assert any(abs(r - 0x67) < 8 and abs(g - 0x41) < 8 and abs(b - 0xD9) < 8 for r, g, b in colours)  # innovation
    # Legend (bottom left) and title box (top right) are white panels in the corners.
    w, h = image.size
    assert image.getpixel((int(w * 0.05), int(h * 0.85)))[0] > 240
    assert image.getpixel((int(w * 0.80), int(h * 0.05)))[0] > 240


def test_png_renders_concurrently_without_mixing(catalog, reference, renderer):
    results: dict[str, bytes] = {}
    html = {k: to_html(catalog.features, reference, FilterSpec(lang=k), DAY).decode() for k in ("en", "zh")}

    def work(key: str, size: str) -> None:
        results[key] = renderer.render(html[key], SIZES[size])

    threads = [threading.Thread(target=work, args=("en", "1280x800")),
               threading.Thread(target=work, args=("zh", "1920x1080"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Image.open(io.BytesIO(results["en"])).size == (1280, 800)
    assert Image.open(io.BytesIO(results["zh"])).size == (1920, 1080)


def test_render_timeout_fails_cleanly(catalog, reference):
    slow = PngRenderer(render_timeout_s=0.01)
    try:
        with pytest.raises(RenderError, match="did not finish"):
            slow.render(to_html(catalog.features, reference, FilterSpec(), DAY).decode(), SIZES["1280x800"])
    finally:
        slow.close()


def test_missing_browser_says_how_to_install_one(monkeypatch):
    monkeypatch.setenv("MINHANG_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(BrowserNotFoundError, match="apt-get install -y chromium"):
        find_chromium()


@pytest.mark.parametrize(("text", "pixels"), [("1280x800", (1280, 800)), ("a4", (2246, 1588)),
                                              ("800x600@2x", (1600, 1200))])
def test_sizes(text, pixels):
    assert parse_size(text).pixels == pixels


@pytest.mark.parametrize("text", ["big", "10x10", "99999x1", "1280x800@3x"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "layers", "export", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, check=False, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("fmt", ["png", "html", "geojson", "csv", "gpkg"])
def test_cli_writes_each_format(tmp_path, fmt):
    out = tmp_path / f"view.{fmt}"
    result = cli("--format", fmt, "--out", str(out), "--regions", "north,south", "--lang", "zh", "--size", "1280x800")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
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


def test_cli_without_browser_gives_the_hint_and_other_formats_still_work(tmp_path):
    env = {"MINHANG_CHROMIUM": "/nonexistent/chromium"}
    result = cli("--format", "png", "--out", str(tmp_path / "x.png"), env=env)
    assert result.returncode == 1 and INSTALL_HINT.split(":")[0] in result.stderr
    assert not (tmp_path / "x.png").exists()
    assert cli("--format", "geojson", "--out", str(tmp_path / "x.geojson"), env=env).returncode == 0


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
    to_html(catalog.features, reference, FilterSpec(), DAY)
    after = {p for p in Path(ROOT).rglob("*") if ".git" not in p.parts and "test-artifacts" not in p.parts}
    assert {p for p in after - before if "__pycache__" not in p.parts} == set()


def test_a_page_that_opens_a_dialog_is_refused(renderer):
    page = '<div class="leaflet-marker-icon"></div><script>alert("ran")</script>'
    with pytest.raises(RenderError, match="dialog"):
        renderer.render(page, SIZES["1280x800"])


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
    spec = FilterSpec(asof="2025-01-01").with_changes(regions={"central"})
    doc = json.loads(export_bytes("geojson", catalog.features, reference, spec, events=events))
    link = next(f["properties"] for f in doc["features"] if f["id"] == "airport-link-line")
    assert link["status"] == "partly_open" and link["status_2023"] == "under_construction"
    assert link["opened_on"] == "2024-12-27" and [e["date"] for e in link["events"]][-1] == "2024-12-27"
    gpkg = tmp_path / "x.gpkg"
    gpkg.write_bytes(export_bytes("gpkg", catalog.features, reference, spec, events=events))
    table = gpd.read_file(gpkg, layer="events")
    assert set(table["feature_id"]) <= {f["id"] for f in doc["features"]}
    assert "airport-link-line" in set(table["feature_id"])
    rows = pd.read_csv(io.BytesIO(export_bytes("events", catalog.features, reference, spec, events=events)),
                       encoding="utf-8-sig")
    assert len(rows) == len(table) and rows["url"].str.startswith("http").all()
    assert export_filename(spec, "events", DAY) == "minhang-central-asof-2025-01-01-2026-11-26.events.csv"
