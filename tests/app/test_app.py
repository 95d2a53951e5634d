"""The dashboard through Streamlit's AppTest: each widget changes what the map draws; bad links never crash it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.data.datum import wgs84_to_gcj02
from layers.data.events import load_events
from layers.data.reference import load_reference
from layers.export.formats import Job
from layers.export.html import build_export_map
from layers.maps.assets import OWN_URL, STATIC_URL
from layers.maps.publish import CACHE_URL
from layers.view.spec import FilterSpec
from layers.view.textsafe import md_escape
from support.apptest import dashboard_test
from support.mapargs import drawn_features, plan_view, read_published
from tests.conftest import ROOT, collection, good_feature
from tests.elements import control_html, view_of

APP = str(ROOT / "dashboard.py")


def run_app(params: dict[str, str] | None = None, env_dir: Path | None = None, monkeypatch=None) -> AppTest:
    if env_dir is not None and monkeypatch is not None:
        monkeypatch.setenv("MINHANG_GEODATA", str(env_dir))
    at = dashboard_test()
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at: AppTest) -> dict:
    components = at.get("component_instance")
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def drawn(at: AppTest) -> set[str]:
    """The ids of the features the map shows in this view."""
    return {f["id"] for f in drawn_features(map_args(at))}


def count_text(at: AppTest) -> str:
    return next(m.value for m in at.sidebar.markdown if "match" in m.value or "符合" in m.value)


@pytest.fixture(scope="module")
def default_app() -> AppTest:
    return run_app()


def test_default_view_draws_every_feature(default_app, catalog):
    assert drawn(default_app) == set(catalog.features.index)
    assert count_text(default_app) == f"**{len(catalog.features) - 3} of {len(catalog.features) - 3} features match**"
    args = map_args(default_app)
    # Relative to the map's frame, so the app works wherever a proxy mounts it (layers.maps.assets.APP_ROOT).
    local = (f"{STATIC_URL}/", f"{OWN_URL}/", f"{CACHE_URL}/")
    assert all(u.startswith(local) for u in args["js_links"] + args["css_links"])
    # Leaflet, then the plugins and our own scripts in published bundles (one round trip, not eight).
    leaflet, *bundles = args["js_links"]
    assert leaflet == "../../app/static/vendor/leaflet/leaflet.js"
    assert bundles and all(u.startswith(f"{CACHE_URL}/map-scripts-") for u in bundles)
    bundle = "".join(read_published(u).decode() for u in bundles)
    assert "L.Control.MiniMap" in bundle and "MH.planView" in bundle and "domtoimage" in bundle
    assert args["returned_objects"] == ["last_active_drawing"]


def test_switching_south_off_removes_its_outline_and_features():
    at = run_app()
    at.checkbox(key="region_south").uncheck().run()
    shown = drawn(at)
    assert "qizhong-tennis-center" not in shown and "region-south" not in shown
    assert {"station-hongqiao-railway", "region-north"} <= shown
    assert at.query_params["regions"] == "north,central"


def test_category_status_and_search_filters_combine():
    at = run_app()
    at.multiselect(key="categories").set_value(["infrastructure"]).run()
    at.multiselect(key="statuses").set_value(["study"]).run()
    shown = drawn(at)
    assert {"tod-zizhu-hitech-park", "tod-shendu-highway"} <= shown
    assert "jiamin-line" not in shown and "qianwan-park" not in shown
    at.text_input(key="q").input("shendu").run()
    shown = drawn(at)
    assert "tod-shendu-highway" in shown and "tod-zizhu-hitech-park" not in shown
    assert count_text(at).startswith("**1 of")
    at.button(key="reset").click().run()
    assert "jiamin-line" in drawn(at)
    assert dict(at.query_params) == {}


def tennis_centre(at: AppTest) -> list[float]:
    """Where the map draws the tennis centre (a point)."""
    drawn = drawn_features(map_args(at))
    return next(f["geometry"]["coordinates"] for f in drawn if f["id"] == "qizhong-tennis-center")


def test_gaode_basemap_shifts_overlays_and_adds_its_tiles(catalog):
    at = run_app()
    stored = catalog.features.at["qizhong-tennis-center", "geometry"]
    assert tennis_centre(at) == pytest.approx([stored.x, stored.y], abs=1e-9)
    at.selectbox(key="basemap").set_value("gaode").run()
    assert "autonavi.com" in map_args(at)["script"]
    assert tennis_centre(at) == pytest.approx(list(wgs84_to_gcj02(stored.x, stored.y)), abs=1e-9)


def test_language_switch_changes_interface_and_names():
    at = run_app()
    at.radio(key="lang").set_value("zh").run()
    assert at.title[0].value == "闵行战略地图"
    names = {f["properties"]["label"] for f in drawn_features(map_args(at)) if "label" in f["properties"]}
    assert "旗忠森林体育城网球中心（上海大师赛）" in names
    assert at.query_params["lang"] == "zh"


def test_shared_url_reproduces_the_view():
    at = run_app({"regions": "north", "categories": "park,zone", "lang": "zh", "feature": "qianwan-park"})
    shown = drawn(at)
    assert "qianwan-park" in shown and "greater-neo-bay" not in shown
    assert at.markdown and any("前湾公园" in m.value for m in at.markdown)
    assert map_args(at)["zoom"] >= 13


@pytest.mark.parametrize(
    "params",
    [{"regions": "mars"}, {"basemap": "<script>alert(1)</script>"}, {"lang": "xx"}, {"feature": "nope"},
     {"status": ",,,"}, {"q": "x" * 100_000}, {"zoom": "3"}, {"feature": "\"><svg onload=alert(1)>"}],
    ids=["region", "basemap-html", "lang", "feature", "commas", "huge", "unknown-key", "feature-html"],
)
def test_bad_urls_show_a_notice_and_the_default_view(params):
    at = run_app(params)
    notice = notice_of(at)
    assert notice, "a visible notice"
    assert "<script>" not in notice and "<svg" not in notice  # shown as typed: escaped
    assert "jiamin-line" in drawn(at)


def notice_of(at: AppTest) -> str | None:
    """The HTML of the page's notice of a link's ignored parameters, if it shows one."""
    return next((m.value for m in at.markdown if 'class="mh-notices"' in m.value), None)


def test_a_link_notice_speaks_the_page_language_and_closes():
    at = run_app({"regions": "mars", "lang": "zh"})
    notice = notice_of(at)
    assert notice and "链接中的部分参数已忽略" in notice and "无法识别的值" in notice
    # What the link held, as typed and as a link spells it: code of no language, escaped.
    assert '<code lang="zxx">&#x27;mars&#x27;</code>' in notice and '<code lang="zxx">regions</code>' in notice
    at.button(key="notices_close").click().run()
    assert notice_of(at) is None and "regions" not in at.query_params
    at.checkbox(key="region_north").uncheck().run()  # the notice stays closed as the view changes
    assert notice_of(at) is None


def test_bad_geodata_folder_shows_problems_and_the_good_layers(tmp_path, monkeypatch):
    (tmp_path / "good.geojson").write_text(json.dumps(collection(good_feature(id="still-here"))), encoding="utf-8")
    (tmp_path / "bad.geojson").write_text("{oops", encoding="utf-8")
    at = run_app(env_dir=tmp_path, monkeypatch=monkeypatch)
    assert "still-here" in drawn(at)
    # Readers see one calm line; the list, for a curator, is folded under it (escaped, in the validator's words).
    panel = at.expander[0]  # the page's first: above the map
    assert panel.label == "Some project data could not be read; the map shows the rest."
    assert not panel.proto.expanded
    listed = "\n".join(m.value for m in panel.markdown)
    assert "1 problem(s)" in listed and '<ul lang="en">' in listed and "bad.geojson: invalid JSON" in listed


def test_a_control_character_in_the_data_is_named_and_the_desktop_page_stays_whole(dirty_folder, monkeypatch):
    at = run_app(env_dir=dirty_folder, monkeypatch=monkeypatch)  # no exception (run_app checks), as read
    assert "qianwan-park" in drawn(at)
    named = at.expander[0].markdown[0].value  # the curator's list, HTML-escaped
    assert "U+0001" in named and "field &#x27;name_en&#x27;" in named and "field &#x27;evidence&#x27;" in named
    assert at.get("code") and at.selectbox(key="export_format")  # the export panel is there
    assert any("Atom" in m.value for m in at.markdown)  # with its feed link: the feed was written


# PNG: tests/browser/test_export_panel.py (the server renders it with Playwright and Chromium).
@pytest.mark.parametrize(("fmt", "suffix"), [("geojson", ".geojson"), ("csv", ".csv")])
def test_export_panel_offers_a_named_download(fmt, suffix):
    at = run_app({"regions": "north", "categories": "park"})
    at.selectbox(key="export_format").set_value(fmt).run()
    at.button(key="export_go").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    assert len(downloads) == 1
    assert "minhang-north-park-" in downloads[0].proto.label and suffix in downloads[0].proto.label


def test_a_framed_view_from_a_link_holds_until_the_view_changes():
    at = run_app({"regions": "south", "center": "31.03000,121.43000", "zoom": "15"})
    assert map_args(at)["zoom"] == 15 and map_args(at)["center"] == [31.03, 121.43]
    assert at.query_params["center"] == "31.03000,121.43000" and at.query_params["zoom"] == "15"
    at.checkbox(key="region_north").check().run()
    assert "center" not in at.query_params and map_args(at)["zoom"] != 15


@pytest.mark.parametrize("params", [{"center": "121.43,31.03", "zoom": "14"}, {"center": "31.03,121.43"},
                                    {"center": "x,y", "zoom": "14"}, {"center": "31.03,121.43", "zoom": "40"}],
                         ids=["lon-lat", "no-zoom", "words", "zoom-range"])
def test_a_bad_framed_view_gets_a_notice_and_the_fitted_view(params):
    at = run_app(params)
    assert "view ignored" in (notice_of(at) or "")
    assert "center" not in at.query_params


def table_status(at: AppTest, name: str) -> str:
    table = at.dataframe[0].value
    return table.loc[table.iloc[:, 0] == name].iloc[0, 3]


def test_asof_restyles_filters_and_round_trips_through_the_url():
    at = run_app()  # latest known report by default: the Airport Link opened in December 2024
    assert at.radio(key="asof_mode").value == "latest"
    assert table_status(at, "Airport Link Line") == "Partly open"
    assert "partly_open" in {f["properties"]["status"] for f in drawn_features(map_args(at))}
    at.radio(key="asof_mode").set_value("plan").run()
    assert table_status(at, "Airport Link Line") == "Under construction"
    assert at.query_params["asof"] == "plan"
    at.radio(key="asof_mode").set_value("date").run()
    at.date_input(key="asof_day").set_value(dt.date(2024, 6, 1)).run()
    assert at.query_params["asof"] == "2024-06-01"
    assert table_status(at, "Airport Link Line") == "Under construction"
    # A shared link reopens the same date, and the status filter reads the status as of that date.
    again = run_app({"asof": "2025-01-01", "status": "partly_open"})
    assert again.radio(key="asof_mode").value == "date"
    assert again.date_input(key="asof_day").value == dt.date(2025, 1, 1)
    assert "airport-link-line" in drawn(again) and "jiamin-line" not in drawn(again)
    planned = run_app({"asof": "plan", "status": "partly_open"})
    assert "airport-link-line" not in drawn(planned)


def test_details_list_the_progress_events_with_their_sources():
    at = run_app({"feature": "s32-puxing-ramp"})
    text = "\n".join(m.value for m in at.markdown)
    assert "2025\\-07\\-01" in text and "Completed" in text and "](<http" in text  # Markdown-escaped text
    assert any("Progress since the plan" in s.value for s in at.subheader)


def test_below_the_map_waits_for_the_maps_first_draw():
    """A session's first run sends the map and what sits beside it; the roll-up, timeline, table and
    export panel come once the map has said it is drawn (its view asks it to until then)."""
    at = dashboard_test(drawn=False).run()
    assert not at.exception
    below = {"How far the plan has come", "Progress since the plan", "Matching features", "Export this view"}
    assert not below & {s.value for s in at.subheader}
    assert plan_view(map_args(at))["report"] == "map_drawn"
    assert drawn(at)  # the map itself is all there
    at.session_state["map_drawn"] = True  # what the map's report latches (layers.view.selection.map_drawn)
    at.run()
    assert below <= {s.value for s in at.subheader}, [s.value for s in at.subheader]
    assert "report" not in plan_view(map_args(at))  # asked once: no more reports


def test_the_page_offers_a_citation_to_copy():
    at = run_app({"lang": "zh", "regions": "north"})
    code = [c.value for c in at.code if "访问于" in c.value]
    assert len(code) == 1, [c.value[:80] for c in at.code]
    assert "状态截至" in code[0] and "asof=" in code[0] and "regions=north" in code[0] and "所示状态的来源" in code[0]


@pytest.mark.parametrize("params", [{"since": "2024-01-01"}, {"compare": "plan", "lang": "zh"},
                                    {"since": "2025-01-01", "regions": "south,central"}])
def test_the_page_and_its_exports_draw_one_scene(params, catalog):
    """A since= or compare= view: the page's map and the HTML export (which the server's PNG renders) ring the
    same projects and say the same words, because both draw the view's scene (layers.maps.scene)."""
    at = run_app(params)
    page = plan_view(map_args(at))
    spec = FilterSpec.from_query_params(params)
    fmap = build_export_map(Job(catalog.features, load_reference(), spec, load_events(known_ids=catalog.ids)).scene,
                            load_reference())
    export = view_of(fmap)
    assert page["changed"] and page["changed"] == export["changed"]
    assert page["info"]["summary"] == export["info"]["summary"] and page["info"]["cite"] == export["info"]["cite"]
    assert page["info"]["summary"] in control_html(fmap, "mh-title")
    assert page.get("compare", {}).get("left") == export.get("compare", {}).get("left")
    if "since" in params:  # the page lists exactly the projects it rings, by name
        listed = at.get("markdown")
        names = dict(zip(catalog.ids, catalog.features["name_en"], strict=True))
        text = "\n".join(m.value for m in listed)
        assert all(f"**{md_escape(names[fid])}**" in text for fid in page["changed"])
