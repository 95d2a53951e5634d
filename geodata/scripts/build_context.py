"""Build the offline street-context basemap layers from OpenStreetMap extracts.

Writes five small GeoJSON files to ``static/context/`` (served by the app to the browser, once): ``roads``, ``rail``,
``stations``, ``water`` and ``places``. ``rail``, ``stations``, ``water`` and
``places`` cover Minhang and a margin around it (``BBOX``); ``roads`` covers
Minhang in full and, in the margin, only the expressway corridors. Everything
is OpenStreetMap data (ODbL 1.0, © OpenStreetMap contributors) taken from three
extracts kept in public repositories, pinned below by repository, path and
commit:

- ``GEOFABRIK``: a Geofabrik "free shapefile" extract of Shanghai (data as of
  2025-03-18): railways, water areas, waterways, place nodes and transport
  areas. Its roads layer (``gis_osm_roads_free_1.shp/.dbf``) is over 4 MiB and
  is *not* in the stored snapshot, so it cannot be used here.
- ``LUO_TRAFFIC``: an Overpass export (2026-05-13) of every ``highway`` way in
  the Minhang relation (1278189) embedded in a web page, with the coordinates
  turned into screen pixels. ``luo_roads`` reads it and inverts the pixels
  exactly (the page's own linear lon/lat -> pixel map, *not* Web Mercator; see
  ``pixel_to_lonlat``). The ``motorway``, ``trunk``, ``primary`` and
  ``secondary`` ways are the road layer inside Minhang. The ways carry only
  ``name`` and ``highway`` (no ``name:en``, no ``ref``).
- ``TRANSPORT``: a WGS-84 transport-network JSON built by that repository from
  the Geofabrik Shanghai GeoPackage of 2026-07-28: metro stations and the
  elevated/expressway corridors. Its corridors give the road layer's margin
  beyond Minhang (``motorway``/``trunk`` only, see ``road_class``), cut where
  they enter Minhang (``geodata/reference/minhang.geojson``) or run along a
  Minhang expressway of the Overpass export.

All three are in WGS-84 already (checked against each other and independent
points; see ``static/context/SOURCES.md``), so no datum shift is applied.

The script downloads nothing. Extract the inputs into one folder first::

    SRC=/tmp/context-src; mkdir -p $SRC/geofabrik
    git clone https://github.com/XuSongyue/Master_Thesis g1   # or any copy of it
    for f in railways_free_1 water_a_free_1 waterways_free_1 places_free_1 transport_a_free_1; do
      for e in shp shx dbf prj cpg; do
        git -C g1 show 350170806cca766949e4251a67166923019e3f55:shanghai-latest-free.shp/gis_osm_$f.$e \\
          > $SRC/geofabrik/gis_osm_$f.$e
      done
    done
    git clone https://github.com/luiszengii/shanghai-property-sector-map g2
    git -C g2 show 38a55f1c8fc27e4f707ebad659f8765525226afe:src/data/transport-network.wgs84.json \\
      > $SRC/transport-network.wgs84.json
    git clone https://github.com/pzy2000/luo_traffic g3
    git -C g3 show aae0f97c6f225ff702a7881977473b4056623d73:index.html > $SRC/luo_traffic-index.html

(``luo_traffic-index.html`` is 1 447 016 bytes, SHA-256 ``LUO_TRAFFIC_SHA256``, checked
on reading; later commits of that repository moved the data out of ``index.html``.)

Usage::

    python3 -m geodata.scripts.build_context --source /tmp/context-src
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiLineString, Point, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from layers.data.io import dump_feature_collection
from layers.data.reference import METRIC_CRS

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Input:
    """One pinned input: where it lives and what it is."""

    repository: str
    path: str
    commit: str
    data_date: str
    licence: str


ODBL = "ODbL 1.0, © OpenStreetMap contributors"
GEOFABRIK = Input(
    repository="XuSongyue/Master_Thesis",
    path="shanghai-latest-free.shp/",
    commit="350170806cca766949e4251a67166923019e3f55",
    data_date="2025-03-18T21:21:15Z (Geofabrik shanghai-latest-free.shp.zip)",
    licence=ODBL,
)
TRANSPORT = Input(
    repository="luiszengii/shanghai-property-sector-map",
    path="src/data/transport-network.wgs84.json",
    commit="38a55f1c8fc27e4f707ebad659f8765525226afe",
    data_date="2026-07-28T20:21:00Z (Geofabrik shanghai-260728-free.gpkg)",
    licence=ODBL,
)

LUO_TRAFFIC = Input(
    repository="pzy2000/luo_traffic",
    path="index.html",
    commit="aae0f97c6f225ff702a7881977473b4056623d73",
    data_date="2026-05-13T14:38:00Z (Overpass timestamp_osm_base; highway ways in relation 1278189 闵行区)",
    licence=ODBL,
)
LUO_TRAFFIC_FILE = "luo_traffic-index.html"
LUO_TRAFFIC_SHA256 = "2301c21df1d8865061cdac121b3a2d6d6096cf3ea60c259e32c0b68d61951649"
MINHANG_RELATION = 1278189
MINHANG_BOUNDARY = ROOT / "geodata" / "reference" / "minhang.geojson"  # where the margin corridors stop

# lon/lat box: Minhang plus a margin.
BBOX = (121.22, 30.96, 121.58, 31.27)
CLIP = box(*BBOX)
# ~10 m at this latitude; small enough for a city-scale basemap, large enough to keep files small.
SIMPLIFY_DEG = 0.0001
ROAD_SIMPLIFY_DEG = 0.00008  # 7.6 m east-west, 8.9 m north-south: keeps dual carriageways apart
GRID = 1e-5  # five decimals, ~1 m
MIN_WATER_AREA_M2 = 20_000  # 0.02 km²
STATION_LINE_DISTANCE_M = 150
SAME_STATION_M = 500  # a station area this close to a same-named JSON station is that station
STATION_EXCLUDE = re.compile(r"预留|暂名|调车场|在建|车辆段|停车场")

# Official Shanghai Metro line colours (hand table; the extracts carry no colour tag).
METRO_COLOURS = {
    "1": "#E3002B", "2": "#8CC220", "3": "#FCD600", "4": "#461D84", "5": "#944D9A", "6": "#D40068",
    "7": "#ED6F00", "8": "#0094D8", "9": "#87CAED", "10": "#C6AFD4", "11": "#871C2B", "12": "#007A60",
    "13": "#E999C0", "14": "#626020", "15": "#BCA886", "16": "#98D1C0", "17": "#BC796F", "18": "#C4984F",
    "浦江线": "#B5B6B6",
    # No official colour found; Amap's subway map colour for 市域机场线 (cl "99ADAC" in
    # JoJoJoJoJoJoJo/ShanghaiSubwayFilter data/raw_subway_info.json @ a6841621, 2025).
    "市域铁机场联络线": "#99ADAC",
}
METRO_NAME = re.compile(r"^上海(?:地铁|轨道交通)(\d{1,2}(?:/\d{1,2})?)号线$")
# Named rail ways that are not running lines: station tracks, depot and EMU-yard tracks, spurs.
RAIL_EXCLUDE = re.compile(r"站\d+道|站第\d+道|动车|综高|停车场|车库|折返|旧路线|所联络线|站联络线|专线")
OTHER_LINES = {
    # name_zh: (name_en, kind)
    "上海地铁浦江线": ("Pujiang Line", "metro"),
    "市域铁机场联络线": ("Airport Link Line", "metro"),
    "上海磁浮示范运营线": ("Shanghai Maglev Line", "rail"),
}
RAIL_EN = {
    "沪昆线": "Shanghai–Kunming Railway",
    "沪昆高速铁路": "Shanghai–Kunming High-Speed Railway",
    "京沪线": "Beijing–Shanghai Railway",
    "京沪高铁": "Beijing–Shanghai High-Speed Railway",
    "沪宁城际线": "Shanghai–Nanjing Intercity Railway",
    "沪苏湖高速铁路": "Shanghai–Suzhou–Huzhou High-Speed Railway",
    "金山线": "Jinshan Railway",
    "沪杭线": "Shanghai–Hangzhou Railway",
}
RAIL_ALIASES = {"Jinghu Line": "京沪线"}  # one way of the Beijing–Shanghai line carries only an English name
# National (G) and Shanghai (S) expressway numbers for the corridors in the box.
EXPRESSWAY_REF = {
    "京沪高速": "G2", "沈海高速": "G15", "沪渝高速": "G50", "沪昆高速": "G60", "上海绕城高速": "G1503",
    "外环高速": "S20", "沪常高速": "S26", "沪金高速": "S4", "申嘉湖高速": "S32", "沪嘉高速": "S5",
}
SOURCE_OVERPASS = "overpass-2026-05-13"  # a road's ``source``: LUO_TRAFFIC (Minhang) ...
SOURCE_CORRIDORS = "transport-2026-07-28"  # ... or TRANSPORT (margin corridors)
ROAD_CLASSES = ("motorway", "trunk", "primary", "secondary")  # links and minor roads are left out
# One 华翔路 way carries only an English name; it is that road (same line, same class).
ROAD_ALIASES = {"Huaxiang Road": "华翔路"}
# A margin corridor this close to a Minhang motorway/trunk of the Overpass export is the same road.
SAME_ROAD_M = 40
MIN_MARGIN_PIECE_M = 200  # margin corridor pieces shorter than this (cut-off stubs) are dropped
UNNAMED_MOTORWAY = "其他高架高速"  # the JSON's catch-all for unnamed motorway viaducts
CORRIDOR_NAME = re.compile(r"(高速|高架路|高架|中环路|内环高架路|北横通道)$")

MINHANG_UNITS = {
    # OSM name: (name_en, kind) for Minhang's 14 towns and subdistricts.
    "莘庄镇": ("Xinzhuang Town", "town"), "七宝镇": ("Qibao Town", "town"),
    "虹桥镇": ("Hongqiao Town", "town"), "华漕镇": ("Huacao Town", "town"),
    "梅陇镇": ("Meilong Town", "town"), "颛桥镇": ("Zhuanqiao Town", "town"),
    "吴泾镇": ("Wujing Town", "town"), "马桥镇": ("Maqiao Town", "town"),
    "浦江镇": ("Pujiang Town", "town"), "江川路街道": ("Jiangchuan Road Subdistrict", "subdistrict"),
    "古美街道": ("Gumei Subdistrict", "subdistrict"), "新虹街道": ("Xinhong Subdistrict", "subdistrict"),
    "浦锦街道": ("Pujin Subdistrict", "subdistrict"),
    "莘庄工业区": ("Xinzhuang Industrial Zone", "industrial_zone"),
}
DISTRICTS_EN = {
    "闵行区": "Minhang District", "徐汇区": "Xuhui District", "长宁区": "Changning District",
    "松江区": "Songjiang District", "浦东新区": "Pudong New Area", "黄浦区": "Huangpu District",
    "静安区": "Jing'an District", "普陀区": "Putuo District", "虹口区": "Hongkou District",
    "杨浦区": "Yangpu District", "嘉定区": "Jiading District", "青浦区": "Qingpu District",
    "奉贤区": "Fengxian District",
}


# ----------------------------------------------------------------------------- helpers

def _geometry(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry snapped to the 1e-5 grid (keeps polygons valid) and rounded for output."""
    snapped = shapely.set_precision(geom, GRID)
    gj = mapping(snapped)

    def rnd(c: Any) -> Any:
        if isinstance(c[0], float | int):
            return [round(c[0], 5), round(c[1], 5)]
        return [rnd(x) for x in c]

    return {"type": gj["type"], "coordinates": rnd(gj["coordinates"])}


