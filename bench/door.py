"""The reader door's first paint (issue 38), served by nginx as a static host serves it, beside a bare Leaflet page
and the app's own phone load in the same run. Run `python3 -m bench.door [--runs N] [--app-runs N]
[--readers 50 --seconds 10]` from the project root; prints one JSON report.

A phone (390 x 844, touch, device scale 2, WeChat's Android User-Agent) opens the plain address in a fresh browser
(empty cache), unthrottled and with the CPU slowed 4x (Chrome's own throttling), ``--runs`` times each; medians:

- ``first_paint_s``: the first contentful paint, which carries every plan feature of the default view (they are in
  the page itself, ``data-feature`` elements: ``features`` counts them when it happens);
- ``bytes_to_first_paint``: what came over the wire for the page (gzip, headers included);
- ``clickable_s``, ``bytes_to_clickable``: when the map has taken the poster's place (its features take taps and
  show their cards), and every byte by then;
- ``complete_s``, ``bytes_in_all``, ``requests``: once the street context is drawn under the plan (fetched after
  the map can be tapped): the whole first load (a card's facts and reports come only when a reader asks).

The same for a link with a date and a comparison (``?asof=2024-06-30&compare=plan&lang=zh``: the dated states and
the divider's code come too), unthrottled, and for a link near stations (``?near=600&groups=innovation,parks&lang=zh``:
the stations' centres come with the map); a bare Leaflet page with the same 47 features inline (``bare``: Leaflet
and its CSS, the plan's display GeoJSON, nothing else), as issue 38 measured it; and, with ``--app-runs``, the app's
own phone load behind nginx (``support.first_load``, as ``bench/first_load.py`` measures it: time to the map and
kilobytes). Then ``--readers`` concurrent readers fetch the plain address (gzip) for ``--seconds``: requests a
second, p50, p95. Targets (issue 38): first paint <= 0.3 s unthrottled, <= 0.5 s slowed; clickable <= 1.5 s slowed;
<= 30 KB to the first paint, <= 120 KB to clickable, <= 250 KB in all.
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
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from layers.data.catalog import load_catalog
from layers.data.events import load_events
from layers.data.io import write_atomically
from layers.data.reference import load_reference
from layers.export.door import build_door, publish_door
from layers.maps.assets import asset_path, vendored_url
from layers.maps.wire import display_geojson
from support.browser import launch, offline_context
from support.devices import PHONE, PHONE_VIEWPORT
from support.first_load import first_load
from support.server import cluster, door_nginx, served_folder

DATED_LINK = "/?asof=2024-06-30&compare=plan&lang=zh"
NEAR_LINK = "/?near=600&groups=innovation,parks&lang=zh"  # issue 39: the stations' rings fetched with the map

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
# Once the street context is drawn (or, on a page without one, at once): when, and every byte by then.
COMPLETE = """() => { const box = document.getElementById('mh-map'), state = box && box.mhContextState;
  if (box && (!state || !state.loaded.places)) { return null; }
  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {at: performance.now() / 1000, bytes: all.reduce((s, e) => s + e.transferSize, 0)}; }"""
# A bare Leaflet page: the same features, inline, drawn as they come (issue 38's comparison).
BARE = """<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="leaflet.css"><style>html,body,#m{height:100vh;margin:0}</style></head><body><div id="m">
</div><script src="leaflet.js"></script><script>var data=@DATA@;var map=L.map("m");
var layer=L.geoJSON(data).addTo(map);map.fitBounds(layer.getBounds());performance.mark("mh-live");</script></body>
</html>"""


def visit(browser: Browser, url: str, slowdown: float) -> dict[str, Any]:
    """One cold visit by a phone: its first paint, the features it carries, when it can be tapped and when it is
    complete, the bytes and requests of each."""
    external: list[str] = []
    context = offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    if slowdown > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto(url, wait_until="load")
    deadline = time.monotonic() + 20
    painted = live = complete = None
    while (painted is None or live is None or complete is None) and time.monotonic() < deadline:
        painted, live = painted or page.evaluate(PAINTED), live or page.evaluate(LIVE)
        complete = complete or (live and page.evaluate(COMPLETE))
        time.sleep(0.02)
    context.close()
    if painted is None or live is None or complete is None:
        raise RuntimeError(f"{url}: no first contentful paint, no map, or no street context")
    return {**painted, "live_at": live["at"], "live_bytes": live["bytes"], "complete_at": complete["at"],
            "all_bytes": complete["bytes"], "requests": len(requests), "external": len(external)}


def medians(visits: list[dict[str, Any]]) -> dict[str, Any]:
    """The medians of a page's visits (bytes barely vary; time does)."""
    return {"first_paint_s": round(statistics.median(v["at"] for v in visits), 3),
            "features_at_first_paint": min(v["features"] for v in visits),
            "bytes_to_first_paint": statistics.median(v["bytes"] for v in visits),
            "clickable_s": round(statistics.median(v["live_at"] for v in visits), 3),
            "bytes_to_clickable": statistics.median(v["live_bytes"] for v in visits),
            "complete_s": round(statistics.median(v["complete_at"] for v in visits), 3),
            "bytes_in_all": statistics.median(v["all_bytes"] for v in visits),
            "requests": max(v["requests"] for v in visits), "external": max(v["external"] for v in visits)}


