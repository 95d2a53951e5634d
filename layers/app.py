"""What the page asks of the library, each answer made once per process and shared by every session.

``dashboard.py`` runs again on every interaction. Everything here depends only on the data folder,
the date the statuses are as of, the language and the basemap, so it is kept (bounded, least recently
used first out) and a rerun only selects from it. Plain Python, no Streamlit: the page calls these
like any function. Nothing returned may be changed by a caller (sessions share the objects;
``tests/maps/test_planlayer.py`` checks the per-view code never does), so nothing is copied.
"""

from __future__ import annotations

import time
from functools import lru_cache

import geopandas as gpd

from layers.data.catalog import Catalog, load_catalog
from layers.data.events import Events, frame_as_of, load_events
from layers.data.reference import load_reference
from layers.export.png import png_unavailable
from layers.export.pool import ExportPool
from layers.maps.base import Boundaries, boundaries, build_base_map, rail_legend
from layers.maps.live import published_sources
from layers.maps.prerender import Prerendered, prerender
from layers.maps.publish import all_present
from layers.maps.wire import plan_layer_data
from layers.view.filters import plan_features
from layers.view.spec import FilterSpec
from layers.view.timeline import timeline_chart, timeline_frames

PNG_CHECK_S = 60  # looking for Chromium costs ~1 ms: once a minute, and whenever MINHANG_CHROMIUM changes


@lru_cache(maxsize=8)
def catalog(geodata: str | None) -> Catalog:
    """The geodata folder, loaded and validated once."""
    return load_catalog(geodata)


@lru_cache(maxsize=8)
def events(geodata: str | None) -> Events:
    """The progress events of the geodata folder, validated against its features."""
    return load_events(geodata, known_ids=tuple(catalog(geodata).features.index))


@lru_cache(maxsize=32)
def features_as_of(geodata: str | None, asof: str) -> gpd.GeoDataFrame:
    """The catalog's features with statuses as of ``asof`` (~20 ms a rerun otherwise)."""
    return frame_as_of(catalog(geodata).features, events(geodata), asof)


@lru_cache(maxsize=32)
def plan_count(geodata: str | None, asof: str) -> int:
    """How many plan features there are (the match count's denominator)."""
    return len(plan_features(features_as_of(geodata, asof)))


@lru_cache(maxsize=64)
def timeline_spec(geodata: str | None, asof: str, ids: tuple[str, ...], lang: str, selected: str | None) -> dict:
    """The timeline's Vega-Lite spec for these projects (building and validating it costs ~200 ms)."""
    frame = features_as_of(geodata, asof)
    segments, points = timeline_frames(frame.loc[list(ids)], events(geodata), lang)
    return {} if segments.empty else timeline_chart(segments, points, lang, selected).to_dict()


@lru_cache(maxsize=1)
def reference_layers() -> dict[str, gpd.GeoDataFrame]:
    """The reference layers (boundaries), read once."""
    return load_reference()


@lru_cache(maxsize=8)
def boundaries_for(basemap: str) -> Boundaries:
    """The boundaries ready to draw on one basemap."""
    return boundaries(reference_layers(), basemap)


@lru_cache(maxsize=32)
def _live_base(geodata: str | None, asof: str, lang: str, basemap: str) -> Prerendered:
    frame = features_as_of(geodata, asof)
    bounds = boundaries_for(basemap)
    sources = published_sources(plan_layer_data(frame, lang, basemap), bounds, basemap, f"{lang}-{basemap}")
    fmap = build_base_map(bounds, FilterSpec(lang=lang, basemap=basemap), rail_legend(frame, lang), sources)
    return prerender(fmap, bundle=True)


def live_base(geodata: str | None, asof: str, lang: str, basemap: str) -> Prerendered:
    """The live map's constant part, built and rendered once per data, date, language and basemap.

    Every plan feature goes into a static file the browser fetches once; a view change then only sends
    which features show (``layers.maps.live.plan_view_group``). Files someone deleted from
    ``static/cache`` under the running app are published again.
    """
    base = _live_base(geodata, asof, lang, basemap)
    if not all_present(base.published):
        _live_base.cache_clear()
        base = _live_base(geodata, asof, lang, basemap)
    return base


@lru_cache(maxsize=4)
def _png_unavailable(_chromium_setting: str | None, _minute: int) -> str | None:
    return png_unavailable()


def png_missing(chromium_setting: str | None) -> str | None:
    """What the server PNG lacks (``"playwright"``, ``"chromium"``), or None where it can run."""
    return _png_unavailable(chromium_setting, int(time.monotonic() // PNG_CHECK_S))


@lru_cache(maxsize=1)
def export_pool() -> ExportPool:
    """Worker processes that make every export (and drive their own Chromium for PNGs), shared by all sessions."""
    return ExportPool()


__all__ = ["boundaries_for", "catalog", "events", "export_pool", "features_as_of", "live_base",
           "plan_count", "png_missing", "reference_layers", "timeline_spec"]
