"""A curator's edit: the folder's version changes with it, and a broken edit keeps the last good version showing."""

from __future__ import annotations

import os

from layers.data.catalog import folder_version, load_catalog
from layers.data.events import load_events
from tests.conftest import collection, good_feature, write_file

EVENT = {"id": "test-point/2024-02", "kind": "report",
         "feature_id": "test-point", "date": "2024-02", "date_precision": "month", "status": "under_construction",
         "evidence": "Works began.", "source_title": "A report", "publisher": "A publisher",
         "url": "https://example.org/a", "accessed": "2026-11-27", "quote": "Works began in February.",
         "quote_lang": "en", "quote_zh": "二月开工。"}


def test_an_edit_changes_the_folders_version(tmp_path):
    layer = write_file(tmp_path / "a.geojson", collection(good_feature()))
    before = folder_version(tmp_path)
    assert [name for name, *_ in before] == ["a.geojson"]
    write_file(layer, collection(good_feature(name_en="Renamed")))
    os.utime(layer, ns=(1, 1))  # even an edit that keeps the size and lands on the same second
    assert folder_version(tmp_path) != before
    write_file(tmp_path / "events.json", {"events": []})
    assert [name for name, *_ in folder_version(tmp_path)] == ["a.geojson", "events.json"]
    assert folder_version(tmp_path / "missing") == ()


def test_a_broken_edit_shows_its_problems_and_keeps_the_last_good_version(tmp_path):
    write_file(tmp_path / "a.geojson", collection(good_feature(name_en="First")))
    write_file(tmp_path / "b.geojson", collection(good_feature(id="other")))
    first = load_catalog(tmp_path)
    assert not first.problems and {name.rsplit("/", 1)[-1] for name in first.good} == {"a.geojson", "b.geojson"}
    write_file(tmp_path / "a.geojson", "{oops")
    broken = load_catalog(tmp_path, last_good=first.good)
    assert broken.features.loc["test-point", "name_en"] == "First" and "other" in broken.features.index
    messages = [str(p) for p in broken.problems]
    assert any("a.geojson" in m and "invalid JSON" in m for m in messages)
    assert any("a.geojson" in m and "last good version" in m for m in messages)
    # A feature broken in an otherwise readable file: the same.
    write_file(tmp_path / "a.geojson", collection(good_feature(name_en="First", region="mars")))
    again = load_catalog(tmp_path, last_good=broken.good)
    assert again.features.loc["test-point", "region"] == "south"
    assert any(p.field == "region" for p in again.problems)
    # Fixed: the new version shows, and becomes the last good one.
    write_file(tmp_path / "a.geojson", collection(good_feature(name_en="Second")))
    fixed = load_catalog(tmp_path, last_good=again.good)
    assert not fixed.problems and fixed.features.loc["test-point", "name_en"] == "Second"
    # Without a last good version (the first load), a broken file just shows nothing of itself.
    write_file(tmp_path / "a.geojson", "{oops")
    assert "test-point" not in load_catalog(tmp_path).features.index


def test_a_broken_events_edit_keeps_the_last_good_events(tmp_path):
    write_file(tmp_path / "events.json", {"events": [EVENT]})
    good = load_events(tmp_path, known_ids={"test-point"})
    assert not good.problems and len(good.table) == 1
    write_file(tmp_path / "events.json", {"events": [{**EVENT, "status": "finished"}]})
    kept = load_events(tmp_path, known_ids={"test-point"}, last_good=good)
    assert len(kept.table) == 1 and kept.table["status"].iloc[0] == "under_construction"
    assert [p.field for p in kept.problems] == ["status", None]
    assert "last good version" in str(kept.problems[-1])
