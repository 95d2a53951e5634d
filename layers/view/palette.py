"""The one status palette: how far along a project is, in colour, wherever a project is drawn.

The map's points, lines and areas, its legend, the timeline, the roll-up, the headline, the camera's PNG, the
server's PNG and the HTML export all take a status's colour from :data:`STATUS_COLOURS`: the map and the
charts speak one visual language (``../shared/CARTOGRAPHY.md``: colour answers "how far along is it?").
Category is a symbol's shape (``layers.maps.style.SHAPES``); precision a line's pattern or an outline's.

Every colour is at least 3:1 against the ground the plan sits on (WCAG 2.1, 1.4.11: non-text contrast),
which :data:`GROUNDS` names and ``tests/view/test_palette.py`` checks.
"""

from __future__ import annotations

# In three families a reader tells apart at a glance, with or without red-green colour vision: not started
# (grey, violet, amber; drawn hollow: HOLLOW), under way (vermillion), open (blues, the darkest once completed);
# what nobody knows is teal. Under construction and open stay apart under deuteranopia and protanopia
# (tests/view/test_palette.py simulates both); hue is never the only cue: a not-started symbol is hollow, an open
# line is cased (layers.maps.style).
STATUS_COLOURS = {
    "study": "#6c757d", "planned": "#8f6fd0", "construction_start": "#9a6700", "under_construction": "#d1340f",
    "partly_open": "#3d8ad6", "operating": "#1c5fb0", "completed": "#0d3a70", "cancelled": "#495057",
    "unknown": "#0c8599",
}
STAGES = {
    "not_started": ("study", "planned", "construction_start", "cancelled"),
    "under_way": ("under_construction",),
    "open": ("partly_open", "operating", "completed"),
    "unknown": ("unknown",),
}
# The statuses a point symbol shows hollow (white inside, its colour round it): what has not started.
HOLLOW = STAGES["not_started"]
STAGE_OF = {status: stage for stage, statuses in STAGES.items() for status in statuses}
# What the plan sits on: Minhang's own ground (white), the veiled surroundings, the offline basemap's
# background, and its main roads' grey (static/css/map.css, static/js/minhang-context.js).
GROUNDS = {"minhang": "#ffffff", "veiled": "#eef0f2", "background": "#e9ecef", "main road": "#c3c8ce"}
# Neutral ink for what colour must not speak for: a category's shape in the legend, the regions' outlines.
INK = "#495057"


def luminance(colour: str) -> float:
    """The relative luminance of a ``#rrggbb`` colour (WCAG 2.1)."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1 to 21 (WCAG 2.1)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
