"""Shared links on a phone (390 x 844, touch, device scale 2) and on a desktop (1400 x 1000).

On the phone: the map fills the first screen under one line (title, filters button), the legend is
folded, the overview map gone, every control a 44 px target; a tap on a feature opens its card (name,
status, the plan's sentence, a link to the details) at the map; a ``feature=`` link opens with that
card; the timeline and table load only when asked for. The desktop keeps its layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Frame, Page

from layers.view.filters import plan_features
from support import ARTIFACTS
from support.browser import (
    MAP_IFRAME,
    PLAN_READY,
    SHIFT_OBSERVER,
    VIEW_SELECTED,
    click_until,
    layout_shift_since,
    map_frame,
    offline_context,
    uncovered_symbol,
    wait_for,
    wait_for_labels,
    wait_for_page_idle,
    wait_for_run_idle,
)
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import streamlit_server

PHONE_W, PHONE_H = PHONE_VIEWPORT
TAP = 44  # CSS px: the smallest tap target the issue (and Apple's and Google's guides) allow

# Whether the map shows all of what the server fitted its view to (the phone refits it to its own size).
FITS = """() => { const m = window.map_div; if (!m || !m._mhFit) { return false; }
    return m.getBounds().contains(L.latLngBounds(JSON.parse(m._mhFit).bounds)); }"""
# The feature of the i-th point symbol.
SYMBOL_ID = """i => { const el = document.querySelectorAll('.mh-symbol')[i];
    const layer = map_div._mhPlan.layers.find(l => l.getElement && l.getElement() === el);
    return layer ? layer.feature.properties.id : null; }"""
CONTROLS = {
    "zoom in": ".leaflet-control-zoom-in", "zoom out": ".leaflet-control-zoom-out",
    "fullscreen": ".leaflet-control-zoom-fullscreen", "camera": ".mh-camera-button",
    "measure": ".leaflet-control-measure-toggle", "layers": ".leaflet-control-layers-toggle",
    "legend": ".mh-legend summary",
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


def _page(browser: Browser, request: pytest.FixtureRequest, **device) -> Iterator[Page]:
    external: list[str] = []
    context = offline_context(browser, external, **device)
    context.add_init_script(SHIFT_OBSERVER)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert external == [], f"requests left localhost: {external[:3]}"


@pytest.fixture
def phone(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, request, viewport=PHONE_VIEWPORT, **PHONE)


@pytest.fixture
def desktop(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, request, viewport=(1400, 1000))


def rect(where: Page | Frame, selector: str) -> dict:
    """An element's box in page coordinates (Playwright adds a frame's offset for the map's elements)."""
    return where.locator(selector).first.bounding_box()


def on_first_screen(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5 \
        and box["y"] + box["height"] <= height + 0.5


def settled_map(page: Page) -> Frame:
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(PLAN_READY))
    page.drawn_at = page.evaluate("() => performance.now()")
    return frame


def shifts_since_map(page: Page) -> float:
    """Layout shift after the map drew, not counting shifts right after the reader's own input."""
    return layout_shift_since(page, page.drawn_at)


def scale_clear_of_credit(frame: Frame) -> bool:
    """The scale bar and the legend sit above OpenStreetMap's credit, not under it."""
    return frame.evaluate("""() => {
        const credit = document.querySelector('#map_div .leaflet-control-attribution').getBoundingClientRect();
        return ['.leaflet-control-scale', '.mh-legend'].every(sel => {
            const r = document.querySelector('#map_div ' + sel).getBoundingClientRect();
            return r.bottom <= credit.top + 0.5 || r.left >= credit.right || r.right <= credit.left;
        });
    }""")


def card_text(frame: Frame) -> str:
    return frame.locator(".mh-card").inner_text() if frame.locator(".mh-card").count() else ""


