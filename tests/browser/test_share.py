"""Time that holds still, in Chromium, offline: the share control's and the camera's links pin the date shown
and a page opened from one says that date; ``embed=true`` at 640 x 400 is the map with no sidebar and no title;
the page links its progress feed; ``since=`` lists and rings exactly what changed."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs, urljoin, urlsplit

import feedparser
import pytest
from playwright.sync_api import Browser

from layers.data.catalog import load_catalog
from layers.data.events import frame_as_of, load_events
from layers.maps.live import station_rings
from layers.maps.scene import dated, make_scene
from layers.view.spec import FilterSpec
from support import ARTIFACTS
from support.browser import MAP_IFRAME, PLAN_READY, map_frame, offline_context, wait_for, wait_for_page_idle
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import streamlit_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


def opened(browser: Browser, url: str, size: tuple[int, int] = (1440, 900)):
    external: list[str] = []
    page = offline_context(browser, external, viewport=size).new_page()
    page.goto(url)
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(PLAN_READY), timeout=30)
    return page, frame, external


def test_every_share_link_pins_the_date_shown(browser, server):
    today = dt.date.today().isoformat()
    page, frame, external = opened(browser, server + "/?status=partly_open,operating")
    frame.locator(".mh-share-button").click()
    pinned = frame.locator(".mh-share-pinned").input_value()
    latest = frame.locator(".mh-share-latest").input_value()
    embed = frame.locator(".mh-share-embed").input_value()
    query = parse_qs(urlsplit(pinned).query)
    assert query["asof"] == [today] and query["status"] == ["partly_open,operating"]  # the view, and its date
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", query["asof"][0])
    assert "asof" not in parse_qs(urlsplit(latest).query)  # "latest" stays a choice
    assert embed.startswith("<iframe ") and "embed=true" in embed and f"asof={today}" in embed
    assert "&amp;" in embed  # the snippet's attribute is escaped as HTML
    assert today in frame.locator(".mh-share-label > span").first.inner_text()
    # The reader door on the same view: beside the app, the pinned link's parameters; it draws what they ask.
    door = frame.locator(".mh-share-door").input_value()
    assert urlsplit(door).query == urlsplit(pinned).query
    assert door.split("?")[0] == server + "/app/static/cache/door/index.html"
    reader = offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE).new_page()
    assert wait_for(reader, lambda: reader.goto(door).status == 200, timeout=60)
    reader.wait_for_function("document.body.classList.contains('mh-live')", timeout=20_000)
    statuses = reader.evaluate("[...new Set(document.getElementById('mh-map').mhMap._mhPlan.layers.filter((l, i) => "
                               "document.getElementById('mh-map').mhMap._mhPlan.on[i] && "
                               "l.feature.properties.kind !== 'region').map(l => l.feature.properties.status))]")
    assert statuses and set(statuses) <= {"partly_open", "operating"}, statuses
    reader.context.close()
    frame.locator(".mh-camera-button").click()  # the camera's link too
    assert parse_qs(urlsplit(frame.locator(".mh-camera-link").input_value()).query)["asof"] == [today]
    # Opened from the pinned link, the page says the date it shows.
    page, frame, more = opened(browser, pinned)
    assert wait_for(page, lambda: f"status as of {today}" in page.locator(".st-key-intro").inner_text())
    assert external == more == []


# The look of a button: its border, corners and background, as the browser draws them.
LOOK = """selector => { const s = getComputedStyle(document.querySelector(selector));
  return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor, s.borderTopLeftRadius, s.backgroundColor]; }"""


def test_the_menus_buttons_look_like_the_map_controls(browser, server):
    _page, frame, external = opened(browser, server)
    frame.locator(".mh-share-button").click()
    frame.locator(".mh-camera-button").click()
    bar = frame.evaluate(LOOK, ".leaflet-bar")  # the map's controls: Leaflet's bar
    button = frame.evaluate(LOOK, ".leaflet-bar a")
    for selector in (".mh-share-copy", ".mh-camera-go"):
        look = frame.evaluate(LOOK, selector)
        assert look[:4] == bar[:4] and look[4] == button[4], (selector, look, bar, button)
    assert external == []


def test_an_embed_is_the_map_alone(browser, server):
    page, frame, external = opened(browser, server + "/?embed=true&asof=plan", size=(640, 400))
    # The map has drawn (and reported it, had its view asked) and every run the page asked for has finished:
    # nothing may come below it.
    wait_for_page_idle(page, frame)
    assert page.locator("[data-testid=stSidebar]").count() == 0
    assert page.locator("h1").count() == 0 and page.locator("[data-testid=stDataFrame]").count() == 0
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["width"] * box["height"] >= 0.95 * 640 * 400, box
    assert frame.locator(".leaflet-control-layers").count() == 1  # its filters: the map's own layer control
    assert frame.evaluate("() => map_div._mhPlan.shown") > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-640x400.png"))
    assert external == []


def test_the_page_links_its_feed_and_serves_it(browser, server):
    page, _frame, external = opened(browser, server + "/?lang=zh")
    link = page.get_by_role("link", name="关注进展：Atom 订阅")
    wait_for(page, lambda: link.count() == 1, timeout=20)  # with the export panel, once the map has drawn
    href = urljoin(page.url, link.get_attribute("href"))  # relative to the page, the app's root
    with urllib.request.urlopen(href, timeout=10) as response:  # its links are relative to where it is served
        feed = feedparser.parse(response.read(), response_headers={"content-location": href,
                                                                  "content-type": "application/atom+xml"})
    assert not feed.bozo and feed.feed.language == "zh" and len(feed.entries) > 30
    entry = feed.entries[0]
    links = {link.rel: link.href for link in entry.links}
    assert set(links) == {"alternate", "related", "via"}
    # The reader door on the project, pinned, on this server; the app's view of it as the related link.
    assert entry.link.startswith(server + "/app/static/cache/door/index.html?") and "asof=" in entry.link
    assert links["related"].startswith(server + "/?") and links["related"].split("?")[1] == entry.link.split("?")[1]
    assert external == []


def test_changed_since_lists_and_rings_exactly_the_projects_that_changed(browser, server):
    catalog = load_catalog()
    events = load_events(known_ids=catalog.features.index)
    before = frame_as_of(catalog.features, events, "2024-01-01")["status"]
    after = frame_as_of(catalog.features, events, "latest")["status"]
    plan = catalog.features["kind"] != "region"
    expected = {catalog.features.at[fid, "name_en"] for fid in catalog.features.index[plan]
                if before[fid] != after[fid]}
    assert expected  # the data has changes since then (else this test proves nothing)
    page, frame, external = opened(browser, server + "/?since=2024-01-01")
    listing = page.locator(".st-key-since")
    wait_for(page, lambda: listing.locator("li").count() > 0, timeout=20)
    listed = {item.inner_text() for item in listing.locator("li strong").all()}
    assert listed == expected
    assert listing.locator("li a[href^='http']").count() >= len(expected)  # each with its source
    assert frame.evaluate("() => map_div._mhPlan.changed.getLayers().length") == len(expected)  # ringed
    assert f"{len(expected)} changed since 2024-01-01" in page.locator(".st-key-rollup-statuses").inner_text()
    assert external == []


COMPARE_STATE = """() => { const s = map_div._mhCompare, clip = n => map_div.getPane(n).style.clip;
  return s && {x: s.clipX, shown: s.group.getLayers().length, main: clip('markerPane'),
               other: clip('mhCompareMarkers')}; }"""


def test_compare_shows_both_dates_across_a_divider_that_drags(browser, server):
    page, frame, external = opened(browser, server + "/?compare=plan&lang=zh")
    state = wait_for(page, lambda: (s := frame.evaluate(COMPARE_STATE)) and s["shown"] and s, timeout=20)
    assert state["shown"] == frame.evaluate("() => map_div._mhPlan.shown")  # the same features, the other date
    labels = [label.inner_text() for label in frame.locator(".mh-divider-label").all()]
    today = dt.date.today().isoformat()
    assert "2023年规划" in labels[0] and today in labels[1], labels  # each side says its date
    # Each side's panes are cut at the divider: the plan's date left of it, the date shown right of it.
    def edges(clip: str) -> list[float]:
        return [float(v) for v in re.findall(r"-?[\d.]+", clip)]
    main, other = edges(state["main"]), edges(state["other"])
    assert main[3] == other[1]  # main's left edge is the other's right edge
    handle = frame.locator(".mh-divider-handle").bounding_box()
    page.mouse.move(handle["x"] + 16, handle["y"] + 16)
    page.mouse.down()
    page.mouse.move(handle["x"] - 234, handle["y"] + 16, steps=8)
    page.mouse.up()
    moved = frame.evaluate(COMPARE_STATE)
    assert abs((state["x"] - moved["x"]) - 250) <= 2, (state["x"], moved["x"])
    assert abs((edges(state["main"])[3] - edges(moved["main"])[3]) - 250) <= 2  # more of the plan's side shows
    # What differs between the two dates is marked on the map.
    assert frame.evaluate("() => map_div._mhPlan.changed.getLayers().length") > 0
    assert external == []


def test_on_a_phone_the_divider_drags_by_touch(browser, server):
    external: list[str] = []
    context = offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE)
    page = context.new_page()
    page.goto(server + "/?compare=plan")
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(PLAN_READY), timeout=30)
    start = wait_for(page, lambda: frame.evaluate("() => map_div._mhCompare && map_div._mhCompare.clipX"), timeout=20)
    box = frame.locator(".mh-divider-handle").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch = context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 9):
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x - 12 * step, "y": y}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert wait_for(page, lambda: abs(start - 96 - frame.evaluate("() => map_div._mhCompare.clipX")) <= 2)
    context.close()
    assert external == []


NEAR_STATE = """() => { const plan = map_div._mhPlan;
  return {drawn: plan.layers.filter((l, i) => plan.on[i] && l.feature.properties.kind !== 'region')
                           .map(l => l.feature.properties.id),
          rings: plan.catchments.getLayers().map(c => [c.getLatLng().lat, c.getLatLng().lng, c.getRadius()]),
          legend: document.querySelector('.mh-legend .near').textContent}; }"""


@pytest.mark.parametrize("query", ["?near=600&groups=innovation,parks", "?near=1000&asof=plan&lang=zh"])
def test_near_a_station_shows_the_places_rings_and_sentence_the_scene_decides(browser, server, query):
    """``?near=600`` (or 1000): the live map draws what ``make_scene`` keeps (the places within that straight-line
    distance of a station), a dashed ring of that radius round each station it counts, the sentence that splits them
    by the stations' status, and a legend that says the rings are straight lines with the standards they come from."""
    catalog = load_catalog()
    events = load_events(known_ids=catalog.features.index)
    spec = FilterSpec.from_query_params(parse_qs(query[1:]), catalog.ids)
    scene = make_scene(dated(catalog.features, events), spec, events, dt.date.today())
    page, frame, external = opened(browser, server + "/" + query)
    wait_for(page, lambda: frame.evaluate("() => map_div._mhPlan.catchments.getLayers().length") > 0, timeout=20)
    state = frame.evaluate(NEAR_STATE)
    assert sorted(state["drawn"]) == sorted(scene.shown.matches.index) and state["drawn"]
    assert sorted([round(a, 5), round(b, 5), r] for a, b, r in state["rings"]) == \
        sorted([round(s["lat"], 5), round(s["lon"], 5), spec.near] for s in scene.stations)
    story = "".join(p["text"] for p in scene.headline["parts"])
    assert frame.locator(".mh-headline").inner_text().replace("\n", "") == story
    words = ("straight lines (not walks)", "2016", "TOD core", "2024 draft standard", "1,000 m") if spec.lang == "en" \
        else ("直线距离（非步行距离）", "2016年生活圈导则", "TOD核心区", "2024年标准征求意见稿", "1000米")
    assert all(w in state["legend"] for w in words), state["legend"]
    assert external == []


