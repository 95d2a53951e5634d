"""How the first screen reads, measured in a real browser: the figures of the map's style (README, "Map style").

- :func:`district_fill`: how much of the map's width or height Minhang's box fills (the larger of the two), of the
  room its controls leave; :func:`controls_over_district`: how many controls overlap that box (a phone: none);
- :func:`names_minhang`: whether a label naming the district is on the map;
- :func:`changed_share`: the share of the map's pixels two pictures differ in (``asof=plan`` against
  ``asof=latest``: status is the colour);
- :func:`vivid`: how many of a picture's pixels are vivid (saturation > 0.45 and value > 0.35): a view's
  against the same view with a search that matches nothing (the ground alone) gives the plan's share.

``bench/map_style.py`` prints them; ``tests/browser/test_map_style.py`` holds them to the issue's figures.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from playwright.sync_api import Frame, Page

from layers.data.reference import district_bounds
from support.browser import CONTEXT_DRAWN, map_frame, wait_for, wait_for_labels, wait_for_page_idle

VIVID_SATURATION, VIVID_VALUE = 0.45, 0.35
# Minhang's box in the map's container pixels, against the room the map's controls leave it (MH.clearance: the
# headline; on a phone also the control column and the bottom controls, which the district is kept clear of).
_FILL = """([w, s, e, n]) => { const m = window.map_div, nw = m.latLngToContainerPoint([n, w]);
    const se = m.latLngToContainerPoint([s, e]), size = m.getSize(), c = MH.clearance(m);
    return Math.max((se.x - nw.x) / (size.x - c.left - c.right), (se.y - nw.y) / (size.y - c.top - c.bottom)); }"""
# Whether Minhang's box lies clear of the map's controls (but the credit) and the headline: the boxes overlapping it.
_COVERING = """([w, s, e, n]) => { const m = window.map_div, box = m.getContainer().getBoundingClientRect();
    const nw = m.latLngToContainerPoint([n, w]), se = m.latLngToContainerPoint([s, e]);
    return [...m.getContainer().querySelectorAll('.leaflet-control:not(.leaflet-control-attribution), .mh-headline')]
      .filter(el => el.offsetHeight).map(el => el.getBoundingClientRect())
      .filter(r => r.right - box.left > nw.x && r.left - box.left < se.x && r.bottom - box.top > nw.y
                   && r.top - box.top < se.y).length; }"""
# A label naming the district, inside the map.
_NAMED = """() => { const m = map_div.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.mh-label-home')].some(el => { const r = el.getBoundingClientRect();
      return r.width > 0 && r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom; }); }"""


def settled_map(page: Page, timeout: float = 60) -> Frame:
    """The live map once its plan and street context are drawn, the page idle and the labels placed."""
    frame = map_frame(page, timeout)
    wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN), timeout=timeout)
    wait_for_page_idle(page, frame, timeout)
    wait_for_labels(page, frame, timeout)
    return frame


def district_fill(frame: Frame) -> float:
    """The larger of the shares of the map's width and height that Minhang's box fills (0 to 1)."""
    return float(frame.evaluate(_FILL, list(district_bounds())))


def controls_over_district(frame: Frame) -> int:
    """How many of the map's controls (and its headline) overlap Minhang's box."""
    return int(frame.evaluate(_COVERING, list(district_bounds())))


def names_minhang(frame: Frame) -> bool:
    """Whether a label naming Minhang District shows inside the map."""
    return bool(frame.evaluate(_NAMED))


def map_picture(frame: Frame) -> np.ndarray:
    """The map as the reader sees it (its frame on the page), RGB."""
    return np.asarray(Image.open(io.BytesIO(frame.frame_element().screenshot())).convert("RGB"))


def changed_share(a: np.ndarray, b: np.ndarray, threshold: int = 24) -> float:
    """The share of pixels two pictures of one size differ in (any channel by more than ``threshold``)."""
    if a.shape != b.shape:
        raise ValueError(f"pictures of different sizes: {a.shape} and {b.shape}")
    return float((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > threshold).mean())


def vivid(picture: np.ndarray) -> int:
    """How many pixels are vivid: HSV saturation above 0.45 and value above 0.35."""
    rgb = picture.astype(float) / 255
    high, low = rgb.max(axis=2), rgb.min(axis=2)
    saturation = np.where(high > 0, (high - low) / np.where(high > 0, high, 1), 0)
    return int(((saturation > VIVID_SATURATION) & (high > VIVID_VALUE)).sum())