def _feature(props: dict[str, Any], geom: BaseGeometry) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": _geometry(geom)}


def _merged_lines(geoms: Iterable[BaseGeometry], tolerance: float = SIMPLIFY_DEG) -> BaseGeometry | None:
    """Union, merge into as few lines as possible, clip to the box and simplify."""
    lines = shapely.union_all([g for g in geoms if g is not None and not g.is_empty])
    if lines.is_empty:
        return None
    if lines.geom_type == "MultiLineString":
        lines = linemerge(lines)
    lines = lines.intersection(CLIP).simplify(tolerance, preserve_topology=False)
    parts = [p for p in getattr(lines, "geoms", [lines]) if p.geom_type == "LineString" and p.length > 0]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def _read(source: Path, layer: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(source / "geofabrik" / f"gis_osm_{layer}.shp", engine="pyogrio")
    return frame.loc[frame.intersects(CLIP)].sort_values("osm_id", kind="stable")


def _name(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# ----------------------------------------------------------------------------- layers

def _js_const(html: str, name: str) -> Any:
    """The JSON literal assigned by ``const NAME = {...};`` on one line of the page."""
    match = re.search(rf"^\s*const {name} = (\{{.*\}});\s*$", html, re.MULTILINE)
    if match is None:
        raise ValueError(f"{LUO_TRAFFIC_FILE}: no 'const {name} = {{...}};' line")
    return json.loads(match.group(1))


def pixel_to_lonlat(meta: dict[str, Any]) -> Callable[[float, float], tuple[float, float]]:
    """The exact inverse of the page's lon/lat -> pixel map.

    The page's data builder (``projectPoint`` in ``tools/rebuild-osm-data.mjs``,
    added to the repository after this commit) maps ``originalBbox`` *linearly*
    in lon and lat onto ``projectedBounds``, y downwards: x = minX + (lon -
    minlon) / (maxlon - minlon) * (maxX - minX), y = minY + (maxlat - lat) /
    (maxlat - minlat) * (maxY - minY). It is not Web Mercator: inverted as
    Mercator y, the vertices land up to ~11 m north of the Geofabrik 2025
    traffic-signal nodes they carry (median distance 10 m); inverted linearly,
    they sit on them (median 1.7 m, i.e. the page's 0.1 px ≈ 4 m rounding).
    See ``static/context/SOURCES.md``.
    """
    bbox, px = meta["originalBbox"], meta["projectedBounds"]
    lon_per_px = (bbox["maxlon"] - bbox["minlon"]) / (px["maxX"] - px["minX"])
    lat_per_px = (bbox["maxlat"] - bbox["minlat"]) / (px["maxY"] - px["minY"])

    def invert(x: float, y: float) -> tuple[float, float]:
        return bbox["minlon"] + (x - px["minX"]) * lon_per_px, bbox["maxlat"] - (y - px["minY"]) * lat_per_px

    return invert


def luo_roads(source: Path) -> list[tuple[str, str, LineString]]:
    """(name, highway, line in lon/lat) for every road way of the Overpass export, in file order."""
    raw = (source / LUO_TRAFFIC_FILE).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != LUO_TRAFFIC_SHA256:
        raise ValueError(f"{LUO_TRAFFIC_FILE}: SHA-256 {digest}, expected {LUO_TRAFFIC_SHA256} "
                         f"({LUO_TRAFFIC.repository} {LUO_TRAFFIC.commit[:7]}:{LUO_TRAFFIC.path})")
    html = raw.decode("utf-8")
    meta = _js_const(html, "MAP_METADATA")
    if meta["relationId"] != MINHANG_RELATION:
        raise ValueError(f"{LUO_TRAFFIC_FILE}: relation {meta['relationId']}, expected {MINHANG_RELATION}")
    invert = pixel_to_lonlat(meta)
    return [(_name(way["name"]), way["highway"], LineString([invert(x, y) for x, y in way["points"]]))
            for way in _js_const(html, "appData")["roads"] if len(way["points"]) > 1]


def road_class(kind: str, scope: str) -> str | None:
    """Map a corridor of the transport JSON to an OSM-style class.

    The JSON keeps only ``expressway`` (any motorway segment, or 高速 in the name)
    and ``urban``; its ``major`` urban corridors are Shanghai's elevated
    expressways (城市快速路), which OSM China tags ``trunk``. ``local`` urban
    groups are single overpasses of ordinary roads and are left out.
    """
    if kind == "expressway":
        return "motorway"
    if scope == "major":
        return "trunk"
    return None


def _road(name: str | None, name_en: str | None, cls: str, source: str, geom: BaseGeometry) -> dict[str, Any]:
    return _feature({"name_zh": name, "name_en": name_en, "class": cls, "ref": EXPRESSWAY_REF.get(name or ""),
                     "source": source}, geom)


def build_roads(ways: list[tuple[str, str, LineString]], transport: dict[str, Any]) -> list[dict[str, Any]]:
    """Minhang's motorway/trunk/primary/secondary roads, one feature per name and class, plus margin corridors.

    Inside Minhang the ways of the Overpass export are merged by name and class
    (unnamed ways by class, ``name_zh`` null). Beyond Minhang the export has
    nothing, so the expressway corridors of the transport JSON are kept where
    they lie outside the Minhang boundary and more than ``SAME_ROAD_M`` from a
    Minhang motorway or trunk (the export's ways run on past the boundary).
    """
    groups: dict[tuple[str, str], list[BaseGeometry]] = defaultdict(list)
    english: dict[str, str] = {}
    for name, highway, line in ways:
        if highway not in ROAD_CLASSES:
            continue
        zh = ROAD_ALIASES.get(name, name)
        if zh != name:
            english[zh] = name
        groups[(highway, zh)].append(line)
    features = []
    for (cls, name), lines in groups.items():
        geom = _merged_lines(lines, ROAD_SIMPLIFY_DEG)
        if geom is not None:
            features.append(_road(name or None, english.get(name), cls, SOURCE_OVERPASS, geom))

    expressways = shapely.union_all([line for (cls, _), lines in groups.items() if cls in {"motorway", "trunk"}
                                     for line in lines])
    minhang = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in
                                 json.loads(MINHANG_BOUNDARY.read_text(encoding="utf-8"))["features"]])
    to_metric = gpd.GeoSeries([expressways, minhang], crs="EPSG:4326").to_crs(METRIC_CRS)
    taken = to_metric.iloc[0].buffer(SAME_ROAD_M).union(to_metric.iloc[1])
    for group in transport["elevatedRoads"]:
        name = group["name"]
        cls = road_class(group["kind"], group["scope"])
        if cls is None or not CORRIDOR_NAME.search(name) or "匝道" in name:
            continue  # unnamed leftovers, ramps, bridges and terminal roads
        geom = _merged_lines((LineString(p) for p in group["paths"]), ROAD_SIMPLIFY_DEG)
        if geom is None:
            continue
        outside = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0].difference(taken)
        pieces = [p for p in getattr(outside, "geoms", [outside])
                  if p.geom_type == "LineString" and p.length >= MIN_MARGIN_PIECE_M]
        if not pieces:
            continue
        margin = gpd.GeoSeries([MultiLineString(pieces)], crs=METRIC_CRS).to_crs("EPSG:4326").iloc[0]
        margin = _merged_lines([margin], ROAD_SIMPLIFY_DEG)
        if margin is not None:
            features.append(_road(None if name == UNNAMED_MOTORWAY else name, None, cls,
                                  SOURCE_CORRIDORS, margin))
    order = {cls: i for i, cls in enumerate(ROAD_CLASSES)}

    def key(feature: dict[str, Any]) -> tuple[int, str, str, str]:
        props = feature["properties"]
        return order[props["class"]], props["source"], props["name_zh"] or "", json.dumps(feature["geometry"])

    return sorted(features, key=key)