def test_the_phone_shows_the_map_first_with_filters_a_tap_away(server, phone, catalog):
    phone.goto(server + "/")
    frame = settled_map(phone)
    iframe = rect(phone, MAP_IFRAME)
    # The map takes most of the first screen, right under one line of title.
    assert iframe["y"] <= 0.2 * PHONE_H and iframe["y"] + iframe["height"] <= PHONE_H
    assert iframe["height"] >= 0.75 * PHONE_H, iframe
    # The server fits its view to a desktop-sized map; the phone's map fits the same bounds to itself.
    wait_for(phone, lambda: frame.evaluate(FITS))
    title = rect(phone, "h1")
    assert title["height"] <= 48 and title["y"] + title["height"] <= iframe["y"]
    assert not phone.locator(".st-key-intro [data-testid='stCaptionContainer']").is_visible()
    # Legend folded, overview map gone, every control a tap target.
    assert frame.evaluate("() => document.querySelector('.mh-legend details').open") is False
    assert not frame.locator(".leaflet-control-minimap").is_visible()
    assert scale_clear_of_credit(frame)
    for name, selector in CONTROLS.items():
        box = rect(frame, selector)
        assert box["width"] >= TAP - 0.5 and box["height"] >= TAP - 0.5, (name, box)
        assert on_first_screen(box, PHONE_W, PHONE_H), (name, box)
    # The filters entry point and the count, without opening the sidebar.
    button = phone.locator(".mh-filters-open")
    box = button.bounding_box()
    assert box["height"] >= TAP - 0.5 and on_first_screen(box, PHONE_W, PHONE_H)
    total = len(plan_features(catalog.features))
    assert re.search(rf"\bFilters\b.*\b{total}/{total}\b", button.inner_text().replace("\n", " ")), \
        button.inner_text()
    sidebar = phone.locator("[data-testid='stSidebar']")
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0  # folded away
    button.tap()
    wait_for(phone, lambda: sidebar.bounding_box()["x"] >= 0)
    assert sidebar.get_by_text(f"{total} of {total} features match").is_visible()
    # A filter change from the sidebar reaches the button's count.
    sidebar.get_by_text("South: Greater Neo Bay").tap()
    wait_for(phone, lambda: f"/{total}" in button.inner_text() and f"{total}/{total}" not in button.inner_text())
    # What a phone does not load until asked: the timeline and the table.
    assert phone.locator("[data-testid='stVegaLiteChart'], [data-testid='stDataFrame']").count() == 0
    assert phone.get_by_text("Show the table of matching features").count() == 1
    assert shifts_since_map(phone) < 0.01


def test_tapping_a_feature_on_a_phone_opens_its_card_at_the_map(server, phone, catalog):
    phone.goto(server + "/?lang=zh")
    frame = settled_map(phone)
    iframe = rect(phone, MAP_IFRAME)
    symbol = frame.locator(".mh-symbol").nth(uncovered_symbol(frame))
    click_until(phone, symbol.tap, lambda: frame.locator(".mh-card").count() > 0)
    # The server hears of the tap too: the selection reaches the address, and the card names that feature.
    wait_for(phone, lambda: "feature=" in phone.url)
    fid = re.search(r"feature=([^&]+)", phone.url).group(1)
    row = catalog.features.loc[fid]
    wait_for(phone, lambda: frame.locator(".leaflet-marker-pane .mh-symbol, .leaflet-overlay-pane path").count() > 0)
    # The rerun's view arrives (it selects the feature) and re-centres the map: the card stays.
    wait_for(phone, lambda: frame.evaluate(VIEW_SELECTED) == fid)
    wait_for_run_idle(phone)
    wait_for_labels(phone, frame)
    text = card_text(frame)
    assert row["name_zh"] in text and row["source_quote"][:20] in text, text
    assert "规划原文" in text and "完整详情" in text
    card = rect(frame, ".mh-card")
    assert on_first_screen(card, PHONE_W, PHONE_H), card  # no scrolling to read it
    assert rect(phone, MAP_IFRAME) == iframe  # nothing moved
    # The card's link scrolls down to the full details panel.
    frame.locator(".mh-card-more").tap()
    wait_for(phone, lambda: phone.locator(".st-key-details h4").count() > 0
             and on_first_screen(phone.locator(".st-key-details h4").bounding_box(), PHONE_W, PHONE_H))
    assert row["name_zh"] in phone.locator(".st-key-details h4").inner_text()
    # ...and the details have a way back up to the map, where closing the card deselects it (the address too).
    back = phone.locator(".mh-back-map")
    assert "返回地图" in back.inner_text() and back.bounding_box()["height"] >= TAP - 0.5
    back.tap()
    wait_for(phone, lambda: on_first_screen(rect(phone, MAP_IFRAME), PHONE_W, PHONE_H))
    frame.locator(".mh-card-close").tap()
    wait_for(phone, lambda: "feature=" not in phone.url, timeout=30)
    wait_for(phone, lambda: frame.evaluate(VIEW_SELECTED) is None)
    assert frame.locator(".mh-card").count() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_shared_feature_link_opens_with_its_details_on_a_phone(server, phone, catalog, lang):
    fid = catalog.features[catalog.features["category"] == "innovation"].index[0]
    row = catalog.features.loc[fid]
    phone.goto(f"{server}/?lang={lang}&feature={fid}")
    frame = settled_map(phone)
    wait_for(phone, lambda: row[f"name_{lang}"] in card_text(frame))
    # The plan's sentence in the page's language: the plan's own words, or on the English page our translation.
    assert row["source_quote" if lang == "zh" else "source_quote_en"][:20] in card_text(frame)
    assert on_first_screen(rect(frame, ".mh-card"), PHONE_W, PHONE_H)
    # Inside the map, no control over it, its link to the details in view.
    card, link = rect(frame, ".mh-card"), rect(frame, ".mh-card-more")
    assert frame.evaluate("""() => { const c = document.querySelector('.mh-card').getBoundingClientRect();
        return [...document.querySelectorAll('.leaflet-control')].filter(el => el.offsetParent !== null &&
          getComputedStyle(el).visibility !== 'hidden').every(el => { const r = el.getBoundingClientRect();
          return r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom; }); }""")
    assert card["y"] <= link["y"] and link["y"] + link["height"] <= card["y"] + card["height"]
    wait_for_page_idle(phone, frame)  # every run done, fonts loaded...
    wait_for_labels(phone, frame)  # ...and the map still (fitted to the phone, the card panned into view)
    assert row[f"name_{lang}"] in card_text(frame)  # still open once everything has settled
    assert shifts_since_map(phone) < 0.01


