"""Showing data text as text: escaping for Streamlit's Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

# Every character Markdown (CommonMark + GFM, as Streamlit renders it) may treat as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:$])")


def md_escape(text: str) -> str:
    """``text`` escaped so that ``st.markdown`` shows it literally: no links, no HTML, no formatting."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # Angle brackets and ampersands as entities: raw HTML never reaches the renderer.
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;")
    # A line break in the data stays a line break, never a new Markdown block.
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


# Han (with CJK punctuation, kana and full-width forms), a run of it holding digits or spaces between: Chinese
# text in an English page. And a run of Latin words: English in a Chinese page.
_CJK = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
        "\uff00-\uffef\U00020000-\U0003134f")
_FOREIGN = {
    "en": re.compile(f"[{_CJK}]+(?:[0-9\\s.·\\-]+[{_CJK}]+)*"),
    "zh": re.compile(r"[A-Za-z][A-Za-z0-9'’.\-]*(?:[\s,.:;()/&'’\"!?\-–—]+[A-Za-z0-9][A-Za-z0-9'’.\-]*)*[.)]?"),
}
_OTHER = {"en": "zh", "zh": "en"}


def marked(text: str, page: str, lang: str | None = None, escape: Callable[[str], str] = md_escape) -> str:
    """``text`` escaped (``escape``: Markdown by default, or ``html.escape``), with what is in another language
    than the ``page``'s in ``<span lang>``, so that a screen reader reads it in its voice and a reader's tools
    know it: all of it where its language is known (``lang``: a quote's), else each run of the other script
    (Chinese names in an English account; English words of two letters or more in a Chinese page)."""
    if lang is not None:
        return escape(text) if lang == page else f'<span lang="{lang}">{escape(text)}</span>'
    pattern = _FOREIGN.get(page)
    if pattern is None:
        return escape(text)
    out, at = [], 0
    for run in pattern.finditer(text):
        if page == "zh" and not re.search("[A-Za-z]{2}", run.group()):
            continue  # a letter alone (a unit, a list mark) is no word of another language
        out += [escape(text[at:run.start()]), f'<span lang="{_OTHER[page]}">{escape(run.group())}</span>']
        at = run.end()
    out.append(escape(text[at:]))
    return "".join(out)


# What stays as it is in a link target: RFC 3986's reserved and unreserved characters and percent-escapes. Every
# other character (space, < > " ' ` { } | \ ^, anything not ASCII) is percent-encoded, so that no link target
# can close the link, its Markdown or an HTML attribute around it.
_HREF_KEEP = "!#$%&()*+,-./:;=?@[]~_"


def safe_href(url: object) -> str | None:
    """``url`` as a link target that is only a link: an absolute http(s) address, every character that could
    close a link or an attribute percent-encoded; None for anything else (no scheme, ``javascript:``, not text).
    The data's addresses are validated at load (``layers.data.events.is_safe_url``); this is the second floor,
    for every place that shows one."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    scheme, _, rest = url.partition(":")
    if scheme.lower() not in ("http", "https") or not rest.startswith("//") or len(rest) <= 2:
        return None
    return quote(url, safe=_HREF_KEEP)


def md_link(label: str, url: object) -> str:
    """A Markdown link showing ``label`` (Markdown, already escaped) to ``url`` (:func:`safe_href`); the label
    alone where ``url`` is no http(s) address."""
    href = safe_href(url)
    return f"[{label}](<{href}>)" if href else label
