"""Names on the plan's own features, placed so they never overlap (``static/js/minhang-labels.js``).

Each drawn feature whose properties carry ``label`` (and ``lp``, its label point, for lines and
areas) is named from ``min_zoom`` on; the selected feature (``sel``) always. With ``numbered``
(exports), every feature also gets its number ``n``, always drawn, keyed beside the legend, so a
printed map identifies every feature even where names would collide.
"""

from __future__ import annotations

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall

LABEL_MIN_ZOOM = 13


class PlanLabels(MapCall):
    """Register the plan features' names with the map's label layer."""

    call = "planLabels"
    default_js = module_js("map", "labels")

    def __init__(self, numbered: bool = False, min_zoom: int = LABEL_MIN_ZOOM) -> None:
        super().__init__()
        self.options = {"numbered": numbered, "minZoom": min_zoom}
