"""The first screen tells the plan's story: the sentence over the map, and beside it the promises by kind and
verdict, on a laptop's first screen in both languages and one tap away on a phone; a count clicked shows what it
counts (issue 35, item 2)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Frame, Page

from support.browser import (
    PLAN_READY,
    VIEW_SELECTED,
    map_frame,
    offline_context,
    wait_for,
    wait_for_labels,
    wait_for_run_idle,
)
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import streamlit_server

LEDGER = ".mh-ledger"
# The promises' summary as the map holds it: open or folded, its cells' counts and its box in the page's pixels.
READ = """() => { const box = document.querySelector('.mh-ledger'), d = box.querySelector('details');
    const r = box.getBoundingClientRect();
    return {open: d.open, title: d.querySelector('summary').textContent,
            cells: [...box.querySelectorAll('td .mh-headline-item')].map(el => Number(el.textContent)),
            bottom: r.bottom, right: r.right, height: r.height}; }"""
HEADLINE = "() => document.querySelector('.mh-headline').textContent"
# The first plan symbol nothing covers at its centre whose feature is not among those given: [its index, its id].
UNCOVERED_NOT = """picked => { const els = [...document.querySelectorAll('.mh-symbol')];
    for (let i = 0; i < els.length; i++) { const r = els[i].getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const l = map_div._mhPlan.layers.find(l => l.getElement && l.getElement() === els[i]);
      if (hit && els[i].contains(hit) && l && !picked.includes(l.feature.properties.id)) {
        return [i, l.feature.properties.id]; } }
    return [-1, null]; }"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@contextmanager
def opened(browser: Browser, url: str, viewport: tuple[int, int] = (1440, 900), **device) -> Iterator[Page]:
    """A page at ``url`` in a context of its own, offline: no request may leave the machine."""
    external: list[str] = []
    page = offline_context(browser, external, viewport=viewport, **device).new_page()
    page.goto(url)
    yield page
    page.context.close()
    assert external == []


def ready(page: Page) -> Frame:
    """The map's frame once the plan is drawn and every run has finished."""
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(PLAN_READY))
    wait_for_run_idle(page, 60)
    return frame


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_promises_summary_is_on_a_laptops_first_screen_and_each_count_a_view(browser, server, catalog, lang):
    with opened(browser, f"{server}/?lang={lang}") as page:
        frame = map_frame(page)
        wait_for(page, lambda: frame.locator(LEDGER).count() and frame.evaluate(READ)["cells"])
        ledger = frame.evaluate(READ)
        frame_box = frame.frame_element().bounding_box()
        plan = catalog.features[catalog.features["kind"] != "region"]
        promised = int((plan["commitment_class"] != "none").sum())
        assert ledger["open"] and sum(ledger["cells"]) == promised
        assert str(promised) in ledger["title"] and (("promises" in ledger["title"]) == (lang == "en"))
        assert frame_box["y"] + ledger["bottom"] <= 900 and frame_box["x"] + ledger["right"] <= 1440  # first screen
        # The story says the same: its promises, and no public news as a finding.
        story = frame.evaluate(HEADLINE)
        assert str(promised) in story
        assert ("no public sign of work since 2023" in story) if lang == "en" else ("自2023年以来未见公开进展" in story)
        # A count clicked: the map shows those promises, the summary counts them alone.
        cell = frame.locator(f"{LEDGER} td .mh-headline-link").last
        n = int(cell.inner_text())
        cell.click()
        wait_for(page, lambda: sum(frame.evaluate(READ)["cells"]) == n, timeout=30)
        wait_for_run_idle(page)
        assert "promise=" in page.url and "commitment=" in page.url
        assert len(frame.evaluate(READ)["cells"]) == 1


def test_on_a_phone_the_summary_is_one_tap_away(browser, server):
    with opened(browser, f"{server}/", PHONE_VIEWPORT, **PHONE) as page:
        frame = map_frame(page)
        wait_for(page, lambda: frame.locator(LEDGER).count() and frame.evaluate(READ)["cells"])
        folded = frame.evaluate(READ)
        frame_box = frame.frame_element().bounding_box()
        assert not folded["open"] and folded["height"] >= 44 - 0.5  # a tap target, folded to its title
        assert frame_box["y"] + folded["bottom"] <= PHONE_VIEWPORT[1]
        frame.locator(f"{LEDGER} summary").tap()
        wait_for(page, lambda: frame.evaluate(READ)["open"])
        assert frame.locator(f"{LEDGER} table").is_visible()


def test_every_click_keeps_the_readers_zoom(browser, server):
    """A second pick behaves like the first: the map keeps the zoom the reader has (it jumped to street level)."""
    with opened(browser, f"{server}/") as page:
        frame = ready(page)
        zoom = frame.evaluate("() => map_div.getZoom()")
        picked: list[str] = []
        for _ in range(3):
            i, fid = frame.evaluate(UNCOVERED_NOT, picked)
            frame.locator(".mh-symbol").nth(i).click()
            wait_for(page, lambda fid=fid: frame.evaluate(VIEW_SELECTED) == fid, timeout=30)
            wait_for_run_idle(page, 60)
            page.wait_for_timeout(500)  # a late framing would land now
            assert frame.evaluate("() => map_div.getZoom()") == zoom, fid
            picked.append(fid)


