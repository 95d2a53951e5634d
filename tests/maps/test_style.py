"""Styling: status is the colour, category the symbol's shape, precision the line's pattern; regions are ink."""

from __future__ import annotations

from layers.data import schema
from layers.maps.style import SHAPES, feature_style, status_colour, symbol_svg
from layers.view.palette import INK, STATUS_COLOURS


def test_each_category_has_its_own_shape_and_no_colour_of_its_own():
    assert set(schema.CATEGORIES) == set(SHAPES)
    assert len({str(shape) for shape in SHAPES.values()}) == len(schema.CATEGORIES)
    assert len({symbol_svg(c) for c in schema.CATEGORIES}) == len(schema.CATEGORIES)
    assert all('fill="currentColor"' in symbol_svg(c) for c in schema.CATEGORIES)  # the status's, set per symbol


def test_a_feature_takes_its_status_colour_whatever_its_category():
    for status, colour in STATUS_COLOURS.items():
        for props in ({"category": "park"}, {"category": "innovation", "kind": "campus"},
                      {"category": "infrastructure", "kind": "rail", "color": "#c23a8c"}):
            style = feature_style({**props, "status": status, "precision": "exact"})
            assert style["color"] == colour and style["fillColor"] == colour
    assert status_colour("nonsense") == STATUS_COLOURS["unknown"]


def test_lines_are_bold_open_ones_bolder_and_areas_light():
    under = feature_style({"category": "infrastructure", "kind": "rail", "status": "under_construction"})
    open_ = feature_style({"category": "infrastructure", "kind": "rail", "status": "operating"})
    assert open_["weight"] > under["weight"] >= 5
    park = feature_style({"category": "park", "status": "planned", "precision": "exact"})
    zone = feature_style({"category": "zone", "status": "planned", "precision": "exact"})
    assert park["fillOpacity"] > zone["fillOpacity"] and zone["fillOpacity"] <= 0.1


def test_regions_are_ink_not_a_colour():
    region = feature_style({"category": "zone", "kind": "region", "region": "north", "status": "planned"})
    assert region["color"] == INK and region["fillOpacity"] == 0


def test_the_line_says_how_close_the_drawing_is():
    styles = {p: feature_style({"category": "zone", "precision": p}) for p in ("exact", "approximate", "schematic")}
    assert "dashArray" not in styles["exact"]
    assert styles["approximate"]["dashArray"] != styles["schematic"]["dashArray"]
    dash, dot = (float(styles[p]["dashArray"].split()[0]) for p in ("approximate", "schematic"))
    assert dash > dot  # dashes, then dots
    # The status colour is never faded for being schematic: colour answers one question only.
    assert styles["schematic"]["opacity"] == styles["exact"]["opacity"]
