"""Stations as a reader meets them: a distance in their language, a station's name and lines, the rings a view near
stations draws, and a feature's nearest stations (its details). Distances are straight lines
(``layers.data.stations``), and every text says so."""

from __future__ import annotations

from typing import Any, cast

import geopandas as gpd

from layers.data.stations import LINE_KINDS, OSM_DATE, REACH_M, Station, station_states, within
from layers.view.i18n import STATION_LABELS, label, t
from layers.view.names import english_name
from layers.view.textsafe import md_escape

DETAILS_STATIONS = 4  # the details name a feature's nearest stations, up to this many


def metres_text(metres: int, lang: str) -> str:
    """A distance as a reader writes it: "1,000 m" / "1000米"."""
    return f"{metres:,} m" if lang == "en" else f"{metres}米"


def distance_text(metres: int, lang: str) -> str:
    """A measured distance: metres under a kilometre ("534 m"), else kilometres to one decimal ("3.7 km",
    "3.7公里")."""
    if metres < 1000:
        return metres_text(metres, lang)
    return f"{metres / 1000:.1f} km" if lang == "en" else f"{metres / 1000:.1f}公里"


def station_name(station: Station, lang: str) -> str:
    """A station's name in ``lang`` (English: OpenStreetMap's or the plan's, else pinyin)."""
    if lang == "zh":
        return station.name_zh
    return english_name(station.name_zh, station.name_en) or station.name_zh


def lines_text(station: Station, lang: str) -> str:
    """Its lines, in ``lang``: "Line 9, Airport Link Line" / "9号线、机场联络线" ("" for a rail station without)."""
    return (", " if lang == "en" else "、").join(station.lines_en if lang == "en" else station.lines_zh)


def catchments(frame: gpd.GeoDataFrame, matches: gpd.GeoDataFrame, metres: int) -> list[dict[str, Any]]:
    """The rings a view near stations draws: every station (with a status on the date shown) within ``metres`` of a
    match, as ``{"lat", "lon", "status"}`` (WGS-84), in the station table's order."""
    wanted = {key for near in matches["stations"].tolist() if isinstance(near, tuple) for key in within(near, metres)}
    return [{"lat": station.lat, "lon": station.lon, "status": status}
            for key, (station, status) in station_states(frame).items() if key in wanted]


def station_line(station: Station, status: str, metres: int, lang: str) -> str:
    """One station as the page names it: "Qibao (Line 9) · open · 127 m in a straight line"."""
    lines = lines_text(station, lang)
    name = station_name(station, lang) + ((f" ({lines})" if lang == "en" else f"（{lines}）") if lines else "")
    # 0 m: the station is on it or inside it (an area, a road it crosses)
    where = t("station_inside", lang) if metres == 0 else t("straight_line", lang, d=distance_text(metres, lang))
    return " · ".join([name, label(STATION_LABELS, status, lang), where])


def _stations_of(frame: gpd.GeoDataFrame, fid: str,
                 states: dict[str, tuple[Station, str]]) -> list[tuple[Station, str, int]]:
    """A feature's stations, nearest first, each with its status on the frame's date (``states``:
    :func:`~layers.data.stations.station_states`) and its distance; none for a rail line (its details list its own
    stations: layers.view.details.line_stations_blocks)."""
    near = frame.at[fid, "stations"] if "stations" in frame and fid in frame.index else None
    if not isinstance(near, tuple) or frame.at[fid, "kind"] in LINE_KINDS:
        return []
    return [(states[key][0], states[key][1], m) for key, m in cast(tuple[tuple[str, int], ...], near)
            if key in states]


def nearest(frame: gpd.GeoDataFrame, fid: str, lang: str) -> list[str]:
    """A feature's nearest stations (up to :data:`DETAILS_STATIONS` within :data:`REACH_M`, else the nearest one),
    each as :func:`station_line`: what its details list. None for a rail line."""
    found = _stations_of(frame, fid, station_states(frame))
    close = [f for f in found if f[2] <= REACH_M][:DETAILS_STATIONS] or found[:1]
    return [station_line(station, status, m, lang) for station, status, m in close]


# The columns an export gets on each feature's nearest station (layers.export.data.export_frame).
NEAREST_COLUMNS = ("nearest_station", "nearest_station_lines", "nearest_station_status", "nearest_station_m")


def nearest_columns(frame: gpd.GeoDataFrame, ids: list[str], lang: str) -> dict[str, list[Any]]:
    """:data:`NEAREST_COLUMNS` for ``ids``: the nearest station's name and lines in ``lang``, its status on the
    frame's date (open, building, planned) and its straight-line distance in metres; None where there is none."""
    out: dict[str, list[Any]] = {c: [] for c in NEAREST_COLUMNS}
    states = station_states(frame)
    for fid in ids:
        found = _stations_of(frame, fid, states)[:1]
        values = [station_name(found[0][0], lang), lines_text(found[0][0], lang), found[0][1], found[0][2]] \
            if found else [None] * len(NEAREST_COLUMNS)
        for column, value in zip(NEAREST_COLUMNS, values, strict=True):
            out[column].append(value)
    return out


def near_blocks(frame: gpd.GeoDataFrame, fid: str, lang: str) -> list[tuple[str, str]]:
    """A feature's details on its nearest stations, as (kind, Markdown) blocks (escaped), with what they rest on."""
    found = nearest(frame, fid, lang)
    if not found:
        return []
    return [("text", f"**{md_escape(t('nearest_stations', lang))}**"),
            ("text", "\n".join(f"- {md_escape(line)}" for line in found)),
            ("caption", md_escape(t("nearest_basis", lang, osm=OSM_DATE)))]
