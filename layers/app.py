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

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, MutableMapping
from datetime import date
from functools import partial
from typing import Any, NamedTuple, Protocol, TypeVar

import cachetools
import folium
import geopandas as gpd
import pyarrow as pa

from layers.data.asof import day_of
from layers.data.audit import families_of
from layers.data.catalog import ENV_VAR, Catalog, folder_version, load_catalog
from layers.data.events import Events, frame_as_of, load_events
from layers.data.reference import load_reference
from layers.data.validate import Problem
from layers.export.door import build_door, prune_versions
from layers.export.feed import feed_name, followed, page_url, progress_feed, public_url, verdicts_of
from layers.export.formats import Size, export_filename
from layers.export.png import CHROMIUM_ENV, BrowserNotFoundError, RenderError, png_unavailable
from layers.export.pool import ExportPool
from layers.maps.assets import app_path
from layers.maps.base import Boundaries, boundaries, build_base_map, legend_statuses
from layers.maps.framing import Framing, keep_place
from layers.maps.live import plan_view_group, published_sources, station_rings
from layers.maps.prerender import Prerendered, light_map, prerender
from layers.maps.publish import CACHE_URL, all_present, cache_dir, folder_tag, publish_fixed, publish_json
from layers.maps.scene import Scene, make_scene
from layers.maps.wire import plan_layer_data
from layers.view.cite import citation as cite
from layers.view.cite import pinned_link
from layers.view.details import details_blocks, events_blocks, feature_details, line_stations_blocks
from layers.view.filters import plan_features, plan_order
from layers.view.i18n import t
from layers.view.near import near_blocks
from layers.view.rollup import near_sentence
from layers.view.spec import LIST_FILTERS, FilterSpec
from layers.view.textsafe import md_escape
from layers.view.timeline import timeline_chart, timeline_frames
from layers.view.words import names_of, table_frame

R_co = TypeVar("R_co", covariant=True)
PNG_CHECK_S = 60  # looking for Chromium costs ~1 ms: once a minute, and whenever MINHANG_CHROMIUM changes


class Shared(Protocol[R_co]):
    """A function whose answers :func:`shared` keeps: call it as before; ``cache_clear`` forgets them."""

    def __call__(self, *args: Any, **kwargs: Any) -> R_co: ...

    def cache_clear(self) -> None: ...


def shared(maxsize: int) -> Callable[[Callable[..., R_co]], Shared[R_co]]:
    """Keep a function's last ``maxsize`` answers, least recently used first out, each computed once: sessions
    asking for the same thing at the same time (a link shared in a chat, opened by many at once) wait for
    the first one's answer instead of all computing it (``functools.lru_cache`` would let them all)."""
    condition = threading.Condition()
    return cachetools.cached(cachetools.LRUCache(maxsize), lock=condition, condition=condition, info=True)


class Data(NamedTuple):
    """A geodata folder (None: ``$MINHANG_GEODATA`` or ours) as it is now: the key of everything made from it."""

    folder: str | None
    version: tuple[tuple[str, int, int], ...]


def data(geodata: str | None = None) -> Data:
    """The folder (``geodata``, else ``$MINHANG_GEODATA``, else ours) and its current version (a dozen ``stat``
    calls: cheap enough for every rerun, so a curator's edit shows on the next page load)."""
    folder = geodata if geodata is not None else os.environ.get(ENV_VAR)
    return Data(folder, folder_version(folder))


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


def problems(key: Data) -> list[Problem]:
    """Every problem of the folder's geodata and events, each naming its file, feature and field."""
    return [*catalog(key).problems, *events(key).problems]


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
    """How many plan features each list filter's values have as of ``asof``: {"categories": {...}, ...}."""
    plan = plan_features(features_as_of(key, asof))
    return {f.attr: dict(Counter(plan[f.field].tolist())) for f in LIST_FILTERS}


