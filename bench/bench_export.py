"""Speed and size of exports: run `python3 -m bench.bench_export` and read the medians.

Targets (export issue): PNG of the full data at 1600x1000 on the offline basemap <= 3 s end to end
with a warm browser and <= 6 s cold (browser start included); the HTML export <= 1.5 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from layers.data.catalog import load_catalog
from layers.data.reference import load_reference
from layers.export.formats import Size, export_bytes
from layers.export.png import PngRenderer
from layers.view.spec import FilterSpec

SIZE = Size(1600, 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    frame, reference, spec = load_catalog().features, load_reference(), FilterSpec()

    cold = []
    for _ in range(3):
        start = time.perf_counter()
        renderer = PngRenderer()
        export_bytes("png", frame, reference, spec, size=SIZE, renderer=renderer)
        cold.append(time.perf_counter() - start)
        renderer.close()

    renderer = PngRenderer()
    renderer.warm_up()
    warm = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        export_bytes("png", frame, reference, spec, size=SIZE, renderer=renderer)
        warm.append(time.perf_counter() - start)
    renderer.close()

    html = export_bytes("html", frame, reference, spec)
    results = {
        "png_1600x1000_warm_s": {"median": round(statistics.median(warm), 2), "min": round(min(warm), 2),
                                 "max": round(max(warm), 2), "n": len(warm), "target": 3.0},
        "png_1600x1000_cold_s": {"median": round(statistics.median(cold), 2), "n": len(cold), "target": 6.0},
        "html_mb": {"value": round(len(html) / 1e6, 3), "target": 1.5},
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
