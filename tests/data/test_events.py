"""Progress events since the 2023 plan: the shipped sidecar, its validation, and status on a date."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import pytest

from layers.data.catalog import Catalog
from layers.data.events import (
    DATE_PRECISIONS,
    EVENT_STATUSES,
    Events,
    dumps_events,
    frame_as_of,
    load_events,
    parse_date,
    statuses_as_of,
)
from layers.view.i18n import LANGUAGES, STATUS_LABELS, t
from tests.conftest import ROOT

SHIPPED = ROOT / "geodata" / "events.json"
COVERED_LAYERS = ("rail", "roads", "parks", "public_services")
TODAY = date(2026, 11, 27)


def status_as_of(plan_status: str, events_of_feature: pd.DataFrame, when: date | None) -> str:
    """The reference for ``statuses_as_of``: one feature's status on ``when`` (None: latest known), row by row.

    The plan's 2023 status until an event starts on or before ``when``, then the status after the latest
    such event (same start: the later in the file); events with status "unknown", and events before the plan
    (the history behind its status), change nothing.
    """
    status = plan_status
    rows = sorted(zip(events_of_feature["start"], events_of_feature["status"], strict=True), key=lambda r: r[0])
    for start, event_status in rows:
        if when is not None and start > when:
            break
        if event_status != "unknown" and start >= date(2023, 1, 1):
            status = event_status
    return status


def covered(events: Events) -> set[str]:
    """Feature ids with at least one event or a "none found" search."""
    return set(events.table["feature_id"]) | set(events.searches)


@pytest.fixture(scope="module")
def shipped(catalog: Catalog) -> Events:
    return load_events(ROOT / "geodata", known_ids=catalog.features.index)


def good_event(**overrides: Any) -> dict[str, Any]:
    """A valid event of the shipped feature ``qianwan-park``; override any field."""
    event: dict[str, Any] = {
        "feature_id": "qianwan-park", "date": "2024-02", "date_precision": "month", "status": "under_construction",
        "evidence": "Central lawn completed.", "source_title": "Qianwan Park completes construction of central lawn",
        "publisher": "Hongqiao International CBD", "url": "http://en.shhqcbd.gov.cn/2024-02/18/c_964628.htm",
        "accessed": "2026-11-27", "quote": "The central lawn of Qianwan Park has been completed.", "quote_lang": "en",
        "quote_zh": "前湾公园中央草坪已建成。",
    }
    event.update(overrides)
    # An id and a kind as a curator files them (the id from the feature and the date, where both are good ones),
    # unless the test sets (or removes: None) its own.
    fid, day = event.get("feature_id"), event.get("date")
    made = f"{fid}/{day}" if isinstance(fid, str) and isinstance(day, str) and re.match(r"^[a-z0-9-]+$", fid) \
        and re.match(r"^\d{4}(-\d{2}){0,2}$", day) else "qianwan-park/2024-02"
    event = {"id": made, "kind": "report", **event}
    return {k: v for k, v in event.items() if v is not None}


def good_search(**overrides: Any) -> dict[str, Any]:
    search: dict[str, Any] = {"feature_id": "chunshen-lake-four-islands", "none_found": True,
                              "searched": ["春申湖四岛 闵行"], "search_date": "2026-11-27"}
    search.update(overrides)
    return search


# --- the shipped sidecar ---------------------------------------------------------------------------------


def test_the_shipped_events_load_without_problems(shipped):
    assert shipped.problems == []
    assert shipped.table["id"].is_unique and shipped.table["kind"].isin(["report", "plan", "inferred"]).all()
    # A retraction stays in the file, says when and why in both languages, and names what replaced it.
    retracted = shipped.table[shipped.table["retracted"].notna()]
    assert len(retracted) and retracted[["retracted_why", "retracted_why_zh"]].notna().all().all()
    assert set(retracted["replaced_by"].dropna()) <= set(shipped.live["id"])


def test_every_event_quotes_its_source_in_its_language(shipped):
    for row in shipped.table.itertuples():
        where = f"{row.feature_id} {row.date}"
        assert len(row.quote.strip()) >= 20, where
        assert row.quote_lang in ("en", "zh", "de", "it", "ja"), where
        if row.quote_lang != "en":
            assert len(row.quote_en.strip()) >= 20, where
        if row.quote_lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in row.quote), where


def test_a_copy_names_its_original_and_why(shipped):
    """A page that copies another's report says whose it is and why it is cited (the original was not found)."""
    copies = shipped.table[shipped.table["copy_of"].notna()]
    assert copies["copy_why"].notna().all() and (copies["copy_why"].str.len() > 40).all()
    # A copy's original, where its address is known, is linked; its name is a name, not a research note.
    assert copies["copy_of_url"].dropna().str.startswith("http").all()
    assert (copies["copy_of"].str.len() <= 80).all()


