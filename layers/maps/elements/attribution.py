"""An extra line in the map's attribution control."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template


class Attribution(MacroElement):
    """Add an attribution line to the map's attribution control."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text
