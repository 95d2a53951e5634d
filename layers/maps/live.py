"""How a map's data reaches the browser: published once as static files (the app), or inline (an export);
and what one view of the live map sends: a bit per feature and the selection.

A view change used to rebuild, re-render and re-send every drawn feature (its GeoJSON, tooltip, style
and symbol). Now the display data of every feature is published once per data, language and datum,
the base map is rendered once (``layers.maps.prerender``), and a view sends ~1 KB.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import shapely

from layers.data.datum import wgs84_to_gcj02
from layers.data.stations import (
    DRAWN_DISTANCES,
    NEAR_DISTANCES,
    REACH_M,
    STATION_STATUS,
    STATION_STATUSES,
    Station,
    station_states,
    stations,
)
from layers.maps.base import Boundaries, Sources
from layers.maps.basemaps import get_basemap
from layers.maps.compact import compact
from layers.maps.context import reach, readers_context
from layers.maps.elements.plan_layer import PlanView
from layers.maps.framing import Framing
from layers.maps.prerender import ViewGroup
from layers.maps.publish import publish_json
from layers.maps.scene import Scene
from layers.maps.style import CATCHMENT_DASH, STATION_COLOURS
from layers.maps.wire import collection_in_datum, visible_bits


def context_in_datum(basemap_key: str, lang: str) -> dict[str, dict[str, Any]]:
    """The street-context layers as a reader's map draws them (``layers.maps.context``), in the basemap's datum."""
    return _context(get_basemap(basemap_key).gcj02, lang, packed=False)


@lru_cache(maxsize=8)
def _context(gcj02: bool, lang: str, *, packed: bool) -> dict[str, dict[str, Any]]:
    """The context layers in one datum and language, compact or plain: the same for the basemaps of a datum, so
    made once (~50 ms, ~150 ms shifted) rather than once per published base map."""
    if packed:
        return {name: compact(layer) for name, layer in _context(gcj02, lang, packed=False).items()}
    key = "gaode" if gcj02 else "offline"
    return {name: collection_in_datum(layer, key) for name, layer in readers_context(lang).items()}


def context_layers(gcj02: bool, lang: str) -> dict[str, dict[str, Any]]:
    """The street-context layers, compact, in one datum and language: what the live map and the reader door fetch."""
    return _context(gcj02, lang, packed=True)


def published_sources(plan: dict[str, Any], bounds: Boundaries, basemap_key: str, lang: str, stem: str) -> Sources:
    """Publish the plan data, the boundaries and the street context as static files (the live map).

    ``plan`` and ``bounds`` are in the datum of ``basemap_key``; the context is published in it too, named in
    ``lang``. Boundaries and context go out compact. Whatever cannot be written goes inline (the plan, the
    boundaries) or is read from the plain files in ``static/context``.
    """
    reference = {"neighbours": bounds.neighbours, "minhang": bounds.minhang}
    compact_reference = {name: compact(layer) for name, layer in reference.items()}
    context = {name: publish_json(layer, f"context-{lang}-{name}")
               for name, layer in _context(get_basemap(basemap_key).gcj02, lang, packed=True).items()}
    return Sources(plan=publish_json(plan, f"plan-{stem}") or plan,
                   reference=publish_json(compact_reference, "reference") or reference,
                   context=context if all(context.values()) else None)


def inline_sources(plan: dict[str, Any], bounds: Boundaries, basemap_key: str, lang: str) -> Sources:
    """Every piece of data inside the map (an export that opens by double-click)."""
    return Sources(plan=plan, reference={"neighbours": bounds.neighbours, "minhang": bounds.minhang},
                   context=context_in_datum(basemap_key, lang))


def plan_view(scene: Scene, ids: Iterable[str], *, in_page: bool = False, report: str | None = None,
              compare_source: str | dict[str, Any] | None = None, titled: bool = False,
              framing: Framing | None = None) -> PlanView:
    """What one view sends, drawn from its scene: a bit per feature of the plan data (in ``ids`` order), the
    selection, the ringed ids, the words the camera writes, and the framing. ~1 KB, where the features were
    ~100 KB.

    ``in_page``: the view is rendered into the map's page (an export, which fits its own bounds), not sent by
    streamlit-folium; otherwise it carries the scene's ``fit``, what the server's centre and zoom were fitted
    to for a desktop-sized map: a narrow map (a phone) fits the same bounds to its own size. ``report``: the
    field the map sets in what it returns once it has drawn (``layers.view.selection.MAP_DRAWN``), while the
    page waits for that. ``compare_source``: the other date's plan data, or its URL, where the scene compares.
    ``titled``: the headline starts with the map's title (an embedded map, which has no page round it).
    ``framing``: the scene's own, unless the live map keeps the reader's place (``layers.maps.framing.keep_place``).
    """
    compare = {"source": compare_source, **scene.sides} if scene.sides and compare_source is not None else None
    near = rings(scene) if scene.spec.near is not None else None
    return PlanView(visible_bits(ids, scene.shown.ids), scene.shown.selected, scene.info,
                    None if in_page else (framing or scene.framing).fit, in_page=in_page, report=report,
                    changed=list(scene.ringed),
                    matched=list(scene.matched), named=list(scene.named), compare=compare, near=near,
                    headline={**scene.headline, "title": scene.info["title"]} if titled else scene.headline)


# How a station's ring looks, wherever the browser draws one (a near= view's, the door's, the overlay's).
RING_LOOK = {"colours": STATION_COLOURS, "dash": CATCHMENT_DASH}


def _centre(lon: float, lat: float, gcj02: bool) -> list[float]:
    """A station's centre as the browser draws it: [lat, lon] in the basemap's datum, to 6 decimals (~0.1 m)."""
    lon, lat = wgs84_to_gcj02(lon, lat) if gcj02 else (lon, lat)
    return [round(lat, 6), round(lon, 6)]


def rings(scene: Scene) -> dict[str, Any]:
    """The rings of a view near stations as the browser draws them (``MH.plan``): their radius in metres, each
    station's centre in the basemap's datum with its status, and each status's colour."""
    gcj02 = get_basemap(scene.spec.basemap).gcj02
    return {"r": scene.spec.near, **RING_LOOK,
            "rings": [[*_centre(s["lon"], s["lat"], gcj02), s["status"]] for s in scene.stations]}


