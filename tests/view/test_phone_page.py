"""The phone's page parts that need no browser: telling a phone, the filters button, the card's data."""

from __future__ import annotations

import pytest

from layers.view.phone import device_hint, filters_button_html, is_phone
from support.devices import PHONE

DESKTOP_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    # WeChat on Windows: the desktop client, a desktop page.
    "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 "
    "NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090a13)",
]
PHONE_UAS = [
    PHONE["user_agent"],
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
    "MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0",
]


@pytest.mark.parametrize("ua", PHONE_UAS)
def test_phone_browsers_are_phones(ua):
    assert is_phone(ua)


@pytest.mark.parametrize("ua", [*DESKTOP_UAS, "", None])
def test_desktop_browsers_and_no_header_are_not(ua):
    # The WeChat desktop client says MicroMessenger but not Mobi: WeChat alone does not make a phone.
    assert not is_phone(ua)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_filters_button_says_the_count_in_the_page_language(lang):
    html = filters_button_html(lang, 12, 44)
    assert ("Filters" if lang == "en" else "筛选") in html
    assert "12/44" in html and ("12 of 44 features match" if lang == "en" else "44 个要素中有 12 个符合") in html
    assert 'aria-label="' + ("Filters · 12 of 44" if lang == "en" else "筛选 · 44 个要素中有 12 个") in html
    assert 'class="mh-filters-open"' in html and "stExpandSidebarButton" in html


def test_the_filters_button_takes_only_numbers():
    with pytest.raises((TypeError, ValueError)):
        filters_button_html("en", "<script>", 44)




def test_a_phone_taps_and_a_desktop_clicks():
    assert device_hint("click_hint", "en", phone=True).startswith("Tap a feature")
    assert device_hint("click_hint", "en", phone=False).startswith("Click a feature")
    assert device_hint("click_hint", "zh", phone=True).startswith("点按") and device_hint(
        "click_hint", "zh", phone=False).startswith("点击")
