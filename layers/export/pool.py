"""Exports made in worker processes, so making one never holds up other readers' reruns.

Building an export is Python work that holds the interpreter (~250 ms for the self-contained HTML a
PNG starts from), and rendering a PNG keeps Chromium busy for seconds: under load, every reader's
filter change waited behind the exports (``bench/load_test.py``). The workers build the export and,
for a PNG, drive their own warm headless Chromium, at a lower CPU priority, so the readers' reruns
come first; the app's process only waits for the bytes.

A worker, and the Playwright driver and Chromium (~800 MB) it starts, go when the server goes, even a server
killed with SIGKILL, which runs no clean-up: each worker watches its parent (:func:`_watch_server`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import geopandas as gpd

from layers.export.formats import FORMATS, Size, export_bytes
from layers.export.png import RenderError
from layers.view.spec import FilterSpec

_renderer: Any = None  # one warm Chromium per worker process, started by its first PNG
EXPORT_NICENESS = 10  # exports are background work: the readers' reruns get the CPU first
WATCH_S = 0.5  # how often a worker looks whether its server is still there
PROC = Path("/proc")


def _start_worker() -> None:
    """Each worker's start: a lower CPU priority, and a watch on the server that started it."""
    _lower_priority()
    threading.Thread(target=_watch_server, args=(os.getppid(),), name="export-server-watch", daemon=True).start()


def _lower_priority() -> None:
    """Run the worker (and the Chromium it starts, which inherits it) at a lower CPU priority."""
    with contextlib.suppress(OSError):  # not allowed here: the worker just runs at normal priority
        os.nice(EXPORT_NICENESS)


def _watch_server(server: int) -> None:
    """Once the server is gone (this process's parent changes), end every process this worker started and then the
    worker itself. A watch rather than ``prctl(PR_SET_PDEATHSIG)``: that signal comes when the *thread* that
    started the worker ends, and the pool starts workers from whichever script-run thread asked first, which
    Streamlit ends after each run. Chromium is Playwright's driver's child, in a process group of its own; its
    helpers would outlive the driver."""
    while os.getppid() == server:
        time.sleep(WATCH_S)
    ours = os.getpgid(0)
    for _sweep in range(2):  # a second look, for anything started meanwhile
        for pid in descendants(os.getpid()):
            with contextlib.suppress(OSError):  # gone meanwhile
                group = os.getpgid(pid)
                if group != ours:  # Chromium's own group: its helpers too, even one it starts after this look
                    os.killpg(group, signal.SIGKILL)
                os.kill(pid, signal.SIGKILL)
    os._exit(1)


def descendants(root: int) -> list[int]:
    """Every living process under ``root`` (children first, then theirs), from ``/proc``; none where there is none."""
    children: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the name, which may hold spaces
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: list[int] = []
    todo = [root]
    while todo:
        kids = children.get(todo.pop(0), [])
        found += kids
        todo += kids
    return found


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
                self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_start_worker,
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
