"""The map standing alone: one self-contained HTML file (every script and style inlined), and its PNG.

The PNG is the same HTML map rendered by headless Chromium (:mod:`layers.export.png`), sized as asked.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.template import Template

from layers.data import schema
from layers.data.events import frame_as_of
from layers.export.formats import SIZES, Job, register
from layers.maps.assets import inline_assets, stylesheet
from layers.maps.base import boundaries, build_base_map, feature_numbers, key_html, rail_legend
from layers.maps.elements.html_control import HtmlControl
from layers.maps.framing import frame_view
from layers.maps.live import inline_sources, plan_view_group
from layers.maps.wire import plan_layer_data
from layers.view.changes import differing
from layers.view.filters import shown_by
from layers.view.i18n import t
from layers.view.spec import FilterSpec
from layers.view.words import compare_info, filter_summary, snapshot_info


def title_box(title: str, subtitle: str, summary: str, cite: str = "") -> HtmlControl:
    """Title, date, filter summary and the short citation as a control on the exported map (all text escaped)."""
    html = (f"<div class='t'>{escape(title)}</div><div class='s'>{escape(subtitle)}</div>"
            f"<div class='f'>{escape(summary)}</div>" + (f"<div class='c'>{escape(cite)}</div>" if cite else ""))
    return HtmlControl(html, "topright", "mh-title")


class ReadySignal(MacroElement):
    """Fit the map as the view is framed, then set ``window.mhReady`` once the plan is drawn and the tiles
    (if any) have loaded (or failed: offline the map is ready at once)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function () {
                var map = {{ this._parent.get_name() }};
                {% if this.fit %}
                map.fitBounds({{ this.fit.bounds|tojson }}, {padding: [30, 30], maxZoom: {{ this.fit.maxZoom }}});
                {% endif %}
                var tiles = [];
                map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { tiles.push(layer); } });
                var pending = tiles.length;
                function check() {
                    if (pending === 0 && map._mhPlan && (map._mhPlan.ready || map._mhPlan.error)) {
                        setTimeout(function () { window.mhReady = true; }, 50);
                    }
                }
                map.on("mh:plan", check);
                tiles.forEach(function (layer) {
                    layer.once("load", function () { pending -= 1; check(); });
                });
                check();
            })();
        {% endmacro %}
    """)

    def __init__(self, fit: dict[str, Any] | None) -> None:
        super().__init__()
        self._name = "ReadySignal"
        self.fit = fit


def build_export_map(frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
                     today: dt.date | None = None, other: gpd.GeoDataFrame | None = None) -> folium.Map:
    """The map as the reader sees it, standing alone: the live map's base and plan layer with every piece of
    data inline, each feature's details in a popup, numbered and keyed for print, a title. ``other``: the
    features as of ``spec.compare``, drawn across the divider as in the app."""
    lang = spec.lang
    shown = shown_by(frame, spec)
    # Only what this view draws travels: the outlines, the matches and the selection (shown or not).
    drawn = frame.loc[list(dict.fromkeys([*shown.ids, *shown.selection.index]))]
    numbers = feature_numbers(shown.matches)
    names = dict(zip(frame.index, frame[f"name_{lang}"], strict=True))
    plan = plan_layer_data(drawn, lang, spec.basemap, popups=True, numbers=numbers, line_names=names)
    groups = [*(["regions"] if not shown.outlines.empty else []),
              *(c for c in schema.CATEGORIES if c in set(shown.matches["category"])),
              *(["selected"] if shown.selected else [])]
    bounds = boundaries(reference, spec.basemap)
    fmap = build_base_map(bounds, spec, rail_legend(frame, lang), inline_sources(plan, bounds, spec.basemap),
                          standalone=True, groups=groups)
    fmap.get_root().header.add_child(folium.Element(f"<style>{stylesheet('export')}</style>"))
    info = snapshot_info(spec, shown.matches, today)
    compare = None if other is None else compare_info(spec, plan_layer_data(other.loc[drawn.index], lang, spec.basemap),
                                                     today)
    plan_view_group(drawn.index, shown.ids, shown.selected, info, in_page=True, compare=compare,
                    changed=differing(shown.matches, other) if other is not None else None).add_to(fmap)
    if numbers:  # every drawn feature identifiable on paper: its number on the map, its name in the key
        HtmlControl(key_html(shown.matches, numbers, lang), "bottomleft", "mh-legend mh-key",
                    fold_narrow=True).add_to(fmap)
    date = (today or dt.date.today()).isoformat()
    summary = filter_summary(spec, len(shown.matches))
    title_box(t("title", lang), f"{t('subtitle', lang)} · {date}", summary, info["cite"]).add_to(fmap)
    framing = frame_view(shown, spec)
    if framing.fit is None:  # framed by hand (a share link, --center/--zoom), or nothing to fit
        fmap.location, fmap.options["zoom"] = list(framing.center), framing.zoom
    ReadySignal(framing.fit).add_to(fmap)
    return fmap


def to_html(frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
            today: dt.date | None = None, other: gpd.GeoDataFrame | None = None) -> bytes:
    """One self-contained HTML file: every script and style inlined; opens offline by double-click."""
    html = build_export_map(frame, reference, spec, today, other).get_root().render()
    return inline_assets(html).encode("utf-8")


def compared(job: Job) -> gpd.GeoDataFrame | None:
    """The features as of the view's ``compare`` date (from the plan's own statuses), or None."""
    if not job.spec.compare or job.events is None or "status_2023" not in job.frame:
        return None
    return frame_as_of(job.frame.assign(status=job.frame["status_2023"]), job.events, job.spec.compare)


@register("html", "html", "text/html", map=True)
def _html(job: Job) -> bytes:
    return to_html(job.frame, job.reference, job.spec, job.today, compared(job))


@register("png", "png", "image/png", map=True, renderer=True)
def _png(job: Job) -> bytes:
    if job.renderer is None:
        raise ValueError("a PNG export needs a renderer")
    html = to_html(job.frame, job.reference, job.spec, job.today, compared(job))
    return job.renderer.render(html.decode("utf-8"), job.size or SIZES["1280x800"])
