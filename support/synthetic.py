"""A geodata folder with the shipped data plus N generated point features, for scale benchmarks and tests.

A curator may point ``MINHANG_GEODATA`` at a folder with thousands of features; these points
stand in for them. They are deterministic (seeded), spread over the district (inside its outline,
so validation keeps every one), valid under the schema, and named so a search can find some of them
("Sample point 00042").
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import shapely

from layers.data.catalog import ENV_VAR, GEODATA_DIR
from layers.data.reference import load_reference

POINT_CATEGORIES = ("infrastructure", "innovation", "public_service")
STATUSES = ("study", "planned", "construction_start", "under_construction", "operating")


def synthetic_points(n: int, seed: int = 13) -> dict:
    """``n`` valid point features as a GeoJSON FeatureCollection."""
    rng = random.Random(seed)
    district = load_reference()["minhang"].union_all()
    shapely.prepare(district)
    minx, miny, maxx, maxy = district.bounds
    features = []
    for i in range(1, n + 1):
        while True:
            lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if shapely.contains_xy(district, lon, lat):
                break
        region = "north" if lat > 31.17 else "south" if lat < 31.06 else "central"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6),
                                                                                          round(lat, 6)]},
                         "properties": {"id": f"sample-{i:05d}", "name_en": f"Sample point {i:05d}",
                                        "name_zh": f"样本点 {i:05d}", "region": region,
                                        "category": POINT_CATEGORIES[i % 3], "status": STATUSES[i % 5],
                                        "source_quote": "Generated for benchmarks.", "precision": "schematic",
                                        "confirmation": "unsourced",
                                        "coord_source": "support/synthetic.py (random, seeded; nothing searched)"}})
    return {"type": "FeatureCollection", "features": features}


def write_geodata(directory: Path, n: int) -> Path:
    """Copy the shipped layers, progress events and promise ledger into ``directory``; add ``sample.geojson``."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in [*GEODATA_DIR.glob("*.geojson"), GEODATA_DIR / "events.json", GEODATA_DIR / "promises.json"]:
        shutil.copy(path, directory / path.name)
    if n:
        (directory / "sample.geojson").write_text(json.dumps(synthetic_points(n)), encoding="utf-8")
    return directory


@contextlib.contextmanager
def geodata_with_points(n: int) -> Iterator[str | None]:
    """Set ``MINHANG_GEODATA`` to a temporary folder with ``n`` extra points (the shipped folder when 0)."""
    if not n:
        yield None
        return
    previous = os.environ.get(ENV_VAR)
    with tempfile.TemporaryDirectory(prefix="minhang-bench-") as tmp:
        os.environ[ENV_VAR] = str(write_geodata(Path(tmp), n))
        try:
            yield os.environ[ENV_VAR]
        finally:
            if previous is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = previous
