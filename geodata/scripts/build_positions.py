"""Rebuild the plan features' positions and their sources (``geodata/positions.csv``).

Reads pinned public inputs, writes ``geodata/positions.csv`` (one row per source position, the format of
:mod:`layers.data.audit`) and rewrites the geometry, ``precision`` and ``coord_source`` of the plan features in
``geodata/*.geojson`` (every other property is left as it is), then each feature's ``coord_source_zh`` from
``coord_source_zh.json`` beside it (``--translations-only`` does just that, with no inputs; an English text
that changed since it was translated is an error until its entry is updated). Nothing is downloaded;
running it twice gives the same bytes.

Inputs (extract them into one folder, ``DIR``, first):

- ``GEOFABRIK``: OpenStreetMap, Geofabrik "free shapefile" extract of Shanghai, data as of
  2025-03-18T21:21:15Z, ODbL 1.0 (© OpenStreetMap contributors), WGS-84. Repository
  ``XuSongyue/Master_Thesis``, path ``shanghai-latest-free.shp/``, commit
  ``350170806cca766949e4251a67166923019e3f55``. Layers: railways, transport areas, POI areas, water
  areas, waterways, places.
- ``LUO``: OpenStreetMap via the Overpass API (Minhang relation 1278189, osmTimestamp
  2026-05-13T14:38:00Z), ODbL 1.0, embedded as screen pixels in ``index.html`` of ``pzy2000/luo_traffic``,
  commit ``aae0f97c6f225ff702a7881977473b4056623d73``. The file's own ``MAP_METADATA`` gives the WGS-84
  box and the pixel box it was mapped onto linearly; :func:`luo_roads` inverts that (0.1 px ≈ 4 m).
- ``YAOZHOU``: Baidu metro station list (BD-09) in ``js/line.js`` of ``yaozhou/trans``, commit
  ``12593b4d6d7b333d722dea01dae9a6655e9d3615`` (file last changed 2016-04-30), no licence stated.
- ``AMAP``: Amap (AutoNavi) subway-map data (GCJ-02) saved as ``data/raw_subway_info.json`` in
  ``JoJoJoJoJoJoJo/ShanghaiSubwayFilter``, commit ``a6841621f0a23b7dedcc5080aac2879cbf36a44a``
  (2025-03-05); the repository is MIT, the data is Amap's and its terms are not stated.
- ``UNILIST``: a list of Chinese universities as returned by the Baidu Place API v2 (each entry has Baidu's
  ``uid``, ``street_id``, ``area`` and a ``location`` lat/lng), saved as ``util/universityList.js`` in
  ``whr810012/uni-soket-ai``, commit ``2b95dae48e7c02ae8169f0b3a46660c99cfdecf8`` (file last changed
  2025-01-20), no licence stated. Its datum is not stated; read as BD-09 (Baidu's default) the campus points
  of Fudan (Handan), ECUST (Xuhui) and Shanghai University (Baoshan) fall inside their OSM campus polygons and
  SJTU (Xuhui) lies ~5 m outside its polygon, while read as GCJ-02 or WGS-84 they miss by 66–660 m.
- ``DAWN``: Amap POIs of all Shanghai, ``地铁站.geojson`` (metro stations, the planned Jiamin stops and the Jiamin
  platforms at interchanges among them) and ``公园.geojson`` (parks), in ``DAWN-ECNU/Example_data``, commit
  ``4c6d0a3dbfa26287200ee60c0ddbb2f87422eb2d`` (2026-02-24), no licence stated. Declared CRS84: the author
  converted Amap's GCJ-02; on nine known stations the points lie within 0-3 m of Amap's subway data
  converted here, and 1-90 m of OSM. One family with Amap (``layers/data/sources.py``).
- Wikipedia infobox coordinates (WGS-84, CC BY-SA), kept below as constants with their URLs.

Sources of one origin are one *family* (``layers/data/sources.py``): OSM from Geofabrik (2025) and from
Overpass (2026); Amap's subway data and DAWN's Amap POIs; the two Baidu lists. A position is cross-checked
when two families agree with the drawing (``layers/data/audit.py``); the script writes each feature's
``confirmation`` as the audit finds it.

Extracting ``DIR`` (each ``G`` is a clone of the repository named above)::

    DIR=/tmp/positions-src; mkdir -p $DIR/geofabrik $DIR/luo_traffic $DIR/yaozhou $DIR/amap $DIR/unilist
    G=Master_Thesis/.git; C=350170806cca766949e4251a67166923019e3f55
    for l in railways_free_1 transport_a_free_1 pois_a_free_1 water_a_free_1 waterways_free_1 places_free_1; do
      for e in shp shx dbf prj cpg; do
        git --git-dir=$G show $C:shanghai-latest-free.shp/gis_osm_$l.$e > $DIR/geofabrik/gis_osm_$l.$e
      done
    done
    git --git-dir=luo_traffic/.git show aae0f97c6f225ff702a7881977473b4056623d73:index.html \\
        > $DIR/luo_traffic/index.html
    git --git-dir=trans/.git show 12593b4d6d7b333d722dea01dae9a6655e9d3615:js/line.js > $DIR/yaozhou/line.js
    git --git-dir=ShanghaiSubwayFilter/.git show a6841621f0a23b7dedcc5080aac2879cbf36a44a:data/raw_subway_info.json \\
        > $DIR/amap/raw_subway_info.json
    git --git-dir=uni-soket-ai/.git show 2b95dae48e7c02ae8169f0b3a46660c99cfdecf8:util/universityList.js \\
        > $DIR/unilist/universityList.js
    mkdir -p $DIR/dawn; for l in 地铁站 公园; do
      git --git-dir=Example_data/.git show 4c6d0a3dbfa26287200ee60c0ddbb2f87422eb2d:$l.geojson > $DIR/dawn/$l.geojson
    done

Usage::

    python3 -m geodata.scripts.build_positions --source DIR
    python3 -m layers validate && python3 -m layers audit --markdown docs/positions.md
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import shapely.affinity
from shapely.geometry import LineString, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, nearest_points, unary_union

from layers.data.audit import COLUMNS, METRIC_CRS, PositionRow, audit_feature, parse_row
from layers.data.datum import bd09_to_wgs84, gcj02_to_wgs84
from layers.data.io import dump_feature_collection
from layers.data.reference import minhang_boundary

ROOT = Path(__file__).resolve().parents[2]

GEODATA = ROOT / "geodata"
# The Chinese account of each feature's position: {id: {"en": the coord_source it translates, "zh": ...}}.
# Kept beside the script, not in it, so a translator edits one table; "en" makes a stale translation loud.
TRANSLATIONS = Path(__file__).resolve().with_name("coord_source_zh.json")
ODBL = "ODbL 1.0, © OpenStreetMap contributors"
CC_BY_SA = "CC BY-SA"
GEOFABRIK_COMMIT = "350170806cca766949e4251a67166923019e3f55"
LUO_COMMIT = "aae0f97c6f225ff702a7881977473b4056623d73"
YAOZHOU_COMMIT = "12593b4d6d7b333d722dea01dae9a6655e9d3615"
AMAP_COMMIT = "a6841621f0a23b7dedcc5080aac2879cbf36a44a"
UNILIST_COMMIT = "2b95dae48e7c02ae8169f0b3a46660c99cfdecf8"
DAWN_COMMIT = "4c6d0a3dbfa26287200ee60c0ddbb2f87422eb2d"
GEOFABRIK_REF = f"XuSongyue/Master_Thesis@{GEOFABRIK_COMMIT[:10]} shanghai-latest-free.shp/"
LUO_REF = f"pzy2000/luo_traffic@{LUO_COMMIT[:10]} index.html"
YAOZHOU_REF = f"yaozhou/trans@{YAOZHOU_COMMIT[:10]} js/line.js"
AMAP_REF = f"JoJoJoJoJoJoJo/ShanghaiSubwayFilter@{AMAP_COMMIT[:10]} data/raw_subway_info.json"
UNILIST_REF = f"whr810012/uni-soket-ai@{UNILIST_COMMIT[:10]} util/universityList.js"
DAWN_REF = f"DAWN-ECNU/Example_data@{DAWN_COMMIT[:10]}"
# (source, date, licence): the source as layers/data/sources.py registers it (which gives its family).
GEOFABRIK_SRC = ("OpenStreetMap (Geofabrik Shanghai extract)", "2025-03-18", ODBL)
LUO_SRC = ("OpenStreetMap (Overpass export in luo_traffic)", "2026-05-13", ODBL)
YAOZHOU_SRC = ("Baidu metro stations (yaozhou/trans)", "2016-04-30", "none stated")
AMAP_SRC = ("Amap subway-map data (ShanghaiSubwayFilter)", "2025-03-05", "repository MIT; Amap data, terms not stated")
DAWN_SRC = ("Amap POIs (DAWN-ECNU/Example_data)", "2026-02-24", "none stated; Amap POIs, converted to WGS-84 by the "
            "repository's author")
WIKI_SRC = ("Wikipedia (en) infobox coordinates", "", CC_BY_SA)
WIKI_ZH_SRC = ("Wikipedia (zh) infobox coordinates", "", CC_BY_SA)
UNILIST_SRC = ("Baidu Place API university list (uni-soket-ai)", "2025-01-20", "none stated")

# DAWN-ECNU's files (Amap POIs of all Shanghai, declared CRS84: its author converted them; checked on nine known
# stations, within 0-3 m of Amap's subway data converted here and 1-90 m of OSM).
DAWN_LAYERS = ("地铁站", "公园")
# Wikipedia infobox coordinates (WGS-84): (lon, lat, url, date read).
WIKI_QIZHONG = (121.355522, 31.042088,
                "https://en.wikipedia.org/wiki/Qizhong_Forest_Sports_City_Arena (via mirror review.clateway.com)",
                "undated mirror")
WIKI_SHENDU = (121.507, 31.0636,
               "https://en.wikipedia.org/wiki/Shendu_Highway_station (kiwix wikipedia_en_all_maxi_2018-10)",
               "2018-10")
WIKI_JIANGCHUAN = (121.4132, 31.01125,
                   "https://zh.wikipedia.org/wiki/江川路街道 (via mirror 54e1ad4b4888.kfd.me)", "undated mirror")
WIKI_ZIZHU = (121.4533, 31.02137,
              "https://zh.wikipedia.org/wiki/紫竹国家高新技术产业开发区 (via mirror wiki.ccget.cc)",
              "undated mirror")
# Not used as positions, named in coord_source: Hongqiao Railway Station station (kiwix 2024-01) lies ~220 m
# south of the OSM platform tracks; Jinghong Road (Line 15, en.wikipedia West_Huajing_station) is the Line 15
# station, ~420 m from the Airport Link box.
WIKI_HONGQIAO = (121.31891, 31.193987)
WIKI_JINGHONG_L15 = (121.435782, 31.114222)

# The Jiamin line's published chainage (km from Yindu Rd), wikimili.com/en/Jiamin_line (copy of Wikipedia,
# citing the 2020-11-13 route plan); Jinyun Rd (Jiading) is the next located station north of Tianshan Rd.
JIAMIN_CHAINAGE = {
    "station-yindu-road": 0.000, "station-xinjian-road": 2.123, "station-qixin-road": 5.114,
    "station-qibao": 7.957, "station-huxing-road": 9.175, "station-yingbin-3rd-road": 11.254,
    "station-hongqiao-railway": 13.671, "station-tianshan-road": 16.530, "jinyun-road": 18.780,
}
# A Jiamin station at an interchange: the other line's station lies within this of its platforms (m).
INTERCHANGE_M = "350"
# Airport Link running-track ways (OSM), in order from the Hongqiao T2 buffer end eastwards.
AIRPORT_LINK_WAYS = (1346522298, 1332432229, 1328507317, 1088994266, 1346522301, 1346522302, 1346522300,
                     1346522308, 1346522305, 1346522319, 1346522323, 1346522322, 1346522329, 1346522336)
AIRPORT_LINK_START = (121.3198669, 31.1973743)  # northern buffer end of the track at Hongqiao
# Straight track (station boxes) at each Airport Link station.
AL_BOX_T2 = (1332432229, 1346522298)
AL_BOX_ZHONGCHUN = (1346522301, 1346522302, 1346522300)
AL_BOX_JINGHONG = (1346522305,)
LINE17_WAYS = (835392019, 549514148)  # Line 17 track west of the Hongqiao hub (stand-in corridor)
# The freight yard's block: west of Kunyang Rd, north of Jianchuan Rd, south of the Minhang-Wujing branch.
FREIGHT_YARD_BOX = shapely.box(121.338, 31.008, 121.364, 31.0165)
HUASHAN_WEST = "876058188"  # OSM polygon of 复旦大学附属华山医院西院, inside the medical centre's phase 1
QIANWAN_PARK_POI = "B0KDXA002V"  # Amap's POI of 前湾公园 in DAWN-ECNU's parks
JIANGCHUAN_PLACE = "3023990617"  # OSM place node 江川路街道 (old Minhang's subdistrict)
# Lines must stay inside Minhang grown by 0.015° (layers.data.reference); clip a little inside that.
CLIP_DEG = 0.0145
SIMPLIFY_DEG = 0.00002  # ~2 m
MAX_VERTICES = 200

SEARCHED_CARRIERS = (
    "searched: find_string 零号湾科创, 节卡机器人, 宁德时代未来能源, 歌尔光学, 电气西门子智慧能源赋能, "
    "佳通夏日, 宏润科创, "
    "常青工业园, 国际智能医疗创新中心, 剑川路940; pages search for each name with 闵行 地址; OSM Geofabrik 2025 "
    "POIs, POI "
    "areas and places: no site found")


# --- reading the inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Everything read from ``DIR``."""

    railways: gpd.GeoDataFrame
    transport: gpd.GeoDataFrame
    pois: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    waterways: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    roads: list[dict[str, Any]]
    yaozhou: dict[tuple[str, str], tuple[float, float]]
    amap: dict[tuple[str, str], tuple[str, str, str]]
    unilist: dict[str, dict[str, Any]]
    dawn: dict[str, dict[str, tuple[str, float, float]]]  # layer -> Amap POI id -> (name, lon, lat)


