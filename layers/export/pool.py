"""Exports made in worker processes, so making one never holds up other readers' reruns.

Building an export is Python work that holds the interpreter (~250 ms for the self-contained HTML a
PNG starts from), and rendering a PNG keeps Chromium busy for seconds: under load, every reader's
filter change waited behind the exports (``bench/load_test.py``). The workers build the export and,
for a PNG, drive their own warm headless Chromium, at a lower CPU priority, so the readers' reruns
come first; the app's process only waits for the bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import geopandas as gpd

from layers.export.formats import FORMATS, Size, export_bytes
from layers.export.png import RenderError
from layers.view.spec import FilterSpec

_renderer: Any = None  # one warm Chromium per worker process, started by its first PNG
EXPORT_NICENESS = 10  # exports are background work: the readers' reruns get the CPU first


def _lower_priority() -> None:
    """Run the worker (and the Chromium it starts, which inherits it) at a lower CPU priority."""
    with contextlib.suppress(OSError):  # not allowed here: the worker just runs at normal priority
        os.nice(EXPORT_NICENESS)


def _export_in_worker(fmt: str, frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame],
                      spec: FilterSpec, options: dict[str, Any]) -> bytes:
    global _renderer  # noqa: PLW0603 (the worker's own renderer, kept warm between exports)
    renderer = None
    if FORMATS[fmt].renderer:
        if _renderer is None:
            from layers.export.png import PngRenderer  # noqa: PLC0415 (Playwright is optional)

            _renderer = PngRenderer()
        renderer = _renderer
    return export_bytes(fmt, frame, reference, spec, renderer=renderer, **options)


class ExportPool:
    """A small pool of export worker processes (started on first use, restarted if one dies)."""

    def __init__(self, workers: int | None = None) -> None:
        # One per two cores: a PNG render keeps Chromium busy on about a core, and the readers need the rest.
        self.workers = workers or max(1, (os.cpu_count() or 2) // 2)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # "spawn": forking a process that runs threads (Streamlit's) can copy a held lock.
                self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_lower_priority,
                                                 mp_context=multiprocessing.get_context("spawn"))
            return self._pool

    def export(self, fmt: str, frame: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
               *, size: Size | None = None, events: Any = None, timeout: float = 180) -> bytes:
        """The export's bytes, made in a worker; its errors (no Chromium, a failed render) come back as raised."""
        future = self._executor().submit(_export_in_worker, fmt, frame, reference, spec,
                                         {"size": size, "events": events})
        try:
            return future.result(timeout=timeout)
        except BrokenProcessPool as exc:
            with self._lock:
                self._pool = None
            raise RenderError("the export worker stopped unexpectedly; please try again") from exc
        except TimeoutError as exc:
            future.cancel()
            raise RenderError(f"the export did not finish within {timeout:.0f} s") from exc

    def shutdown(self) -> None:
        """Stop the workers (and their browsers)."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
