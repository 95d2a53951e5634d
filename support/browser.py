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
from weakref import WeakKeyDictionary

from playwright.sync_api import Browser, BrowserContext, Frame, Page, Playwright, WebSocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

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
    """A context whose network ends at localhost: every other request is recorded and aborted. Each of its
    pages has its script runs watched (:func:`watch_runs`), for :func:`wait_for_run_idle`.

    ``device``: more ``new_context`` options (``**PHONE``, with ``PHONE_VIEWPORT``, for a phone).
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **device)
    context.on("page", _watch)

    def route(route_request) -> None:
        url = route_request.request.url
        if url.startswith(("data:", "blob:", "about:", "file:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route_request.continue_()
        else:
            external.append(url)
            route_request.abort()

    context.route("**/*", route)
    return context


class Runs:
    """The script runs a page has asked its Streamlit server for, read off the page's websocket: whether
    every one has finished. A reader's click, a widget, the map's report of its first draw: each asks for a
    rerun (a ``rerun_script`` message); the server starts it (``new_session``) and says when it is done
    (``script_finished``; a run cut short by the next one says so and does not count)."""

    def __init__(self) -> None:
        self.asked = 0  # reruns asked for
        self.finished = 0  # runs finished that had started after the last ask
        self.waiting = False  # a rerun asked for has not finished yet
        self.started = False  # a run started after the last ask

    def watch(self, socket: WebSocket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framesent", self.sent)
            socket.on("framereceived", self.received)

    def sent(self, payload: str | bytes) -> None:
        message = BackMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script":
            self.asked += 1
            self.waiting, self.started = True, False

    def received(self, payload: str | bytes) -> None:
        message = ForwardMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        kind = message.WhichOneof("type")
        if kind == "new_session" and self.waiting:
            self.started = True
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN \
                and self.waiting and self.started:
            self.waiting = False
            self.finished += 1

    @property
    def idle(self) -> bool:
        """At least one run asked for and finished, and none asked for since that has not."""
        return self.finished > 0 and not self.waiting


def watch_runs(page: Page) -> Runs:
    """Start watching ``page``'s script runs (before it opens the app); :func:`offline_context` does it for
    every page it opens."""
    if page not in _RUNS:
        runs = _RUNS[page] = Runs()
        page.on("websocket", runs.watch)
    return _RUNS[page]


_RUNS: WeakKeyDictionary[Page, Runs] = WeakKeyDictionary()  # each watched page's runs


def _watch(page: Page) -> None:
    watch_runs(page)


# Chromium's layout-shift entries as they happen, for ``add_init_script``: [time, value, after input].
SHIFT_OBSERVER = """window.mhShifts = []; new PerformanceObserver(list => list.getEntries().forEach(e =>
    window.mhShifts.push([e.startTime, e.value, e.hadRecentInput]))).observe({type: "layout-shift", buffered: true});"""
# The map's frame on the page: the page's one component (its title is a word of the page's language, set by
# static/js/minhang-chrome.js: Streamlit titles it with the component's name).
MAP_IFRAME = "iframe[data-testid='stCustomComponentV1']"
# Whether the street-context layers have all arrived and been drawn (or failed).
CONTEXT_STATE = ("() => { const c = [...document.querySelectorAll('.leaflet-container')]"
                 ".find(e => e.mhContextState); return c ? c.mhContextState : null; }")
CONTEXT_DRAWN = f"() => !!(({CONTEXT_STATE})() || {{}}).done"
# Whether the live map has its plan data and has drawn it.
PLAN_READY = "() => !!(window.map_div && map_div._mhPlan && map_div._mhPlan.ready)"
# The feature the map's view selects, once the view has come (the server's answer to a tap, a click, a link).
VIEW_SELECTED = "() => { const p = window.map_div && map_div._mhPlan; return p && p.view ? p.view.selected : null; }"
# Whether the map has drawn and, where its view asks (a desktop's first view), reported its first draw to
# the page: the rerun that brings what sits below the map has then been asked for.
MAP_REPORTED = "() => { const p = window.map_div && map_div._mhPlan;" \
    " return !!p && p.ready && (!(p.view && p.view.report) || !!p.reported); }"
# Streamlit's own word on the page's script: "running", "notRunning", ... (on its root element).
RUN_STATE = "() => { const app = document.querySelector('[data-testid=stApp]');" \
    " return app && app.getAttribute('data-test-script-state'); }"
# Whether the map holds still: no zoom animation, no pan animation (an opening card's, say), no drag, and
# (where the camera's code runs) no move between its movestart and its moveend.
MAP_SETTLED = """() => { const m = window.map_div; return !!m && !m._animatingZoom && !m._mhMoving
    && !(m._panAnim && m._panAnim._inProgress)
    && !(m.dragging && m.dragging._draggable && m.dragging._draggable._moving); }"""
# Fonts: every face the document has asked for has loaded (or failed).
FONTS_LOADED = "() => document.fonts.status === 'loaded'"
# The page's own CSS has arrived (dashboard.py sends it as the first element; Streamlit renders it later).
PAGE_STYLED = "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('st-key-map_area'))"
# Ask the map's label layer to place its labels for the view it shows now, and note when it has, or
# whether the map moved before it did (minhang-labels.js fires "mh:labels" after each placing).
ASK_LABELS = """() => { const m = window.map_div, labels = m && m._mhLabels; if (!labels) { return false; }
    const note = m._mhLabelsAsked = {placed: false, moved: false};
    m.once("mh:labels", () => { note.placed = true; });
    m.once("movestart zoomstart", () => { note.moved = true; });
    labels.schedule();
    return true; }"""
LABELS_PLACED = "() => { const n = window.map_div && map_div._mhLabelsAsked;" \
    " return n && (n.moved ? 'moved' : n.placed); }"


def layout_shift_since(page: Page, since: float) -> float:
    """The page's layout shift since ``since`` (``performance.now()``, ms), leaving out shifts that come
    right after the reader's own input (as Cumulative Layout Shift does); needs :data:`SHIFT_OBSERVER`."""
    return page.evaluate("since => window.mhShifts.filter(s => s[0] >= since && !s[2])"
                         ".reduce((a, s) => a + s[1], 0)", since)


