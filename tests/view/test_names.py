"""Place names for an English reader: OpenStreetMap's English, else pinyin with its ending in English."""

from __future__ import annotations

import pytest

from layers.view.names import english_name, pinyin


@pytest.mark.parametrize(("zh", "en"), [
    ("七宝镇", "Qibao Town"), ("莘庄镇", "Xinzhuang Town"), ("七莘路", "Qixin Road"), ("闵行区", "Minhang District"),
    ("古美街道", "Gumei Subdistrict"), ("浦东新区", "Pudong New Area"), ("京沪高速", "Jinghu Expressway"),
    ("延安高架路", "Yan'an Elevated Road"), ("三鲁公路", "Sanlu Highway"), ("淀浦河", "Dianpu River"),
    ("杨树浦港", "Yangshupu Creek"), ("俞塘", "Yutang"), ("上海地铁1号线", "Shanghaiditie Line 1"),
])
def test_a_chinese_name_reads_in_pinyin_with_its_ending_in_english(zh, en):
    assert english_name(zh) == en


def test_openstreetmaps_english_wins_and_no_name_stays_none():
    assert english_name("虹桥镇", "Hongqiao Town") == "Hongqiao Town"
    assert english_name(None) is None and english_name("", None) is None
    assert english_name("镇") == "Zhen"  # an ending alone is a name, not an ending


def test_one_script_per_label():
    for name in ("一大会址·新天地", "上海地铁1号线", "七宝北线"):
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in english_name(name))
    assert pinyin("A区") == "AQu"