def timeline(key: Data, scene: Scene) -> dict:
    """The timeline of the scene's matches (:func:`timeline_spec`); empty where none has a history to draw."""
    spec = scene.spec
    return timeline_spec(key, spec.asof, tuple(scene.shown.matches.index), spec.lang, spec.feature)


def table(key: Data, scene: Scene) -> pa.Table:
    """The table of the scene's matches (:func:`table_of`), in the plan's order (:func:`table_ids`)."""
    return table_of(key, scene.spec.asof, table_ids(scene), scene.spec.lang)


def table_ids(scene: Scene) -> tuple[str, ...]:
    """The table's rows: the scene's matches in the plan's order (``layers.view.filters.plan_order``)."""
    return tuple(plan_order(scene.shown.matches))


@shared(64)
def timeline_spec(key: Data, asof: str, ids: tuple[str, ...], lang: str, selected: str | None) -> dict:
    """The timeline's Vega-Lite spec for these projects (building and validating it costs ~200 ms), its
    datasets already in Arrow's IPC format: the page sends them as they are instead of converting the
    rows again on every rerun (that conversion was ~14 % of the server's CPU under load)."""
    frame = features_as_of(key, asof)
    segments, points = timeline_frames(frame.loc[list(ids)], events(key), lang, day_of(asof))
    if segments.empty:
        return {}
    # Not validated against Vega-Lite's schema here (~30 ms a view): tests/view/test_timeline.py and every
    # timeline export (layers/export/charts.py) validate the same chart.
    spec = timeline_chart(segments, points, lang, selected).to_dict(validate=False)
    return {**spec, "datasets": {name: arrow_bytes(pa.Table.from_pylist(rows))
                                 for name, rows in spec.get("datasets", {}).items()}}


@shared(64)
def scene(key: Data, spec: FilterSpec, today: date) -> Scene:
    """What the view ``spec`` draws and says (``layers.maps.scene``), from the cached dated frames; ``today``
    keys it, so a scene made before midnight is not shown after."""
    return make_scene(partial(features_as_of, key), spec, events(key), today)


def kept(made: Shared[R_co], published: Callable[[R_co], tuple[str, ...]], *args: Any) -> R_co:
    """``made(*args)``, its kept answer unless a file it published has gone (someone emptied ``static/cache``
    under the running app): then made, and published, again. ``published``: the URLs an answer names."""
    answer = made(*args)
    if not all_present(published(answer)):
        made.cache_clear()
        answer = made(*args)
    return answer


def _url(answer: object) -> tuple[str, ...]:
    return (answer,) if isinstance(answer, str) else ()


def compare_plan(key: Data, compare: str, lang: str, basemap: str) -> str | dict[str, Any]:
    """The plan data as of ``compare``, for the other side of a comparison: published like the live map's
    (its URL), or inline where the folder is read-only."""
    return kept(_compare_plan, _url, key, compare, lang, basemap)


@shared(16)
def _compare_plan(key: Data, compare: str, lang: str, basemap: str) -> str | dict[str, Any]:
    data = plan_layer_data(features_as_of(key, compare), lang, basemap)
    return publish_json(data, f"plan-compare-{_stem(key, lang, basemap)}") or data


@shared(64)
def table_of(key: Data, asof: str, ids: tuple[str, ...], lang: str) -> pa.Table:
    """The page's table of these matches (``layers.view.words.table_frame``) as an Arrow table, made once:
    the page's dataframe then skips pandas' conversion on every rerun."""
    return pa.Table.from_pandas(table_frame(features_as_of(key, asof).loc[list(ids)], lang), preserve_index=False)


