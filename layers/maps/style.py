"""How each feature looks: colour by status, shape by category, line pattern by precision.

One encoding per question (``../shared/CARTOGRAPHY.md``): colour answers "how far along is it?" (the status
palette of ``layers.view.palette``, the timeline's and the roll-up's too), a point symbol's shape "what kind
of thing is it?", and a line's or outline's pattern "how sure is the position?". Nothing else on the map
spends colour: the street context is a grey ramp (``static/js/minhang-context.js``), the regions' outlines
are ink.
"""

from __future__ import annotations

from typing import Any

from layers.view.palette import INK, STAGE_OF, STATUS_COLOURS

# One point symbol per category, so the kind of thing reads without colour: its outline in an 18 x 18 box,
# or None for a circle. The one table of shapes: the SVG symbols (DOM markers, the legend) are drawn from it
# here, and the browser's canvas symbols (thousands of points, static/js/minhang-plan.js) get it with the
# plan data.
SHAPES: dict[str, list[list[float]] | None] = {
    "infrastructure": [[3, 3], [15, 3], [15, 15], [3, 15]],  # square
    "park": [[9, 2], [16.5, 15.5], [1.5, 15.5]],  # triangle
    "innovation": [[9, 1], [17, 9], [9, 17], [1, 9]],  # diamond
    "zone": [[9, 1.5], [15.5, 5.2], [15.5, 12.8], [9, 16.5], [2.5, 12.8], [2.5, 5.2]],  # hexagon
    "public_service": None,  # circle
}
CIRCLE_RADIUS = 6.5
UNKNOWN_COLOUR = STATUS_COLOURS["unknown"]
SELECTION_COLOUR = "#fab005"
# The ring round a project the view marks: dashed for a change (since=, compare=), solid for a search match.
RING_COLOUR = "#212529"
# How close the drawing is to the thing (its precision) reads in the line: solid for exact, dashed for
# approximate, dotted for schematic; point symbols take the same pattern in their outline (static/css/map.css).
PRECISION_DASH: dict[str, str | None] = {"exact": None, "approximate": "8 5", "schematic": "1.5 5"}
LINE_KINDS = ("rail", "metro", "road")
# A project whose promise has no public news since the plan keeps its 2023 status's colour, faded this much: the
# plan said so in 2023, and nothing has been reported since (static/css/map.css .mh-nonews for the symbols).
NO_NEWS_OPACITY = 0.45


def status_colour(status: str | None) -> str:
    """The palette's colour of a status (``unknown``'s for anything else)."""
    return STATUS_COLOURS.get(status or "", UNKNOWN_COLOUR)


# The ring round a station of a view near stations (near=), by the station's status on the date shown: its
# status's colour, dashed and faint (static/js/minhang-plan.js catchments), so it reads as a distance, not a place.
STATION_COLOURS = {"open": status_colour("operating"), "building": status_colour("under_construction"),
                   "planned": status_colour("planned")}
CATCHMENT_DASH = "6 5"


def symbol_svg(category: str, size: int = 18, colour: str = "currentColor", *, hollow: bool = False) -> str:
    """An inline SVG of the category's point symbol: white outline, filled with ``colour`` (by default the
    element's CSS colour, which the browser sets to the feature's status colour); ``hollow`` (not started): white,
    outlined in ``colour``, as the canvas symbols draw it."""
    outline = SHAPES.get(category)
    shape = (f'<circle cx="9" cy="9" r="{CIRCLE_RADIUS}"/>' if outline is None else
             '<polygon points="' + " ".join(f"{x:g},{y:g}" for x, y in outline) + '"/>')
    fill, stroke, width = ("#fff", colour, 2.4) if hollow else (colour, "#fff", 1.6)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18" '
            f'style="display:block;filter:drop-shadow(0 1px 1px rgba(0,0,0,.45))">'
            f'<g fill="{fill}" stroke="{stroke}" stroke-width="{width}" stroke-linejoin="round">{shape}</g></svg>')


def feature_style(props: dict[str, Any]) -> dict[str, Any]:
    """Leaflet path options for one feature: its status's colour, its kind's weight, its precision's pattern."""
    kind, precision = props.get("kind"), props.get("precision")
    if kind == "region":  # the map's own division: ink, never a colour of its own
        return {"color": INK, "weight": 1.5, "opacity": 0.7, "fill": True, "fillColor": INK, "fillOpacity": 0.0,
                "dashArray": "2 6"}
    colour = status_colour(props.get("status"))
    stage = STAGE_OF.get(props.get("status") or "")
    # Areas are light: the plan's wide zones must not bury the points and lines inside them.
    style: dict[str, Any] = {"color": colour, "weight": 2, "opacity": 0.95, "fillColor": colour, "fillOpacity": 0.08}
    if kind in LINE_KINDS:
        # Open lines bolder and cased (a dark edge, static/css/map.css .mh-line-open): the colour says it, the
        # casing says it where colour is not seen.
        style.update(weight=6 if stage == "open" else 5, opacity=1, lineCap="round", lineJoin="round")
        if stage == "open":
            style["className"] = "mh-line-open"
    elif props.get("category") == "park":
        style.update(fillOpacity=0.28, weight=1.8)
    elif kind == "campus":
        style.update(fillOpacity=0.18, weight=1.8)
    elif props.get("category") == "zone":  # zones recede: a thin edge and a faint tint; the projects inside lead
        style.update(fillOpacity=0.03, weight=1.4, opacity=0.8)
    if props.get("nn"):  # no public news since the plan: its 2023 status, faded (the legend says so)
        style.update(opacity=NO_NEWS_OPACITY * style["opacity"], fillOpacity=NO_NEWS_OPACITY * style["fillOpacity"])
    dash = PRECISION_DASH.get(precision or "")
    if dash:
        style["dashArray"] = dash
    return style


def changed_style() -> dict[str, Any]:
    """The dashed ring round a project whose status differs on the view's other date (since=, compare=)."""
    return {"color": RING_COLOUR, "weight": 2.5, "opacity": 0.95, "dashArray": "5 4", "fill": False}


def matched_style() -> dict[str, Any]:
    """The ring round a project a search matched."""
    return {"color": RING_COLOUR, "weight": 2.5, "opacity": 0.95, "fill": False}


def selection_style(_props: dict[str, Any] | None = None) -> dict[str, Any]:
    """The halo drawn over the selected feature."""
    return {"color": SELECTION_COLOUR, "weight": 7, "opacity": 0.95, "fillColor": SELECTION_COLOUR,
            "fillOpacity": 0.15}
