"""The plan's features as the browser receives them: in the map's datum, small, every text ready to show.

:func:`plan_layer_data` builds the display data of *every* feature of a frame once per data, language
and basemap datum: the app publishes it as a static file the browser fetches once, and an export
embeds it. A view then only says which features show: :func:`visible_bits`, one bit per feature
(base64, ~1.3 KB for 10,000 features). ``static/js/minhang-plan.js`` draws them.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
from shapely.geometry import mapping

from layers.data import schema
from layers.data.datum import shift_geometry_to_gcj02, wgs84_to_gcj02
from layers.maps.basemaps import get_basemap
from layers.maps.style import (
    CIRCLE_RADIUS,
    SHAPES,
    changed_style,
    feature_style,
    matched_style,
    selection_style,
    symbol_svg,
)
from layers.view.details import feature_details, plan_sentence, popup_html, tooltip_html
from layers.view.palette import HOLLOW, STATUS_COLOURS

MAP_PROPERTIES = ("id", "category", "kind", "region", "precision", "color", "status")
POINT_TYPES = frozenset(schema.POINT)
# Above this many point features the browser draws points on a canvas (one element for all)
# instead of one DOM element each: 10,000 DOM markers make panning stutter.
CANVAS_ABOVE = 1000


def to_map_datum(frame: gpd.GeoDataFrame, basemap_key: str) -> gpd.GeoDataFrame:
    """Shift geometries WGS-84 -> GCJ-02 when the basemap is drawn in GCJ-02 (Gaode); tiles never move."""
    if not get_basemap(basemap_key).gcj02 or frame.empty:
        return frame
    return frame.set_geometry(gpd.GeoSeries([shift_geometry_to_gcj02(g) for g in frame.geometry], index=frame.index,
                                            crs=frame.crs))


def collection_in_datum(collection: dict[str, Any], basemap_key: str) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS-84) in the basemap's datum, positions to 6 decimals (~0.1 m).

    The street context is shifted here once per datum (``layers.maps.live``), so the browser draws
    whatever it gets: the GCJ-02 formula lives in ``layers.data.datum`` alone.
    """
    if not get_basemap(basemap_key).gcj02:
        return collection

    def shifted(coords: Any) -> Any:
        if coords and isinstance(coords[0], int | float):
            lon, lat = wgs84_to_gcj02(coords[0], coords[1])
            return [round(lon, 6), round(lat, 6)]
        return [shifted(c) for c in coords]

    features = [{**f, "geometry": f["geometry"] and {**f["geometry"], "coordinates": shifted(
        f["geometry"]["coordinates"])}} for f in collection["features"]]
    return {**collection, "features": features}


def display_geojson(frame: gpd.GeoDataFrame, lang: str, *, popups: bool = False,
                    numbers: dict[str, int] | None = None, line_names: dict[str, str] | None = None) -> dict[str, Any]:
    """A small GeoJSON for the browser: styling keys, a pre-escaped tooltip (and popup), the label.

    ``label`` is the name in ``lang`` (the browser sets it as text, never HTML); lines and areas
    also carry ``lp``, the point their label hangs on. ``numbers`` gives exported maps their keyed
    feature numbers; ``line_names`` names the lines a station's popup lists. Tooltip and popup are the
    feature's details (``layers.view.details``).
    """
    features = []
    # A station names its lines (its tooltip, card and popup): by their names in the frame, unless given.
    line_names = line_names or dict(zip(frame.index, frame[f"name_{lang}"], strict=True))
    # Plain records and shapely's mapping(): no per-row pandas objects for 10,000 features.
    for fid, row, geom in zip(frame.index, frame.drop(columns="geometry").to_dict("records"), frame.geometry.values,
                              strict=True):
        props = {k: (row.get(k) if k != "id" else fid) for k in MAP_PROPERTIES}
        props = {k: v for k, v in props.items() if isinstance(v, str)}
        if row.get("promise") == "no_news":  # nothing reported since the plan: drawn faded (layers.maps.style)
            props["nn"] = "1"
        row["geom_type"] = geom.geom_type  # what kind of drawing it is, for the words on its position
        details = feature_details(row, lang, line_names)
        props["tip"] = tooltip_html(details)
        if details.quote_en:  # the English page's card: our translation of the plan's sentence (set as text)
            props["qe"] = details.quote_en
        if popups:
            props["popup"] = popup_html(details)
        if row.get("kind") != "region":
            props["label"] = row[f"name_{lang}"]
            if geom.geom_type not in POINT_TYPES:
                point = geom.representative_point()
                props["lp"] = [round(point.y, 6), round(point.x, 6)]
            if numbers and fid in numbers:
                props["n"] = numbers[fid]
        features.append({"type": "Feature", "id": fid, "properties": props, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


def plan_layer_data(frame: gpd.GeoDataFrame, lang: str, basemap_key: str, *, popups: bool = False,
                    numbers: dict[str, int] | None = None, line_names: dict[str, str] | None = None
                    ) -> dict[str, Any]:
    """Every feature of ``frame`` (region outlines included) ready to draw, in frame order.

    Each feature carries its display properties (``tip`` is escaped HTML, ``label`` and ``q``, the plan's
    sentence, plain text), ``s``, an index into ``styles`` (deduplicated Leaflet path options), and
    nothing else: the file is fetched by every reader once per data, language and datum. ``popups``,
    ``numbers`` and ``line_names`` are for exported maps (:func:`display_geojson`).
    """
    collection = display_geojson(to_map_datum(frame, basemap_key), lang, popups=popups, numbers=numbers,
                                 line_names=line_names)
    styles: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for feature, quote in zip(collection["features"], frame["source_quote"], strict=True):
        # ``q``: the plan's sentence, for the card a tap opens on a phone (set as text in the browser).
        if isinstance(quote, str):
            feature["properties"]["q"] = plan_sentence(quote, lang)
        style = feature_style(feature["properties"])
        key = json.dumps(style, sort_keys=True)
        if key not in index:
            index[key] = len(styles)
            styles.append(style)
        feature["properties"]["s"] = index[key]
    points = int(frame.geom_type.isin(schema.POINT).sum())
    return {**collection, "styles": styles, "selection": selection_style(), "changed": changed_style(),
            "matched": matched_style(), "symbols": {c: symbol_svg(c) for c in schema.CATEGORIES},
            # A point's fill is its status's colour (the one palette, layers.view.palette); canvas-drawn
            # points also take each category's shape (layers.maps.style.SHAPES).
            "palette": STATUS_COLOURS, "hollow": list(HOLLOW), "shapes": SHAPES, "circle": CIRCLE_RADIUS,
            "canvas": points > CANVAS_ABOVE}


def visible_bits(ids: Iterable[str], shown: Iterable[str]) -> str:
    """Base64 of one bit per id (in ``ids`` order, most significant bit first): 1 when in ``shown``."""
    ids = list(ids)
    wanted = set(shown)
    mask = np.fromiter((i in wanted for i in ids), dtype=bool, count=len(ids))
    return base64.b64encode(np.packbits(mask).tobytes()).decode("ascii")
