"""The map's CSS (``static/css/map.css``) in its header, and its browser code's page settings (``minhang-page.js``):
the phone width, and the map's own words (the document's language, the zoom buttons, Leaflet's credit)."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template

from layers.maps.assets import module_js, stylesheet
from layers.view.i18n import t
from layers.view.phone import PHONE_MAX_WIDTH

# The words Leaflet itself puts on a map, by its option (MH.page passes them on): the zoom buttons' titles, the
# title of its name in the credit line.
LEAFLET_TEXTS = {"zoomIn": "zoom_in", "zoomOut": "zoom_out", "leaflet": "leaflet_title"}


class PageStyle(folium.elements.JSCSSMixin, MacroElement):
    """The map's CSS in the page header (a class-level template, compiled once, not on every rerun), the
    phone width for the browser code, and the bottom-left controls lifted above the attribution where the
    two meet (``MH.fitCorners``). The first element of every map: the others' browser code reads its settings,
    and the zoom buttons it adds come first in their corner (the map is made without Leaflet's English ones)."""

    _template = Template("{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
                         "{% macro script(this, kwargs) %}MH.page({{ this._parent.get_name() }}, "
                         "{{ this.options|tojson }});{% endmacro %}")
    default_js = module_js("map", "page")

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._name = "PageStyle"
        self.css = stylesheet("map")
        self.options = {"phoneMaxWidth": PHONE_MAX_WIDTH, "lang": lang,
                        "texts": {key: t(text, lang) for key, text in LEAFLET_TEXTS.items()}}
