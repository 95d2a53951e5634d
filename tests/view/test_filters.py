"""The filter spec: applying it, and its round trip through the URL."""

from __future__ import annotations

import re

import pytest

from layers.data import schema
from layers.view.filters import apply_filters, plan_features, plan_order, region_outlines
from layers.view.i18n import _TEXT, page_title
from layers.view.spec import FilterSpec
from layers.view.words import notices_html


def test_default_view_has_a_bare_url():
    assert FilterSpec().to_query_params() == {}


def test_a_view_survives_the_url_round_trip(catalog):
    spec = FilterSpec(regions=frozenset({"north"}), categories=frozenset({"park", "zone"}),
                                     statuses=frozenset({"operating", "study"}), q="前湾 park", basemap="gaode",
                                     lang="zh", feature="qianwan-park")
    params = spec.to_query_params()
    assert params == {"regions": "north", "categories": "park,zone", "status": "study,operating",
                      "q": "前湾 park", "basemap": "gaode", "lang": "zh", "feature": "qianwan-park"}
    back = FilterSpec.from_query_params(params, known_ids=catalog.features.index)
    assert back == spec and back.notices == ()


def test_since_and_compare_survive_the_url_round_trip():
    spec = FilterSpec(asof="2025-06-30", since="2024-01-01", compare="plan")
    assert spec.to_query_params() == {"asof": "2025-06-30", "since": "2024-01-01", "compare": "plan"}
    assert FilterSpec.from_query_params(spec.to_query_params()) == spec


def test_an_empty_list_means_none_selected():
    spec = FilterSpec.from_query_params({"regions": ""})
    assert spec.regions == frozenset() and spec.notices == ()
    assert FilterSpec.from_query_params(spec.to_query_params()).regions == frozenset()


@pytest.mark.parametrize(
    ("params", "field", "expected", "notice"),
    [
        ({"regions": "north,mars"}, "regions", frozenset({"north"}), "unknown regions value(s) 'mars'"),
        ({"regions": "mars"}, "regions", frozenset(schema.REGIONS), "unknown regions"),
        ({"categories": "PARK"}, "categories", frozenset({"park"}), None),
        ({"status": "done"}, "statuses", frozenset(schema.VIEW_STATUSES), "unknown status"),
        ({"basemap": "google"}, "basemap", "offline", "unknown basemap 'google'"),
        ({"lang": "fr"}, "lang", "en", "unknown lang 'fr'"),
        ({"feature": "no-such-thing"}, "feature", None, "unknown feature 'no-such-thing'"),
        ({"feature": "<script>"}, "feature", None, "unknown feature '<script>'"),
        ({"scale": "12"}, "q", "", "unknown parameter 'scale'"),
        ({"zoom": "12"}, "zoom", None, "view ignored"),
        ({"q": ["first", "second"]}, "q", "second", "given 2 times"),
        ({"q": "x" * 100_000}, "q", "", "too long"),
        ({"q": "a\u200bb\u202e"}, "q", "ab", None),
        ({"since": "2024-01-01"}, "since", "2024-01-01", None),
        ({"since": "2022-12-31"}, "since", None, "since '2022-12-31' ignored"),  # before the plan
        ({"since": "2999-01-01"}, "since", None, "since '2999-01-01' ignored"),  # in the future
        ({"since": "2024-13-01"}, "since", None, "since '2024-13-01' ignored"),  # no such date
        ({"since": "latest"}, "since", None, "since 'latest' ignored"),
        ({"since": "2024-06-01", "asof": "2024-06-01"}, "since", None, "must come before the date shown"),
        ({"since": "2024-06-01", "asof": "plan"}, "since", None, "must come before the date shown"),
        ({"compare": "plan"}, "compare", "plan", None),
        ({"compare": "2022-06-01"}, "compare", None, "compare '2022-06-01' ignored"),
        ({"compare": "2999-06-01"}, "compare", None, "compare '2999-06-01' ignored"),
        ({"compare": "24-6-1"}, "compare", None, "compare '24-6-1' ignored"),
        ({"compare": "plan", "asof": "plan"}, "compare", None, "it is the date shown already"),
    ],
    ids=["partly-unknown", "all-unknown", "case", "status", "basemap", "lang", "feature", "feature-html",
         "unknown-key", "zoom-alone", "repeated", "huge", "invisible-chars", "since", "since-before-plan",
         "since-future", "since-malformed", "since-word", "since-equals-asof", "since-with-plan", "compare",
         "compare-before-plan", "compare-future", "compare-malformed", "compare-equals-asof"],
)
def test_bad_url_values_fall_back_with_a_notice(catalog, params, field, expected, notice):
    spec = FilterSpec.from_query_params(params, known_ids=catalog.features.index)
    assert getattr(spec, field) == expected
    if notice:
        assert any(notice in str(n) for n in spec.notices), spec.notices  # the command line's words
    else:
        assert spec.notices == ()


def test_region_toggle_removes_features_and_outline_together(catalog):
    frame = catalog.features
    north_off = FilterSpec(regions=frozenset({"south", "central"}))
    shown = apply_filters(frame, north_off)
    assert "north" not in set(shown["region"])
    assert "region-north" not in region_outlines(frame, north_off).index
    assert set(region_outlines(frame, FilterSpec()).index) == {"region-north", "region-south", "region-central"}


