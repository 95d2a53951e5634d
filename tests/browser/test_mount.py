"""The app mounted at a sub-path, as a reverse proxy mounts it (``--server.baseUrlPath=/minhang``), in Chromium,
offline: every feature draws, the page below the map comes, an embed draws, the ruler's library and a
comparison's code load on demand, and the page's feed link and share links stay under the mount. No request of
the page or the map fails (each URL the map uses is relative to its frame: ``layers.maps.assets.APP_ROOT``)."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page

from layers.data import schema
from layers.view.i18n import t
from support.browser import drawn_counts, map_frame, offline_context, wait_for, wait_for_page_idle
from support.server import streamlit_server

MOUNT = "/minhang"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server(base_path=MOUNT) as url:
        assert url.endswith(MOUNT)
        yield url


def expected_counts(frame) -> tuple[int, int]:
    points = frame[frame.geom_type.isin(schema.POINT)]
    return len(frame) - len(points), len(points)


def opened(browser: Browser, url: str, size: tuple[int, int] = (1440, 900)) -> tuple[Page, list[str], list[str]]:
    """A page at ``url``; the requests that tried to leave localhost, and every response that failed."""
    external: list[str] = []
    failed: list[str] = []
    page = offline_context(browser, external, viewport=size).new_page()
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.goto(url)
    return page, external, failed


def test_under_a_sub_path_every_feature_draws_and_the_page_below_comes(browser, server, catalog):
    page, external, failed = opened(browser, f"{server}/")
    frame = map_frame(page)
    expected = expected_counts(catalog.features)
    assert wait_for(page, lambda: drawn_counts(frame) == expected or None, timeout=30), drawn_counts(frame)
    wait_for_page_idle(page, frame)
    for below in (".st-key-rollup-statuses", ".st-key-timeline", "[data-testid=stDataFrame]"):  # what waits for the map
        assert wait_for(page, lambda below=below: page.locator(below).count() > 0, timeout=30), below
    # The feed link is relative to the page, the app's root: it stays under the mount, and the file is there.
    link = page.get_by_role("link", name=t("feed_link", "en"))
    wait_for(page, lambda: link.count() == 1, timeout=20)
    feed = urljoin(page.url, link.get_attribute("href"))
    assert feed.startswith(f"{server}/app/static/cache/progress-en"), feed
    with urllib.request.urlopen(feed, timeout=10) as response:
        assert response.status == 200 and b"<feed" in response.read()
    # A share link keeps the mount (MH.linkFor builds it from the page's own address).
    frame.locator(".mh-share-button").click()
    assert frame.locator(".mh-share-pinned").input_value().startswith(f"{server}/?")
    # The ruler's library comes on first use, from under the mount too.
    frame.locator(".leaflet-control-measure-toggle").click()
    assert wait_for(page, lambda: frame.evaluate("() => !!(window.L && L.Control.Measure)"), timeout=10)
    assert failed == [] and external == []
    page.context.close()


def test_under_a_sub_path_an_embed_and_a_comparison_draw(browser, server, catalog):
    page, external, failed = opened(browser, f"{server}/?embed=true", size=(640, 400))
    frame = map_frame(page)
    expected = expected_counts(catalog.features)
    assert wait_for(page, lambda: drawn_counts(frame) == expected or None, timeout=30), drawn_counts(frame)
    wait_for_page_idle(page, frame)
    page.context.close()
    # A comparison fetches its code and the other date's plan data when it first shows.
    page, more, failed_too = opened(browser, f"{server}/?compare=plan")
    frame = map_frame(page)
    shown = "() => map_div._mhCompare && map_div._mhCompare.group.getLayers().length"
    assert wait_for(page, lambda: frame.evaluate(shown), timeout=30)
    assert failed == failed_too == [] and external == more == []
    page.context.close()
