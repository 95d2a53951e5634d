"""Where a map of a view looks: the one framing decision, for the live map, a phone's map and the exports.

A view that narrows nothing is framed on Minhang itself, the district filling the map (../shared/CARTOGRAPHY.md:
frame the subject); a view that narrows is framed on what it shows. Zoom is fractional (:data:`ZOOM_STEP`),
so the frame is filled however wide the screen: every map fits the same bounds to its own size in the browser.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd

from layers.data import schema
from layers.data.datum import wgs84_to_gcj02
from layers.data.reference import district_bounds
from layers.maps.basemaps import get_basemap
from layers.view.filters import Shown
from layers.view.spec import FilterSpec

MINHANG_CENTER = (31.11, 121.40)
DEFAULT_ZOOM = 11
# The map the server frames for: the page's map on a laptop (1440 x 900: page.css gives it the first screen
# under the title line; the height is also the map frame's before that CSS applies). Other maps (a phone,
# a larger screen) and exports of another size fit the same bounds to their own size in the browser.
FRAME_PX = (1100, 776)
POINT_ZOOM = 14  # a selected point: street level
SELECTED_MAX_ZOOM = 15  # a selected line or area: its own extent, never closer
ZOOM_STEP = 0.1  # zoom is fractional in steps of this (the map's zoomSnap): a fitted frame is filled to ~93 %
FIT_PADDING_PX = 8  # the margin a fitted frame keeps round what it fits (the browser's fitBounds too)
FIT_TOP_PX = 44  # and at the top, where the headline runs over the map (static/css/map.css .mh-headline)
FIT_MAX_ZOOM = 16  # a fitted frame comes no closer than this


@dataclass(frozen=True)
class Framing:
    """Centre (lat, lon) and zoom in the map's datum, and the bounds they were fitted to.

    ``bounds`` (``[[south, west], [north, east]]``, the map's datum) is None for a view framed by hand
    (``center`` and ``zoom`` in a link), which every map shows as it is, and when nothing is shown.
    """

    center: tuple[float, float]
    zoom: float
    bounds: list[list[float]] | None = None
    max_zoom: float = FIT_MAX_ZOOM  # how close a map of another size may come as it fits the bounds
    reveal: bool = False  # a pick: the map keeps its place and only brings ``bounds`` into view (MH.planView)

    @property
    def fit(self) -> dict[str, Any] | None:
        """What a map of another size fits to (``{"bounds", "maxZoom", "paddingTopLeft", "paddingBottomRight"}``),
        or None to show centre and zoom: a larger screen comes closer, up to ``max_zoom``."""
        if not self.bounds:
            return None
        return {"bounds": self.bounds, "maxZoom": self.max_zoom, "paddingTopLeft": [FIT_PADDING_PX, FIT_TOP_PX],
                "paddingBottomRight": [FIT_PADDING_PX, FIT_PADDING_PX], **({"reveal": True} if self.reveal else {})}


def fit_view(frame: gpd.GeoDataFrame, width_px: int = FRAME_PX[0], height_px: int = FRAME_PX[1],
             min_zoom: int = 9, max_zoom: int = FIT_MAX_ZOOM) -> tuple[tuple[float, float], float]:
    """Centre (lat, lon) and the largest zoom (a multiple of :data:`ZOOM_STEP`) at which ``frame`` fits a map of
    the given size."""
    if frame.empty:
        return MINHANG_CENTER, DEFAULT_ZOOM
    west, south, east, north = (float(v) for v in frame.total_bounds)
    return fit_bounds((west, south, east, north), width_px, height_px, min_zoom, max_zoom)


def fit_bounds(bounds: tuple[float, float, float, float], width_px: int = FRAME_PX[0], height_px: int = FRAME_PX[1],
               min_zoom: int = 9, max_zoom: int = FIT_MAX_ZOOM) -> tuple[tuple[float, float], float]:
    """Centre (lat, lon) and the largest zoom (a multiple of :data:`ZOOM_STEP`) at which ``bounds`` (west, south,
    east, north) fit a map of the given size, :data:`FIT_PADDING_PX` round them (:data:`FIT_TOP_PX` above)."""
    minx, miny, maxx, maxy = bounds
    centre = ((miny + maxy) / 2, (minx + maxx) / 2)
    width_px, height_px = width_px - 2 * FIT_PADDING_PX, height_px - FIT_PADDING_PX - FIT_TOP_PX

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max(maxx - minx, 1e-6) / 360
    span_y = max(merc_y(maxy) - merc_y(miny), 1e-6) / (2 * math.pi)
    steps = math.floor(min(math.log2(width_px / 256 / span_x), math.log2(height_px / 256 / span_y)) / ZOOM_STEP)
    return (round(centre[0], 6), round(centre[1], 6)), max(min_zoom, min(max_zoom, round(steps * ZOOM_STEP, 1)))


def frame_view(shown: Shown, spec: FilterSpec) -> Framing:
    """How every map of this view is framed: as the link framed it by hand, else fitted to its focus
    (the selection, else the matches, else the region outlines).

    Fitted on the stored (WGS-84) bounds, then only the centre and corners are shifted to the map's
    datum: shifting thousands of matching features on every view change to move them ~500 m would be waste.
    """
    if spec.center is not None and spec.zoom is not None:
        return Framing(spec.center, spec.zoom)
    focus = shown.focus
    whole = shown.selection.empty and not spec.narrowed
    if focus.empty and not whole:
        return Framing(*fit_view(focus))
    box = district_bounds() if whole else (  # a view narrowing nothing is framed on Minhang
        float(focus.total_bounds[0]), float(focus.total_bounds[1]), float(focus.total_bounds[2]),
        float(focus.total_bounds[3]))
    (lat, lon), zoom = fit_bounds(box)
    closest: float = FIT_MAX_ZOOM
    if not shown.selection.empty:
        closest = POINT_ZOOM if shown.selection.geom_type.iloc[0] in schema.POINT else SELECTED_MAX_ZOOM
        zoom = POINT_ZOOM if closest == POINT_ZOOM else min(zoom, SELECTED_MAX_ZOOM)
    west, south, east, north = (round(v, 6) for v in box)
    if get_basemap(spec.basemap).gcj02:
        lon, lat = wgs84_to_gcj02(lon, lat)
        lat, lon = round(lat, 6), round(lon, 6)
        west, south = wgs84_to_gcj02(west, south)
        east, north = wgs84_to_gcj02(east, north)
    return Framing((lat, lon), zoom, [[south, west], [north, east]], closest)


SENT = "framing_sent"  # the session key of the last view and framing the live map was sent


def keep_place(state: MutableMapping[str, Any], spec: FilterSpec, framing: Framing) -> Framing:
    """The live map's framing for this run: where only the selection changed since the last run (a pick on the
    map, in the table or the timeline; the details closed), the map keeps the place the reader has it in: the
    centre and zoom sent before (the component then leaves the map alone) and, for a new selection, its bounds
    to bring into view (``reveal``: no jump of zoom, at most 2 levels in for a feature too small to see); the same
    view run again keeps the framing it was sent with. A link, a filter, a new date: the view's own framing
    (:func:`frame_view`). ``state`` is the session's."""
    last = state.get(SENT)
    held = framing
    if last is not None and last[0] == spec:  # the same view again (a rerun): the same framing, a pick's kept place
        return last[1]
    if last is not None and last[0] != spec and replace(last[0], feature=None) == replace(spec, feature=None):
        before: Framing = last[1]
        held = Framing(before.center, before.zoom, framing.bounds if spec.feature else None, framing.max_zoom,
                       reveal=spec.feature is not None)
    state[SENT] = (spec, held)
    return held
