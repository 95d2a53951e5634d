"""Leaflet-side map elements: one folium ``MacroElement`` per module; most are one call of our browser code on
their map (``call.MapCall``), the rest carry their own template."""
