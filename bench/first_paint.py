"""How soon a first visit shows something: Streamlit's own shell, the title, the map's frame, the drawn map.

    python3 -m bench.first_paint [--runs N] [--app DIR]

A desktop (1440x900) opens the page in a fresh browser context (empty cache, a new session), offline, each time;
the first visit after the server starts (its first run imports the library and reads the data) is reported
apart. Seconds from navigation, medians over ``--runs`` visits. ``--app`` measures another checkout (its
``dashboard.py``), e.g. the commit before, with the same measuring code. Target (issue 35): the title and the
map's frame within 1 s, i.e. with Streamlit's own shell, which is the floor: the page can show nothing before it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from support.browser import PLAN_READY, launch, offline_context
from support.server import ROOT, streamlit_server

# What the page shows, each a predicate over the page (the map's drawing: over its frame).
MARKS = {
    "shell": "() => !!document.querySelector('[data-testid=stApp]')",
    "title": "() => !!document.querySelector('h1')",
    "frame": """() => [...document.querySelectorAll('.st-key-map_area')]
        .some(el => el.getBoundingClientRect().height > 300)""",
}


def visit(browser: Browser, url: str, timeout: float = 30) -> dict[str, float]:
    """One visit: seconds from navigation to each mark, and to the drawn map ("map")."""
    context = offline_context(browser, [], viewport=(1440, 900))
    page = context.new_page()
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    seen: dict[str, float] = {}
    while time.monotonic() - start < timeout and len(seen) < len(MARKS) + 1:
        now = round(time.monotonic() - start, 3)
        for name, test in MARKS.items():
            if name not in seen and page.evaluate(test):
                seen[name] = now
        if "map" not in seen:
            for frame in page.frames:
                try:
                    if frame.evaluate(PLAN_READY):
                        seen["map"] = now
                        break
                except Exception:  # a frame still loading
                    continue
        page.wait_for_timeout(20)
    context.close()
    return seen


def measure(app: Path, runs: int) -> dict[str, Any]:
    """The first visit after the server starts, and the medians of ``runs`` visits after it."""
    with streamlit_server(script=app / "dashboard.py") as url, sync_playwright() as playwright:
        browser = launch(playwright)
        first = visit(browser, url + "/")
        visits = [visit(browser, url + "/") for _ in range(runs)]
        browser.close()
    names = [*MARKS, "map"]
    return {"first visit after start": first,
            f"median of {runs} visits": {n: round(statistics.median(v[n] for v in visits if n in v), 2) for n in names}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--app", type=Path, default=ROOT, help="a checkout whose dashboard.py to measure")
    args = parser.parse_args()
    print(json.dumps(measure(args.app, args.runs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
