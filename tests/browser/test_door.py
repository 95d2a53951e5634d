"""The reader door in Chromium, served as plain files: on a phone and a desktop, in English and Chinese, every plan
feature of the default view is drawn and placed inside the poster before any request but the page, the page's words
are the reader's language, the explore link carries the address's parameters, and a payload in them never runs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import shutil
from urllib.parse import parse_qs, urlencode

import pytest
from PIL import Image

from layers.data.events import frame_as_of, load_events
from layers.data.reference import CONTEXT_LAYERS, load_reference
from layers.export.door import build_door, publish_door
from layers.maps.scene import dated, make_scene
from layers.maps.style import status_colour
from layers.view.i18n import STATUS_LABELS, VERDICT_LABELS, label
from layers.view.palette import HOLLOW
from layers.view.spec import PARAMS, FilterSpec
from support.browser import offline_context
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import door_nginx, http_get, served_folder, static_site, streamlit_server

APP = "https://map.example.org/"
# Each drawn feature's box, and the poster's: what a reader sees of it.
BOXES = """() => { const poster = document.querySelector('.mh-poster').getBoundingClientRect();
  const box = document.querySelector('.mh-poster-svg').viewBox.baseVal;
  return {poster: [poster.left, poster.top, poster.right, poster.bottom], ratio: box.width / box.height,
          features: [...document.querySelectorAll('[data-feature]')].map(el => {
            const r = el.getBoundingClientRect();
            return [el.dataset.feature, r.left, r.top, r.right, r.bottom]; })}; }"""


@pytest.fixture(scope="module")
def door(catalog, tmp_path_factory):
    events = load_events(known_ids=catalog.features.index)
    folder = tmp_path_factory.mktemp("door")
    publish_door(build_door(catalog.features, events, load_reference(), app_url=APP), folder)
    scene = make_scene(dated(catalog.features, events), FilterSpec(), events, dt.date.today())
    with static_site(folder) as url:
        yield url, sorted(scene.drawn.index)


def context_for(browser, device: str, external: list[str]):
    return (offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE) if device == "phone"
            else offline_context(browser, external, viewport=(1440, 900)))


def assert_drawn_inside(boxes: dict, drawn: list[str], ratio: bool) -> None:
    left, top, right, bottom = boxes["poster"]
    if ratio:  # the poster at the drawing's own proportions: points placed by percentage sit on the lines and areas
        assert (right - left) / (bottom - top) == pytest.approx(boxes["ratio"], rel=0.01)
    assert sorted(f[0] for f in boxes["features"]) == drawn
    for fid, x0, y0, x1, y1 in boxes["features"]:
        assert x1 > x0 and y1 > y0, f"{fid} is not drawn"
        assert left - 8 <= x0 and x1 <= right + 8 and top - 8 <= y0 and y1 <= bottom + 8, f"{fid} lies off the map"


@pytest.mark.parametrize(("device", "query", "lang"), [("phone", "?lang=zh&feature=x", "zh"), ("desktop", "", "en")])
def test_the_poster_draws_every_feature_in_the_readers_language_with_no_script_loaded(browser, door, device,
                                                                                       query, lang):
    url, drawn = door
    external: list[str] = []
    context = context_for(browser, device, external)
    context.route("**/door.js", lambda route: route.abort())  # the scripts still loading, or never coming
    page = context.new_page()
    page.goto(url + "/" + query)
    assert_drawn_inside(page.evaluate(BOXES), drawn, ratio=True)
    assert page.evaluate("document.documentElement.lang") == lang
    other = "en" if lang == "zh" else "zh"
    assert page.locator(f".mh-story:not(.mh-matching) [lang={lang}]").is_visible()
    assert not page.locator(f".mh-story:not(.mh-matching) [lang={other}]").is_visible()
    assert page.get_attribute("#mh-explore", "href") == APP + query
    # A feature the data does not have: the link's mistake is said, in the app's words (the value as code).
    assert page.locator("#mh-notices").is_visible() == bool(query)
    if query:
        words = ["链接中的部分参数已忽略：", "未知要素", "'x'，已忽略"]
        assert page.locator("#mh-notices").inner_text().split() == words
        assert page.locator("#mh-notices code").inner_text() == "'x'"
    assert external == []
    context.close()


@pytest.mark.parametrize(("device", "lang"), [("phone", "zh"), ("desktop", "en")])
def test_the_map_takes_the_posters_place_and_a_tap_opens_a_card(browser, door, catalog, device, lang):
    url, drawn = door
    external: list[str] = []
    context = context_for(browser, device, external)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{url}/?lang={lang}")
    page.wait_for_function("document.body.classList.contains('mh-live')", timeout=20_000)
    # The poster has left; every feature is the map's now, inside its box.
    assert page.locator(".mh-poster-svg, .mh-pt").count() == 0
    boxes = page.evaluate(BOXES.replace(".mh-poster-svg').viewBox.baseVal", "#mh-map').getBoundingClientRect()"))
    assert_drawn_inside(boxes, drawn, ratio=False)
    # The street context comes after, under the plan: every layer of it drawn.
    page.wait_for_function("(document.getElementById('mh-map').mhContextState || {loaded: {}}).loaded.places",
                           timeout=20_000)
    page.wait_for_function("(document.getElementById('mh-map').mhMap.mhView || {}).filename", timeout=20_000)  # camera
    loaded = page.evaluate("document.getElementById('mh-map').mhContextState.loaded")
    assert set(loaded) >= set(CONTEXT_LAYERS), loaded
    # Everything from the site itself: the page, then the files of its version, those the map needs to be tapped
    # first,
    (version,) = {r.split("/v/")[1].split("/")[0] for r in requests if "/v/" in r}
    assert requests[0] == f"{url}/?lang={lang}" and all(r.startswith(f"{url}/v/{version}/") for r in requests[1:])
    names = [r.rsplit("/", 1)[1] for r in requests[1:]]
    first = {"door.css", "door.js", f"plan-{lang}.json", "reference.json"}
    assert set(names[:4]) == first, names
    # then the street context and the camera's code and words (its library only when it is opened).
    assert set(names[4:]) == {"context.js", *(f"context-{lang}-{layer}.json" for layer in CONTEXT_LAYERS),
                              "camera.js", "doorcamera.js", f"camera-{lang}.json"}, names
    assert external == []
    # A point feature, tapped (clicked on a desktop): a phone's card names it; a desktop's tooltip does.
    fid = next(f for f in drawn if catalog.features.loc[f].geometry.geom_type == "Point")
    name = str(catalog.features.loc[fid, f"name_{lang}"])
    target = page.locator(f'#mh-map [data-feature="{fid}"]')
    if device == "phone":
        target.tap()
        assert name in page.locator(".mh-card").inner_text(timeout=5000)
    else:
        target.hover()
        assert name in page.locator(".leaflet-tooltip").inner_text(timeout=5000)
        target.click()  # the door has no details panel: a card on any screen
    # The card says the promise's verdict at once; asked for more, it loads the feature's facts (its promise, its
    # verdict, what it rests on) and its reports with quotes.
    frame = frame_as_of(catalog.features, load_events(known_ids=catalog.features.index), "latest")
    row = frame.loc[fid]
    if isinstance(row.get("verdict"), str):
        assert label(VERDICT_LABELS, row["verdict"], lang) in page.locator(".mh-card-verdict").inner_text()
    page.locator(".mh-card-reports").click()
    extra = page.locator(".mh-card-extra")
    extra.locator("blockquote, p").first.wait_for(timeout=5000)
    assert label(STATUS_LABELS, row["status"], lang) in extra.inner_text()
    if isinstance(row.get("verdict"), str):
        assert label(VERDICT_LABELS, row["verdict"], lang) in extra.inner_text()
    context.close()


def test_a_payload_in_any_parameter_never_runs(browser, door):
    """Every parameter the app reads, each carrying a payload, on the door and on a feature's page."""
    url, _ = door
    context = offline_context(browser, [])
    page = context.new_page()
    payloads = ['<img src=x onerror="window.pwned=1">', '"><script>window.pwned=2</script>',
                "javascript:window.pwned=3"]
    query = "?" + urlencode([(name, payloads[i % len(payloads)]) for i, name in enumerate(PARAMS)])
    for path in ("/", "/f/airport-link-line.html"):
        page.goto(url + path + query)
        page.wait_for_timeout(300)
        assert page.evaluate("window.pwned === undefined"), path
        # Carried to the app as an address, never as markup.
        hrefs = page.evaluate("[...document.querySelectorAll('.mh-explore')].map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith(APP) and "<" not in h and '"' not in h for h in hrefs), hrefs
    context.close()


def test_nginx_serves_each_version_for_a_year_and_the_plain_address_fresh(catalog):
    """As ``DOOR_SITE`` serves it (Debian's nginx, its workers as www-data): gzip, the versioned copy immutable."""
    events = load_events(known_ids=catalog.features.index)
    folder = served_folder()
    try:
        door = build_door(catalog.features, events, load_reference())
        publish_door(door, folder)
        with door_nginx(folder) as url:
            status, headers, body = http_get(url + "/", gzip_ok=True)
            assert status == 200 and headers["content-encoding"] == "gzip" and headers["cache-control"] == "no-cache"
            assert gzip.decompress(body) == door.files["index.html"]
            status, headers, _ = http_get(f"{url}/v/{door.version}/index.html", gzip_ok=True)
            assert status == 200 and "immutable" in headers["cache-control"] and "max-age=31536000" in headers[
                "cache-control"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_run_command_alone_serves_the_door_and_its_explore_link_returns_to_the_app(browser):
    """``streamlit run dashboard.py`` and nothing else, mounted as behind a proxy: the page links to the door, the
    door opens from Streamlit's own static serving, and its explore link opens the app on the same parameters."""
    with streamlit_server(base_path="/minhang") as url:
        external: list[str] = []
        page = offline_context(browser, external, viewport=(1440, 900)).new_page()
        page.goto(url + "/?lang=zh")
        link = page.locator("a[href*='door/index.html']")
        link.wait_for(timeout=60_000)
        assert link.inner_text().startswith("读者页")
        page.goto(url + "/" + link.get_attribute("href").replace("./", ""))
        assert page.evaluate("document.documentElement.lang") == "zh"
        assert page.locator("[data-feature]").count() > 40
        explore = page.evaluate("document.getElementById('mh-explore').href")
        assert explore == url + "/?lang=zh" and external == []
        page.goto(explore)
        page.locator("h1").first.wait_for(timeout=60_000)
        page.context.close()


def test_a_features_page_is_in_the_readers_language_and_leads_to_its_view(browser, door, catalog):
    url, _ = door
    context = offline_context(browser, [], viewport=PHONE_VIEWPORT, **PHONE)
    page = context.new_page()
    page.goto(f"{url}/f/airport-link-line.html?lang=zh")
    assert page.locator('article[lang="zh"]').is_visible() and not page.locator('article[lang="en"]').is_visible()
    assert str(catalog.features.loc["airport-link-line", "source_quote"])[:20] in page.locator(
        'article[lang="zh"]').inner_text()
    # The app's view of it, in the page's language (the address's parameters joined to the link's own).
    assert page.evaluate("[...document.querySelectorAll('.mh-explore')].filter(a => a.offsetParent)[0].href") == (
        APP + "?feature=airport-link-line&lang=zh")
    context.close()


@pytest.mark.parametrize("query", ["?categories=park&lang=zh", "?regions=south&status=operating,completed",
                                   "?groups=rail&feature=airport-link-line", "?promise=no_news", "?regions=",
                                   "?q=metro&categories=zone", "?asof=plan&lang=zh",
                                   "?asof=2024-06-30&status=operating", "?since=2024-01-01&groups=rail,stations"])
def test_the_poster_draws_what_the_app_would_for_the_link(browser, door, catalog, query):
    """Before any script but the page's own: the poster keeps exactly what the app's scene draws for the link, each
    feature in its status on the link's date, tells the app's story and says how many places match."""
    url, _ = door
    events = load_events(known_ids=catalog.features.index)
    spec = FilterSpec.from_query_params(parse_qs(query[1:], keep_blank_values=True), catalog.ids)
    scene = make_scene(dated(catalog.features, events), spec, events, dt.date.today())
    context = context_for(browser, "phone", [])
    context.route("**/door.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(url + "/" + query)
    drawn = page.evaluate("[...document.querySelectorAll('.mh-poster [data-feature]')].map(e => e.dataset.feature)")
    assert sorted(drawn) == sorted(scene.drawn.index), query
    matching = page.locator(f".mh-matching [lang={spec.lang}]")
    assert matching.is_visible() == spec.narrowed
    if spec.narrowed:
        assert f"{len(scene.shown.matches)}" in matching.inner_text()
    story = "".join(p["text"] for p in scene.headline["parts"])
    assert page.locator(f".mh-story:not(.mh-matching) [lang={spec.lang}]").inner_text() == story
    # Each point in its status's colour on the link's date (hollow, white inside, where it has not started).
    fills = page.evaluate("Object.fromEntries([...document.querySelectorAll('.mh-pt')].map(e => "
                          "[e.dataset.feature, [e.querySelector('g').getAttribute('fill'), "
                          "e.querySelector('g').getAttribute('stroke')]]))")
    for fid, (fill, stroke) in fills.items():
        status = scene.frame.loc[fid, "status"]
        assert status_colour(status) == (stroke if status in HOLLOW else fill), (query, fid, status)
    context.close()


def test_the_map_draws_what_the_app_would_for_the_link(browser, door, catalog):
    url, _ = door
    query = "?regions=south&categories=innovation,zone&feature=airport-link-line"
    events = load_events(known_ids=catalog.features.index)
    spec = FilterSpec.from_query_params(parse_qs(query[1:], keep_blank_values=True), catalog.ids)
    scene = make_scene(dated(catalog.features, events), spec, events, dt.date.today())
    context = context_for(browser, "desktop", [])
    page = context.new_page()
    page.goto(url + "/" + query)
    page.wait_for_function("document.body.classList.contains('mh-live')", timeout=20_000)
    drawn = page.evaluate("[...document.querySelectorAll('#mh-map [data-feature]')].map(e => e.dataset.feature)")
    # The matches and the outlines on, as the app's map shows them; the selection ringed, whatever the filters.
    assert sorted(set(drawn)) == sorted(scene.shown.ids)
    assert page.evaluate("document.getElementById('mh-map').mhMap._mhPlan.view.selected") == scene.shown.selected
    assert page.locator(".mh-matching [lang=en]").is_visible()
    context.close()


# The app's own share-link cases (tests/browser/test_share.py and the story's): a language, a phone, a feature, a
# date, a comparison, changes since a day, a framing, a search, a bad link.
SHARED = [("desktop", "?lang=zh&feature=airport-link-line"), ("phone", "?asof=2024-06-30&lang=zh"),
          ("desktop", "?compare=plan&groups=rail,stations"), ("phone", "?since=2024-01-01&categories=infrastructure"),
          ("desktop", "?q=line&asof=plan&center=31.1,121.4&zoom=12.5"),
          ("desktop", "?asof=2099-01-01&since=yesterday&zoom=99&regions=east&utm_source=x"),
          ("phone", "?near=600&groups=innovation,parks&lang=zh"), ("desktop", "?near=1000&asof=plan&near=500")]
VIEW = """() => { const map = document.getElementById('mh-map').mhMap, plan = map._mhPlan;
  return {drawn: plan.layers.filter((l, i) => plan.on[i]).map(l => l.feature.properties.id),
          status: Object.fromEntries(plan.layers.map(l => [l.feature.properties.id, l.feature.properties.status])),
          ringed: plan.view.changed || [], rings: plan.catchments.getLayers().length,
          center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom(),
          sides: [...document.querySelectorAll('.mh-divider-label')].map(e => e.textContent)}; }"""


@pytest.mark.parametrize(("device", "query"), SHARED)
def test_a_shared_link_opens_on_the_door_as_the_app_shows_it(browser, door, catalog, device, query):
    url, _ = door
    events = load_events(known_ids=catalog.features.index)
    spec = FilterSpec.from_query_params(parse_qs(query[1:], keep_blank_values=True), catalog.ids)
    scene = make_scene(dated(catalog.features, events), spec, events, dt.date.today())
    external: list[str] = []
    context = context_for(browser, device, external)
    page = context.new_page()
    page.goto(url + "/" + query)
    page.wait_for_function("document.body.classList.contains('mh-live')", timeout=20_000)
    if spec.compare:
        page.locator(".mh-divider-label").first.wait_for(timeout=10_000)
    if spec.near:  # the rings' centres come with a second request
        page.wait_for_function("document.getElementById('mh-map').mhMap._mhPlan.catchments.getLayers().length > 0")
    view = page.evaluate(VIEW)
    assert view["rings"] == len(scene.stations) and (not spec.near or scene.stations), query
    assert sorted(view["drawn"]) == sorted(scene.drawn.index), query
    assert {fid: view["status"][fid] for fid in scene.shown.ids} == scene.frame.loc[scene.shown.ids, "status"].to_dict()
    assert view["ringed"] == list(scene.ringed) and (not spec.since or scene.ringed), query
    if spec.compare:
        assert view["sides"] == ["← " + scene.sides["left"], scene.sides["right"] + " →"]
    if spec.center:
        assert view["center"] == pytest.approx(list(spec.center), abs=1e-4) and view["zoom"] == spec.zoom
    story = "".join(p["text"] for p in scene.headline["parts"])
    assert page.locator(f".mh-story:not(.mh-matching) [lang={spec.lang}]").inner_text() == story
    notices = page.locator("#mh-notices li").all_inner_texts()
    assert notices == [n.text(spec.lang) for n in spec.notices]
    if spec.near:  # the legend says what the rings are; the filter sheet keeps the distance when sent
        legend = page.locator(f".mh-door-legend ul[lang={spec.lang}] li.mh-near").inner_text()
        assert ("straight lines (not walks)" if spec.lang == "en" else "直线距离（非步行距离）") in legend
        assert page.eval_on_selector("#mh-filter select[name=near]", "s => s.value") == str(spec.near)
        page.locator(".mh-sheet summary").click()
        page.locator("#mh-filter button[type=submit]").click()
        page.wait_for_url(f"**near={spec.near}**")
    assert external == []
    context.close()


def test_the_camera_saves_the_view_as_the_apps_camera_words_it(browser, door, catalog):
    """The door's camera (its code, library and words fetched once the map can be tapped): a PNG of the view, named
    and titled as the app's camera names and titles it (snapshot_info), its credits on it."""
    url, _ = door
    query = "?lang=zh&groups=rail,stations&asof=2025-01-01"
    events = load_events(known_ids=catalog.features.index)
    spec = FilterSpec.from_query_params(parse_qs(query[1:]), catalog.ids)
    scene = make_scene(dated(catalog.features, events), spec, events, dt.date.today())
    external: list[str] = []
    context = context_for(browser, "desktop", external)
    page = context.new_page()
    page.goto(url + "/" + query)
    page.wait_for_function("document.body.classList.contains('mh-live')", timeout=20_000)
    page.locator(".mh-camera-button").click(timeout=20_000)
    with page.expect_download(timeout=60_000) as download:
        page.locator(".mh-camera-go").click()
    assert download.value.suggested_filename == f"{scene.info['filename']}@2x.png"
    image = Image.open(io.BytesIO(download.value.path().read_bytes()))
    assert image.width > 1000 and image.height > 1000
    view = page.evaluate("document.getElementById('mh-map').mhMap.mhView")
    assert view == {k: v for k, v in scene.info.items() if k in view} and view["progress"] == scene.info["progress"]
    assert "OpenStreetMap" in page.locator("#mh-map .leaflet-control-attribution").inner_text()
    assert external == []
    context.close()
