"""The first screen tells the plan's story (issue: status is the colour, the context recedes, Minhang fills the
frame), measured offline in Chromium with the code bench/map_style.py prints the figures with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.browser import offline_context
from support.devices import PHONE, PHONE_VIEWPORT
from support.mapstyle import (
    changed_share,
    controls_over_district,
    district_fill,
    map_picture,
    names_minhang,
    settled_map,
    vivid,
)
from support.server import streamlit_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


def opened(browser, server, path: str, viewport, **device):
    external: list[str] = []
    page = offline_context(browser, external, viewport=viewport, **device).new_page()
    page.goto(server + path)
    frame = settled_map(page)
    assert external == []
    return page, frame


@pytest.mark.parametrize(("viewport", "device"), [((1440, 900), {}), ((1920, 1080), {}), (PHONE_VIEWPORT, PHONE)],
                         ids=["1440x900", "1920x1080", "phone"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_minhang_fills_the_frame_and_is_named(browser, server, viewport, device, lang):
    page, frame = opened(browser, server, "/" if lang == "en" else "/?lang=zh", viewport, **device)
    assert district_fill(frame) >= 0.85  # of the room the controls leave it
    assert names_minhang(frame)
    if device:  # on a phone the district fills the width: no control lies over it, the headline neither
        assert controls_over_district(frame) == 0
    page.context.close()


def test_status_is_the_colour_and_the_plan_is_the_figure(browser, server):
    pictures = {}
    for name, path in (("plan", "/?asof=plan"), ("latest", "/?asof=latest"), ("default", "/"),
                       ("ground", "/?q=zzzqqqxxx")):
        page, frame = opened(browser, server, path, (1440, 900))
        pictures[name] = map_picture(frame)
        page.context.close()
    assert changed_share(pictures["plan"], pictures["latest"]) >= 0.0075
    everything, ground = vivid(pictures["default"]), vivid(pictures["ground"])
    assert (everything - ground) / everything >= 0.60
