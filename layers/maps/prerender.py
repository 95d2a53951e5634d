"""Render a map's constant part once; each rerun wraps it in a fresh, nearly empty folium map.

folium renders every element through Jinja on every call (and creates a template per asset link):
rendering the base map cost ~60 ms of each rerun. :func:`prerender` renders the base map's
children once into a script, a header and the asset lists; :func:`light_map` puts them back under a
new ``folium.Map`` that streamlit-folium renders in a few milliseconds. The script names the map as
:data:`MAP_PLACEHOLDER`, replaced by the new map's variable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.elements import ElementAddToElement
from folium.template import Template

from layers.maps.assets import STATIC_URL, asset_path, elements, localise
from layers.maps.publish import publish_bytes, published_urls

MAP_PLACEHOLDER = "__MH_MAP__"


@dataclass(frozen=True)
class Prerendered:
    """A base map rendered once: its children's scripts and header parts, and their JS/CSS links."""

    script: str
    header: str
    js_links: tuple[tuple[str, str], ...]
    css_links: tuple[tuple[str, str], ...]
    map_options: dict[str, Any]
    location: tuple[float, float]
    control_scale: bool
    published: tuple[str, ...] = ()  # the files under static/cache it needs (data, script bundle)


def prerender(fmap: folium.Map, bundle: bool = False) -> Prerendered:
    """Render ``fmap`` (with every asset localised) and keep what its children contribute.

    ``bundle`` joins the children's scripts (plugins and ours; Leaflet, the map's own, stays apart)
    into one published file: streamlit-folium loads scripts one after another, and eight round trips
    on a busy page cost ~0.6 s of the first load.
    """
    fmap.get_root().render()  # elements such as the layer control gather what they list while rendering
    scripts, headers = [], []
    own_js: dict[str, str] = dict(getattr(fmap, "default_js", []))
    js: dict[str, str] = {}
    css: dict[str, str] = dict(getattr(fmap, "default_css", []))
    for child in elements(fmap):
        if child is fmap:  # the new map each rerun brings its own
            continue
        module = child._template.module
        if hasattr(module, "script"):
            scripts.append(str(module.script(child, {})))
        if hasattr(module, "header"):
            headers.append(str(module.header(child, {})))
        js.update(getattr(child, "default_js", []))
        css.update(getattr(child, "default_css", []))
    plugin_js = [(name, url) for name, url in js.items() if url not in own_js.values()]
    if bundle and plugin_js:
        code = b";\n".join(asset_path(url).read_bytes() for _, url in plugin_js)
        url = publish_bytes(code, "map-scripts", ".js")
        plugin_js = [("minhang_bundle", url)] if url else plugin_js
    script = "\n".join(scripts).replace(fmap.get_name(), MAP_PLACEHOLDER)
    return Prerendered(script=script,
                       header="\n".join(headers), js_links=(*own_js.items(), *plugin_js), css_links=tuple(css.items()),
                       map_options=dict(fmap.options), location=(float(fmap.location[0]), float(fmap.location[1])),
                       control_scale=fmap.control_scale,
                       published=published_urls(script, *(url for _, url in plugin_js)))


class _Text(Element):
    """Text already rendered, put into the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The text."""
        return self.text


def render_macros(element: MacroElement, **kwargs: Any) -> None:
    """What branca's ``MacroElement.render`` does, without compiling each macro's output as a template of its
    own (~0.15 ms each, several a rerun): the header, html and script macros' text into the figure, then the
    children, the same way where they are plain macro elements."""
    figure = element.get_root()
    module = element._template.module
    for part in ("header", "html", "script"):
        macro = module.__dict__.get(part)
        if macro is not None:
            getattr(figure, part).add_child(_Text(str(macro(element, kwargs))), name=element.get_name())
    for child in element._children.values():
        if isinstance(child, MacroElement) and type(child).render is MacroElement.render:
            render_macros(child, **kwargs)
        else:
            child.render(**kwargs)


class BaseScript(folium.elements.JSCSSMixin, MacroElement):
    """A prerendered base map's script, run against this map; its header and assets go with it.

    A JSCSSMixin so streamlit-folium lists its assets; it skips the mixin's render, which would
    build (and compile) a link element per asset for a header streamlit-folium strips anyway.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.base.script.replace(this.placeholder, this._parent.get_name()) }}
        {% endmacro %}
    """)

    def __init__(self, base: Prerendered) -> None:
        super().__init__()
        self._name = "BaseScript"
        self.base = base
        self.placeholder = MAP_PLACEHOLDER
        self.default_js = list(base.js_links)
        self.default_css = list(base.css_links)

    # branca's MacroElement.render returns nothing; its base Element's is annotated to return the HTML.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the prerendered header, and nothing else.

        branca's render would wrap each macro's output in a new template and compile it (~1 ms per
        rerun and per element); streamlit-folium reads the script from the macro itself.
        """
        figure = self.get_root()
        assert isinstance(figure, Figure)  # rendered only inside a map's Figure, as branca asserts too
        figure.header.add_child(_Text(self.base.header), name=self.get_name())


class LightMap(folium.Map):
    """The map of every rerun, rendered as folium renders a map (its links, then its macros) without a template
    compiled per macro (:func:`render_macros`)."""

    # branca's MacroElement.render returns nothing; its base Element's is annotated to return the HTML.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """folium's JSCSSMixin links, then the macros; a map has no includes (folium's Class.render)."""
        figure = self.get_root()
        assert isinstance(figure, Figure) and not self.includes
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        render_macros(self, **kwargs)


class ViewGroup(folium.FeatureGroup):
    """The group a rerun's view goes in (``layers.maps.live.plan_view_group``), rendered as folium renders a layer
    without a template compiled per macro."""

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """folium's Layer.render (the child that adds it to the map), then the macros."""
        if self.show and self._parent is not None:
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        render_macros(self, **kwargs)


def light_map(base: Prerendered, asset_base: str = STATIC_URL) -> folium.Map:
    """A fresh map with the base's options, carrying ``base`` as one element."""
    fmap = LightMap(location=base.location, tiles=None, control_scale=base.control_scale)
    fmap.options = dict(base.map_options)
    localise(fmap, asset_base)  # the map's own Leaflet link; the base's links are local already
    BaseScript(base).add_to(fmap)
    return fmap
