"""The page under Streamlit's AppTest (no browser, no server): the app tests, the property tests and the
benchmarks' server-time figures (``bench/bench_dashboard.py``, ``bench/profile_rerun.py``) run it so."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from layers.view.selection import MAP_DRAWN
from support import ROOT


def dashboard_test(timeout: float = 60, script: Path | None = None, *, drawn: bool = True) -> AppTest:
    """The page under AppTest (not yet run). ``drawn``: as if its map had drawn once, as a browser's map says
    it has (``layers.view.selection.map_drawn``), so the page shows what sits below the map too; AppTest
    runs no map to say so."""
    at = AppTest.from_file(str(script or ROOT / "dashboard.py"), default_timeout=timeout)
    if drawn:
        at.session_state[MAP_DRAWN] = True
    return at