def test_an_inferred_event_says_from_what_and_a_plan_claims_no_status(shipped):
    live = shipped.live
    inferred = live[live["kind"] == "inferred"]
    assert len(inferred) and (inferred["inference"].str.len() > 40).all() and inferred["inference_zh"].notna().all()
    assert not inferred["inference"].str.lower().str.startswith("inferred").any()  # it follows "inferred:" when shown
    assert set(live.loc[live["kind"] == "plan", "status"]) == {"unknown"}


def test_sources_that_disagree_are_kept_side_by_side(shipped):
    """The Jiamin line's leak (11 Feb) and road collapse (12 Feb) are two events; the collapse says who dates it."""
    jiamin = shipped.of("jiamin-line")
    assert {"2026-02-11", "2026-02-12"} <= set(jiamin["date"])
    assert jiamin["conflict"].notna().sum() >= 1
    assert shipped.table["conflict"].notna().sum() >= 6


def test_every_shipped_event_is_dated_sourced_and_known(catalog, shipped):
    today = date.today()
    for row in shipped.table.itertuples():
        where = f"{row.feature_id} {row.date}"
        assert row.feature_id in catalog.features.index, where
        assert row.date_precision in DATE_PRECISIONS, where
        assert parse_date(row.date, row.date_precision) == row.start, where
        assert row.start <= today and row.start <= date.fromisoformat(row.accessed) <= today, where
        assert row.status in EVENT_STATUSES, where
        assert urlsplit(row.url).scheme in ("http", "https") and urlsplit(row.url).netloc, where
        assert row.source_title.strip() and row.publisher.strip() and row.evidence.strip(), where
        assert "\n" not in row.evidence, where
    for fid, (searched, search_date) in shipped.searches.items():
        assert searched and all(q.strip() for q in searched), fid
        assert date.fromisoformat(search_date) <= today, fid


def test_the_stations_without_reports_point_at_their_line(shipped):
    for fid in ("station-yindu-road", "station-qibao", "station-huxing-road", "station-yingbin-3rd-road",
                "station-tianshan-road"):
        assert "no station-specific" in shipped.notes[fid]
        assert "jiamin-line" in {*shipped.table["feature_id"]} and not shipped.of(fid).empty


def test_the_shipped_file_is_in_its_canonical_layout():
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert SHIPPED.read_text(encoding="utf-8") == dumps_events(doc["events"], doc["searches"])
    assert SHIPPED.read_text(encoding="utf-8").count("\n") == len(doc["events"]) + len(doc["searches"]) + 4


def test_the_table_is_sorted_by_feature_then_date(shipped):
    keys = list(zip(shipped.table["feature_id"], shipped.table["start"], strict=True))
    assert keys == sorted(keys)


def test_every_event_status_has_labels():
    assert set(STATUS_LABELS) == set(EVENT_STATUSES)
    assert all(set(STATUS_LABELS[s]) == set(LANGUAGES) for s in EVENT_STATUSES)


# --- status on a date --------------------------------------------------------------------------------------


def test_the_airport_link_status_over_time(catalog, shipped):
    plan = catalog.features.loc["airport-link-line", "status"]
    assert plan == "under_construction"
    rows = shipped.of("airport-link-line")
    assert status_as_of(plan, rows, date(2023, 6, 30)) == "under_construction"
    assert status_as_of(plan, rows, date(2024, 12, 26)) == "under_construction"
    assert status_as_of(plan, rows, date(2025, 1, 1)) == "partly_open"
    assert status_as_of(plan, rows, None) == "partly_open"
    assert status_as_of(plan, rows.iloc[::-1], date(2025, 1, 1)) == "partly_open"  # order of rows is irrelevant


