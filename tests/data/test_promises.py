"""The promise ledger: what the plan promised per feature, judged from the events, never by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from layers.data.catalog import load_catalog
from layers.data.events import Events, empty_table, frame_as_of, load_events
from layers.data.promises import load_promises, verdict
from tests.conftest import ROOT

WORDS = {"en": "The rule, in words.", "zh": "规则。"}
RULES = {"start_construction": {"kept_by": ["construction_start", "under_construction", "operating"],
                                "after_horizon": "not_kept", **WORDS},
         "advance": {"kept_by": ["construction_start", "under_construction", "partly_open", "operating", "completed"],
                     "after_horizon": "under_way", "inferred_across": ["construction_start", "under_construction"],
                     **WORDS},
         "deepen": {"kept_by": [], "after_horizon": "under_way", **WORDS}}
QUOTE = "开工建设19号线，推进机场联络线等重大工程建设，深化医联体合作。"


def ledger(tmp_path: Path, promises: list, rules: dict | None = None) -> tuple[dict, list]:
    (tmp_path / "promises.json").write_text(json.dumps({"rules": rules or RULES, "promises": promises},
                                                       ensure_ascii=False), encoding="utf-8")
    return load_promises(tmp_path, {"line": QUOTE, "other": QUOTE})


def test_bad_entries_are_named_and_the_rest_loads(tmp_path):
    rows, problems = ledger(tmp_path, [
        {"feature_id": "line", "phrase": "开工建设", "class": "start_construction"},
        {"feature_id": "other", "phrase": "建成通车", "class": "start_construction"},  # not in the plan
        {"feature_id": "nobody", "phrase": "开工建设", "class": "start_construction"},
    ])
    assert set(rows) == {"line"} and rows["line"]["commitment"] == "开工建设"
    said = [str(p) for p in problems]
    assert any("'other'" in s and "phrase" in s and "建成通车" in s for s in said)
    assert any("'nobody'" in s for s in said)
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": "开工建设", "class": "finish"}])
    assert rows == {} and "unknown class 'finish'" in str(problems[0])
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": "开工建设", "class": "start_construction"}],
                            rules={"start_construction": {"kept_by": ["built"], "after_horizon": "not_kept", **WORDS}})
    assert rows == {} and any("kept_by" in str(p) and "built" in str(p) for p in problems)
    # The rule in words is what a reader sees beside every verdict: missing in a language, it is named.
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": "开工建设", "class": "start_construction"}],
                            rules={"start_construction": {"kept_by": ["under_construction"],
                                                          "after_horizon": "not_kept", "en": "Kept once started."}})
    assert rows == {} and any("rules.start_construction" in str(p) and "'zh'" in str(p) for p in problems)
    # A station's line must be a feature with a promise.
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": "开工建设", "class": "start_construction",
                                        "via": "nowhere"}])
    assert rows["line"]["via"] is None and any("'via'" in str(p) and "nowhere" in str(p) for p in problems)


def test_a_split_phrase_must_be_in_order(tmp_path):
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": ["推进", "重大工程建设"], "class": "advance"}])
    assert rows["line"]["commitment"] == "推进…重大工程建设" and problems == []
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": ["重大工程建设", "推进"], "class": "advance"}])
    assert rows == {} and "phrase" in str(problems[0])
    assert load_promises(tmp_path / "nothing", {}) == ({}, [])  # a folder without a ledger has no promises


def events_of(*rows: tuple, feature: str = "line") -> pd.DataFrame:
    """Events of one feature: (day, status) or (day, status, {field: value}) each, reports of record by default."""
    records = []
    for day, status, *extra in rows:
        records.append({"id": f"{feature}/{day}", "feature_id": feature, "date": day, "date_precision": "day",
                        "status": status, "kind": "report", "url": f"https://example.org/{day}",
                        "start": dt.date.fromisoformat(day), **(extra[0] if extra else {})})
    table = pd.concat([empty_table(), pd.DataFrame(records, columns=list(empty_table().columns))], ignore_index=True)
    return Events(table).of(feature)


def judged(kind: str, reports: pd.DataFrame, day: dt.date | None = None, at_plan: str | None = None
           ) -> tuple[str | None, str | None]:
    rule = RULES[kind]
    row = {"commitment_class": kind, "horizon": "2023-12-31", "kept_by": tuple(rule["kept_by"]),
           "after_horizon": rule["after_horizon"], "inferred_across": tuple(rule.get("inferred_across", ()))}
    made = verdict(row, reports, day, at_plan)
    assert made is not None
    return made.value, made.event["date"] if made.event is not None else None


def test_verdicts_follow_the_rule_from_the_events():
    assert judged("start_construction", events_of(("2023-06-01", "construction_start"))) == \
        ("kept_on_time", "2023-06-01")
    assert judged("start_construction", events_of(("2024-03-01", "under_construction"))) == ("kept_late", "2024-03-01")
    assert judged("start_construction", events_of(("2024-03-01", "planned"))) == ("not_kept", "2024-03-01")
    assert judged("start_construction", events_of()) == ("no_news", None)
    # A report from before the plan's year says nothing of what the plan promised.
    assert judged("start_construction", events_of(("2021-06-28", "under_construction"))) == ("no_news", None)
    # Pushing works forward is kept by works reported within the plan's year; an opening is a later milestone.
    assert judged("advance", events_of(("2023-10-23", "under_construction"), ("2024-12-27", "partly_open"))) == \
        ("kept_on_time", "2023-10-23")
    assert judged("advance", events_of(("2024-10-23", "under_construction"))) == ("kept_late", "2024-10-23")
    assert judged("advance", events_of(("2024-12-27", "cancelled"))) == ("not_kept", "2024-12-27")
    assert judged("deepen", events_of(("2025-01-01", "operating"))) == ("under_way", "2025-01-01")
    # An ongoing programme goes on with any report of it, whatever status it gives.
    assert judged("deepen", events_of(("2025-01-01", "unknown"))) == ("under_way", "2025-01-01")


def test_works_under_way_at_the_plan_and_reported_later_are_kept_across_the_year_by_inference():
    """Works the plan found under way, reported under way (or done) after its year, were pushed forward in it:
    kept on time, and the verdict says it is an inference and what it rests on."""
    reports = events_of(("2020-10-28", "under_construction"), ("2024-10-23", "under_construction"),
                        ("2024-12-27", "partly_open"))
    made = verdict({"commitment_class": "advance", "horizon": "2023-12-31", "kept_by": ("under_construction",),
                    "after_horizon": "under_way", "inferred_across": ("under_construction",)},
                   reports, None, "under_construction")
    assert made is not None and (made.value, made.basis) == ("kept_on_time", "across")
    assert made.event["date"] == "2024-10-23" and made.since is not None and made.since["date"] == "2020-10-28"
    # Not where the plan found it only planned, nor for a promise to start works.
    assert judged("advance", reports.iloc[1:], at_plan="planned") == ("kept_late", "2024-10-23")
    assert judged("start_construction", reports.iloc[1:], at_plan="under_construction") == ("kept_late", "2024-10-23")


def test_a_plan_a_retraction_and_an_unknown_status_never_decide():
    reports = events_of(("2023-03-01", "under_construction", {"kind": "plan"}),
                        ("2023-04-01", "under_construction", {"retracted": "2026-11-27"}),
                        ("2023-05-01", "unknown"))
    assert judged("advance", reports) == ("no_news", None)
    assert judged("start_construction", reports) == ("no_news", None)


def test_a_verdict_cites_its_best_source():
    """In time, a page of record decides before a copy and a report before an inference, however early the copy;
    late, the first report decides (its date is the verdict's), and a copy says so."""
    reports = events_of(("2023-06-01", "under_construction", {"copy_of": "CCTV"}),
                        ("2023-08-01", "under_construction", {"kind": "inferred"}),
                        ("2023-12-01", "under_construction"))
    assert judged("advance", reports) == ("kept_on_time", "2023-12-01")
    late = events_of(("2024-06-01", "under_construction", {"copy_of": "上海发布"}),
                     ("2024-06-01", "under_construction"), ("2024-09-01", "under_construction"))
    made = verdict({"commitment_class": "advance", "horizon": "2023-12-31", "kept_by": ("under_construction",),
                    "after_horizon": "under_way"}, late, None)
    assert made is not None and made.value == "kept_late" and made.event["date"] == "2024-06-01"
    assert not isinstance(made.event.get("copy_of"), str)  # of one day's two reports, the page of record
    assert made.columns()["verdict_copy"] is None


def test_an_inferred_event_decides_as_an_inference():
    reports = events_of(("2023-11-01", "construction_start", {"kind": "inferred", "inference": "From its schedule."}))
    made = verdict({"commitment_class": "start_construction", "horizon": "2023-12-31",
                    "kept_by": ("construction_start",), "after_horizon": "not_kept"}, reports, None)
    assert made is not None and (made.value, made.basis) == ("kept_on_time", "inferred")
    assert made.columns()["verdict_inference"] == "From its schedule."


def test_a_verdict_is_as_of_the_date_shown():
    reports = events_of(("2023-06-01", "construction_start"))
    assert judged("start_construction", reports, dt.date(2023, 3, 1)) == ("no_news", None)
    assert judged("start_construction", reports, dt.date(2023, 7, 1)) == ("kept_on_time", "2023-06-01")


def test_dated_frames_carry_each_verdict_and_the_event_behind_it():
    catalog = load_catalog(ROOT / "geodata")
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    latest = frame_as_of(catalog.features, events, "latest")
    plan = frame_as_of(catalog.features, events, "plan")
    promised = latest["commitment_class"].notna() & (latest["commitment_class"] != "none")
    assert latest.loc[promised, "verdict"].notna().all() and latest.loc[~promised, "verdict"].isna().all()
    assert set(plan.loc[promised, "verdict"]) == {"no_news"}  # on the plan's day nothing had been reported yet
    decided = latest[latest["verdict_url"].notna()]
    assert len(decided) and decided["verdict_url"].str.startswith("http").all()


# --- the shipped ledger, judged ---------------------------------------------------------------------------------


def shipped_latest() -> tuple[pd.DataFrame, Events]:
    catalog = load_catalog(ROOT / "geodata")
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    return frame_as_of(catalog.features, events, "latest"), events


def test_no_verdict_rests_on_a_plan_or_on_a_deadline_the_plan_did_not_set():
    """"Push forward" is judged by works under way in the plan's year, never by an opening the plan did not ask for;
    a plan's statement (a work report's task) decides nothing."""
    latest, events = shipped_latest()
    deciding = events.table.set_index("id").loc[latest["verdict_event"].dropna()]
    assert (deciding["kind"] != "plan").all() and deciding["retracted"].isna().all()
    late = latest[latest["verdict"] == "kept_late"]
    for fid, row in late.iterrows():  # kept late: the first report of what the rule asks for came after the deadline
        assert row["verdict_status"] in row["kept_by"] and row["verdict_date"] > row["horizon"], fid
        if row["commitment_class"] == "advance":  # works first reported after the year, never an opening
            assert row["verdict_status"] not in ("partly_open", "operating", "completed"), fid
    for fid in ("airport-link-line", "station-hongqiao-t2", "station-zhongchun-road", "station-jinghong-road",
                "neobay-transformation-centre", "s32-puxing-ramp"):
        assert latest.at[fid, "verdict"] == "kept_on_time", fid
    # The S32 ramp's start is inferred from its 608-day schedule, and says so; Line 19's rests on a report of works.
    assert latest.at["s32-puxing-ramp", "verdict_basis"] == "inferred"
    assert "608" in latest.at["s32-puxing-ramp", "verdict_inference"]
    assert latest.at["metro-line-19", "verdict_status"] == "construction_start"


def test_stations_carry_their_lines_news():
    """A Jiamin line station with no news of its own shows the line's reports, marked as the line's."""
    latest, events = shipped_latest()
    for fid in ("station-yindu-road", "station-qibao", "station-huxing-road", "station-tianshan-road"):
        assert latest.at[fid, "verdict"] != "no_news" and latest.at[fid, "verdict_via"] == "jiamin-line", fid
        news = events.evidence(fid, "jiamin-line")
        assert set(news.loc[news["via"].notna(), "feature_id"]) == {"jiamin-line"}
        assert latest.at[fid, "last_checked"] >= latest.at["jiamin-line", "last_checked"]
    # A station with news of its own keeps to it.
    assert events.evidence("station-qixin-road", "jiamin-line")["via"].isna().all()


def test_verdicts_rest_on_pages_of_record_where_one_was_found():
    """The wire copy abroad, the repost site, the mirror and the Taiwanese outlets no longer decide a verdict."""
    latest, _ = shipped_latest()
    urls = " ".join(latest["verdict_url"].dropna())
    for host in ("urdupoint", "yantai119", "xinlihui", "ettoday", "nownews"):
        assert host not in urls, host
    # Where a verdict rests on a copy it names the original.
    copies = latest[latest["verdict_copy"].notna()]
    assert (copies["verdict_copy"].str.len() > 3).all()