def _rail_identity(name: str, fclass: str) -> tuple[str, str | None, str, str | None] | None:
    """(name_zh, name_en, kind, colour) for a named railway way, or None to leave it out."""
    if name in OTHER_LINES:
        en, kind = OTHER_LINES[name]
        return name, en, kind, METRO_COLOURS.get(name.removeprefix("上海地铁"))
    match = METRO_NAME.match(name)
    if match and fclass in {"subway", "light_rail", "monorail"}:
        line = match.group(1)
        return f"上海地铁{line}号线", f"Shanghai Metro Line {line}", "metro", METRO_COLOURS.get(line)
    if fclass == "rail" and not RAIL_EXCLUDE.search(name):
        return name, RAIL_EN.get(name), "rail", None
    return None


def build_rail(source: Path) -> tuple[list[dict[str, Any]], dict[str, BaseGeometry], BaseGeometry]:
    """Named operating lines; also returns metro geometry by line and all kept track, for the stations."""
    ways = _read(source, "railways_free_1")
    groups: dict[tuple[str, str | None, str, str | None], list[BaseGeometry]] = defaultdict(list)
    for row in ways.itertuples():
        name = RAIL_ALIASES.get(_name(row.name), _name(row.name))
        ident = _rail_identity(name, row.fclass) if name else None
        if ident is None:
            continue
        # The shared Line 3/4 track belongs to both lines.
        if ident[0] == "上海地铁3/4号线":
            for line in ("3", "4"):
                groups[(f"上海地铁{line}号线", f"Shanghai Metro Line {line}", "metro",
                        METRO_COLOURS[line])].append(row.geometry)
            continue
        groups[ident].append(row.geometry)
    features, metro = [], {}
    track = shapely.union_all([g for geoms in groups.values() for g in geoms])
    for (zh, en, kind, colour), geoms in groups.items():
        geom = _merged_lines(geoms)
        if geom is None:
            continue
        features.append(_feature({"name_zh": zh, "name_en": en, "kind": kind, "colour": colour}, geom))
        if kind == "metro":
            metro[zh] = shapely.union_all(geoms)
    features.sort(key=lambda f: (f["properties"]["kind"], _line_sort(f["properties"]["name_zh"])))
    return features, metro, track


