"""The pictures in docs/: run `python3 -m docs.screenshots` from the project root (needs Chromium).

Chromium is found as the browser tests find it (``support.browser``).

- ``phone-*.png``: a shared link opened on a 390 x 844 phone (touch, device scale 2, WeChat's
  User-Agent), offline, in Chinese and in English, without and with a selected feature: what a reader
  sees on the first screen.
- ``snapshot-*.png``: what the map's camera button downloads, from links framed by hand (the north at
  1x, the south at 2x), on a desktop.
- ``positions-*.png``: how positions are told, in Chinese and in English: the Hongqiao hub at street zoom
  (the Jiamin stops on their published sites), old Minhang, and a schematic carrier's card on a phone.

- ``desktop-*.png``, ``rollup-en.png``, ``timeline.png``: the map-first desktop at 1440 x 900 (English) and
  1920 x 1080 (Chinese), the progress roll-up and the timeline under it.

- ``style/{after,before}-*.png``: the map's style (README, *Map style*) at 1440 x 900 (English), 1920 x 1080
  (Chinese), on a phone (Chinese), a comparison and a changed-since view: ``--only style`` makes the "after"
  pictures; ``--only style --app DIR --tag before`` the same pictures of another checkout (the commit before).

``--only phone|snapshots|positions|desktop|style`` makes one group.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

from support import ROOT
from support.browser import (
    CONTEXT_DRAWN,
    PAGE_STYLED,
    launch,
    map_frame,
    offline_context,
    wait_for,
    wait_for_labels,
    wait_for_page_idle,
    wait_for_run_idle,
)
from support.devices import PHONE, PHONE_VIEWPORT
from support.server import streamlit_server

DOCS = ROOT / "docs"
SELECTED = "sjtu-minhang-campus"  # Greater Neo Bay's anchor campus
SNAPSHOTS = {"snapshot-north.png": ("/?regions=north&center=31.19,121.33&zoom=13", 1),
             "snapshot-south-2x.png": ("/?regions=south&center=31.02182,121.43231&zoom=13", 2)}
# A Vega chart under ``selector`` has drawn its marks (a canvas or an SVG of some size).
CHART_DRAWN = """selector => { const marks = document.querySelector(selector + ' .marks');
    return !!marks && marks.getBoundingClientRect().width > 0; }"""


def settled(page, frame) -> None:
    """The street context drawn, every run finished, fonts loaded, the map still and its labels placed."""
    wait_for(page, lambda: frame.evaluate(CONTEXT_DRAWN))
    wait_for_page_idle(page, frame)
    wait_for_labels(page, frame)


def snapshots(browser, url: str) -> None:
    """Click the camera on two framed links and keep what it downloads."""
    for name, (link, ratio) in SNAPSHOTS.items():
        external: list[str] = []
        context = offline_context(browser, external)
        page = context.new_page()
        page.goto(url + link)
        frame = map_frame(page)
        settled(page, frame)
        frame.locator(".mh-camera-button").click()
        frame.locator(f"input[name=mh-ratio][value='{ratio}']").check()
        with page.expect_download(timeout=60_000) as download:
            frame.locator(".mh-camera-go").click()
        (DOCS / name).write_bytes(download.value.path().read_bytes())
        print(f"docs/{name}", "blocked:", external)
        context.close()


# (file name, link, on a phone: its card shows)
POSITIONS = (("positions-hongqiao-{lang}.png",
              "/?lang={lang}&regions=north,central&center=31.18600,121.32600&zoom=14", False),
             ("positions-old-minhang-{lang}.png", "/?lang={lang}&feature=old-minhang", False),
             ("positions-carrier-card-{lang}.png", "/?lang={lang}&feature=jaka-robotics", True))


def positions(browser, url: str) -> None:
    """Desktop (1440 x 900) and phone views of how positions are told."""
    for lang in ("zh", "en"):
        for name, link, phone in POSITIONS:
            external: list[str] = []
            device = {"viewport": PHONE_VIEWPORT, **PHONE} if phone else {"viewport": (1440, 900)}
            context = offline_context(browser, external, **device)
            page = context.new_page()
            page.goto(url + link.format(lang=lang))
            frame = map_frame(page)
            if phone:
                wait_for(page, lambda f=frame: f.locator(".mh-card").count() > 0)
            settled(page, frame)  # labels placed, card panned into view
            out = DOCS / name.format(lang=lang)
            page.screenshot(path=str(out))
            print(out.relative_to(ROOT), "blocked:", external)
            context.close()


def phones(browser, url: str) -> None:
    """A shared link on a phone, in both languages, without and with a selection."""
    for lang in ("zh", "en"):
        for selected in (False, True):
            external: list[str] = []
            context = offline_context(browser, external, viewport=PHONE_VIEWPORT, **PHONE)
            page = context.new_page()
            page.goto(f"{url}/?lang={lang}" + (f"&feature={SELECTED}" if selected else ""))
            frame = map_frame(page)
            if selected:
                wait_for(page, lambda f=frame: f.locator(".mh-card").count() > 0)
            settled(page, frame)  # labels placed, card panned into view
            out = DOCS / f"phone-{lang}{'-selected' if selected else ''}.png"
            page.screenshot(path=str(out))
            print(out.relative_to(ROOT), "blocked:", external)
            context.close()


def desktop(browser, url: str) -> None:
    """The first screen of a laptop and of a large screen, then the roll-up and the timeline below the map."""
    for name, size, lang in (("desktop-1440-en.png", (1440, 900), "en"), ("desktop-1920-zh.png", (1920, 1080), "zh")):
        external: list[str] = []
        context = offline_context(browser, external, viewport=size)
        page = context.new_page()
        page.goto(f"{url}/?lang={lang}")
        frame = map_frame(page)
        wait_for(page, lambda p=page: p.evaluate(PAGE_STYLED))
        settled(page, frame)  # labels placed, the runs finished
        page.screenshot(path=str(DOCS / name))
        print(f"docs/{name}", "blocked:", external)
        if lang == "en":
            for part, selector in (("rollup-en.png", ".st-key-rollup-statuses"), ("timeline.png", ".st-key-timeline")):
                element = page.locator(selector)
                element.scroll_into_view_if_needed()
                wait_for_run_idle(page)
                if part == "timeline.png":
                    wait_for(page, lambda p=page, s=selector: p.evaluate(CHART_DRAWN, s))  # the chart drawn
                element.screenshot(path=str(DOCS / part))
                print(f"docs/{part}")
        context.close()


STYLE_VIEWS = (("1440-en", "/", (1440, 900), False), ("1920-zh", "/?lang=zh", (1920, 1080), False),
               ("phone-zh", "/?lang=zh", None, False), ("compare-en", "/?compare=plan", (1440, 900), True),
               ("since-en", "/?since=2024-01-01", (1440, 900), True))


def style(browser, url: str, tag: str = "after") -> None:
    """The first screen of each view the map's style is judged on (the map alone for compare and since)."""
    (DOCS / "style").mkdir(exist_ok=True)
    for name, path, size, map_only in STYLE_VIEWS:
        external: list[str] = []
        device = {"viewport": PHONE_VIEWPORT, **PHONE} if size is None else {"viewport": size}
        context = offline_context(browser, external, **device)
        page = context.new_page()
        page.goto(url + path)
        frame = map_frame(page)
        settled(page, frame)
        out = DOCS / "style" / f"{tag}-{name}.png"
        (frame.frame_element() if map_only else page).screenshot(path=str(out))
        print(out.relative_to(ROOT), "blocked:", external)
        context.close()


GROUPS = {"phone": phones, "snapshots": snapshots, "positions": positions, "desktop": desktop, "style": style}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(GROUPS), help="make one group of pictures")
    parser.add_argument("--app", help="another checkout's folder to picture (its dashboard.py), e.g. the commit before")
    parser.add_argument("--tag", default="after", help="the style pictures' name prefix (before, after)")
    args = parser.parse_args()
    app = ROOT / "dashboard.py" if args.app is None else Path(args.app) / "dashboard.py"
    with streamlit_server(script=app) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for name, make in GROUPS.items():
            if args.only in (None, name):
                (partial(make, tag=args.tag) if make is style else make)(browser, url)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
