"""Selecting a feature: one rule for a click on the map, a row of the table and a bar of the timeline; and
what the map reports once it is drawn."""

from __future__ import annotations

from collections.abc import Container, Mapping, MutableMapping, Sequence
from typing import Any

# The field the live map sets in what it returns once its plan is drawn (static/js/minhang-plan.js
# report, through MH.post), and the session key that remembers it.
MAP_DRAWN = "map_drawn"


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


def deselect(state: MutableMapping[str, Any]) -> None:
    """Nothing selected (the details closed, a phone's card closed): and the map's last click forgotten, so a
    click on the same feature selects it again."""
    state["feature"] = None
    state["last_map"] = None


def card_closed(state: MutableMapping[str, Any], result: Mapping[str, Any] | None) -> bool:
    """Whether the map reports a phone's card closed on the selection (``{"closed": id, "at": when}``): it is then
    deselected (and ``feature=`` leaves the address). True when it was: the page reruns."""
    closed, at = (result or {}).get("closed"), (result or {}).get("at")
    if not isinstance(closed, str) or at == state.get("last_closed"):
        return False
    state["last_closed"] = at
    if closed != state.get("feature"):
        return False
    deselect(state)
    return True


def clicked(result: Mapping[str, Any] | None) -> str | None:
    """The id of the feature last clicked on the map, from what streamlit-folium returns."""
    drawing = (result or {}).get("last_active_drawing") or {}
    return drawing.get("id") or (drawing.get("properties") or {}).get("id")


def picked_row(event: Any, ids: Sequence[str]) -> str | None:
    """The id of the table row selected, from what ``st.dataframe`` returns (its rows are ``ids``, in order)."""
    selection = getattr(event, "selection", None)
    rows = getattr(selection, "rows", None) or []
    return str(ids[rows[0]]) if rows and 0 <= rows[0] < len(ids) else None


def map_drawn(state: MutableMapping[str, Any], result: Mapping[str, Any] | None = None) -> bool:
    """Whether this session's map has drawn its plan (it said so once: ``result`` carries :data:`MAP_DRAWN`).

    What sits below the map waits for it on a desktop: the roll-up, the timeline (Vega), the table and
    the export panel cost the browser ~1.3 s of work that would otherwise come before the map's first draw.
    """
    if (result or {}).get(MAP_DRAWN) is True:
        state[MAP_DRAWN] = True
    return state.get(MAP_DRAWN) is True
