"""The roll-up's counts, the plan groups and freshness, on the real catalog."""

from __future__ import annotations

import datetime as dt

from layers.data import schema
from layers.data.events import STALE_AFTER_DAYS, frame_as_of, is_stale, load_events
from layers.view.details import checked_text, feature_details, tooltip_html
from layers.view.filters import apply_filters, plan_features
from layers.view.rollup import rollup, view_for
from layers.view.spec import FilterSpec
from layers.view.words import checked_short, snapshot_info, table_columns, table_frame


def test_every_plan_feature_is_in_one_group_and_the_regions_in_none(catalog):
    frame = catalog.features
    groups = [schema.plan_group(c, k) for c, k in zip(frame["category"], frame["kind"], strict=True)]
    assert all((g is None) == (k == "region") for g, k in zip(groups, frame["kind"], strict=True))
    assert set(groups) - {None} == set(schema.PLAN_GROUPS)


def test_each_count_is_what_its_view_shows(catalog):
    frame = frame_as_of(catalog.features, load_events(), "latest")
    for by in ("groups", "regions"):
        rows = rollup(frame, by)
        assert sum(r.total for r in rows) == len(plan_features(frame))
        for row in rows:
            for status, n in row.counts:
                assert len(apply_filters(frame, view_for(FilterSpec(lang="zh"), by, row.key, status))) == n
    rail = next(r for r in rollup(frame, "groups") if r.key == "rail")
    assert rail.heading("en") == "Rail lines · 4"


def test_last_checked_and_stale(catalog):
    events = load_events()
    frame = frame_as_of(catalog.features, events, "plan")
    checked = frame["last_checked"].dropna()
    assert len(checked) >= 30 and all(len(d) == 10 for d in checked)
    day = dt.date.fromisoformat(max(checked))
    assert not is_stale(day.isoformat(), day + dt.timedelta(days=STALE_AFTER_DAYS))
    assert is_stale(day.isoformat(), day + dt.timedelta(days=STALE_AFTER_DAYS + 1)) and is_stale(None, day)
    row = frame.loc[checked.index[0]]
    assert checked_text(row, "en", day) == row["last_checked"]
    assert "stale" in checked_text(row, "en", day + dt.timedelta(days=400))
    # Every plan feature with a record (an event, a search) was checked (that each has one: test_shipped.py).
    recorded = set(events.table["feature_id"]) | set(events.searches)
    plan = frame[(frame["kind"] != "region") & frame.index.isin(recorded)]
    assert plan["last_checked"].notna().all()
    never = row.copy()
    never["last_checked"] = None
    assert checked_text(never, "zh", day) == "从未核查（已过时）"
    details = feature_details(row, "en", today=day)
    assert ("Last checked", row["last_checked"]) in details.facts
    assert f"Last checked: {row['last_checked']}" in tooltip_html(details)


def test_the_table_says_when_last_checked_briefly_and_its_columns_fit_the_page(catalog):
    day = dt.date(2026, 11, 27)
    assert checked_short("2026-11-27", "en", day) == "2026-11-27"
    assert checked_short("2025-01-02", "en", day) == "2025-01-02 (stale)"
    assert checked_short(None, "zh", day) == "从未（已过时）"
    table = table_frame(catalog.features.iloc[:3], "zh")
    assert list(table.columns) == ["名称", "类别", "区域", "状态", "规划承诺", "位置精度", "来源核对", "最近核查"]
    config = table_columns("zh")
    assert list(config) == list(table.columns) and "180" in str(config["最近核查"]["help"])
    # With the row's select box (~35 px), within the ~1,100 px the page gives the table at 1440 wide.
    assert sum(int(str(c["width"])) for c in config.values()) + 35 <= 1095


def test_the_snapshot_carries_the_progress_of_what_it_shows(catalog):
    frame = frame_as_of(catalog.features, load_events(), "latest")
    matches = apply_filters(frame, FilterSpec(regions=frozenset({"north"})))
    info = snapshot_info(FilterSpec(regions=frozenset({"north"})), matches)
    assert info["summary"].endswith(f"{len(matches)} features")
    # The story over the map, of what it shows: the north's projects, the places already open there apart.
    added = (matches["plan_part"] == "adds").sum()
    assert f" of the {added} projects open" in info["progress"] and info["progress"].startswith("On ")
