"""The one ``asof`` decoder: plan, latest, or a day from the plan's date to today."""

from __future__ import annotations

from datetime import date

import pytest

from layers.data.asof import (
    DATE,
    DEFAULT,
    KINDS,
    LATEST,
    PLAN,
    PLAN_DATE,
    asof_day,
    asof_kind,
    asof_value,
    parse_asof,
    pinned,
)

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(("text", "value"), [("plan", "plan"), (" Latest ", "latest"), ("2024-06-01", "2024-06-01"),
                                             ("2023-01-01", "2023-01-01"), ("2026-12-02", "2026-12-02")])
def test_good_values_parse(text, value):
    assert parse_asof(text, TODAY) == value


@pytest.mark.parametrize("text", ["", "today", "2022-12-31", "2026-12-03", "2024-6-1", "2024-02-30", "20240601"])
def test_bad_values_are_none(text):
    assert parse_asof(text, TODAY) is None


def test_kind_day_and_value_round_trip():
    assert DEFAULT == LATEST and KINDS == (PLAN, LATEST, DATE) and date(2023, 1, 1) == PLAN_DATE
    for value in ("plan", "latest", "2025-01-01"):
        assert asof_value(asof_kind(value), asof_day(value) or TODAY) == value
    assert asof_day("plan") is None and asof_day("latest") is None and asof_day("2025-01-01") == date(2025, 1, 1)


def test_a_shared_link_pins_the_latest_report_to_its_day():
    assert pinned("latest", date(2026, 12, 3)) == "2026-12-03"
    assert pinned("plan", date(2026, 12, 3)) == "plan"  # the plan's statuses never move
    assert pinned("2024-05-01", date(2026, 12, 3)) == "2024-05-01"
