"""What the map returns: its first draw, remembered per session."""

from __future__ import annotations

from layers.view.selection import MAP_DRAWN, card_closed, map_drawn, pick


def test_the_maps_report_is_remembered_until_the_session_ends():
    state: dict = {}
    assert not map_drawn(state)
    assert not map_drawn(state, {"last_active_drawing": None})
    assert not map_drawn(state, {MAP_DRAWN: "yes"})  # only the map's own true counts
    assert map_drawn(state, {"last_active_drawing": None, MAP_DRAWN: True})
    # A click later replaces what the map returns; the session still knows its map is drawn.
    assert map_drawn(state, {"last_active_drawing": {"id": "x"}})
    assert map_drawn(state)


def test_a_closed_card_deselects_once_and_the_same_feature_can_be_picked_again():
    state: dict = {}
    assert pick(state, "map", "jiamin-line", {"jiamin-line"})
    assert not card_closed(state, {"closed": "qibao", "at": 1})  # not the selection: nothing to clear
    assert card_closed(state, {"closed": "jiamin-line", "at": 2}) and state["feature"] is None
    assert not card_closed(state, {"closed": "jiamin-line", "at": 2})  # the same report on the next rerun
    assert not card_closed(state, {"closed": "<b>", "at": 3}) and not card_closed(state, {"closed": 5, "at": 4})
    assert pick(state, "map", "jiamin-line", {"jiamin-line"})  # the map's last click was forgotten with it
