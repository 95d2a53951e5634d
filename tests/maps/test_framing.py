"""The one framing decision: a hand-framed link as it is, else fitted to the selection, matches or outlines."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import Point

from layers.data.reference import district_bounds
from layers.maps.framing import Framing, fit_bounds, fit_view, frame_view, keep_place
from layers.view.filters import apply_filters, shown_by
from layers.view.spec import FilterSpec


def test_fit_view_frames_the_selection(catalog):
    frame = catalog.features
    centre, zoom = fit_view(frame)
    assert 31.0 < centre[0] < 31.2 and 121.3 < centre[1] < 121.5 and 11 <= zoom <= 12  # all of Minhang
    south = frame[frame["region"] == "south"]
    _, south_zoom = fit_view(south)
    assert south_zoom > zoom
    _, point_zoom = fit_view(gpd.GeoDataFrame(geometry=[Point(121.4, 31.0)], crs="EPSG:4326"))
    assert point_zoom == 16


def framing(frame, **spec) -> Framing:
    view = FilterSpec(**spec)
    return frame_view(shown_by(frame, view), view)


def test_fit_bounds_are_what_the_view_is_fitted_to_in_the_map_datum(catalog):
    frame = catalog.features
    spec = FilterSpec(regions=frozenset({"south"}))
    west, south, east, north = apply_filters(frame, spec).total_bounds
    (s, w), (n, e) = framing(frame, regions=frozenset({"south"})).bounds
    assert (s, w, n, e) == pytest.approx((south, west, north, east), abs=1e-6)
    # On Gaode the corners move with the basemap's datum (GCJ-02 sits ~500 m off here).
    (gs, gw), (gn, ge) = framing(frame, regions=frozenset({"south"}), basemap="gaode").bounds
    for shift_lon, shift_lat in ((gw - w, gs - s), (ge - e, gn - n)):
        assert 0.003 < shift_lon < 0.006 and -0.004 < shift_lat < 0
    # A selected feature is its own focus; nothing to fit when nothing is shown.
    fid = frame.index[0]
    (s1, w1), (n1, e1) = framing(frame, feature=fid).bounds
    assert (w1, s1, e1, n1) == pytest.approx(tuple(frame.loc[[fid]].total_bounds), abs=1e-6)
    assert framing(frame, regions=frozenset()).bounds is None


def test_a_selection_gets_a_close_view_and_a_point_street_level(catalog):
    frame = catalog.features
    point = framing(frame, feature="qizhong-tennis-center")
    assert point.zoom == 14 and point.fit == {"bounds": point.bounds, "maxZoom": 14, "paddingTopLeft": [8, 44],
                                              "paddingBottomRight": [8, 8]}
    assert framing(frame).fit["maxZoom"] == 16  # a larger screen fits the district closer than the server's zoom
    area = framing(frame, feature="greater-neo-bay")
    assert area.zoom <= 15 and area.zoom > framing(frame).zoom


def test_a_hand_framed_link_is_shown_as_it_is(catalog):
    held = framing(catalog.features, center=(31.03, 121.43), zoom=15, feature="greater-neo-bay")
    assert held == Framing((31.03, 121.43), 15) and held.fit is None


def test_a_view_narrowing_nothing_is_framed_on_minhang_with_a_fractional_zoom(catalog):
    whole = framing(catalog.features)
    west, south, east, north = district_bounds()
    assert whole.bounds == [[south, west], [north, east]]  # the district, not just its features
    assert whole.zoom != int(whole.zoom) and round(whole.zoom * 10) == whole.zoom * 10  # a tenth, not a whole level
    # Narrowing anything frames what is shown instead.
    assert framing(catalog.features, q="metro").bounds != whole.bounds
    assert framing(catalog.features, regions=frozenset({"north"})).bounds != whole.bounds


def test_a_fitted_zoom_fills_most_of_the_frame(catalog):
    """At the fitted zoom the box fills at least 90 % of the frame's width or height (zoom in tenths)."""
    for bounds in (district_bounds(), (121.40, 31.00, 121.46, 31.04)):
        (_lat, _lon), zoom = fit_bounds(bounds, 1100, 776)
        west, south, east, north = bounds
        width_px = (east - west) / 360 * 256 * 2 ** zoom
        merc = [math.log(math.tan(math.pi / 4 + math.radians(v) / 2)) for v in (south, north)]
        height_px = (merc[1] - merc[0]) / (2 * math.pi) * 256 * 2 ** zoom
        fill = max(width_px / (1100 - 16), height_px / (776 - 52))
        assert 0.9 <= fill <= 1.0, (bounds, zoom, fill)


def test_a_pick_keeps_the_readers_place_and_a_new_view_frames_anew(catalog):
    state: dict = {}
    frame = catalog.features
    first = keep_place(state, FilterSpec(), framing(frame))
    assert first == framing(frame) and not first.reveal  # a session's first view: its own framing
    tennis = "qizhong-tennis-center"
    picked = keep_place(state, FilterSpec(feature=tennis), framing(frame, feature=tennis))
    assert (picked.center, picked.zoom) == (first.center, first.zoom) and picked.reveal
    assert picked.fit["reveal"] and picked.bounds == framing(frame, feature=tennis).bounds
    # The pick's view run again (Streamlit reruns after a click) keeps the place it was sent with: a pick after it
    # behaves like the first, never a jump to the feature's own zoom (it was 14 for a point).
    assert keep_place(state, FilterSpec(feature=tennis), framing(frame, feature=tennis)) == picked
    another = keep_place(state, FilterSpec(feature="jiamin-line"), framing(frame, feature="jiamin-line"))
    assert (another.center, another.zoom) == (first.center, first.zoom)  # still where the reader was
    assert keep_place(state, FilterSpec(feature="jiamin-line"), framing(frame, feature="jiamin-line")) == another
    closed = keep_place(state, FilterSpec(), framing(frame))
    assert (closed.center, closed.zoom) == (first.center, first.zoom) and closed.fit is None  # no jump back
    narrowed = keep_place(state, FilterSpec(regions=frozenset({"north"})), framing(frame, regions=frozenset({"north"})))
    assert narrowed == framing(frame, regions=frozenset({"north"}))  # a filter frames what it shows
