"""The progress roll-up through AppTest: each count, clicked, filters the map to exactly that many projects,
at the plan's date and at the latest; the caption says as of what and checked up to when."""

from __future__ import annotations

import re

import pytest

from layers.data import schema
from layers.view.i18n import STATUS_LABELS, label
from tests.app.test_app import count_text, run_app


def pills_of(at):
    return [p for p in at.pills if str(p.key).startswith("rollup_")]


@pytest.mark.parametrize("asof", ["plan", "latest"])
def test_every_count_clicked_shows_exactly_its_projects(asof):
    at = run_app({"asof": asof} if asof != "latest" else {})
    pills = pills_of(at)
    assert {str(p.key).split("_")[1] for p in pills} == {"groups", "regions"}
    totals = {"groups": 0, "regions": 0}
    clicks = []
    for pill in pills:
        by = str(pill.key).split("_")[1]
        for option in pill.options:
            n = int(re.match(r"\d+", option).group())
            totals[by] += n
            clicks.append((pill.key, option, n))
    # Each project is counted once per roll-up: the groups and the regions each add up to the plan.
    plan_total = int(re.search(r"of (\d+)", count_text(at)).group(1))
    assert plan_total == 44
    assert totals == {"groups": plan_total, "regions": plan_total}
    for key, option, n in clicks:
        at = run_app({"asof": asof} if asof != "latest" else {})
        at.pills(key=key).set_value(_status(option)).run()
        assert not at.exception
        assert count_text(at).strip("*").startswith(f"{n} of "), (key, option, count_text(at))
        assert at.pills(key=key).value is None  # the count is unpicked, ready for the next click


def _status(option: str) -> str:
    """The status behind a count's label ("2 under construction" -> "under_construction")."""
    words = option.split(" ", 1)[1]
    return next(s for s in schema.VIEW_STATUSES if label(STATUS_LABELS, s, "en").lower() == words)


def test_the_caption_says_as_of_and_checked_up_to():
    at = run_app({"asof": "plan"})
    caption = next(c.value for c in at.caption if "checked up to" in c.value)
    assert "status as in the 2023 plan" in caption and re.search(r"checked up to \d{4}-\d{2}-\d{2}", caption)