def arrow_bytes(table: pa.Table) -> bytes:
    """A table in Arrow's IPC stream format, as Streamlit sends a chart's data to the browser."""
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _stem(key: Data, *parts: str) -> str:
    """How a file published from the folder's data is named after its kind (``plan-<stem>``): the folder's
    tag (``layers.maps.publish.folder_tag``), if any, then ``parts``."""
    return "-".join(filter(None, (folder_tag(key.folder), *parts)))


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
    sources = published_sources(plan_layer_data(frame, lang, basemap), bounds, basemap, lang,
                                _stem(key, lang, basemap))
    fmap = build_base_map(bounds, FilterSpec(lang=lang, basemap=basemap), legend_statuses(frame), sources,
                          door=door_path(key), rings=station_rings(frame, basemap))
    return prerender(fmap, bundle=True)


def live_base(key: Data, asof: str, lang: str, basemap: str) -> Prerendered:
    """The live map's constant part, built and rendered once per data, date, language and basemap.

    Every plan feature goes into a static file the browser fetches once; a view change then only sends
    which features show (``layers.maps.live.plan_view_group``). Files someone deleted from
    ``static/cache`` under the running app are published again.
    """
    return kept(_live_base, lambda base: base.published, key, asof, lang, basemap)


@shared(4)
def _png_unavailable(_chromium_setting: str | None, _minute: int) -> str | None:
    return png_unavailable()


