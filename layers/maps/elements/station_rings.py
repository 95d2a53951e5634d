"""Every station's rings at the standards' distances: a layer-control overlay, off until a reader turns it on."""

from __future__ import annotations

from typing import Any

from layers.maps.assets import module_js
from layers.maps.elements.call import MapCall


class StationRings(MapCall):
    """The rings round every station in and near Minhang (``layers.maps.live.station_rings``), drawn into the
    overlay group it is added to (``MH.stationRings``)."""

    call = "stationRings"
    default_js = module_js("plan")

    def __init__(self, rings: dict[str, Any]) -> None:
        """``rings``: each station's centre and status, the radii, their colours and dash."""
        super().__init__()
        self.options = rings
