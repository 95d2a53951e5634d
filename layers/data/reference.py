"""The reference layers of the offline basemap (district boundaries, river)."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "geodata" / "reference"
REFERENCE_LAYERS = ("neighbours", "minhang", "huangpu")
# The street-context layers (OpenStreetMap, built by geodata/scripts/build_context.py) live where the
# app's static file server can hand them to the browser once, cached, outside every rerun.
CONTEXT_DIR = Path(__file__).resolve().parents[2] / "static" / "context"
CONTEXT_LAYERS = ("water", "roads", "rail", "stations", "places")
# OpenStreetMap's name, linked to its copyright page, for the credit its licence asks for (worded in the map's
# language, as openstreetmap.org words it in each of its own: "attribution_osm" in layers/view/i18n.py).
OSM_LINK = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

# Features at the district edge (the Hongqiao hub, stations on the boundary
# road) may sit a little outside the drawn boundary, which is itself simplified.
EDGE_TOLERANCE_DEG = 0.015  # about 1.5 km
# Where distances and areas are measured, in metres: UTM zone 51N covers Shanghai, with well under 0.1 % scale error
# over the district (the audit, the street context's reach, the stations' distances, the context's build).
METRIC_CRS = "EPSG:32651"


def load_reference(directory: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Load the reference layers shipped in ``geodata/reference`` (WGS-84)."""
    directory = directory or REFERENCE_DIR
    return {
        name: gpd.read_file(directory / f"{name}.geojson", engine="pyogrio")
        for name in REFERENCE_LAYERS
    }


@lru_cache(maxsize=1)
def minhang_boundary() -> BaseGeometry:
    """The Minhang district polygon from the shipped reference layer."""
    frame = gpd.read_file(REFERENCE_DIR / "minhang.geojson", engine="pyogrio")
    return unary_union(list(frame.geometry))


@lru_cache(maxsize=1)
def minhang_extent() -> BaseGeometry:
    """Minhang grown by :data:`EDGE_TOLERANCE_DEG`: what counts as 'inside Minhang'."""
    return minhang_boundary().buffer(EDGE_TOLERANCE_DEG)


@lru_cache(maxsize=1)
@cache
def district_bounds() -> tuple[float, float, float, float]:
    """Minhang's bounds (west, south, east, north; WGS-84): what a view that narrows nothing is framed on."""
    west, south, east, north = (round(float(v), 6) for v in load_reference()["minhang"].total_bounds)
    return west, south, east, north


def load_context() -> dict[str, Any]:
    """The context layers as GeoJSON dicts, for maps that must carry them (exports); read once."""
    return {name: json.loads((CONTEXT_DIR / f"{name}.geojson").read_text(encoding="utf-8"))
            for name in CONTEXT_LAYERS}
