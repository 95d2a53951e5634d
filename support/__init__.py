"""What the tests, bench/ and docs/ share: the means to run the app and look at it, never the app itself.

As ``geopandas.testing`` sits beside geopandas, this package sits beside ``layers``: the test suite
(``tests/``), the benchmarks (``bench/``) and the screenshot maker (``docs/screenshots.py``) all import
from it, and it imports from none of them (``tests/data/test_architecture.py`` checks that neither
bench/ nor docs/ imports tests/, that tests/ never imports bench/, and that nothing edits ``sys.path``:
the scripts run as modules from the project root, ``python3 -m bench.first_load``).

- :mod:`support.server`: a real ``streamlit run`` on a free port, or several behind nginx (``cluster``).
- :mod:`support.browser`: Debian Chromium through Playwright, offline beyond localhost; finding the map's
  frame, and waiting on what the page signals (a run finished, the plan drawn, the labels placed).
- :mod:`support.devices`: the phone the page is opened on (no browser needed to name it).
- :mod:`support.apptest`: the page under Streamlit's AppTest, as if its map had drawn.
- :mod:`support.mapargs`: what the live map was told to draw, read back from its arguments.
- :mod:`support.client`: a Streamlit session spoken over its websocket (the load test, the nginx test).
- :mod:`support.first_load`: what a first visit costs, in bytes and layout shift (a test and a benchmark).
- :mod:`support.synthetic`: a geodata folder with N generated points, for scale.

Only :mod:`support.browser` and :mod:`support.first_load` need Playwright (and a server's cluster, nginx):
the unit tests' venv (``requirements.txt`` and pytest) imports the rest.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"  # servers' logs, screenshots a test keeps (git-ignored)