def test_statuses_as_of_matches_status_as_of_for_every_feature(catalog, shipped):
    frame = catalog.features
    for when in (date(2023, 1, 1), date(2023, 6, 30), date(2025, 1, 1), date(2025, 7, 1), None):
        statuses = statuses_as_of(frame, shipped, when)
        assert list(statuses.index) == list(frame.index)
        for fid in frame.index:
            assert statuses[fid] == status_as_of(frame.loc[fid, "status"], shipped.of(fid), when), (fid, when)
    latest = statuses_as_of(frame, shipped, None)
    assert latest["s32-puxing-ramp"] == "completed"
    assert latest["chunshen-lake-four-islands"] == frame.loc["chunshen-lake-four-islands", "status"]


def test_an_event_before_the_plan_is_history_and_the_plans_status_stands(catalog, shipped):
    """Hongqiao railway station: open since 2010 (the plan says operating); the Jiamin line's works at it,
    begun in 2021, do not make it "under construction" from 2023 on."""
    assert (shipped.of("station-hongqiao-railway")["start"] < date(2023, 1, 1)).all()
    statuses = statuses_as_of(catalog.features, shipped, date(2024, 6, 30))
    assert statuses["station-hongqiao-railway"] == "operating"
    assert statuses["jiamin-line"] == "under_construction"  # the plan's, not the 2021 start of works
    assert opened(shipped, "station-hongqiao-railway", "en", catalog) is None


def test_unknown_status_events_change_nothing(write_layer, tmp_path):
    write_layer("events.json", {"events": [good_event(date="2024-03", status="partly_open"),
                                           good_event(date="2024-05", status="unknown", evidence="A report.")]})
    events = load_events(tmp_path, today=TODAY)
    assert not events.problems, events.problems
    assert status_as_of("under_construction", events.of("qianwan-park"), None) == "partly_open"
    assert events.of("qianwan-park")["status"].iloc[-1] == "unknown"  # the latest event, by date
    assert events.of("no-such-feature").empty


def opened(events: Events, fid: str, lang: str, catalog: Catalog) -> str | None:
    """What the map says of an opening ("opened 2024-12-27"), from the dated frame it draws."""
    day = frame_as_of(catalog.features.loc[[fid]], events, "latest").at[fid, "opened_on"]
    return t("event_opened", lang, date=day) if day else None


def test_opened_label(shipped, catalog):
    assert opened(shipped, "airport-link-line", "en", catalog) == "opened 2024-12-27"
    assert opened(shipped, "airport-link-line", "zh", catalog) == "2024-12-27 开通"
    assert opened(shipped, "huangpu-riverside-minhang", "en", catalog) == "opened 2023-04"  # Binjiang Park
    assert opened(shipped, "jiamin-line", "en", catalog) is None
    assert opened(shipped, "chunshen-lake-four-islands", "en", catalog) is None
    # Already open in 2023: the next tournament is no opening.
    assert catalog.features.at["qizhong-tennis-center", "status"] == "operating"
    assert opened(shipped, "qizhong-tennis-center", "en", catalog) is None


def test_opened_label_shows_the_date_as_precise_as_the_data(write_layer, tmp_path, catalog):
    write_layer("events.json", {"events": [good_event(date="2023", date_precision="year", status="completed")]})
    assert opened(load_events(tmp_path, today=TODAY), "qianwan-park", "en", catalog) == "opened 2023"


