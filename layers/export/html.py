"""The map standing alone: one self-contained HTML file (every script and style inlined), and its PNG.

The PNG is the same HTML map rendered by headless Chromium (:mod:`layers.export.png`), sized as asked.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.template import Template

from layers.export.formats import SIZES, Job, register
from layers.maps.assets import inline_assets
from layers.maps.mapbuild import (
    HtmlControl,
    build_base_map,
    build_overlays,
    feature_numbers,
    info_group,
    key_html,
    prepare_reference,
    view_layers,
)
from layers.view.filters import FilterSpec
from layers.view.i18n import t
from layers.view.words import filter_summary, snapshot_info


def title_box(title: str, subtitle: str, summary: str) -> HtmlControl:
    """Title, date and filter summary as a control on the exported map (all text escaped)."""
    html = (f"<div class='t'>{escape(title)}</div><div class='s'>{escape(subtitle)}</div>"
            f"<div class='f'>{escape(summary)}</div>")
    return HtmlControl(html, "topright", "mh-title")


class ReadySignal(MacroElement):
    """Fit the map to the features, then set ``window.mhReady`` once the tiles (if any) have loaded."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function () {
                var map = {{ this._parent.get_name() }};
                {% if this.bounds %}
                map.fitBounds({{ this.bounds|tojson }}, {padding: [30, 30], maxZoom: 15});
                {% endif %}
                var tiles = [];
                map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { tiles.push(layer); } });
                var pending = tiles.length;
                function done() { window.mhReady = true; }
                if (!pending) { setTimeout(done, 50); return; }
                tiles.forEach(function (layer) {
                    // 'load' also fires when every tile has failed: offline the map is ready at once.
                    layer.once("load", function () { pending -= 1; if (pending === 0) { done(); } });
                });
            })();
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]] | None) -> None:
        super().__init__()
        self._name = "ReadySignal"
        self.bounds = bounds


_EXPORT_CSS = """
<style>
html, body { margin: 0; padding: 0; height: 100%; }
.folium-map { position: absolute !important; inset: 0; height: 100% !important; width: 100% !important; }
.mh-title { background: rgba(255,255,255,.95); padding: 8px 12px; border-radius: 6px; max-width: 46vw;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.mh-title .t { font-size: 18px; font-weight: 700; }
.mh-title .s { font-size: 12px; color: #495057; }
.mh-title .f { font-size: 12px; margin-top: 3px; }
.mh-popup { max-width: 320px; font-size: 12.5px; }
.mh-key ol { list-style: none; margin: 2px 0 0; padding: 0; columns: 2; column-gap: 12px; }
.mh-key li { white-space: nowrap; font-size: 11px; line-height: 15px; max-width: 260px; overflow: hidden;
  text-overflow: ellipsis; }
.mh-key li b { display: inline-block; min-width: 18px; text-align: right; margin-right: 3px; }
.mh-popup q { display: block; margin: 4px 0; color: #1c3f6e; }
/* In a PNG the buttons mean nothing: the renderer adds this class before the screenshot. */
.mh-print .leaflet-control-zoom, .mh-print .leaflet-control-fullscreen, .mh-print .leaflet-control-measure,
.mh-print .leaflet-control-layers, .mh-print .mh-camera { display: none !important; }
</style>
"""


def build_export_map(frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
                     today: dt.date | None = None) -> folium.Map:
    """The map as the user sees it, standing alone: overlays, layer control, legend, title, popups."""
    lang = spec.lang
    view = view_layers(frame, spec)
    fmap = build_base_map(prepare_reference(reference, spec.basemap), spec, view.rail_lines, standalone=True)
    fmap.get_root().header.add_child(folium.Element(_EXPORT_CSS))
    numbers = feature_numbers(view.features)
    for group in build_overlays(view.features, view.outlines, view.selected, lang, popups=True, numbers=numbers):
        group.add_to(fmap)
    info_group(snapshot_info(spec, len(view.matches), today)).add_to(fmap)
    if numbers:  # every drawn feature identifiable on paper: its number on the map, its name in the key
        HtmlControl(key_html(view.features, numbers, lang), "bottomleft", "mh-legend mh-key",
                    fold_narrow=True).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    date = (today or dt.date.today()).isoformat()
    title_box(t("title", lang), f"{t('subtitle', lang)} · {date}", filter_summary(spec, len(view.matches))).add_to(fmap)
    focus = view.focus
    bounds = None
    if spec.center is not None and spec.zoom is not None:  # the view a share link (or --center/--zoom) frames
        fmap.location, fmap.options["zoom"] = list(spec.center), spec.zoom
    elif not focus.empty:
        minx, miny, maxx, maxy = focus.total_bounds
        bounds = [[float(miny), float(minx)], [float(maxy), float(maxx)]]
    ReadySignal(bounds).add_to(fmap)
    return fmap


def to_html(frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
            today: dt.date | None = None) -> bytes:
    """One self-contained HTML file: every script and style inlined; opens offline by double-click."""
    html = build_export_map(frame, reference, spec, today).get_root().render()
    return inline_assets(html).encode("utf-8")


@register("html", "html", "text/html", map=True)
def _html(job: Job) -> bytes:
    return to_html(job.frame, job.reference, job.spec, job.today)


@register("png", "png", "image/png", map=True, renderer=True)
def _png(job: Job) -> bytes:
    if job.renderer is None:
        raise ValueError("a PNG export needs a renderer")
    return job.renderer.render(to_html(job.frame, job.reference, job.spec, job.today).decode("utf-8"),
                               job.size or SIZES["1280x800"])