def test_the_legend_names_the_rings_only_where_the_map_draws_them(browser, server):
    """The legend's line on the rings (what they are, the standards) shows on a map near stations, not on the
    others: there it would speak of nothing drawn, and cover the map."""
    page, frame, external = opened(browser, server + "/?groups=innovation")
    assert not frame.locator(".mh-legend .near").is_visible()
    page.context.close()
    page, frame, external = opened(browser, server + "/?near=500&groups=innovation")
    wait_for(page, lambda: frame.locator(".mh-legend .near").is_visible(), timeout=20)
    assert external == []
    page.context.close()


def test_every_stations_rings_are_an_overlay_a_reader_turns_on(browser, server):
    """The layer control lists every station's rings (600 m and 1,000 m, straight lines), off at first; turned on,
    they are drawn round each station in reach, and the legend says what they are."""
    catalog = load_catalog()
    expected = station_rings(frame_as_of(catalog.features, load_events(known_ids=catalog.features.index),
                                         "latest"), "offline")
    page, frame, external = opened(browser, server + "/?lang=zh")
    count = "() => { let n = 0; map_div.eachLayer(l => { if (l instanceof L.Circle) { n += 1; } }); return n; }"
    assert frame.evaluate(count) == 0
    frame.locator(".leaflet-control-layers").hover()  # the layer control opens under the pointer
    overlay = frame.locator(".leaflet-control-layers-overlays label", has_text="车站圈：600米、1000米（直线）")
    overlay.locator("input").check()
    wait_for(page, lambda: frame.evaluate(count) == 2 * len(expected["rings"]), timeout=10)
    assert frame.locator(".mh-legend .near").is_visible()
    assert external == []
    page.context.close()
