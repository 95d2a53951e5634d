"""The stations a distance is measured from, and each feature's distance to them.

Two kinds of station: the plan's own (its ``station`` features, whatever their status on the date shown)
and the metro and rail stations of the street context (OpenStreetMap, ``static/context/stations.geojson``): the
south's carriers lie along Lines 5 and 15, which the plan does not list. A street-context station on one of the
plan's lines takes that line's status on the date shown (OpenStreetMap maps the Airport Link open in 2026; the plan's
2023 date must not); where the plan has its own station on that line within :data:`SAME_STATION_M`, the plan's
stands for it.

Distances are straight lines, in metres, in :data:`METRIC_CRS`: no routable walking network of Minhang could be
pinned (README, "Near a station"). They are measured once, at load, to :data:`REACH_M`, and kept on each feature
(the frame's ``stations`` column: ``((station key, metres), …)``, nearest first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from layers.data.reference import CONTEXT_DIR, METRIC_CRS, load_context

# The distances a reader may ask about (``near=``), each from a standard (README, "Near a station"): 500 m, the
# 2016 life-circle guideline's walk for the old and the young; 600 m, the 2024 draft standard's distance round a
# rail station and the TOD core; 1,000 m, the life circle's outer service radius and the TOD influence zone.
NEAR_DISTANCES = (500, 600, 1000)
DRAWN_DISTANCES = (600, 1000)  # every station's rings, an overlay a reader turns on (500 m: where near= asks it)
REACH_M = max(NEAR_DISTANCES)
# The plan's passenger stations. Not its TOD developments: each is a place at a station already open (Line 15's
# Zizhu, Line 8's Shendu Highway), which the street context holds; nor a freight yard.
STATION_KINDS = frozenset({"station"})
LINE_KINDS = frozenset({"rail", "metro"})
SAME_STATION_M = 500  # a street-context station this close to the plan's on the same line is the plan's
NEAREST_KEPT = 3  # beyond REACH_M, a feature still keeps its nearest stations (its details name them)
# A station's status on the date shown, best first: what a feature near several stations is counted by.
OPEN, BUILDING, PLANNED = "open", "building", "planned"
STATION_STATUSES = (OPEN, BUILDING, PLANNED)
STATION_STATUS = {"operating": OPEN, "completed": OPEN, "partly_open": OPEN, "under_construction": BUILDING,
                  "construction_start": BUILDING, "planned": PLANNED, "study": PLANNED}  # cancelled, unknown: none
# When OpenStreetMap's stations were mapped (static/context/SOURCES.md): what "open" rests on for a line the plan
# does not list.
OSM_DATE = "2026-07-28"
_METRO = re.compile(r"(\d+)号线$")
_OSM_PREFIXES = ("上海地铁", "上海轨道交通", "市域铁", "轨道交通")


@dataclass(frozen=True)
class Station:
    """One station: ``key`` (the plan feature's id, or ``osm-N``), names, its lines' names and where it is."""

    key: str
    name_zh: str
    name_en: str | None  # None: the page romanises name_zh (layers.view.names)
    lines_zh: tuple[str, ...]
    lines_en: tuple[str, ...]
    lon: float
    lat: float
    feature: str | None = None  # the plan's station: its status on the date shown is the station's
    plan_lines: tuple[str, ...] = ()  # a street-context station on the plan's lines: their status on the date shown
    other_lines: bool = True  # a street-context station on a line the plan does not list: open (OSM_DATE)

    def status(self, statuses: dict[str, str]) -> str | None:
        """Its status (:data:`STATION_STATUSES`) given the plan's features' statuses on a date; None: none counts
        (a cancelled station)."""
        if self.feature is not None:
            return STATION_STATUS.get(statuses.get(self.feature, ""))
        found = [STATION_STATUS.get(statuses.get(line, "")) for line in self.plan_lines]
        if self.other_lines:
            found.append(OPEN)
        return best(s for s in found if s)


def best(statuses: Iterable[str | None]) -> str | None:
    """The most advanced of ``statuses`` (open, then under construction, then planned), or None."""
    ranks = [STATION_STATUSES.index(s) for s in statuses if s in STATION_STATUSES]
    return STATION_STATUSES[min(ranks)] if ranks else None


def line_names(line_id: str, plan_names: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A line's short names (zh, en): the plan's for its own lines, "15号线" / "Line 15" for Shanghai Metro's."""
    if line_id in plan_names:
        return plan_names[line_id]
    if match := re.fullmatch(r"metro-line-(\d+)", line_id):
        return f"{match.group(1)}号线", f"Line {match.group(1)}"
    stem = line_id.removesuffix("-line")
    return stem, stem.replace("-", " ").title() + " Line"


def _osm_line(name: str, plan_names: dict[str, tuple[str, str]]) -> tuple[str | None, str, str]:
    """A street-context line name: (the plan line it is, or None; its zh and en short names)."""
    short = name
    for prefix in _OSM_PREFIXES:
        short = short.removeprefix(prefix)
    number = _METRO.search(short)
    for fid, (zh, en) in plan_names.items():
        plan_number = _METRO.search(zh)
        if zh == short or (number and plan_number and number.group(1) == plan_number.group(1)):
            return fid, zh, en
    if number:
        return None, f"{number.group(1)}号线", f"Line {number.group(1)}"
    en = {"浦江线": "Pujiang Line"}.get(short, short)
    return None, short, en


def _plan_lines(frame: gpd.GeoDataFrame) -> dict[str, tuple[str, str]]:
    lines = frame[frame["kind"].isin(LINE_KINDS)]
    return {str(fid): (str(zh), str(en)) for fid, zh, en in zip(lines.index, lines["name_zh"], lines["name_en"],
                                                               strict=True)}


def _key(frame: gpd.GeoDataFrame) -> tuple[Any, ...]:
    """What the station table depends on in ``frame``: its stations (ids, names, lines, positions) and lines."""
    rows = frame[frame["kind"].isin(STATION_KINDS | LINE_KINDS)]
    return tuple(zip(rows.index, rows["kind"], rows["name_zh"], rows["name_en"], rows["lines"],
                     (g.wkb for g in rows.geometry), strict=True))


def stations(frame: gpd.GeoDataFrame) -> tuple[Station, ...]:
    """Every station of ``frame``'s plan and of the street context (see the module's docstring)."""
    return _stations(_key(frame))


@lru_cache(maxsize=8)
def _stations(key: tuple[Any, ...]) -> tuple[Station, ...]:
    plan_names = {fid: (zh, en) for fid, kind, zh, en, _, _ in key if kind in LINE_KINDS}
    out: list[Station] = []
    plan_points: list[tuple[set[str], shapely.Point]] = []
    for fid, kind, zh, en, lines, wkb in key:
        if kind not in STATION_KINDS:
            continue
        point = shapely.from_wkb(wkb)
        if point.geom_type != "Point":
            point = point.centroid
        ids = [s.strip() for s in lines.split(",")] if isinstance(lines, str) and lines.strip() else []
        names = [line_names(i, plan_names) for i in ids]
        out.append(Station(str(fid), _bare(zh) or str(fid), _bare(en), tuple(n[0] for n in names),
                           tuple(n[1] for n in names), point.x, point.y, feature=str(fid)))
        plan_points.append((set(ids), point))
    metric = _metric([shapely.Point(s.lon, s.lat) for s in out])
    context = _context_stations()
    context_metric = _metric([shapely.Point(*f["geometry"]["coordinates"]) for f in context])
    for i, (feature, here) in enumerate(zip(context, context_metric, strict=True)):
        props, (lon, lat) = feature["properties"], feature["geometry"]["coordinates"]
        plan_lines, zh_names, en_names, other = [], [], [], not props.get("lines")
        for name in props.get("lines") or ():
            fid, zh, en = _osm_line(name, plan_names)
            if fid is not None and any(fid in ids and here.distance(m) <= SAME_STATION_M
                                       for (ids, _), m in zip(plan_points, metric, strict=True)):
                continue  # the plan's own station on this line stands for it
            if fid is None:
                other = True
            else:
                plan_lines.append(fid)
            zh_names.append(zh)
            en_names.append(en)
        if not zh_names and props.get("lines"):
            continue  # every line it serves is the plan's, and the plan's station is there
        out.append(Station(f"osm-{i}", str(props["name_zh"]), props.get("name_en"), tuple(zh_names), tuple(en_names),
                           lon, lat, plan_lines=tuple(plan_lines), other_lines=other))
    return tuple(out)


def _bare(name: str | None) -> str | None:
    """A plan station's name without the line or TOD in brackets ("七宝（机场联络线）" -> "七宝"): its lines are
    named beside it."""
    return re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", name).strip() if isinstance(name, str) else None


@lru_cache(maxsize=1)
def _context_stations() -> tuple[dict[str, Any], ...]:
    if not (CONTEXT_DIR / "stations.geojson").exists():
        return ()
    return tuple(load_context()["stations"]["features"])


def _metric(points: list[shapely.Point]) -> list[shapely.Point]:
    if not points:
        return []
    projected = gpd.GeoSeries(points, crs="EPSG:4326").to_crs(METRIC_CRS)
    return [shapely.Point(x, y) for x, y in zip(projected.x, projected.y, strict=True)]


def distances(frame: gpd.GeoDataFrame) -> list[tuple[tuple[str, int], ...]]:
    """Per feature of ``frame`` (in its order), the stations within :data:`REACH_M` (else its
    :data:`NEAREST_KEPT` nearest) and their straight-line distance in whole metres, nearest first; never the
    station the feature itself is."""
    table = stations(frame)
    if not table or frame.empty:
        return [() for _ in range(len(frame))]
    points = gpd.GeoSeries([shapely.Point(s.lon, s.lat) for s in table], crs="EPSG:4326").to_crs(METRIC_CRS)
    shapes = frame.geometry.to_crs(METRIC_CRS)
    keys = np.array([s.key for s in table], dtype=object)
    out: list[tuple[tuple[str, int], ...]] = []
    for fid, geometry in zip(frame.index, shapes, strict=True):
        if geometry is None or geometry.is_empty:
            out.append(())
            continue
        metres = np.rint(shapely.distance(geometry, points.values)).astype(int)
        order = np.argsort(metres, kind="stable")
        kept = [(str(keys[i]), int(metres[i])) for i in order if keys[i] != fid]
        within = [k for k in kept if k[1] <= REACH_M]
        out.append(tuple(within if len(within) >= NEAREST_KEPT else kept[:NEAREST_KEPT]))
    return out


def station_states(frame: gpd.GeoDataFrame) -> dict[str, tuple[Station, str]]:
    """Every station of :func:`stations` that has a status on ``frame``'s date (a cancelled one has none), by key,
    with that status, in the table's order: what the filter, the rings, the details and the exports read."""
    statuses = dict(zip(frame.index, frame["status"].tolist(), strict=True))
    return {s.key: (s, status) for s in stations(frame) if (status := s.status(statuses)) is not None}


def within(near: tuple[tuple[str, int], ...], metres: int) -> list[str]:
    """The keys of the stations in a feature's ``stations`` that lie within ``metres``."""
    return [key for key, m in near if m <= metres]
