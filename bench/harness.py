"""Time what the server spends on a rerun: the script itself, without AppTest's own polling.

Streamlit runs the page through ``exec_func_with_error_handling`` in its script thread; wrapping it
measures exactly the server-side work of one rerun (widgets, caches, the map, the table, the chart,
serialising every element). Optionally a profiler runs over the same span.
"""

from __future__ import annotations

import contextlib
import cProfile
import time
from collections.abc import Iterator

from streamlit.runtime.scriptrunner import script_runner


class ScriptTimer:
    """Records the wall time of every script run while active (and profiles it if asked)."""

    def __init__(self, profiler: cProfile.Profile | None = None) -> None:
        self.times_ms: list[float] = []
        self.recording = False
        self.profiler = profiler

    @contextlib.contextmanager
    def installed(self) -> Iterator[ScriptTimer]:
        """Wrap Streamlit's script execution for the duration of the block."""
        original = script_runner.exec_func_with_error_handling

        def timed(func, ctx):
            if not self.recording:
                return original(func, ctx)
            if self.profiler:
                self.profiler.enable()
            start = time.perf_counter()
            try:
                return original(func, ctx)
            finally:
                self.times_ms.append((time.perf_counter() - start) * 1000)
                if self.profiler:
                    self.profiler.disable()

        script_runner.exec_func_with_error_handling = timed
        try:
            yield self
        finally:
            script_runner.exec_func_with_error_handling = original
