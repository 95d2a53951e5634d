"""The features as the browser receives them: every one once, small, escaped, in the map's datum."""

from __future__ import annotations

import json
import random

import geopandas as gpd
import pytest

from layers.maps.style import SHAPES
from layers.maps.wire import CANVAS_ABOVE, display_geojson, plan_layer_data, to_map_datum, visible_bits
from layers.view.details import plan_sentence
from support.mapargs import shown_ids


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 47, 10_001])
def test_visible_bits_round_trip(n):
    ids = [f"f-{i}" for i in range(n)]
    shown = set(random.Random(n).sample(ids, n // 3))
    bits = visible_bits(ids, shown)
    assert shown_ids(ids, bits) == [i for i in ids if i in shown]
    assert len(bits) <= 4 * ((n + 7) // 8 + 2) // 3 + 4  # base64 of one bit per feature


def test_plan_data_holds_every_feature_once_in_frame_order(catalog):
    data = plan_layer_data(catalog.features, "en", "offline")
    assert [f["id"] for f in data["features"]] == list(catalog.features.index)
    assert all(0 <= f["properties"]["s"] < len(data["styles"]) for f in data["features"])
    assert len(data["styles"]) < len(data["features"])  # deduplicated
    assert data["canvas"] is False and CANVAS_ABOVE >= 1000
    tips = [f["properties"]["tip"] for f in data["features"]]
    assert all(tip.startswith("<b>") for tip in tips)


def test_plan_data_escapes_text_and_follows_the_datum(catalog):
    frame = catalog.features.copy()
    first = frame.index[0]
    frame.loc[first, "name_en"] = '<img src=x onerror="alert(1)">'
    data = plan_layer_data(frame, "en", "offline")
    feature = data["features"][0]
    assert "<img" not in feature["properties"]["tip"] and "&lt;img" in feature["properties"]["tip"]
    assert feature["properties"]["label"] == '<img src=x onerror="alert(1)">'  # set as text in the browser
    shifted = plan_layer_data(frame, "en", "gaode")
    assert json.dumps(shifted["features"][0]["geometry"]) != json.dumps(feature["geometry"])


def test_gaode_shifts_our_layers_but_not_the_tiles(catalog):
    plain = to_map_datum(catalog.features.loc[["qizhong-tennis-center"]], "osm").geometry.iloc[0]
    shifted = to_map_datum(catalog.features.loc[["qizhong-tennis-center"]], "gaode").geometry.iloc[0]
    metres = gpd.GeoSeries([plain, shifted], crs="EPSG:4326").to_crs("EPSG:32651")
    assert 400 < metres.iloc[0].distance(metres.iloc[1]) < 700


def test_payload_is_small_and_escaped(catalog):
    evil = catalog.features.loc[["jaka-robotics"]].copy()
    evil["name_en"] = "</script><img src=x onerror=alert(1)>"
    feature = display_geojson(evil, "en")["features"][0]["properties"]
    # Text that becomes HTML (the tooltip) is escaped; the label is set as text in the browser, never
    # as HTML, so it travels as typed (tests/browser/test_injection.py shows it literally in Chromium).
    assert "<img" not in feature["tip"] and "&lt;img" in feature["tip"]
    assert feature["label"] == evil["name_en"].iloc[0]
    assert "<img" not in json.dumps({k: v for k, v in feature.items() if k != "label"})
    full = json.dumps(display_geojson(catalog.features, "en"))
    assert len(full.encode()) < 150_000
    assert "source_quote" not in full  # details stay on the server until asked for


def test_exported_features_carry_their_popup_and_number(catalog):
    frame = catalog.features.loc[["jaka-robotics", "qianwan-park"]]
    data = plan_layer_data(frame, "zh", "offline", popups=True, numbers={"qianwan-park": 7})
    jaka, park = (f["properties"] for f in data["features"])
    assert "n" not in jaka and park["n"] == 7
    assert park["popup"].startswith("<div class='mh-popup'>") and "前湾公园" in park["popup"]
    assert "popup" not in plan_layer_data(frame, "zh", "offline")["features"][0]["properties"]


def test_canvas_symbols_get_the_one_table_of_shapes(catalog):
    data = plan_layer_data(catalog.features, "en", "offline")
    assert data["shapes"] == SHAPES and data["circle"] > 0
    assert set(data["symbols"]) == set(SHAPES)


def test_the_plan_data_carries_each_sentence_as_text(catalog):
    data = plan_layer_data(catalog.features, "zh", "offline")
    quotes = dict(zip(catalog.features.index, catalog.features["source_quote"], strict=True))
    assert all(f["properties"]["q"] == plan_sentence(quotes[f["id"]], "zh") for f in data["features"])
    assert sum(f["properties"]["q"] != quotes[f["id"]] for f in data["features"]) == 1  # its one slip, marked
