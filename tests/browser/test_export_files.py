"""Exports that need the browser stack: the HTML map opened in Chromium, PNGs rendered by Playwright."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image

from layers.data.catalog import load_catalog
from layers.data.events import load_events
from layers.data.reference import load_reference
from layers.export.formats import SIZES, export_bytes
from layers.export.png import INSTALL_HINT, PngRenderer, RenderError
from layers.view.palette import STATUS_COLOURS
from layers.view.spec import FilterSpec
from support.browser import drawn_counts, map_frame_of_page, offline_context, uncovered_symbol, wait_for
from tests.export.test_export import DAY, cli
from tests.export.test_export import test_cli_writes_each_format as cli_writes


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def renderer():
    png = PngRenderer()
    yield png
    png.close()


def test_html_opens_offline_from_file_and_draws_every_feature(catalog, reference, tmp_path, browser):
    evil = catalog.features.copy()
    evil.loc["jaka-robotics", "name_en"] = "<img src=x onerror=alert(1)>"
    evil.loc["jaka-robotics", "source_quote"] = "</script><svg onload=alert(2)>"
    path = tmp_path / "map.html"
    path.write_bytes(export_bytes("html", evil, reference, FilterSpec(), today=DAY))
    external: list[str] = []
    dialogs: list[str] = []
    context = offline_context(browser, external)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    frame = map_frame_of_page(page)
    points = int(evil.geom_type.isin(["Point"]).sum())
    assert wait_for(page, lambda: drawn_counts(frame) == (len(evil) - points, points) or None)
    page.locator(".mh-symbol").nth(uncovered_symbol(page)).click()
    wait_for(page, lambda: page.locator(".leaflet-popup-content").count() > 0)
    assert page.locator(".mh-title").inner_text().startswith("Minhang strategy map")
    # The title, the key and the legend sit in a column beside the map, every number of the key in it, and
    # nothing covers the open popup.
    layout = page.evaluate("""() => { const map = document.querySelector('.folium-map').getBoundingClientRect();
        const side = document.querySelector('.mh-side').getBoundingClientRect();
        const popup = document.querySelector('.leaflet-popup').getBoundingClientRect();
        const items = [...document.querySelectorAll('.mh-key li')].map(li => li.getBoundingClientRect());
        const over = [...document.querySelectorAll('.leaflet-control')].filter(el => el.offsetWidth).filter(el => {
          const r = el.getBoundingClientRect();
          return r.left < popup.right && popup.left < r.right && r.top < popup.bottom && popup.top < r.bottom; });
        return {beside: side.right <= map.left + 0.5, inside: ['.mh-title', '.mh-key', '.mh-legend:not(.mh-key)']
                  .every(sel => document.querySelector('.mh-side ' + sel)),
                keyed: items.length, seen: items.filter(r => r.bottom <= side.bottom && r.height > 0).length,
                over: over.length}; }""")
    assert layout["beside"] and layout["inside"] and layout["over"] == 0, layout
    assert layout["keyed"] == int((evil["kind"] != "region").sum()) and layout["seen"] == layout["keyed"], layout
    assert page.locator("img[src='x'], svg[onload]").count() == 0
    context.close()
    assert external == [] and dialogs == []


def test_png_has_the_size_asked_for_and_shows_the_map(catalog, reference, renderer):
    for key in ("1280x800", "a4"):
        png = export_bytes("png", catalog.features, reference, FilterSpec(), size=SIZES[key], renderer=renderer,
                           today=DAY)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        assert image.size == (SIZES[key].width * SIZES[key].scale, SIZES[key].height * SIZES[key].scale)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    assert len(colours) > 200  # not blank
    for status in ("under_construction", "operating"):  # the plan's statuses, in the one palette
        want = tuple(int(STATUS_COLOURS[status][i:i + 2], 16) for i in (1, 3, 5))
        assert any(all(abs(c - w) < 8 for c, w in zip(colour, want, strict=True)) for colour in colours), status
    # The title, key and legend are a white column on the left (beside the map, never over it); the map, right.
    w, h = image.size

    def white_share(x0: float, y0: float, x1: float, y1: float) -> float:
        box = image.crop((int(w * x0), int(h * y0), int(w * x1), int(h * y1))).convert("L")
        return sum(1 for v in box.get_flattened_data() if v > 240) / (box.width * box.height)

    assert white_share(0.0, 0.0, 0.28, 1.0) > 0.75  # the column, its words on white
    assert white_share(0.35, 0.0, 1.0, 1.0) < 0.5  # the map: the district's white ground among its plan


def test_a_png_of_data_that_held_control_characters_renders(dirty_folder, reference, renderer):
    catalog = load_catalog(dirty_folder)  # cleaned at load (layers.data.text); the other writers: test_export.py
    events = load_events(dirty_folder, known_ids=catalog.features.index)
    assert catalog.problems and events.problems
    png = export_bytes("png", catalog.features, reference, FilterSpec(feature="qianwan-park"), size=SIZES["1280x800"],
                       renderer=renderer, events=events, today=DAY)
    assert Image.open(io.BytesIO(png)).size == (1280, 800)


def test_png_renders_concurrently_without_mixing(catalog, reference, renderer):
    results: dict[str, bytes] = {}
    html = {k: export_bytes("html", catalog.features, reference, FilterSpec(lang=k), today=DAY).decode()
            for k in ("en", "zh")}

    def work(key: str, size: str) -> None:
        results[key] = renderer.render(html[key], SIZES[size])

    threads = [threading.Thread(target=work, args=("en", "1280x800")),
               threading.Thread(target=work, args=("zh", "1920x1080"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Image.open(io.BytesIO(results["en"])).size == (1280, 800)
    assert Image.open(io.BytesIO(results["zh"])).size == (1920, 1080)


def test_render_timeout_fails_cleanly(catalog, reference):
    slow = PngRenderer(render_timeout_s=0.01)
    try:
        html = export_bytes("html", catalog.features, reference, FilterSpec(), today=DAY).decode()
        with pytest.raises(RenderError, match="did not finish"):
            slow.render(html, SIZES["1280x800"])
    finally:
        slow.close()


def test_cli_without_browser_gives_the_hint_and_other_formats_still_work(tmp_path):
    env = {"MINHANG_CHROMIUM": "/nonexistent/chromium"}
    result = cli("--format", "png", "--out", str(tmp_path / "x.png"), env=env)
    assert result.returncode == 1 and INSTALL_HINT.split(":")[0] in result.stderr
    assert not (tmp_path / "x.png").exists()
    assert cli("--format", "geojson", "--out", str(tmp_path / "x.geojson"), env=env).returncode == 0


def test_a_page_that_opens_a_dialog_is_refused(renderer):
    page = '<div class="leaflet-marker-icon"></div><script>alert("ran")</script>'
    with pytest.raises(RenderError, match="dialog"):
        renderer.render(page, SIZES["1280x800"])


def test_cli_writes_a_png(tmp_path):
    cli_writes(tmp_path, "png")
