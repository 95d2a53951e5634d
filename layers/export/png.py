"""Headless Chromium (through Playwright) turning an exported HTML map into a PNG.

One browser is kept warm in a background thread with its own asyncio loop; every render
gets its own browser context, so renders from several users run side by side without
sharing pages or files. Only tile requests may leave the machine, and only if the map
has a tile basemap; a render waits until the vector layers are drawn and the tiles have
loaded, or until a bounded wait ends (the offline basemap is then what shows).

The renderer is optional: the map and every other export work without it. Playwright (the
Python package) is imported only when a render starts, and Chromium is looked up only then,
so a fresh install of ``requirements.txt`` never fails at start; :func:`png_unavailable`
says, in the user's language, what to install.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from layers.export.formats import Size

CHROMIUM_ENV = "MINHANG_CHROMIUM"
PNG_REQUIREMENTS = "requirements-png.txt"
PLAYWRIGHT_HINT = (
    f"PNG export needs Playwright, which requirements.txt leaves out: run 'python3 -m pip install -r "
    f"{PNG_REQUIREMENTS}' (and 'sudo apt-get install -y chromium' for the browser)."
)
INSTALL_HINT = (
    "No Chromium found for PNG export. Install Debian's browser with 'sudo apt-get install -y chromium' "
    f"(it lands in /usr/bin/chromium), or point {CHROMIUM_ENV} at a Chromium/Chrome binary, "
    "or run 'python -m playwright install chromium' where downloads are allowed. "
    "The HTML, GeoJSON, CSV and GeoPackage exports work without it."
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run", "--disable-quic"]


class BrowserNotFoundError(RuntimeError):
    """No Chromium binary could be found; the message says how to install one."""


class RenderError(RuntimeError):
    """A render failed or timed out; no image is returned."""


class PlaywrightMissingError(BrowserNotFoundError):
    """The optional Playwright package is not installed; the message says how to install it."""


def _async_playwright() -> Any:
    """Playwright's async entry point, imported only when a PNG is wanted (it is an optional dependency)."""
    try:
        from playwright.async_api import async_playwright  # noqa: PLC0415  (optional, imported where used)
    except ImportError as exc:
        raise PlaywrightMissingError(PLAYWRIGHT_HINT) from exc
    return async_playwright


def png_unavailable() -> str | None:
    """What a server-side PNG lacks here: ``"playwright"``, ``"chromium"``, or ``None`` when it can run.

    The caller words it in the user's language (``layers.view.i18n``: ``png_missing_<what>``).
    """
    try:
        _async_playwright()
    except PlaywrightMissingError:
        return "playwright"
    try:
        find_chromium()
    except BrowserNotFoundError:
        return "chromium"
    return None


def find_chromium() -> str:
    """$MINHANG_CHROMIUM, Debian's /usr/bin/chromium, one on PATH, or a Playwright-installed build."""
    env = os.environ.get(CHROMIUM_ENV)
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise BrowserNotFoundError(f"{CHROMIUM_ENV}={env!r} is not an executable file. {INSTALL_HINT}")
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return candidate
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    for binary in sorted(cache.glob("chromium*/chrome-linux*/chrome"), reverse=True):
        if binary.is_file():
            return str(binary)
    raise BrowserNotFoundError(INSTALL_HINT)


class PngRenderer:
    """A warm headless Chromium that renders HTML maps to PNG bytes; safe to call from many threads."""

    def __init__(self, executable: str | None = None, *, tile_timeout_s: float = 10.0,
                 render_timeout_s: float = 45.0, max_parallel: int | None = None) -> None:
        _async_playwright()  # fail now, with the install command, rather than at the first render
        self.executable = executable or find_chromium()
        # Renders beyond this wait their turn: on a small server, parallel Chromium renders would
        # starve the app's own reruns (measured in bench/load_test.py).
        self.max_parallel = max_parallel or max(1, (os.cpu_count() or 2) // 2)
        self.tile_timeout_s = tile_timeout_s
        self.render_timeout_s = render_timeout_s
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="png-renderer", daemon=True)
        self._thread.start()
        self._browser: Any = None
        self._playwright: Any = None
        self._start_lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(self.max_parallel)

    def _run(self, coro: Coroutine[Any, Any, Any], timeout: float) -> Any:
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(timeout=timeout)
        except TimeoutError as exc:
            future.cancel()
            raise RenderError(f"the PNG render did not finish within {timeout:.0f} s") from exc

    async def _ensure_browser(self) -> Any:
        async with self._start_lock:
            if self._browser is None or not self._browser.is_connected():
                if self._playwright is None:
                    self._playwright = await _async_playwright()().start()
                self._browser = await self._playwright.chromium.launch(executable_path=self.executable,
                                                                      args=CHROMIUM_ARGS)
            return self._browser

    async def _render(self, html: str, size: Size) -> bytes:
        async with self._slots:
            return await self._render_now(html, size)

    async def _render_now(self, html: str, size: Size) -> bytes:
        browser = await self._ensure_browser()
        context = await browser.new_context(viewport={"width": size.width, "height": size.height},
                                            device_scale_factor=size.scale)
        dialogs: list[str] = []
        try:
            page = await context.new_page()
            # A dialog means some text ran as code: never hand out that image.
            dismissing: list[asyncio.Future[None]] = []

            def refuse(dialog: Any) -> None:
                dialogs.append(dialog.message)
                dismissing.append(asyncio.ensure_future(dialog.dismiss()))

            page.on("dialog", refuse)
            await page.set_content(html, wait_until="load")
            await page.wait_for_selector(".leaflet-overlay-pane svg, .leaflet-marker-icon", state="attached",
                                         timeout=15_000)
            # Slow or blocked tiles end the wait, not the render: the offline basemap shows instead.
            with contextlib.suppress(Exception):
                await page.wait_for_function("window.mhReady === true", timeout=self.tile_timeout_s * 1000)
            await page.evaluate("document.body.classList.add('mh-print')")
            await page.wait_for_timeout(250)  # let the last tiles fade in
            image = await page.screenshot(type="png", full_page=False)
            if dialogs:
                raise RenderError(f"the map opened a dialog while rendering ({dialogs[0][:60]!r}); refused")
            return image
        finally:
            await context.close()

    def warm_up(self) -> None:
        """Start the browser now rather than at the first export."""
        self._run(self._ensure_browser(), self.render_timeout_s)

    def render(self, html: str, size: Size) -> bytes:
        """Render a self-contained HTML map at ``size``; raises :class:`RenderError` on failure or timeout."""
        try:
            return self._run(self._render(html, size), self.render_timeout_s)
        except RenderError:
            raise
        except Exception as exc:
            raise RenderError(f"the PNG render failed: {exc}") from exc

    def close(self) -> None:
        """Stop the browser and the background thread."""
        async def shutdown() -> None:
            if self._browser is not None:
                await self._browser.close()
            if self._playwright is not None:
                await self._playwright.stop()

        if self._thread.is_alive():
            try:
                self._run(shutdown(), 30)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=10)
