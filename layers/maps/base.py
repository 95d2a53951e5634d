"""The map of a view, but for which features show: basemap, boundaries, street context, controls, legend,
and the plan layer every feature is drawn into (``layers.maps.elements.plan_layer``).

The live map and the exports are built here alike; they differ only in where the data comes from
(:class:`Sources`: published files, or inline) and in ``standalone``, which makes a map work as one
file (its plugins inlined, its features numbered for print).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
import folium.plugins
import geopandas as gpd

from layers.data import schema
from layers.data.reference import OSM_LINK
from layers.maps.assets import STATIC_URL, localise, vendored_url
from layers.maps.basemaps import get_basemap
from layers.maps.elements.attribution import Attribution
from layers.maps.elements.camera import CameraControl
from layers.maps.elements.context import ContextBasemap
from layers.maps.elements.html_control import HtmlControl
from layers.maps.elements.layer_control import LayerControl
from layers.maps.elements.measure import LazyMeasureControl, measure_options
from layers.maps.elements.minimap import OfflineMiniMap
from layers.maps.elements.page_style import PageStyle
from layers.maps.elements.plan_labels import PlanLabels
from layers.maps.elements.plan_layer import PlanLayer, ReferenceLayers
from layers.maps.elements.scale import ScaleBar
from layers.maps.elements.share import ShareControl
from layers.maps.elements.station_rings import StationRings
from layers.maps.elements.tiles import TileTone
from layers.maps.framing import DEFAULT_ZOOM, MINHANG_CENTER, ZOOM_STEP
from layers.maps.style import status_colour, symbol_svg
from layers.maps.wire import to_map_datum
from layers.view.i18n import CATEGORY_LABELS, STATUS_LABELS, label, t
from layers.view.palette import HOLLOW, INK
from layers.view.spec import FilterSpec

# The Streamlit key of the page's details panel: a tapped feature's card on a phone links to it.
DETAILS_KEY = "details"
NEIGHBOURS_STYLE = {"color": "#adb5bd", "weight": 1, "fillColor": "#e9ecef", "fillOpacity": 1}
MINHANG_STYLE = {"color": "#343a40", "weight": 2.5, "fillColor": "#ffffff", "fillOpacity": 1}
# Outside Minhang a soft veil (over the street context and any tiles, under the plan) keeps the eye in the
# district; its boundary is drawn again over the veil, crisp.
VEIL_STYLE = {"stroke": False, "fillColor": "#eef0f2", "fillOpacity": 0.6}
EDGE_STYLE = {"color": "#495057", "weight": 2, "opacity": 0.9, "fill": False}
# The plan layer's groups, as the layer control lists them: the region outlines, each category, the selection.
GROUPS = ("regions", *schema.CATEGORIES, "selected")


@dataclass(frozen=True)
class Boundaries:
    """The district boundaries (Minhang and its neighbours) as GeoJSON in one map datum.

    Built once per basemap (the page caches it): serialising the boundaries on every rerun was a
    sizeable share of the script's time.
    """

    neighbours: dict[str, Any]
    minhang: dict[str, Any]


def boundaries(reference: dict[str, gpd.GeoDataFrame], basemap_key: str) -> Boundaries:
    """The reference frames' boundaries for one basemap (shifted to GCJ-02 for Gaode)."""
    def geojson(name: str) -> dict[str, Any]:
        return json.loads(to_map_datum(reference[name], basemap_key)[["geometry"]].to_json(drop_id=True))

    return Boundaries(geojson("neighbours"), geojson("minhang"))


@dataclass(frozen=True)
class Sources:
    """Where a map's data comes from: the URL of a file the app published (``layers.maps.publish``), or the
    data inline (exports, and where nothing could be published).

    ``plan``: every feature's display data (``layers.maps.wire.plan_layer_data``); ``reference``: the
    boundaries; ``context``: the street-context layers by name (URLs, or the layers themselves; None: the
    plain files under ``static/context``).
    """

    plan: str | dict[str, Any]
    reference: str | dict[str, Any]
    context: dict[str, Any] | None = None

    @property
    def context_inline(self) -> bool:
        """Whether the context layers travel with the map (not fetched)."""
        return bool(self.context) and all(isinstance(v, dict) for v in (self.context or {}).values())


NO_NEWS = "no_news"  # in a legend's statuses: the faded look of a promise with no public news since the plan


