"""The live map's plan layer: all features once, as data; each view only says which are shown.

A view change used to rebuild, re-render and re-send every drawn feature (its GeoJSON, tooltip,
style and symbol). Now :func:`plan_layer_data` builds the display data of *every* feature once per
data, language and basemap datum (the dashboard caches it and publishes it as a static file the
browser fetches once), and a view sends :func:`visible_bits`: one bit per feature, base64, ~1.3 KB
for 10,000 features. ``static/js/minhang-plan.js`` draws and shows/hides the features.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import numpy as np

from layers.data import schema
from layers.data.reference import load_context
from layers.maps.compact import compact
from layers.maps.elements.plan_layer import PlanView
from layers.maps.mapbuild import BaseLayers, LiveSources, display_geojson, to_map_datum
from layers.maps.publish import publish_json
from layers.maps.style import (
    CATEGORY_COLOURS,
    CATEGORY_SYMBOLS,
    NOT_STARTED,
    feature_style,
    selection_style,
    symbol_svg,
)

# Above this many point features the browser draws points on a canvas (one element for all)
# instead of one DOM element each: 10,000 DOM markers make panning stutter.
CANVAS_ABOVE = 1000


def plan_layer_data(frame: gpd.GeoDataFrame, lang: str, basemap_key: str) -> dict[str, Any]:
    """Every feature of ``frame`` (region outlines included) ready to draw, in frame order.

    Each feature carries its display properties (``tip`` is escaped HTML, ``label`` and ``q``, the plan's
    sentence, plain text),
    ``s``, an index into ``styles`` (deduplicated Leaflet path options), and nothing else: the
    file is fetched by every reader once per data, language and datum.
    """
    collection = display_geojson(to_map_datum(frame, basemap_key), lang)
    styles: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for feature, quote in zip(collection["features"], frame["source_quote"], strict=True):
        # ``q``: the plan's sentence, for the card a tap opens on a phone (set as text in the browser).
        if isinstance(quote, str):
            feature["properties"]["q"] = quote
        style = feature_style(feature["properties"])
        key = json.dumps(style, sort_keys=True)
        if key not in index:
            index[key] = len(styles)
            styles.append(style)
        feature["properties"]["s"] = index[key]
    points = int(frame.geom_type.isin(schema.POINT).sum())
    return {**collection, "styles": styles, "selection": selection_style(),
            "symbols": {c: symbol_svg(c) for c in schema.CATEGORIES},
            # For canvas-drawn points: each category's shape and colour, and the faded statuses.
            "shapes": CATEGORY_SYMBOLS, "colours": CATEGORY_COLOURS, "faded": list(NOT_STARTED),
            "canvas": points > CANVAS_ABOVE}


def visible_bits(ids: Iterable[str], shown: Iterable[str]) -> str:
    """Base64 of one bit per id (in ``ids`` order, most significant bit first): 1 when in ``shown``."""
    ids = list(ids)
    wanted = set(shown)
    mask = np.fromiter((i in wanted for i in ids), dtype=bool, count=len(ids))
    return base64.b64encode(np.packbits(mask).tobytes()).decode("ascii")


def shown_ids(ids: list[str], bits: str) -> list[str]:
    """The inverse of :func:`visible_bits`: the ids whose bit is set."""
    mask = np.unpackbits(np.frombuffer(base64.b64decode(bits), dtype=np.uint8))[:len(ids)]
    return [fid for fid, on in zip(ids, mask, strict=True) if on]


def plan_view_group(ids: Iterable[str], shown: Iterable[str], selected: str | None,
                    info: dict[str, Any], fit: dict[str, Any] | None = None) -> folium.FeatureGroup:
    """What one view of the live map sends: a bit per feature of the plan data (in ``ids`` order), the
    selection and what the camera writes on a snapshot. ~1 KB, where the features were ~100 KB.

    ``fit`` (``{"bounds": [[s, w], [n, e]], "maxZoom": z}``) is what the server's centre and zoom were
    fitted to, for a desktop-sized map: a narrow map (a phone) fits the same bounds to its own size.
    """
    group = folium.FeatureGroup(name="view", control=False)
    PlanView(visible_bits(ids, shown), selected, info, fit).add_to(group)
    return group


@lru_cache(maxsize=1)
def compact_context() -> dict[str, dict[str, Any]]:
    """The street-context layers, compact (``layers.maps.compact``): the same for every language and basemap,
    so made once (~20 ms) rather than once per published base map."""
    return {name: compact(layer) for name, layer in load_context().items()}


def live_sources(plan: dict[str, Any], base: BaseLayers, stem: str) -> LiveSources:
    """Publish the plan data, the boundaries and the street context as static files.

    Boundaries and context go out compact (``layers.maps.compact``). Whatever cannot be written goes
    inline (the plan, the boundaries) or is read from the plain files in ``static/context``.
    """
    reference = {"neighbours": base.neighbours, "minhang": base.minhang}
    compact_reference = {name: compact(layer) for name, layer in reference.items()}
    context = {name: publish_json(layer, f"context-{name}") for name, layer in compact_context().items()}
    return LiveSources(plan=publish_json(plan, f"plan-{stem}") or plan,
                       reference=publish_json(compact_reference, "reference") or reference,
                       context=context if all(context.values()) else None)
