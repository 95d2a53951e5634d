"""A Leaflet control showing fixed HTML (legend, title box, key)."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template

from layers.maps.assets import module_js


class HtmlControl(folium.elements.JSCSSMixin, MacroElement):
    """A Leaflet control showing fixed HTML (legend, title box); callers escape any data text in it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function (map) {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                {%- if this.fold_narrow %}
                // On a phone the legend would cover half the map: it starts folded to its title.
                if (MH.narrow(map)) {
                    div.querySelectorAll("details").forEach(function (d) { d.open = false; });
                }
                {%- endif %}
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    default_js = module_js("map")  # MH.narrow

    def __init__(self, html: str, position: str, css_class: str, fold_narrow: bool = False) -> None:
        """``fold_narrow``: on a narrow map (a phone) start every ``<details>`` in ``html`` closed."""
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class
        self.fold_narrow = fold_narrow
