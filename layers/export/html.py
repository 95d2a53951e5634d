"""The map standing alone: one self-contained HTML file (every script and style inlined), and its PNG.

The PNG is the same HTML map rendered by headless Chromium (:mod:`layers.export.png`), sized as asked.
"""

from __future__ import annotations

from html import escape
from typing import Any

import folium
import geopandas as gpd
from branca.element import Figure

from layers.data import schema
from layers.export.formats import SIZES, Job, register
from layers.maps.assets import inline_assets, module_js, stylesheet
from layers.maps.base import boundaries, build_base_map, feature_numbers, key_html, legend_statuses
from layers.maps.elements.call import MapCall
from layers.maps.elements.html_control import HtmlControl
from layers.maps.live import inline_sources, plan_view_group
from layers.maps.scene import Scene
from layers.maps.wire import plan_layer_data

SIDE_PANEL_MIN_PX = 900  # an exported page at least this wide shows its title, key and legend beside the map


def title_box(title: str, subtitle: str, summary: str, cite: str = "", headline: str = "") -> HtmlControl:
    """Title, date, the headline, filter summary and the short citation as a control on the exported map (all
    text escaped). The headline runs here, in the box, rather than over the map, where the box would cover it."""
    html = (f"<div class='t'>{escape(title)}</div><div class='s'>{escape(subtitle)}</div>"
            + (f"<div class='h'>{escape(headline)}</div>" if headline else "")
            + f"<div class='f'>{escape(summary)}</div>" + (f"<div class='c'>{escape(cite)}</div>" if cite else ""))
    return HtmlControl(html, "topright", "mh-title")


class ReadySignal(MapCall):
    """Move the title, key and legend beside the map (a wide page), fit the map as the view is framed, then set
    ``window.mhReady`` once the plan is drawn and the tiles (if any) have loaded (``MH.exportReady``)."""

    call = "exportReady"
    default_js = module_js("export")

    def __init__(self, fit: dict[str, Any] | None) -> None:
        super().__init__()
        self.options = {"fit": fit}


def build_export_map(scene: Scene, reference: dict[str, gpd.GeoDataFrame]) -> folium.Map:
    """The map as the reader sees it, standing alone, drawn from the view's scene: the live map's base and plan
    layer with every piece of data inline, each feature's details in a popup, numbered and keyed for print,
    the scene's rings and, for a comparison, its other date across the divider, and its words in a title box."""
    spec, shown, lang = scene.spec, scene.shown, scene.spec.lang
    drawn = scene.drawn  # only what this view draws travels
    numbers = feature_numbers(shown.matches)
    names = dict(zip(scene.frame.index, scene.frame[f"name_{lang}"], strict=True))
    plan = plan_layer_data(drawn, lang, spec.basemap, popups=True, numbers=numbers, line_names=names)
    groups = [*(["regions"] if not shown.outlines.empty else []),
              *(c for c in schema.CATEGORIES if c in set(shown.matches["category"])),
              *(["selected"] if shown.selected else [])]
    bounds = boundaries(reference, spec.basemap)
    fmap = build_base_map(bounds, spec, legend_statuses(scene.frame), inline_sources(plan, bounds, spec.basemap, lang),
                          standalone=True, groups=groups)
    figure = fmap.get_root()
    assert isinstance(figure, Figure)  # a folium.Map's root is always its Figure
    figure.header.add_child(folium.Element(f"<style>{stylesheet('export')}</style>"))
    # A wide page keeps a column beside the map for its words (MH.sidePanel): marked before the map is made.
    figure.header.add_child(folium.Element(
        f"<script>if (window.innerWidth >= {SIDE_PANEL_MIN_PX}) {{ document.documentElement.classList.add("
        "'mh-has-side'); }</script>"))
    other = None if scene.other is None else plan_layer_data(scene.other.loc[drawn.index], lang, spec.basemap)
    plan_view_group(scene, drawn.index, in_page=True, compare_source=other).add_to(fmap)
    if numbers:  # every drawn feature identifiable on paper: its number on the map, its name in the key
        HtmlControl(key_html(shown.matches, numbers, lang), "bottomleft", "mh-legend mh-key",
                    fold_narrow=True).add_to(fmap)
    info = scene.info
    headline = "".join(part["text"] for part in scene.headline["parts"])
    title_box(info["title"], f"{info['subtitle']} · {info['date']}", info["summary"], info["cite"],
              headline).add_to(fmap)
    if scene.framing.fit is None:  # framed by hand (a share link, --center/--zoom), or nothing to fit
        fmap.location, fmap.options["zoom"] = list(scene.framing.center), scene.framing.zoom
    ReadySignal(scene.framing.fit).add_to(fmap)
    return fmap


def to_html(scene: Scene, reference: dict[str, gpd.GeoDataFrame]) -> bytes:
    """One self-contained HTML file of the scene: every script and style inlined; opens offline by double-click."""
    return inline_assets(build_export_map(scene, reference).get_root().render()).encode("utf-8")


@register("html", "html", "text/html", map=True)
def _html(job: Job) -> bytes:
    return to_html(job.scene, job.reference)


@register("png", "png", "image/png", map=True, renderer=True)
def _png(job: Job) -> bytes:
    if job.renderer is None:
        raise ValueError("a PNG export needs a renderer")
    return job.renderer.render(to_html(job.scene, job.reference).decode("utf-8"), job.size or SIZES["1280x800"])
