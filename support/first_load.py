"""What a first visit costs: one shared link opened in a fresh browser (empty cache) as a phone or a desktop,
and what went over the wire until the map settled, by kind, with the layout shift after the map drew.

``bench/first_load.py`` reports it for both devices and both servers; ``tests/browser/test_first_load.py``
holds a phone's load behind nginx to its budget. Bytes are what Chromium's network layer reports
(``encodedDataLength``: headers and body as sent, compressed where the server compressed) for every request
of the page and the map's frame, plus the websocket messages as received.
"""

from __future__ import annotations

import base64
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from support.browser import (
    CONTEXT_DRAWN,
    PLAN_READY,
    SHIFT_OBSERVER,
    layout_shift_since,
    map_frame,
    offline_context,
    wait_for,
)
from support.devices import PHONE, PHONE_VIEWPORT

DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": PHONE_VIEWPORT, **PHONE},
    "desktop": {"viewport": (1400, 1000)},
}
# What a first load counts: everything until this long after the map's street context is drawn. A window of
# the measurement, not a wait for the page: on a desktop the timeline's and the table's bundles are still
# being fetched after every run has finished (~500 KB, up to 0.4 s later here), and we found no page signal
# that the last of them has arrived (each chunk can ask for more). A phone's load ends with its runs.
LATE_MS = 2500


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
    page.wait_for_timeout(LATE_MS)  # late requests (fonts, the rerun's messages, bundles) are counted
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
