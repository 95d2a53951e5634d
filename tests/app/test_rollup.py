"""The progress roll-up through AppTest: each count, clicked, filters the map to exactly that many projects,
at the plan's date and at the latest; the caption says as of what and checked up to when."""

from __future__ import annotations

import re

import pytest

from layers.data import schema
from layers.data.catalog import load_catalog
from layers.data.promises import PROMISE_VALUES
from layers.view.filters import plan_features
from layers.view.i18n import PART_LABELS, STATUS_LABELS, VERDICT_LABELS, label
from layers.view.rollup import EXISTING
from tests.app.test_app import count_text, run_app
from tests.conftest import promise_count


def pills_of(at):
    return [p for p in at.pills if str(p.key).startswith("rollup_")]


@pytest.mark.parametrize("asof", ["plan", "latest"])
def test_every_count_clicked_shows_exactly_its_projects(asof):
    at = run_app({"asof": asof} if asof != "latest" else {})
    pills = pills_of(at)
    # Two roll-ups: statuses by group and region, the promises' verdicts by kind of promise and group.
    assert {tuple(str(p.key).split("_")[1:3]) for p in pills} >= {
        ("statuses", "groups"), ("statuses", "regions"), ("promises", "commitments"), ("promises", "groups")}
    totals: dict[tuple[str, str], int] = {}
    clicks = []
    for pill in pills:
        of, by = str(pill.key).split("_")[1:3]
        for option in pill.options:
            n = int(re.match(r"\d+", option).group())
            totals[(of, by)] = totals.get((of, by), 0) + n
            clicks.append((pill.key, of, option, n))
    # Each project is counted once per roll-up: the groups and the regions each add up to the plan, and each
    # promise once by its kind and once by its group.
    plan_total = int(re.search(r"of (\d+)", count_text(at)).group(1))
    plan = plan_features(load_catalog().features)
    promises = promise_count(plan)
    assert plan_total == len(plan)
    assert totals == {("statuses", "groups"): plan_total, ("statuses", "regions"): plan_total,
                      ("promises", "commitments"): promises, ("promises", "groups"): promises}
    for key, of, option, n in clicks:
        at = run_app({"asof": asof} if asof != "latest" else {})
        at.pills(key=key).set_value(_value(of, option)).run()
        assert not at.exception
        assert count_text(at).strip("*").startswith(f"{n} of "), (key, option, count_text(at))
        assert at.pills(key=key).value is None  # the count is unpicked, ready for the next click


def _value(of: str, option: str) -> str:
    """The status or verdict behind a count's label ("2 under construction" -> "under_construction")."""
    words = option.split(" ", 1)[1]
    if words == label(PART_LABELS, EXISTING, "en").lower():  # the places already open in 2023, counted apart
        return EXISTING
    table, values = (STATUS_LABELS, schema.VIEW_STATUSES) if of == "statuses" else (VERDICT_LABELS, PROMISE_VALUES)
    return next(s for s in values if label(table, s, "en").lower() == words)


def test_the_caption_says_as_of_and_checked_up_to():
    at = run_app({"asof": "plan"})
    caption = next(c.value for c in at.caption if "checked up to" in c.value)
    assert "status as in the 2023 plan" in caption and re.search(r"checked up to \d{4}-\d{2}-\d{2}", caption)
