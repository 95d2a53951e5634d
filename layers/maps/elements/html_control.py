"""A Leaflet control showing fixed HTML (legend, title box, key): ``MH.htmlControl`` (static/js/minhang-map.js)."""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall


class HtmlControl(MapCall):
    """A Leaflet control showing fixed HTML (legend, title box); callers escape any data text in it."""

    call = "htmlControl"
    default_js = module_js("map")

    def __init__(self, html: str, position: str, css_class: str, fold_narrow: bool = False) -> None:
        """``fold_narrow``: on a narrow map (a phone) start every ``<details>`` in ``html`` closed."""
        super().__init__()
        self.options = {"html": html, "position": position, "className": css_class, "foldNarrow": fold_narrow}
