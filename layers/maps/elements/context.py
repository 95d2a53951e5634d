"""The offline street-context basemap: OpenStreetMap water, roads, rail, stations and place names.

The data never travels with the map's script: the app publishes the layers once per datum as static
files (compact, in GCJ-02 for Gaode: ``layers.maps.live``; the browser caches them across reruns), and a
standalone export embeds them. Drawing, zoom-dependent detail and labels are done in the browser by
``static/js/minhang-context.js`` (labels through ``minhang-labels.js``).
"""

from __future__ import annotations

from typing import Any

from layers.maps.assets import STATIC_ROOT, module_js
from layers.maps.elements.call import MapCall

CONTEXT_URL = f"{STATIC_ROOT}/context"


class ContextBasemap(MapCall):
    """Fetch (or take inline) the context layers and draw them under the plan's layers."""

    call = "context"
    default_js = module_js("context")

    def __init__(self, lang: str, labels: bool, data: dict[str, Any] | None = None,
                 base_url: str = CONTEXT_URL, *, urls: dict[str, str] | None = None) -> None:
        """``data``: the layers inline (exports); ``urls``: each layer's compact published copy
        (``layers.maps.compact``); else the plain files under ``base_url`` (WGS-84). Either way in the
        map's datum."""
        super().__init__()
        # Labels only on the offline basemap: over tiles they would repeat the tiles' own names.
        self.options = {"lang": lang, "labels": labels, "base": base_url, "data": data,
                        "urls": urls}
