"""Where a map of a view looks: the one framing decision, for the live map, a phone's map and the exports."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from layers.data import schema
from layers.data.datum import wgs84_to_gcj02
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


@dataclass(frozen=True)
class Framing:
    """Centre (lat, lon) and zoom in the map's datum, and the bounds they were fitted to.

    ``bounds`` (``[[south, west], [north, east]]``, the map's datum) is None for a view framed by hand
    (``center`` and ``zoom`` in a link), which every map shows as it is, and when nothing is shown.
    """

    center: tuple[float, float]
    zoom: int
    bounds: list[list[float]] | None = None

    @property
    def fit(self) -> dict[str, Any] | None:
        """What a map of another size fits to (``{"bounds", "maxZoom"}``), or None to show centre and zoom."""
        return {"bounds": self.bounds, "maxZoom": self.zoom} if self.bounds else None


def fit_view(frame: gpd.GeoDataFrame, width_px: int = FRAME_PX[0], height_px: int = FRAME_PX[1],
             min_zoom: int = 9, max_zoom: int = 16) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and the largest zoom at which ``frame`` fits a map of the given size."""
    if frame.empty:
        return MINHANG_CENTER, DEFAULT_ZOOM
    minx, miny, maxx, maxy = frame.total_bounds
    centre = ((miny + maxy) / 2, (minx + maxx) / 2)

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max(maxx - minx, 1e-6) / 360
    span_y = max(merc_y(maxy) - merc_y(miny), 1e-6) / (2 * math.pi)
    zoom = math.floor(min(math.log2(width_px / 256 / span_x), math.log2(height_px / 256 / span_y)) - 0.15)
    return (round(centre[0], 6), round(centre[1], 6)), max(min_zoom, min(max_zoom, zoom))


def frame_view(shown: Shown, spec: FilterSpec) -> Framing:
    """How every map of this view is framed: as the link framed it by hand, else fitted to its focus
    (the selection, else the matches, else the region outlines).

    Fitted on the stored (WGS-84) bounds, then only the centre and corners are shifted to the map's
    datum: shifting thousands of matching features on every view change to move them ~500 m would be waste.
    """
    if spec.center is not None and spec.zoom is not None:
        return Framing(spec.center, spec.zoom)
    focus = shown.focus
    (lat, lon), zoom = fit_view(focus)
    if not shown.selection.empty:
        zoom = POINT_ZOOM if shown.selection.geom_type.iloc[0] in schema.POINT else min(zoom, SELECTED_MAX_ZOOM)
    if focus.empty:
        return Framing((lat, lon), zoom)
    west, south, east, north = (round(float(v), 6) for v in focus.total_bounds)
    if get_basemap(spec.basemap).gcj02:
        lon, lat = wgs84_to_gcj02(lon, lat)
        lat, lon = round(lat, 6), round(lon, 6)
        west, south = wgs84_to_gcj02(west, south)
        east, north = wgs84_to_gcj02(east, north)
    return Framing((lat, lon), zoom, [[south, west], [north, east]])
