"""Text is cleaned once, at load: a control character in a feature's or an event's text is a problem naming
file, feature and field, and readers get the text without it (the feature or event still loads)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from layers.data.catalog import load_catalog
from layers.data.events import load_events
from layers.data.text import clean, cleaned, unreadable
from tests.conftest import ROOT, no_control


@pytest.mark.parametrize(("dirty", "clean_text"), [
    ("a\x01b", "ab"), ("a\x0bb", "a b"), ("a\x0cb", "a b"), ("a\x85b", "a b"), ("a\x7fb", "ab"), ("a\x00b", "ab"),
    ("two\r\nlines", "two\nlines"), ("tab\tand\nnewline stay", "tab\tand\nnewline stay"), ("\ud800x\ufffe", "x"),
    ("前湾公园 é \u202ebidi stays", "前湾公园 é \u202ebidi stays"),
])
def test_clean_takes_out_what_no_reader_can_read(dirty, clean_text):
    assert clean(dirty) == clean_text
    assert bool(unreadable(dirty)) == (dirty != clean_text)


def test_cleaned_says_where_and_leaves_clean_values_as_they_are():
    doc = {"events": [{"a": "ok"}, {"evidence": "x\x01y\x01", "searched": ["q\x0b"]}], "n": 1.5}
    out, found = cleaned(doc)
    assert out["events"][1] == {"evidence": "xy", "searched": ["q "]} and doc["events"][1]["evidence"] == "x\x01y\x01"
    assert found == [(("events", 1, "evidence"), ["U+0001"]), (("events", 1, "searched", 0), ["U+000B"])]
    same, none = cleaned({"x": ["clean"]})
    assert none == [] and same == {"x": ["clean"]}


def test_a_control_character_in_a_feature_is_named_and_the_feature_loads_clean(dirty_folder, catalog):
    loaded = load_catalog(dirty_folder)
    fid = json.loads((dirty_folder / "parks.geojson").read_text(encoding="utf-8"))["features"][0]["properties"]["id"]
    assert len(loaded.features) == len(catalog.features)  # nothing left out
    row = loaded.features.loc[fid]
    assert (row["name_en"], row["name_zh"]) == tuple(catalog.features.loc[fid, ["name_en", "name_zh"]])
    assert row["description_en"] == "Line break text"
    named = {(p.file, p.feature, p.field) for p in loaded.problems}
    assert named == {("geodata/parks.geojson", f"'{fid}'", f) for f in ("name_en", "name_zh", "description_en")}
    assert all("U+0001" in str(p) or "U+000B" in str(p) for p in loaded.problems)


def test_a_control_character_in_an_event_is_named_and_the_event_loads_clean(dirty_folder, catalog):
    shipped = load_events(known_ids=catalog.features.index)
    loaded = load_events(dirty_folder, known_ids=catalog.features.index)
    assert len(loaded.table) == len(shipped.table) and set(loaded.searches) == set(shipped.searches)
    assert all(no_control(str(v)) for v in loaded.table.to_numpy().ravel())
    assert all(no_control(q) for terms, _ in loaded.searches.values() for q in terms)
    fid = json.loads((dirty_folder / "events.json").read_text(encoding="utf-8"))["events"][0]["feature_id"]
    assert "Opened to the public ." in set(loaded.of(fid)["evidence"])
    named = {(p.feature, p.field) for p in loaded.problems}
    assert {(f"'{fid}'", "evidence"), (f"'{fid}'", "source_title")} <= named
    assert any(p.field == "searched" and "searches[0]" in str(p) for p in loaded.problems)
    assert all(str(p).startswith("geodata/events.json") for p in loaded.problems)


def test_validate_names_each_one_and_fails(dirty_folder):
    done = subprocess.run([sys.executable, "-m", "layers", "validate", str(dirty_folder)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "field 'name_en'" in out and "U+0001" in out and "field 'evidence'" in out and no_control(out)
