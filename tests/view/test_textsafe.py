"""Escaping data text for Streamlit's Markdown."""

from __future__ import annotations

import pytest

from layers.view.textsafe import md_escape


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
