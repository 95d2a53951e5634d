"""The map-first desktop in Chromium, offline: the map takes most of the first screen, the open legend little
of the map, and a count of the progress roll-up, clicked, filters the map to its projects."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from support.browser import MAP_IFRAME, PAGE_STYLED, map_frame, offline_context, wait_for, wait_for_page_idle
from support.server import streamlit_server

MAP_SHARE = f"""() => {{
  const f = document.querySelector("{MAP_IFRAME}").getBoundingClientRect();
  const w = Math.max(0, Math.min(f.right, innerWidth) - Math.max(f.left, 0));
  const h = Math.max(0, Math.min(f.bottom, innerHeight) - Math.max(f.top, 0));
  return w * h / (innerWidth * innerHeight);
}}"""
LEGEND_SHARE = """() => {
  const l = document.querySelector('.mh-legend').getBoundingClientRect();
  const m = document.querySelector('#map_div').getBoundingClientRect();
  return document.querySelector('.mh-legend details').open && l.width * l.height / (m.width * m.height);
}"""
PLAN_SHOWN = "() => { const p = window.map_div && map_div._mhPlan; return p && p.ready ? p.shown : null; }"
# Leaflet has taken the size its container has now (it measures again on the frame's resize).
LEAFLET_SIZED = """() => { const m = window.map_div; if (!m) { return false; }
  const size = m.getSize(), box = m.getContainer();
  return size.x === box.clientWidth && size.y === box.clientHeight; }"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


def open_page(browser: Browser, size: tuple[int, int], url: str) -> tuple[Page, list[str]]:
    external: list[str] = []
    page = offline_context(browser, external, viewport=size).new_page()
    page.goto(url)
    return page, external


@pytest.mark.parametrize(("size", "lang"), [((1440, 900), "en"), ((1920, 1080), "zh")])
def test_the_map_is_the_page_and_the_legend_covers_little_of_it(browser, server, size, lang):
    page, external = open_page(browser, size, f"{server}/?lang={lang}")
    frame = map_frame(page)
    # The page's CSS has sized the map frame (its runs done: the page as it stays), and Leaflet the map.
    wait_for(page, lambda: page.evaluate(PAGE_STYLED))
    wait_for_page_idle(page, frame)
    wait_for(page, lambda: frame.evaluate(LEAFLET_SIZED))
    assert page.evaluate(MAP_SHARE) >= 0.60
    share = frame.evaluate(LEGEND_SHARE)
    assert share and share <= 0.06, share
    # With nothing selected the details panel is closed: nothing else covers the map.
    assert not page.locator(".st-key-details h4").count()
    assert external == []
    page.context.close()


def test_a_roll_up_count_clicked_filters_the_map(browser, server):
    page, external = open_page(browser, (1440, 900), server)
    frame = map_frame(page)
    everything = wait_for(page, lambda: frame.evaluate(PLAN_SHOWN))
    button = page.locator(".st-key-rollup_statuses_groups_rail button").first
    button.scroll_into_view_if_needed()
    n = int(re.match(r"\d+", button.inner_text()).group())
    button.click()
    wait_for(page, lambda: "groups=rail" in page.url)
    # The rail lines with that status, and the region outlines (they go with their regions).
    assert wait_for(page, lambda: frame.evaluate(PLAN_SHOWN) == n + 3, timeout=30)
    assert n + 3 < everything
    assert page.locator("[data-testid='stSidebar']").get_by_text(f"{n} of 44 features match").count() == 1
    assert external == []
    page.context.close()


# Every roll-up count, whole: none cut by its pill, none outside its column (at 1440 wide, in English: the longest).
CUT_PILLS = """() => [...document.querySelectorAll('[class*="st-key-rollup-"] [data-testid="stButtonGroup"] button')]
  .filter(b => {
  const row = b.closest('[data-testid="stColumn"]').getBoundingClientRect(), r = b.getBoundingClientRect();
  const text = b.querySelector('[data-testid="stMarkdownContainer"]');
  return r.right > row.right + 0.5 || (text && text.scrollWidth > text.clientWidth + 0.5);
}).map(b => b.innerText)"""


# The table's columns all within its width: nothing to scroll to, the last column whole.
TABLE_OVERFLOW = """() => { const g = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
  return g && g.scrollWidth - g.clientWidth; }"""


def test_the_roll_up_counts_and_the_table_columns_are_whole_at_1440(browser, server):
    page, external = open_page(browser, (1440, 900), server)
    frame = map_frame(page)
    wait_for_page_idle(page, frame)
    wait_for(page, lambda: page.locator(".st-key-rollup_statuses_groups_innovation button").count() > 0, timeout=30)
    assert page.evaluate(CUT_PILLS) == []
    page.locator("[data-testid='stDataFrame']").scroll_into_view_if_needed()
    assert wait_for(page, lambda: page.evaluate(TABLE_OVERFLOW) is not None and [page.evaluate(TABLE_OVERFLOW)]) == [0]
    assert external == []
    page.context.close()
