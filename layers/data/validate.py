"""Validation of plan features: every problem, each naming file, feature and field."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from layers.data import schema
from layers.data.reference import minhang_extent
from layers.data.text import JsonPath, cleaned, field_of

_ID_RE = re.compile(schema.ID_PATTERN)
# A position read off AutoNavi/Gaode, Tencent (GCJ-02) or Baidu (BD-09) sits ~500 m off until converted.
_SHIFTED_SOURCE = re.compile(r"gcj|gaode|autonavi|amap|tencent|baidu|bd-?09|高德|腾讯|百度", re.IGNORECASE)
_CONVERTED = re.compile(r"convert|wgs|转换|转为|纠偏", re.IGNORECASE)
_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the geodata, located as precisely as we can."""

    file: str
    feature: str | None  # the feature's id, or "#N" (its index) when it has none
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(f"feature {self.feature}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{': '.join(where)}: {self.message}"


def _label(feature: Any, index: int) -> str:
    if isinstance(feature, dict):
        props = feature.get("properties")
        if isinstance(props, dict) and isinstance(props.get("id"), str) and props["id"].strip():
            return f"'{props['id']}'"
        if isinstance(feature.get("feature_id"), str) and feature["feature_id"].strip():  # an event, a search
            return f"'{feature['feature_id']}'"
    return f"#{index}"


CLEANED = "control character"  # in the message of every problem of a text cleaned at load


def _cleaned_problem(file: str, label: str | None, path: JsonPath, chars: list[str], where: str = "") -> Problem:
    return Problem(file, label, field_of(path), f"{where}held {', '.join(chars)} (a {CLEANED}, which no reader can "
                                                "read and the feed cannot carry): removed from what readers get")


def clean_document(data: Any, file: str) -> tuple[Any, list[Problem]]:
    """A loaded JSON file with its text cleaned (``layers.data.text``): readers never get a control character.
    Each text cleaned is a problem naming the file, the entry it is in (its id, else its place, e.g.
    ``events[3]``) and the field; the entry still loads, clean."""
    data, found = cleaned(data)
    problems = []
    for path, chars in found:
        label, where = None, ""
        if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
            label, where = _label(data[path[0]][path[1]], path[1]), f"{path[0]}[{path[1]}]: "
        problems.append(_cleaned_problem(file, label, path, chars, where))
    return data, problems


# Anything beyond this is no coordinate on Earth in any CRS we could recognise (Web Mercator tops out at
# ~2e7 m); rejecting it early keeps GEOS from overflowing on values such as 1e308.
_MAX_ABS_COORDINATE = 1e9
# The fewest positions a line, and a closed ring, needs.
_MIN_LINE = 2
_MIN_RING = 4


def _position_problem(pos: Any) -> str | None:
    if not isinstance(pos, list) or not 2 <= len(pos) <= 3:
        return f"position {_short(pos)} is not [lon, lat] (or [lon, lat, height])"
    for v in pos:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return f"position {_short(pos)} holds a non-number"
        if not math.isfinite(v):
            return f"position {_short(pos)} holds a non-finite number"
        if abs(v) > _MAX_ABS_COORDINATE:
            return f"position {_short(pos)} holds an out-of-range number"
    return None


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _structure_problem(kind: str, coords: Any) -> str | None:
    """Check the coordinate arrays against the type's nesting, before shapely sees them.

    shapely raises (rather than returns an invalid geometry) for a LineString of one position,
    a ring of three, or an empty MultiPolygon part: each becomes a sentence here instead.
    """
    if coords is None or coords == []:
        return "empty coordinates"
    if kind == "Point":
        return _position_problem(coords)
    if not isinstance(coords, list):
        return f"coordinates of a {kind} must be an array, got {type(coords).__name__}"
    if kind == "MultiPoint":
        return _first_problem(coords)
    if kind in ("LineString", "MultiLineString"):
        return _lines_problem([coords] if kind == "LineString" else coords)
    return _polygons_problem([coords] if kind == "Polygon" else coords)


def _first_problem(positions: list[Any]) -> str | None:
    return next(filter(None, map(_position_problem, positions)), None)


def _lines_problem(lines: list[Any]) -> str | None:
    for line in lines:
        if not isinstance(line, list) or len(line) < _MIN_LINE:
            return f"a line needs at least 2 positions, got {_short(line)}"
        if message := _first_problem(line):
            return message
    return None


def _polygons_problem(polygons: list[Any]) -> str | None:
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return f"a polygon must be a non-empty array of rings, got {_short(polygon)}"
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < _MIN_RING:
                return "a polygon ring needs at least 4 positions (the last repeating the first)"
            if message := _first_problem(ring):
                return message
            if ring[0][:2] != ring[-1][:2]:
                return f"unclosed ring: first position {ring[0]} differs from last {ring[-1]}"
    return None


_MERCATOR = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def _location_problem(geom: BaseGeometry) -> str | None:
    extent = minhang_extent()
    if extent.contains(geom):
        return None
    x, y = geom.representative_point().coords[0]
    lon_range = (extent.bounds[0], extent.bounds[2])
    swapped = shapely.transform(geom, lambda c: c[:, ::-1])
    if extent.contains(swapped):
        return f"outside Minhang at ({x:.5f}, {y:.5f}): looks like lon/lat swapped (GeoJSON order is [lon, lat])"
    if abs(x) > 180 or abs(y) > 90:
        lon, lat = _MERCATOR.transform(x, y)
        if extent.contains(Point(lon, lat)):
            return (
                f"coordinates ({x:.0f}, {y:.0f}) look like Web Mercator metres (EPSG:3857); "
                "store WGS-84 degrees (EPSG:4326), e.g. "
                f"[{lon:.6f}, {lat:.6f}]"
            )
        return f"coordinates ({x:.1f}, {y:.1f}) are not degrees; store WGS-84 lon/lat"
    if lon_range[0] <= x <= lon_range[1] or extent.intersects(geom):
        return f"outside Minhang: ({x:.5f}, {y:.5f}) is beyond the district and its edge tolerance"
    return f"outside Minhang: ({x:.5f}, {y:.5f}) is far from the district (another city?)"


def validate_feature(feature: Any, index: int, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check one GeoJSON feature; return (clean record or None, problems).

    A control character in its text is a problem, but not one that keeps the feature off the map: it loads
    without them (``layers.data.text``)."""
    feature, found = cleaned(feature)
    label = _label(feature, index)
    notes = [_cleaned_problem(file, label, path, chars) for path, chars in found]
    problems: list[Problem] = []

    def bad(field: str | None, message: str) -> None:
        problems.append(Problem(file, label, field, message))

    if not isinstance(feature, dict):
        bad(None, f"a feature must be a JSON object, got {type(feature).__name__}")
        return None, [*notes, *problems]
    if feature.get("type") != "Feature":
        bad("type", f"expected \"Feature\", got {feature.get('type')!r}")
    props = feature.get("properties")
    if not isinstance(props, dict):
        bad("properties", "missing or not an object")
        props = {}
    record = _check_properties(props, bad)
    geom = None
    if "geometry" not in feature:
        bad("geometry", "missing")
    else:
        geom, message = _check_geometry(feature["geometry"], record)
        if message:
            bad("geometry", message)
    if problems or geom is None:
        return None, [*notes, *problems]
    record["geometry"] = geom
    return record, notes


def _check_properties(props: dict[str, Any], bad: Callable[[str | None, str], None]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field in schema.REQUIRED:
        value = props.get(field)
        if value is None:
            bad(field, "missing required field")
        elif not isinstance(value, str):
            bad(field, f"must be text, got {type(value).__name__} {value!r}")
        elif not value.strip():
            bad(field, "empty")
        else:
            record[field] = value.strip()
    for field in schema.OPTIONAL:
        value = props.get(field)
        record[field] = None
        if value is None:
            continue
        if field == "opened":
            if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
                bad(field, f"must be a year (whole number), got {value!r}")
            else:
                record[field] = value
        elif not isinstance(value, str):
            bad(field, f"must be text, got {type(value).__name__} {value!r}")
        else:
            record[field] = value.strip() or None
    for field in sorted(set(props) - set(schema.COLUMNS)):
        bad(field, f"unknown property (known: {', '.join(schema.COLUMNS)})")
    _check_values(record, bad)
    return record


def _check_values(record: dict[str, Any], bad: Callable[[str | None, str], None]) -> None:
    """Rules on the values themselves: enums, the id's form, an unconverted map-service position."""
    source = record.get("coord_source", "")
    if _SHIFTED_SOURCE.search(source) and not _CONVERTED.search(source):
        bad("coord_source", "names a GCJ-02/BD-09 map service but not a conversion to WGS-84: convert the "
                            "position (layers.data.datum) and say so, or it sits ~500 m off")
    if "id" in record and not _ID_RE.match(record["id"]):
        bad("id", f"{record['id']!r} is not a slug (lowercase letters, digits and single hyphens)")
    for field, allowed in schema.ENUMS.items():
        if field in record and record[field] not in allowed:
            bad(field, f"unknown value {record[field]!r} (expected one of: {', '.join(allowed)})")


def _check_geometry(geometry: Any, record: dict[str, Any]) -> tuple[BaseGeometry | None, str | None]:
    """Build and check a geometry; return (geometry, None) or (None, what is wrong)."""
    if geometry is None:
        return None, "is null (every feature needs a place on the map)"
    if not isinstance(geometry, dict):
        return None, f"must be an object, got {type(geometry).__name__}"
    kind = geometry.get("type")
    if kind not in _GEOMETRY_TYPES:
        return None, f"unsupported geometry type {kind!r} (expected one of: {', '.join(_GEOMETRY_TYPES)})"
    message = _structure_problem(kind, geometry.get("coordinates"))
    if message:
        return None, message
    try:
        geom = shape(geometry)
        if geom.is_empty:
            return None, "empty geometry"
        if not geom.is_valid:
            return None, f"invalid geometry: {explain_validity(geom)}"
        message = _fit_problem(geom, record) or _location_problem(geom)
    # The checks above should leave shapely nothing to refuse; should it still, the file names the
    # feature rather than stopping the load.
    except Exception as exc:
        return None, f"cannot be built: {type(exc).__name__}: {exc}"
    return (None, message) if message else (geom, None)


def _fit_problem(geom: BaseGeometry, record: dict[str, Any]) -> str | None:
    kind, category = record.get("kind") or "", record.get("category", "")
    if kind in schema.GEOMETRY_BY_KIND:
        allowed, what = schema.GEOMETRY_BY_KIND[kind], f"kind {kind!r}"
    else:
        allowed, what = schema.GEOMETRY_BY_CATEGORY.get(category, ()), f"category {category!r}"
    if allowed and geom.geom_type not in allowed:
        return f"{geom.geom_type} is not allowed for {what} (expected {' or '.join(allowed)})"
    return None
