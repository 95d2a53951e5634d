"""The one status palette: every colour reads on the ground the plan sits on, and the three families apart."""

from __future__ import annotations

import math

from layers.data import schema
from layers.view.palette import GROUNDS, HOLLOW, STAGE_OF, STAGES, STATUS_COLOURS, contrast, luminance


def test_every_status_has_a_colour_and_a_stage():
    assert set(STATUS_COLOURS) == set(schema.VIEW_STATUSES) == set(STAGE_OF)
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)  # no two statuses share a colour
    assert sum(len(s) for s in STAGES.values()) == len(STAGE_OF)  # each status in exactly one stage


def test_each_colour_is_3_to_1_against_the_ground_it_sits_on():
    """WCAG 2.1, 1.4.11: a graphical object a reader must see needs 3:1 against what surrounds it (the main
    road grey is the context's darkest line: the plan's lines cross it, cased; printed in the README)."""
    for ground in ("minhang", "veiled", "background"):
        low = min(STATUS_COLOURS, key=lambda s: contrast(STATUS_COLOURS[s], GROUNDS[ground]))
        assert contrast(STATUS_COLOURS[low], GROUNDS[ground]) >= 3.0, (ground, low)


def test_contrast_is_wcags():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert contrast("#767676", "#ffffff") >= 4.5 > contrast("#777777", "#ffffff")  # WCAG's own example pair
    assert luminance("#ffffff") == 1.0 and luminance("#000000") == 0.0


# Machado, Oliveira and Fernandes (2009), full severity: what a reader with deuteranopia or protanopia sees of a
# colour, as a matrix on linear RGB.
CVD = {"deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                        (-0.011820, 0.042940, 0.968881)),
       "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                      (-0.003882, -0.048116, 1.051998))}


def _linear(colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        v = int(colour[i:i + 2], 16) / 255
        out.append(v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
    return out


def _lab(linear: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in linear)
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, vision: str | None = None) -> tuple[float, float, float]:
    """A colour in CIELAB as a reader with ``vision`` (None: typical) sees it."""
    linear = _linear(colour)
    if vision is not None:
        linear = [sum(m * v for m, v in zip(row, linear, strict=True)) for row in CVD[vision]]
    return _lab(linear)


def test_under_way_and_open_stay_apart_without_red_green_vision():
    """Under a deuteranopia or a protanopia simulation, under construction is told from every open status (and from
    unknown) by colour alone, by a wide margin (CIELAB distance over 40; 2.3 is a just-noticeable difference); and
    what has not started is also drawn hollow (layers.view.palette.HOLLOW), so it never depends on hue."""
    for vision in (None, *CVD):
        building = seen(STATUS_COLOURS["under_construction"], vision)
        for status in (*STAGES["open"], "unknown"):
            distance = math.dist(building, seen(STATUS_COLOURS[status], vision))
            assert distance > 40, (vision, status, round(distance))
        # Open's shades stay apart among themselves too (partly open, operating, completed).
        shades = [seen(STATUS_COLOURS[s], vision) for s in STAGES["open"]]
        assert min(math.dist(a, b) for i, a in enumerate(shades) for b in shades[i + 1:]) > 12, vision
    assert set(HOLLOW) == set(STAGES["not_started"])
