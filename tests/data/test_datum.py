"""WGS-84 <-> GCJ-02 / BD-09 against published pairs."""

from __future__ import annotations

import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon

from layers.data.datum import (
    bd09_to_wgs84,
    gcj02_to_wgs84,
    shift_geometry_to_gcj02,
    shift_geometry_to_wgs84,
    wgs84_to_gcj02,
)

GEOD = Geod(ellps="WGS84")

# (wgs lat, wgs lon, gcj lat, gcj lon): the test vectors of googollee/eviltransform.
PUBLISHED = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), PUBLISHED)
def test_forward_matches_published_pairs(wlat, wlon, glat, glon):
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), PUBLISHED)
def test_inverse_recovers_wgs84_to_a_millimetre(wlat, wlon, glat, glon):
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert GEOD.inv(lon, lat, wlon, wlat)[2] < 0.001


def test_shift_in_shanghai_is_about_half_a_kilometre():
    lon, lat = wgs84_to_gcj02(121.4335, 31.0255)
    metres = GEOD.inv(121.4335, 31.0255, lon, lat)[2]
    assert 400 < metres < 600


def test_outside_china_is_unchanged():
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert gcj02_to_wgs84(-74.0, 40.7) == (-74.0, 40.7)


def test_bd09_agrees_with_wikipedia_station_positions():
    # BD-09 positions of Line 5 stations from a public dataset vs Wikipedia's WGS-84 coordinates.
    for bd, wiki in [((121.426326, 31.024468), (121.415206, 31.020150)),  # Dongchuan Road
                     ((121.387319, 31.009198), (121.3760, 31.0053))]:  # Wenjing Road
        lon, lat = bd09_to_wgs84(*bd)
        assert GEOD.inv(lon, lat, *wiki)[2] < 60


@pytest.mark.parametrize(
    "geom",
    [Point(121.43, 31.02), LineString([(121.3, 31.2), (121.5, 31.0)]),
     Polygon([(121.43, 31.02), (121.44, 31.02), (121.44, 31.03), (121.43, 31.02)])],
    ids=["point", "line", "polygon"],
)
def test_geometry_shift_round_trips(geom):
    shifted = shift_geometry_to_gcj02(geom)
    assert shifted.geom_type == geom.geom_type
    assert shifted.hausdorff_distance(geom) > 0.003
    assert shift_geometry_to_wgs84(shifted).equals_exact(geom, 1e-8)
