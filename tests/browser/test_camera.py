"""The camera: a reader pans and zooms, clicks the camera, and the PNG they get is the map they see."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from PIL import Image

from layers.maps.elements.camera import DEFAULT_RATIO
from support import ARTIFACTS
from support.browser import CONTEXT_DRAWN, MAP_SETTLED, map_frame, wait_for, wait_for_labels
from support.server import streamlit_server

CONTROL_RECTS = """() => {
    const box = document.querySelector('#map_div').getBoundingClientRect();
    return [...document.querySelectorAll('#map_div .leaflet-control')].map(el => el.getBoundingClientRect())
        .filter(r => r.width && r.height)
        .map(r => [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]);
}"""

KEPT_RECTS = """() => {
    const box = document.querySelector('#map_div').getBoundingClientRect(), out = {};
    for (const [name, sel] of [["legend", ".mh-legend"], ["attribution", ".leaflet-control-attribution"]]) {
        const r = document.querySelector('#map_div ' + sel).getBoundingClientRect();
        out[name] = [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top];
    }
    return out;
}"""


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(session):
    """A fresh offline page (tests/browser/conftest.py), with the requests that tried to leave localhost."""
    page, external = session
    page.external = external
    return page


def settled(frame) -> bool:
    return frame.evaluate(MAP_SETTLED)


def frame_by_hand(page, frame) -> None:
    """Zoom in once and drag the map, as a reader framing Greater Neo Bay would."""
    box = frame.locator("#map_div").bounding_box()
    zoom = frame.evaluate("() => map_div.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    wait_for(page, lambda: frame.evaluate("() => map_div.getZoom()") == zoom + 1 and settled(frame))  # zoomed in
    x, y = box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.45
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 60, steps=8)
    page.mouse.up()
    page.mouse.move(5, 5)  # off the map: no hover highlight or tooltip in either picture
    wait_for(page, lambda: settled(frame))
    wait_for_labels(page, frame)  # labels are placed 30 ms after moveend: placed for the view it holds


def snapshot(page, frame, ratio: int) -> tuple[Image.Image, str, dict]:
    frame.locator(".mh-camera-button").click()
    assert frame.locator("input[name=mh-ratio]:checked").get_attribute("value") == str(DEFAULT_RATIO)
    frame.locator(f"input[name=mh-ratio][value='{ratio}']").check()
    with page.expect_download(timeout=60_000) as download:
        frame.locator(".mh-camera-go").click()
    data = download.value.path().read_bytes()
    info = frame.evaluate("() => { const c = map_div.mhLastCapture; return {width: c.width, height: c.height,"
                          " ratio: c.ratio, map: c.map, failed: c.failed}; }")
    frame.locator(".mh-camera-button").click()  # close the menu again
    return Image.open(io.BytesIO(data)).convert("RGB"), download.value.suggested_filename, info


def masked(image: Image.Image, rects: list[list[float]], scale: float = 1) -> np.ndarray:
    pixels = np.asarray(image, dtype=np.int16).copy()
    for left, top, right, bottom in rects:
        pixels[max(0, int(top * scale) - 2):int(bottom * scale) + 2,
               max(0, int(left * scale) - 2):int(right * scale) + 2] = 0
    return pixels


def test_the_snapshot_is_the_view_the_reader_framed(server, page):
    page.goto(server + "/?regions=south")
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN))
    frame_by_hand(page, frame)
    seen = Image.open(io.BytesIO(frame.locator("#map_div").screenshot())).convert("RGB")
    rects = frame.evaluate(CONTROL_RECTS)
    image, name, info = snapshot(page, frame, 1)

    assert name == f"minhang-south-{dt.date.today().isoformat()}.png"
    assert image.size == (info["width"], info["height"]) and info["ratio"] == 1
    assert len(image.getcolors(maxcolors=1 << 24)) > 500  # a map, not a blank page
    m = info["map"]
    drawn = image.crop((m["x"], m["y"], m["x"] + m["w"], m["y"] + m["h"]))
    # The element may measure a fraction of a pixel more than Leaflet's integer map size.
    assert abs(drawn.width - seen.width) <= 1 and abs(drawn.height - seen.height) <= 1
    common = (0, 0, min(drawn.width, seen.width), min(drawn.height, seen.height))
    drawn, seen = drawn.crop(common), seen.crop(common)
    difference = np.abs(masked(drawn, rects) - masked(seen, rects)).mean()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "camera-1x.png")
    seen.save(ARTIFACTS / "camera-seen.png")
    print(f"mean pixel difference {difference:.2f}")
    assert difference < 4, difference  # mean level difference over the map, controls masked
    # The controls a snapshot keeps (legend, scale, attribution) sit where the reader saw them: the
    # attribution once hung mid-map (its corner's height was copied) and the legend showed scroll bars.
    for name, kept in frame.evaluate(KEPT_RECTS).items():
        box = [max(0, round(v)) for v in kept]
        region = np.abs(np.asarray(drawn.crop(box), dtype=np.int16) - np.asarray(seen.crop(box), dtype=np.int16))
        print(f"{name}: mean pixel difference {region.mean():.2f}")
        assert region.mean() < 4, (name, region.mean())  # 0.2 when right; 9.6 (legend) and 29 (attribution) before
    # The title band and footer are on the image, not on the live map.
    assert frame.locator("text=Minhang strategy map").count() == 0
    assert page.external == []


def test_a_2x_snapshot_doubles_every_side(server, page):
    page.goto(server + "/?regions=north&lang=zh")
    frame = map_frame(page)
    wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN))
    wait_for(page, lambda: settled(frame))
    size = frame.locator("#map_div").bounding_box()
    image, name, info = snapshot(page, frame, 2)
    assert name.endswith("@2x.png") and "-north-" in name and "-zh-" in name
    assert info["ratio"] == 2 and info["map"]["w"] == round(size["width"]) * 2
    assert image.size == (info["width"], info["height"])
    assert len(image.getcolors(maxcolors=1 << 24)) > 500
    assert frame.locator(".mh-camera-status").inner_text().startswith("已保存")
    assert page.external == []
