"""Build the folium map: a constant base (basemap, reference layers, controls, legend)
and the changing overlays (one GeoJson per layer) that streamlit-folium adds without a redraw."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
from shapely.geometry import mapping

from layers.data import schema
from layers.data.datum import shift_geometry_to_gcj02, wgs84_to_gcj02
from layers.data.reference import OSM_ATTRIBUTION, load_context
from layers.maps.assets import STATIC_URL, localise, vendored_url
from layers.maps.basemaps import get_basemap
from layers.maps.elements.attribution import Attribution
from layers.maps.elements.camera import CameraControl, ViewInfo
from layers.maps.elements.context import ContextBasemap
from layers.maps.elements.html_control import HtmlControl
from layers.maps.elements.measure import LazyMeasureControl
from layers.maps.elements.minimap import OfflineMiniMap
from layers.maps.elements.page_style import PageStyle
from layers.maps.elements.plan_labels import PlanLabels
from layers.maps.elements.plan_layer import PlanLayer, ReferenceLayers
from layers.maps.style import (
    REGION_COLOURS,
    ROAD_COLOUR,
    feature_style,
    selection_style,
    symbol_svg,
)
from layers.view.details import feature_details, popup_html, tooltip_html
from layers.view.filters import FilterSpec, apply_filters, region_outlines
from layers.view.i18n import CATEGORY_LABELS, REGION_LABELS, label, t

MINHANG_CENTER = (31.11, 121.40)
DEFAULT_ZOOM = 11
MAP_PROPERTIES = ("id", "category", "kind", "region", "precision", "color", "status")
POINT_TYPES = frozenset(schema.POINT)
# The Streamlit key of the page's details panel: a tapped feature's card on a phone links to it.
DETAILS_KEY = "details"

def legend_html(lang: str, rail_lines: Iterable[tuple[str, str]] = ()) -> str:
    """The legend's HTML: regions, categories with their symbols, rail lines, precision."""
    rows = [f"<details open><summary>{escape(t('legend', lang))}</summary>"]
    for region in schema.REGIONS:
        colour = REGION_COLOURS[region]
        rows.append(f'<div class="row"><span class="swatch"><span class="area" style="border-color:{colour}">'
                    f"</span></span>{escape(label(REGION_LABELS, region, lang))}</div>")
    for category in schema.CATEGORIES:
        rows.append(f'<div class="row"><span class="swatch">{symbol_svg(category, 16)}</span>'
                    f"{escape(label(CATEGORY_LABELS, category, lang))}</div>")
    for name, colour in rail_lines:
        rows.append(f'<div class="row"><span class="swatch"><span class="line" style="border-top-color:'
                    f'{escape(colour)}"></span></span>{escape(name)}</div>')
    faded = "not yet under way" if lang == "en" else "尚未动工"
    glow = "open (glow; lines bold)" if lang == "en" else "已开通（光晕；线路加粗）"
    rows.append(f'<div class="row"><span class="swatch faded">{symbol_svg("infrastructure", 16)}</span>'
                f"{escape(faded)}</div>")
    rows.append(f'<div class="row"><span class="swatch glow">{symbol_svg("infrastructure", 16)}</span>'
                f"{escape(glow)}</div>")
    road = "Road project" if lang == "en" else "道路项目"
    rows.append(f'<div class="row"><span class="swatch"><span class="line" style="border-top-color:{ROAD_COLOUR}">'
                f"</span></span>{escape(road)}</div>")
    rows.append(f"<small>{escape(t('schematic_note', lang))}</small></details>")
    return "".join(rows)


def to_map_datum(frame: gpd.GeoDataFrame, basemap_key: str) -> gpd.GeoDataFrame:
    """Shift geometries WGS-84 -> GCJ-02 when the basemap is drawn in GCJ-02 (Gaode); tiles never move."""
    if not get_basemap(basemap_key).gcj02 or frame.empty:
        return frame
    shifted = frame.copy()
    shifted["geometry"] = [shift_geometry_to_gcj02(g) for g in frame.geometry]
    return shifted


