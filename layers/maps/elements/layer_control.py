"""The layer control, its button titled in the map's language (Leaflet titles it "Layers", in English):
``MH.layerControl`` (static/js/minhang-map.js)."""

from __future__ import annotations

from typing import Any

import folium
from folium.template import Template

from layers.maps.assets import module_js


class LayerControl(folium.elements.JSCSSMixin, folium.LayerControl):
    """folium's layer control (added last, as folium asks: it lists the layers added before it), its toggle titled
    ``title`` and named so for a screen reader."""

    # The layers are named by their variables in the map's script, so they are written in, not sent as JSON.
    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = MH.layerControl({{ this._parent.get_name() }}, {base: {
                {%- for key, val in this.base_layers.items() %}{{ key|tojson }}: {{ val }},{% endfor -%}
            }, overlays: {
                {%- for key, val in this.overlays.items() %}{{ key|tojson }}: {{ val }},{% endfor -%}
            }}, {{ this.options|tojavascript }}, {{ this.title|tojson }});
        {% endmacro %}
    """)
    default_js = module_js("map")

    def __init__(self, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._name = "LayerControl"
        self.title = title
