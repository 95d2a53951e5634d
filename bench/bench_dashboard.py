"""Speed of the dashboard, beside the naive per-marker app: run `python3 -m bench.bench_dashboard`.

Prints one JSON report (medians on this machine; they are noisy, so compare within one run):

- ``view_change``: server time of a view change (the south off and on, a category off and on,
  in turn), i.e. the script run itself, timed around Streamlit's script execution so AppTest's own
  polling is left out; and the bytes it sends: the map component's arguments and every element of
  the rerun (an upper bound: the real server replaces an unchanged element of 10 KB or more by a
  reference). For our app and for ``bench/naive_app.py`` (one folium marker per feature, rebuilt on
  every rerun), with the shipped data and with 10,000 extra points (``support/synthetic.py``).
- ``first_map_s``: in headless Debian Chromium on loopback, from ``page.goto`` on a warm server to
  every feature drawn, network beyond localhost blocked.
- ``first_load``: a shared link's first load, as a phone (390 x 844, touch, WeChat's User-Agent) and a
  desktop, straight from ``streamlit run`` and behind nginx with gzip: KB over the wire by kind, time
  to the map, layout shift after it (``bench/first_load.py``).
- ``load``: the load test (``bench/load_test.py``: 20 sessions + 5 PNG exports) on one process,
  then on two processes behind nginx (``bench/serve_many.py``), back to back (``--think 0``) so the
  throughput is what the machine can serve.

Targets (issue 13): view change <= 80 ms at the shipped data and <= 250 ms with 10,000 extra points;
payload <= 100 KB and <= 1 MB; >= 2x and >= 40x faster than the naive app; load test p95 <= 1 s on one
process; two processes >= 1.6x the throughput of one. First map <= 3 s (issue 10). A phone's first load
<= 1.5 MB (1,464.8 KiB) where the server compresses (issue 14).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from playwright.sync_api import sync_playwright
from streamlit.testing.v1 import AppTest, local_script_runner

from bench.first_load import run as first_load_report
from bench.harness import ScriptTimer
from bench.load_test import load_test
from layers.data import schema
from layers.data.catalog import load_catalog
from support import ROOT
from support.apptest import dashboard_test
from support.browser import drawn_counts, launch, map_frame, offline_context, wait_for
from support.server import streamlit_server
from support.synthetic import geodata_with_points

APPS = {"ours": ROOT / "dashboard.py", "naive": ROOT / "bench" / "naive_app.py"}


class MessageBytes:
    """Bytes of the elements each AppTest rerun produced (AppTest parses every rerun's messages once)."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self._original = local_script_runner.parse_tree_from_messages

    def __enter__(self) -> MessageBytes:
        def parse(messages):
            self.sizes.append(sum(m.ByteSize() for m in messages if m.WhichOneof("type") == "delta"))
            return self._original(messages)

        local_script_runner.parse_tree_from_messages = parse
        return self

    def __exit__(self, *exc: object) -> None:
        local_script_runner.parse_tree_from_messages = self._original


def _changes(at: AppTest, i: int) -> None:
    """The i-th view change, in a cycle of four that ends where it began: the south off, on again;
    one category off, on again (most features stay drawn: the worst case for a per-marker map)."""
    step = i % 4
    if step < 2:
        at.checkbox(key="region_south").set_value(step == 1).run()
    else:
        options = at.multiselect(key="categories").options
        at.multiselect(key="categories").set_value(options if step == 3 else options[:-1]).run()


def view_change(app: str, extra_points: int, rounds: int) -> dict:
    """Server time (ms) and bytes of ``rounds`` view changes of ``app`` after warm-up."""
    timer = ScriptTimer()
    with geodata_with_points(extra_points), timer.installed(), MessageBytes() as sent:
        at = dashboard_test(600, APPS[app]).run()
        for i in range(4):  # warm every cache the changes touch; back to the full view
            _changes(at, i)
        timer.recording = True
        sent.sizes.clear()
        component_bytes = []
        for i in range(rounds):
            _changes(at, i)
            assert not at.exception, at.exception
            component_bytes.append(len(at.get("component_instance")[0].proto.json_args.encode()))
    times = timer.times_ms
    return {"server_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1), "n": len(times),
            "map_payload_kb": round(statistics.median(component_bytes) / 1024, 1),
            "rerun_payload_kb": round(statistics.median(sent.sizes) / 1024, 1)}


def first_map_seconds(rounds: int) -> list[float]:
    """Seconds from page.goto to every feature drawn, fresh browser context each time, warm server."""
    frame = load_catalog().features
    points = int(frame.geom_type.isin(schema.POINT).sum())
    expected = (len(frame) - points, points)
    times = []
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for i in range(rounds + 1):
            external: list[str] = []
            context = offline_context(browser, external)
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            map_view = map_frame(page)
            wait_for(page, lambda m=map_view: drawn_counts(m) == expected or None, timeout=30)
            elapsed = time.perf_counter() - start
            if i:  # the first load warms the server (imports, caches)
                times.append(elapsed)
            assert external == [], external
            context.close()
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=24, help="view changes per app and data size")
    parser.add_argument("--naive-rounds-10k", type=int, default=4, help="the naive app takes ~20 s a change at 10k")
    parser.add_argument("--extra-points", type=int, default=10_000)
    parser.add_argument("--load-seconds", type=float, default=60, help="0 skips the load tests")
    parser.add_argument("--first-map-rounds", type=int, default=8, help="0 skips the first-map timing")
    parser.add_argument("--first-load-runs", type=int, default=3, help="0 skips the phone's first-load transfer")
    args = parser.parse_args()
    report: dict = {"view_change": {}}
    for extra in (0, args.extra_points):
        label = "shipped" if not extra else f"+{extra}_points"
        ours = view_change("ours", extra, args.rounds)
        naive = view_change("naive", extra, args.rounds if not extra else args.naive_rounds_10k)
        report["view_change"][label] = {"ours": ours, "naive": naive,
                                        "speedup": round(naive["server_ms"] / ours["server_ms"], 1)}
    if args.first_map_rounds:
        first = first_map_seconds(args.first_map_rounds)
        report["first_map_s"] = {"median": round(statistics.median(first), 2), "min": round(min(first), 2),
                                 "max": round(max(first), 2), "n": len(first), "target": 3.0}
    if args.first_load_runs:
        report["first_load"] = first_load_report(args.first_load_runs)
    if args.load_seconds:
        one = load_test(seconds=args.load_seconds, think=0)
        two = load_test(seconds=args.load_seconds, think=0, processes=2)
        paced = load_test(seconds=args.load_seconds, think=1.0)
        report["load"] = {"one_process_back_to_back": one, "two_processes_nginx_back_to_back": two,
                          "one_process_paced_1s": paced,
                          "throughput_ratio": round(two["filter_changes_per_s"] / one["filter_changes_per_s"], 2)}
    report["targets"] = {"view_change_ms": {"shipped": 80, "+10k": 250}, "payload_kb": {"shipped": 100, "+10k": 1024},
                         "speedup": {"shipped": 2, "+10k": 40}, "load_p95_s": 1.0, "two_process_throughput": 1.6,
                         "first_map_s": 3.0, "phone_first_load_kb": round(1.5e6 / 1024, 1)}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
