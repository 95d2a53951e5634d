"""Showing data text as text: escaping for Streamlit's Markdown."""

from __future__ import annotations

import re

# Every character Markdown (CommonMark + GFM, as Streamlit renders it) may treat as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:$])")


def md_escape(text: str) -> str:
    """``text`` escaped so that ``st.markdown`` shows it literally: no links, no HTML, no formatting."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # Angle brackets and ampersands as entities: raw HTML never reaches the renderer.
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;")
    # A line break in the data stays a line break, never a new Markdown block.
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")
