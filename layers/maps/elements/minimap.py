"""The overview map over our district outline (works offline)."""

from __future__ import annotations

from typing import Any

import folium
import folium.plugins

from layers.data.reference import district_bounds
from layers.maps.assets import module_js
from layers.maps.basemaps import Basemap
from layers.maps.elements.call import MapCall


class OfflineMiniMap(MapCall):
    """Leaflet-MiniMap over our district outline (works offline), under the tiles when there are any
    (``MH.miniMap``)."""

    call = "miniMap"
    default_js = [*folium.plugins.MiniMap.default_js, *module_js("map")]  # MH.fetchJSON shares the boundaries' fetch
    default_css = folium.plugins.MiniMap.default_css

    def __init__(self, outline: dict[str, Any] | str, basemap: Basemap, strings: dict[str, str]) -> None:
        """``outline``: the district's GeoJSON, or the URL of the published reference file holding it;
        ``strings``: the toggle's titles in the map's language (the plugin's ``hideText`` and ``showText``)."""
        super().__init__()
        west, south, east, north = district_bounds()
        self.options = {
            "outline": outline if isinstance(outline, dict) else None,
            "outlineUrl": outline if isinstance(outline, str) else None,
            "tileUrl": basemap.tile_url,
            "tileOptions": {"subdomains": basemap.provider.get("subdomains", "abc")} if basemap.provider else {},
            "district": [[south, west], [north, east]],  # shown once the reader has zoomed in (MH.overviewWhenIn)
            # Where the map looks, in ink: the plugin's orange would be the ground's only colour.
            "options": {"position": "bottomright", "width": 140, "height": 140, "zoomLevelOffset": -4,
                        "toggleDisplay": True, "strings": strings,
                        "aimingRectOptions": {"color": "#343a40", "weight": 1.5, "fillColor": "#343a40",
                                              "fillOpacity": 0.08},
                        "shadowRectOptions": {"color": "#868e96", "weight": 1, "opacity": 0, "fillOpacity": 0}},
        }
