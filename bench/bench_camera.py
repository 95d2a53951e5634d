"""Time of the camera's in-browser PNG: run `python3 -m bench.bench_camera` and read the medians.

Starts the app on a free loopback port, opens it in headless Debian Chromium (every request beyond
localhost blocked), and times ``MH.capture`` (settle, render the map container, compose the title band
and footer, encode the PNG) at 1x and 2x pixel ratio for the default view and for Greater Neo Bay at
street zoom. Target (camera issue): <= 1 s at 2x for the shipped data.
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

from support.browser import (
    CONTEXT_DRAWN,
    launch,
    map_frame,
    offline_context,
    wait_for,
    wait_for_labels,
    wait_for_page_idle,
)
from support.server import streamlit_server

CAPTURE = """async (ratio) => {
    const start = performance.now();
    const shot = await MH.capture(window.map_div, {ratio: ratio});
    return {ms: performance.now() - start, width: shot.width, height: shot.height, bytes: shot.blob.size};
}"""
VIEWS = {"district (default view)": "", "Greater Neo Bay, zoom 14": "?regions=south&center=31.03,121.43&zoom=14"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        external: list[str] = []
        page = offline_context(browser, external, viewport=(1400, 1000)).new_page()
        print(f"camera capture, median of {args.rounds} (first, warm-up capture excluded); map 1400x1000 page")
        for name, query in VIEWS.items():
            page.goto(url + "/" + query)
            frame = map_frame(page)
            wait_for(page, lambda f=frame: f.evaluate(CONTEXT_DRAWN))
            wait_for_page_idle(page, frame)  # every run finished, fonts loaded
            wait_for_labels(page, frame)  # the map still, its labels placed
            for ratio in (1, 2):
                frame.evaluate(CAPTURE, ratio)  # warm-up: fonts and styles cached, as after a reader's first click
                runs = [frame.evaluate(CAPTURE, ratio) for _ in range(args.rounds)]
                ms = statistics.median(r["ms"] for r in runs)
                last = runs[-1]
                print(f"  {name:28} {ratio}x: {ms:7.0f} ms  ({last['width']}x{last['height']} px, "
                      f"{last['bytes'] / 1024:,.0f} KB)")
        browser.close()
    if external:
        print(f"warning: {len(external)} request(s) tried to leave localhost: {external[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