# --- crafted bad files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "where", "expected"),
    [
        (good_event(date="2027-01-05", date_precision="day"), ("'qianwan-park'", "date"), "in the future"),
        (good_event(accessed="2024-01-31"), ("'qianwan-park'", "date"), "after the source was read"),
        (good_event(accessed="2027-01-01"), ("'qianwan-park'", "accessed"), "in the future"),
        (good_event(accessed="yesterday"), ("'qianwan-park'", "accessed"), "not a date"),
        (good_event(status="opened"), ("'qianwan-park'", "status"), "unknown value 'opened'"),
        (good_event(source_title=None), ("'qianwan-park'", "source_title"), "missing required field"),
        (good_event(publisher=" "), ("'qianwan-park'", "publisher"), "empty"),
        (good_event(evidence="two\nlines"), ("'qianwan-park'", "evidence"), "one line"),
        (good_event(url="ftp://example.com/x"), ("'qianwan-park'", "url"), "not an http(s) address"),
        (good_event(url=["https://a.b"]), ("'qianwan-park'", "url"), "must be text"),
        (good_event(date_precision="day"), ("'qianwan-park'", "date_precision"), "does not match"),
        (good_event(date_precision="week"), ("'qianwan-park'", "date_precision"), "unknown value 'week'"),
        (good_event(date="2024-13"), ("'qianwan-park'", "date"), "not a date"),
        (good_event(date=2024, date_precision="year"), ("'qianwan-park'", "date"), "must be text"),
        (good_event(feature_id="atlantis-park"), ("'atlantis-park'", "feature_id"), "no feature 'atlantis-park'"),
        (good_event(feature_id="Bad Id"), ("'Bad Id'", "feature_id"), "not a feature id"),
        (good_event(feature_id=None), ("#1", "feature_id"), "missing required field"),
        (good_event(colour="red"), ("'qianwan-park'", "colour"), "unknown key"),
        (good_event(quote=None), ("'qianwan-park'", "quote"), "missing required field"),
        (good_event(quote=" "), ("'qianwan-park'", "quote"), "empty"),
        (good_event(quote_lang="Chinese"), ("'qianwan-park'", "quote_lang"), "not a language code"),
        (good_event(quote="中央草坪建成。", quote_lang="zh", quote_zh=None), ("'qianwan-park'", "quote_en"),
         "English gloss"),
        (good_event(quote_zh=None), ("'qianwan-park'", "quote_zh"), "Chinese translation"),
        (good_event(copy_of="新民晚报", copy_of_url="xinmin.cn"), ("'qianwan-park'", "copy_of_url"),
         "not an http(s) address"),
        ("an event", ("#1", None), "must be a JSON object"),
    ],
    ids=["future", "after-accessed", "accessed-future", "accessed-text", "status", "no-source", "no-publisher",
         "two-lines", "ftp", "url-list", "precision-mismatch", "precision-unknown", "month-13", "year-number",
         "unknown-feature", "bad-id", "no-feature", "unknown-key", "not-an-object", "no-quote", "blank-quote",
         "quote-lang", "no-gloss", "no-chinese", "copy-url"],
)
def test_a_bad_event_is_named_and_the_good_ones_still_load(write_layer, tmp_path, bad, where, expected):
    good = [good_event(date="2023-11"), good_event(feature_id="jiamin-line", date="2026-02-11", date_precision="day")]
    write_layer("events.json", {"events": [good[0], bad, good[1]], "searches": [good_search()]})
    events = load_events(tmp_path, known_ids={"qianwan-park", "jiamin-line", "chunshen-lake-four-islands"},
                         today=TODAY)
    assert len(events.problems) == 1, [str(p) for p in events.problems]
    problem = events.problems[0]
    assert (problem.file, problem.feature, problem.field) == (f"{tmp_path.name}/events.json", *where)
    assert expected in problem.message and "events[1]" in problem.message
    assert list(events.table["date"]) == ["2026-02-11", "2023-11"]
    assert list(events.searches) == ["chunshen-lake-four-islands"]


@pytest.mark.parametrize(
    ("bad", "field", "expected"),
    [
        (good_search(none_found=False), "none_found", "must be true"),
        (good_search(searched="春申湖"), "searched", "non-empty list"),
        (good_search(searched=["ok", ""]), "searched", "non-empty text"),
        (good_search(search_date="2030-01-01"), "search_date", "in the future"),
        (good_search(feature_id="nowhere"), "feature_id", "no feature 'nowhere'"),
        (good_search(why="x"), "why", "unknown key"),
    ],
    ids=["not-none-found", "string-queries", "empty-query", "future", "unknown-feature", "unknown-key"],
)
def test_a_bad_search_is_named(write_layer, tmp_path, bad, field, expected):
    write_layer("events.json", {"events": [good_event()], "searches": [bad]})
    events = load_events(tmp_path, known_ids={"qianwan-park", "chunshen-lake-four-islands"}, today=TODAY)
    assert [(p.field, expected in p.message) for p in events.problems] == [(field, True)]
    assert len(events.table) == 1 and events.searches == {}


