"""Hypothesis strategies for hostile input: GeoJSON-like documents, mutations of real files, URL parameters.

They generate what a curator's folder or a shared link could hold: every JSON shape, positions
of any length and type, nested nulls, Features inside Features, numbers at the edge of floats,
text with control, bidi and markup characters.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from layers.data import schema
from layers.view.i18n import LANGUAGES
from layers.view.spec import BASEMAPS, PARAMS
from tests.conftest import good_feature, good_properties

# Numbers a position might hold: ordinary, Minhang-like, edge-of-float, negative zero, huge integers.
EDGE_NUMBERS = st.sampled_from([0, -0.0, 1e308, -1e308, 5e-324, 2**63, -(2**64), 180.0, 90.0, 361.0,
                                121.43, 31.02, 13518000.0, 3640000.0])
NUMBERS = st.one_of(EDGE_NUMBERS, st.integers(-(10**20), 10**20),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.floats(min_value=121.2, max_value=121.6), st.floats(min_value=30.9, max_value=31.3))
HOSTILE_TEXT = st.sampled_from(["", " ", "<img src=x onerror=alert(1)>", "</script>", "\u202e\u200b", "NaN",
                                "121.43", "Point", "Feature", "零号湾", "a" * 300, "null", "{}", "\x00"])
TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=20))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection", "Feature", "FeatureCollection", "point", "Circle")
# A position: usually two numbers, but any length, strings, nulls, nested lists.
POSITION = st.one_of(st.tuples(NUMBERS, NUMBERS).map(list), st.lists(NUMBERS, max_size=5),
                     st.lists(SCALARS, max_size=4), st.lists(st.tuples(NUMBERS, NUMBERS).map(list), max_size=2))
NEAR_MINHANG = st.tuples(st.floats(min_value=121.30, max_value=121.50), st.floats(min_value=31.00, max_value=31.20))


def coordinates(depth: int) -> st.SearchStrategy[Any]:
    """Nested coordinate arrays ``depth`` levels above positions, with lengths 0..5 and odd members."""
    if depth == 0:
        return st.one_of(POSITION, SCALARS)
    return st.one_of(st.lists(coordinates(depth - 1), max_size=5), SCALARS)


def _ring(points: list[tuple[float, float]], closed: bool) -> list[list[float]]:
    ring = [list(p) for p in points]
    return [*ring, ring[0]] if closed and ring else ring


# Near-valid geometry: real Minhang positions, in counts and rings that are often one short.
NEAR_VALID = st.one_of(
    st.builds(lambda p: {"type": "Point", "coordinates": list(p)}, NEAR_MINHANG),
    st.builds(lambda ps: {"type": "LineString", "coordinates": [list(p) for p in ps]},
              st.lists(NEAR_MINHANG, max_size=3)),
    st.builds(lambda ps, c: {"type": "Polygon", "coordinates": [_ring(ps, c)]}, st.lists(NEAR_MINHANG, max_size=4),
              st.booleans()),
    st.builds(lambda ps, c: {"type": "MultiPolygon", "coordinates": [[_ring(ps, c)], [], [[]]]},
              st.lists(NEAR_MINHANG, max_size=4), st.booleans()),
    st.builds(lambda ps, z: {"type": "MultiPoint", "coordinates": [[*p, *z] for p in ps]},
              st.lists(NEAR_MINHANG, max_size=3), st.lists(NUMBERS, max_size=2)),
)


@st.composite
def geometries(draw: st.DrawFn) -> Any:
    """A geometry member: null, any JSON, a near-valid shape, or a typed object with arbitrary coordinates."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(SCALARS)
    if kind == 1:
        return draw(JSON)
    if kind == 2:
        return draw(NEAR_VALID)
    geometry: dict[str, Any] = {"type": draw(st.one_of(st.sampled_from(GEOMETRY_TYPES), TEXT))}
    if draw(st.booleans()):
        geometry["coordinates"] = draw(coordinates(draw(st.integers(0, 4))))
    if geometry["type"] == "GeometryCollection" or draw(st.integers(0, 9)) == 0:
        geometry["geometries"] = draw(st.lists(NEAR_VALID, max_size=2))
    if geometry["type"] == "Feature":  # a Feature where the geometry should be
        geometry = good_feature(id="inner")
    return geometry