def legend_html(lang: str, statuses: Iterable[str] = schema.VIEW_STATUSES) -> str:
    """The legend's HTML, status first: the colour of each status shown, then each category's shape and the
    lines and areas (in ink: colour is status's alone), the rings, and the precision patterns."""
    status_rows = [f'<div class="row"><span class="swatch"><span class="dot{" hollow" if s in HOLLOW else ""}" '
                   f'style="background:{status_colour(s)};color:{status_colour(s)}"></span></span>'
                   f"{escape(label(STATUS_LABELS, s, lang))}</div>" for s in schema.VIEW_STATUSES if s in set(statuses)]
    if NO_NEWS in set(statuses):  # the look of a promise with no public news since the plan: faded
        status_rows.append(f'<div class="row"><span class="swatch"><span class="dot faded" style="background:{INK}">'
                           f"</span></span>{escape(t('legend_no_news', lang))}</div>")

    kind_rows = [f'<div class="row"><span class="swatch">{symbol_svg(c, 16, INK)}</span>'
                 f"{escape(label(CATEGORY_LABELS, c, lang))}</div>" for c in schema.CATEGORIES]
    kind_rows += [f'<div class="row"><span class="swatch"><span class="line" style="border-top-color:{INK}">'
                  f"</span></span>{escape(t('legend_lines', lang))}</div>",
                  f'<div class="row"><span class="swatch"><span class="ring"></span></span>'
                  f"{escape(t('legend_ringed', lang))}</div>"]
    # The line's pattern says how close the drawing is to the thing: one row under the two columns.
    patterns = "".join(f'<span class="item"><span class="swatch"><span class="line precision-{precision}"></span>'
                       f"</span>{escape(t(f'legend_{precision}', lang))}</span>" for precision in schema.PRECISIONS)

    columns = "".join(f'<div class="col"><div class="head">{escape(t(head, lang))}</div>{"".join(rows)}</div>'
                      for head, rows in (("legend_status", status_rows), ("legend_kind", kind_rows)))
    # A view near stations (near=) rings them: what each distance comes from, and that it is no walk (shown on a map
    # that draws the rings: static/css/map.css).
    catchment = (f'<div class="row wide near"><span class="swatch"><span class="catchment"></span></span>'
                 f"<span>{escape(t('legend_catchment', lang))}</span></div>")
    return (f"<details open><summary>{escape(t('legend', lang))}</summary><div class=\"rows\">{columns}</div>"
            f'<div class="row wide">{patterns}</div>{catchment}</details>')


def legend_statuses(frame: gpd.GeoDataFrame) -> list[str]:
    """The statuses the plan's features have in ``frame`` (the date shown), in the palette's order: the legend's;
    and :data:`NO_NEWS` last where a promise has no public news (its faded look)."""
    plan = frame[frame["kind"] != "region"]
    present = set(plan["status"])
    faded = "promise" in plan and (plan["promise"] == "no_news").any()
    return [s for s in schema.VIEW_STATUSES if s in present] + ([NO_NEWS] if faded else [])


def card_texts(lang: str, *, details: bool) -> dict[str, str]:
    """The words of the card a tap opens on a phone (``MH.cards``) in ``lang``; ``details``: it links to the page's
    details panel (the app; an export or the reader door has none)."""
    return {"planSays": t("plan_says", lang), "fullDetails": t("full_details", lang),
            "headlineHint": t("headline_hint", lang), "close": t("card_close", lang), "more": t("card_more", lang),
            "whichOne": t("which_one", lang), **({"details": f".st-key-{DETAILS_KEY}"} if details else {})}


