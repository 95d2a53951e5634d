"""What the page asks of the library, each answer made once per process and shared by every session.

``dashboard.py`` runs again on every interaction. Everything here depends only on the data (a folder as
it is now: :func:`data`), the date the statuses are as of, the language and the basemap, so it is kept
(bounded, least recently used first out) and a rerun only selects from it. A curator's edit changes the
folder's version, so the next page load shows it, without a restart; an edit with problems keeps the
last good version of that file on the map (``layers.data.catalog.load_catalog``).

Plain Python, no Streamlit: the page calls these like any function. Nothing returned may be changed by a
caller (sessions share the objects; ``tests/maps/test_live.py`` checks the per-view code never does),
so nothing is copied.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

import cachetools
import geopandas as gpd
import pyarrow as pa

from layers.data.asof import asof_day
from layers.data.audit import families_of
from layers.data.catalog import Catalog, folder_version, load_catalog
from layers.data.events import Events, frame_as_of, load_events
from layers.data.reference import load_reference
from layers.export.feed import feed_name, progress_feed
from layers.export.png import png_unavailable
from layers.export.pool import ExportPool
from layers.maps.base import Boundaries, boundaries, build_base_map, rail_legend
from layers.maps.live import published_sources
from layers.maps.prerender import Prerendered, prerender
from layers.maps.publish import all_present, publish_fixed, publish_json
from layers.maps.wire import plan_layer_data
from layers.view.changes import Change, changed
from layers.view.filters import plan_features, plan_groups
from layers.view.spec import FilterSpec
from layers.view.timeline import timeline_chart, timeline_frames
from layers.view.words import table_frame

PNG_CHECK_S = 60  # looking for Chromium costs ~1 ms: once a minute, and whenever MINHANG_CHROMIUM changes


def shared(maxsize: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Keep a function's last ``maxsize`` answers, least recently used first out, each computed once: sessions
    asking for the same thing at the same time (a link shared in a chat, opened by many at once) wait for
    the first one's answer instead of all computing it (``functools.lru_cache`` would let them all)."""
    condition = threading.Condition()
    return cachetools.cached(cachetools.LRUCache(maxsize), lock=condition, condition=condition, info=True)


class Data(NamedTuple):
    """A geodata folder (None: ``$MINHANG_GEODATA`` or ours) as it is now: the key of everything made from it."""

    folder: str | None
    version: tuple[tuple[str, int, int], ...]


def data(geodata: str | None) -> Data:
    """The folder and its current version (a dozen ``stat`` calls: cheap enough for every rerun)."""
    return Data(geodata, folder_version(geodata))


# The last good version of each file of each folder, kept while a curator's edit has problems.
_good_layers: dict[str | None, dict[str, list[dict[str, Any]]]] = {}
_good_events: dict[str | None, Events] = {}


@shared(8)
def catalog(key: Data) -> Catalog:
    """The geodata folder, loaded and validated once per version."""
    loaded = load_catalog(key.folder, last_good=_good_layers.get(key.folder))
    _good_layers[key.folder] = {**_good_layers.get(key.folder, {}), **loaded.good}
    loaded.features = families_of(loaded, key.folder)  # who locates each feature, for its details
    return loaded


@shared(8)
def events(key: Data) -> Events:
    """The progress events of the geodata folder, validated against its features."""
    loaded = load_events(key.folder, known_ids=tuple(catalog(key).features.index),
                         last_good=_good_events.get(key.folder))
    if not loaded.problems:
        _good_events[key.folder] = loaded
    return loaded


@shared(32)
def features_as_of(key: Data, asof: str) -> gpd.GeoDataFrame:
    """The catalog's features with statuses as of ``asof`` (~20 ms a rerun otherwise)."""
    return frame_as_of(catalog(key).features, events(key), asof)


@shared(32)
def plan_count(key: Data, asof: str) -> int:
    """How many plan features there are (the match count's denominator)."""
    return len(plan_features(features_as_of(key, asof)))


@shared(32)
def option_counts(key: Data, asof: str) -> dict[str, dict[str, int]]:
    """How many plan features each filter value has as of ``asof``: {"categories": {...}, "groups": ..., ...}."""
    plan = plan_features(features_as_of(key, asof))
    return {"categories": plan["category"].value_counts().to_dict(), "groups": dict(Counter(plan_groups(plan))),
            "statuses": plan["status"].value_counts().to_dict()}


