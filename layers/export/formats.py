"""Exports of the current view: GeoJSON, CSV, GeoPackage, a self-contained HTML map, and a PNG.

Everything is built in memory (GeoPackage goes through a private temporary folder that is
removed afterwards), so two users exporting at once never share a file and nothing is
written into the project tree. The PNG is the same HTML map rendered by headless
Chromium (see :mod:`layers.export.png`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pyogrio
from branca.element import MacroElement
from folium.template import Template

from layers.data import asof, schema
from layers.data.events import EXPORT_COLUMNS as EVENT_COLUMNS
from layers.data.events import Events, frame_as_of
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
from layers.view.filters import FilterSpec, apply_filters
from layers.view.i18n import BASEMAP_LABELS, CATEGORY_LABELS, REGION_LABELS, STATUS_LABELS, label, t

FORMATS = ("png", "html", "geojson", "csv", "gpkg", "events")
MIME = {"png": "image/png", "html": "text/html", "geojson": "application/geo+json", "csv": "text/csv",
        "gpkg": "application/geopackage+sqlite3", "events": "text/csv"}
# The progress events as a table of their own (one row per event): CSV beside the features' CSV.
EXTENSIONS = {"events": "events.csv"}
EXPORT_COLUMNS = ("layer", *schema.COLUMNS)
DATA_ATTRIBUTION = ("Positions: © OpenStreetMap contributors (ODbL), Amap, Baidu and Wikipedia sources as listed in "
                    "geodata/positions.csv; plan text: Minhang District 2023 plan")


@dataclass(frozen=True)
class Size:
    """A PNG size in CSS pixels and its device pixel ratio (2 for print)."""

    width: int
    height: int
    scale: int = 1

    @property
    def pixels(self) -> tuple[int, int]:
        """The image's size in pixels."""
        return self.width * self.scale, self.height * self.scale

    def __str__(self) -> str:
        return f"{self.width}x{self.height}" + (f"@{self.scale}x" if self.scale != 1 else "")


SIZES = {
    "1280x800": Size(1280, 800),
    "1920x1080": Size(1920, 1080),
    "a4": Size(1123, 794, 2),  # A4 landscape at 96 dpi, rendered at 2x for print
}
_SIZE_RE = re.compile(r"^(\d{3,4})x(\d{3,4})(?:@([12])x)?$")


def parse_size(text: str) -> Size:
    """A size preset (``1280x800``, ``1920x1080``, ``a4``) or ``WxH[@2x]`` within 320..4000 px."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    match = _SIZE_RE.match(key)
    if not match:
        raise ValueError(f"size {text!r} is not one of {', '.join(SIZES)} or WIDTHxHEIGHT[@2x]")
    size = Size(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    if not (320 <= size.width <= 4000 and 320 <= size.height <= 4000):
        raise ValueError(f"size {text!r} is out of range (320 to 4000 pixels a side)")
    return size


def export_frame(frame: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """The features an export holds: the matching ones (region outlines are context, not data).

    A frame with statuses as of a date (:func:`layers.data.events.frame_as_of`) also keeps the plan's own
    status (``status_2023``) and the opening date (``opened_on``) beside the status shown.
    """
    out = apply_filters(frame, spec)
    extra = [c for c in ("status_2023", "opened_on") if c in out.columns]
    return out[[*EXPORT_COLUMNS, *extra, "geometry"]]


def event_table(events: Events | None, ids: list[str]) -> pd.DataFrame:
    """The progress events of the given features, one row each, in the sidecar's order."""
    if events is None or events.table.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    table = events.table[events.table["feature_id"].isin(ids)]
    return table[[c for c in EVENT_COLUMNS if c in table.columns]].reset_index(drop=True)


def _slug(text: str, limit: int = 30) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def export_filename(spec: FilterSpec, fmt: str, today: dt.date | None = None) -> str:
    """A file name that says what it holds, e.g. ``minhang-north-park-2026-11-26.png`` (always safe)."""
    parts = ["minhang"]
    for chosen, universe in ((spec.regions, schema.REGIONS), (spec.categories, schema.CATEGORIES),
                             (spec.statuses, schema.VIEW_STATUSES)):
        if chosen != frozenset(universe):
            parts.append("-".join(v.replace("_", "") for v in universe if v in chosen) or "none")
    if spec.asof != asof.DEFAULT:
        parts.append("asof-" + spec.asof)
    if spec.q:
        parts.append("q-" + (_slug(spec.q) or "search"))
    if spec.feature:
        parts.append(_slug(spec.feature, 40))
    if fmt in ("png", "html") and spec.basemap != "offline":
        parts.append(spec.basemap)
    if fmt in ("png", "html") and spec.lang != "en":
        parts.append(spec.lang)
    parts.append((today or dt.date.today()).isoformat())
    name = "-".join(p for p in parts if p)[:150].strip("-")
    return f"{name}.{EXTENSIONS.get(fmt, fmt)}"


