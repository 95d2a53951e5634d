"""The reader door's first paint (issue 38), served by nginx as a static host serves it. Run
`python3 -m bench.door [--runs N] [--readers 50 --seconds 10]` from the project root; prints one JSON report.

A phone (390 x 844, touch, device scale 2, WeChat's Android User-Agent) opens the plain address in a fresh browser
(empty cache), unthrottled and with the CPU slowed 4x (Chrome's own throttling), ``--runs`` times each; medians:

- ``first_paint_s``: the first contentful paint, which carries every plan feature of the default view (they are in
  the page itself, ``data-feature`` elements: ``features`` counts them when it happens);
- ``bytes_to_first_paint``: what came over the wire for the page (gzip, headers included);
- ``clickable_s``, ``bytes_to_clickable``: when the map has taken the poster's place (its features take taps and
  show their cards), and every byte by then, which is the whole first load (nothing is fetched after); requests;

then ``--readers`` concurrent readers fetch the plain address (gzip) for ``--seconds``: requests a second, p50, p95.
Targets (issue 38): first paint <= 0.3 s unthrottled, <= 0.5 s slowed; clickable <= 1.5 s slowed; <= 30 KB to the
first paint, <= 120 KB to clickable, <= 250 KB in all. The app's own
phone load is ``bench/first_load.py``'s (2.7 s to the map and 1,443 KB behind nginx on this machine, issue 37).

Not measured yet, because this stage does not have them: the other link parameters, the street context and events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import threading
import time
import urllib.request
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from layers.data.catalog import load_catalog
from layers.data.events import load_events
from layers.data.reference import load_reference
from layers.export.door import build_door, publish_door
from support.browser import launch, offline_context
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import door_nginx, served_folder

# Once the first contentful paint has happened: when it was, and how many plan features the page then holds.
PAINTED = """() => { const p = performance.getEntriesByName('first-contentful-paint')[0];
  const n = performance.getEntriesByType('navigation')[0];
  return p && n && n.transferSize ? {at: p.startTime / 1000, bytes: n.transferSize,
    features: document.querySelectorAll('[data-feature]').length} : null; }"""
# Once the map has taken the poster's place (MH.door marks "mh-live"): when, and every byte fetched by then.
LIVE = """() => { const m = performance.getEntriesByName('mh-live')[0];
  if (!m) { return null; }
  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {at: m.startTime / 1000, bytes: all.reduce((s, e) => s + e.transferSize, 0)}; }"""


def visit(browser: Browser, url: str, slowdown: float) -> dict[str, Any]:
    """One cold visit by a phone: its first paint, the features it carries, the bytes and requests."""
    external: list[str] = []
    context = offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    if slowdown > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto(url, wait_until="load")
    deadline = time.monotonic() + 10
    painted = live = None
    while (painted is None or live is None) and time.monotonic() < deadline:
        painted, live = painted or page.evaluate(PAINTED), live or page.evaluate(LIVE)
        time.sleep(0.02)
    context.close()
    if painted is None or live is None:
        raise RuntimeError(f"{url}: no first contentful paint, or no map")
    return {**painted, "live_at": live["at"], "live_bytes": live["bytes"], "requests": len(requests),
            "external": len(external)}


def readers(url: str, count: int, seconds: float) -> dict[str, Any]:
    """``count`` readers fetching ``url`` (gzip) back to back for ``seconds``: requests a second, p50 and p95."""
    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def reader() -> None:
        while time.monotonic() < stop:
            started = time.monotonic()
            request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
            with lock:
                times.append(time.monotonic() - started)

    threads = [threading.Thread(target=reader) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    return {"readers": count, "per_second": round(len(times) / seconds, 1),
            "p50_s": round(times[len(times) // 2], 4), "p95_s": round(times[int(len(times) * 0.95)], 4)}


def run(runs: int, count: int, seconds: float) -> dict[str, Any]:
    catalog = load_catalog()
    events = load_events(known_ids=catalog.features.index)
    door = build_door(catalog.features, events, load_reference(), today=dt.date.today())
    folder = served_folder()
    try:
        publish_door(door, folder)
        report: dict[str, Any] = {"runs": runs, "page_bytes": len(door.files["index.html"])}
        with door_nginx(folder) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            for name, slowdown in (("phone", 1.0), ("phone, CPU slowed 4x", 4.0)):
                visits = [visit(browser, url + "/", slowdown) for _ in range(runs)]
                report[name] = {"first_paint_s": round(statistics.median(v["at"] for v in visits), 3),
                                "features_at_first_paint": min(v["features"] for v in visits),
                                "bytes_to_first_paint": statistics.median(v["bytes"] for v in visits),
                                "clickable_s": round(statistics.median(v["live_at"] for v in visits), 3),
                                "bytes_to_clickable": statistics.median(v["live_bytes"] for v in visits),
                                "requests": max(v["requests"] for v in visits),
                                "external": max(v["external"] for v in visits)}
            browser.close()
            report["nginx"] = readers(url + "/", count, seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    print(json.dumps(run(args.runs, args.readers, args.seconds), indent=1))


if __name__ == "__main__":
    main()
