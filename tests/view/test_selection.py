"""What the map returns: its first draw, remembered per session."""

from __future__ import annotations

from layers.view.selection import MAP_DRAWN, map_drawn


def test_the_maps_report_is_remembered_until_the_session_ends():
    state: dict = {}
    assert not map_drawn(state)
    assert not map_drawn(state, {"last_active_drawing": None})
    assert not map_drawn(state, {MAP_DRAWN: "yes"})  # only the map's own true counts
    assert map_drawn(state, {"last_active_drawing": None, MAP_DRAWN: True})
    # A click later replaces what the map returns; the session still knows its map is drawn.
    assert map_drawn(state, {"last_active_drawing": {"id": "x"}})
    assert map_drawn(state)
