"""The promise ledger: what the plan promised per feature, judged from the events, never by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from layers.data.catalog import load_catalog
from layers.data.events import Events, empty_table, frame_as_of, load_events
from layers.data.promises import CLASSES, load_promises, verdict
from tests.conftest import ROOT

RULES = {"start_construction": {"kept_by": ["construction_start", "under_construction", "operating"],
                                "after_horizon": "not_kept"},
         "advance": {"kept_by": ["partly_open", "operating", "completed"], "after_horizon": "under_way"},
         "deepen": {"kept_by": [], "after_horizon": "under_way"}}
QUOTE = "开工建设19号线，推进机场联络线等重大工程建设，深化医联体合作。"


def ledger(tmp_path: Path, promises: list, rules: dict | None = None) -> tuple[dict, list]:
    (tmp_path / "promises.json").write_text(json.dumps({"rules": rules or RULES, "promises": promises},
                                                       ensure_ascii=False), encoding="utf-8")
    return load_promises(tmp_path, {"line": QUOTE, "other": QUOTE})


def test_the_shipped_ledger_covers_every_plan_feature_and_loads_cleanly(catalog):
    plan = catalog.features[catalog.features["kind"] != "region"]
    assert not [p for p in catalog.problems if "promises" in p.file]
    assert plan["commitment_class"].notna().all() and set(plan["commitment_class"]) <= set(CLASSES)
    promised = plan[plan["commitment_class"] != "none"]
    for fid, row in promised.iterrows():  # the commitment is the plan's own words
        for part in row["commitment"].split("…"):
            assert "".join(part.split()) in "".join(row["source_quote"].split()), fid
        assert row["horizon"] == "2023-12-31"


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
                            rules={"start_construction": {"kept_by": ["built"], "after_horizon": "not_kept"}})
    assert rows == {} and any("kept_by" in str(p) and "built" in str(p) for p in problems)


def test_a_split_phrase_must_be_in_order(tmp_path):
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": ["推进", "重大工程建设"], "class": "advance"}])
    assert rows["line"]["commitment"] == "推进…重大工程建设" and problems == []
    rows, problems = ledger(tmp_path, [{"feature_id": "line", "phrase": ["重大工程建设", "推进"], "class": "advance"}])
    assert rows == {} and "phrase" in str(problems[0])
    assert load_promises(tmp_path / "nothing", {}) == ({}, [])  # a folder without a ledger has no promises


def events_of(*rows: tuple[str, str]) -> pd.DataFrame:
    table = pd.concat([empty_table(), pd.DataFrame([{"feature_id": "line", "date": day, "date_precision": "day",
                                                      "status": status, "url": f"https://example.org/{day}",
                                                      "start": dt.date.fromisoformat(day)} for day, status in rows])],
                      ignore_index=True)
    return Events(table).of("line")


def judged(kind: str, reports: pd.DataFrame, day: dt.date | None = None) -> tuple[str | None, str | None]:
    rule = RULES[kind]
    row = {"commitment_class": kind, "horizon": "2023-12-31", "kept_by": tuple(rule["kept_by"]),
           "after_horizon": rule["after_horizon"]}
    result, event = verdict(row, reports, day)
    return result, event["date"] if event else None


def test_verdicts_follow_the_rule_from_the_events():
    assert judged("start_construction", events_of(("2023-06-01", "construction_start"))) == \
        ("kept_on_time", "2023-06-01")
    assert judged("start_construction", events_of(("2024-03-01", "under_construction"))) == ("kept_late", "2024-03-01")
    assert judged("start_construction", events_of(("2024-03-01", "planned"))) == ("not_kept", "2024-03-01")
    assert judged("start_construction", events_of()) == ("no_news", None)
    # A report from before the plan's year says nothing of what the plan promised.
    assert judged("start_construction", events_of(("2021-06-28", "under_construction"))) == ("no_news", None)
    # Advancing a project is under way while reports show works; kept once it opens.
    assert judged("advance", events_of(("2024-10-23", "under_construction"))) == ("under_way", "2024-10-23")
    assert judged("advance", events_of(("2024-10-23", "under_construction"), ("2024-12-27", "partly_open"))) == \
        ("kept_late", "2024-12-27")
    assert judged("advance", events_of(("2024-12-27", "cancelled"))) == ("not_kept", "2024-12-27")
    assert judged("deepen", events_of(("2025-01-01", "operating"))) == ("under_way", "2025-01-01")


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
