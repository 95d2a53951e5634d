"""Exports made in worker processes give the same bytes, and their errors come back to the app."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from layers.data.reference import load_reference
from layers.export.formats import export_bytes
from layers.export.png import BrowserNotFoundError
from layers.export.pool import ExportPool, descendants
from layers.view.spec import FilterSpec
from tests.conftest import ROOT


@pytest.fixture
def reference():
    return load_reference()


def test_a_worker_makes_the_same_export(catalog, reference):
    pool = ExportPool(workers=1)
    try:
        spec = FilterSpec(regions=frozenset({"south"}))
        for fmt in ("geojson", "csv"):
            assert pool.export(fmt, catalog.features, reference, spec) == export_bytes(fmt, catalog.features,
                                                                                        reference, spec)
    finally:
        pool.shutdown()


def test_a_missing_browser_is_reported_from_the_worker(catalog, reference, monkeypatch):
    monkeypatch.setenv("MINHANG_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "/nonexistent")  # no chromium to be found on PATH either
    pool = ExportPool(workers=1)
    try:
        with pytest.raises(BrowserNotFoundError, match="chromium"):
            pool.export("png", catalog.features, reference, FilterSpec())
        # The worker survives its error: the next export works.
        assert catalog.features.index[5].encode() in pool.export("csv", catalog.features, reference, FilterSpec())
    finally:
        pool.shutdown()


# A server in miniature: it owns a pool, makes one export (so a worker runs), says its workers' ids, and waits.
OWNER = """
import os, sys, time
from layers.data.catalog import load_catalog
from layers.data.reference import load_reference
from layers.export.pool import ExportPool, descendants
from layers.view.spec import FilterSpec
from tests.conftest import ROOT
pool = ExportPool(workers=1)
pool.export("csv", load_catalog().features, load_reference(), FilterSpec())
print(" ".join(map(str, descendants(os.getpid()))), flush=True)
time.sleep(120)
"""


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_worker_goes_when_its_server_is_killed():
    owner = subprocess.Popen([sys.executable, "-c", OWNER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        children = [int(pid) for pid in owner.stdout.readline().split()]
        assert children and all(running(pid) for pid in children)  # the worker (and multiprocessing's tracker)
        assert set(children) <= set(descendants(owner.pid))
        owner.kill()  # SIGKILL: no clean-up runs in the server
        owner.wait()
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(running(pid) for pid in children)
    finally:
        owner.kill()
