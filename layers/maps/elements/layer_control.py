"""The layer control, its button titled in the map's language (Leaflet titles it "Layers", in English)."""

from __future__ import annotations

from typing import Any

import folium
from folium.template import Template


class LayerControl(folium.LayerControl):
    """folium's layer control (added last, as folium asks), its toggle titled ``title`` and named so for a screen
    reader (Leaflet gives the link a title only)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_layers = {
                base_layers : {
                    {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
                overlays :  {
                    {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
            };
            let {{ this.get_name() }} = L.control.layers(
                {{ this.get_name() }}_layers.base_layers,
                {{ this.get_name() }}_layers.overlays,
                {{ this.options|tojavascript }}
            ).addTo({{this._parent.get_name()}});
            (function (toggle) {
                toggle.title = {{ this.title|tojson }};
                toggle.setAttribute("aria-label", {{ this.title|tojson }});
            })({{ this.get_name() }}.getContainer().querySelector(".leaflet-control-layers-toggle"));
        {% endmacro %}
    """)

    def __init__(self, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._name = "LayerControl"
        self.title = title
