"""Selecting a feature: one rule for a click on the map, a row of the table and a bar of the timeline."""

from __future__ import annotations

from collections.abc import Container, Mapping, MutableMapping
from typing import Any


def pick(state: MutableMapping[str, Any], source: str, fid: str | None, known_ids: Container[str]) -> bool:
    """Select ``fid``, picked on ``source`` (``map``, ``table``, ``timeline``), if it is that source's new pick.

    Each source keeps reporting its last pick on every rerun (the map its last click, the table its
    selected row), so only a pick that differs from the source's previous one selects; it then replaces
    whatever was selected. True when it did: the page reruns to show it.
    """
    if not fid or fid == state.get(f"last_{source}"):
        return False
    state[f"last_{source}"] = fid
    if fid not in known_ids or fid == state.get("feature"):
        return False
    state["feature"] = fid
    return True


def clicked(result: Mapping[str, Any] | None) -> str | None:
    """The id of the feature last clicked on the map, from what streamlit-folium returns."""
    drawing = (result or {}).get("last_active_drawing") or {}
    return drawing.get("id") or (drawing.get("properties") or {}).get("id")
