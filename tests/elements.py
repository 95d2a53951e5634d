"""Reading a built map as data: the elements a folium map holds, and the view the plan layer is sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import folium
from branca.element import Element

from layers.maps.elements.html_control import HtmlControl
from layers.maps.elements.plan_layer import PlanView

T = TypeVar("T", bound=Element)


def elements(fmap: folium.Map, kind: type[T]) -> list[T]:
    """Every element of ``kind`` in the map's tree, in the order they were added."""
    def walk(element: Element) -> Iterator[Element]:
        for child in element._children.values():
            yield child
            yield from walk(child)

    return [e for e in walk(fmap) if isinstance(e, kind)]


def view_of(fmap: folium.Map) -> dict[str, Any]:
    """The one view the map's plan layer is sent (``MH.planView``): shown bits, selection, rings, words, sides."""
    (view,) = elements(fmap, PlanView)
    return view.view


def control_html(fmap: folium.Map, css_class: str) -> str:
    """The HTML of the map's control of ``css_class`` (the title box, the key)."""
    (control,) = [c for c in elements(fmap, HtmlControl) if css_class in c.options["className"].split()]
    return str(control.options["html"])
