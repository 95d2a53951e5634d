"""The ruler (leaflet-measure), fetched when the reader first opens it."""

from __future__ import annotations

from typing import Any

import folium.plugins
from folium.template import Template

from layers.maps.assets import MAP_JS, own_js


class LazyMeasureControl(folium.plugins.MeasureControl):
    """folium's MeasureControl, but its 106 KB script (32 KB gzipped, ~2 % of a phone's first load) is
    fetched from ``library`` on the first click: a stand-in with the plugin's look holds its place."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            MH.lazyMeasure({{ this._parent.get_name() }}, {{ this.options|tojavascript }}, {{ this.library|tojson }});
        {% endmacro %}
    """)
    default_js = [MAP_JS, own_js("measure")]

    def __init__(self, library: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._name = "LazyMeasureControl"
        self.library = library
