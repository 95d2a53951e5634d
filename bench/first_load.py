"""What a first visit costs a phone: bytes over the wire, time to the map, layout shift. Run
`python bench/first_load.py` (add ``--runs N``; prints one JSON report).

A shared link opened in a fresh browser (empty cache), as a phone (390 x 844, touch, device scale 2,
WeChat's Android User-Agent) and as a desktop (1400 x 1000), each

- straight from ``streamlit run`` (Streamlit serves its own script bundles uncompressed on purpose,
  leaving compression to a proxy), and
- behind nginx with gzip, as ``bench/serve_many.py`` serves it.

Bytes are what Chromium's network layer reports (``encodedDataLength``: headers and body as sent,
compressed where the server compressed) for every request of the page and the map's frame, plus the
websocket messages (the app's elements and the map's view) as received. Everything beyond localhost is
blocked, so tiles never count: the default basemap is the offline one. Target (issue 14): a phone's
first load <= 1.5 MB in all, compressed where the server allows; no layout shift once the map is drawn.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from bench.serve_many import cluster  # noqa: E402
from layers.data import schema  # noqa: E402
from layers.data.catalog import load_catalog  # noqa: E402
from tests.browser.helpers import (  # noqa: E402
    CONTEXT_DRAWN,
    PHONE,
    PHONE_VIEWPORT,
    PLAN_READY,
    SHIFT_OBSERVER,
    drawn_counts,
    launch,
    layout_shift_since,
    map_frame,
    offline_context,
    streamlit_server,
    wait_for,
)

DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": PHONE_VIEWPORT, **PHONE},
    "desktop": {"viewport": (1400, 1000)},
}


def kind(url: str) -> str:
    """What a request is for, by its path."""
    path = urlsplit(url).path
    if path.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if path.startswith("/app/static/") and path.endswith((".json", ".geojson")):
        return "map data"
    if path.startswith(("/app/static/", "/component/")):
        return "map scripts and styles"
    if path.startswith("/static/") or path == "/":
        return "Streamlit page"
    return "other"


def first_load(browser: Browser, url: str, device: str) -> dict[str, Any]:
    """Open ``url`` as ``device`` with an empty cache; what went over the wire until the map settled."""
    external: list[str] = []
    options = dict(DEVICES[device])
    context = offline_context(browser, external, **options)
    context.add_init_script(SHIFT_OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    socket_bytes = [0]
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def frame(e: dict[str, Any]) -> None:
        data = e["response"]["payloadData"]
        socket_bytes[0] += len(base64.b64decode(data)) if e["response"]["opcode"] == 2 else len(data.encode())

    cdp.on("Network.webSocketFrameReceived", frame)
    start = time.perf_counter()
    page.goto(url)
    frame_ = map_frame(page, timeout=60)
    wait_for(page, lambda: frame_.evaluate(PLAN_READY))
    to_map = time.perf_counter() - start
    drawn_at = page.evaluate("() => performance.now()")
    wait_for(page, lambda: frame_.evaluate(CONTEXT_DRAWN), 30)
    page.wait_for_timeout(2500)  # late requests (fonts, the rerun's messages) land
    shift = layout_shift_since(page, drawn_at)
    by_kind: dict[str, int] = defaultdict(int)
    for rid, size in sizes.items():
        by_kind[kind(urls.get(rid, ""))] += size
    by_kind["websocket messages"] = socket_bytes[0]
    context.close()
    if external:
        raise RuntimeError(f"requests left localhost: {external[:3]}")
    return {"total_kb": round(sum(by_kind.values()) / 1024, 1), "requests": len(sizes), "to_map_s": to_map,
            "layout_shift_after_map": round(shift, 4),
            "by_kind_kb": {k: round(v / 1024, 1) for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])}}


def measure(browser: Browser, url: str, runs: int) -> dict[str, Any]:
    """Median of ``runs`` first loads per device (bytes barely vary; time does)."""
    report = {}
    for device in DEVICES:
        loads = [first_load(browser, url, device) for _ in range(runs)]
        best = loads[0]
        report[device] = {**best, "to_map_s": round(statistics.median(x["to_map_s"] for x in loads), 2),
                          "total_kb": statistics.median(x["total_kb"] for x in loads),
                          "layout_shift_after_map": max(x["layout_shift_after_map"] for x in loads)}
    return report


def run(runs: int = 3, link: str = "/?lang=zh") -> dict[str, Any]:
    """Both servers, both devices: the report."""
    report: dict[str, Any] = {"link": link, "runs": runs}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        with streamlit_server() as url:
            report["streamlit run (uncompressed)"] = measure(browser, url + link, runs)
        with cluster(1) as (url, _):
            report["behind nginx (gzip)"] = measure(browser, url + link, runs)
        browser.close()
    return report


# --- the first complete map against a bare Streamlit page -----------------------------------------------------
# Issue 21's figure: the first complete map (every feature drawn) within 1.5x a bare page (one st.title), both
# measured in one run, alternately, in fresh desktop contexts (1440 x 900) on warm servers. The breakdown says
# where the map's time goes: the page's first element, the map's frame created, its plan data ready, every
# feature drawn. `python bench/first_load.py --vs-bare 6 [--app OTHER/dashboard.py]`.
#
# Measured 2026-12-03 on this 2-core machine (medians of 6; a bare page's own median moved 1.9-2.4 s between
# runs, so only the ratio of one run compares):
#   before issue 21 (1d9cc6a):  bare 2.07 s; first element 1.73, map frame 4.15, plan ready 5.52, map 5.66: x2.73
#   after (map-first desktop, roll-up):  bare 1.89 s; 1.68, 4.73, 6.37, 6.48 s: x3.43
#   the same without the roll-up: x2.95 (bare 2.39 s); with the CSS sent as before (st.html): x3.32.
# What is left: ~2.5-3 s between the first element and the map's frame (the sidebar's widgets, then the map
# component's own bundle and Leaflet's assets loading in its iframe), ~1.5 s from the frame to the plan
# drawn (the plan data fetched and drawn, the street context on a map 14 % larger than before). The 1.5x
# target is not reached; deferring the timeline, table and roll-up until the map has reported back is the
# next lever (not built: streamlit-folium reports no "drawn" event to the server to wait for).

STAGES = {
    "first_element": "() => !!document.querySelector('[data-testid=stElementContainer]')",
    "map_frame": "() => !!document.querySelector(\"iframe[title='streamlit_folium.st_folium']\")",
}


def vs_bare(rounds: int, app_script: Path = ROOT / "dashboard.py") -> dict[str, Any]:
    """Medians (s) of the bare page's title and of our map's stages, and the ratio of the two ends
    (``app_script``: another checkout's dashboard.py, to compare two versions in one run)."""
    frame = load_catalog().features
    points = int(frame.geom_type.isin(schema.POINT).sum())
    expected = (len(frame) - points, points)
    bare: list[float] = []
    ours: dict[str, list[float]] = defaultdict(list)
    bare_app = ROOT / "bench" / "hello_app.py"
    with streamlit_server(script=bare_app) as hello, streamlit_server(script=app_script) as app, \
            sync_playwright() as playwright:
        browser = launch(playwright)
        for i in range(rounds + 1):  # the first round warms both servers
            external: list[str] = []
            context = offline_context(browser, external, viewport=(1440, 900))
            page = context.new_page()
            start = time.perf_counter()
            page.goto(hello)
            page.wait_for_selector("h1", timeout=30_000)
            if i:
                bare.append(time.perf_counter() - start)
            context.close()
            context = offline_context(browser, external, viewport=(1440, 900))
            page = context.new_page()
            start = time.perf_counter()
            page.goto(app)
            seen: dict[str, float] = {}
            for name, probe in STAGES.items():
                wait_for(page, lambda p=probe, pg=page: pg.evaluate(p), timeout=30)
                seen[name] = time.perf_counter() - start
            view = map_frame(page)
            wait_for(page, lambda v=view: v.evaluate(PLAN_READY), timeout=30)
            seen["plan_ready"] = time.perf_counter() - start
            wait_for(page, lambda v=view: drawn_counts(v) == expected or None, timeout=30)
            seen["complete_map"] = time.perf_counter() - start
            if i:
                for name, value in seen.items():
                    ours[name].append(value)
            assert external == [], external
            context.close()
        browser.close()
    med = {name: round(statistics.median(values), 2) for name, values in ours.items()}
    bare_s = round(statistics.median(bare), 2)
    return {"rounds": rounds, "bare_page_s": bare_s, "ours_s": med,
            "ratio_complete_map_to_bare": round(med["complete_map"] / bare_s, 2), "target_ratio": 1.5}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--link", default="/?lang=zh", help="the shared link's path and query")
    parser.add_argument("--vs-bare", type=int, default=0, metavar="ROUNDS",
                        help="instead: the first complete map against a bare Streamlit page, ROUNDS each")
    parser.add_argument("--app", type=Path, default=ROOT / "dashboard.py", help="with --vs-bare: the app to time")
    args = parser.parse_args()
    report = vs_bare(args.vs_bare, args.app) if args.vs_bare else run(args.runs, args.link)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
