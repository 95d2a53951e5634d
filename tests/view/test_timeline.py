"""The progress timeline's data: rows from the plan's own status, contiguous segments, every event a dot."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from layers.data.asof import PLAN_DATE
from layers.data.events import EVENT_STATUSES, frame_as_of, load_events
from layers.view.palette import STATUS_COLOURS, contrast
from layers.view.timeline import picked_feature, timeline_chart, timeline_frames
from tests.conftest import ROOT


def test_segments_start_from_the_plan_and_follow_the_events(catalog):
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    frame = frame_as_of(catalog.features, events, "latest")  # shows the latest statuses; rows start at the plan
    day = dt.date(2026, 12, 6)
    segments, points = timeline_frames(frame.loc[["airport-link-line", "chunshen-lake-four-islands"]], events, "en",
                                       day)
    link = segments[segments["feature_id"] == "airport-link-line"].reset_index(drop=True)
    assert link.loc[0, "start"] == pd.Timestamp(PLAN_DATE) and link.loc[0, "status"] == "under_construction"
    assert (link["start"].iloc[1:].to_numpy() == link["end"].iloc[:-1].to_numpy()).all()  # no gaps, no overlaps
    reported = link[link["fill"] == 1.0]
    assert reported["status"].iloc[-1] == "partly_open" and reported["start"].iloc[-1] == pd.Timestamp(
        dt.date(2024, 12, 27))
    # The bar runs on to the date shown, faded after the last report (it never stops as if the line closed).
    tail = link.iloc[-1]
    assert tail["end"] == pd.Timestamp(day) and tail["fill"] < 1.0 and tail["status"] == "partly_open"
    assert tail["status_label"] == "Partly open (since the last report)"
    assert len(points[points["feature_id"] == "airport-link-line"]) == len(events.of("airport-link-line"))
    lake = segments[segments["feature_id"] == "chunshen-lake-four-islands"]
    assert len(lake) == 1 and not lake["reported"].iloc[0]  # nothing reported since the plan: drawn outlined
    spec = timeline_chart(segments, points, "zh", selected="airport-link-line").to_dict()
    assert spec["params"][0]["name"] == "pick" and "部分开通" in str(spec)


def test_a_click_on_the_chart_reads_as_a_feature_id():
    event = type("Event", (), {"selection": {"pick": [{"feature_id": "s32-puxing-ramp"}]}})()
    assert picked_feature(event) == "s32-puxing-ramp"
    assert picked_feature(type("E", (), {"selection": {"pick": []}})()) is None
    assert picked_feature(None) is None


def test_status_colours_hold_3_to_1_on_white_and_the_chart_reads(catalog):
    assert set(STATUS_COLOURS) >= set(EVENT_STATUSES)
    assert min(contrast(c, "#ffffff") for c in STATUS_COLOURS.values()) >= 3.0
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    frame = frame_as_of(catalog.features, events, "latest")
    segments, points = timeline_frames(frame, events, "en")
    spec = timeline_chart(segments, points, "en").to_dict()
    text = json.dumps(spec)
    assert '"format": "%Y"' in text and '"interval": "year"' in text  # years on the axis
    assert "2023 plan" in text  # the plan's date marked
    # Rows grouped in the plan's order: rail lines first, the zones last of the plan's groups, then the places the
    # plan found open, apart; every group named once.
    order = list(dict.fromkeys(segments.sort_values("order")["group"]))
    assert order[0] == "Rail lines" and order[-2:] == ["Zones & areas", "Already open in 2023"]
    assert len(order) == len(set(order))
    apart = set(segments.loc[segments["group"] == "Already open in 2023", "feature_id"])
    assert apart == set(frame.index[frame["plan_part"] == "existing"]) & set(segments["feature_id"])


def test_the_chart_starts_at_the_plan_and_says_what_it_leaves_out(catalog):
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    frame = frame_as_of(catalog.features, events, "latest")
    segments, points = timeline_frames(frame, events, "zh")
    early = points[points["date"] < pd.Timestamp(PLAN_DATE)]
    assert len(early) >= 1  # a report from before the plan (CATL's institute, 2022)
    spec = timeline_chart(segments, points, "zh").to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domainMin"] == {"year": 2023, "month": 1, "date": 1}
    assert x["title"] == ["日期", f"{len(early)} 条规划发布前的报道未画出（详情中列出）"]
    drawn = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    dates = [row["date"] for row in spec["datasets"][drawn["data"]["name"]]]
    assert len(dates) == len(points) - len(early) and min(dates) >= PLAN_DATE.isoformat()
    # Nothing before the plan: the axis is the date alone.
    later = points[points["date"] >= pd.Timestamp(PLAN_DATE)]
    assert timeline_chart(segments, later, "zh").to_dict()["layer"][0]["encoding"]["x"]["title"] == "日期"


def test_each_group_heads_a_row_of_its_own(catalog):
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    frame = frame_as_of(catalog.features, events, "latest")
    segments, points = timeline_frames(frame, events, "en")
    parks = segments[segments["group"] == "Parks"]  # a filtered timeline: one group
    spec = timeline_chart(parks, points[points["feature_id"].isin(parks["feature_id"])], "en").to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    assert y["scale"]["domain"][0] == "Parks" and "Parks" not in set(parks["name"])  # above the bars, no bar of its own
    assert y["scale"]["domain"][1:] == list(dict.fromkeys(parks.sort_values("order")["name"]))
    assert "'Parks'" in y["axis"]["labelFontWeight"]["condition"]["test"]
    assert not any(layer["mark"].get("type") == "text" and layer["encoding"].get("text", {}).get("field") == "group"
                   for layer in spec["layer"])  # no group name drawn over the bars any more


def test_every_mark_is_described_in_the_page_language(catalog):
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    frame = frame_as_of(catalog.features, events, "latest")
    segments, points = timeline_frames(frame.loc[["airport-link-line"]], events, "zh")
    spec = timeline_chart(segments, points, "zh").to_dict()
    assert spec["description"] == "规划以来的进展"
    for layer in spec["layer"]:
        # A mark that says something says it in words of its own (Vega would read out field names: "end",
        # "status: under_construction"); the plan's rule and label say nothing a reader does not see.
        assert layer["encoding"].get("description") == {"field": "description", "type": "nominal"} \
            or layer["mark"].get("aria") is False, layer["mark"]
    rows = spec["datasets"][spec["layer"][0]["data"]["name"]]
    # One bar a status: later reports of the same status are dots on it.
    assert rows[0]["description"] == "机场联络线 · 在建 · 2023-01 – 2024-12"
    assert spec["layer"][0]["encoding"]["y"]["axis"]["description"] == "项目（按规划分组）"
