"""A feature's details, said once: the panel, the tooltip (the phone's card) and the popup render one text."""

from __future__ import annotations

from layers.data.events import load_events
from layers.view.details import details_blocks, events_blocks, feature_details, popup_html, tooltip_html
from tests.conftest import ROOT

EVIL = {"name_en": "<img src=x onerror=alert(1)>", "name_zh": "\"><svg onload=alert(2)>"}


def test_tooltips_escape_data_text(catalog):
    row = {**catalog.features.loc["greater-neo-bay"].to_dict(), **EVIL, "precision": "schematic"}
    html = tooltip_html(feature_details(row, "en"))
    assert "<img" not in html and "<svg" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<i>schematic position</i>" in html


def test_panel_popup_and_tooltip_say_the_same_facts(catalog):
    row = catalog.features.loc["station-hongqiao-railway"]
    names = dict(zip(catalog.features.index, catalog.features["name_zh"], strict=True))
    details = feature_details(row, "zh", names)
    labels = [k for k, _ in details.facts]
    assert labels[:3] == ["类别", "区域", "状态"] and "位置精度" in labels and "线路" in labels
    lines = dict(details.facts)["线路"]
    assert all(names[i] in lines for i in row["lines"].split(","))  # the lines by name, not id
    panel = "\n".join(text for _, text in details_blocks(details))
    popup = popup_html(details)
    for _, value in details.facts:
        assert value in popup and value.replace("-", "\\-") in panel.replace("\\.", ".")
    assert details.quote in popup and details.name in tooltip_html(details)


def test_the_panel_lists_the_events_with_their_sources(catalog):
    events = load_events(ROOT / "geodata", known_ids=catalog.features.index)
    text = "\n".join(t for _, t in events_blocks(events, "s32-puxing-ramp", "en"))
    assert "2025\\-07\\-01" in text and "Completed" in text and "](<http" in text
    none = events_blocks(events, "chunshen-lake-four-islands", "en")
    assert none[-1][0] == "caption" and "No progress report found" in none[-1][1]


def test_who_locates_a_feature_is_said_in_the_readers_words(catalog):
    row = catalog.features.loc["station-qibao"].to_dict()
    located = feature_details({**row, "confirmation": "cross_checked", "families": ("amap", "osm")}, "en").located
    assert located == "Amap + OpenStreetMap (2 independent sources)"
    assert feature_details({**row, "confirmation": "single_source", "families": ("osm",)}, "zh").located == \
        "单一来源：OpenStreetMap"
    placed = {**row, "confirmation": "unsourced", "families": (), "coord_source": "placed by hand; searched: X and Y",
              "coord_source_zh": "手工放置；搜索：X 与 Y"}
    assert feature_details(placed, "en").located == "placed by the map: site not published (searched: X and Y)"
    zh = feature_details(placed, "zh")
    assert zh.located == "由地图放置：位置未公布（已搜索：X 与 Y）" and zh.source == "手工放置；搜索：X 与 Y"
    assert ("定位依据", zh.located) in zh.facts
    region = feature_details(catalog.features.loc["region-north"], "en")
    assert region.located.startswith("drawn by the map")