@pytest.mark.parametrize(
    ("content", "field", "expected"),
    [
        ('{"events": [', None, "invalid JSON at line 1"),
        (b"\xff\xfe{}", None, "not UTF-8"),
        ("", None, "file is empty"),
        ('{"events": [NaN]}', None, "NaN"),
        ([good_event()], "events", "top level must be an object"),
        ({"events": {"qianwan-park": good_event()}}, "events", "must be a list, got dict"),
        ({"searches": []}, "events", "missing"),
        ({"events": [], "searches": "none"}, "searches", "must be a list"),
        ({"events": [], "features": []}, "features", "unknown key"),
    ],
    ids=["truncated", "not-utf8", "empty", "nan", "list", "events-dict", "no-events", "searches-text", "unknown-top"],
)
def test_unreadable_or_misshapen_files_are_named(write_layer, tmp_path, content, field, expected):
    write_layer("events.json", content)
    events = load_events(tmp_path, today=TODAY)
    assert len(events.problems) == 1, [str(p) for p in events.problems]
    problem = events.problems[0]
    assert (problem.file, problem.feature, problem.field) == (f"{tmp_path.name}/events.json", None, field)
    assert expected in problem.message
    assert len(events.table) == 0


def test_a_missing_file_is_no_events_and_no_problem(tmp_path):
    events = load_events(tmp_path)
    assert not events.problems and len(events.table) == 0 and events.searches == {}
    assert statuses_as_of(events.table.assign(status=[]), events, None).empty


def test_a_directory_in_place_of_the_file_is_a_problem(tmp_path):
    (tmp_path / "events.json").mkdir()
    assert "is a directory" in load_events(tmp_path).problems[0].message


def test_the_path_may_name_the_file_or_come_from_the_environment(write_layer, tmp_path, monkeypatch):
    path = write_layer("other.json", {"events": [good_event()]})
    assert len(load_events(path, today=TODAY).table) == 1
    write_layer("events.json", {"events": [good_event(), good_event(date="2023-11")]})
    monkeypatch.setenv("MINHANG_GEODATA", str(tmp_path))
    assert len(load_events(today=TODAY).table) == 2


def test_duplicate_events_are_reported_once(write_layer, tmp_path):
    write_layer("events.json", {"events": [good_event(), good_event(id="qianwan-park/2024-02.2")]})
    events = load_events(tmp_path, today=TODAY)
    assert [(p.feature, p.message) for p in events.problems] == [("'qianwan-park'", "events[1]: duplicate event")]
    assert len(events.table) == 1
    # Two events under one id: the second is named, by its id.
    write_layer("events.json", {"events": [good_event(), good_event(evidence="Another account.")]})
    events = load_events(tmp_path, today=TODAY)
    assert [(p.field, "qianwan-park/2024-02" in p.message) for p in events.problems] == [("id", True)]


RETRACTED = {"retracted": "2026-11-27", "retracted_why": "It said more than its source.",
             "retracted_why_zh": "原记录超出来源所述。"}


