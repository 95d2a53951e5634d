"""Where a view change spends its server time: cProfile of the script thread over many reruns.

    python3 -m bench.profile_rerun [--reruns 20] [--extra-points 0] [--top 30]

Streamlit runs the page in its own thread, so this wraps the function that executes the
script (``exec_func_with_error_handling``) in a profiler; AppTest's polling stays out of the
figures. ``--extra-points N`` loads the shipped data plus N generated points (see
``support/synthetic.py``). Prints the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats

from bench.harness import ScriptTimer
from support.apptest import dashboard_test
from support.synthetic import geodata_with_points


def profile(reruns: int, extra_points: int, top: int) -> str:
    """Profile ``reruns`` view changes (region toggles) after two warm-up reruns."""
    profiler = cProfile.Profile()
    timer = ScriptTimer(profiler)
    with geodata_with_points(extra_points), timer.installed():
        at = dashboard_test(120).run()
        for state in (False, True):
            at.checkbox(key="region_south").set_value(state).run()
        timer.recording = True
        for i in range(reruns):
            at.checkbox(key="region_south").set_value(bool(i % 2)).run()
        assert not at.exception, at.exception
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--extra-points", type=int, default=0)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    print(profile(args.reruns, args.extra_points, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