def png_missing() -> str | None:
    """What the server PNG lacks (``"playwright"``, ``"chromium"``), or None where it can run."""
    return _png_unavailable(os.environ.get(CHROMIUM_ENV), int(time.monotonic() // PNG_CHECK_S))


def feed_url(key: Data, lang: str, *, feature: str | None = None, region: str | None = None) -> str | None:
    """The Atom feed of the progress events in ``lang`` (``layers.export.feed``): of the whole plan, or of one
    ``feature`` or ``region`` followed. Written once per data into the static folder under a name that stays (one
    per data folder and what it follows), its links to the public address the server is configured with
    (``$MINHANG_PUBLIC_URL``) or relative to it, never to what a reader's browser reports; its address from the
    page (which is the app's root), or None where the folder is read-only or the feature is not the plan's.
    Written again when someone deleted it."""
    try:
        published = kept(_feed_url, _url, key, lang, public_url(), feature, region)
    except KeyError:
        return None
    return app_path(published) if published else None


@shared(64)
def _feed_url(key: Data, lang: str, public: str | None, feature: str | None, region: str | None) -> str | None:
    frame = catalog(key).features
    only, scope, of = followed(frame, lang, feature=feature, region=region)
    name = feed_name(lang, folder_tag(key.folder), of)
    names = names_of(frame, lang)
    feed = progress_feed(events(key), names, lang, public, name, only=only, scope=scope,
                         verdicts=verdicts_of(features_as_of(key, "latest"), lang, names), door=door_path(key))
    return publish_fixed(feed, name)


# The app's root as the door names it: the door is served at <root>/app/static/cache/door/index.html (Streamlit's
# static serving, or the proxy's, deploy/nginx.conf), so its explore link reaches the app under any mount.
DOOR_APP_URL = "../../../../"


def door_path(key: Data) -> str:
    """Where the reader door of this data is, from the app's root (``door_url`` publishes it there): what the share
    control and the feed link to."""
    return app_path(f"{CACHE_URL}/{_door_folder(key)}/index.html")


def _door_folder(key: Data) -> str:
    tag = folder_tag(key.folder)
    return f"door{'-' + tag if tag else ''}"


def door_url(key: Data) -> str | None:
    """The reader door (``layers.export.door``) of this data, written once per data and day into the static folder
    (``door/index.html``, and its version under ``door/v/``); its address from the page (the app's root), or None
    where the folder is read-only."""
    published = kept(_door_url, _url, key, date.today().isoformat())
    return app_path(published) if published else None


@shared(4)
def _door_url(key: Data, day: str) -> str | None:
    door = build_door(catalog(key).features, events(key), reference_layers(), app_url=DOOR_APP_URL,
                      today=date.fromisoformat(day))
    folder = _door_folder(key)
    url = None
    for name in sorted(door.files, key=lambda n: n == "index.html"):  # the version first, the plain address last
        url = publish_fixed(door.files[name], f"{folder}/{name}")
        if url is None:
            return None
    prune_versions(cache_dir() / folder)
    return url


def live_map(key: Data, scene: Scene, state: MutableMapping[str, Any], report: str | None, titled: bool = False
             ) -> tuple[folium.Map, folium.FeatureGroup, Framing]:
    """The live map of a scene: its base, made once per data, date, language and basemap and sent as one
    element; the scene's view (``layers.maps.live.plan_view_group``) and its framing, the reader's place kept
    where only the selection changed (``layers.maps.framing.keep_place``, in the session's ``state``).
    ``report``: the field the map sets once drawn, while the page waits for it; ``titled``: the map carries the
    title (an embed has no page round it)."""
    spec = scene.spec
    framing = keep_place(state, spec, scene.framing)
    compare = compare_plan(key, spec.compare, spec.lang, spec.basemap) if spec.compare else None
    return (light_map(live_base(key, spec.asof, spec.lang, spec.basemap)),
            plan_view_group(scene, scene.frame.index, report=report, compare_source=compare, titled=titled,
                            framing=framing), framing)


def citation(key: Data, scene: Scene, url: str | None) -> str:
    """How to cite the scene (``layers.view.cite``), its link pinned to the date shown, on the page's public
    address (``$MINHANG_PUBLIC_URL``) or, without one, at ``url``, where this reader sees it."""
    spec = scene.spec
    page = page_url(public_url() or url)
    return cite(scene.shown.matches, events(key), spec.asof, spec.lang, pinned_link(page, spec),
                near=near_sentence(scene.shown.matches, spec))


def details(key: Data, scene: Scene) -> list[tuple[str, str]]:
    """The details panel of the scene's selected feature as (kind, Markdown) blocks: what the plan says about
    it, then what has happened to it since (``layers.view.details``); none where nothing is selected."""
    if scene.shown.selected is None:
        return []
    lang, row = scene.spec.lang, scene.shown.selection.iloc[0]
    names = names_of(scene.frame, lang)
    via = row.get("via") if isinstance(row.get("via"), str) else None  # a station the plan names through its line
    fid = scene.shown.selected
    feed = feed_url(key, lang, feature=fid)  # a reader follows this project alone
    return [*details_blocks(feature_details(row, lang, names)),
            *line_stations_blocks(scene.frame, fid, lang),  # a line lists its stations
            *near_blocks(scene.frame, fid, lang),  # its nearest stations, straight lines
            *events_blocks(events(key), fid, lang, via, names),
            *([("text", f"[{md_escape(t('feed_follow', lang))}]({feed})")] if feed else [])]


# What an export can fail with, each with a message for the reader: no Chromium, a failed render, a file error.
EXPORT_ERRORS = (BrowserNotFoundError, RenderError, OSError, ValueError)


def export(key: Data, spec: FilterSpec, fmt: str, size: Size) -> tuple[str, bytes]:
    """One export of the view (made in a worker process, ``layers.export.pool``): its file name and bytes."""
    made = export_pool().export(fmt, catalog(key).features, reference_layers(), spec, size=size, events=events(key))
    return export_filename(spec, fmt), made


@shared(1)
def export_pool() -> ExportPool:
    """Worker processes that make every export (and drive their own Chromium for PNGs), shared by all sessions."""
    return ExportPool()


__all__ = ["DOOR_APP_URL", "EXPORT_ERRORS", "Data", "boundaries_for", "catalog", "citation", "compare_plan", "data",
           "details", "door_path", "door_url", "events", "export", "export_pool", "features_as_of", "feed_url", "kept",
           "live_base", "live_map", "plan_count", "png_missing", "problems", "reference_layers", "scene", "table",
           "table_of", "timeline", "timeline_spec"]