@st.composite
def properties(draw: st.DrawFn) -> Any:
    """Valid properties with some fields dropped, retyped or added; sometimes not an object at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON)
    props = good_properties(id=draw(st.sampled_from(["gen-a", "gen-b", "gen-c", "good-one"])))
    fields = list(schema.COLUMNS)
    for field in draw(st.lists(st.sampled_from(fields), max_size=3, unique=True)):
        props[field] = draw(JSON)
    for field in draw(st.lists(st.sampled_from(fields), max_size=2, unique=True)):
        props.pop(field, None)
    if draw(st.booleans()):
        props.update(draw(st.dictionaries(TEXT, JSON, max_size=2)))
    return props


@st.composite
def features(draw: st.DrawFn) -> Any:
    """A feature: mostly a Feature object with generated geometry and properties; sometimes any JSON."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON)
    feature: dict[str, Any] = {"type": draw(st.sampled_from(["Feature", "Feature", "feature", None]))}
    if draw(st.integers(0, 9)):
        feature["properties"] = draw(properties())
    if draw(st.integers(0, 9)):
        feature["geometry"] = draw(geometries())
    return feature


@st.composite
def documents(draw: st.DrawFn) -> Any:
    """A whole file's JSON: a FeatureCollection of generated features, or any other JSON shape."""
    if draw(st.integers(0, 7)) == 0:
        return draw(JSON)
    doc: dict[str, Any] = {"type": draw(st.sampled_from(["FeatureCollection"] * 4 + ["Feature", None]))}
    doc["features"] = draw(st.one_of(st.lists(features(), max_size=5), JSON) if draw(st.integers(0, 9)) == 0
                           else st.lists(features(), max_size=5))
    return doc


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every JSON path in ``value`` (keys and indexes)."""
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.extend(_paths(child, (*prefix, index)))
    return out


def _set(document: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


@st.composite
def mutations(draw: st.DrawFn, original: Any) -> tuple[Any, set[int]]:
    """``original`` with 1-3 values replaced or deleted at random paths; also the indexes of touched features."""
    document = copy.deepcopy(original)
    touched: set[int] = set()
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        delete = bool(path) and draw(st.integers(0, 3)) == 0
        replacement = draw(st.one_of(JSON, geometries(), SCALARS))
        document = _set(document, path, replacement, delete)
        if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
            touched.add(path[1])
            if delete and len(path) == 2:  # a deleted feature shifts every later one
                touched.update(range(path[1], len(original.get("features", [])) + 1))
        else:
            touched.update(range(len(original.get("features", [])) + 1))  # the file's own structure changed
    return document, touched


def encoded(document: Any) -> st.SearchStrategy[bytes]:
    """The document's bytes, sometimes damaged: truncated, a byte flipped, a BOM, NaN allowed."""
    text = json.dumps(document, ensure_ascii=False, allow_nan=True).encode("utf-8")
    return st.one_of(
        st.just(text),
        st.integers(0, max(len(text) - 1, 0)).map(lambda n: text[:n]),
        st.tuples(st.integers(0, max(len(text) - 1, 0)), st.integers(0, 255)).map(
            lambda p: text[:p[0]] + bytes([p[1]]) + text[p[0] + 1:]),
        st.just(b"\xef\xbb\xbf" + text),
    )


# --- URL parameters and export options -------------------------------------------------------------------

KNOWN_VALUES = [*schema.REGIONS, *schema.CATEGORIES, *schema.STATUSES, *BASEMAPS, *LANGUAGES, "qianwan-park",
                "sjtu-minhang-campus", "ALL", "north ", " Zh", "2024-01-01", "2022-12-31", "2999-01-01", "plan"]
PARAM_VALUE = st.one_of(
    st.lists(st.sampled_from(KNOWN_VALUES), max_size=4).map(",".join),
    st.lists(st.one_of(st.sampled_from(KNOWN_VALUES), TEXT), max_size=4).map(",".join),
    TEXT, st.just(","), st.just(",,,"), st.text(min_size=1990, max_size=2100, alphabet="ab,<>"),
)
PARAM_KEY = st.one_of(st.sampled_from([*PARAMS, "zoom", "center", "asof", "REGIONS", "q ", ""]), TEXT)
URL_PARAMS = st.dictionaries(PARAM_KEY, st.one_of(PARAM_VALUE, st.lists(PARAM_VALUE, min_size=0, max_size=3)),
                             max_size=6)
