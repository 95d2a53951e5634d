"""The live map's data layers, fetched once by the browser (``static/js/minhang-plan.js``).

:class:`ReferenceLayers` and :class:`PlanLayer` belong to the base map, which is rendered once per
language and basemap; :class:`PlanView` is the only thing a view change sends: which features show
(one bit each) and which one is selected, plus what the camera writes on a snapshot.
Each takes its data as a URL (a file published by ``layers.maps.publish``) or, where nothing could be
published, inline.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from layers.maps.assets import module_js, own_js
from layers.maps.elements.call import MapCall


def _source(source: str | dict[str, Any]) -> dict[str, Any]:
    return {"url": source} if isinstance(source, str) else {"data": source}



class ReferenceLayers(MapCall):
    """The district boundaries (neighbours, then Minhang) in the ``reference`` pane, and the veil outside Minhang
    with its boundary over it."""

    call = "reference"
    default_js = module_js("plan")

    def __init__(self, source: str | dict[str, Any], neighbours: dict[str, Any], minhang: dict[str, Any], *,
                 veil: dict[str, Any], edge: dict[str, Any]) -> None:
        super().__init__()
        self.options = {**_source(source), "neighbours": neighbours, "minhang": minhang, "veil": veil, "edge": edge}


class PlanLayer(folium.elements.JSCSSMixin, MacroElement):
    """Every plan feature, drawn once into ``groups`` (category -> FeatureGroup; "regions", "selected")."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            MH.plan({{ this._parent.get_name() }}, Object.assign({{ this.options|tojson }}, {groups: {
            {%- for key, group in this.groups.items() %}
                {{ key|tojson }}: {{ group.get_name() }}{{ "," if not loop.last }}
            {%- endfor %}
            }}));
        {% endmacro %}
    """)
    default_js = module_js("plan", "view")  # MH.plan, and MH.planView for the views that follow

    def __init__(self, source: str | dict[str, Any], groups: dict[str, folium.FeatureGroup], failed_text: str,
                 card: dict[str, str] | None = None, *, lazy_compare: bool = False) -> None:
        """``failed_text``: what the map says if the data cannot be loaded (``{error}`` filled in).
        ``card``: the texts of the card a tap opens on a narrow map (``planSays``, ``fullDetails``) and
        ``details``, a CSS selector of the page's details panel its link scrolls to. ``lazy_compare``: the
        comparison's code is fetched when a view first compares (the app), not sent with the map (exports)."""
        super().__init__()
        self._name = "PlanLayer"
        self.options = {**_source(source), "failedText": failed_text, "card": card or {}}
        self.groups = groups
        if lazy_compare:
            self.options["compareScript"] = own_js("compare")[1]  # fetched when a view first compares
            self.default_js = module_js("plan", "view", lazy=True)


class PlanView(MacroElement):
    """One view: ``shown`` (base64 bits, one per feature of the plan data), ``selected`` and camera ``info``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            MH.planView({{ this._parent._parent.get_name() }}, {{ this.view|tojson }});
        {% endmacro %}
    """)

    def __init__(self, shown: str, selected: str | None, info: dict[str, Any],
                 fit: dict[str, Any] | None = None, *, in_page: bool = False, report: str | None = None,
                 changed: list[str] | None = None, matched: list[str] | None = None,
                 named: list[str] | None = None, compare: dict[str, Any] | None = None,
                 headline: dict[str, Any] | None = None, near: dict[str, Any] | None = None) -> None:
        """``in_page``: the view is part of a page folium renders (an export); in the app streamlit-folium
        sends it with each rerun. ``report``: the field the map sets to tell the page it is drawn.
        ``changed``: ids ringed as changed since the view's ``since`` day (or between the two compared).
        ``matched``: ids ringed as a search's matches; ``named``: ids named at any zoom. ``compare``: the other
        side of a comparison (its plan data or URL, and the two sides' labels). ``headline``: the line over the map
        (``layers.maps.scene.Scene``). ``near``: the rings round stations of a view near them
        (``layers.maps.live.rings``)."""
        super().__init__()
        self._name = "PlanView"
        self.view = {"shown": shown, "selected": selected, "info": info, "fit": fit,
                     **({"report": report} if report else {}), **({"changed": changed} if changed else {}),
                     **({"matched": matched} if matched else {}), **({"named": named} if named else {}),
                     **({"compare": compare} if compare else {}),
                     **({"headline": headline} if headline else {}), **({"near": near} if near else {})}
        self.in_page = in_page

    # branca's MacroElement.render returns nothing; its base Element's is annotated to return the HTML.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """In the app, nothing to add to the page: streamlit-folium reads the script macro (branca's render
        would compile a template every rerun). In an export, the view's script goes into the page."""
        if self.in_page:
            super().render(**kwargs)