def display_geojson(frame: gpd.GeoDataFrame, lang: str, *, popups: bool = False, selected: bool = False,
                    numbers: dict[str, int] | None = None, line_names: dict[str, str] | None = None) -> dict[str, Any]:
    """A small GeoJSON for the browser: styling keys, a pre-escaped tooltip (and popup), the label.

    ``label`` is the name in ``lang`` (the browser sets it as text, never HTML); lines and areas
    also carry ``lp``, the point their label hangs on. ``selected`` marks the selection (always
    labelled); ``numbers`` gives exported maps their keyed feature numbers; ``line_names`` names the lines a
    station's popup lists. Tooltip and popup are the feature's details (``layers.view.details``).
    """
    features = []
    # Plain records and shapely's mapping(): this runs on every rerun, so no per-row pandas objects.
    for fid, row, geom in zip(frame.index, frame.drop(columns="geometry").to_dict("records"), frame.geometry.values,
                              strict=True):
        props = {k: (row.get(k) if k != "id" else fid) for k in MAP_PROPERTIES}
        props = {k: v for k, v in props.items() if isinstance(v, str)}
        details = feature_details(row, lang, line_names)
        props["tip"] = tooltip_html(details)
        if popups:
            props["popup"] = popup_html(details)
        if row.get("kind") != "region":
            props["label"] = row[f"name_{lang}"]
            if geom.geom_type not in POINT_TYPES:
                point = geom.representative_point()
                props["lp"] = [round(point.y, 6), round(point.x, 6)]
            if selected:
                props["sel"] = True
            if numbers and fid in numbers:
                props["n"] = numbers[fid]
        features.append({"type": "Feature", "id": fid, "properties": props, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class BaseLayers:
    """The reference layers as GeoJSON in one datum.

    Built once per basemap (the dashboard caches it): serialising the boundaries on every
    rerun was a sizeable share of the script's time.
    """

    neighbours: dict[str, Any]
    minhang: dict[str, Any]


def prepare_reference(reference: dict[str, gpd.GeoDataFrame], basemap_key: str) -> BaseLayers:
    """Convert the reference frames for one basemap (shifted to GCJ-02 for Gaode)."""
    ref = {name: to_map_datum(frame, basemap_key) for name, frame in reference.items()}

    def geojson(frame: gpd.GeoDataFrame) -> dict[str, Any]:
        return json.loads(frame[["geometry"]].to_json(drop_id=True))

    return BaseLayers(geojson(ref["neighbours"]), geojson(ref["minhang"]))


@dataclass(frozen=True)
class LiveSources:
    """The live map's data: URLs of files the app published (``layers.maps.publish``), or the data inline.

    ``context``: the street-context layers' published URLs by name (None: the plain files).
    """

    plan: str | dict[str, Any]
    reference: str | dict[str, Any]
    context: dict[str, str] | None = None


NEIGHBOURS_STYLE = {"color": "#adb5bd", "weight": 1, "fillColor": "#e9ecef", "fillOpacity": 1}
MINHANG_STYLE = {"color": "#343a40", "weight": 2.5, "fillColor": "#ffffff", "fillOpacity": 1}


def build_base_map(base: BaseLayers, spec: FilterSpec, rail_lines: Iterable[tuple[str, str]] = (),
                   asset_base: str = STATIC_URL, standalone: bool = False, *,
                   live: LiveSources | None = None) -> folium.Map:
    """The part of the map that stays put while filters change: basemap, reference and context layers, controls.

    ``standalone`` (exports) embeds the context layers instead of fetching them from the app, and
    numbers the plan's features so a printed map keys every one of them. ``live`` (the app) fetches
    the boundaries and *every* plan feature from published files and adds the layer groups and layer
    control they are drawn into; a view then only says which features show (:func:`plan_view_group`).
    """
    basemap = get_basemap(spec.basemap)
    fmap = folium.Map(location=MINHANG_CENTER, zoom_start=DEFAULT_ZOOM, tiles=None, control_scale=True,
                      min_zoom=8, max_zoom=18, prefer_canvas=False)
    PageStyle().add_to(fmap)
    folium.map.CustomPane("reference", z_index=150, pointer_events=False).add_to(fmap)
    if live is None:
        _reference_layer(base.neighbours, NEIGHBOURS_STYLE).add_to(fmap)
        _reference_layer(base.minhang, MINHANG_STYLE).add_to(fmap)
    else:
        ReferenceLayers(live.reference, NEIGHBOURS_STYLE, MINHANG_STYLE).add_to(fmap)
    # Streets, rail, water and names from OpenStreetMap, under the tiles: where tiles are blocked
    # (OSM or CARTO in mainland China, say) the context still shows through.
    ContextBasemap(spec.lang, gcj02=basemap.gcj02, labels=basemap.provider is None,
                   data=load_context() if standalone else None, urls=live.context if live else None).add_to(fmap)
    PlanLabels(numbered=standalone).add_to(fmap)
    if basemap.provider is not None:
        folium.TileLayer(tiles=basemap.tile_url, attr=basemap.attribution, name=basemap.key, control=False,
                         max_zoom=18, subdomains=basemap.provider.get("subdomains", "abc")).add_to(fmap)
    else:
        Attribution(escape(basemap.attribution)).add_to(fmap)
    if basemap.key != "osm":  # OSM tiles already credit OpenStreetMap
        Attribution(OSM_ATTRIBUTION).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    CameraControl(spec.lang, library=None if standalone else vendored_url("dom_to_image_more", asset_base)).add_to(fmap)
    units = {"primary_length_unit": "kilometers", "secondary_length_unit": "meters",
             "primary_area_unit": "sqkilometers"}
    if standalone:  # an export must work as one file
        folium.plugins.MeasureControl(position="topleft", **units).add_to(fmap)
    else:
        LazyMeasureControl(vendored_url("leaflet_measure_js", asset_base), position="topleft", **units).add_to(fmap)
    OfflineMiniMap(live.reference if live and isinstance(live.reference, str) else base.minhang, basemap).add_to(fmap)
    HtmlControl(legend_html(spec.lang, rail_lines), "bottomleft", "mh-legend", fold_narrow=True).add_to(fmap)
    if live is not None:
        groups = {"regions": folium.FeatureGroup(name=t("regions", spec.lang)),
                  **{c: folium.FeatureGroup(name=label(CATEGORY_LABELS, c, spec.lang)) for c in schema.CATEGORIES},
                  "selected": folium.FeatureGroup(name=t("selected", spec.lang))}
        for group in groups.values():
            group.add_to(fmap)
        card = {"planSays": t("plan_says", spec.lang), "fullDetails": t("full_details", spec.lang),
                "details": f".st-key-{DETAILS_KEY}"}
        PlanLayer(live.plan, groups, t("plan_load_failed", spec.lang), card).add_to(fmap)
        folium.LayerControl(collapsed=True).add_to(fmap)
    localise(fmap, asset_base)
    return fmap


def _reference_layer(data: dict[str, Any], style: dict[str, Any]) -> folium.GeoJson:
    return folium.GeoJson(data, style_function=lambda _f, s=style: s, control=False, pane="reference",
                          interactive=False)


@dataclass(frozen=True)
class ViewLayers:
    """What one view draws: the matching features, region outlines and selection.

    Stored in WGS-84; ``features``, ``outlines`` and ``selected`` are shifted to the basemap's datum
    when read (the live map never reads them: its data is shifted once, in ``layers.maps.planlayer``).
    """

    matches: gpd.GeoDataFrame  # as stored (WGS-84), for counts and tables
    region_outlines: gpd.GeoDataFrame
    selection: gpd.GeoDataFrame
    frame: gpd.GeoDataFrame  # everything, for the legend's rail lines
    lang: str
    basemap: str

    @property
    def rail_lines(self) -> list[tuple[str, str]]:
        """(name, colour) of each rail line, for the legend (exports; the live map's legend is prerendered)."""
        return rail_legend(self.frame, self.lang)

    @property
    def features(self) -> gpd.GeoDataFrame:
        """The matches as drawn."""
        return to_map_datum(self.matches, self.basemap)

    @property
    def outlines(self) -> gpd.GeoDataFrame:
        """The region outlines as drawn."""
        return to_map_datum(self.region_outlines, self.basemap)

    @property
    def selected(self) -> gpd.GeoDataFrame:
        """The selected feature (or none) as drawn."""
        return to_map_datum(self.selection, self.basemap)

    @property
    def shown(self) -> list[str]:
        """Ids of everything the view draws: region outlines and matches."""
        return [*self.region_outlines.index, *self.matches.index]

    @property
    def focus(self) -> gpd.GeoDataFrame:
        """What the view is fitted to, as drawn: the selection, else the matches, else the outlines."""
        return to_map_datum(self._focus, self.basemap)

    @property
    def _focus(self) -> gpd.GeoDataFrame:
        return next((f for f in (self.selection, self.matches) if not f.empty), self.region_outlines)

    def fit_bounds(self) -> list[list[float]] | None:
        """[[south, west], [north, east]] of the focus, in the basemap's datum (None: nothing to fit)."""
        if self._focus.empty:
            return None
        west, south, east, north = (round(float(v), 6) for v in self._focus.total_bounds)
        if get_basemap(self.basemap).gcj02:
            west, south = wgs84_to_gcj02(west, south)
            east, north = wgs84_to_gcj02(east, north)
        return [[south, west], [north, east]]

    def framing(self) -> tuple[tuple[float, float], int]:
        """Centre (lat, lon, in the basemap's datum) and zoom fitting the focus.

        Fitted on the stored bounds, then only the centre is shifted: shifting thousands of
        matching features on every view change to move the centre ~500 m would be waste.
        """
        focus = self._focus
        (lat, lon), zoom = fit_view(focus)
        if not self.selection.empty:  # a point gets a street-level view; a line or area its own extent
            zoom = 14 if self.selection.geom_type.iloc[0] in POINT_TYPES else min(zoom, 15)
        if get_basemap(self.basemap).gcj02 and not focus.empty:
            lon, lat = wgs84_to_gcj02(lon, lat)
            lat, lon = round(lat, 6), round(lon, 6)
        return (lat, lon), zoom


def rail_legend(frame: gpd.GeoDataFrame, lang: str) -> list[tuple[str, str]]:
    """(name, colour) of each rail line in ``frame``, for the legend."""
    rail = frame[frame["kind"] == "rail"]
    return list(zip(rail[f"name_{lang}"], rail["color"], strict=True))


def view_layers(frame: gpd.GeoDataFrame, spec: FilterSpec) -> ViewLayers:
    """Filter ``frame`` for ``spec``: the matches, the outlines of the regions on, the selection."""
    selected = frame.loc[[spec.feature]] if spec.feature in frame.index else frame.iloc[0:0]
    return ViewLayers(apply_filters(frame, spec), region_outlines(frame, spec), selected, frame, spec.lang,
                      spec.basemap)


def build_overlays(features: gpd.GeoDataFrame, outlines: gpd.GeoDataFrame, selected: gpd.GeoDataFrame,
                   lang: str, *, popups: bool = False, numbers: dict[str, int] | None = None
                   ) -> list[folium.FeatureGroup]:
    """One FeatureGroup (holding one GeoJson) per layer: region outlines, each category, the selection.

    ``popups`` adds a details popup to each feature, and ``numbers`` a keyed number, for standalone
    (exported) maps that have no details panel beside them.
    """
    groups = []
    if not outlines.empty:
        groups.append(_group(t("regions", lang), folium.GeoJson(
            display_geojson(outlines, lang), style_function=lambda f: feature_style(f["properties"]),
            tooltip=folium.GeoJsonTooltip(["tip"], labels=False, sticky=True))))
    for category in schema.CATEGORIES:
        subset = features[features["category"] == category]
        if subset.empty:
            continue
        icon = folium.DivIcon(html=symbol_svg(category), icon_size=(18, 18), icon_anchor=(9, 9),
                              class_name="mh-symbol")
        groups.append(_group(label(CATEGORY_LABELS, category, lang), folium.GeoJson(
            display_geojson(subset, lang, popups=popups, numbers=numbers),
            style_function=lambda f: feature_style(f["properties"]),
            highlight_function=lambda _f: {"weight": 6, "fillOpacity": 0.35},
            marker=folium.Marker(icon=icon),
            tooltip=folium.GeoJsonTooltip(["tip"], labels=False, sticky=True),
            popup=folium.GeoJsonPopup(["popup"], labels=False, max_width=340) if popups else None)))
    if not selected.empty:
        groups.append(_group(t("selected", lang), folium.GeoJson(
            display_geojson(selected, lang, selected=True), style_function=selection_style,
            marker=folium.CircleMarker(radius=16, color=selection_style()["color"], weight=4, fill=False),
            interactive=False)))
    for group in groups:
        localise(group)
    return groups


def info_group(info: dict[str, Any]) -> folium.FeatureGroup:
    """A layer-less group carrying what an exported map shows, for its camera (the app sends it with the view)."""
    group = folium.FeatureGroup(name="view", control=False)
    ViewInfo(info).add_to(group)
    return group


def feature_numbers(features: gpd.GeoDataFrame) -> dict[str, int]:
    """Numbers 1..n for the drawn features, in the order the table lists them: the key of a printed map."""
    return {fid: i for i, fid in enumerate(features.index, start=1)}


def key_html(features: gpd.GeoDataFrame, numbers: dict[str, int], lang: str) -> str:
    """The printed map's key: each number and its feature's name (escaped)."""
    rows = "".join(f"<li><b>{numbers[fid]}</b> {escape(name)}</li>"
                   for fid, name in zip(features.index, features[f"name_{lang}"], strict=True))
    title = "Key" if lang == "en" else "编号"
    return f"<details open><summary>{escape(title)}</summary><ol>{rows}</ol></details>"


def _group(name: str, layer: folium.GeoJson) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name, overlay=True, control=True, show=True)
    layer.add_to(group)
    return group


def fit_view(frame: gpd.GeoDataFrame, width_px: int = 1100, height_px: int = 680,
             min_zoom: int = 9, max_zoom: int = 16) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and the largest zoom at which ``frame`` fits a map of the given size."""
    if frame.empty:
        return MINHANG_CENTER, DEFAULT_ZOOM
    minx, miny, maxx, maxy = frame.total_bounds
    centre = ((miny + maxy) / 2, (minx + maxx) / 2)

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max(maxx - minx, 1e-6) / 360
    span_y = max(merc_y(maxy) - merc_y(miny), 1e-6) / (2 * math.pi)
    zoom = math.floor(min(math.log2(width_px / 256 / span_x), math.log2(height_px / 256 / span_y)) - 0.15)
    return (round(centre[0], 6), round(centre[1], 6)), max(min_zoom, min(max_zoom, zoom))