def to_geojson(frame: gpd.GeoDataFrame, events: Events | None = None) -> bytes:
    """RFC 7946 GeoJSON (WGS-84, no ``crs`` member), every property, ids kept; each feature's progress
    events (if any were given) in an ``events`` property."""
    data = json.loads(frame.to_crs("EPSG:4326").to_json(drop_id=True, na="null"))
    table = event_table(events, list(frame.index))
    for feature in data["features"]:
        feature["id"] = feature["properties"]["id"]
        if events is not None:
            rows = table[table["feature_id"] == feature["id"]].drop(columns="feature_id")
            feature["properties"]["events"] = json.loads(rows.to_json(orient="records", force_ascii=False))
    data.pop("crs", None)
    # Positions derive in part from OpenStreetMap (ODbL): the credit travels with the data.
    data["attribution"] = DATA_ATTRIBUTION
    return json.dumps(data, ensure_ascii=False, indent=None).encode("utf-8")


def to_csv(frame: gpd.GeoDataFrame) -> bytes:
    """One row per feature: every property, ``lon``/``lat`` (a point on the feature) and ``wkt``."""
    points = frame.geometry.representative_point()
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["lon"] = points.x.round(6)
    table["lat"] = points.y.round(6)
    table["wkt"] = frame.geometry.to_wkt(rounding_precision=6)
    # utf-8-sig: spreadsheet programs then read the Chinese text correctly.
    return table.to_csv(index=False).encode("utf-8-sig")


def to_gpkg(frame: gpd.GeoDataFrame, layer: str = "minhang_plan", events: Events | None = None) -> bytes:
    """A GeoPackage of the features (and an ``events`` table of their progress events, if given), written
    in a private temporary folder that is then removed."""
    with tempfile.TemporaryDirectory(prefix="minhang-export-") as tmp:
        path = Path(tmp) / "export.gpkg"
        frame.reset_index(drop=True).to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        if events is not None:
            pyogrio.write_dataframe(event_table(events, list(frame.index)), path, layer="events", driver="GPKG",
                                    append=True)
        return path.read_bytes()


def to_events_csv(frame: gpd.GeoDataFrame, events: Events | None) -> bytes:
    """The progress events of the exported features, one row per event (UTF-8 with BOM, like the CSV)."""
    return event_table(events, list(frame.index)).to_csv(index=False).encode("utf-8-sig")


def filter_summary(spec: FilterSpec, count: int) -> str:
    """One line saying what the map shows."""
    lang = spec.lang

    def part(chosen: frozenset[str], universe: tuple[str, ...], table: dict[str, dict[str, str]]) -> str:
        if chosen == frozenset(universe):
            return "all" if lang == "en" else "全部"
        return ", ".join(label(table, v, lang) for v in universe if v in chosen) or "—"

    bits = [f"{t('regions', lang)}: {part(spec.regions, schema.REGIONS, REGION_LABELS)}",
            f"{t('categories', lang)}: {part(spec.categories, schema.CATEGORIES, CATEGORY_LABELS)}",
            f"{t('status', lang)}: {part(spec.statuses, schema.VIEW_STATUSES, STATUS_LABELS)}",
            asof_summary(spec.asof, lang)]
    if spec.q:
        bits.append(f"“{spec.q}”")
    bits.append(f"{label(BASEMAP_LABELS, spec.basemap, lang)}")
    bits.append(f"{count} " + ("features" if lang == "en" else "个要素"))
    return " · ".join(bits)


def asof_summary(when: str, lang: str) -> str:
    """Whose statuses a map or an export shows: the plan's, the latest report's, or a date's."""
    return t(f"asof_summary_{asof.asof_kind(when)}", lang, date=when)


def snapshot_info(spec: FilterSpec, count: int, today: dt.date | None = None) -> dict[str, str]:
    """What the camera writes around a snapshot: title, plan, filter summary, date, basemap, file name."""
    lang = spec.lang
    return {"title": t("title", lang), "subtitle": t("subtitle", lang), "summary": filter_summary(spec, count),
            "date": (today or dt.date.today()).isoformat(), "basemap": label(BASEMAP_LABELS, spec.basemap, lang),
            "filename": export_filename(spec, "png", today).removesuffix(".png")}


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


def export_bytes(fmt: str, frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
                 *, size: Size | None = None, renderer: Any = None, today: dt.date | None = None,
                 events: Events | None = None) -> bytes:
    """The bytes of one export (PNG needs a :class:`layers.export.png.PngRenderer`); with ``events``, statuses
    are as of the view's ``asof`` and the data formats carry the progress events."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    if events is not None:  # statuses as of the view's date; the plan's own kept beside them
        frame = frame_as_of(frame, events, spec.asof)
    if fmt == "geojson":
        return to_geojson(export_frame(frame, spec), events)
    if fmt == "csv":
        return to_csv(export_frame(frame, spec))
    if fmt == "gpkg":
        return to_gpkg(export_frame(frame, spec), events=events)
    if fmt == "events":
        return to_events_csv(export_frame(frame, spec), events)
    html = to_html(frame, reference, spec, today)
    if fmt == "html":
        return html
    if renderer is None:
        raise ValueError("a PNG export needs a renderer")
    return renderer.render(html.decode("utf-8"), size or SIZES["1280x800"])


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, so no partial file is left."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        tmp = Path(handle.name)
        handle.write(data)
    try:
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


__all__ = ["FORMATS", "MIME", "SIZES", "Size", "export_bytes", "export_filename", "parse_size", "to_csv",
           "to_geojson", "to_gpkg", "to_html", "write_atomically"]
