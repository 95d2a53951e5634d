"""Styling: distinct colour and symbol per category, rail colours, schematic look, escaped tooltips."""

from __future__ import annotations

from layers.data import schema
from layers.maps.style import CATEGORY_COLOURS, SHAPES, feature_style, symbol_svg


def test_each_category_has_its_own_colour_and_symbol():
    assert set(CATEGORY_COLOURS) == set(schema.CATEGORIES) == set(SHAPES)
    assert len(set(CATEGORY_COLOURS.values())) == len(schema.CATEGORIES)
    assert len({str(shape) for shape in SHAPES.values()}) == len(schema.CATEGORIES)
    assert len({symbol_svg(c) for c in schema.CATEGORIES}) == len(schema.CATEGORIES)


def test_rail_lines_take_their_own_colour():
    style = feature_style({"category": "infrastructure", "kind": "rail", "color": "#c23a8c", "precision": "exact"})
    assert style["color"] == "#c23a8c" and style["weight"] >= 4


def test_parks_are_green_fills_and_areas_are_light():
    park = feature_style({"category": "park", "precision": "exact"})
    zone = feature_style({"category": "zone", "precision": "exact"})
    assert park["fillColor"] == CATEGORY_COLOURS["park"] and park["fillOpacity"] > zone["fillOpacity"]
    assert zone["fillOpacity"] <= 0.15


def test_schematic_features_are_dashed_and_fainter():
    exact = feature_style({"category": "zone", "precision": "exact"})
    schematic = feature_style({"category": "zone", "precision": "schematic"})
    assert "dashArray" not in exact and schematic["dashArray"]
    assert schematic["opacity"] < exact["opacity"]


def test_the_line_says_how_close_the_drawing_is():
    styles = {p: feature_style({"category": "zone", "precision": p}) for p in ("exact", "approximate", "schematic")}
    assert "dashArray" not in styles["exact"]
    assert styles["approximate"]["dashArray"] != styles["schematic"]["dashArray"]
    dash, dot = (float(styles[p]["dashArray"].split()[0]) for p in ("approximate", "schematic"))
    assert dash > dot  # dashes, then dots
