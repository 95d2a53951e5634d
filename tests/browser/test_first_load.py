"""A phone's first load of a shared link, behind nginx as bench/serve_many.py serves it: what it costs.

Bytes, not time (time is measured in bench/, never in tests): the issue's budget is 1.5 MB in all,
compressed where the server allows, and no layout shift once the map is drawn.
"""

from __future__ import annotations

from support.first_load import first_load
from support.server import cluster

BUDGET_KIB = 1.5e6 / 1024


def test_a_phone_first_load_stays_within_budget(browser):
    with cluster(1) as (url, _):
        phone = first_load(browser, url + "/?lang=zh", "phone")
    assert phone["total_kb"] <= BUDGET_KIB, phone
    assert phone["layout_shift_after_map"] < 0.01, phone
    # What the budget rests on: the timeline's and the table's bundles stay off a phone's first load...
    assert phone["by_kind_kb"]["Streamlit page"] < 800, phone
    # ...and the map's own share is small: its scripts (the ruler and the camera's library come on first
    # use) and its data (compact context and boundaries).
    assert phone["by_kind_kb"]["map scripts and styles"] + phone["by_kind_kb"]["map data"] < 300, phone
