"""10,000 extra points (a curator's MINHANG_GEODATA): drawn on a canvas, filterable and clickable, offline."""

from __future__ import annotations

import pytest

from layers.data.catalog import load_catalog
from layers.view.filters import apply_filters, region_outlines
from layers.view.spec import FilterSpec
from support.browser import click_until, map_frame, wait_for
from support.server import streamlit_server
from support.synthetic import write_geodata

EXTRA = 10_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = write_geodata(tmp_path_factory.mktemp("geodata-10k"), EXTRA)
    frame = load_catalog(folder).features
    with streamlit_server(env={"MINHANG_GEODATA": str(folder)}) as url:
        yield url, frame


def plan_state(frame):
    return frame.evaluate("() => { const p = window.map_div && map_div._mhPlan; return p && p.ready "
                          "&& {shown: p.shown, n: p.layers.length, canvas: !!p.canvas, error: p.error || null}; }")


def test_ten_thousand_points_draw_filter_and_click(big, session):
    url, data = big
    assert len(data) == 47 + EXTRA
    page, external = session
    page.goto(url)
    frame = map_frame(page, timeout=90)
    state = wait_for(page, lambda: (s := plan_state(frame)) and s["shown"] == len(data) and s, timeout=90)
    assert state == {"shown": len(data), "n": len(data), "canvas": True, "error": None}
    # Points are one canvas, not 10,000 DOM elements.
    assert frame.locator(".leaflet-marker-pane canvas").count() == 1
    assert frame.locator(".mh-symbol").count() == 0

    # Filter: the south off; the browser shows exactly what the server's filter gives.
    # (the sidebar's checkbox: the table's cells, in the grid's accessible DOM, say the region too)
    page.locator("[data-testid='stSidebar']").get_by_text("South: Greater Neo Bay", exact=True).click()
    spec = FilterSpec(regions=frozenset({"north", "central"}))
    expected = len(apply_filters(data, spec)) + len(region_outlines(data, spec))
    assert wait_for(page, lambda: (s := plan_state(frame)) and s["shown"] == expected, timeout=30)

    # Click a generated point in the middle of the map: its details open.
    def click_sample() -> None:
        point = frame.evaluate("""() => {
            const p = map_div._mhPlan, inner = map_div.getBounds().pad(-0.35);
            const i = p.layers.findIndex((l, k) => p.on[k] && l.feature.id.startsWith('sample')
                                                   && inner.contains(l.getLatLng()));
            const c = map_div.latLngToContainerPoint(p.layers[i].getLatLng());
            return [c.x, c.y];
        }""")
        box = frame.locator("#map_div").bounding_box()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])

    click_until(page, click_sample, lambda: "feature=sample-" in page.url)
    # The link changes with the click; the details follow with the rerun.
    assert wait_for(page, lambda: page.get_by_text("Generated for benchmarks.").is_visible(), timeout=30)
    assert external == []
