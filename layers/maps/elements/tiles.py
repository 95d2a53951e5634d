"""A tile basemap's tone and its failure: muted by default, a switch for full colour, and a notice when its
tiles cannot load (common for OpenStreetMap in mainland China), the offline map's names then shown over it.

``static/js/minhang-tiles.js`` does it in the browser. The plan is the figure (``../shared/CARTOGRAPHY.md``):
a tile basemap in full colour competes with the status palette, so it starts desaturated under a light veil.
"""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall
from layers.view.i18n import t

TILE_TEXTS = ("full", "muted", "failed")
# Tiles failing to load this many times with none loaded: the basemap is blocked, and the map says so.
FAILED_AFTER = 6


class TileTone(MapCall):
    """A small switch (full colour / muted) on a map with a tile basemap, and the notice when its tiles fail."""

    call = "tileTone"
    default_js = module_js("tiles")

    def __init__(self, lang: str, position: str = "bottomright") -> None:
        super().__init__()
        self.options = {"position": position, "failedAfter": FAILED_AFTER,
                        "texts": {key: t(f"tiles_{key}", lang) for key in TILE_TEXTS}}
