"""A feature's details, said once: the panel, the tooltip (the phone's card) and the popup render one text."""

from __future__ import annotations

from layers.data.events import frame_as_of, load_events
from layers.view.details import (
    details_blocks,
    events_blocks,
    feature_details,
    line_stations_blocks,
    popup_html,
    tooltip_html,
)
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
    assert labels[:3] == ["类别", "区域", "状态"] and "位置" in labels and "线路" in labels
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


def test_where_a_feature_is_drawn_is_said_in_the_readers_words(catalog):
    row = catalog.features.loc["station-qibao"].to_dict()
    checked = feature_details({**row, "confirmation": "cross_checked", "families": ("amap", "baidu", "osm")}, "en")
    assert checked.located.endswith("Amap, Baidu and OpenStreetMap agree with it.")
    single = feature_details({**row, "confirmation": "single_source", "families": ("osm",)}, "zh")
    assert single.located.endswith("仅一个来源定位：OpenStreetMap。")
    placed = {**row, "precision": "schematic", "confirmation": "unsourced", "families": (),
              "coord_source": "by hand; searched: find_string X, pages search Y; Overpass; DAWN-ECNU/Example_data"}
    for lang in ("en", "zh"):
        details = feature_details(placed, lang)
        said = " ".join([details.located, *(v for _, v in details.facts), tooltip_html(details), popup_html(details),
                         *(text for _, text in details_blocks(details))])
        for research in ("find_string", "pages search", "searched", "搜索", "Overpass", "DAWN", "Example_data"):
            assert research not in said, (lang, research)
    assert feature_details(placed, "en").located.startswith("Placed by the map where the plan puts it")
    region = feature_details(catalog.features.loc["region-north"], "en")
    assert region.located == "The plan's own division of the district, drawn by the map."


def test_a_published_address_is_where_it_is_placed_and_nothing_contradicts_it(catalog):
    row = catalog.features.loc["neobay-sci-tech-building"].to_dict()
    en, zh = feature_details(row, "en"), feature_details(row, "zh")
    assert en.located.startswith("Placed at the published address, No. 940 Jianchuan Road, Minhang District;")
    assert "not published" not in en.located.split(";")[0]  # the site is published: only the outline is not
    assert dict(en.facts)["Address"] == "No. 940 Jianchuan Road, Minhang District"
    assert zh.located.startswith("按公布的地址（闵行区剑川路940号）放置")


def test_the_english_page_gives_the_plans_sentence_in_english_too(catalog):
    row = catalog.features.loc["jiamin-line"]
    en, zh = feature_details(row, "en"), feature_details(row, "zh")
    assert en.quote == zh.quote == row["source_quote"] and en.quote_en == row["source_quote_en"]
    assert zh.quote_en is None  # the Chinese page reads the plan itself
    popup = popup_html(en)
    assert "<q lang='zh'>" in popup and "<q lang='en'>" in popup and "Our English translation" in popup
    blocks = details_blocks(en)
    assert ("caption", "Our English translation") in blocks and blocks.index(("caption", "Our English translation")) > \
        [kind for kind, _ in blocks].index("quote")  # under the Chinese


def test_the_plans_slip_is_kept_and_marked_sic(catalog):
    """The plan's OCR wrote ATPI000 for ATP1000: the quote stays verbatim (it is checked against the plan), and a
    reader is told, in the page's language."""
    row = catalog.features.loc["qizhong-tennis-center"]
    assert "ATPI000" in row["source_quote"]
    assert "ATPI000 [sic: ATP1000]" in feature_details(row, "en").quote
    assert "ATPI000〔原文如此，应为ATP1000〕" in feature_details(row, "zh").quote
    assert feature_details(catalog.features.loc["jiamin-line"], "en").quote == \
        catalog.features.loc["jiamin-line", "source_quote"]  # a sentence without a slip is untouched


def test_a_station_names_its_line_and_a_line_lists_its_stations(catalog):
    """A station's tooltip (and the phone's card, which shows it) names its line; a line's details list its stations,
    how many are open, and those whose status is not the line's apart (a hub open before 2023)."""
    frame = frame_as_of(catalog.features, load_events(known_ids=catalog.features.index), "latest")
    names = dict(zip(frame.index, frame["name_en"], strict=True))
    assert "Jiamin Line" in tooltip_html(feature_details(frame.loc["station-qibao"], "en", names))
    assert "嘉闵线" in tooltip_html(feature_details(frame.loc["station-qibao"], "zh",
                                                 dict(zip(frame.index, frame["name_zh"], strict=True))))
    text = "\n".join(b for _, b in line_stations_blocks(frame, "jiamin-line", "en"))
    own = frame[frame["lines"].fillna("").str.contains("jiamin-line") & (frame["plan_part"] == "adds")]
    opened = own["status"].isin(["partly_open", "operating", "completed"]).sum()
    assert f"Its {len(own)} stations in the plan\\: {opened} open" in text
    assert "Hongqiao Railway Station · open before 2023" in text
    assert line_stations_blocks(frame, "qianwan-park", "en") == []
