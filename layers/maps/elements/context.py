"""The offline street-context basemap: OpenStreetMap water, roads, rail, stations and place names.

The data never travels with the map's script: the app serves the files once as static files
(``/app/static/context/*.geojson``; the browser caches them across reruns), and a standalone
export embeds them. Drawing, zoom-dependent detail, labels and the GCJ-02 shift for Gaode are
done in the browser by ``static/js/minhang-map.js``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import folium
from branca.element import MacroElement
from folium.template import Template

from layers.maps.assets import MAP_JS

CONTEXT_URL = "/app/static/context"


class ContextBasemap(folium.elements.JSCSSMixin, MacroElement):
    """Fetch (or take inline) the context layers and draw them under the plan's layers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            MH.context({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
    """)
    default_js: ClassVar[list[tuple[str, str]]] = [MAP_JS]

    def __init__(self, lang: str, gcj02: bool, labels: bool, data: dict[str, Any] | None = None,
                 base_url: str = CONTEXT_URL, *, urls: dict[str, str] | None = None) -> None:
        """``data``: the layers inline (exports); ``urls``: each layer's compact published copy
        (``layers.maps.compact``); else the plain files under ``base_url``."""
        super().__init__()
        self._name = "ContextBasemap"
        # Labels only on the offline basemap: over tiles they would repeat the tiles' own names.
        self.options = {"lang": lang, "gcj02": gcj02, "labels": labels, "base": base_url, "data": data,
                        "urls": urls}
