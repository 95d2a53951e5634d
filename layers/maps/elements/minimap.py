"""The overview map over our district outline (works offline)."""

from __future__ import annotations

from typing import Any

import folium
import folium.plugins
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import remove_empty

from layers.data.reference import district_bounds
from layers.maps.assets import module_js
from layers.maps.basemaps import Basemap


class OfflineMiniMap(folium.elements.JSCSSMixin, MacroElement):
    """Leaflet-MiniMap over our district outline (works offline), under the tiles when there are any."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_layers = [];
            {% if this.tile_url %}
            {{ this.get_name() }}_layers.push(L.tileLayer({{ this.tile_url|tojson }}, {{ this.tile_options|tojson }}));
            {% endif %}
            var {{ this.get_name() }}_outline = L.geoJson({{ this.outline|tojson }},
                {style: {color: "#495057", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}, interactive: false});
            {% if this.outline_url %}
            MH.fetchJSON({{ this.outline_url|tojson }}).then(MH.expand).then(function (d) {
                {{ this.get_name() }}_outline.addData(d.minhang);
            });
            {% endif %}
            {{ this.get_name() }}_layers.push({{ this.get_name() }}_outline);
            var {{ this.get_name() }} = new L.Control.MiniMap(
                L.layerGroup({{ this.get_name() }}_layers), {{ this.options|tojavascript }});
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
            MH.overviewWhenIn({{ this._parent.get_name() }}, {{ this.get_name() }}, {{ this.district|tojson }});
        {% endmacro %}
    """)
    default_js = folium.plugins.MiniMap.default_js
    default_css = folium.plugins.MiniMap.default_css

    def __init__(self, outline: dict[str, Any] | str, basemap: Basemap, strings: dict[str, str]) -> None:
        """``outline``: the district's GeoJSON, or the URL of the published reference file holding it;
        ``strings``: the toggle's titles in the map's language (the plugin's ``hideText`` and ``showText``)."""
        super().__init__()
        self._name = "OfflineMiniMap"
        self.outline = outline if isinstance(outline, dict) else None
        self.outline_url = outline if isinstance(outline, str) else None
        # MH.overviewWhenIn; MH.fetchJSON shares the one fetch of the boundaries with the main map's
        self.default_js = [*self.default_js, *module_js("map")]
        west, south, east, north = district_bounds()
        self.district = [[south, west], [north, east]]  # shown once the reader has zoomed in (MH.overviewWhenIn)
        self.tile_url = basemap.tile_url
        self.tile_options = {"subdomains": basemap.provider.get("subdomains", "abc")} if basemap.provider else {}
        # Where the map looks, in ink: the plugin's orange would be the ground's only colour.
        self.options = remove_empty(position="bottomright", width=140, height=140, zoom_level_offset=-4,
                                    toggle_display=True, strings=strings,
                                    aiming_rect_options={"color": "#343a40", "weight": 1.5, "fillColor": "#343a40",
                                                         "fillOpacity": 0.08},
                                    shadow_rect_options={"color": "#868e96", "weight": 1, "opacity": 0,
                                                         "fillOpacity": 0})