@pytest.mark.parametrize(
    ("bad", "field", "expected"),
    [
        (good_event(id="jiamin-line/2024-02"), "id", "does not start with the event's feature id"),
        (good_event(id="qianwan park 2024"), "id", "is not an event id"),
        (good_event(kind="rumour"), "kind", "unknown value 'rumour'"),
        (good_event(kind=None), "kind", "unknown value None"),
        (good_event(kind="inferred", inference_zh="后来的照片显示草坪已建成。"), "inference",
         "says what it is inferred from"),
        (good_event(kind="inferred", inference="The lawn shows in a later photo of the park."), "inference_zh",
         "in English and in Chinese"),
        (good_event(inference="A later photo."), "inference", "only an inferred event"),
        (good_event(kind="plan"), "status", "a plan states no status"),
        (good_event(quote_en="The central lawn is complete."), "quote_en", "the quote is in English"),
        (good_event(retracted="2026-11-27"), "retracted_why", "both the day"),
        (good_event(**{**RETRACTED, "retracted": "2027-01-01"}), "retracted", "in the future"),
        (good_event(replaced_by="qianwan-park/2024-03"), "replaced_by", "only a retracted event"),
        (good_event(**RETRACTED, replaced_by="qianwan-park/2024-03"), "replaced_by", "no event has the id"),
        (good_event(url='https://example.org/a"><img src=x>'), "url", "markup characters"),
        (good_event(url="https://example.org/a b"), "url", "not an http(s) address"),
        (good_event(also_url="http://example.org/<style>"), "also_url", "markup characters"),
    ],
    ids=["id-feature", "id-form", "kind-unknown", "kind-missing", "no-inference", "no-inference-zh",
         "stray-inference", "plan-status", "gloss-of-english", "no-reason", "retracted-future", "replaced-standing",
         "replaced-unknown", "url-markup", "url-space", "also-url-markup"],
)
def test_ids_kinds_retractions_and_links_are_checked(write_layer, tmp_path, bad, field, expected):
    """Each new rule of an event names the event, its field and what to do; the good event beside it loads."""
    write_layer("events.json", {"events": [good_event(date="2023-11"), bad]})
    events = load_events(tmp_path, known_ids={"qianwan-park", "jiamin-line"}, today=TODAY)
    assert [p.field for p in events.problems] == [field], [str(p) for p in events.problems]
    assert expected in events.problems[0].message
    assert "2023-11" in set(events.table["date"])


def test_a_retracted_event_stays_and_counts_for_nothing(write_layer, tmp_path, catalog):
    """A retracted report keeps its place in the file and the table, but moves no status and decides no verdict;
    the event that replaced it does."""
    wrong = good_event(date="2023-06", status="completed", **RETRACTED, replaced_by="qianwan-park/2023-11")
    right = good_event(date="2023-11", status="under_construction")
    write_layer("events.json", {"events": [wrong, right]})
    events = load_events(tmp_path, known_ids=set(catalog.features.index), today=TODAY)
    assert events.problems == []
    assert len(events.table) == 2 and list(events.of("qianwan-park")["id"]) == ["qianwan-park/2023-11"]
    assert list(events.retracted_of("qianwan-park")["id"]) == ["qianwan-park/2023-06"]
    dated = frame_as_of(catalog.features, events, "latest")
    assert dated.at["qianwan-park", "status"] == "under_construction"
    assert dated.at["qianwan-park", "verdict_event"] == "qianwan-park/2023-11"


def test_a_plan_moves_no_status_and_keeps_no_promise(write_layer, tmp_path, catalog):
    """A work plan's task ("push forward the construction of …") is no report of works: Line 19 stays as the plan
    found it and its promise has no public news, until a report comes."""
    plan = good_event(feature_id="metro-line-19", date="2023-06", kind="plan", status="unknown")
    write_layer("events.json", {"events": [plan]})
    events = load_events(tmp_path, known_ids=set(catalog.features.index), today=TODAY)
    dated = frame_as_of(catalog.features, events, "latest")
    assert dated.at["metro-line-19", "status"] == catalog.features.at["metro-line-19", "status"]
    assert (dated.at["metro-line-19", "verdict"], dated.at["metro-line-19", "verdict_event"]) == ("no_news", None)


def test_a_quote_keeps_its_line_breaks_and_a_search_may_follow_events(write_layer, tmp_path):
    """A quote is the source's text (line breaks kept); a search beside events says it was searched again."""
    write_layer("events.json", {"events": [good_event(quote="Qianwan Park\nThe central lawn is complete.")],
                                "searches": [good_search(feature_id="qianwan-park")]})
    events = load_events(tmp_path, known_ids={"qianwan-park"}, today=TODAY)
    assert events.problems == []
    assert events.of("qianwan-park")["quote"].iloc[0] == "Qianwan Park\nThe central lawn is complete."
    assert "qianwan-park" in events.searches