def _shapefile(directory: Path, layer: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(directory / f"gis_osm_{layer}.shp", engine="pyogrio")
    frame["osm_id"] = frame["osm_id"].astype(str)
    return frame.set_index("osm_id", drop=False)


def _js_value(text: str, name: str) -> Any:
    start = text.index(f"const {name} = ") + len(f"const {name} = ")
    return json.JSONDecoder().raw_decode(text[start:])[0]


def luo_roads(html: str) -> list[dict[str, Any]]:
    """The roads of luo_traffic's index.html with their pixels mapped back to WGS-84 lon/lat."""
    meta = _js_value(html, "MAP_METADATA")
    box, px = meta["originalBbox"], meta["projectedBounds"]
    sx = (box["maxlon"] - box["minlon"]) / (px["maxX"] - px["minX"])
    sy = (box["maxlat"] - box["minlat"]) / (px["maxY"] - px["minY"])
    roads = []
    for road in _js_value(html, "appData")["roads"]:
        coords = [(box["minlon"] + (x - px["minX"]) * sx, box["maxlat"] - (y - px["minY"]) * sy)
                  for x, y in road["points"]]
        if len(coords) > 1:
            roads.append({"osm_id": road["osmId"], "name": road["name"] or "", "highway": road["highway"],
                          "line": LineString(coords)})
    return roads


def read_inputs(source: Path) -> Inputs:
    """Read the pinned inputs extracted into ``source``."""
    geofabrik = source / "geofabrik"
    text = (source / "yaozhou" / "line.js").read_text(encoding="utf-8")
    yaozhou = {}
    for group in json.loads(text[text.index("["): text.rindex("]") + 1]):
        for line in group or []:
            for station in line["stations"]:
                key = (line["name"], station["name"])
                yaozhou.setdefault(key, (station["position"]["lng"], station["position"]["lat"]))
    amap = {}
    for line in json.loads((source / "amap" / "raw_subway_info.json").read_text(encoding="utf-8"))["l"]:
        for station in line["st"]:
            lon, lat = station["sl"].split(",")
            amap.setdefault((line["ln"], station["n"]), (lon, lat, station["poiid"]))
    text = (source / "unilist" / "universityList.js").read_text(encoding="utf-8")
    unilist = {}
    for entry in json.loads(text[text.index("["): text.rindex("]") + 1]):
        unilist.setdefault(entry["name"], entry)
    dawn = {}
    for layer in DAWN_LAYERS:
        collection = json.loads((source / "dawn" / f"{layer}.geojson").read_text(encoding="utf-8"))
        dawn[layer] = {f["properties"]["id"]: (f["properties"]["name"], *f["geometry"]["coordinates"])
                       for f in collection["features"]}
    return Inputs(
        railways=_shapefile(geofabrik, "railways_free_1"),
        transport=_shapefile(geofabrik, "transport_a_free_1"),
        pois=_shapefile(geofabrik, "pois_a_free_1"),
        water=_shapefile(geofabrik, "water_a_free_1"),
        waterways=_shapefile(geofabrik, "waterways_free_1"),
        places=_shapefile(geofabrik, "places_free_1"),
        roads=luo_roads((source / "luo_traffic" / "index.html").read_text(encoding="utf-8")),
        yaozhou=yaozhou,
        amap=amap,
        unilist=unilist,
        dawn=dawn,
    )


# --- source rows -----------------------------------------------------------------------------------------------


def _f6(value: float) -> str:
    return f"{value:.6f}"


@dataclass(frozen=True)
class Row:
    """One source position (a row of positions.csv)."""

    feature_id: str
    source: str
    reference: str
    date: str
    licence: str
    datum: str
    lon_source: str
    lat_source: str
    what: str
    tolerance_m: str = ""

    @property
    def lonlat(self) -> tuple[float, float]:
        """The WGS-84 position (converted from GCJ-02/BD-09, rounded to 6 decimals)."""
        lon, lat = float(self.lon_source), float(self.lat_source)
        if self.datum == "GCJ-02":
            lon, lat = gcj02_to_wgs84(lon, lat)
        elif self.datum == "BD-09":
            lon, lat = bd09_to_wgs84(lon, lat)
        return round(lon, 6), round(lat, 6)

    def cells(self) -> list[str]:
        lon, lat = self.lonlat
        wgs = (self.lon_source, self.lat_source) if self.datum == "WGS-84" else (_f6(lon), _f6(lat))
        return [self.feature_id, self.source, self.reference, self.date, self.licence, self.datum,
                self.lon_source, self.lat_source, *wgs, self.what, self.tolerance_m]


def wgs_row(fid: str, src: tuple[str, str, str], reference: str, point: Point | tuple[float, float],
            what: str, *, tolerance: str = "") -> Row:
    lon, lat = (point.x, point.y) if isinstance(point, Point) else point
    source, date, licence = src
    return Row(fid, source, reference, date, licence, "WGS-84", _f6(lon), _f6(lat), what, tolerance)


def _inner_point(geom: BaseGeometry) -> Point:
    centroid = geom.centroid
    return centroid if geom.contains(centroid) else geom.representative_point()


def osm_area_row(inputs: Inputs, fid: str, layer: str, osm_id: str, what: str, *, tolerance: str = "") -> Row:
    frame = {"transport_a_free_1": inputs.transport, "pois_a_free_1": inputs.pois,
             "water_a_free_1": inputs.water}[layer]
    feature = frame.loc[osm_id]
    name = feature["name"] or "unnamed"
    return wgs_row(fid, GEOFABRIK_SRC, f"{GEOFABRIK_REF}gis_osm_{layer} osm_id {osm_id} ({feature['fclass']} {name})",
                   _inner_point(feature.geometry), what, tolerance=tolerance)


def yaozhou_row(inputs: Inputs, fid: str, line: str, name: str, what: str, *, tolerance: str = "") -> Row:
    key = next(k for k in sorted(inputs.yaozhou) if k[0].startswith(line) and k[1] == name)
    lon, lat = inputs.yaozhou[key]
    source, date, licence = YAOZHOU_SRC
    return Row(fid, source, f"{YAOZHOU_REF} {key[0]} {name}", date, licence, "BD-09", f"{lon}", f"{lat}",
               what, tolerance)


def amap_row(inputs: Inputs, fid: str, line: str, name: str, what: str, *, tolerance: str = "") -> Row:
    lon, lat, poiid = inputs.amap[(line, name)]
    source, date, licence = AMAP_SRC
    return Row(fid, source, f"{AMAP_REF} {line} {name} poiid {poiid}", date, licence, "GCJ-02", lon, lat,
               what, tolerance)


def unilist_row(inputs: Inputs, fid: str, name: str, what: str) -> Row:
    entry = inputs.unilist[name]
    source, date, licence = UNILIST_SRC
    lon, lat = entry["location"]["lng"], entry["location"]["lat"]
    return Row(fid, source, f"{UNILIST_REF} {name} uid {entry['uid']}", date, licence, "BD-09", f"{lon}",
               f"{lat}", what)


def osm_place_row(inputs: Inputs, fid: str, osm_id: str, what: str) -> Row:
    place = inputs.places.loc[osm_id]
    return wgs_row(fid, GEOFABRIK_SRC, f"{GEOFABRIK_REF}gis_osm_places_free_1 osm_id {osm_id} ({place['fclass']} "
                   f"{place['name']})", place.geometry, what)


def wiki_row(fid: str, wiki: tuple[float, float, str, str], what: str, *, tolerance: str = "",
             src: tuple[str, str, str] = WIKI_SRC) -> Row:
    lon, lat, url, date = wiki
    source, _, licence = src
    return Row(fid, source, url, date, licence, "WGS-84", f"{lon}", f"{lat}", what, tolerance)


def dawn_row(inputs: Inputs, fid: str, layer: str, poi_id: str, what: str, *, tolerance: str = "") -> Row:
    """A point of DAWN-ECNU's Amap POI files (``地铁站``, ``公园``), by its Amap POI id."""
    name, lon, lat = inputs.dawn[layer][poi_id]
    source, date, licence = DAWN_SRC
    return Row(fid, source, f"{DAWN_REF} {layer}.geojson {name} id {poi_id}", date, licence, "WGS-84", f"{lon}",
               f"{lat}", what, tolerance)


def mean_point(rows: list[Row]) -> Point:
    points = [r.lonlat for r in rows]
    return Point(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


# --- geometry helpers ------------------------------------------------------------------------------------------


def chain(inputs: Inputs, way_ids: tuple[int, ...], start: tuple[float, float] | None = None) -> LineString:
    """Join OSM railway ways end to end, in the given order."""
    coords: list[tuple[float, float]] = [start] if start else []
    for way in way_ids:
        part = list(inputs.railways.loc[str(way)].geometry.coords)
        if coords and Point(part[0]).distance(Point(coords[-1])) > Point(part[-1]).distance(Point(coords[-1])):
            part.reverse()
        coords.extend(part[1:] if coords else part)
    return LineString(coords)


def clip_extent() -> BaseGeometry:
    return minhang_boundary().buffer(CLIP_DEG)


def part_from(geom: BaseGeometry, start: Point) -> LineString:
    """The part of a clipped line that begins nearest ``start``."""
    parts = list(getattr(geom, "geoms", [geom]))
    return min(parts, key=lambda p: p.distance(start))


def simplify_lines(geom: BaseGeometry, max_vertices: int = MAX_VERTICES) -> BaseGeometry:
    tolerance = SIMPLIFY_DEG
    while True:
        out = geom.simplify(tolerance, preserve_topology=False)
        if shapely.get_num_coordinates(out) <= max_vertices:
            return out
        tolerance *= 1.5


def simplify_area(geom: BaseGeometry, max_vertices: int = MAX_VERTICES) -> BaseGeometry:
    tolerance = 0.000005
    while True:
        out = geom.simplify(tolerance, preserve_topology=True)
        if shapely.get_num_coordinates(out) <= max_vertices and out.is_valid:
            return out
        tolerance *= 1.5


def rounded(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry with 6-decimal coordinates (~0.1 m); areas wound counter-clockwise (RFC 7946)."""
    if isinstance(geom, Polygon):
        geom = orient(geom, 1.0)
    geom = shapely.set_precision(geom, 1e-6) if not isinstance(geom, Point) else geom
    gj = mapping(geom)

    def rnd(c: Any) -> Any:
        if isinstance(c[0], float | int):
            return [round(float(c[0]), 6), round(float(c[1]), 6)]
        return [rnd(x) for x in c]

    return {"type": gj["type"], "coordinates": rnd(gj["coordinates"])}


def point_on(line: BaseGeometry, point: Point) -> Point:
    return nearest_points(line, point)[0]


def roads_named(inputs: Inputs, names: set[str], highways: set[str] | None = None) -> list[dict[str, Any]]:
    return [r for r in inputs.roads if r["name"] in names and (highways is None or r["highway"] in highways)]


def union_lines(roads: list[dict[str, Any]]) -> BaseGeometry:
    return unary_union([r["line"] for r in roads])


def merged(geom: BaseGeometry) -> BaseGeometry:
    return linemerge(geom) if geom.geom_type == "MultiLineString" else geom


def longest_midpoint(geom: BaseGeometry) -> Point:
    part = max(getattr(geom, "geoms", [geom]), key=lambda g: g.length)
    return part.interpolate(0.5, normalized=True)


# --- the features ------------------------------------------------------------------------------------------------


@dataclass
class Update:
    """New geometry, precision and coord_source for one feature (``geometry`` None keeps the file's)."""

    precision: str
    coord_source: str
    geometry: BaseGeometry | None = None


def airport_link(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Airport Link: the OSM running track, clipped to Minhang's edge; its stations sit on it."""
    al_full = chain(inputs, AIRPORT_LINK_WAYS, AIRPORT_LINK_START)
    al = simplify_lines(part_from(al_full.intersection(clip_extent()), Point(AIRPORT_LINK_START)))
    al = shapely.set_precision(al, 1e-6)

    def box_mid(ways: tuple[int, ...]) -> Point:
        return chain(inputs, ways).interpolate(0.5, normalized=True)

    rw_ref = f"{GEOFABRIK_REF}gis_osm_railways_free_1 ways "
    t2_rows = [
        wgs_row("station-hongqiao-t2", GEOFABRIK_SRC, rw_ref + "+".join(map(str, AL_BOX_T2)), box_mid(AL_BOX_T2),
                "midpoint of the straight Airport Link track (市域铁机场联络线) at its Hongqiao terminus: the "
                "platforms"),
        amap_row(inputs, "station-hongqiao-t2", "市域机场线", "虹桥2号航站楼", "Amap station point of the "
        "Airport Link"),
    ]
    rows += t2_rows
    updates["station-hongqiao-t2"] = Update(
        "exact",
        "mean of the OSM Airport Link track at its terminus (Geofabrik 2025-03) and Amap's Airport Link station point "
        "(GCJ-02 converted to WGS-84), 10 m apart, placed on the OSM track; Baidu's T2 point (yaozhou/trans) is the "
        "Line 2/10 station 230 m east, a different structure",
        point_on(al, mean_point(t2_rows)))

    zc_tol = "450"
    zc_why = ("; interchange: the Airport Link platforms lie 350-415 m SSE of the Line 9 station points (transfer via "
              "Line 9 exit 4, SHINE 2024-12-25), so tolerance 450 m")
    zc_rows = [
        wgs_row("station-zhongchun-road", GEOFABRIK_SRC, rw_ref + "+".join(map(str, AL_BOX_ZHONGCHUN)),
                box_mid(AL_BOX_ZHONGCHUN), "midpoint of the straight Airport Link track at Zhongchun Rd: the platforms"
                + zc_why, tolerance=zc_tol),
        osm_area_row(inputs, "station-zhongchun-road", "transport_a_free_1", "1350825381",
                     "Line 9 station area (the interchange)" + zc_why, tolerance=zc_tol),
        yaozhou_row(inputs, "station-zhongchun-road", "地铁9号线", "中春路", "Line 9 station (the "
        "interchange)" + zc_why,
                    tolerance=zc_tol),
    ]
    rows += zc_rows
    updates["station-zhongchun-road"] = Update(
        "approximate",
        "on the OSM Airport Link track (Geofabrik 2025-03) at the middle of its straight station box, ~350 m "
        "SSE of the "
        "Line 9 station that OSM and Baidu (yaozhou/trans, BD-09 converted to WGS-84) place 91 m apart; the Airport "
        "Link platforms have one source, so the interchange is what is sourced twice. Amap's single point for the "
        "complex (GCJ-02 converted) lies 280 m W of the Line 9 station and 460 m from the platforms and is not used",
        point_on(al, Point(zc_rows[0].lonlat)))

    jh_rows = [
        wgs_row("station-jinghong-road", GEOFABRIK_SRC, rw_ref + "+".join(map(str, AL_BOX_JINGHONG)),
                box_mid(AL_BOX_JINGHONG), "midpoint of the straight Airport Link track at Jinghong Rd: the "
                "station box"),
        amap_row(inputs, "station-jinghong-road", "市域机场线", "景洪路(市域机场线)",
                 "Amap station point of the Airport Link (an Airport-Link-only point)"),
    ]
    rows += jh_rows
    updates["station-jinghong-road"] = Update(
        "exact",
        "Airport Link station: mean of the OSM track's station box (Geofabrik 2025-03) and Amap's Airport Link point "
        "(GCJ-02 converted to WGS-84), 50 m apart, placed on the OSM track; the Line 15 Jinghong Road station "
        "(OSM area "
        "900800808, Wikipedia) is ~420 m WNW, and the Line 19 platforms are not published",
        point_on(al, mean_point(jh_rows)))

    al_rows = [
        wgs_row("airport-link-line", GEOFABRIK_SRC, rw_ref + "+".join(map(str, AL_BOX_ZHONGCHUN)),
                box_mid(AL_BOX_ZHONGCHUN), "a point of the OSM running track (Zhongchun Rd box)"),
        amap_row(inputs, "airport-link-line", "市域机场线", "虹桥2号航站楼", "Amap station point, on the track"),
        amap_row(inputs, "airport-link-line", "市域机场线", "景洪路(市域机场线)", "Amap station point, on the track"),
    ]
    rows += al_rows
    updates["airport-link-line"] = Update(
        "approximate",
        "real alignment: OSM running track (ways named 市域铁机场联络线, Geofabrik 2025-03) from the Hongqiao T2 "
        "terminus east past Jinghong Rd, cut at Minhang's edge and simplified (~2 m); Amap's station points (GCJ-02 "
        "converted to WGS-84) for Hongqiao T2 and Jinghong Rd lie on it within 10 and 50 m",
        al)


def jiamin_stations(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """The Jiamin line's stations: its own platforms where Amap publishes them (DAWN's POIs), cross-checked at
    interchanges by the other line's station (OSM, Baidu, Amap's subway data); Yindu Rd and the Hongqiao hub,
    whose Jiamin platforms are not published, at the interchange."""
    interchanges = {
        "station-qixin-road": ("BS13317991", "1354660046", "地铁12号线", "12号线", "七莘路", "Line 12"),
        "station-qibao": ("BS13318004", "1350825380", "地铁9号线", "9号线", "七宝", "Line 9"),
    }
    for fid, (poi, osm_id, yz_line, amap_line, name, line) in interchanges.items():
        why = (f"; the interchange: the {line} station, a part of the station the drawing stands for, within "
               f"{INTERCHANGE_M} m of the Jiamin platforms")
        own = dawn_row(inputs, fid, "地铁站", poi, "Amap POI of the Jiamin line's platforms")
        rows += [own,
                 osm_area_row(inputs, fid, "transport_a_free_1", osm_id, f"{line} station area" + why,
                              tolerance=INTERCHANGE_M),
                 yaozhou_row(inputs, fid, yz_line, name, f"{line} station" + why, tolerance=INTERCHANGE_M),
                 amap_row(inputs, fid, amap_line, name, f"{line} station" + why, tolerance=INTERCHANGE_M)]
        updates[fid] = Update(
            "exact",
            f"Jiamin line platforms: Amap's POI of the station (DAWN-ECNU/Example_data, {poi}, WGS-84 as converted by "
            f"its author); the {line} station it interchanges with (OSM Geofabrik 2025-03 station area, Baidu "
            f"yaozhou/trans BD-09 and Amap subway data GCJ-02, both converted to WGS-84) lies within "
            f"{INTERCHANGE_M} m", Point(own.lonlat))
    planned = {"station-xinjian-road": "BS13317994", "station-huxing-road": "BS13318008",
               "station-yingbin-3rd-road": "BS13318006", "station-tianshan-road": "BS13318000"}
    for fid, poi in planned.items():
        own = dawn_row(inputs, fid, "地铁站", poi, "Amap POI of the planned Jiamin line station")
        rows.append(own)
        name = inputs.dawn["地铁站"][poi][0]
        updates[fid] = Update(
            "exact",
            f"planned Jiamin line station: Amap's POI {name} (DAWN-ECNU/Example_data, {poi}, WGS-84 as converted by "
            "its author; Amap's own name for the stop). One source family: OSM Geofabrik 2025-03 has no construction "
            "site here, Baidu's list (2016) and Amap's subway data (2025) only operating lines; searched: "
            "find_string 莘建路站, 沪星路站, 迎宾三路站, 天山路站, 嘉闵线", Point(own.lonlat))

    why = "; Line 5 station at the interchange: the Jiamin platforms here are not in Amap's POIs"
    yr = [osm_area_row(inputs, "station-yindu-road", "transport_a_free_1", "424525877", "Line 5 station area" + why),
          yaozhou_row(inputs, "station-yindu-road", "地铁5号线", "银都路", "Line 5 station" + why),
          amap_row(inputs, "station-yindu-road", "5号线", "银都路", "Line 5 station" + why)]
    rows += yr
    updates["station-yindu-road"] = Update(
        "approximate",
        "Jiamin line station placed at the Line 5 interchange: mean of OSM (Geofabrik 2025-03 station area), Baidu "
        "(yaozhou/trans, BD-09 converted to WGS-84) and Amap (GCJ-02 converted to WGS-84) Line 5 stations; the "
        "Jiamin platforms are not published (searched: DAWN-ECNU's Amap POIs hold the line's other stops, not "
        "this one)", mean_point(yr))

    hq_tol = "400"
    hq_why = ("; hub: the Line 2/10/17 platforms spread ~360 m along 31.196 N (OSM tracks 121.3125–121.3163 E), "
              "so tolerance 400 m")
    hq_rows = [
        osm_area_row(inputs, "station-hongqiao-railway", "transport_a_free_1", "558909184",
                     "metro station area over the Line 2/10/17 platform tracks" + hq_why, tolerance=hq_tol),
        amap_row(inputs, "station-hongqiao-railway", "2号线", "虹桥火车站", "Line 2/10/17 station point" + hq_why,
                 tolerance=hq_tol),
        yaozhou_row(inputs, "station-hongqiao-railway", "地铁2号线", "虹桥火车站", "Line 2 station" + hq_why,
                    tolerance=hq_tol),
    ]
    rows += hq_rows
    updates["station-hongqiao-railway"] = Update(
        "approximate",
        "Hongqiao hub metro station (Lines 2/10/17), where the Jiamin and Demonstration Zone lines will call: mean of "
        "OSM (Geofabrik 2025-03 station area), Amap (GCJ-02 converted to WGS-84) and Baidu (yaozhou/trans, BD-09 "
        "converted); OSM and Amap agree within 62 m, Baidu is 305 m east. Wikipedia's infobox point (121.31891, "
        "31.193987) lies ~220 m south of the OSM platform tracks and is not used. The Jiamin platforms are not "
        "published (searched: DAWN-ECNU's Amap POIs hold the line's other stops, not this one)",
        mean_point(hq_rows))


def jiamin_line(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """The Jiamin line: straight chords through its stations in published order (the tunnel is not published)."""
    stations = sorted((f for f in JIAMIN_CHAINAGE if f != "jinyun-road"), key=JIAMIN_CHAINAGE.__getitem__)
    # The line must pass its stations: each station's own sources, held to the line's tolerance.
    rows += [dataclasses.replace(r, feature_id="jiamin-line", what=f"station {r.feature_id}: {r.what}",
                                 tolerance_m="") for fid in stations for r in [r for r in rows if r.feature_id == fid]]
    updates["jiamin-line"] = Update(
        "schematic",
        "schematic alignment: straight chords through its stations in published order (wikimili.com/en/Jiamin_line), "
        "Yindu Rd to Tianshan Rd: the planned stops and the Jiamin platforms at Qixin Rd and Qibao from Amap's POIs "
        "(DAWN-ECNU/Example_data, converted to WGS-84 by its author), Yindu Rd and the Hongqiao hub at the "
        "interchange (OSM, Amap, Baidu); the tunnel "
        "alignment is not published. Searched: find_string 嘉闵线, OSM Geofabrik 2025-03 railways (no construction "
        "ways in the free extract)",
        LineString([updates[f].geometry for f in stations]))


def demo_zone_line(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Demonstration Zone line: from the hub west along the Line 17 track (stand-in) to Minhang's boundary."""
    hongqiao = updates["station-hongqiao-railway"].geometry
    l17 = [c for way in LINE17_WAYS for c in inputs.railways.loc[str(way)].geometry.coords]
    west = sorted((c for c in l17 if c[0] < hongqiao.x), key=lambda c: -c[0])
    demo = LineString([(hongqiao.x, hongqiao.y), *west])
    demo = simplify_lines(part_from(demo.intersection(minhang_boundary().buffer(0.0005)), hongqiao))
    updates["shanghai-demo-zone-line"] = Update(
        "schematic",
        "schematic: from the Hongqiao hub station westwards along the OSM Line 17 track (Geofabrik 2025-03) as a "
        "stand-in corridor to Minhang's boundary; published: 52.4 km, 10 stations, Hongqiao – Qingpu New Town – "
        "Jiashan/Wujiang (en.shhqcbd.gov.cn 2023-09-11). Searched: find_string 示范区线, OSM railways (no construction "
        "ways in the free extract), Amap subway data converted to WGS-84 (operating lines only): no alignment found",
        demo)


def line_19(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Line 19: chord from its southern terminus (Jinghong Rd) towards Houtan, cut at Minhang's edge."""
    jinghong = updates["station-jinghong-road"].geometry
    houtan = _inner_point(inputs.transport.loc["481992287"].geometry)
    l19 = part_from(LineString([jinghong, houtan]).intersection(clip_extent()), jinghong)
    updates["metro-line-19"] = Update(
        "schematic",
        "schematic: a chord from the southern terminus at Jinghong Rd (the Huajing TOD, SHINE 2022-12-20) towards "
        "Houtan (OSM Line 7 station area), a published Line 19 station, cut at Minhang's edge; termini Tieshan Rd – "
        "Jinghong Rd (Wikipedia copy at piglix.com). Searched: find_string 19号线 station names, OSM railways, Amap "
        "subway data converted to WGS-84 (operating lines only): no alignment found",
        l19)


def tod_stations(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """TOD stations."""
    zz_rows = [osm_area_row(inputs, "tod-zizhu-hitech-park", "transport_a_free_1", "900800801",
                            "Line 15 terminus station area"),
               amap_row(inputs, "tod-zizhu-hitech-park", "15号线", "紫竹高新区", "Line 15 terminus station point")]
    rows += zz_rows
    updates["tod-zizhu-hitech-park"] = Update(
        "exact",
        "mean of OSM (Geofabrik 2025-03 station area) and Amap (GCJ-02 converted to WGS-84) Line 15 Zizhu Hi-Tech Park "
        "station, under South Lianhua Rd between Dongchuan Rd and Plaza Rd (zizhupark.com 2021-01-23)",
        mean_point(zz_rows))
    sd_rows = [osm_area_row(inputs, "tod-shendu-highway", "transport_a_free_1", "169039066", "Line 8 station area"),
               yaozhou_row(inputs, "tod-shendu-highway", "地铁8号线", "沈杜公路", "Line 8 station"),
               amap_row(inputs, "tod-shendu-highway", "8号线", "沈杜公路", "Line 8 / Pujiang line station point")]
    wiki_sd = wiki_row("tod-shendu-highway", WIKI_SHENDU, "infobox point (4 decimals, ~10 m steps)")
    rows += [*sd_rows, wiki_sd]
    updates["tod-shendu-highway"] = Update(
        "exact",
        "mean of OSM (Geofabrik 2025-03 station area), Baidu (yaozhou/trans, BD-09 converted to WGS-84) and Amap "
        "(GCJ-02 converted to WGS-84) Line 8 stations, 4–9 m apart; Wikipedia's coarser infobox point is within 90 m",
        mean_point(sd_rows))

    # The yard its only published description names: west of Kunyang Rd, north of Jianchuan Rd, south of the
    # Minhang-Wujing branch (56885.net 2008): the long parallel tracks between those three.
    tracks = inputs.railways[(inputs.railways["fclass"] == "rail") & inputs.railways["name"].isna()]
    yard = [g for g in tracks.geometry if FREIGHT_YARD_BOX.contains(g) and g.length > 0.003]  # > ~300 m
    yard_centre = unary_union(yard).centroid
    rows.append(wgs_row("china-europe-express-minhang", GEOFABRIK_SRC, f"{GEOFABRIK_REF}gis_osm_railways_free_1",
                        yard_centre, f"centroid of the {len(yard)} long unnamed parallel yard tracks west of Kunyang "
                        "Rd, north of Jianchuan Rd, south of the branch line"))
    updates["china-europe-express-minhang"] = Update(
        "exact",
        f"the centre of the Minhang freight yard: the {len(yard)} long parallel OSM yard tracks (Geofabrik 2025-03) "
        "west of Kunyang Rd (昆阳路), north of Jianchuan Rd (剑川路) and south of the Minhang-Wujing branch line, "
        "where the yard's only published description puts it (56885.net 2008); one source family. Searched: "
        "find_string 货场, 中欧, 闵行站 and the OSM railways, station areas and POIs; aembj.com (2024-04) names "
        "铁路上海闵行站 without coordinates",
        yard_centre)


def roads(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Roads: the real OSM road (its real corridor, so approximate), but the works' extent is not published."""
    road_searched = ("searched for a second independent road source: Geofabrik 2025 roads layer (absent from the "
                     "snapshot, and OSM too), find_string 沪金高速, 申嘉湖高速, \"name\": \"中春路\"; no non-OSM road "
                     "geometry and no published works extent found")

    def road(fid: str, geom: BaseGeometry, text: str) -> None:
        geom = simplify_lines(merged(geom))
        rows.append(wgs_row(fid, LUO_SRC, LUO_REF, longest_midpoint(geom), "a point of the OSM road"))
        updates[fid] = Update("approximate", "the road the works are on, traced: " + text + "; " + road_searched,
                              geom)

    s4 = roads_named(inputs, {"沪金高速"})
    crossing = union_lines(s4).intersection(union_lines(roads_named(inputs, {"金都路"})))
    south = min(p.y for p in getattr(crossing, "geoms", [crossing]))
    road("s4-city-entrance-elevation",
         union_lines([r for r in s4 if r["line"].bounds[1] >= south - 0.0005]),
         "follows the real S4 (沪金高速) carriageways from OSM (Overpass 2026-05, luo_traffic) from the Xinzhuang "
         f"interchange south to the Jindu Rd crossing ({south:.4f} N); the elevation works' extent is not published")
    ramp_cross = union_lines(roads_named(inputs, {"申嘉湖高速"})).intersection(
        union_lines(roads_named(inputs, {"浦星公路"})))
    ramp_centre = ramp_cross.centroid
    links = [r for r in inputs.roads if r["highway"] in ("motorway_link", "primary_link", "trunk_link")
             and r["line"].distance(ramp_centre) < 0.006]
    road("s32-puxing-ramp", union_lines(links),
         "follows the real ramp ways (highway=*_link) within ~600 m of the S32 × Puxing Hwy interchange from OSM "
         "(Overpass 2026-05, luo_traffic); which ramps the project builds is not published")
    qixin = union_lines(roads_named(inputs, {"七莘路"}))
    humin = union_lines(roads_named(inputs, {"沪闵路", "沪闵高架路"}))
    meet = qixin.intersection(humin)
    meet = meet.centroid if not meet.is_empty else nearest_points(qixin, humin)[0]
    road("qixin-humin-underpass", qixin.intersection(meet.buffer(0.004)),
         "follows the real Qixin Rd (七莘路) from OSM (Overpass 2026-05, luo_traffic) within ~400 m of where it passes "
         "Humin Rd; the underpass portals are not published")
    road("zhongchun-road-upgrade", union_lines(roads_named(inputs, {"中春路"})),
         "follows all OSM ways named 中春路 in Minhang (Overpass 2026-05, luo_traffic), both carriageways where "
         "mapped; which stretches the upgrade covers is not published")


def areas_and_places(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Areas and places."""
    def area(fid: str, layer: str, osm_id: str) -> BaseGeometry:
        frame = {"pois_a_free_1": inputs.pois, "water_a_free_1": inputs.water}[layer]
        return simplify_area(frame.loc[osm_id].geometry)

    campus_searched = ("Searched: Wikipedia (en/zh infobox coordinates are the city campuses; the Dongchuan Rd "
                       "station article gives the metro station only), find_string 上海交通大学闵行校区 / "
                       "上海交通大学(闵行校区) / Minhang Campus (seed, example, test-fixture and travel-log points "
                       "with no stated datum, mostly with no identifiable repository), the Baidu Place API "
                       "university list (uni-soket-ai: SJTU Xuhui only), Amap subway data converted to WGS-84 "
                       "(no campuses), MySxan/university-geocoder (Tencent results only in release assets, not "
                       "stored)")
    rows.append(osm_area_row(inputs, "sjtu-minhang-campus", "pois_a_free_1", "288249651",
                             "university polygon (inner point)"))
    updates["sjtu-minhang-campus"] = Update(
        "exact",
        "outline: OSM amenity=university polygon 288249651 (上海交通大学（闵行校区）, 东川路800号; Geofabrik 2025-03), "
        "simplified (~2 m): the campus's own outline, from one source family. " + campus_searched,
        area("sjtu-minhang-campus", "pois_a_free_1", "288249651"))
    ecnu_outline = area("ecnu-minhang-campus", "pois_a_free_1", "293438840")
    ecnu_baidu = unilist_row(inputs, "ecnu-minhang-campus", "华东师范大学(闵行校区)",
                             "Baidu Place API campus point (东川路500号)")
    rows += [osm_area_row(inputs, "ecnu-minhang-campus", "pois_a_free_1", "293438840",
                          "university polygon (inner point)"), ecnu_baidu]
    inside = "inside" if ecnu_outline.contains(Point(ecnu_baidu.lonlat)) else "outside"
    updates["ecnu-minhang-campus"] = Update(
        "exact",
        "outline: OSM amenity=university polygon 293438840 (华东师范大学（闵行校区）, 东川路500号; Geofabrik 2025-03), "
        f"simplified (~2 m): the campus's own outline; Baidu's campus point (Baidu Place API list in uni-soket-ai, "
        f"BD-09 converted to WGS-84) lies {inside} it",
        ecnu_outline)

    rows += [osm_area_row(inputs, "chunshen-lake-four-islands", "water_a_free_1", "11878765",
                          "lake 春申湖 (inner point)"),
             dawn_row(inputs, "chunshen-lake-four-islands", "公园", "B0IUU96LH0",
                      "Amap POI of the lakeside square 春申湖广场")]
    updates["chunshen-lake-four-islands"] = Update(
        "approximate",
        "drawn as the OSM water polygon 春申湖 (osm_id 11878765, Geofabrik 2025-03) beside Qixin Rd, the lake the "
        "plan's four islands are built in; Amap's POI of the lakeside square 春申湖广场 (DAWN-ECNU/Example_data, "
        "converted to WGS-84 by its author) lies "
        "at its shore. The islands themselves are not mapped. Searched: find_string 春申湖 (Suzhou hits), OSM "
        "islands (none mapped in the lake), pages search for the islands' plan",
        area("", "water_a_free_1", "11878765"))

    neo = greater_neo_bay(inputs)
    inside = "a named place inside Greater Neo Bay: the area must contain it"
    rows += [osm_area_row(inputs, "greater-neo-bay", "pois_a_free_1", "288249651", "SJTU's campus; " + inside,
                          tolerance="0"),
             *(dawn_row(inputs, "greater-neo-bay", "地铁站", poi, f"{name} station, on Humin Rd, the area's west "
                        "bound: within 50 m of the outline", tolerance="50")
               for poi, name in (("BV10040000", "Jianchuan Rd (Line 5), the bay's core,"),
                                 ("BV10028337", "Dongchuan Rd (Line 5/15)")))]
    updates["greater-neo-bay"] = Update(
        "approximate",
        "outline built from the published bounds (SHINE 2022-10: S32 north, Humin Rd west, South Hongmei Rd east, "
        "Huangpu south) on OSM road centre lines (Overpass 2026-05, luo_traffic) and the OSM Huangpu centre line "
        "(Geofabrik 2025-03, waterway 47088277), with a straight ~130 m join from Humin Rd to the river; the official "
        "red line is not published; the SJTU campus (OSM) lies inside it, and the Jianchuan Rd and Dongchuan Rd "
        "stations (Amap POIs, WGS-84) on Humin Rd, its west bound, within 50 m. Searched: find_string 大零号湾 (no "
        "coordinates), pages search for its boundary",
        neo)

    rows.append(wiki_row("qizhong-tennis-center", WIKI_QIZHONG, "infobox point"))
    rows.append(osm_area_row(inputs, "qizhong-tennis-center", "pois_a_free_1", "126714661", "stadium polygon"))
    updates["qizhong-tennis-center"] = Update(
        "exact",
        "Wikipedia infobox coordinates (WGS-84), inside the OSM stadium polygon 126714661 (Geofabrik 2025-03), "
        "6 m from "
        "its centre", Point(WIKI_QIZHONG[0], WIKI_QIZHONG[1]))

    plot = medical_centre_plot(inputs)
    rows.append(osm_area_row(inputs, "hongqiao-international-medical-centre", "pois_a_free_1", HUASHAN_WEST,
                             "Huashan Hospital West campus (复旦大学附属华山医院西院), in the centre's phase 1: the "
                             "area must contain it", tolerance="0"))
    updates["hongqiao-international-medical-centre"] = Update(
        "approximate",
        "phase 1 of the centre, built on the real roads and creek of its published bounds: east to Lianyou Rd "
        "(联友路), west to Jinguang Rd (金光路), south to Beiqing Hwy (北青公路), north to the Luojiagang (罗家港), "
        "about 42 ha (star-kid.com 2021-01-28; chinaacac.cn 2012-11-24 gives 纪谭路 for the west edge), on OSM road "
        "centre lines "
        "(Overpass 2026-05, luo_traffic) and the OSM creek (Geofabrik 2025-03); the Huashan Hospital West campus "
        "(OSM polygon 876058188) lies inside. Phase 2 (to ~100 ha) is not bounded in any source found",
        plot)

    park = dawn_row(inputs, "qianwan-park", "公园", QIANWAN_PARK_POI, "Amap POI of the park: the area must contain it",
                    tolerance="0")
    rows.append(park)
    updates["qianwan-park"] = Update(
        "schematic",
        "a 76 ha square (the published size, en.shhqcbd.gov.cn 2023-11-30) centred on Amap's POI of the park "
        "(DAWN-ECNU/Example_data, converted to WGS-84 by its author), leaving out the school campuses OSM maps there "
        "(Geofabrik 2025-03); its outline and bounds are not published. Searched: find_string 前湾公园 (Shenzhen "
        "hits), OSM parks, water and construction areas 2025 (none for the park), pages search for 前湾公园 四至 / "
        "东至 / 位于 (its size, lakes and bay, no bounds)",
        qianwan_park(inputs, Point(park.lonlat)))


def zizhu(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Zizhu: the hand-drawn outline stays schematic; Wikipedia's and OSM's points for the zone both fall inside
    it, but its west edge lies ~0.9-1.6 km west of the OSM South Lianhua Rd it is meant to follow.
    """
    zz_area_rows = [wiki_row("zizhu-hitech-park", WIKI_ZIZHU, "infobox point of the zone", src=WIKI_ZH_SRC),
                    osm_place_row(inputs, "zizhu-hitech-park", "1439717507", "OSM place node of the zone")]
    rows += zz_area_rows
    updates["zizhu-hitech-park"] = Update(
        "schematic",
        "south of Dongchuan Rd between South Lianhua Rd and South Hongmei Rd down to the Huangpu, road lines placed "
        "by hand (the west edge runs ~0.9-1.6 km west of the OSM South Lianhua Rd, so it is kept schematic); the zh "
        "Wikipedia infobox point (紫竹国家高新技术产业开发区) and the OSM place node 紫竹科技园区 (Geofabrik 2025-03) "
        "both lie inside it. Searched: pages search for the official outline (not found)")


def unpublished_sites(inputs: Inputs, rows: list[Row], updates: dict[str, Update]) -> None:
    """Carriers and zones with no published site: the geometry stays, the text says what was searched."""
    keep = {
        "neobay-sci-tech-building": "No. 940 Jianchuan Rd (剑川路940号), placed by hand on the north side of Jianchuan "
        "Rd a few hundred metres east of Jianchuan Road station; " + SEARCHED_CARRIERS.replace(
            "no site found", "no site found (one table gives two 'estimated' points 3.6 km apart for the address)"),
        "neobay-transformation-centre": "site not published; placed inside Greater Neo Bay so it shows with the area; "
        + SEARCHED_CARRIERS,
        "intl-smart-medical-innovation-centre": "site not published; placed inside Greater Neo Bay (the Wujing-town "
        "part, per SHINE 2023-02) so it shows with the area; " + SEARCHED_CARRIERS,
        "jiatong-summer-park": "site not published; placed inside Greater Neo Bay so it shows with the area; "
        + SEARCHED_CARRIERS,
        "hongrun-sci-tech-centre": "site not published; placed inside Greater Neo Bay so it shows with the area; "
        + SEARCHED_CARRIERS,
        "changqing-industrial-park": "the plan places the park in old Minhang (老闵行); its site is not "
        "published, so it "
        "is placed in the Jiangchuan Rd area; " + SEARCHED_CARRIERS,
        "jaka-robotics": "JAKA's registered address is on Jianchuan Rd in the Neo Bay core; placed by hand on "
        "Jianchuan "
        "Rd; " + SEARCHED_CARRIERS,
        "catl-future-energy-institute": "the plan places it in old Minhang (老闵行); its site is not published, "
        "so it is "
        "placed in the Jiangchuan Rd area; " + SEARCHED_CARRIERS,
        "shanghai-electric-siemens-energy-centre": "the plan places it in old Minhang (老闵行); its site is not "
        "published, "
        "so it is placed in the Jiangchuan Rd area; " + SEARCHED_CARRIERS,
        "goertek-optics-rd-centre": "the plan places it in old Minhang (老闵行); its site is not published, so it is "
        "placed in the Jiangchuan Rd area; " + SEARCHED_CARRIERS,
        "huangpu-riverside-minhang": "a ~250 m strip on the Minhang bank of the Huangpu (river from the "
        "Minhang–Fengxian "
        "boundary) from old Minhang to the Zhagang bend; searched: pages search for the riverside plan's extent (none "
        "published); the OSM Huangpu water polygons could redraw the bank, not the project",
        "hongqiao-cbd-minhang": "Minhang boundary north of 31.165°N and west of 121.37°E (about the Outer Ring Road); "
        "searched: code and pages search for 虹桥国际中央商务区 boundaries: the official line was not found",
        "qianwan-area": "Minhang boundary (Wusong River / Jiading and Qingpu lines) north of 31.20°N and west of "
        "121.35°E, sized to the published ~30 km²; searched: code and pages search for 前湾 boundaries: none found",
    }
    for fid, text in keep.items():
        updates[fid] = Update("schematic", text)
    rows += [osm_place_row(inputs, "old-minhang", JIANGCHUAN_PLACE, "the 江川路街道 subdistrict's place node, old "
                           "Minhang's centre: the area must contain it"),
             wiki_row("old-minhang", WIKI_JIANGCHUAN, "infobox point of 江川路街道: the area must contain it",
                      tolerance="0", src=WIKI_ZH_SRC)]
    updates["old-minhang"] = Update(
        "approximate",
        "the Jiangchuan Road subdistrict (江川路街道, 老闵行) on the real waters and railway of its published bounds: "
        "east to the Danshui River (淡水河), west to the Xihejing (西河泾), south to the Huangpu, north to the "
        "Minhang-Wujing railway (新闵线/吴泾线) (mbji.cn 2020-05-30, 27.2 km²; addhz.com: the west bound interlocks "
        "with Maqiao's, its westernmost point at Jiangchuan Rd × Hexiangqiao Rd), on OSM (Geofabrik 2025-03) "
        "centre lines, with straight joins where the mapped Danshui (~230 m) and Xihejing (~1.1 km) stop short; "
        "the subdistrict's OSM place node and its zh Wikipedia infobox point lie inside",
        old_minhang(inputs))
    # The named places a schematic area must contain: its sanity check (layers/data/audit.py).
    must = "a named place the area must contain"
    rows += [
        dawn_row(inputs, "huangpu-riverside-minhang", "公园", "B0FFHGY71M", "Amap POI of 闵行滨江公园; " + must),
        dawn_row(inputs, "huangpu-riverside-minhang", "公园", "B0FFKMT7T6", "Amap POI of 浦江第一湾公园; " + must),
        osm_area_row(inputs, "hongqiao-cbd-minhang", "transport_a_free_1", "558909184", "the Hongqiao hub station; "
                     + must),
        dawn_row(inputs, "hongqiao-cbd-minhang", "地铁站", "BV10039905", "the Hongqiao hub station; " + must),
        dawn_row(inputs, "qianwan-area", "公园", "B0KDXA002V", "Amap POI of Qianwan Park; " + must),
        osm_area_row(inputs, "qianwan-area", "transport_a_free_1", "1355136299", "the metro station 前湾公园; " + must),
    ]


# The recipe, step by step, in the order the features are built.
STEPS = (airport_link, jiamin_stations, jiamin_line, demo_zone_line, line_19, tod_stations, roads,
         areas_and_places, zizhu, unpublished_sites)


def build(inputs: Inputs) -> tuple[list[Row], dict[str, Update]]:
    """Every source row and every feature update, from the inputs: the recipe's steps in order (a later step
    may read an earlier one's updates, e.g. the Jiamin line its located stations)."""
    rows: list[Row] = []
    updates: dict[str, Update] = {}
    for step in STEPS:
        step(inputs, rows, updates)
    return rows, updates


def face(parts: list[BaseGeometry], seed: Point, tolerance: float = 0.0002) -> Polygon:
    """The area the lines ``parts`` close around ``seed``: each line grown by ``tolerance`` (~20 m) so that
    mapped roads that nearly meet close the face, then the face grown back."""
    grown = unary_union([p.buffer(tolerance) for p in parts])
    for polygon in getattr(grown, "geoms", [grown]):
        for ring in polygon.interiors:
            area = Polygon(ring)
            if area.contains(seed):
                return simplify_area(area.buffer(tolerance))
    raise RuntimeError(f"the bounds do not close around {seed}")


def named(inputs: Inputs, *names: str) -> BaseGeometry:
    """Every OSM road (Overpass, luo_traffic) with one of these names."""
    return union_lines(roads_named(inputs, set(names)))


def greater_neo_bay(inputs: Inputs) -> Polygon:
    """The face bounded by the S32, Humin Rd, South Hongmei Rd and the Huangpu (closed with a 20 m buffer)."""
    river = unary_union(list(inputs.waterways.loc[["47088277"]].geometry))
    humin = named(inputs, "沪闵路")
    join = LineString(nearest_points(humin, river))  # the schematic ~130 m join to the river
    return face([named(inputs, "申嘉湖高速"), humin, named(inputs, "虹梅南路", "虹梅南路隧道"), river, join],
                Point(121.432, 31.028))


def qianwan_park(inputs: Inputs, centre: Point) -> BaseGeometry:
    """A 76 ha square on the park's own point, the OSM school campuses around it left out (they exist; the park
    does not cover them)."""
    side = (760_000 ** 0.5) / 2  # metres from the centre to an edge
    metric = gpd.GeoSeries([centre], crs="EPSG:4326").to_crs(METRIC_CRS)
    square = gpd.GeoSeries([metric.iloc[0].buffer(side, cap_style="square")], crs=METRIC_CRS).to_crs("EPSG:4326")
    schools = inputs.pois[(inputs.pois["fclass"] == "school") & inputs.pois.intersects(square.iloc[0])]
    return simplify_area(square.iloc[0].difference(unary_union(list(schools.geometry))))


def old_minhang(inputs: Inputs) -> Polygon:
    """The Jiangchuan Road subdistrict (old Minhang): east to the Danshui River, west to the Xihejing, south to the
    Huangpu, north to the Minhang-Wujing railway, joined where the mapped waters stop short."""
    waters = inputs.waterways
    river = unary_union(list(waters.loc[["47088277"]].geometry))
    east = unary_union(list(waters[waters["name"] == "淡水河"].geometry))
    west = unary_union(list(waters[waters["name"] == "西河泾"].geometry))
    rail = unary_union(list(inputs.railways[inputs.railways["name"].isin(["新闵线", "吴泾线"])].geometry))
    # The Danshui River as OSM maps it ends ~230 m short of the Huangpu; the Xihejing ~1.1 km short of the railway
    # (the west bound is "interlocked" with Maqiao's, addhz.com): straight joins close the two gaps.
    joins = [LineString(nearest_points(a, b)) for a, b in ((east, river), (west, rail))]
    return face([river, east, west, rail, *joins], inputs.places.loc[JIANGCHUAN_PLACE].geometry)


def medical_centre_plot(inputs: Inputs) -> Polygon:
    """Phase 1 of the medical centre: east to Lianyou Rd, west to Jinguang Rd, south to Beiqing Hwy, north to the
    Luojiagang creek."""
    creek = unary_union(list(inputs.waterways[inputs.waterways["name"] == "罗家港"].geometry))
    hospital = _inner_point(inputs.pois.loc[HUASHAN_WEST].geometry)
    return face([named(inputs, "联友路"), named(inputs, "金光路"), named(inputs, "北青公路"), creek], hospital)


# --- writing -----------------------------------------------------------------------------------------------------


def positions_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row.cells())
    return out.getvalue()


def apply_updates(geodata: Path, updates: dict[str, Update], rows: list[Row]) -> list[str]:
    """Rewrite the layer files (geometry, precision, coord_source, and the confirmation the audit finds for
    each feature from the rows); return the ids not found in any of them."""
    by_feature: dict[str, list[PositionRow]] = {}
    for line, row in enumerate(rows, start=2):
        by_feature.setdefault(row.feature_id, []).append(parse_row(line, row.cells()))
    left = set(updates)
    for path in sorted(geodata.glob("*.geojson")):
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            props = feature["properties"]
            update = updates.get(props["id"])
            if update is not None:
                left.discard(props["id"])
                props["precision"] = update.precision
                props["coord_source"] = update.coord_source
                if update.geometry is not None:
                    feature["geometry"] = rounded(update.geometry)
            props["confirmation"] = confirmation_found(feature, path.stem, by_feature.get(props["id"], []))
        dump_feature_collection(path, collection["features"])
    return sorted(left)


def apply_translations(geodata: Path, translations: Path = TRANSLATIONS) -> list[str]:
    """Write each plan feature's ``coord_source_zh`` from the translation table; return the problems (a
    feature with no translation, or one whose ``coord_source`` is no longer the English it translates),
    leaving those features' ``coord_source_zh`` out rather than showing a Chinese text that says otherwise."""
    table: dict[str, dict[str, str]] = json.loads(translations.read_text(encoding="utf-8"))
    problems: list[str] = []
    for path in sorted(geodata.glob("*.geojson")):
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            props = feature["properties"]
            entry = table.get(props["id"])
            props.pop("coord_source_zh", None)
            if entry is None:
                problems.append(f"{path.name}: {props['id']}: coord_source has no Chinese in {translations.name}")
            elif entry["en"] != props.get("coord_source"):
                problems.append(f"{path.name}: {props['id']}: coord_source changed since it was translated; "
                                f"update its entry in {translations.name}")
            else:
                props["coord_source_zh"] = entry["zh"]
        dump_feature_collection(path, collection["features"])
    return problems


def confirmation_found(feature: dict[str, Any], layer: str, rows: list[PositionRow]) -> str:
    """The confirmation the position audit finds for one feature, as drawn, from its source rows."""
    props, geometry = feature["properties"], shape(feature["geometry"])
    series = pd.Series({**props, "layer": layer, "kind": props.get("kind"), "confirmation": "unsourced",
                        "geometry": geometry}, name=props["id"])
    metric = gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    return audit_feature(series, metric, rows).found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="folder with the extracted inputs")
    parser.add_argument("--geodata", type=Path, default=GEODATA)
    parser.add_argument("--translations-only", action="store_true",
                        help=f"only rewrite coord_source_zh from {TRANSLATIONS.name} (no inputs needed)")
    args = parser.parse_args(argv)
    if not args.translations_only:
        if args.source is None:
            parser.error("--source is required (or --translations-only)")
        rows, updates = build(read_inputs(args.source))
        missing = apply_updates(args.geodata, updates, rows)
        if missing:
            print(f"not in any layer file: {', '.join(missing)}", file=sys.stderr)
            return 1
        (args.geodata / "positions.csv").write_text(positions_csv(rows), encoding="utf-8")
        print(f"wrote {len(rows)} source rows and {len(updates)} feature updates to {args.geodata}")
    problems = apply_translations(args.geodata)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