def test_filters_combine(catalog):
    frame = catalog.features
    spec = FilterSpec(regions=frozenset({"south"}), categories=frozenset({"innovation"}),
                      statuses=frozenset({"operating"}))
    shown = apply_filters(frame, spec)
    assert len(shown) > 0
    assert set(shown["region"]) == {"south"}
    assert set(shown["category"]) == {"innovation"}
    assert set(shown["status"]) == {"operating"}
    expected = plan_features(frame).query("region == 'south' and category == 'innovation' and status == 'operating'")
    assert list(shown.index) == list(expected.index)


@pytest.mark.parametrize(
    ("q", "must_include"),
    [("零号湾", "neobay-sci-tech-building"), ("neo BAY", "greater-neo-bay"), ("ＴＯＤ", "tod-shendu-highway"),
     ("剑川路940号", "neobay-sci-tech-building"), ("jaka", "jaka-robotics")],
    ids=["chinese", "case-insensitive", "full-width", "address", "english"],
)
def test_search_covers_names_and_addresses(catalog, q, must_include):
    shown = apply_filters(catalog.features, FilterSpec(q=q))
    assert must_include in shown.index
    assert len(shown) < len(plan_features(catalog.features))


def test_region_outlines_are_not_counted_as_matches(catalog):
    shown = apply_filters(catalog.features, FilterSpec())
    assert (shown["kind"] != "region").all()
    assert len(shown) == len(catalog.features) - 3


def test_a_notice_is_worded_in_the_page_language_and_shows_what_was_typed():
    spec = FilterSpec.from_query_params({"regions": "mars,<b>x</b>"})
    (notice,) = spec.notices
    assert notice.key == "unknown_values"
    assert str(notice) == "unknown regions value(s) 'mars', '<b>x</b>' ignored (expected: north, south, central)"
    assert notice.text("zh") == "参数 regions 中无法识别的值 'mars', '<b>x</b>' 已忽略（可用：north, south, central）"
    html = notices_html(spec.notices, "zh")
    assert html.startswith('<div class="mh-notices" role="status"><p>链接中的部分参数已忽略：</p>')
    assert "<b>x" not in html and "&#x27;&lt;b&gt;x&lt;/b&gt;&#x27;" in html  # as typed, escaped
    # What the link holds is code of no language: the parameter, the values typed, the values allowed.
    assert html.count('<code lang="zxx">') == 3 and "\n" not in html


def test_every_notice_is_worded_in_both_languages_around_what_the_link_holds():
    for key, entry in _TEXT.items():
        if key.startswith("notice_"):
            # The Chinese wording has no Latin word of its own: those are the link's, filled in as values.
            assert not re.search("[A-Za-z]", re.sub(r"\{\w+\}", "", entry["zh"])), key
            assert set(re.findall(r"\{\w+\}", entry["zh"])) == set(re.findall(r"\{\w+\}", entry["en"])), key


def test_the_page_title_is_in_the_page_language_before_the_widgets_are_drawn():
    assert page_title({}, {"lang": "zh"}) == "闵行战略地图"  # a session's first run: the link's
    assert page_title({"lang": "en"}, {"lang": "zh"}) == "Minhang strategy map"  # the switch, just turned
    assert page_title({}, {"lang": "<b>"}) == page_title({}, {}) == "Minhang strategy map"


def test_search_finds_a_lines_stations_by_its_name_and_reads_words(catalog):
    """"Jiamin" and "嘉闵" find the line and the stations it serves (by the line's names), not every feature whose plan
    sentence names it; "metro" finds the rail lines; a Latin word matches at a word's start ("line" is not in
    "timeline"); several words must all match."""
    jiamin = {"jiamin-line", *catalog.features.index[catalog.features["lines"].fillna("").str.contains("jiamin-line")]}
    for q in ("Jiamin", "嘉闵", "jiamin line"):
        assert set(apply_filters(catalog.features, FilterSpec(q=q)).index) == jiamin, q
    stations = set(apply_filters(catalog.features, FilterSpec(q="Jiamin station")).index)
    assert stations == jiamin - {"jiamin-line"}
    rail = set(catalog.features.index[catalog.features["kind"].isin(["rail", "metro"])])
    assert rail <= set(apply_filters(catalog.features, FilterSpec(q="metro")).index)
    assert apply_filters(catalog.features, FilterSpec(q="imeline")).empty  # no word starts so


def test_the_table_lists_the_plan_in_its_own_order(catalog):
    frame = catalog.features[catalog.features["kind"] != "region"]
    ids = plan_order(frame)
    assert sorted(ids) == sorted(frame.index) and ids[0] == "airport-link-line"  # rail lines first, as the plan
    groups = [frame.loc[i, "plan_group"] for i in ids if frame.loc[i, "plan_part"] != "existing"]
    assert groups == sorted(groups, key=list(dict.fromkeys(g for g in groups)).index)  # each group together
    parts = [frame.loc[i, "plan_part"] for i in ids]
    assert parts == sorted(parts, key=lambda p: p == "existing")  # what was already open, last