def build_base_map(bounds: Boundaries, spec: FilterSpec, statuses: Iterable[str], sources: Sources,
                   *, asset_base: str = STATIC_URL, standalone: bool = False,
                   groups: Iterable[str] = GROUPS, door: str | None = None,
                   rings: dict[str, Any] | None = None) -> folium.Map:
    """The part of the map that stays put while filters change: basemap, boundaries and context, controls,
    legend, and the plan layer drawing every feature of ``sources.plan`` into its ``groups``.

    A view then only says which features show (``layers.maps.live.plan_view_group``). ``standalone``
    (exports) carries every plugin inline and numbers the plan's features, so a printed map keys every
    one of them; ``groups``: the layer control's entries (an export lists only what it shows); ``door``: where the
    reader door is, from the app's root (the share control offers the view's link to it); ``rings``: every station's
    rings (``layers.maps.live.station_rings``), an overlay the layer control lists, off until a reader turns it on.
    """
    basemap = get_basemap(spec.basemap)
    lang = spec.lang
    # Fractional zoom (ZOOM_STEP): a fitted view fills the frame; the + and - buttons still step whole levels.
    # Leaflet's zoom buttons are titled in English: the page style adds them, titled in the map's language.
    fmap = folium.Map(location=MINHANG_CENTER, zoom_start=DEFAULT_ZOOM, tiles=None, control_scale=False,
                      min_zoom=8, max_zoom=18, prefer_canvas=False, zoom_snap=ZOOM_STEP, zoom_delta=1,
                      zoom_control=False)
    PageStyle(lang).add_to(fmap)
    ScaleBar(lang).add_to(fmap)
    folium.map.CustomPane("reference", z_index=150, pointer_events=False).add_to(fmap)
    ReferenceLayers(sources.reference, NEIGHBOURS_STYLE, MINHANG_STYLE, veil=VEIL_STYLE, edge=EDGE_STYLE).add_to(fmap)
    # Streets, rail, water and names from OpenStreetMap, under the tiles: where tiles are blocked
    # (OSM or CARTO in mainland China, say) the context still shows through.
    ContextBasemap(lang, labels=basemap.provider is None,
                   data=sources.context if sources.context_inline else None,
                   urls=None if sources.context_inline else sources.context).add_to(fmap)
    PlanLabels(numbered=standalone).add_to(fmap)
    if basemap.provider is not None:
        folium.TileLayer(tiles=basemap.tile_url, attr=basemap.attribution, name=basemap.key, control=False,
                         max_zoom=18, subdomains=basemap.provider.get("subdomains", "abc")).add_to(fmap)
        TileTone(lang).add_to(fmap)
    else:
        Attribution(escape(t("attribution_boundaries", lang))).add_to(fmap)
    if basemap.key != "osm":  # OSM tiles already credit OpenStreetMap
        osm = escape(t("attribution_osm", lang)).replace("{osm}", OSM_LINK)  # the words escaped, not the link
        Attribution(f"{escape(t('attribution_context', lang))} {osm}").add_to(fmap)
    folium.plugins.Fullscreen(position="topleft", title=t("fullscreen", lang),
                              title_cancel=t("fullscreen_exit", lang)).add_to(fmap)
    CameraControl(lang, library=None if standalone else vendored_url("dom_to_image_more", asset_base)).add_to(fmap)
    if not standalone:  # a file has no address to share
        ShareControl(lang, door=door).add_to(fmap)
    if standalone:  # an export must work as one file
        folium.plugins.MeasureControl(**measure_options(lang)).add_to(fmap)
    else:
        LazyMeasureControl(vendored_url("leaflet_measure_js", asset_base), t("measure", lang),
                           **measure_options(lang)).add_to(fmap)
    OfflineMiniMap(sources.reference if isinstance(sources.reference, str) else bounds.minhang, basemap,
                   {"hideText": t("minimap_hide", lang), "showText": t("minimap_show", lang)}).add_to(fmap)
    HtmlControl(legend_html(lang, statuses), "bottomleft", "mh-legend", fold_narrow=True).add_to(fmap)
    names = {"regions": t("regions", lang), "selected": t("selected", lang),
             **{c: label(CATEGORY_LABELS, c, lang) for c in schema.CATEGORIES}}
    layer_groups = {key: folium.FeatureGroup(name=names[key]) for key in groups}
    for group in layer_groups.values():
        group.add_to(fmap)
    if rings is not None:  # the standards' distances round every station (straight lines), off until asked for
        overlay = folium.FeatureGroup(name=t("station_rings", lang), show=False)
        StationRings(rings).add_to(overlay)
        overlay.add_to(fmap)
    card = card_texts(lang, details=not standalone)
    PlanLayer(sources.plan, layer_groups, t("plan_load_failed", lang), card, lazy_compare=not standalone).add_to(fmap)
    LayerControl(t("layers", lang), collapsed=True).add_to(fmap)
    localise(fmap, asset_base)
    return fmap


def feature_numbers(features: gpd.GeoDataFrame) -> dict[str, int]:
    """Numbers 1..n for the drawn features, in the order the table lists them: the key of a printed map."""
    return {fid: i for i, fid in enumerate(features.index, start=1)}


def key_html(features: gpd.GeoDataFrame, numbers: dict[str, int], lang: str) -> str:
    """The printed map's key: each number and its feature's name (escaped)."""
    rows = "".join(f"<li><b>{numbers[fid]}</b> {escape(name)}</li>"
                   for fid, name in zip(features.index, features[f"name_{lang}"], strict=True))
    return f"<details open><summary>{escape(t('key', lang))}</summary><ol>{rows}</ol></details>"
