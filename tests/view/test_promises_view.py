"""The promise ledger where a reader meets it: the filter, the roll-up, the details, the table, the timeline,
the exports, the citation and the feed, in English and Chinese."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter

import pandas as pd
import pytest

from layers.data.events import frame_as_of, load_events, source_name
from layers.data.promises import PROMISE_VALUES, VERDICTS
from layers.export.feed import entry_summary, progress_feed, verdicts_of
from layers.export.formats import export_bytes
from layers.view.cite import citation, promises_line
from layers.view.details import details_blocks, events_blocks, feature_details
from layers.view.filters import apply_filters, plan_features
from layers.view.i18n import LANGUAGES, VERDICT_LABELS, t
from layers.view.rollup import SECTIONS, rollup, view_for
from layers.view.spec import LIST_FILTERS, FilterSpec, spec_from_widgets, widget_state
from layers.view.textsafe import marked
from layers.view.timeline import timeline_chart, timeline_frames
from layers.view.words import filter_placeholder, offered, table_frame
from tests.conftest import ROOT, promise_count

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def events(catalog):
    return load_events(ROOT / "geodata", known_ids=catalog.features.index)


@pytest.fixture(scope="module")
def latest(catalog, events):
    return frame_as_of(catalog.features, events, "latest")


def test_every_verdict_and_kind_has_words_in_both_languages():
    assert set(VERDICT_LABELS) == set(PROMISE_VALUES)
    assert all(set(v) == set(LANGUAGES) and all(v.values()) for v in VERDICT_LABELS.values())


def test_the_promise_filter_round_trips_and_shows_exactly_its_verdicts(latest):
    spec = FilterSpec.from_query_params({"promise": "kept_late,not_kept", "commitment": "start_construction"})
    assert spec.notices == () and spec.to_query_params() == {"commitment": "start_construction",
                                                             "promise": "kept_late,not_kept"}
    shown = apply_filters(latest, spec)
    assert len(shown) >= 1
    assert set(shown["promise"]) <= {"kept_late", "not_kept"} and set(shown["commitment_class"]) == {
        "start_construction"}
    bad = FilterSpec.from_query_params({"promise": "broken"})
    assert bad.promises == frozenset(PROMISE_VALUES) and "broken" in str(bad.notices[0])
    # Left open, the filter lets every feature through, the promise-less ones too.
    assert len(apply_filters(latest, FilterSpec())) == len(plan_features(latest))


def test_the_verdicts_change_with_the_date_shown(catalog, events):
    at_plan = frame_as_of(catalog.features, events, "plan")
    assert set(plan_features(at_plan)["promise"]) <= {"no_news", "none"}
    now = Counter(plan_features(frame_as_of(catalog.features, events, "latest"))["promise"])
    assert now["kept_on_time"] >= 1 and now["kept_late"] >= 1 and now["under_way"] >= 1
    plan = plan_features(catalog.features)
    promised = promise_count(plan)
    assert sum(now[v] for v in VERDICTS) == promised and now["none"] == len(plan) - promised


def test_each_promise_count_is_what_its_view_shows(latest):
    heading, of, bys = SECTIONS[1]
    assert (heading, of) == ("promises_heading", "promises")
    for by in bys:
        rows = rollup(latest, by, of)
        promised = promise_count(plan_features(latest))
        assert sum(r.total for r in rows) == promised  # every promise once; the features without one are left out
        for row in rows:
            assert "none" not in row.statuses
            for verdict, n in row.counts:
                assert len(apply_filters(latest, view_for(FilterSpec(lang="zh"), by, row.key, verdict, of))) == n
    start = next(r for r in rollup(latest, "commitments", "promises") if r.key == "start_construction")
    assert start.heading("en") == f"Start construction · {start.total}"
    assert start.label(start.statuses[0], "zh").endswith(VERDICT_LABELS[start.statuses[0]]["zh"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_details_give_the_promise_its_verdict_the_deciding_report_and_the_rule(latest, lang):
    row = latest.loc["s32-puxing-ramp"]
    blocks = details_blocks(feature_details(row, lang, today=TODAY))
    facts = blocks[2][1]
    assert "开工建设" in facts and f"]({'<'}{row['verdict_url']}>)" in facts
    assert VERDICT_LABELS[row["verdict"]][lang].replace("(", "\\(") in facts
    rule = blocks[3]
    assert rule[0] == "caption" and marked(row[f"rule_{lang}"], lang) in rule[1]  # the ledger's rule, in its language
    # What the verdict rests on: the S32 ramp's start is inferred from its schedule, and the details say so.
    assert ("inferred" in facts and "608" in facts) if lang == "en" else ("推定" in facts and "608" in facts)
    # A feature the plan made no promise about says nothing of one.
    none = details_blocks(feature_details(latest.loc["sjtu-minhang-campus"], lang, today=TODAY))
    assert "开工建设" not in none[2][1] and all(kind != "caption" or "verdict" not in text for kind, text in none)


def test_an_event_shows_its_source_words_gloss_copy_and_disagreement(events):
    text = "\n".join(b for _, b in events_blocks(events, "jiamin-line", "en"))
    assert "  > " in text and "Our translation" in text and "Sources disagree" in text
    assert "Also reported by" in text
    zh = "\n".join(b for _, b in events_blocks(events, "jiamin-line", "zh"))
    assert "Our translation" not in zh and "来源说法不一" in zh
    # A quote in another language than the page's carries our translation, said to be one, on either page.
    t2 = "\n".join(b for _, b in events_blocks(events, "station-hongqiao-t2", "zh"))
    assert "我们的译文" in t2
    copy = "\n".join(b for _, b in events_blocks(events, "s32-puxing-ramp", "en"))
    assert "A copy of" in copy
    searched = events_blocks(events, "qianwan-park", "en")
    assert searched[-1][0] == "caption" and "Searched again" in searched[-1][1]


def test_the_table_and_the_timeline_carry_the_promise(latest, events):
    table = table_frame(latest.loc[["s32-puxing-ramp", "sjtu-minhang-campus"]], "en")
    assert list(table["Plan's promise"]) == [VERDICT_LABELS[latest.at["s32-puxing-ramp", "promise"]]["en"],
                                             "No promise"]
    segments, points = timeline_frames(latest.loc[["s32-puxing-ramp", "airport-link-line"]], events, "zh")
    assert set(segments["horizon"]) == {"2023-12-31"}
    spec = timeline_chart(segments, points, "zh").to_dict()
    assert "规划期限" in json.dumps(spec, ensure_ascii=False)


def test_the_exports_carry_each_commitment_verbatim_and_its_verdict_as_of_the_date_shown(catalog, events):
    for asof in ("plan", "2024-06-30", "latest"):
        frame = frame_as_of(catalog.features, events, asof)
        spec = FilterSpec(asof=asof)
        doc = json.loads(export_bytes("geojson", frame, {}, spec, events=events))
        props = {f["id"]: f["properties"] for f in doc["features"]}
        ramp = props["s32-puxing-ramp"]
        assert ramp["commitment"] == "开工建设" and ramp["commitment"] in ramp["source_quote"]
        assert ramp["verdict"] == frame.at["s32-puxing-ramp", "verdict"]
        assert ramp["horizon"] == "2023-12-31" and ramp["commitment_class"] == "start_construction"
        csv = pd.read_csv(io.BytesIO(export_bytes("csv", frame, {}, spec, events=events)), encoding="utf-8-sig")
        assert {"commitment", "verdict", "verdict_date", "verdict_url"} <= set(csv.columns)
    assert props["s32-puxing-ramp"]["verdict"] != "no_news"  # latest: a report decided it


def test_the_citation_weighs_the_promises_and_names_a_copy(latest, events):
    text = citation(latest, events, "latest", "en", "https://example.org/", today=TODAY)
    line = promises_line(latest, "en")
    assert line is not None and line in text and "kept late" in line
    assert "(a copy of " in text
    assert "兑现" in citation(latest, events, "latest", "zh", "https://example.org/", today=TODAY)


def test_the_feed_quotes_each_source_and_says_which_report_decided_a_verdict(latest, events):
    verdicts = verdicts_of(latest)
    ramp = events.of("s32-puxing-ramp")
    decided = ramp[ramp["id"] == verdicts["s32-puxing-ramp"][0]].iloc[0]
    summary = entry_summary(decided, "en", verdicts["s32-puxing-ramp"])
    assert "The source says" in summary and "this event decided it" in summary and "inferred" in summary
    assert "Inferred from: " in summary and f"Event {decided['id']}" in summary
    assert "this event decided it" not in entry_summary(events.of("jiamin-line").iloc[0], "en",
                                                        verdicts["jiamin-line"])
    feed = progress_feed(events, {}, "zh", verdicts=verdicts_of(latest, "zh")).decode("utf-8")
    own = sum(1 for fid, (event_id, _) in verdicts.items() if event_id.split("/")[0] == fid)  # not a line's report
    assert feed.count("依据本条记录判定") == own


def test_the_chinese_details_name_their_sources_and_disagreements_in_chinese(latest, events):
    """A source's Chinese name on the Chinese page (its own where it has one, the English gloss dropped), and the
    disagreement note in Chinese; the English page keeps both names."""
    zh = "\n".join(b for _, b in events_blocks(events, "s32-puxing-ramp", "zh"))
    assert "unidentified" not in zh and "a copy" not in zh and "转载" in zh
    qixin = "\n".join(b for _, b in events_blocks(events, "station-qixin-road", "zh"))
    assert "Sing Tao" not in qixin and "星岛" in qixin
    assert "Shanghai Observer" in "\n".join(b for _, b in events_blocks(events, "s32-puxing-ramp", "en"))
    event = {"publisher": "上观新闻 (Shanghai Observer)", "copy_of": "SHINE (Shanghai Daily)",
             "copy_of_zh": "上海日报（SHINE）"}
    assert source_name(event, "publisher", "zh") == "上观新闻"
    assert source_name(event, "copy_of", "zh") == "上海日报（SHINE）"
    assert source_name(event, "publisher", "en") == "上观新闻 (Shanghai Observer)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_verdict_and_what_it_rests_on_are_two_lines(latest, lang):
    """The verdict, short and linked to its event; under it what it rests on, in full."""
    facts = dict(feature_details(latest.loc["station-qibao"], lang, {"jiamin-line": "Jiamin"}, today=TODAY).facts)
    verdict, basis = facts[t("verdict", lang)], facts[t("verdict_rests_on", lang)]
    assert verdict == t("verdict_inferred_head", lang, verdict=VERDICT_LABELS["kept_on_time"][lang])
    assert "Jiamin" in basis and "2024-07-31" in basis


def test_the_promise_filters_start_empty_meaning_all_and_offer_only_what_some_project_has():
    promises = next(f for f in LIST_FILTERS if f.attr == "promises")
    state = widget_state(FilterSpec())
    assert state["promises"] == [] and state["commitments"] == [] and state["categories"]  # the others stay full
    spec = spec_from_widgets(state, [])
    assert not spec.narrows(promises) and spec == FilterSpec(asof=spec.asof)  # empty: every verdict
    state["promises"] = ["no_news"]
    assert spec_from_widgets(state, []).promises == frozenset({"no_news"})
    assert widget_state(FilterSpec(promises=frozenset({"no_news"})))["promises"] == ["no_news"]  # a link's pick
    counts = {"kept_on_time": 21, "under_way": 4, "no_news": 8, "not_kept": 0, "none": 10}
    assert "not_kept" not in offered(promises, counts, []) and "not_kept" in offered(promises, counts, ["not_kept"])
    assert filter_placeholder(promises, "zh").startswith("全部")