def wait_for_run_idle(page: Page, timeout: float = 30) -> None:
    """Wait until every script run the page has asked for has finished and Streamlit's page says it is not
    running (the page must come from :func:`offline_context`, or be watched with :func:`watch_runs`)."""
    runs = _RUNS.get(page)
    if runs is None:
        raise RuntimeError("the page's runs are not watched: open it from offline_context, or call watch_runs")
    # The page first: a rerun it has just asked for reaches the watcher before its answer does.
    wait_for(page, lambda: page.evaluate(RUN_STATE) == "notRunning" and runs.idle, timeout=timeout)


def wait_for_page_idle(page: Page, frame: Frame, timeout: float = 30) -> None:
    """Wait until the map has drawn and reported it where asked (:data:`MAP_REPORTED`), every run the page
    asked for (the report's among them) has finished, and the fonts of the page and the map have loaded:
    no more of the page's elements come unless the reader acts (a desktop may still be fetching the bundles
    of those below the map: a chart, the table)."""
    wait_for(page, lambda: frame.evaluate(MAP_REPORTED), timeout=timeout)
    wait_for_run_idle(page, timeout)
    wait_for(page, lambda: page.evaluate(FONTS_LOADED) and frame.evaluate(FONTS_LOADED), timeout=timeout)


def wait_for_labels(page: Page, frame: Frame, timeout: float = 20) -> None:
    """Wait until the map holds still (:data:`MAP_SETTLED`) and its labels have been placed for the view it
    shows then (asked for anew, so a placing from before the last move does not count)."""
    deadline = time.monotonic() + timeout
    while True:
        wait_for(page, lambda: frame.evaluate(MAP_SETTLED), timeout=max(0.1, deadline - time.monotonic()))
        if not frame.evaluate(ASK_LABELS):
            raise RuntimeError("the map has no label layer")
        if wait_for(page, lambda: frame.evaluate(LABELS_PLACED), timeout=max(0.1, deadline - time.monotonic())) \
                is True:
            return  # else the map moved first: wait for it to hold still again


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
    """(the plan's lines and areas, point symbols) the map currently shows: every feature the view draws, the
    region outlines (which take no clicks) among them, no halo or ring."""
    # The main map only: the minimap is a map of its own. (#map_div in streamlit-folium, .folium-map in exports)
    main = ":is(#map_div, .folium-map) > .leaflet-map-pane"
    paths = frame.locator(f"{main} > .leaflet-overlay-pane path.mh-feature").count()
    return paths, frame.locator(f"{main} > .leaflet-marker-pane .mh-symbol").count()


def wait_for(page: Page, predicate, timeout: float = 20):
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


def click_until(page: Page, click, predicate, tries: int = 5, timeout: float = 3) -> None:
    """Click, then wait for ``predicate``; click again if it does not come (the first click can land while
    streamlit-folium, or a chart, is still binding its handlers)."""
    for _ in range(tries):
        click()
        try:
            wait_for(page, predicate, timeout=timeout)
            return
        except TimeoutError:
            continue
