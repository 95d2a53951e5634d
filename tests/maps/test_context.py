"""The street context as a reader's map draws it: cut to Minhang's surroundings, named in one language."""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from layers.data.reference import load_context
from layers.maps.context import reach, readers_context


def test_lines_areas_and_stations_end_near_minhang_and_places_stay():
    area = reach().buffer(2e-5)  # the cut is snapped to the compact form's 1e-5 degree grid
    for lang in ("en", "zh"):
        layers = readers_context(lang)
        for name in ("water", "roads", "rail", "stations"):
            assert layers[name]["features"], name
            assert all(area.contains(shape(f["geometry"])) for f in layers[name]["features"]), name
        assert len(layers["places"]["features"]) == len(load_context()["places"]["features"])
    # The committed layers reach further: the cut is what hides their rectangle's edge.
    whole = shapely.union_all([shape(f["geometry"]) for f in load_context()["roads"]["features"]])
    assert not area.contains(whole)


def test_each_feature_carries_one_name_in_the_page_language():
    en, zh = readers_context("en"), readers_context("zh")
    towns = {f["properties"]["name"] for f in en["places"]["features"] if f["properties"].get("home")}
    assert {"Xinzhuang Town", "Qibao Town", "Minhang District", "Jiangchuan Road Subdistrict"} <= towns
    assert "莘庄镇" in {f["properties"]["name"] for f in zh["places"]["features"]}
    for layers, chinese in ((en, False), (zh, True)):
        for layer in layers.values():
            for feature in layer["features"]:
                props = feature["properties"]
                assert "name_zh" not in props and "name_en" not in props
                if "name" in props and not chinese:
                    assert not any("\u4e00" <= ch <= "\u9fff" for ch in props["name"]), props["name"]
    neighbours = [f["properties"] for f in en["places"]["features"] if f["properties"]["kind"] == "town"
                  and not f["properties"].get("home")]
    assert neighbours and all(p["name"].endswith("Town") for p in neighbours)  # pinyin where OSM has no English


def test_the_english_page_names_major_waters_in_english_and_no_creek_in_bare_pinyin():
    english = {f["properties"]["name"] for f in readers_context("en")["water"]["features"] if "name" in f["properties"]}
    chinese = {f["properties"]["name"] for f in readers_context("zh")["water"]["features"] if "name" in f["properties"]}
    assert {"Huangpu River", "Dianpu River", "Chunshen Lake"} <= english
    assert all(name.endswith((" River", " Creek", " Lake")) for name in english), sorted(english)
    assert len(english) < len(chinese) / 4 and "俞塘" in chinese  # a Chinese reader keeps every name
