"""How the first screen reads: the figures of the map's style, offline, in Chromium.

    python3 -m bench.map_style [--app DIR]

For 1440x900, 1920x1080 and a 390x844 phone, in English and Chinese: how much of the map's width or height
Minhang's box fills at the default view, and whether a label names it. At 1440x900: the share of the map's
pixels ``?asof=plan`` and ``?asof=latest`` differ in, and the plan's share of the map's vivid pixels (the
default view against the same view with a search that matches nothing: the ground alone). ``--app`` measures
another checkout (its ``dashboard.py``), e.g. the commit before, with the same measuring code.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from playwright.sync_api import sync_playwright

from support.browser import launch, offline_context
from support.devices import PHONE, PHONE_VIEWPORT
from support.mapstyle import changed_share, district_fill, map_picture, names_minhang, settled_map, vivid
from support.server import ROOT, streamlit_server

SIZES = {"1440x900": ((1440, 900), {}), "1920x1080": ((1920, 1080), {}), "phone": (PHONE_VIEWPORT, PHONE)}
NO_MATCH = "zzzqqqxxx"  # a search that matches nothing: what is left is the ground


def measure(app: Path) -> dict[str, object]:
    """Every figure, for the app at ``app``."""
    out: dict[str, object] = {}
    with streamlit_server(script=app / "dashboard.py") as url, sync_playwright() as playwright:
        browser = launch(playwright)

        def opened(path: str, size: str) -> tuple:
            viewport, device = SIZES[size]
            page = offline_context(browser, [], viewport=viewport, **device).new_page()
            page.goto(url + path)
            return page, settled_map(page)

        for size in SIZES:
            for lang in ("en", "zh"):
                page, frame = opened("/" if lang == "en" else "/?lang=zh", size)
                out[f"fill {size} {lang}"] = round(district_fill(frame), 3)
                out[f"named {size} {lang}"] = names_minhang(frame)
                page.context.close()
        pictures = {}
        for name, path in (("plan", "/?asof=plan"), ("latest", "/?asof=latest"), ("default", "/"),
                           ("ground", f"/?q={NO_MATCH}")):
            page, frame = opened(path, "1440x900")
            pictures[name] = map_picture(frame)
            page.context.close()
        browser.close()
    out["asof plan vs latest, pixels changed"] = round(changed_share(pictures["plan"], pictures["latest"]), 4)
    everything, ground = vivid(pictures["default"]), vivid(pictures["ground"])
    out["vivid pixels: default view / ground alone"] = f"{everything} / {ground}"
    out["the plan's share of the vivid pixels"] = round((everything - ground) / everything, 3) if everything else 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, default=ROOT, help="a checkout to measure (default: this one)")
    print(json.dumps(measure(parser.parse_args().app), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
