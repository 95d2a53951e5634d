"""The Leaflet map: how it looks and how it reaches the browser.

Owns the styles, the basemaps, the one framing decision, the features as sent to the browser
(compact where it pays), the base map and the live plan layer, the files published for the browser,
the vendored assets and the map elements (``elements/``, each with its browser code in ``static/js``).

Imports ``layers.data`` and ``layers.view``.
"""
