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
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import remove_empty
from shapely.geometry import box, mapping

from layers import schema
from layers.assets import STATIC_URL, localise
from layers.basemaps import Basemap, get_basemap
from layers.datum import shift_geometry_to_gcj02
from layers.filters import FilterSpec, apply_filters, region_outlines
from layers.i18n import CATEGORY_LABELS, LANGUAGES, PRECISION_LABELS, REGION_LABELS, STATUS_LABELS, label, t
from layers.style import (
    REGION_COLOURS,
    ROAD_COLOUR,
    feature_style,
    selection_style,
    symbol_svg,
    tooltip_html,
)

MINHANG_CENTER = (31.11, 121.40)
DEFAULT_ZOOM = 11
MAP_PROPERTIES = ("id", "category", "kind", "region", "precision", "color")

_PAGE_CSS = """
<style>
.leaflet-container { background: #e9ecef !important;
  font: 13px/1.35 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; }
.mh-legend { background: rgba(255,255,255,.94); padding: 6px 8px; border-radius: 6px; font-size: 11.5px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 42vh; overflow-y: auto; }
.mh-legend summary { font-weight: 600; cursor: pointer; font-size: 12.5px; }
.mh-legend .row { display: flex; align-items: center; gap: 6px; margin: 1px 0; white-space: nowrap; }
.mh-legend .swatch { width: 18px; height: 18px; flex: none; display: flex; align-items: center;
  justify-content: center; }
.mh-legend .line { width: 18px; height: 0; border-top-width: 4px; border-top-style: solid; }
.mh-legend .area { width: 16px; height: 12px; border-width: 2px; border-style: dashed; }
.mh-legend small { color: #495057; }
.mh-symbol { background: none; border: none; }
.mh-ref-label span { position: absolute; transform: translate(-50%, -50%); white-space: nowrap; color: #495057;
  font-weight: 600; font-size: 12px; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
</style>
"""


class PageStyle(MacroElement):
    """Our map CSS, in the page header (a class-level template, compiled once, not on every rerun)."""

    _template = Template("{% macro header(this, kwargs) %}" + _PAGE_CSS + "{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageStyle"


class OfflineMiniMap(folium.elements.JSCSSMixin, MacroElement):
    """Leaflet-MiniMap over our district outline (works offline), under the tiles when there are any."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_layers = [];
            {% if this.tile_url %}
            {{ this.get_name() }}_layers.push(L.tileLayer({{ this.tile_url|tojson }}, {{ this.tile_options|tojson }}));
            {% endif %}
            {{ this.get_name() }}_layers.push(L.geoJson({{ this.outline|tojson }},
                {style: {color: "#495057", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}, interactive: false}));
            var {{ this.get_name() }} = new L.Control.MiniMap(
                L.layerGroup({{ this.get_name() }}_layers), {{ this.options|tojavascript }});
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
    """)
    default_js = folium.plugins.MiniMap.default_js
    default_css = folium.plugins.MiniMap.default_css

    def __init__(self, outline: dict[str, Any], basemap: Basemap) -> None:
        super().__init__()
        self._name = "OfflineMiniMap"
        self.outline = outline
        self.tile_url = basemap.tile_url
        self.tile_options = {"subdomains": basemap.provider.get("subdomains", "abc")} if basemap.provider else {}
        self.options = remove_empty(position="bottomright", width=140, height=140, zoom_level_offset=-4,
                                    toggle_display=True)


class HtmlControl(MacroElement):
    """A Leaflet control showing fixed HTML (legend, title box); callers escape any data text in it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class


class DistrictLabels(MacroElement):
    """District names for the offline basemap: non-interactive text markers in the reference pane."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.labels|tojson }}.forEach(function (label) {
                var icon = L.divIcon({className: "mh-ref-label", iconSize: null,
                                      html: "<span>" + label.text + "</span>"});
                // Leaflet stacks markers by their y pixel, which is negative north of the first view: lift them.
                L.marker([label.lat, label.lng], {icon: icon, interactive: false, keyboard: false, pane: "reference",
                                                  zIndexOffset: 100000})
                    .addTo({{ this._parent.get_name() }});
            });
        {% endmacro %}
    """)

    def __init__(self, labels: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "DistrictLabels"
        self.labels = labels


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


def feature_facts(row: Any, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs every view of a feature shows: category, region, status, precision."""
    return [(t("category", lang), label(CATEGORY_LABELS, row["category"], lang)),
            (t("region", lang), label(REGION_LABELS, row["region"], lang)),
            (t("status", lang), label(STATUS_LABELS, row["status"], lang)),
            (t("precision", lang), label(PRECISION_LABELS, row["precision"], lang))]


