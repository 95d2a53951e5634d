"""The page in a browser: Debian Chromium through Playwright, a network that stops at localhost, the map's
frame found, and waits on what the page signals (never a fixed sleep).

Used by the browser tests, ``bench/`` and ``docs/screenshots.py``. The server they open is
:mod:`support.server`'s.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Frame, Page, Playwright

CHROMIUM_ENV = "MINHANG_CHROMIUM"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run", "--disable-quic"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def chromium_path() -> str | None:
    """Chromium to drive: $MINHANG_CHROMIUM, Debian's /usr/bin/chromium, or one on PATH."""
    for candidate in (os.environ.get(CHROMIUM_ENV), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def launch(playwright: Playwright) -> Browser:
    """Launch Debian Chromium headless (Playwright cannot download its own browser here)."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found: apt-get install -y chromium, or set MINHANG_CHROMIUM")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def offline_context(browser: Browser, external: list[str], viewport: tuple[int, int] = (1500, 1000),
                    **device: Any) -> BrowserContext:
    """A context whose network ends at localhost: every other request is recorded and aborted.

    ``device``: more ``new_context`` options (``**PHONE``, with ``PHONE_VIEWPORT``, for a phone).
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **device)

    def route(route_request) -> None:  # type: ignore[no-untyped-def]
        url = route_request.request.url
        if url.startswith(("data:", "blob:", "about:", "file:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route_request.continue_()
        else:
            external.append(url)
            route_request.abort()

    context.route("**/*", route)
    return context


# Chromium's layout-shift entries as they happen, for ``add_init_script``: [time, value, after input].
SHIFT_OBSERVER = """window.mhShifts = []; new PerformanceObserver(list => list.getEntries().forEach(e =>
    window.mhShifts.push([e.startTime, e.value, e.hadRecentInput]))).observe({type: "layout-shift", buffered: true});"""
# Whether the street-context layers have all arrived and been drawn (or failed).
CONTEXT_DRAWN = "() => !!(window.MH && MH.contextState && MH.contextState.done)"
# Whether the live map has its plan data and has drawn it.
PLAN_READY = "() => !!(window.map_div && map_div._mhPlan && map_div._mhPlan.ready)"


def layout_shift_since(page: Page, since: float) -> float:
    """The page's layout shift since ``since`` (``performance.now()``, ms), leaving out shifts that come
    right after the reader's own input (as Cumulative Layout Shift does); needs :data:`SHIFT_OBSERVER`."""
    return page.evaluate("since => window.mhShifts.filter(s => s[0] >= since && !s[2])"
                         ".reduce((a, s) => a + s[1], 0)", since)


def map_frame(page: Page, timeout: float = 30) -> Frame:
    """The streamlit-folium iframe, once Leaflet has drawn at least one feature."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url or "streamlit_folium" in frame.url:
                try:
                    if frame.locator(".leaflet-overlay-pane path, .mh-symbol").count() > 0:
                        return frame
                except Exception:
                    pass
        page.wait_for_timeout(100)  # never time.sleep: only Playwright calls let routed requests through
    raise TimeoutError("the map never drew a feature")


def drawn_counts(frame: Frame) -> tuple[int, int]:
    """(interactive paths, point symbols) the map currently shows."""
    # The main map only: the minimap is a map of its own. (#map_div in streamlit-folium, .folium-map in exports)
    main = ":is(#map_div, .folium-map) > .leaflet-map-pane"
    paths = frame.locator(f"{main} > .leaflet-overlay-pane path.leaflet-interactive").count()
    return paths, frame.locator(f"{main} > .leaflet-marker-pane .mh-symbol").count()


def wait_for(page: Page, predicate, timeout: float = 20):  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it returns something truthy; return that.

    Waiting goes through ``page.wait_for_timeout``: with the sync API, requests held by
    our route handler only move while Playwright is called, so ``time.sleep`` would stall the page.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        page.wait_for_timeout(100)


def map_frame_of_page(page: Page, timeout: float = 30) -> Frame:
    """A standalone map page (an HTML export): its main frame once Leaflet has drawn."""
    wait_for(page, lambda: page.locator(".leaflet-overlay-pane path, .mh-symbol").count() > 0, timeout=timeout)
    return page.main_frame


def uncovered_symbol(frame: Frame | Page) -> int:
    """Index of the first plan symbol no other element covers at its centre (markers can overlap at district zoom)."""
    index = frame.evaluate("""() => [...document.querySelectorAll('.mh-symbol')].findIndex(el => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit && el.contains(hit);
    })""")
    if index < 0:
        raise AssertionError("every plan symbol is covered by another element")
    return index


def click_until(page: Page, click, predicate, tries: int = 5, timeout: float = 3) -> None:  # type: ignore[no-untyped-def]
    """Click, then wait for ``predicate``; click again if it does not come (the first click can land while
    streamlit-folium, or a chart, is still binding its handlers)."""
    for _ in range(tries):
        click()
        try:
            wait_for(page, predicate, timeout=timeout)
            return
        except TimeoutError:
            continue