def _within_reach(frame: gpd.GeoDataFrame) -> tuple[list[list[tuple[str, int]]], list[Station]]:
    """Each feature's stations within :data:`REACH_M`, and those stations (what a page deciding near= needs)."""
    near = [[(key, m) for key, m in found if m <= REACH_M] if isinstance(found, tuple) else []
            for found in frame["stations"].tolist()]
    reached = {key for found in near for key, _ in found}
    return near, [s for s in stations(frame) if s.key in reached]


def near_rules(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """What a page that decides near= itself needs (the reader door: ``MH.shownBy``, ``MH.nearRings``): the distances
    a link may ask for, each station some feature is near (the plan feature it is, the plan's lines whose status it
    takes, whether it serves another line), each feature's stations within reach, and how a status counts. Their
    centres and the rings' look: :func:`near_centres`, fetched by a link that asks."""
    near, table = _within_reach(frame)
    index = {s.key: i for i, s in enumerate(table)}
    return {"words": [str(m) for m in NEAR_DISTANCES], "order": list(STATION_STATUSES), "classes": STATION_STATUS,
            # what each station's status is taken from: the plan's station (its id), or the plan's lines it serves
            # with 1 where it serves a line the plan does not list (open), as Station.status takes it
            "basis": [s.feature if s.feature is not None else [*s.plan_lines, *([1] if s.other_lines else [])]
                      for s in table],
            # each station as [its index, the first distance it lies within] (REACH_M is the farthest of them)
            "nearby": [[[index[key], next(i for i, d in enumerate(NEAR_DISTANCES) if m <= d)] for key, m in found]
                       for found in near]}


def near_centres(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """The centres of :func:`near_rules`'s stations, in its order, in each datum ("wgs84", "gcj02"), and the rings'
    look ("colours", "dash")."""
    table = _within_reach(frame)[1]
    return {**{datum: [_centre(s.lon, s.lat, datum == "gcj02") for s in table] for datum in ("wgs84", "gcj02")},
            **RING_LOOK}


def station_rings(frame: gpd.GeoDataFrame, basemap_key: str) -> dict[str, Any]:
    """Every station in and near Minhang (within the street context's reach) with its status on the frame's date,
    its centre in the basemap's datum, and the rings the standards name (``DRAWN_DISTANCES``): what
    ``MH.stationRings`` draws."""
    gcj02, area = get_basemap(basemap_key).gcj02, reach()
    rings = [[*_centre(s.lon, s.lat, gcj02), status] for s, status in station_states(frame).values()
             if area.contains(shapely.Point(s.lon, s.lat))]
    return {"rings": rings, "radii": list(DRAWN_DISTANCES), **RING_LOOK}


def plan_view_group(scene: Scene, ids: Iterable[str], **options: Any) -> folium.FeatureGroup:
    """:func:`plan_view` in the group the map carries it in (``options``: :func:`plan_view`'s)."""
    group = ViewGroup(name="view", control=False)
    plan_view(scene, ids, **options).add_to(group)
    return group
