"""The scale bar: kilometres, and miles too on the English page only (metric is what a Chinese reader reads)."""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall


class ScaleBar(MapCall):
    """Leaflet's scale control, bottom left: metric always, imperial beside it on the English page."""

    call = "scaleBar"
    default_js = module_js("map")

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.options = {"imperial": lang == "en"}