def _line_sort(name: str) -> tuple[int, str]:
    match = re.search(r"(\d+)号线", name)
    return (int(match.group(1)) if match else 99, name)


def build_stations(source: Path, transport: dict[str, Any], metro: dict[str, BaseGeometry],
                   track: BaseGeometry) -> list[dict[str, Any]]:
    """Metro stations from the 2026 JSON plus named station areas (2025) that sit on a kept line."""
    metro_lines = gpd.GeoSeries(list(metro.values()), index=list(metro), crs="EPSG:4326").to_crs(METRIC_CRS)
    track_m = gpd.GeoSeries([track], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]

    def metric(point: Point) -> BaseGeometry:
        return gpd.GeoSeries([point], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]

    stations: list[tuple[str, Point]] = []
    for item in transport["metroStations"]:
        point = Point(item["position"])
        if CLIP.contains(point):
            stations.append((item["name"], point))
    areas = _read(source, "transport_a_free_1")
    areas = areas.loc[areas["fclass"].eq("railway_station")]
    for row in areas.itertuples():
        name = _name(row.name)
        point = row.geometry.representative_point()
        here = metric(point)
        placed = any(n in (name, name.removesuffix("站")) and metric(p).distance(here) < SAME_STATION_M
                     for n, p in stations)
        # Unnamed, planned or yard areas, tram stops (off every kept line) and stations already placed are skipped;
        # the JSON keeps one point per name, so a same-named station elsewhere (七宝 on Line 9) is still added.
        if (not name or STATION_EXCLUDE.search(name) or not CLIP.contains(point)
                or here.distance(track_m) > STATION_LINE_DISTANCE_M
                or placed):
            continue
        stations.append((name, point))
    features = []
    for name, point in sorted(stations, key=lambda s: (s[0], s[1].x, s[1].y)):
        here = metric(point)
        lines = sorted(metro_lines[metro_lines.distance(here) <= STATION_LINE_DISTANCE_M].index, key=_line_sort)
        features.append(_feature({"name_zh": name, "name_en": None, "lines": lines or None,
                                  "kind": "metro" if lines else "rail"}, point))
    return features


