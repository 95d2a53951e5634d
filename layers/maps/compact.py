"""GeoJSON made small for the browser: coordinates as integer steps.

A coordinate is stored as an integer number of 10^-5 degree (about 1 m, the precision the context
layers are built at), and each vertex of a line or ring as the step from the one before: small integers
that gzip well. The street-context layers go from 114 KB to 79 KB gzipped, the district boundaries from
17 KB to 10 KB; ``static/js/minhang-map.js`` (``MH.expand``) turns them back into plain GeoJSON.
The files on disk stay plain GeoJSON; only the published copies (``layers.maps.publish``) are compact.

Python encodes, the browser decodes: the one decoder is ``MH.expand``. Its round trip is tested in the
browser against the plain files (``tests/browser/test_browser.py``); ``tests/maps/test_compact.py``
checks the encoding with a reference decoder of its own.
"""

from __future__ import annotations

from typing import Any

PRECISION = 5  # decimal places kept: 10^-5 degree is ~1.1 m north-south, ~0.95 m east-west here


def _point(coords: list[float], scale: int) -> list[int]:
    return [round(coords[0] * scale), round(coords[1] * scale)]


def _steps(line: list[list[float]], scale: int) -> list[int]:
    out: list[int] = []
    x0 = y0 = 0
    for coords in line:
        x, y = _point(coords, scale)
        out += [x - x0, y - y0]
        x0, y0 = x, y
    return out


def _encode(kind: str, coords: Any, scale: int) -> Any:
    if kind == "Point":
        return _point(coords, scale)
    if kind in ("LineString", "MultiPoint"):
        return _steps(coords, scale)
    if kind in ("Polygon", "MultiLineString"):
        return [_steps(part, scale) for part in coords]
    if kind == "MultiPolygon":
        return [[_steps(ring, scale) for ring in polygon] for polygon in coords]
    raise ValueError(f"cannot compact a {kind} geometry")


def compact(collection: dict[str, Any], precision: int = PRECISION) -> dict[str, Any]:
    """A copy of a FeatureCollection with compact coordinates, marked ``"q": precision``."""
    scale = 10 ** precision
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        if geometry is not None:
            geometry = {**geometry, "coordinates": _encode(geometry["type"], geometry["coordinates"], scale)}
        features.append({**feature, "geometry": geometry})
    return {**collection, "features": features, "q": precision}