def test_a_filtered_map_names_what_it_shows(browser, server, catalog):
    """As a search does, a filter names its matches at the district's zoom (there, unfiltered, only lines are)."""
    # The stations' labels (their features' own), as placed on the map.
    stations = """() => { const own = new Set(map_div._mhPlan.data.features.filter(f => f.properties.kind === 'station')
        .map(f => f.properties.label));
      return [...document.querySelectorAll('.mh-label-plan')].map(e => e.textContent).filter(t => own.has(t)); }"""
    with opened(browser, f"{server}/") as page:
        frame = ready(page)
        wait_for_labels(page, frame)
        assert frame.evaluate(stations) == []  # the whole plan at the district's zoom: stations unnamed
        page.goto(f"{server}/?groups=stations")
        frame = ready(page)
        wait_for_labels(page, frame)
        count = int((catalog.features["plan_group"] == "stations").sum())
        named = frame.evaluate(stations)
        assert len(named) >= count // 2, named  # placed where they do not collide: most of them


@pytest.mark.parametrize(("viewport", "device"), [((1440, 900), {}), (PHONE_VIEWPORT, PHONE)],
                         ids=["1440x900", "phone"])
def test_compares_labels_sit_clear_of_the_story(browser, server, viewport, device):
    with opened(browser, f"{server}/?compare=plan", viewport, **device) as page:
        frame = map_frame(page)
        wait_for(page, lambda: frame.locator(".mh-divider-label").count() == 2)
        wait_for_run_idle(page, 60)
        overlaps = frame.evaluate("""() => { const h = document.querySelector('.mh-headline').getBoundingClientRect();
            return [...document.querySelectorAll('.mh-divider-label')].filter(el => el.offsetWidth).filter(el => {
              const r = el.getBoundingClientRect();
              return r.left < h.right && h.left < r.right && r.top < h.bottom && h.top < r.bottom; }).length; }""")
        assert overlaps == 0
        assert frame.locator(".mh-divider-label:visible").count() >= 1


def test_the_overview_map_waits_until_the_reader_zooms_in(browser, server):
    with opened(browser, f"{server}/") as page:
        frame = ready(page)
        overview = frame.locator(".leaflet-control-minimap")
        assert overview.count() == 1 and not overview.is_visible()  # the whole district: it would say nothing
        frame.evaluate("() => { map_div.setZoom(map_div.getZoom() + 2, {animate: false}); }")
        wait_for(page, overview.is_visible)
        frame.evaluate("() => { map_div.setZoom(map_div.getZoom() - 2, {animate: false}); }")
        wait_for(page, lambda: not overview.is_visible())


# The plan symbol with the most shown features within 14 px of it: {n, x, y (container px), id}.
CROWDED = """() => { const p = map_div._mhPlan; let best = null;
    p.layers.forEach((l, i) => { if (!p.on[i] || !l.getLatLng) { return; }
      const c = map_div.latLngToContainerPoint(l.getLatLng()), n = MH.near(map_div, p.layers, p.on, c, 14).length;
      if (!best || n > best.n) { best = {n: n, x: c.x, y: c.y, id: l.feature.properties.id}; } });
    return best; }"""


def test_several_features_under_the_pointer_get_a_which_one_list(browser, server):
    with opened(browser, f"{server}/") as page:
        frame = ready(page)
        spot = frame.evaluate(CROWDED)
        assert spot["n"] >= 3, spot  # the Hongqiao hub: a station on lines, at the district's zoom
        box = frame.locator("#map_div").bounding_box()
        zoom = frame.evaluate("() => map_div.getZoom()")
        page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
        items = frame.locator(".mh-which-item")
        wait_for(page, lambda: items.count() == spot["n"], timeout=30)
        wait_for_run_idle(page, 60)
        title = frame.locator(".mh-which-title")
        assert f"{spot['n']} here" in title.inner_text() and title.is_visible()
        # Clear of the story over the map, the one clicked marked among them.
        assert title.bounding_box()["y"] > frame.locator(".mh-headline").bounding_box()["y"] + \
            frame.locator(".mh-headline").bounding_box()["height"]
        current = frame.locator(".mh-which-item[aria-current='true']")
        wait_for(page, lambda: frame.evaluate(VIEW_SELECTED) == spot["id"], timeout=30)  # the click's rerun
        wait_for_run_idle(page, 60)
        assert current.count() == 1
        other = frame.locator(".mh-which-item:not([aria-current])").first
        name = other.inner_text()
        other.click()
        wait_for(page, lambda: frame.evaluate(VIEW_SELECTED) not in (None, spot["id"]), timeout=30)
        wait_for_run_idle(page, 60)
        picked = frame.evaluate(VIEW_SELECTED)
        assert frame.evaluate("id => map_div._mhPlan.layers[map_div._mhPlan.index[id]].feature.properties.label",
                              picked) == name
        assert items.count() == 0 and frame.evaluate("() => map_div.getZoom()") == zoom
