"""A corpus of bad geodata: each case writes a folder holding one good layer and something broken.

Each case returns what the validator must say about it: (file, feature, field, words in the
message). ``feature`` and ``field`` are None where the problem is the file itself.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from layers.data.datum import wgs84_to_gcj02
from tests.conftest import collection, good_feature, write_file

Expected = tuple[str, str | None, str | None, str]
GOOD_ID = "good-one"
POINT = {"type": "Point", "coordinates": [121.4335, 31.0255]}


def _write(folder: Path, name: str, content: Any) -> None:
    write_file(folder / name, content)


def _bad_feature(folder: Path, feature: Any, name: str = "bad.geojson") -> None:
    _write(folder, name, collection(feature))


def _with(**props: Any) -> dict[str, Any]:
    return good_feature(id="bad-one", **props)


def _geometry(geometry: Any) -> dict[str, Any]:
    feature = good_feature(id="bad-one")
    feature["geometry"] = geometry
    return feature


CASES: dict[str, tuple[Callable[[Path], None], list[Expected]]] = {}


def case(name: str, expected: list[Expected]) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(build: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES[name] = (build, expected)
        return build

    return register


@case("truncated-json", [("bad.geojson", None, None, "invalid JSON at line 1")])
def _truncated(folder: Path) -> None:
    _write(folder, "bad.geojson", json.dumps(collection(_with()))[:80])


@case("invalid-json", [("bad.geojson", None, None, "invalid JSON")])
def _invalid(folder: Path) -> None:
    _write(folder, "bad.geojson", '{"type": "FeatureCollection", "features": [],}')


@case("no-features", [("bad.geojson", None, "features", "has no features")])
def _no_features(folder: Path) -> None:
    _write(folder, "bad.geojson", collection())


@case("not-utf8", [("bad.geojson", None, None, "not UTF-8")])
def _latin1(folder: Path) -> None:
    text = json.dumps(collection(_with(name_zh="Café")), ensure_ascii=False)
    _write(folder, "bad.geojson", text.encode("latin-1", "replace"))  # é as one latin-1 byte: not UTF-8


@case("bom", [("bad.geojson", None, None, "byte-order mark")])
def _bom(folder: Path) -> None:
    _write(folder, "bad.geojson", b"\xef\xbb\xbf" + json.dumps(collection(_with())).encode())


@case("wrong-type", [("bad.geojson", None, "type", 'expected "FeatureCollection"')])
def _wrong_type(folder: Path) -> None:
    _write(folder, "bad.geojson", {"type": "GeometryCollection", "geometries": []})


@case("feature-type", [("bad.geojson", "'bad-one'", "type", 'expected "Feature"')])
def _feature_type(folder: Path) -> None:
    _bad_feature(folder, {**_with(), "type": "Point"})


@case("missing-geometry", [("bad.geojson", "'bad-one'", "geometry", "missing")])
def _missing_geometry(folder: Path) -> None:
    feature = _with()
    del feature["geometry"]
    _bad_feature(folder, feature)


@case("null-geometry", [("bad.geojson", "'bad-one'", "geometry", "is null")])
def _null_geometry(folder: Path) -> None:
    _bad_feature(folder, _geometry(None))


@case("empty-coordinates", [("bad.geojson", "'bad-one'", "geometry", "empty coordinates")])
def _empty(folder: Path) -> None:
    _bad_feature(folder, _geometry({"type": "LineString", "coordinates": []}))


@case("nan", [("bad.geojson", None, None, "NaN")])
def _nan(folder: Path) -> None:
    _bad_feature(folder, _geometry({"type": "Point", "coordinates": [math.nan, 31.0]}))


@case("infinity", [("bad.geojson", None, None, "Infinity")])
def _infinity(folder: Path) -> None:
    _bad_feature(folder, _geometry({"type": "Point", "coordinates": [math.inf, 31.0]}))


@case("self-intersection", [("bad.geojson", "'bad-one'", "geometry", "Self-intersection")])
def _bowtie(folder: Path) -> None:
    ring = [[121.43, 31.02], [121.44, 31.03], [121.44, 31.02], [121.43, 31.03], [121.43, 31.02]]
    _bad_feature(folder, _geometry({"type": "Polygon", "coordinates": [ring]}))


@case("unclosed-ring", [("bad.geojson", "'bad-one'", "geometry", "unclosed ring")])
def _unclosed(folder: Path) -> None:
    ring = [[121.43, 31.02], [121.44, 31.02], [121.44, 31.03], [121.43, 31.03]]
    _bad_feature(folder, _geometry({"type": "Polygon", "coordinates": [ring]}))


@case("lon-lat-swapped", [("bad.geojson", "'bad-one'", "geometry", "looks like lon/lat swapped")])
def _swapped(folder: Path) -> None:
    _bad_feature(folder, _geometry({"type": "Point", "coordinates": [31.0255, 121.4335]}))


@case("gcj02-unconverted", [("bad.geojson", "'bad-one'", "coord_source", "not a conversion to WGS-84")])
def _gcj(folder: Path) -> None:
    lon, lat = wgs84_to_gcj02(121.4335, 31.0255)
    feature = _with(coord_source="read off AutoNavi (高德地图)")
    feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    _bad_feature(folder, feature)


@case("web-mercator-metres", [("bad.geojson", "'bad-one'", "geometry", "Web Mercator")])
def _metres(folder: Path) -> None:
    _bad_feature(folder, _geometry({"type": "Point", "coordinates": [13517640.0, 3635060.0]}))


@case("another-city", [("bad.geojson", "'bad-one'", "geometry", "far from the district")])
def _beijing(folder: Path) -> None:
    _bad_feature(folder, _geometry({"type": "Point", "coordinates": [116.3975, 39.9087]}))


@case("duplicate-id-in-file", [("bad.geojson", "'bad-one'", "id", "duplicate id (earlier in this file)")])
def _dup_file(folder: Path) -> None:
    _write(folder, "bad.geojson", collection(_with(), _with()))


@case("duplicate-id-across-files", [("z-bad.geojson", f"'{GOOD_ID}'", "id", "already used in")])
def _dup_files(folder: Path) -> None:
    _write(folder, "z-bad.geojson", collection(good_feature(id=GOOD_ID)))


@case("unknown-enum", [("bad.geojson", "'bad-one'", "status", "unknown value 'finished'")])
def _enum(folder: Path) -> None:
    _bad_feature(folder, _with(status="finished"))


@case("unknown-category", [("bad.geojson", "'bad-one'", "category", "unknown value 'housing'")])
def _category(folder: Path) -> None:
    _bad_feature(folder, _with(category="housing"))


@case("missing-required", [("bad.geojson", "'bad-one'", "source_quote", "missing required field")])
def _missing(folder: Path) -> None:
    feature = _with()
    del feature["properties"]["source_quote"]
    _bad_feature(folder, feature)


@case("empty-required", [("bad.geojson", "'bad-one'", "name_en", "empty")])
def _empty_field(folder: Path) -> None:
    _bad_feature(folder, _with(name_en="   "))


@case("number-as-text", [("bad.geojson", "'bad-one'", "name_zh", "must be text")])
def _number(folder: Path) -> None:
    _bad_feature(folder, _with(name_zh=42))


@case("wrong-geometry-for-category", [("bad.geojson", "'bad-one'", "geometry", "not allowed for category 'park'")])
def _line_park(folder: Path) -> None:
    feature = _with(category="park")
    feature["geometry"] = {"type": "LineString", "coordinates": [[121.43, 31.02], [121.44, 31.03]]}
    _bad_feature(folder, feature)


@case("unknown-property", [("bad.geojson", "'bad-one'", "name_ZH", "unknown property")])
def _typo(folder: Path) -> None:
    _bad_feature(folder, _with(name_ZH="拼写错误"))


@case("feature-not-object", [("bad.geojson", "#0", None, "must be a JSON object")])
def _string_feature(folder: Path) -> None:
    _write(folder, "bad.geojson", {"type": "FeatureCollection", "features": ["not a feature"]})


@case("extra-large-file", [("bad.geojson", None, None, "file too large")])
def _large(folder: Path) -> None:
    # Tens of megabytes of valid-looking JSON: refused by size before it is read into memory.
    with (folder / "bad.geojson").open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [')
        row = json.dumps(_with()) + ","
        for _ in range(40_000_000 // len(row)):
            out.write(row)
        out.write(json.dumps(_with()) + "]}")


@case("directory", [("bad.geojson", None, None, "is a directory")])
def _directory(folder: Path) -> None:
    (folder / "bad.geojson").mkdir()


@case("broken-symlink", [("bad.geojson", None, None, "broken symbolic link")])
def _symlink(folder: Path) -> None:
    (folder / "bad.geojson").symlink_to(folder / "gone.geojson")


def build(name: str, folder: Path) -> list[Expected]:
    """Write case ``name`` (plus the good layer beside it) into ``folder``; return the expected problems."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder, "good.geojson", collection(good_feature(id=GOOD_ID, geometry=POINT)))
    maker, expected = CASES[name]
    maker(folder)
    return expected