def popup_html(row: Any, lang: str) -> str:
    """A popup body for standalone maps (exports): what the details panel shows, every text escaped."""
    other = "zh" if lang == "en" else "en"
    rows = "".join(f"<div><b>{escape(k)}:</b> {escape(v)}</div>" for k, v in feature_facts(row, lang))
    return (f"<div class='mh-popup'><b>{escape(row[f'name_{lang}'])}</b><br>{escape(row[f'name_{other}'])}"
            f"{rows}<div><b>{escape(t('plan_says', lang))}</b></div><q>{escape(row['source_quote'])}</q>"
            f"<small>{escape(t('coord_source', lang))}: {escape(row['coord_source'])}</small></div>")


def display_geojson(frame: gpd.GeoDataFrame, lang: str, popups: bool = False) -> dict[str, Any]:
    """A small GeoJSON for the browser: styling keys and a pre-escaped tooltip (and popup), nothing else."""
    other = "zh" if lang == "en" else "en"
    schematic_label = "schematic position" if lang == "en" else "示意位置"
    features = []
    # Plain records and shapely's mapping(): this runs on every rerun, so no per-row pandas objects.
    for fid, row, geom in zip(frame.index, frame.drop(columns="geometry").to_dict("records"), frame.geometry.values,
                              strict=True):
        props = {k: (row.get(k) if k != "id" else fid) for k in MAP_PROPERTIES}
        props = {k: v for k, v in props.items() if isinstance(v, str)}
        props["tip"] = tooltip_html(row[f"name_{lang}"], row[f"name_{other}"],
                                    category_label=label(CATEGORY_LABELS, row["category"], lang),
                                    status_label=label(STATUS_LABELS, row["status"], lang),
                                    schematic=row["precision"] == "schematic", schematic_label=schematic_label)
        if popups:
            props["popup"] = popup_html(row, lang)
        features.append({"type": "Feature", "id": fid, "properties": props, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class BaseLayers:
    """The reference layers as GeoJSON in one datum, with district labels per language.

    Built once per basemap (the dashboard caches it): serialising the boundaries on every
    rerun was a sizeable share of the script's time.
    """

    neighbours: dict[str, Any]
    minhang: dict[str, Any]
    huangpu: dict[str, Any]
    labels: dict[str, list[dict[str, Any]]]


def prepare_reference(reference: dict[str, gpd.GeoDataFrame], basemap_key: str) -> BaseLayers:
    """Convert the reference frames for one basemap (shifted to GCJ-02 for Gaode)."""
    ref = {name: to_map_datum(frame, basemap_key) for name, frame in reference.items()}

    def geojson(frame: gpd.GeoDataFrame) -> dict[str, Any]:
        return json.loads(frame[["geometry"]].to_json(drop_id=True))

    return BaseLayers(geojson(ref["neighbours"]), geojson(ref["minhang"]), geojson(ref["huangpu"]),
                      {lang: _district_labels(ref, lang) for lang in LANGUAGES})


def build_base_map(base: BaseLayers, spec: FilterSpec, rail_lines: Iterable[tuple[str, str]] = (),
                   asset_base: str = STATIC_URL) -> folium.Map:
    """The part of the map that stays put while filters change: basemap, reference layers, controls."""
    basemap = get_basemap(spec.basemap)
    fmap = folium.Map(location=MINHANG_CENTER, zoom_start=DEFAULT_ZOOM, tiles=None, control_scale=True,
                      min_zoom=8, max_zoom=18, prefer_canvas=False)
    PageStyle().add_to(fmap)
    folium.map.CustomPane("reference", z_index=150, pointer_events=False).add_to(fmap)
    _reference_layer(base.neighbours, {"color": "#adb5bd", "weight": 1, "fillColor": "#e9ecef",
                                       "fillOpacity": 1}).add_to(fmap)
    _reference_layer(base.minhang, {"color": "#343a40", "weight": 2.5, "fillColor": "#ffffff",
                                    "fillOpacity": 1}).add_to(fmap)
    _reference_layer(base.huangpu, {"color": "#74c0fc", "weight": 7, "opacity": 1}).add_to(fmap)
    if basemap.provider is not None:
        folium.TileLayer(tiles=basemap.tile_url, attr=basemap.attribution, name=basemap.key, control=False,
                         max_zoom=18, subdomains=basemap.provider.get("subdomains", "abc")).add_to(fmap)
    else:
        DistrictLabels(base.labels[spec.lang]).add_to(fmap)
        Attribution(escape(basemap.attribution)).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                                  secondary_length_unit="meters", primary_area_unit="sqkilometers").add_to(fmap)
    OfflineMiniMap(base.minhang, basemap).add_to(fmap)
    HtmlControl(legend_html(spec.lang, rail_lines), "bottomleft", "mh-legend").add_to(fmap)
    localise(fmap, asset_base)
    return fmap


def _reference_layer(data: dict[str, Any], style: dict[str, Any]) -> folium.GeoJson:
    return folium.GeoJson(data, style_function=lambda _f, s=style: s, control=False, pane="reference",
                          interactive=False)


def _district_labels(reference: dict[str, gpd.GeoDataFrame], lang: str) -> list[dict[str, Any]]:
    labels = []
    near = box(*reference["minhang"].total_bounds).buffer(0.02)
    for frame in (reference["minhang"], reference["neighbours"]):
        for _, row in frame.iterrows():
            # Label the part of a neighbour that shows beside Minhang, not its far-away middle.
            visible = row.geometry.intersection(near)
            point = (visible if not visible.is_empty else row.geometry).representative_point()
            labels.append({"lat": round(point.y, 5), "lng": round(point.x, 5), "text": escape(row[f"name_{lang}"])})
    return labels


@dataclass(frozen=True)
class ViewLayers:
    """What one view draws: the matching features, region outlines and selection, in the basemap's datum."""

    matches: gpd.GeoDataFrame  # as stored (WGS-84), for counts and tables
    features: gpd.GeoDataFrame  # the matches as drawn
    outlines: gpd.GeoDataFrame
    selected: gpd.GeoDataFrame
    rail_lines: list[tuple[str, str]]

    @property
    def focus(self) -> gpd.GeoDataFrame:
        """What the view is fitted to: the selection, else the matches, else the outlines."""
        return next((f for f in (self.selected, self.features) if not f.empty), self.outlines)


def view_layers(frame: gpd.GeoDataFrame, spec: FilterSpec) -> ViewLayers:
    """Filter ``frame`` for ``spec`` and shift what is drawn to the basemap's datum, once."""
    matches = apply_filters(frame, spec)
    selected = frame.loc[[spec.feature]] if spec.feature in frame.index else frame.iloc[0:0]
    rail = frame[frame["kind"] == "rail"]
    return ViewLayers(matches, to_map_datum(matches, spec.basemap),
                      to_map_datum(region_outlines(frame, spec), spec.basemap),
                      to_map_datum(selected, spec.basemap),
                      list(zip(rail[f"name_{spec.lang}"], rail["color"], strict=True)))


def build_overlays(features: gpd.GeoDataFrame, outlines: gpd.GeoDataFrame, selected: gpd.GeoDataFrame,
                   lang: str, popups: bool = False) -> list[folium.FeatureGroup]:
    """One FeatureGroup (holding one GeoJson) per layer: region outlines, each category, the selection.

    ``popups`` adds a details popup to each feature, for standalone (exported) maps that have no
    details panel beside them.
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
            display_geojson(subset, lang, popups), style_function=lambda f: feature_style(f["properties"]),
            highlight_function=lambda _f: {"weight": 6, "fillOpacity": 0.35},
            marker=folium.Marker(icon=icon),
            tooltip=folium.GeoJsonTooltip(["tip"], labels=False, sticky=True),
            popup=folium.GeoJsonPopup(["popup"], labels=False, max_width=340) if popups else None)))
    if not selected.empty:
        groups.append(_group(t("selected", lang), folium.GeoJson(
            display_geojson(selected, lang), style_function=selection_style,
            marker=folium.CircleMarker(radius=16, color=selection_style()["color"], weight=4, fill=False),
            interactive=False)))
    for group in groups:
        localise(group)
    return groups


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