def bare_page(folder: Path, features: Any) -> None:
    """The bare Leaflet page, beside the door in ``folder``: Leaflet, its CSS and the plan's display GeoJSON."""
    bare = folder / "bare"
    bare.mkdir(mode=0o755, exist_ok=True)
    for key, name in (("leaflet", "leaflet.js"), ("leaflet_css", "leaflet.css")):
        write_atomically(bare / name, asset_path(vendored_url(key)).read_bytes())
    data = json.dumps(display_geojson(features, "en"), ensure_ascii=False).replace("<", "\\u003c")
    write_atomically(bare / "index.html", BARE.replace("@DATA@", data).encode("utf-8"))


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


def app_load(browser: Browser, runs: int) -> dict[str, Any]:
    """The app's phone load behind nginx (gzip): medians of ``runs`` (``support.first_load``)."""
    with cluster(1) as (url, _):
        loads = [first_load(browser, url + "/", "phone") for _ in range(runs)]
    return {"to_map_s": round(statistics.median(x["to_map_s"] for x in loads), 2),
            "total_kb": statistics.median(x["total_kb"] for x in loads), "runs": runs}


def run(runs: int, count: int, seconds: float, app_runs: int = 0) -> dict[str, Any]:
    catalog = load_catalog()
    events = load_events(known_ids=catalog.features.index)
    door = build_door(catalog.features, events, load_reference(), today=dt.date.today())
    folder = served_folder()
    try:
        publish_door(door, folder)
        bare_page(folder, catalog.features)
        report: dict[str, Any] = {"runs": runs, "page_bytes": len(door.files["index.html"])}
        with door_nginx(folder) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            for name, link, slowdown in (("phone", "/", 1.0), ("phone, CPU slowed 4x", "/", 4.0),
                                         ("phone, a dated comparison", DATED_LINK, 1.0),
                                         ("phone, near a station", NEAR_LINK, 1.0),
                                         ("bare Leaflet page", "/bare/index.html", 1.0)):
                report[name] = medians([visit(browser, url + link, slowdown) for _ in range(runs)])
            if app_runs:
                report["the app, phone, behind nginx"] = app_load(browser, app_runs)
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
    parser.add_argument("--app-runs", type=int, default=3, help="the app's phone loads (0: leave the app out)")
    args = parser.parse_args()
    print(json.dumps(run(args.runs, args.readers, args.seconds, args.app_runs), indent=1))


if __name__ == "__main__":
    main()
