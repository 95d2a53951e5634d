"""Exports made in worker processes give the same bytes, and their errors come back to the app."""

from __future__ import annotations

import pytest

from layers.data.reference import load_reference
from layers.export.formats import export_bytes
from layers.export.png import BrowserNotFoundError
from layers.export.pool import ExportPool
from layers.view.spec import FilterSpec


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
