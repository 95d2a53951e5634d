"""How each feature looks: colour and symbol by category, rail lines in their colours."""

from __future__ import annotations

from typing import Any

CATEGORY_COLOURS = {
    "infrastructure": "#d9480f",
    "park": "#2b8a3e",
    "innovation": "#6741d9",
    "zone": "#1864ab",
    "public_service": "#c2255c",
}
# One point symbol per category, so the legend works without colour vision too: its outline in an 18 x 18
# box, or None for a circle. The one table of shapes: the SVG symbols (DOM markers, the legend) are drawn
# from it here, and the browser's canvas symbols (thousands of points, static/js/minhang-plan.js) get it
# with the plan data.
SHAPES: dict[str, list[list[float]] | None] = {
    "infrastructure": [[3, 3], [15, 3], [15, 15], [3, 15]],  # square
    "park": [[9, 2], [16.5, 15.5], [1.5, 15.5]],  # triangle
    "innovation": [[9, 1], [17, 9], [9, 17], [1, 9]],  # diamond
    "zone": [[9, 1.5], [15.5, 5.2], [15.5, 12.8], [9, 16.5], [2.5, 12.8], [2.5, 5.2]],  # hexagon
    "public_service": None,  # circle
}
CIRCLE_RADIUS = 6.5
REGION_COLOURS = {"north": "#1971c2", "south": "#e8590c", "central": "#868e96"}
ROAD_COLOUR = "#343a40"
SELECTION_COLOUR = "#fab005"
CHANGED_COLOUR = "#e8590c"  # a project whose status changed since a link's since= day: a dashed ring
# How close the drawing is to the thing (its precision) reads in the line: solid for exact, dashed for
# approximate, dotted for schematic; point symbols take the same pattern in their outline (static/css/map.css).
PRECISION_DASH: dict[str, str | None] = {"exact": None, "approximate": "8 5", "schematic": "1.5 5"}
# Statuses of a project not yet under way; open ones get a green glow on points (static/js, CSS).
NOT_STARTED = ("study", "planned", "construction_start", "cancelled")
OPEN = ("partly_open", "operating", "completed")


def symbol_svg(category: str, size: int = 18) -> str:
    """An inline SVG of the category's point symbol (white outline, category fill)."""
    colour = CATEGORY_COLOURS.get(category, "#495057")
    outline = SHAPES.get(category)
    shape = (f'<circle cx="9" cy="9" r="{CIRCLE_RADIUS}"/>' if outline is None else
             '<polygon points="' + " ".join(f"{x:g},{y:g}" for x, y in outline) + '"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18" '
            f'style="display:block;filter:drop-shadow(0 1px 1px rgba(0,0,0,.45))">'
            f'<g fill="{colour}" stroke="#fff" stroke-width="1.6" stroke-linejoin="round">{shape}</g></svg>')


def feature_style(props: dict[str, Any]) -> dict[str, Any]:
    """Leaflet path options for one feature (also read by point markers for their opacity)."""
    category, kind = props.get("category"), props.get("kind")
    precision = props.get("precision")
    colour = CATEGORY_COLOURS.get(category or "", "#495057")
    style: dict[str, Any] = {"color": colour, "weight": 2, "opacity": 0.9, "fillColor": colour,
                             "fillOpacity": 0.12}
    if kind == "region":
        region_colour = REGION_COLOURS.get(props.get("region") or "", "#868e96")
        style.update(color=region_colour, weight=2.5, fillColor=region_colour, fillOpacity=0.04,
                     dashArray="10 6", opacity=0.8)
        return style
    if kind in ("rail", "metro"):
        style.update(color=props.get("color") or colour, weight=5, opacity=0.9)
    elif kind == "road":
        style.update(color=ROAD_COLOUR, weight=5, opacity=0.85)
    elif category == "park":
        style.update(fillOpacity=0.35, weight=1.5)
    elif kind == "campus":
        style.update(fillOpacity=0.22, weight=1.5)
    if props.get("status") in OPEN and kind in ("rail", "metro", "road"):  # open on the date shown: bolder
        style.update(weight=style["weight"] + 3, opacity=1)
    if props.get("status") in NOT_STARTED:  # not being built yet on the date shown: drawn lighter
        style["opacity"] = round(style["opacity"] * 0.6, 2)
        style["fillOpacity"] = round(style["fillOpacity"] * 0.6, 3)
    dash = PRECISION_DASH.get(precision or "")
    if dash:
        style["dashArray"] = dash
    if precision == "schematic":
        style["opacity"] = round(style["opacity"] * 0.7, 2)
        style["fillOpacity"] = round(style["fillOpacity"] * 0.6, 3)
    return style


def changed_style() -> dict[str, Any]:
    """The dashed ring round a project that changed since the ``since`` day (``layers.view.changes``)."""
    return {"color": CHANGED_COLOUR, "weight": 4, "opacity": 0.95, "dashArray": "6 4", "fill": False}


def selection_style(_props: dict[str, Any] | None = None) -> dict[str, Any]:
    """The halo drawn over the selected feature."""
    return {"color": SELECTION_COLOUR, "weight": 7, "opacity": 0.95, "fillColor": SELECTION_COLOUR,
            "fillOpacity": 0.15}
