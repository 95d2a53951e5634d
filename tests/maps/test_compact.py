"""Compact GeoJSON (layers/compact.py): the published context and boundaries, smaller and the same shapes."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest

from layers.data.reference import load_context
from layers.maps.compact import compact
from layers.maps.publish import json_bytes


# The format's reference decoder, as the browser's MH.expand (static/js/minhang-map.js) decodes it.
def _line(steps: list[int], scale: int) -> list[list[float]]:
    out, x, y = [], 0, 0
    for i in range(0, len(steps), 2):
        x, y = x + steps[i], y + steps[i + 1]
        out.append([x / scale, y / scale])
    return out


def _decode(kind: str, coords: Any, scale: int) -> Any:
    if kind == "Point":
        return [coords[0] / scale, coords[1] / scale]
    if kind in ("LineString", "MultiPoint"):
        return _line(coords, scale)
    if kind in ("Polygon", "MultiLineString"):
        return [_line(part, scale) for part in coords]
    return [[_line(ring, scale) for ring in polygon] for polygon in coords]


def expand(collection: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`compact`: plain GeoJSON again."""
    if "q" not in collection:
        return collection
    scale = 10 ** collection["q"]
    features = [{**f, "geometry": f["geometry"] and {**f["geometry"], "coordinates": _decode(
        f["geometry"]["type"], f["geometry"]["coordinates"], scale)}} for f in collection["features"]]
    return {k: v for k, v in collection.items() if k != "q"} | {"features": features}


@pytest.mark.parametrize("name", ["water", "roads", "rail", "stations", "places"])
def test_context_layers_come_back_exactly(name):
    plain = load_context()[name]
    packed = compact(plain)
    assert packed["q"] == 5 and "q" not in plain  # the original is untouched
    assert expand(packed) == json.loads(json.dumps(plain))  # the layers are built at 5 decimals: no loss
    # Points gain nothing (no steps to take), lines and areas a third.
    assert len(gzip.compress(json_bytes(packed))) <= 1.01 * len(gzip.compress(json_bytes(plain)))


def test_the_context_layers_travel_a_quarter_lighter():
    plain = sum(len(gzip.compress(json_bytes(layer))) for layer in load_context().values())
    packed = sum(len(gzip.compress(json_bytes(compact(layer)))) for layer in load_context().values())
    assert packed < 0.75 * plain, (plain, packed)


def test_every_geometry_type_round_trips_within_the_precision():
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": i}, "geometry": geometry} for i, geometry in enumerate([
            {"type": "Point", "coordinates": [121.4000049, 31.1]},
            {"type": "MultiPoint", "coordinates": [[121.4, 31.1], [121.5, 31.2]]},
            {"type": "LineString", "coordinates": [[121.4, 31.1], [121.41, 31.09], [121.39, 31.12]]},
            {"type": "MultiLineString",
             "coordinates": [[[121.4, 31.1], [121.41, 31.09]], [[121.3, 31.0], [121.2, 31.0]]]},
            {"type": "Polygon", "coordinates": [[[121.4, 31.1], [121.5, 31.1], [121.5, 31.2], [121.4, 31.1]]]},
            {"type": "MultiPolygon", "coordinates": [[[[121.4, 31.1], [121.5, 31.1], [121.5, 31.2], [121.4, 31.1]]],
                                                     [[[121.0, 31.0], [121.1, 31.0], [121.1, 31.1], [121.0, 31.0]]]]},
        ])] + [{"type": "Feature", "properties": {}, "geometry": None}]}
    back = expand(compact(collection))
    for before, after in zip(collection["features"], back["features"], strict=True):
        assert before["properties"] == after["properties"]
        if before["geometry"] is None:
            assert after["geometry"] is None
            continue
        flat_before = json.dumps(before["geometry"]["coordinates"])
        numbers_before = [float(x) for x in flat_before.replace("[", " ").replace("]", " ").replace(",", " ").split()]
        flat_after = json.dumps(after["geometry"]["coordinates"])
        numbers_after = [float(x) for x in flat_after.replace("[", " ").replace("]", " ").replace(",", " ").split()]
        assert len(numbers_before) == len(numbers_after)
        assert max(abs(a - b) for a, b in zip(numbers_before, numbers_after, strict=True)) <= 0.5e-5 + 1e-12


def test_an_unknown_geometry_is_refused():
    with pytest.raises(ValueError, match="GeometryCollection"):
        compact({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "coordinates": []}}]})
