"""The validator on crafted bad geodata: every problem is found and located."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from layers.data.catalog import load_catalog
from layers.data.io import MAX_FILE_BYTES
from layers.data.validate import Problem
from tests.conftest import ROOT, collection, good_feature

SQUARE = {"type": "Polygon",
          "coordinates": [[[121.43, 31.02], [121.44, 31.02], [121.44, 31.03], [121.43, 31.03], [121.43, 31.02]]]}


def only_problem(directory: Path) -> Problem:
    catalog = load_catalog(directory)
    assert len(catalog.problems) == 1, [str(p) for p in catalog.problems]
    return catalog.problems[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"type": "FeatureCollection", "features": [', "invalid JSON at line 1"),
        (b"\xff\xfe{}", "not UTF-8"),
        ("", "file is empty"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
         '"geometry": {"type": "Point", "coordinates": [NaN, 31.0]}}]}', "NaN"),
    ],
    ids=["truncated", "not-utf8", "empty", "nan"],
)
def test_unreadable_files_are_reported_by_file(write_layer, tmp_path, content, expected):
    write_layer("bad.geojson", content)
    problem = only_problem(tmp_path)
    assert problem.file.endswith("bad.geojson")
    assert problem.feature is None
    assert expected in problem.message


def test_utf8_bom_is_read_but_reported(write_layer, tmp_path):
    text = json.dumps(collection(good_feature()), ensure_ascii=False)
    write_layer("bom.geojson", "\ufeff".encode() + text.encode())
    catalog = load_catalog(tmp_path)
    assert [p.message.split(" (")[0] for p in catalog.problems] == ["starts with a UTF-8 byte-order mark"]
    assert list(catalog.features["id"]) == ["test-point"]


@pytest.mark.parametrize(
    ("doc", "field", "expected"),
    [
        ([good_feature()], "type", "top level must be a FeatureCollection"),
        (good_feature(), "type", 'expected "FeatureCollection"'),
        ({"type": "FeatureCollection"}, "features", "missing or not a list"),
        (collection(), "features", "has no features"),
    ],
    ids=["list", "feature-at-top", "no-features-key", "empty-collection"],
)
def test_collection_level_problems(write_layer, tmp_path, doc, field, expected):
    write_layer("layer.geojson", doc)
    problem = only_problem(tmp_path)
    assert (problem.field, problem.feature) == (field, None)
    assert expected in problem.message


def feature_without_geometry() -> dict:
    feature = good_feature()
    del feature["geometry"]
    return feature


@pytest.mark.parametrize(
    ("feature", "field", "expected"),
    [
        ({**good_feature(), "type": "Feat"}, "type", "expected \"Feature\""),
        (feature_without_geometry(), "geometry", "missing"),
        (good_feature(geometry=None) | {"geometry": None}, "geometry", "is null"),
        (good_feature({"type": "Point", "coordinates": []}), "geometry", "empty coordinates"),
        (good_feature({"type": "Point", "coordinates": ["121.4", 31.0]}), "geometry", "non-number"),
        (good_feature({"type": "Circle", "coordinates": [121.43, 31.02]}), "geometry", "unsupported geometry type"),
        (good_feature({"type": "LineString", "coordinates": [[121.43, 31.02], [121.44, 31.03]]}, category="park"),
         "geometry", "not allowed for category 'park'"),
        (good_feature(SQUARE, category="infrastructure", kind="metro"), "geometry", "not allowed for kind 'metro'"),
        (good_feature({"type": "Polygon", "coordinates": [[[121.43, 31.02], [121.44, 31.03], [121.44, 31.02],
                                                            [121.43, 31.03], [121.43, 31.02]]]}),
         "geometry", "Self-intersection"),
        (good_feature({"type": "Polygon", "coordinates": [[[121.43, 31.02], [121.44, 31.02], [121.44, 31.03],
                                                            [121.43, 31.03]]]}),
         "geometry", "unclosed ring"),
        (good_feature({"type": "Point", "coordinates": [31.0255, 121.4335]}), "geometry", "looks like lon/lat swapped"),
        (good_feature({"type": "Point", "coordinates": [13514000.0, 3634000.0]}), "geometry", "Web Mercator"),
        (good_feature({"type": "Point", "coordinates": [116.397, 39.909]}), "geometry", "far from the district"),
        (good_feature(region="nort"), "region", "unknown value 'nort'"),
        (good_feature(category="parks"), "category", "unknown value 'parks'"),
        (good_feature(status="done"), "status", "unknown value 'done'"),
        (good_feature(precision="good"), "precision", "unknown value 'good'"),
        (good_feature(name_en=""), "name_en", "empty"),
        (good_feature(name_zh=12), "name_zh", "must be text"),
        (good_feature(opened="2024"), "opened", "must be a year"),
        (good_feature(colour="#fff"), "colour", "unknown property"),
        (good_feature(id="Bad Id"), "id", "not a slug"),
    ],
    ids=[
        "feature-type", "no-geometry", "null-geometry", "empty-coordinates", "string-coordinate", "circle",
        "line-as-park", "polygon-as-metro", "self-intersection", "unclosed-ring", "swapped", "web-mercator",
        "beijing", "region", "category", "status", "precision", "empty-field", "number-as-text", "year-as-text",
        "unknown-property", "bad-slug",
    ],
)
def test_feature_problems_name_file_feature_and_field(write_layer, tmp_path, feature, field, expected):
    write_layer("layer.geojson", collection(feature))
    problem = only_problem(tmp_path)
    assert problem.file.endswith("layer.geojson")
    assert problem.field == field
    assert expected in problem.message
    assert problem.feature in ("'test-point'", "'Bad Id'", "#0")
    assert "layer.geojson" in str(problem) and f"field '{field}'" in str(problem)


def test_missing_required_field_is_named(write_layer, tmp_path):
    feature = good_feature()
    del feature["properties"]["coord_source"]
    write_layer("layer.geojson", collection(feature))
    problem = only_problem(tmp_path)
    expected = ("'test-point'", "coord_source", "missing required field")
    assert (problem.feature, problem.field, problem.message) == expected


def test_a_feature_without_id_is_named_by_index(write_layer, tmp_path):
    feature = good_feature()
    del feature["properties"]["id"]
    write_layer("layer.geojson", collection(good_feature(id="first"), feature))
    problem = only_problem(tmp_path)
    assert (problem.feature, problem.field) == ("#1", "id")


def test_all_problems_of_a_feature_are_reported_at_once(write_layer, tmp_path):
    write_layer("layer.geojson", collection(good_feature(region="x", status="y", name_en="")))
    fields = {p.field for p in load_catalog(tmp_path).problems}
    assert fields == {"region", "status", "name_en"}


def test_duplicate_ids_within_and_across_files(write_layer, tmp_path):
    write_layer("a.geojson", collection(good_feature(id="twin"), good_feature(id="twin")))
    write_layer("b.geojson", collection(good_feature(id="twin")))
    catalog = load_catalog(tmp_path)
    messages = sorted((p.file.split("/")[-1], p.message) for p in catalog.problems)
    assert messages == [
        ("a.geojson", "duplicate id (earlier in this file)"),
        ("b.geojson", "duplicate id (already used in " + str(Path(tmp_path.name) / "a.geojson") + ")"),
    ]
    assert list(catalog.features["id"]) == ["twin"]


def test_directory_and_broken_symlink_are_reported(write_layer, tmp_path):
    (tmp_path / "folder.geojson").mkdir()
    (tmp_path / "link.geojson").symlink_to(tmp_path / "nowhere.geojson")
    write_layer("good.geojson", collection(good_feature()))
    catalog = load_catalog(tmp_path)
    found = {p.file.split("/")[-1]: p.message for p in catalog.problems}
    assert found == {"folder.geojson": "is a directory, not a file", "link.geojson": "broken symbolic link"}
    assert len(catalog.features) == 1


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.geojson"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk, proves we check the size first
    problem = only_problem(tmp_path)
    assert "file too large" in problem.message


def test_good_files_beside_bad_ones_still_load(write_layer, tmp_path):
    write_layer("a-good.geojson", collection(good_feature(id="kept-1"), good_feature(id="bad", region="nowhere")))
    write_layer("b-broken.geojson", "{not json")
    write_layer("c-good.geojson", collection(good_feature(id="kept-2", geometry=SQUARE)))
    catalog = load_catalog(tmp_path)
    assert sorted(catalog.features["id"]) == ["kept-1", "kept-2"]
    assert catalog.layer_names == ["a-good", "c-good"]
    assert {p.file.split("/")[-1] for p in catalog.problems} == {"a-good.geojson", "b-broken.geojson"}


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    catalog = load_catalog(tmp_path / "absent")
    assert len(catalog.features) == 0
    assert catalog.problems[0].message == "geodata folder not found"


def test_environment_variable_selects_the_folder(write_layer, tmp_path, monkeypatch):
    write_layer("only.geojson", collection(good_feature(id="from-env")))
    monkeypatch.setenv("MINHANG_GEODATA", str(tmp_path))
    assert list(load_catalog().features["id"]) == ["from-env"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "layers", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


def test_cli_validate_reports_problems_and_fails(write_layer, tmp_path):
    write_layer("layer.geojson", collection(good_feature(region="nort")))
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 1
    assert "layer.geojson: feature 'test-point': field 'region': unknown value 'nort'" in result.stderr
    assert "1 problem(s); 0 valid feature(s) loaded" in result.stderr


def test_cli_validate_names_the_events_and_the_ledger_problems_too(write_layer, tmp_path):
    """A curator's full list: the progress events (an event without its source's words) and the ledger too."""
    write_layer("layer.geojson", collection(good_feature()))
    write_layer("events.json", {"events": [{
        "feature_id": "test-point", "date": "2024-02", "date_precision": "month", "status": "under_construction",
        "evidence": "Works began.", "source_title": "A report", "publisher": "A publisher",
        "url": "https://example.org/a", "accessed": "2026-11-27", "quote_lang": "en"}]})
    write_layer("promises.json", {"rules": {}, "promises": [{"feature_id": "test-point", "phrase": "开工建设",
                                                             "class": "build_faster"}]})
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 1
    assert "events.json: feature 'test-point': field 'quote': events[0]: missing required field" in result.stderr
    assert "promises.json: feature 'test-point'" in result.stderr
    assert "problem(s); 1 valid feature(s) loaded" in result.stderr


def test_cli_validate_summarises_the_shipped_data():
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    catalog = load_catalog()
    assert f"{len(catalog.features)} features in {catalog.features['layer'].nunique()} layers" in result.stdout
    for word in ("region", "category", "precision", "north", "south", "central"):
        assert word in result.stdout


def test_cli_reads_the_environment_variable(write_layer, tmp_path):
    write_layer("bad.geojson", "[")
    result = run_cli("validate", env={"MINHANG_GEODATA": str(tmp_path)})
    assert result.returncode == 1
    assert "bad.geojson: invalid JSON" in result.stderr


def test_cli_fmt_rewrites_to_the_canonical_layout(write_layer, tmp_path):
    path = write_layer("messy.geojson", json.dumps(collection(good_feature()), indent=4))
    result = run_cli("fmt", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8").count("\n") == 3
    assert not load_catalog(tmp_path).problems
