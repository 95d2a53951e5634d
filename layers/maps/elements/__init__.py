"""Leaflet-side map elements: one folium ``MacroElement`` per module, each with its class-level template."""
