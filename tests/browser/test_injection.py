"""Hostile text in the data and in links is shown literally and never runs: proven in Chromium."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from layers.data.catalog import load_catalog
from layers.data.reference import load_reference
from layers.export.formats import SIZES, export_bytes
from layers.export.png import PngRenderer
from layers.view.spec import FilterSpec
from support import ARTIFACTS
from support.browser import click_until, map_frame, map_frame_of_page, offline_context, wait_for
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import streamlit_server
from tests.browser import injection


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return injection.build(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def server(hostile):
    with streamlit_server(env={"MINHANG_GEODATA": str(hostile)}) as url:
        yield url


@pytest.fixture
def watched(browser, request):
    """A page that records dialogs (alert/confirm) and requests that try to leave localhost."""
    external: list[str] = []
    dialogs: list[str] = []
    context = offline_context(browser, external)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page, dialogs, external
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def assert_nothing_ran(page, frames, dialogs) -> None:
    assert dialogs == []
    for frame in frames:
        assert frame.evaluate("() => window.pwned === undefined")
        assert frame.locator(injection.INJECTED).count() == 0
        assert frame.evaluate("() => [...document.querySelectorAll('style')].every(s => !s.textContent"
                              ".includes('body{visibility:hidden}'))")


def test_app_shows_hostile_data_as_typed_and_runs_none_of_it(server, watched):
    page, dialogs, external = watched
    page.goto(server)
    frame = map_frame(page)
    legend = frame.locator(".mh-legend").inner_text()
    assert injection.SCRIPT not in legend  # the legend says status and kind: it carries no data text
    frame.locator(".mh-symbol").first.hover()
    tooltip = wait_for(page, lambda: frame.locator(".leaflet-tooltip").count() > 0 and
                       frame.locator(".leaflet-tooltip").first.inner_text())
    assert injection.IMG in tooltip and injection.SVG in tooltip
    click_until(page, frame.locator(".mh-symbol").first.click, lambda: "feature=inj-point" in page.url)
    main = page.get_by_test_id("stMain")
    text = wait_for(page, lambda: injection.SCRIPT in main.inner_text() and main.inner_text())
    for payload in (injection.IMG, injection.SVG, injection.SCRIPT, injection.JS_LINK):
        assert payload in text, payload
    assert_nothing_ran(page, [page.main_frame, frame], dialogs)
    assert external == []


def test_the_phone_card_shows_hostile_data_as_typed(server, browser, request):
    external: list[str] = []
    dialogs: list[str] = []
    context = offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/?feature=inj-point")  # opens with the card, as a shared link does
    frame = map_frame(page)
    card = wait_for(page, lambda: frame.locator(".mh-card").count() > 0 and frame.locator(".mh-card").inner_text())
    for payload in (injection.IMG, injection.SVG, injection.SCRIPT):  # names in the tooltip, the plan's sentence
        assert payload in card, payload
    assert_nothing_ran(page, [page.main_frame, frame], dialogs)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert external == []


HOSTILE_URLS = {
    "search-html": f"?q={quote(injection.IMG)}",
    "feature-svg": f"?feature={quote(injection.SVG)}",
    "regions-script": f"?regions={quote(injection.SCRIPT)}",
    "basemap-js": "?basemap=javascript:alert(5)",
    "lang-html": f"?lang={quote('<b>zh</b>')}",
    "huge": "?q=" + "a" * 100_000,
    "repeated": "?regions=north&regions=south&regions=central",
    "unknown-key": f"?{quote(injection.IMG)}=1&zoom=3",
}


@pytest.mark.parametrize("query", list(HOSTILE_URLS.values()), ids=list(HOSTILE_URLS))
def test_hostile_links_get_a_notice_and_defaults(server, watched, query):
    page, dialogs, external = watched
    page.goto(server + "/" + query)
    frame = map_frame(page)
    if not query.startswith("?q=<") and not query.startswith("?q=%3C"):
        notice = wait_for(page, lambda: page.locator(".st-key-notices").count() > 0
                          and page.locator(".st-key-notices").first.inner_text())
        assert "ignored" in notice or "used" in notice
    assert frame.locator(".leaflet-overlay-pane path").count() > 0
    assert_nothing_ran(page, [page.main_frame, frame], dialogs)
    assert external == []


def test_html_export_of_hostile_data_runs_nothing(hostile, browser, tmp_path):
    frame = load_catalog(hostile).features
    path = tmp_path / "hostile.html"
    path.write_bytes(export_bytes("html", frame, load_reference(), FilterSpec()))
    external: list[str] = []
    dialogs: list[str] = []
    page = offline_context(browser, external).new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    map_frame_of_page(page)
    assert injection.SCRIPT not in page.locator(".mh-legend:not(.mh-key)").inner_text()  # no data text in it
    # The printed map's key and the numbered labels name every feature, as typed.
    key = page.locator(".mh-key").inner_text()
    assert injection.IMG in key and injection.SCRIPT in key
    numbers = wait_for(page, lambda: page.locator(".mh-label-number").count() == 3
                       and page.locator(".mh-label-number").all_inner_texts())
    assert sorted(numbers) == ["1", "2", "3"]
    page.evaluate("() => { const m = Object.keys(window).find(k => k.startsWith('map_') && window[k].setZoom);"
                  " window[m].setView([31.0255, 121.4335], 15, {animate: false}); }")  # centred on inj-point
    labels = wait_for(page, lambda: page.locator(".mh-label-plan").all_inner_texts() or None)
    assert any(injection.IMG in text or injection.SCRIPT in text for text in labels), labels
    # Last: the popup of the 3,000-character text pans the map away from the features.
    page.locator(".mh-symbol").first.click()
    popup = wait_for(page, lambda: page.locator(".leaflet-popup-content").count() > 0
                     and page.locator(".leaflet-popup-content").inner_text())
    for payload in (injection.IMG, injection.SVG, injection.SCRIPT):
        assert payload in popup
    assert_nothing_ran(page, [page.main_frame], dialogs)
    assert external == []


def test_png_export_of_hostile_data_renders(hostile):
    frame = load_catalog(hostile).features
    renderer = PngRenderer()
    try:
        html = export_bytes("html", frame, load_reference(), FilterSpec()).decode()
        png = renderer.render(html, SIZES["1280x800"])
    finally:
        renderer.close()
    assert png.startswith(b"\x89PNG")
