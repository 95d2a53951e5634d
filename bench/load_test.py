"""Load test on loopback: many concurrent sessions changing filters, plus concurrent PNG exports.

    python3 -m bench.load_test [--sessions 20] [--exports 5] [--seconds 60]

Each session is a real Streamlit client speaking the app's own websocket protocol (the
protobuf messages the browser sends: ``support.client``), so the server does all the work it does for a
browser (script reruns, map building, exports) while the load generator stays light on a
2-core machine. Half the sessions start on a shared link showing only the north and the
district-wide projects; every session then cycles through searches. After each change the
session checks that the match count *and* the features in the map it received are exactly
what its own filters give: a session that sees another's state counts as an error. Export
sessions press "Prepare" for a PNG again and again (the app's shared headless Chromium).
Everything stops by itself after --seconds (loopback only). --think sets the pause between
one session's changes (1 s by default, like a person looking at the map; 0 for back-to-back). Readers
do not act in step: each session starts at a random moment within its first pause and pauses
0.5-1.5 x --think (seeded: the same run each time). --lockstep makes every session start together and
pause exactly --think, the worst case: all of them then ask at the same instant, again and again.

Prints: requests served, errors, server CPU per rerun, p50/p95 time for a filter change to come back, throughput
(filter changes served per second), export times, and peak server memory (the Streamlit
processes and their children, so the export browser too).

``--processes N`` serves the app from N processes behind nginx (``python3 -m bench.serve_many``); each
session then carries its own route cookie, as a browser does after loading the page, so nginx
keeps it on one process. Without it the sessions talk to one process directly.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import re
import statistics
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

from layers.data import schema
from layers.data.catalog import load_catalog
from layers.view.filters import apply_filters, plan_features
from layers.view.i18n import t
from layers.view.spec import FilterSpec
from support.client import Client, Stats
from support.mapargs import drawn_features, served_url
from support.server import cluster, streamlit_process

QUERIES = ("", "neo bay", "station", "虹桥", "park", "jiamin", "road", "zizhu", "中心", "line")
COUNT_RE = re.compile(r"\*\*(\d+) of (\d+) features match\*\*")


def count_of(elements: list) -> tuple[int, int] | None:
    for element in elements:
        if element.WhichOneof("type") == "markdown":
            match = COUNT_RE.search(element.markdown.body)
            if match:
                return int(match.group(1)), int(match.group(2))
    return None


@functools.lru_cache(maxsize=16)
def published(base_url: str, path: str) -> bytes:
    """A file the app published (the plan data), fetched once over HTTP as a browser would."""
    with urllib.request.urlopen(served_url(base_url, path), timeout=60) as response:
        return response.read()


def drawn_ids(elements: list, base_url: str) -> set[str]:
    """The ids the map shows: the view's bits applied to the plan data the base script names."""
    for element in elements:
        if element.WhichOneof("type") == "component_instance":
            args = json.loads(element.component_instance.json_args)
            return {f["id"] for f in drawn_features(args, functools.partial(published, base_url))}
    return set()


async def filter_session(index: int, url: str, stop_at: float, stats: Stats, *, frame,
                         think: float, lockstep: bool = False) -> None:
    regions = ("north", "central") if index % 2 else schema.REGIONS
    query_string = "regions=north,central" if index % 2 else ""
    plan_ids = set(plan_features(frame).index)
    try:
        async with Client(url, stats) as client:
            await client.load(query_string)
            stats.loaded += 1
            search_id = client.widgets["Search names and plan text"]
            pace = random.Random(index)
            if not lockstep:
                await asyncio.sleep(pace.uniform(0, think))
            step = index
            while time.monotonic() < stop_at:
                query = QUERIES[step % len(QUERIES)]
                step += 1
                expected = set(apply_filters(frame, FilterSpec(regions=frozenset(regions), q=query)).index)
                started = time.perf_counter()
                elements = await client.rerun(query_string, [WidgetState(id=search_id, string_value=query)])
                stats.filter_changes.append(time.perf_counter() - started)
                count = count_of(elements)
                shown = await asyncio.to_thread(drawn_ids, elements, url) & plan_ids
                if count is None or count[0] != len(expected) or shown != expected:
                    stats.errors.append(f"session {index} q={query!r}: saw {count} / {len(shown)} features, "
                                        f"its own filters give {len(expected)}")
                # a person looks at the map before the next change
                await asyncio.sleep(think if lockstep else think * pace.uniform(0.5, 1.5))
    except Exception as exc:
        stats.errors.append(f"session {index}: {type(exc).__name__}: {str(exc)[:120]}")


async def export_session(index: int, url: str, stop_at: float, stats: Stats, think: float) -> None:
    category = schema.CATEGORIES[index % len(schema.CATEGORIES)]
    query_string = f"categories={category}"
    try:
        async with Client(url, stats) as client:
            elements = await client.load(query_string)
            prepare = client.widgets["Prepare"]
            # The server's PNG ("fitted view"; not the timeline's): choose it with the button press.
            png = t("format_png", "en")
            formats = next(e.selectbox for e in elements if e.WhichOneof("type") == "selectbox"
                           and png in e.selectbox.options)
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                elements = await client.rerun(query_string, [WidgetState(id=formats.id, string_value=png),
                                                             WidgetState(id=prepare, trigger_value=True)])
                labels = [e.download_button.label for e in elements if e.WhichOneof("type") == "download_button"]
                expected = f"minhang-{category.replace('_', '')}-"
                if any(expected in label and ".png" in label for label in labels):
                    stats.exports.append(time.perf_counter() - started)
                else:
                    errors = [e.alert.body for e in elements if e.WhichOneof("type") == "alert"]
                    stats.errors.append(f"export {index}: no PNG download for {category} {errors[:1]} {labels[:1]}")
                await asyncio.sleep(think)
    except Exception as exc:
        stats.errors.append(f"export {index}: {type(exc).__name__}: {str(exc)[:120]}")


def rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KB (from /proc)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS:")))
            todo.extend(int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (its children's once they exited)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


def sample_memory(pids: list[int], stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], sum(rss_kb(pid) for pid in pids))
        stop.wait(0.25)


async def run(sessions: int, exports: int, seconds: float, think: float, url: str, *,
              lockstep: bool = False, cpu: Callable[[], float] = lambda: 0.0) -> Stats:
    """Run the sessions; ``stats.steady`` holds (server CPU, reruns) the moment every filter session has loaded
    its page (``cpu``: the server's CPU seconds so far), splitting the page loads from the view changes."""
    stats = Stats()
    frame = load_catalog().features
    stop_at = time.monotonic() + seconds
    tasks = [filter_session(i, url, stop_at, stats, frame=frame, think=think, lockstep=lockstep)
             for i in range(sessions)]
    tasks += [export_session(j, url, stop_at, stats, think) for j in range(exports)]

    async def loaded() -> None:
        while stats.loaded < sessions and time.monotonic() < stop_at:
            await asyncio.sleep(0.05)
        stats.steady = (cpu(), stats.reruns)

    await asyncio.gather(*tasks, loaded())
    return stats


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load_test(sessions: int = 20, exports: int = 5, seconds: float = 60, think: float = 1.0,
              processes: int = 0, *, lockstep: bool = False) -> dict:
    """Run the load test and return its report (see the module docstring)."""
    peak = [0]
    stop = threading.Event()
    serving = cluster(processes) if processes else streamlit_process()
    with serving as (url, procs):
        pids = [proc.pid for _, proc in procs] if isinstance(procs, list) else [procs.pid]
        sampler = threading.Thread(target=sample_memory, args=(pids, stop, peak), daemon=True)
        sampler.start()
        started, cpu_before, own_before = time.monotonic(), sum(cpu_seconds(pid) for pid in pids), time.process_time()
        stats = asyncio.run(run(sessions, exports, seconds, think, url, lockstep=lockstep,
                                cpu=lambda: sum(cpu_seconds(pid) for pid in pids)))
        wall, cpu = time.monotonic() - started, sum(cpu_seconds(pid) for pid in pids) - cpu_before
        own = time.process_time() - own_before
        stop.set()
        sampler.join()
    changes = stats.filter_changes
    steady_cpu, steady_reruns = stats.steady
    loads_cpu = steady_cpu - cpu_before
    changes_cpu, change_reruns = cpu - loads_cpu, stats.reruns - steady_reruns
    return {
        "processes": processes or 1, "behind_nginx": bool(processes),
        "sessions": sessions, "export_sessions": exports, "think_s": think, "lockstep": lockstep,
        "wall_seconds": round(wall, 1),
        "requests_served": stats.reruns, "messages_received": stats.messages_in,
        "filter_changes": len(changes), "png_exports": len(stats.exports), "errors": len(stats.errors),
        "filter_changes_per_s": round(len(changes) / wall, 2),
        # The server's CPU over the run, per rerun it served (each session's first view included).
        "server_cpu_ms_per_rerun": round(1000 * cpu / stats.reruns, 1) if stats.reruns else None,
        # ... split: per rerun once every session has its page (its view changes), and per page load before that
        # (the few changes made while the last sessions were still loading count there).
        "server_cpu_ms_per_view_change": round(1000 * changes_cpu / change_reruns, 1) if change_reruns else None,
        "server_cpu_ms_per_page_load": round(1000 * loads_cpu / stats.loaded, 1) if stats.loaded else None,
        # The cores both sides kept busy: on 2 cores a busy load generator delays the replies it times.
        "server_cores_busy": round(cpu / wall, 2), "load_generator_cores_busy": round(own / wall, 2),
        "filter_change_s": {"p50": round(statistics.median(changes), 3) if changes else None,
                            "p95": round(percentile(changes, 0.95), 3) if changes else None},
        "png_export_s": {"p50": round(statistics.median(stats.exports), 2) if stats.exports else None,
                         "p95": round(percentile(stats.exports, 0.95), 2) if stats.exports else None},
        "peak_server_memory_mb": round(peak[0] / 1024, 1),
        "error_samples": stats.errors[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--exports", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0,
                        help="pause between one session's changes (0: back-to-back, the worst case)")
    parser.add_argument("--processes", type=int, default=0,
                        help="app processes behind nginx (bench.serve_many); 0: one process, no proxy")
    parser.add_argument("--lockstep", action="store_true", help="every session starts together, pauses exactly --think")
    args = parser.parse_args()
    report = load_test(args.sessions, args.exports, args.seconds, args.think, args.processes,
                       lockstep=args.lockstep)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if not report["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
