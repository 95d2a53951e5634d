"""The shipped data, as it is: its counts and its completeness, in one place.

Every other test builds its own small data or derives what it counts from the data, so a curator who adds a layer
file (one valid feature, written by `python3 -m layers fmt`) fails only here: the plan's counts below, and what
each feature must carry (a progress record or a search, its position's sources, a translation, a promise read)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from layers.data.audit import default_positions_path, read_positions, report_markdown, run_audit
from layers.data.catalog import GEODATA_DIR, Catalog
from layers.data.events import Events, frame_as_of, latest_report, load_events
from layers.data.promises import CLASSES
from layers.export.ledger import BEGIN, END, ledger_markdown
from tests.conftest import ROOT, promise_count
from tests.data.test_events import COVERED_LAYERS, covered
from tests.data.test_positions_build import _features, load_build_positions

# The plan as shipped: what the README, the ledger and the issues quote.
PLAN_FEATURES = 44
LAYERS = 7
PROMISES = 34
WITHOUT_PROMISE = 10


@pytest.fixture(scope="module")
def shipped(catalog: Catalog) -> Events:
    return load_events(known_ids=catalog.features.index)


@pytest.fixture(scope="module")
def build_positions():
    return load_build_positions()


def test_the_shipped_plan_counts(catalog):
    plan = catalog.features[catalog.features["kind"] != "region"]
    assert len(plan) == PLAN_FEATURES
    assert catalog.features["layer"].nunique() == LAYERS
    assert promise_count(plan) == PROMISES and len(plan) - PROMISES == WITHOUT_PROMISE


def test_a_feature_with_no_news_since_2025_was_searched_again(catalog, shipped):
    """The research pass: a feature whose newest event is older than 2025 says, with a date, what was searched."""
    newest = shipped.table.groupby("feature_id")["start"].max()
    for fid in catalog.features.index[catalog.features["kind"] != "region"]:
        if fid not in newest or newest[fid] < date(2025, 1, 1):
            assert fid in shipped.searches, fid
            assert date.fromisoformat(shipped.searches[fid][1]) >= date(2026, 11, 27), fid


def test_every_plan_feature_has_a_progress_record(catalog, shipped):
    plan = set(catalog.features.index[catalog.features["kind"] != "region"])
    assert plan - covered(shipped) == set()
    assert set(catalog.features.index[catalog.features["layer"].isin(COVERED_LAYERS)]) <= plan


def test_position_audit_passes_and_its_report_is_current(catalog):
    rows = read_positions(default_positions_path(GEODATA_DIR))
    report = run_audit(catalog, rows)
    assert not report.failures, report.failures
    assert (ROOT / "docs" / "positions.md").read_text(encoding="utf-8") == report_markdown(run_audit(catalog, rows)), \
        "run: python3 -m layers audit --markdown docs/positions.md"


def test_positions_are_told_honestly(catalog):
    frame = catalog.features
    # An 'exact' or 'approximate' feature has its sources in geodata/positions.csv; a 'cross_checked' one sources
    # of two families (the audit checks that they agree with the drawing; this ties the claims to the table).
    rows = read_positions(default_positions_path(GEODATA_DIR))
    families: dict[str, set[str]] = {}
    for row in rows:
        families.setdefault(row.feature_id, set()).add(row.family)
    located = frame[frame["precision"].isin(["exact", "approximate"])]
    assert all(families.get(fid) for fid in located.index), located.index
    checked = frame[frame["confirmation"] == "cross_checked"]
    assert all(len(families.get(fid, ())) >= 2 for fid in checked.index), checked.index
    # A schematic feature says what was searched (regions are the map's own division).
    schematic = frame[(frame["precision"] == "schematic") & (frame["kind"] != "region")]
    assert schematic["coord_source"].str.contains("searched|搜索", case=False).all()
    # The targets: of the plan's features, at least 25 exact or approximate, 30 % cross-checked.
    plan = frame[frame["kind"] != "region"]
    assert len(located) >= 25 and len(checked) >= 0.3 * len(plan), (len(located), len(checked))


def test_every_feature_has_its_current_translation(build_positions, tmp_path: Path) -> None:
    copy = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", copy)
    before = {p.name: p.read_bytes() for p in copy.glob("*.geojson")}
    assert build_positions.apply_translations(copy) == []
    # The stored files are what the table gives: rerunning changes no byte.
    assert {p.name: p.read_bytes() for p in copy.glob("*.geojson")} == before
    for fid, props in _features(copy).items():
        zh = props.get("coord_source_zh")
        assert zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), fid
        if "earched" in props["coord_source"]:
            assert "搜索" in zh, fid  # the details quote what was searched after this word


def test_the_shipped_ledger_covers_every_plan_feature_and_loads_cleanly(catalog):
    plan = catalog.features[catalog.features["kind"] != "region"]
    assert not [p for p in catalog.problems if "promises" in p.file]
    assert plan["commitment_class"].notna().all() and set(plan["commitment_class"]) <= set(CLASSES)
    promised = plan[plan["commitment_class"] != "none"]
    for fid, row in promised.iterrows():  # the commitment is the plan's own words
        for part in row["commitment"].split("…"):
            assert "".join(part.split()) in "".join(row["source_quote"].split()), fid
        assert row["horizon"] == "2023-12-31"


def test_the_readme_shows_the_ledger_as_the_data_has_it(catalog, shipped):
    """The README's ledger is `python3 -m layers ledger` as of the committed data: counts and rows cannot drift."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    day = latest_report(shipped)
    expected = ledger_markdown(frame_as_of(catalog.features, shipped, "plan"),
                               frame_as_of(catalog.features, shipped, "latest"), f"now (latest report {day})")
    assert readme[start:end] == expected
    assert expected.count("\n| `") == PROMISES  # one row per promise

