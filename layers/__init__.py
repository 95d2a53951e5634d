"""Minhang strategy map: the library behind the page. Plain Python, no Streamlit, so every part is testable.

Four packages, each importing only those above it in this list (``tests/data/test_architecture.py``
holds them to it):

- ``layers.data``: schema, reading and validation, catalog, progress events, reference layers, datums, audit;
- ``layers.view``: the view spec and its URL, filters and selection, words (i18n, details), timeline, phone;
- ``layers.maps``: styles, basemaps, framing, the base map and the live plan layer, publishing, assets, elements;
- ``layers.export``: the export formats, the standalone HTML map, PNG rendering, the worker pool.

On top: ``layers.__main__`` (the command line, ``python3 -m layers``) and ``dashboard.py`` (the page).
"""

from __future__ import annotations

from layers.data.catalog import Catalog, load_catalog
from layers.data.reference import load_reference
from layers.data.validate import Problem

__all__ = ["Catalog", "Problem", "load_catalog", "load_reference"]
