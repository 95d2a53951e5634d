"""An extra line in the map's attribution control (``MH.attribution``)."""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall


class Attribution(MapCall):
    """Add an attribution line (HTML, escaped by the caller) to the map's attribution control."""

    call = "attribution"
    default_js = module_js("map")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.options = {"text": text}
