"""Property-based tests (Hypothesis): whatever a file, a link or an export option holds, nothing raises.

Generated GeoJSON-like documents and mutations of the shipped layers go through ``load_catalog``
and ``python -m layers validate|fmt``; every problem names its file, the good features beside it
still load. Generated URL parameters and export options end in a notice and the default view, or a
clean non-zero exit, never a traceback. The ``ci`` profile (``tests/conftest.py``) is derandomised
and runs well over 2,000 examples in all; ``--hypothesis-profile=long`` runs many more, at random.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.__main__ import main as cli
from layers.data import schema
from layers.data.catalog import GEODATA_DIR, load_catalog
from layers.data.validate import CLEANED, validate_feature
from layers.export.formats import export_filename, parse_size
from layers.view.spec import PARAMS, FilterSpec
from support.apptest import dashboard_test
from support.mapargs import drawn_text
from tests.conftest import collection, good_feature, write_file
from tests.strategies import URL_PARAMS, documents, encoded, features, mutations

GOOD_ID = "good-one"
SHIPPED = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(GEODATA_DIR.glob("*.geojson"))}


def share(fraction: float) -> settings:
    """A fraction of the profile's examples, for tests that write and export files per example."""
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))


def folder_with(files: dict[str, bytes | Any]) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    """A temporary geodata folder holding ``files`` (bytes as they are, anything else as JSON)."""
    tmp = tempfile.TemporaryDirectory(prefix="mh-prop-")
    root = Path(tmp.name)
    for name, content in files.items():
        write_file(root / name, content)
    return tmp, root


def check_problems_name_their_file(problems: list[Any], names: set[str]) -> None:
    for problem in problems:
        assert any(problem.file.endswith(name) for name in names), str(problem)
        assert problem.message and str(problem).startswith(problem.file)
        if problem.field is not None:
            assert problem.feature is not None or problem.field in ("type", "features"), str(problem)


@given(feature=features())
def test_validating_any_feature_returns_a_record_or_named_problems(feature):
    record, problems = validate_feature(feature, 3, "gen.geojson")
    # A control character is named but keeps no feature off the map: it loads without them (layers.data.text).
    assert (record is None) == any(CLEANED not in p.message for p in problems)
    for problem in problems:
        assert problem.file == "gen.geojson" and problem.feature is not None
    if record is not None:
        assert record["geometry"].is_valid and not record["geometry"].is_empty
        assert all(isinstance(record[f], str) and record[f] for f in schema.REQUIRED)


@given(document=documents(), data=st.data())
def test_any_file_beside_a_good_one_loads_without_raising(document, data):
    raw = data.draw(encoded(document))
    tmp, root = folder_with({"a-good.geojson": collection(good_feature(id=GOOD_ID)), "gen.geojson": raw})
    with tmp:
        catalog = load_catalog(root)
        check_problems_name_their_file(catalog.problems, {"gen.geojson"})
        # The generated file may legitimately reuse the good id: then *it* is the duplicate, reported.
        assert GOOD_ID in catalog.features.index
        assert catalog.features.loc[GOOD_ID, "file"].endswith("a-good.geojson")
        # A feature valid on its own survives whatever its neighbours in the file hold.
        if raw == json.dumps(document, ensure_ascii=False, allow_nan=True).encode() and isinstance(document, dict) \
                and document.get("type") == "FeatureCollection" and isinstance(document.get("features"), list):
            for index, feature in enumerate(document["features"]):
                record, _ = validate_feature(feature, index, "gen.geojson")
                if record is not None and record["id"] != GOOD_ID:
                    assert record["id"] in catalog.features.index


@given(data=st.data())
def test_mutated_shipped_layers_keep_every_untouched_feature(data):
    name = data.draw(st.sampled_from(sorted(SHIPPED)))
    original = SHIPPED[name]
    mutated, touched = data.draw(mutations(original))
    raw = data.draw(encoded(mutated))
    intact = raw == json.dumps(mutated, ensure_ascii=False, allow_nan=True).encode()
    tmp, root = folder_with({**{n: d for n, d in SHIPPED.items() if n != name}, name: raw})
    with tmp:
        catalog = load_catalog(root)
        check_problems_name_their_file(catalog.problems, {name})
        others = [f["properties"]["id"] for n, d in SHIPPED.items() if n != name for f in d["features"]]
        assert set(others) <= set(catalog.features.index)
        if intact and isinstance(mutated, dict) and isinstance(mutated.get("features"), list):
            # An untouched feature loads, unless a touched one now claims its id (then the first one wins).
            claimed = {repr(f["properties"].get("id")) for i, f in enumerate(mutated["features"]) if i in touched
                       and isinstance(f, dict) and isinstance(f.get("properties"), dict)}
            for index, feature in enumerate(original["features"]):
                fid = feature["properties"]["id"]
                if index not in touched and repr(fid) not in claimed:
                    assert fid in catalog.features.index, [str(p) for p in catalog.problems]


@share(0.3)
@given(document=documents(), data=st.data())
def test_the_cli_validates_and_formats_any_file_without_a_traceback(document, data):
    raw = data.draw(encoded(document))
    tmp, root = folder_with({"gen.geojson": raw})
    with tmp:
        for command in ("validate", "fmt"):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = cli([command, str(root)])
            assert code in (0, 1)
            assert "Traceback" not in err.getvalue()
            if code == 1 and command == "validate":
                assert "gen.geojson" in err.getvalue()


