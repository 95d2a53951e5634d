"""Leaflet-side map elements: one folium ``MacroElement`` per module, each one call of our browser code on its map
(``MH.<name>(map, ...)``; most through ``call.MapCall``, the rest where the call names the map's layers or its
view). No element keeps logic in its template (tests/maps/test_browser_modules.py)."""
