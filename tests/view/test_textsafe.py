"""Escaping data text for Streamlit's Markdown."""

from __future__ import annotations

from html import escape

import pytest

from layers.view.textsafe import marked, md_escape


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [("[click](javascript:alert(1))", "](javascript:"), ("<img src=x onerror=alert(1)>", "<img"),
     ("**bold** _it_", "**bold**"), ("`code`", "`code`")],
)
def test_markdown_syntax_is_neutralised(text, forbidden):
    assert forbidden not in md_escape(text)


def test_plain_chinese_is_untouched():
    assert md_escape("大零号湾科创大厦") == "大零号湾科创大厦"


def test_line_start_syntax_is_escaped():
    assert md_escape("# heading").startswith("\\#")
    assert md_escape("- item").startswith("\\-")
    assert md_escape("> quote").startswith("\\>")


def test_text_in_the_other_language_is_marked_and_still_escaped():
    # An English page: each Chinese run in a span of its own, the rest as it was, escaped.
    en = marked("Also reported by 新民晚报 (杨洁): 闵府发〔2025〕5号 <b>", "en")
    assert '<span lang="zh">新民晚报</span>' in en and '<span lang="zh">闵府发〔2025〕5号</span>' in en
    assert "<b>" not in en and "&lt;b" in en
    # A Chinese page: English words, not a road's number or a letter alone.
    zh = marked("S32公路 A 段，Sing Tao and HK01 date it", "zh", escape=escape)
    assert zh == 'S32公路 A 段，<span lang="en">Sing Tao and HK01 date it</span>'
    # A quote's language is known: all of it, or none where it is the page's.
    assert marked("上海", "en", "zh") == '<span lang="zh">上海</span>' and marked("上海", "zh", "zh") == "上海"
