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
from tests.browser.helpers import (  # noqa: E402
    CONTEXT_DRAWN,
    PHONE,
    PHONE_VIEWPORT,
    PLAN_READY,
    SHIFT_OBSERVER,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--link", default="/?lang=zh", help="the shared link's path and query")
    args = parser.parse_args()
    print(json.dumps(run(args.runs, args.link), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
