"""Minhang strategy map: geodata loading, validation, filtering, styling, maps, export.

Plain Python (no streamlit import), so every part is unit-testable.
"""

from __future__ import annotations

from layers.catalog import Catalog, load_catalog
from layers.reference import load_reference
from layers.validate import Problem

__all__ = ["Catalog", "Problem", "load_catalog", "load_reference"]