def build_water(source: Path) -> list[dict[str, Any]]:
    """Water areas of 0.02 km² and more, and named rivers and canals."""
    features = []
    areas = _read(source, "water_a_free_1")
    metric_area = areas.to_crs(METRIC_CRS).area
    areas = areas.loc[metric_area >= MIN_WATER_AREA_M2]
    by_name: dict[str, list[BaseGeometry]] = defaultdict(list)
    for row in areas.itertuples():
        by_name[_name(row.name)].append(row.geometry)
    for name in sorted(by_name):
        geom = shapely.union_all(by_name[name]).intersection(CLIP).simplify(SIMPLIFY_DEG)
        geom = shapely.make_valid(shapely.set_precision(geom, GRID))
        polys = [p for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon" and not p.is_empty]
        if not polys:
            continue
        merged = shapely.union_all(polys)
        features.append(_feature({"name_zh": name or None, "name_en": None, "kind": "area"}, merged))
    lines = _read(source, "waterways_free_1")
    lines = lines.loc[lines["fclass"].isin(["river", "canal"])]
    by_key: dict[tuple[str, str], list[BaseGeometry]] = defaultdict(list)
    for row in lines.itertuples():
        name = _name(row.name)
        if name:  # unnamed channels are too many and too small to label
            by_key[(row.fclass, name)].append(row.geometry)
    for (kind, name) in sorted(by_key):
        geom = _merged_lines(by_key[(kind, name)])
        if geom is not None:
            features.append(_feature({"name_zh": name, "name_en": None, "kind": kind}, geom))
    return features


def build_places(source: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Town, subdistrict and district labels; returns the Minhang units not found in OSM too."""
    nodes = _read(source, "places_free_1")
    features, found = [], set()
    for row in nodes.itertuples():
        name = _name(row.name)
        if name in MINHANG_UNITS:
            en, kind = MINHANG_UNITS[name]
            found.add(name)
            props = {"name_zh": name, "name_en": en, "kind": kind, "district": "闵行区"}
        elif row.fclass == "city" and name in DISTRICTS_EN:
            props = {"name_zh": name, "name_en": DISTRICTS_EN[name], "kind": "district", "district": name}
        elif row.fclass in {"town", "suburb"} and name.endswith(("镇", "街道")):
            # Neighbouring towns and subdistricts: labels only, no English name in the extract.
            kind = "town" if name.endswith("镇") else "subdistrict"
            props = {"name_zh": name, "name_en": None, "kind": kind, "district": None}
        else:
            continue
        features.append(_feature(props, row.geometry))
    rank = {"district": 0, "town": 1, "subdistrict": 1, "industrial_zone": 1}
    features.sort(key=lambda f: (rank[f["properties"]["kind"]], f["properties"]["district"] != "闵行区",
                                 f["properties"]["name_zh"]))
    missing = [name for name in MINHANG_UNITS if name not in found]
    return features, missing


def build(source: Path, out_dir: Path) -> dict[str, int]:
    """Write the five layers into ``out_dir``; return feature counts."""
    transport = json.loads((source / "transport-network.wgs84.json").read_text(encoding="utf-8"))
    ways = luo_roads(source)
    rail, metro, track = build_rail(source)
    places, missing = build_places(source)
    layers = {
        "roads": build_roads(ways, transport),
        "rail": rail,
        "stations": build_stations(source, transport, metro, track),
        "water": build_water(source),
        "places": places,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, features in layers.items():
        dump_feature_collection(out_dir / f"{name}.geojson", features)
    if missing:
        print("Minhang units not found as OSM place nodes:", ", ".join(missing))
    return {name: len(features) for name, features in layers.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder with the extracted inputs")
    parser.add_argument("--out", type=Path, default=ROOT / "static" / "context")
    args = parser.parse_args(argv)
    counts = build(args.source, args.out)
    print("wrote", ", ".join(f"{name}: {count}" for name, count in counts.items()), "to", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
