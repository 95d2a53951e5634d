"""Exports of a view: the formats, the standalone HTML map, the PNG and the worker pool making them.

Imports ``layers.data``, ``layers.view`` and ``layers.maps``; nothing imports it but the page and the CLI.
"""

# The registry (layers.export.formats.FORMATS) fills as the writers are imported, in the order the
# page lists them: the maps first, then the data, then the charts.
# isort: off
from layers.export import html  # noqa: F401  (html, png)
from layers.export import data  # noqa: F401  (geojson, csv, gpkg, events)
from layers.export import charts  # noqa: F401  (timeline_svg, timeline_png, rollup)
# isort: on
