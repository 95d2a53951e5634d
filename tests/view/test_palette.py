"""The one status palette: every colour reads on the ground the plan sits on, and the three families apart."""

from __future__ import annotations

from layers.data import schema
from layers.view.palette import GROUNDS, STAGE_OF, STAGES, STATUS_COLOURS, contrast, luminance


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
