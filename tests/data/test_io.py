"""Our GeoJSON writer: stable, one feature per line, and readable back."""

from __future__ import annotations

import json

from layers.data.io import dumps_feature_collection
from tests.conftest import good_feature


def test_layout_is_one_feature_per_line_with_stable_key_order():
    shuffled = good_feature()
    shuffled["properties"] = dict(reversed(list(shuffled["properties"].items())))
    text = dumps_feature_collection([shuffled, good_feature(id="second")])
    lines = text.splitlines()
    assert lines[0] == '{"type": "FeatureCollection", "features": ['
    assert lines[-1] == "]}"
    assert len(lines) == 4
    assert lines[1].startswith('{"type": "Feature", "properties": {"id": "test-point", "name_zh": "测试点"')
    assert json.loads(text)["features"][1]["properties"]["id"] == "second"


def test_writing_is_idempotent():
    text = dumps_feature_collection([good_feature()])
    assert dumps_feature_collection(json.loads(text)["features"]) == text
