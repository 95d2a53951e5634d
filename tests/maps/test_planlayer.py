"""The live map's data path: plan data built once, published once, a view as bits; the base map rendered once."""

from __future__ import annotations

import json
import random

import pytest
from geopandas.testing import assert_geodataframe_equal
from streamlit.testing.v1 import AppTest
from streamlit_folium import generate_leaflet_string

from layers.data.events import frame_as_of, load_events
from layers.data.reference import load_reference
from layers.maps import planlayer
from layers.maps.mapbuild import build_base_map, prepare_reference, rail_legend, view_layers
from layers.maps.planlayer import CANVAS_ABOVE, live_sources, plan_layer_data, plan_view_group, shown_ids, visible_bits
from layers.maps.prerender import MAP_PLACEHOLDER, light_map, prerender
from layers.maps.publish import CACHE_DIR, all_present, publish_json, published_urls
from layers.view.filters import FilterSpec, ids_digest, table_frame
from layers.view.timeline import timeline_frames
from tests.conftest import ROOT


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 47, 10_001])
def test_visible_bits_round_trip(n):
    ids = [f"f-{i}" for i in range(n)]
    shown = set(random.Random(n).sample(ids, n // 3))
    bits = visible_bits(ids, shown)
    assert shown_ids(ids, bits) == [i for i in ids if i in shown]
    assert len(bits) <= 4 * ((n + 7) // 8 + 2) // 3 + 4  # base64 of one bit per feature


def test_plan_data_holds_every_feature_once_in_frame_order(catalog):
    data = plan_layer_data(catalog.features, "en", "offline")
    assert [f["id"] for f in data["features"]] == list(catalog.features.index)
    assert all(0 <= f["properties"]["s"] < len(data["styles"]) for f in data["features"])
    assert len(data["styles"]) < len(data["features"])  # deduplicated
    assert data["canvas"] is False and CANVAS_ABOVE >= 1000
    tips = [f["properties"]["tip"] for f in data["features"]]
    assert all(tip.startswith("<b>") for tip in tips)


def test_plan_data_escapes_text_and_follows_the_datum(catalog):
    frame = catalog.features.copy()
    first = frame.index[0]
    frame.loc[first, "name_en"] = '<img src=x onerror="alert(1)">'
    data = plan_layer_data(frame, "en", "offline")
    feature = data["features"][0]
    assert "<img" not in feature["properties"]["tip"] and "&lt;img" in feature["properties"]["tip"]
    assert feature["properties"]["label"] == '<img src=x onerror="alert(1)">'  # set as text in the browser
    shifted = plan_layer_data(frame, "en", "gaode")
    assert json.dumps(shifted["features"][0]["geometry"]) != json.dumps(feature["geometry"])


def test_publish_writes_once_under_a_content_name(tmp_path):
    url = publish_json({"a": 1}, "plan-x", tmp_path, "/app/static/cache")
    assert url and url.startswith("/app/static/cache/plan-x-") and url.endswith(".json")
    path = tmp_path / url.rsplit("/", 1)[1]
    assert json.loads(path.read_text()) == {"a": 1}
    assert publish_json({"a": 1}, "plan-x", tmp_path, "/app/static/cache") == url
    assert publish_json({"a": 2}, "plan-x", tmp_path, "/app/static/cache") != url
    assert not list(tmp_path.glob(".*.tmp"))


def test_publish_prunes_old_versions(tmp_path):
    for i in range(70):
        publish_json({"i": i}, "plan-y", tmp_path, "/c")
    assert len(list(tmp_path.glob("plan-y-*.json"))) == 64


def test_publish_falls_back_to_inline_where_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert publish_json({"a": 1}, "plan-z", blocker / "cache", "/c") is None


def test_unwritable_cache_sends_the_data_inline(catalog, monkeypatch):
    monkeypatch.setattr(planlayer, "publish_json", lambda *_a, **_k: None)
    base = prepare_reference(load_reference(), "offline")
    data = plan_layer_data(catalog.features, "en", "offline")
    sources = live_sources(data, base, "en-offline")
    assert sources.plan is data and isinstance(sources.reference, dict)
    script = prerender(build_base_map(base, FilterSpec(), live=sources)).script
    assert '"data": {' in script and "/app/static/cache" not in script


def test_prerendered_base_runs_against_each_new_map(catalog):
    base = prepare_reference(load_reference(), "offline")
    sources = live_sources(plan_layer_data(catalog.features, "en", "offline"), base, "en-offline")
    pre = prerender(build_base_map(base, FilterSpec(), rail_legend(catalog.features, "en"), live=sources))
    assert MAP_PLACEHOLDER in pre.script and "MH.plan(" in pre.script and "MH.reference(" in pre.script
    assert "L.control.layers" in pre.script  # the category groups' layer control is part of the base
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
    view = view_layers(frame, spec)
    group = plan_view_group(frame.index, view.shown, spec.feature, {"title": "t"})
    group.add_to(light_map(prerender(build_base_map(prepare_reference(load_reference(), "offline"), spec))))
    element = next(iter(group._children.values()))
    script = element._template.module.script(element)
    payload = json.loads(script[script.index("{"):script.rindex("}") + 1])
    assert set(shown_ids(list(frame.index), payload["shown"])) == set(view.shown)
    assert payload["selected"] == frame.index[3] and payload["info"] == {"title": "t"}
    assert len(script) < 1000


def test_per_view_work_never_changes_the_shared_frames(catalog):
    """The dashboard shares the catalog and dated frames between reruns (cache_resource): nothing may mutate them."""
    frame = catalog.features
    before = frame.copy()
    events = load_events(None, known_ids=tuple(frame.index))
    dated = frame_as_of(frame, events, "latest")
    dated_before = dated.copy()
    for spec in (FilterSpec(), FilterSpec(regions=frozenset({"south"}), q="park", basemap="gaode", lang="zh"),
                 FilterSpec(feature=frame.index[0], categories=frozenset({"park"}))):
        view = view_layers(dated, spec)
        _ = (view.features, view.outlines, view.selected, view.focus, view.framing(), view.shown)
        table_frame(view.matches, spec.lang)
        timeline_frames(dated.loc[list(view.matches.index)], events, spec.lang)
        plan_layer_data(dated, spec.lang, spec.basemap)
        ids_digest(view.matches.index)
    assert_geodataframe_equal(frame, before)
    assert_geodataframe_equal(dated, dated_before)


def test_an_emptied_cache_is_published_again():
    """Someone empties static/cache under a running app: the next rerun publishes the files again."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    urls = published_urls(args["script"], *args["js_links"])
    assert len(urls) >= 3 and all_present(urls)  # plan data, boundaries, script bundle
    for url in urls:
        (CACHE_DIR / url.rsplit("/", 1)[1]).unlink()
    assert not all_present(urls)
    at.checkbox(key="region_south").uncheck().run()
    assert not at.exception
    assert all_present(urls)
