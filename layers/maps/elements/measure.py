"""The ruler (leaflet-measure), in the map's language, fetched when the reader first opens it."""

from __future__ import annotations

from typing import Any

import folium.plugins
from folium.template import Template

from layers.maps.assets import module_js
from layers.view.i18n import t

# leaflet-measure's own translations (bundled in its script), by the map's language: it names Simplified
# Chinese "cn".
MEASURE_LOCALES = {"en": "en", "zh": "cn"}


def measure_options(lang: str, position: str = "topleft") -> dict[str, Any]:
    """The ruler's options in ``lang``: its texts (the plugin's own translation), lengths in km and m, areas in
    km² (a unit the plugin lacks, so it is given here with its name in ``lang``)."""
    return {"position": position, "localization": MEASURE_LOCALES.get(lang, "en"),
            "primary_length_unit": "kilometers", "secondary_length_unit": "meters",
            "primary_area_unit": "sqkilometers", "secondary_area_unit": None,
            "units": {"sqkilometers": {"factor": 1e-6, "display": t("measure_sqkm", lang), "decimals": 2}}}


class LazyMeasureControl(folium.plugins.MeasureControl):
    """folium's MeasureControl, but its 106 KB script (32 KB gzipped, ~2 % of a phone's first load) is
    fetched from ``library`` on the first click: a stand-in with the plugin's look, titled ``title``, holds
    its place."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            MH.lazyMeasure({{ this._parent.get_name() }}, {{ this.options|tojavascript }}, {{ this.library|tojson }},
                           {{ this.title|tojson }});
        {% endmacro %}
    """)
    default_js = module_js("measure")

    def __init__(self, library: str, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._name = "LazyMeasureControl"
        self.library = library
        self.title = title