@given(params=URL_PARAMS)
def test_any_url_gives_a_valid_view_and_notices(params):
    known = {"qianwan-park", "sjtu-minhang-campus"}
    spec = FilterSpec.from_query_params(params, known_ids=known)
    assert spec.regions <= set(schema.REGIONS) and spec.categories <= set(schema.CATEGORIES)
    assert spec.statuses <= set(schema.VIEW_STATUSES)  # the plan's statuses and those reported since
    assert spec.feature is None or spec.feature in known
    assert len(spec.q) <= 200 and not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in spec.q)
    if set(params) - set(PARAMS):
        assert any(n.key == "unknown_param" for n in spec.notices)
    # What the app writes back to the address bar is clean: it parses to the same view, silently.
    again = FilterSpec.from_query_params(spec.to_query_params(), known_ids=known)
    assert again == spec and again.notices == ()
    # A file name built from any view is safe to save.
    name = export_filename(spec, "png")
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in name) and len(name) <= 160


@given(text=st.one_of(st.text(max_size=30), st.from_regex(r"\d{1,5}x\d{1,5}(@\dx)?", fullmatch=True)))
def test_any_size_option_parses_or_says_why(text):
    try:
        size = parse_size(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert 320 <= size.width <= 4000 and 320 <= size.height <= 4000 and size.scale in (1, 2)


EXPORT_OPTION = st.one_of(st.sampled_from(["north", "park,zone", "zh", "osm", "qianwan-park", "", ",", "mars"]),
                          st.text(max_size=12))


@share(0.25)
@given(options=st.dictionaries(st.sampled_from(["regions", "categories", "status", "q", "basemap", "lang",
                                                "feature", "size"]), EXPORT_OPTION, max_size=4),
       fmt=st.sampled_from(["geojson", "csv"]))
def test_any_export_options_write_a_file_or_exit_with_a_message(options, fmt, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / f"out.{fmt}"
    argv = ["export", "--format", fmt, "--out", str(out)]
    for key, value in options.items():
        argv += [f"--{key}={value}"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = cli(argv)
        except SystemExit as exc:  # argparse's own refusal of a malformed option: exit 2 with usage
            code = exc.code
    assert code in (0, 1, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    if code == 0:
        assert out.stat().st_size > 0
    else:
        assert not out.exists() and err.getvalue().strip()
    shutil.rmtree(out.parent, ignore_errors=True)


@pytest.mark.parametrize("geometry", [
    {"type": "LineString", "coordinates": [[121.43, 31.02]]},
    {"type": "LineString", "coordinates": []},
    {"type": "Polygon", "coordinates": [[[121.43, 31.02], [121.44, 31.02], [121.43, 31.02]]]},
    {"type": "Polygon", "coordinates": [[121.43, 31.02, 1, 2]]},
    {"type": "MultiPolygon", "coordinates": [[[[121.43, 31.02], [121.44, 31.02], [121.44, 31.03], [121.43, 31.02]]],
                                             []]},
    {"type": "MultiLineString", "coordinates": [[[121.43, 31.02]], []]},
    {"type": "Point", "coordinates": ["121.43", "31.02"]},
    {"type": "Point", "coordinates": [121.43, 31.02, 5, 6]},
    {"type": "Point", "coordinates": [1e308, -0.0]},
    {"type": "Point", "coordinates": [[[None]]]},
    {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [121.43, 31.02]}]},
    good_feature(id="inner"),
], ids=["line-1", "line-0", "ring-3", "ring-flat", "multi-empty-part", "multiline-short", "strings", "4d", "huge",
        "nested-null", "collection", "feature-as-geometry"])
def test_named_hostile_geometries_are_problems_not_tracebacks(geometry, tmp_path):
    bad = good_feature(id="bad-one")
    bad["geometry"] = geometry
    write_file(tmp_path / "a.geojson", collection(good_feature(id=GOOD_ID), bad))
    catalog = load_catalog(tmp_path)
    assert GOOD_ID in catalog.features.index
    if "bad-one" not in catalog.features.index:
        assert any(p.feature == "'bad-one'" and p.field == "geometry" for p in catalog.problems), catalog.problems
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert cli(["validate", str(tmp_path)]) in (0, 1)


@share(0.04)
@given(document=documents(), data=st.data())
def test_the_dashboard_shows_any_folder_without_an_exception(document, data):
    raw = data.draw(encoded(document))
    tmp, root = folder_with({"a-good.geojson": collection(good_feature(id=GOOD_ID)), "gen.geojson": raw})
    previous = os.environ.get("MINHANG_GEODATA")
    os.environ["MINHANG_GEODATA"] = str(root)
    try:
        with tmp:
            at = dashboard_test().run()
            assert not at.exception, [e.value for e in at.exception]
            args = json.loads(at.get("component_instance")[0].proto.json_args)
            assert f'"{GOOD_ID}"' in drawn_text(args)
    finally:
        if previous is None:
            os.environ.pop("MINHANG_GEODATA", None)
        else:
            os.environ["MINHANG_GEODATA"] = previous
