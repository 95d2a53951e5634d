"""The shape most of our map elements share: one call of our browser code on the element's map."""

from __future__ import annotations

from typing import Any, ClassVar

import folium
from branca.element import MacroElement
from folium.template import Template


class MapCall(folium.elements.JSCSSMixin, MacroElement):
    """An element whose whole script is ``MH.<call>(map, options)``: a subclass names the function (``call``)
    and the scripts that define it (``default_js``), and sets ``options`` (JSON) in its ``__init__``."""

    call: ClassVar[str]
    _template = Template("""
        {% macro script(this, kwargs) %}
            MH.{{ this.call }}({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.options: dict[str, Any] = {}
