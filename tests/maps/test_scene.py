"""The scene: what one view draws and says, decided once (features, selection, rings, sides, words, framing)."""

from __future__ import annotations

import datetime as dt

import pytest

from layers.data.events import load_events
from layers.maps.scene import dated, make_scene
from layers.view.changes import differing
from layers.view.spec import FilterSpec

DAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def as_of(catalog):
    events = load_events(known_ids=catalog.features.index)
    return dated(catalog.features, events), events


def test_a_plain_view_rings_nothing_and_compares_nothing(as_of):
    scene = make_scene(as_of[0], FilterSpec(), as_of[1], DAY)
    assert scene.ringed == () and scene.changes == () and scene.other is None and scene.sides is None
    assert len(scene.shown.matches) == len(scene.frame) - 3  # every plan feature; the three regions are outlines
    assert scene.info["date"] == "2026-12-03" and scene.info["pinned"] == "2026-12-03"


def test_since_rings_the_matches_whose_status_differs_from_that_day(as_of):
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(since="2024-01-01"), events, DAY)
    expected = differing(scene.shown.matches, dated_frames("2024-01-01"))
    assert list(scene.ringed) == expected and "airport-link-line" in expected
    assert [c.feature_id for c in scene.changes] == expected
    link = next(c for c in scene.changes if c.feature_id == "airport-link-line")
    assert (link.before, link.after) == ("under_construction", "partly_open")
    assert all(e["start"] > dt.date(2024, 1, 1) for c in scene.changes for e in c.events)
    assert "changes since 2024-01-01 ringed" in scene.info["summary"]


def test_since_rings_only_what_the_filters_show(as_of):
    dated_frames, events = as_of
    everything = make_scene(dated_frames, FilterSpec(since="2024-01-01"), events, DAY)
    north = make_scene(dated_frames, FilterSpec(since="2024-01-01", regions=frozenset({"north"})), events, DAY)
    assert set(north.ringed) == set(everything.ringed) & set(north.shown.matches.index)
    assert set(north.ringed) < set(everything.ringed)


def test_compare_rings_what_differs_and_labels_both_sides(as_of):
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(compare="plan", lang="zh"), events, DAY)
    assert scene.other is not None and (scene.other["status"] == scene.other["status_2023"]).all()
    assert list(scene.ringed) == differing(scene.shown.matches, dated_frames("plan"))
    assert scene.changes == ()  # compare lists nothing; it draws the other date
    assert scene.sides == {"left": "状态为2023年规划所述", "right": "状态截至 2026-12-03"}
    assert "对比" in scene.info["summary"]


def test_with_since_and_compare_the_since_day_rings(as_of):
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(since="2025-06-01", compare="plan"), events, DAY)
    assert list(scene.ringed) == differing(scene.shown.matches, dated_frames("2025-06-01"))
    assert scene.sides is not None


def test_without_events_the_plan_is_all_there_is(catalog):
    scene = make_scene(dated(catalog.features, None), FilterSpec(since="2024-01-01", feature="qianwan-park"))
    assert scene.ringed == () and scene.changes == ()
    assert scene.shown.selected == "qianwan-park" and scene.framing.zoom >= 13
    assert "qianwan-park" in scene.drawn.index


def test_a_search_rings_its_matches_and_the_headline_follows_it(as_of):
    dated_frames, events = as_of
    plain = make_scene(dated_frames, FilterSpec(), events, DAY)
    metro = make_scene(dated_frames, FilterSpec(q="metro", regions=frozenset({"north"})), events, DAY)
    assert plain.matched == () and metro.matched == tuple(metro.shown.matches.index) and metro.matched
    # The headline counts what the search finds, whatever the other filters; nothing searched: every group.
    assert set(metro.searched.index) >= set(metro.shown.matches.index)
    assert len(metro.searched) < len(plain.searched) == len(plain.shown.matches)
    assert [i["key"] for i in plain.headline["items"]] == ["rail", "stations", "roads", "parks", "innovation",
                                                           "public_services", "zones"]
    assert plain.headline["lead"] == "Open on 2026-12-03:"
    rail = next(i for i in plain.headline["items"] if i["key"] == "rail")
    opened = sum(1 for s in plain.frame[plain.frame["plan_group"] == "rail"]["status"]
                 if s in ("partly_open", "operating", "completed"))
    assert rail["text"] == f"Rail lines {opened}/4"


def test_the_headline_speaks_the_page_language_and_the_plan_date(as_of):
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(lang="zh", asof="plan"), events, DAY)
    assert scene.headline["lead"] == "2023年规划时已开通："
    assert all("/" in i["text"] for i in scene.headline["items"])
