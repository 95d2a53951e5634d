"""The street context as a reader's map draws it: the OpenStreetMap layers (``static/context``) cut to Minhang
and its near surroundings, and named in the reader's language.

The committed layers cover a rectangle a little larger than the district. Drawn as they are, their edge is a
hard rectangle in the middle of the map's grey; cut to :data:`REACH_M` beyond Minhang's boundary, the streets
end in the district's own shape, under the veil that keeps the eye in the district
(``static/js/minhang-map.js`` ``MH.veil``). Names: one ``name`` per feature, Chinese on the Chinese page,
English where OpenStreetMap has it and pinyin otherwise on the English one (``layers.view.names``), so a
published file carries one language's names only.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from layers.data.reference import METRIC_CRS, load_context, load_reference
from layers.view.names import english_name, has_english_ending

REACH_M = 800  # how far beyond Minhang's boundary the streets, water and rail are drawn
MIN_NAMED_WATER_M = 5_000  # on the English page a river this long is named (a minor creek is not: water_named)
HOME = "闵行区"  # a place in Minhang (its own towns and subdistricts), named before any neighbour's
# Per layer, the properties the browser reads (static/js/minhang-context.js), beside the name.
KEEP = {"water": ("kind",), "roads": ("class", "ref"), "rail": ("kind",), "stations": ("kind",),
        "places": ("kind",)}


@cache
def reach() -> BaseGeometry:
    """Minhang and :data:`REACH_M` around it (WGS-84)."""
    minhang = load_reference()["minhang"]
    return shapely.union_all(minhang.to_crs(METRIC_CRS).buffer(REACH_M).to_crs("EPSG:4326").values)


def name_in(props: dict[str, Any], lang: str) -> str | None:
    """A feature's name in ``lang``: Chinese, or English (OpenStreetMap's, else pinyin); None where it has none."""
    if lang == "zh":
        return props.get("name_zh") or props.get("name_en")
    return english_name(props.get("name_zh"), props.get("name_en"))


@cache
def water_lengths() -> dict[str, float]:
    """Each named waterway's length in metres (its pieces summed), as the context holds it."""
    pieces = [(f["properties"]["name_zh"], shape(f["geometry"])) for f in load_context()["water"]["features"]
              if f["properties"].get("name_zh") and f["geometry"] and f["properties"].get("kind") != "area"]
    if not pieces:
        return {}
    frame = gpd.GeoDataFrame({"name": [n for n, _ in pieces]}, geometry=[g for _, g in pieces], crs="EPSG:4326")
    totals = frame.to_crs(METRIC_CRS).assign(m=lambda f: f.length).groupby("name")["m"].sum()
    return {str(name): float(m) for name, m in totals.items()}


def water_named(props: dict[str, Any], lang: str) -> bool:
    """Whether a waterway is named on the page: always in Chinese; in English only a lake or a major river whose
    name has an English ending ("Dianpu River"), never a minor creek in bare pinyin ("Sanyouhe", "Yutang")."""
    if lang == "zh" or props.get("name_en"):
        return True
    name = props.get("name_zh")
    major = props.get("kind") == "area" or water_lengths().get(name or "", 0.0) >= MIN_NAMED_WATER_M
    return major and has_english_ending(name)


@cache
def readers_context(lang: str) -> dict[str, dict[str, Any]]:
    """Every context layer (WGS-84) as the reader's map draws it: lines, areas and stations cut to :func:`reach`,
    places kept whole (the neighbours' names orient), each feature with its ``name`` in ``lang`` and, for a
    place in Minhang, ``home``."""
    area = reach()
    shapely.prepare(area)
    out: dict[str, dict[str, Any]] = {}
    for layer, collection in load_context().items():
        features = []
        for feature in collection["features"]:
            props, geometry = feature["properties"], feature["geometry"]
            if geometry is None:
                continue
            if layer != "places":
                geom = shape(geometry)
                if not area.contains(geom):
                    geom = shapely.intersection(geom, area)
                    if geom.is_empty:
                        continue
                    geometry = mapping(shapely.set_precision(geom, 1e-5))  # the compact form's grid
            kept = {k: props[k] for k in KEEP[layer] if props.get(k) is not None}
            if (name := name_in(props, lang)) and (layer != "water" or water_named(props, lang)):
                kept["name"] = name
            if layer == "places" and props.get("district") == HOME:
                kept["home"] = True
            features.append({"type": "Feature", "properties": kept, "geometry": geometry})
        out[layer] = {"type": "FeatureCollection", "features": features}
    return out