def test_the_desktop_keeps_its_layout(server, desktop, catalog):
    fid = catalog.features[catalog.features["category"] == "innovation"].index[0]
    row = catalog.features.loc[fid]
    desktop.goto(f"{server}/?feature={fid}")
    frame = settled_map(desktop)
    assert frame.evaluate("() => document.querySelector('.mh-legend details').open") is True
    # The overview map shows once the map has come in to the feature (MH.overviewWhenIn, on the fit's zoomend).
    assert wait_for(desktop, lambda: frame.locator(".leaflet-control-minimap").is_visible())
    assert not desktop.locator(".mh-filters-open").is_visible()
    assert desktop.locator(".st-key-intro [data-testid='stCaptionContainer']").is_visible()
    # The map is the page: the rest of the first screen under the title line (page.css: 100vh - 124 px).
    map_box = rect(desktop, MAP_IFRAME)
    assert map_box["height"] == 1000 - 124 and on_first_screen(map_box, 1400, 1000)
    assert frame.locator(".leaflet-control-zoom-in").bounding_box()["width"] < TAP
    assert frame.evaluate(FITS)  # fitted to its own size, as every map is, the selection in view
    assert scale_clear_of_credit(frame)
    # The details open in a panel over the map's right side, in the first screen; no card covers the map.
    heading = desktop.locator(".st-key-details h4")
    wait_for(desktop, lambda: heading.count() > 0)
    assert row["name_en"] in heading.inner_text() and on_first_screen(heading.bounding_box(), 1400, 1000)
    panel = heading.bounding_box()
    assert map_box["x"] + map_box["width"] / 2 < panel["x"] < map_box["x"] + map_box["width"]
    assert frame.locator(".mh-card").count() == 0
    symbol = uncovered_symbol(frame)
    clicked = frame.evaluate(SYMBOL_ID, symbol)
    assert clicked, symbol
    frame.locator(".mh-symbol").nth(symbol).click()
    # The click's rerun has come back: the map's view selects what was clicked, every run has finished.
    wait_for(desktop, lambda: frame.evaluate(VIEW_SELECTED) == clicked)
    wait_for_page_idle(desktop, frame)
    assert frame.locator(".mh-card").count() == 0
    assert desktop.locator("[data-testid='stVegaLiteChart']").count() + \
        desktop.locator("[data-testid='stDataFrame']").count() == 2
