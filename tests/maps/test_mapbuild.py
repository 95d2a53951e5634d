"""The map builder: offline assets, reference layers, overlays, datum shift, view fitting."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point

from layers.data.reference import load_reference
from layers.maps.assets import OWN_URL, STATIC_URL, UnknownAssetError, localise
from layers.maps.mapbuild import (
    build_base_map,
    build_overlays,
    display_geojson,
    fit_view,
    legend_html,
    prepare_reference,
    to_map_datum,
    view_layers,
)
from layers.view.filters import FilterSpec, apply_filters, region_outlines

TAG_URL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"')


@pytest.fixture(scope="module")
def frames():
    return load_reference()


@pytest.fixture(scope="module")
def reference(frames):
    return {key: prepare_reference(frames, key) for key in ("offline", "osm", "gaode")}


def rail_lines(catalog):
    rail = catalog.features[catalog.features["kind"] == "rail"]
    return list(zip(rail["name_en"], rail["color"], strict=True))


def test_offline_base_map_loads_only_our_own_files(reference, catalog):
    html = build_base_map(reference["offline"], FilterSpec(), rail_lines(catalog)).get_root().render()
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


def test_tile_basemaps_add_their_tiles_and_attribution(reference):
    html = build_base_map(reference["osm"], FilterSpec(basemap="osm")).get_root().render()
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert "OpenStreetMap" in html
    assert all(u.startswith((STATIC_URL, OWN_URL)) for u in TAG_URL.findall(html))


def test_gaode_shifts_our_layers_but_not_the_tiles(reference, catalog):
    plain = to_map_datum(catalog.features.loc[["qizhong-tennis-center"]], "osm").geometry.iloc[0]
    shifted = to_map_datum(catalog.features.loc[["qizhong-tennis-center"]], "gaode").geometry.iloc[0]
    metres = gpd.GeoSeries([plain, shifted], crs="EPSG:4326").to_crs("EPSG:32651")
    assert 400 < metres.iloc[0].distance(metres.iloc[1]) < 700
    html = build_base_map(reference["gaode"], FilterSpec(basemap="gaode")).get_root().render()
    assert "webrd0{s}.is.autonavi.com" in html


def test_reference_layers_sit_under_the_tiles(reference):
    html = build_base_map(reference["osm"], FilterSpec(basemap="osm")).get_root().render()
    assert re.search(r'createPane\(\s*"reference"', html)
    assert re.search(r"zIndex = 150", html)
    assert html.count('"pane": "reference"') == 2  # neighbours and Minhang; rivers come with the context layers
    # The OSM context sits between the district fills and the tiles, and is fetched, not inlined.
    assert "MH.context(" in html and '"base": "/app/static/context"' in html and '"data": null' in html


def test_controls_and_legend_are_present(reference, catalog):
    html = build_base_map(reference["offline"], FilterSpec(lang="zh"), rail_lines(catalog)).get_root().render()
    for needle in ("L.control.fullscreen", "MH.lazyMeasure(", "L.Control.MiniMap", "mh-legend", "L.control.scale"):
        assert needle in html, needle
    assert json.dumps("基础设施")[1:-1] in html and "Jiamin Line" in html  # tojson writes \\u escapes
    # The app fetches the ruler's and the camera's libraries on first use; an export carries them.
    assert "leaflet-measure.min.js" not in html.split("MH.lazyMeasure(")[0]
    assert "dom-to-image-more.min.js" in html.split("MH.camera(")[1]  # as the URL to fetch it from
    standalone = build_base_map(reference["offline"], FilterSpec(), standalone=True).get_root().render()
    assert "new L.Control.Measure(" in standalone and "MH.lazyMeasure(" not in standalone
    assert '"library": null' in standalone


def test_legend_escapes_names():
    html = legend_html("en", [("<b>evil</b>", "#123456")])
    assert "<b>evil" not in html and "&lt;b&gt;evil" in html


def test_overlays_are_one_geojson_per_layer(catalog):
    spec = FilterSpec()
    frame = catalog.features
    groups = build_overlays(apply_filters(frame, spec), region_outlines(frame, spec), frame.iloc[0:0], "en")
    assert len(groups) == 6  # regions + five categories
    for group in groups:
        children = list(group._children.values())
        assert len(children) == 1 and isinstance(children[0], folium.GeoJson)
    drawn = sum(len(next(iter(g._children.values())).data["features"]) for g in groups)
    assert drawn == len(frame)


def test_overlays_follow_the_filters_and_show_the_selection(catalog):
    frame = catalog.features
    spec = FilterSpec().with_changes(categories={"park"})
    groups = build_overlays(apply_filters(frame, spec), region_outlines(frame, spec), frame.loc[["qianwan-park"]],
                            "en")
    names = [g.layer_name for g in groups]
    assert names == ["Regions", "Parks & public space", "Selected feature"]


def test_payload_is_small_and_escaped(catalog):
    evil = catalog.features.loc[["jaka-robotics"]].copy()
    evil["name_en"] = "</script><img src=x onerror=alert(1)>"
    feature = display_geojson(evil, "en")["features"][0]["properties"]
    # Text that becomes HTML (the tooltip) is escaped; the label is set as text in the browser, never
    # as HTML, so it travels as typed (tests/test_injection.py shows it literally in Chromium).
    assert "<img" not in feature["tip"] and "&lt;img" in feature["tip"]
    assert feature["label"] == evil["name_en"].iloc[0]
    assert "<img" not in json.dumps({k: v for k, v in feature.items() if k != "label"})
    full = json.dumps(display_geojson(catalog.features, "en"))
    assert len(full.encode()) < 150_000
    assert "source_quote" not in full  # details stay on the server until asked for


def test_unknown_plugins_never_fall_back_to_a_cdn():
    fmap = folium.Map(tiles=None)
    folium.plugins.Search(folium.GeoJson({"type": "FeatureCollection", "features": []})).add_to(fmap)
    with pytest.raises(UnknownAssetError, match=r"Leaflet\.Search\.js"):
        localise(fmap)


def test_fit_view_frames_the_selection(catalog):
    frame = catalog.features
    centre, zoom = fit_view(frame)
    assert 31.0 < centre[0] < 31.2 and 121.3 < centre[1] < 121.5 and 9 <= zoom <= 11
    south = frame[frame["region"] == "south"]
    _, south_zoom = fit_view(south)
    assert south_zoom > zoom
    _, point_zoom = fit_view(gpd.GeoDataFrame(geometry=[Point(121.4, 31.0)], crs="EPSG:4326"))
    assert point_zoom == 16


def test_fit_bounds_are_what_the_view_is_fitted_to_in_the_map_datum(catalog):
    frame = catalog.features
    spec = FilterSpec(regions=frozenset({"south"}))
    west, south, east, north = apply_filters(frame, spec).total_bounds
    (s, w), (n, e) = view_layers(frame, spec).fit_bounds()
    assert (s, w, n, e) == pytest.approx((south, west, north, east), abs=1e-6)
    # On Gaode the corners move with the basemap's datum (GCJ-02 sits ~500 m off here).
    (gs, gw), (gn, ge) = view_layers(frame, FilterSpec(regions=frozenset({"south"}), basemap="gaode")).fit_bounds()
    for shift_lon, shift_lat in ((gw - w, gs - s), (ge - e, gn - n)):
        assert 0.003 < shift_lon < 0.006 and -0.004 < shift_lat < 0
    # A selected feature is its own focus; nothing to fit when nothing is shown.
    fid = frame.index[0]
    (s1, w1), (n1, e1) = view_layers(frame, FilterSpec(feature=fid)).fit_bounds()
    assert (w1, s1, e1, n1) == pytest.approx(tuple(frame.loc[[fid]].total_bounds), abs=1e-6)
    assert view_layers(frame, FilterSpec(regions=frozenset())).fit_bounds() is None
