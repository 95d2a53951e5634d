"""The live map's data path: plan data built once, published once, a view as bits; the base map rendered once."""

from __future__ import annotations

import json
import os
import stat

from geopandas.testing import assert_geodataframe_equal
from streamlit_folium import generate_leaflet_string

from layers.data.events import frame_as_of, load_events
from layers.data.reference import load_reference
from layers.maps import live
from layers.maps.base import boundaries, build_base_map, legend_statuses
from layers.maps.framing import frame_view
from layers.maps.live import plan_view_group, published_sources
from layers.maps.prerender import MAP_PLACEHOLDER, light_map, prerender
from layers.maps.publish import CACHE_DIR, all_present, publish_bytes, publish_fixed, publish_json, published_urls
from layers.maps.scene import dated, make_scene
from layers.maps.wire import plan_layer_data
from layers.view.filters import shown_by
from layers.view.spec import FilterSpec
from layers.view.timeline import timeline_frames
from layers.view.words import table_frame
from support.apptest import dashboard_test
from support.mapargs import shown_ids


def test_publish_writes_once_under_a_content_name(tmp_path):
    url = publish_json({"a": 1}, "plan-x", tmp_path, "/app/static/cache")
    assert url and url.startswith("/app/static/cache/plan-x-") and url.endswith(".json")
    path = tmp_path / url.rsplit("/", 1)[1]
    assert json.loads(path.read_text()) == {"a": 1}
    assert publish_json({"a": 1}, "plan-x", tmp_path, "/app/static/cache") == url
    assert publish_json({"a": 2}, "plan-x", tmp_path, "/app/static/cache") != url
    assert not list(tmp_path.glob(".*.tmp"))


def test_what_is_published_is_readable_by_a_web_server_of_another_user_whatever_the_umask(tmp_path):
    """Debian's nginx reads as www-data: a file (and a folder made for it) must be readable by all, even when the
    app runs with umask 077 (it wrote 0600, and nginx answered 403 for the map's scripts)."""
    old = os.umask(0o077)
    try:
        folder = tmp_path / "new" / "cache"
        publish_bytes(b"MH = 1;", "map-scripts", ".js", folder)
        publish_fixed(b"<feed/>", "feed-en.xml", folder)
        publish_json({"a": 1}, "plan", folder)
    finally:
        os.umask(old)
    files = sorted(folder.iterdir())
    assert len(files) == 3 and not list(folder.glob(".*"))  # no temporary file left
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o644 for f in files), [oct(f.stat().st_mode) for f in files]
    assert stat.S_IMODE(folder.stat().st_mode) == stat.S_IMODE(folder.parent.stat().st_mode) == 0o755


def test_publish_prunes_old_versions(tmp_path):
    for i in range(70):
        publish_json({"i": i}, "plan-y", tmp_path, "/c")
    assert len(list(tmp_path.glob("plan-y-*.json"))) == 64


def test_publish_falls_back_to_inline_where_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert publish_json({"a": 1}, "plan-z", blocker / "cache", "/c") is None


def test_unwritable_cache_sends_the_data_inline(catalog, monkeypatch):
    monkeypatch.setattr(live, "publish_json", lambda *_a, **_k: None)
    base = boundaries(load_reference(), "offline")
    data = plan_layer_data(catalog.features, "en", "offline")
    sources = published_sources(data, base, "offline", "en", "en-offline")
    assert sources.plan is data and isinstance(sources.reference, dict)
    script = prerender(build_base_map(base, FilterSpec(), (), sources)).script
    assert '"data": {' in script and "/app/static/cache" not in script


def test_prerendered_base_runs_against_each_new_map(catalog):
    base = boundaries(load_reference(), "offline")
    sources = published_sources(plan_layer_data(catalog.features, "en", "offline"), base, "offline", "en",
                                "en-offline")
    pre = prerender(build_base_map(base, FilterSpec(), legend_statuses(catalog.features), sources))
    assert MAP_PLACEHOLDER in pre.script and "MH.plan(" in pre.script and "MH.reference(" in pre.script
    assert "MH.layerControl(" in pre.script  # the category groups' layer control is part of the base
    assert len(pre.script) < 40_000  # the features and boundaries are fetched, never in the script
    assert any(url.endswith("minhang-plan.js") for _, url in pre.js_links)
    one, two = light_map(pre), light_map(pre)
    assert one.get_name() != two.get_name()
    one.get_root().render()  # as streamlit-folium does, then it reads each element's script
    script = generate_leaflet_string(one)
    assert MAP_PLACEHOLDER not in script and "MH.plan(map_div," in script


def test_a_view_sends_bits_and_the_selection(catalog):
    frame = catalog.features
    spec = FilterSpec(regions=frozenset({"north"}), feature=frame.index[3])
    scene = make_scene(dated(frame, None), spec)
    (element,) = plan_view_group(scene, frame.index)._children.values()
    assert set(shown_ids(list(frame.index), element.view["shown"])) == set(scene.shown.ids)
    assert element.view["selected"] == frame.index[3] and element.view["info"] == scene.info
    assert element.view["fit"]["maxZoom"] == 14 and len(json.dumps(element.view)) < 1500
    assert "changed" not in element.view and "compare" not in element.view


def test_per_view_work_never_changes_the_shared_frames(catalog):
    """The page shares the catalog and dated frames between reruns and sessions (layers.app): nothing may
    mutate them."""
    frame = catalog.features
    before = frame.copy()
    events = load_events(None, known_ids=tuple(frame.index))
    dated = frame_as_of(frame, events, "latest")
    dated_before = dated.copy()
    for spec in (FilterSpec(), FilterSpec(regions=frozenset({"south"}), q="park", basemap="gaode", lang="zh"),
                 FilterSpec(feature=frame.index[0], categories=frozenset({"park"}))):
        shown = shown_by(dated, spec)
        _ = (shown.ids, shown.focus, shown.selected, frame_view(shown, spec))
        table_frame(shown.matches, spec.lang)
        timeline_frames(dated.loc[list(shown.matches.index)], events, spec.lang)
        plan_layer_data(dated, spec.lang, spec.basemap)
    assert_geodataframe_equal(frame, before)
    assert_geodataframe_equal(dated, dated_before)


def test_an_emptied_cache_is_published_again():
    """Someone empties static/cache under a running app: the next rerun publishes the files again."""
    at = dashboard_test().run()
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    urls = published_urls(args["script"], *args["js_links"])
    assert len(urls) >= 3 and all_present(urls)  # plan data, boundaries, script bundle
    for url in urls:
        (CACHE_DIR / url.rsplit("/", 1)[1]).unlink()
    assert not all_present(urls)
    at.checkbox(key="region_south").uncheck().run()
    assert not at.exception
    assert all_present(urls)
