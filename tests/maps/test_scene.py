"""The scene: what one view draws and says, decided once (features, selection, rings, sides, words, framing)."""

from __future__ import annotations

import datetime as dt

import pytest

from layers.data.events import load_events
from layers.maps.scene import dated, make_scene
from layers.view.changes import differing
from layers.view.rollup import headline_clicked, story_view
from layers.view.spec import FilterSpec
from layers.view.timeline import timeline_frames

DAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def as_of(catalog):
    events = load_events(known_ids=catalog.features.index)
    return dated(catalog.features, events), events


def test_a_plain_view_rings_nothing_and_compares_nothing(as_of):
    scene = make_scene(as_of[0], FilterSpec(), as_of[1], DAY)
    assert scene.ringed == () and scene.changes == () and scene.other is None and scene.sides is None
    assert scene.named == ()  # names from street zoom on; a filtered view names what it shows
    rail = make_scene(as_of[0], FilterSpec(groups=frozenset({"stations"})), as_of[1], DAY)
    assert rail.named == tuple(rail.shown.matches.index) and len(rail.named) > 5
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
    text = "".join(p["text"] for p in plain.headline["parts"])
    assert text.startswith("On 2026-12-03: ") and text.endswith(".")
    keys = [p["key"] for p in plain.headline["parts"] if "key" in p]
    assert keys[0] == "open" and keys[-1] == "existing" and "kept" in keys


def test_the_story_counts_what_the_plan_adds_and_what_was_open_apart(as_of):
    """A place the plan found open (Hongqiao Railway Station since 2010, the freight yard, the campuses) is no
    progress of the plan's: the story counts the projects it adds, and the places already open apart; it follows
    the filters, and each count is a view of exactly what it counts."""
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(), events, DAY)
    frame = scene.frame[scene.frame["kind"] != "region"]
    added = frame[frame["plan_part"] == "adds"]
    opened = added[added["status"].isin(["partly_open", "operating", "completed"])]
    parts = {p["key"]: p["text"] for p in scene.headline["parts"] if "key" in p}
    assert parts["open"] == f"{len(opened)} of the plan's {len(added)} projects open"
    assert "station-hongqiao-railway" not in added.index and "station-hongqiao-t2" in opened.index
    assert parts["existing"] == f"{(frame['plan_part'] == 'existing').sum()} more places were already open in 2023"
    for key, text in parts.items():  # each count, clicked, shows that many
        view = make_scene(dated_frames, story_view(scene.spec, key), events, DAY)
        assert str(len(view.shown.matches)) == text.split()[0], key
    # Narrowed to the rail lines: the story follows (the railway station is a station, not a line).
    rail = make_scene(dated_frames, FilterSpec(groups=frozenset({"rail"})), events, DAY)
    assert "".join(p["text"] for p in rail.headline["parts"]).startswith("On 2026-12-03: 1 of the 4 projects open")
    # The plan's date: nothing it adds is open yet, its promises are due; what was open is counted apart.
    plan = make_scene(dated_frames, FilterSpec(asof="plan", lang="zh"), events, DAY)
    promised = (frame["promise"] != "none").sum()
    assert "".join(p["text"] for p in plan.headline["parts"]).startswith(
        f"2023年规划：{len(added)}个项目，均未开通；{promised}项承诺")


def test_the_promises_summary_counts_kinds_by_verdict_and_each_count_shows_them(as_of):
    """Beside the story, the promises by kind and verdict: every cell a view of exactly what it counts, the totals
    those of the story, the verdicts a reader may misread explained; none at the plan's date, nothing is due."""
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(), events, DAY)
    table, frame = scene.headline["ledger"], scene.shown.matches
    promised = frame[(frame["kind"] != "region") & (frame["promise"] != "none")]
    assert table["title"] == f"The plan's {len(promised)} promises"
    assert sum(r["total"] for r in table["rows"]) == len(promised)
    verdicts = [c["key"] for c in table["columns"]]
    assert verdicts == [v for v in ("kept_on_time", "kept_late", "under_way", "no_news", "not_kept")
                        if (promised["promise"] == v).any()]
    cells = [c for r in table["rows"] for c in r["cells"] if c]
    for cell in cells:
        view = make_scene(dated_frames, story_view(scene.spec, cell["key"]), events, DAY)
        _, kind, verdict = cell["key"].split(":")
        shown = view.shown.matches
        assert len(shown) == cell["n"] and set(shown["promise"]) == {verdict}, cell
        assert set(shown["commitment_class"]) == {kind}
    assert table["notes"][0].startswith("No public news: since 2023 we found no report")
    assert "not kept" in table["notes"][-1].lower()
    # A count clicked on the map is taken; a key that is no count is not.
    state: dict = {}
    assert headline_clicked(state, scene.spec, {"headline": cells[0]["key"], "at": 1})
    for bad in ("ledger:advance", "ledger:none:no_news", "ledger:advance:<b>", "kept:advance:no_news"):
        assert not headline_clicked(state, scene.spec, {"headline": bad, "at": 2}), bad
    # Filtered, it counts what is shown; in Chinese it reads in Chinese; at the plan's date there is none.
    rail = make_scene(dated_frames, FilterSpec(groups=frozenset({"rail"}), lang="zh"), events, DAY)
    assert rail.headline["ledger"]["title"].startswith("所示") and "ledger" not in make_scene(
        dated_frames, FilterSpec(asof="plan"), events, DAY).headline


def test_the_airport_links_stations_agree_everywhere(as_of):
    """Hongqiao T2 and Zhongchun Road are the Airport Link's stations there: under construction at the plan's date,
    opened on 2024-12-27, in the comparison with the plan, in what changed since 2024 and on the timeline."""
    dated_frames, events = as_of
    stations = ["station-hongqiao-t2", "station-zhongchun-road"]
    compare = make_scene(dated_frames, FilterSpec(compare="plan"), events, DAY)
    assert set(stations) <= set(compare.ringed)
    since = make_scene(dated_frames, FilterSpec(since="2024-01-01"), events, DAY)
    assert set(stations) <= {c.feature_id for c in since.changes}
    segments, _ = timeline_frames(dated_frames("latest").loc[stations], events, "en")
    for fid in stations:
        bars = segments[segments["feature_id"] == fid].sort_values("start")
        assert list(bars["status"])[:2] == ["under_construction", "operating"], fid
        assert str(bars["end"].iloc[0].date()) == "2024-12-27"


def test_the_headline_speaks_the_page_language_and_the_plan_date(as_of):
    dated_frames, events = as_of
    scene = make_scene(dated_frames, FilterSpec(lang="zh", asof="plan"), events, DAY)
    text = "".join(p["text"] for p in scene.headline["parts"])
    assert text.startswith("2023年规划：") and text.endswith("处在2023年前已开放。")