@shared(64)
def timeline_spec(key: Data, asof: str, ids: tuple[str, ...], lang: str, selected: str | None) -> dict:
    """The timeline's Vega-Lite spec for these projects (building and validating it costs ~200 ms), its
    datasets already in Arrow's IPC format: the page sends them as they are instead of converting the
    rows again on every rerun (that conversion was ~14 % of the server's CPU under load)."""
    frame = features_as_of(key, asof)
    segments, points = timeline_frames(frame.loc[list(ids)], events(key), lang)
    if segments.empty:
        return {}
    # Not validated against Vega-Lite's schema here (~30 ms a view): tests/view/test_timeline.py and every
    # timeline export (layers/export/charts.py) validate the same chart.
    spec = timeline_chart(segments, points, lang, selected).to_dict(validate=False)
    return {**spec, "datasets": {name: arrow_bytes(pa.Table.from_pylist(rows))
                                 for name, rows in spec.get("datasets", {}).items()}}


@shared(32)
def changes(key: Data, since: str, asof: str) -> tuple[Change, ...]:
    """The plan features whose status differs between ``since`` and ``asof``, with the events between."""
    after = plan_features(features_as_of(key, asof))
    return tuple(changed(features_as_of(key, since), after, events(key), date.fromisoformat(since),
                         asof_day(asof)))


@shared(16)
def compare_plan(key: Data, compare: str, lang: str, basemap: str) -> str | dict[str, Any]:
    """The plan data as of ``compare``, for the other side of a comparison: published like the live map's
    (its URL), or inline where the folder is read-only."""
    data = plan_layer_data(features_as_of(key, compare), lang, basemap)
    return publish_json(data, f"plan-compare-{lang}-{basemap}") or data


@shared(64)
def table(key: Data, asof: str, ids: tuple[str, ...], lang: str) -> pa.Table:
    """The page's table of these matches (``layers.view.words.table_frame``) as an Arrow table, made once:
    the page's dataframe then skips pandas' conversion on every rerun."""
    return pa.Table.from_pandas(table_frame(features_as_of(key, asof).loc[list(ids)], lang), preserve_index=False)


def arrow_bytes(table: pa.Table) -> bytes:
    """A table in Arrow's IPC stream format, as Streamlit sends a chart's data to the browser."""
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@shared(1)
def reference_layers() -> dict[str, gpd.GeoDataFrame]:
    """The reference layers (boundaries), read once."""
    return load_reference()


@shared(8)
def boundaries_for(basemap: str) -> Boundaries:
    """The boundaries ready to draw on one basemap."""
    return boundaries(reference_layers(), basemap)


@shared(32)
def _live_base(key: Data, asof: str, lang: str, basemap: str) -> Prerendered:
    frame = features_as_of(key, asof)
    bounds = boundaries_for(basemap)
    sources = published_sources(plan_layer_data(frame, lang, basemap), bounds, basemap, f"{lang}-{basemap}")
    fmap = build_base_map(bounds, FilterSpec(lang=lang, basemap=basemap), rail_legend(frame, lang), sources)
    return prerender(fmap, bundle=True)


def live_base(key: Data, asof: str, lang: str, basemap: str) -> Prerendered:
    """The live map's constant part, built and rendered once per data, date, language and basemap.

    Every plan feature goes into a static file the browser fetches once; a view change then only sends
    which features show (``layers.maps.live.plan_view_group``). Files someone deleted from
    ``static/cache`` under the running app are published again.
    """
    base = _live_base(key, asof, lang, basemap)
    if not all_present(base.published):
        _live_base.cache_clear()
        base = _live_base(key, asof, lang, basemap)
    return base


@shared(4)
def _png_unavailable(_chromium_setting: str | None, _minute: int) -> str | None:
    return png_unavailable()


def png_missing(chromium_setting: str | None) -> str | None:
    """What the server PNG lacks (``"playwright"``, ``"chromium"``), or None where it can run."""
    return _png_unavailable(chromium_setting, int(time.monotonic() // PNG_CHECK_S))


@shared(8)
def feed_url(key: Data, lang: str, base_url: str) -> str | None:
    """The Atom feed of the progress events in ``lang`` (``layers.export.feed``), written once per data into
    the static folder under a name that stays; its URL, or None where the folder is read-only."""
    frame = catalog(key).features
    feed = progress_feed(events(key), dict(zip(frame.index, frame[f"name_{lang}"], strict=True)), lang, base_url)
    return publish_fixed(feed, feed_name(lang))


@shared(1)
def export_pool() -> ExportPool:
    """Worker processes that make every export (and drive their own Chromium for PNGs), shared by all sessions."""
    return ExportPool()


__all__ = ["Data", "boundaries_for", "catalog", "changes", "compare_plan", "data", "events", "export_pool",
           "features_as_of", "feed_url", "live_base", "plan_count", "png_missing", "reference_layers", "table",
           "timeline_spec"]
