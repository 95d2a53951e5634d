"""Speed of the dashboard: run `python bench/bench_dashboard.py` and read the medians.

Measures (targets from the dashboard issue):
- server-side script time of a filter change, through Streamlit's AppTest (<= 150 ms);
- the map payload the component receives for the full data (<= 300 KB);
- in headless Debian Chromium, the time from opening the page on a warm server until the
  map has drawn every feature (<= 3 s), with the network blocked beyond localhost.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from layers import schema  # noqa: E402
from layers.catalog import load_catalog  # noqa: E402
from tests.browser import drawn_counts, launch, map_frame, offline_context, streamlit_server, wait_for  # noqa: E402


def filter_change_ms(rounds: int) -> list[float]:
    """Wall time of one script rerun after a widget change (region toggle, then category change)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        if i % 2:
            at.checkbox(key="region_south").check().run()
        else:
            at.checkbox(key="region_south").uncheck().run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception
    return times


def payload_bytes() -> int:
    """Bytes of the map component's arguments (Leaflet script, overlays, header) for the full data."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    args = at.get("component_instance")[0].proto.json_args
    return len(args.encode())


def first_map_seconds(rounds: int) -> list[float]:
    """Seconds from page.goto to every feature drawn, fresh browser context each time, warm server."""
    frame = load_catalog().features
    points = int(frame.geom_type.isin(schema.POINT).sum())
    expected = (len(frame) - points, points)
    times = []
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for i in range(rounds + 1):
            external: list[str] = []
            context = offline_context(browser, external)
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            map_view = map_frame(page)
            wait_for(page, lambda m=map_view: drawn_counts(m) == expected or None, timeout=30)
            elapsed = time.perf_counter() - start
            if i:  # the first load warms the server (imports, caches)
                times.append(elapsed)
            assert external == [], external
            context.close()
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    script = filter_change_ms(args.rounds)
    payload = payload_bytes()
    first = first_map_seconds(max(3, args.rounds // 2))
    results = {
        "filter_change_script_ms": {"median": round(statistics.median(script), 1), "min": round(min(script), 1),
                                    "max": round(max(script), 1), "n": len(script), "target": 150},
        "map_payload_kb": {"value": round(payload / 1024, 1), "target": 300},
        "first_map_s": {"median": round(statistics.median(first), 2), "min": round(min(first), 2),
                        "max": round(max(first), 2), "n": len(first), "target": 3.0},
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
