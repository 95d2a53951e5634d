"""WGS-84 <-> GCJ-02 conversion (the datum of AutoNavi/Gaode and Tencent maps).

GCJ-02 is not a proper CRS, so pyproj cannot do it. The forward formula is the
widely published one; the inverse is solved iteratively (a fixed-point search
that converges to well under a millimetre in a few steps), which is far more
accurate than the one-step "subtract the offset" inverse often seen.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 formula uses
_EE = 0.00669342162296594323  # its first eccentricity squared


def _outside_china(lon: float, lat: float) -> bool:
    # GCJ-02 is only applied within China's rough bounding box.
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _delta(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """Shift a WGS-84 position to GCJ-02 (identity outside China)."""
    if _outside_china(lon, lat):
        return lon, lat
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float, tolerance: float = 1e-9) -> tuple[float, float]:
    """Invert :func:`wgs84_to_gcj02` iteratively (error < ``tolerance`` degrees)."""
    if _outside_china(lon, lat):
        return lon, lat
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = glon - lon, glat - lat
        if abs(elon) < tolerance and abs(elat) < tolerance:
            break
        wlon, wlat = wlon - elon, wlat - elat
    return wlon, wlat


_BD_PI = math.pi * 3000.0 / 180.0


def bd09_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """Convert Baidu BD-09 to GCJ-02 (the published closed form)."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _BD_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _BD_PI)
    return z * math.cos(theta), z * math.sin(theta)


def bd09_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Convert Baidu BD-09 to WGS-84 via GCJ-02."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def _apply(fn: Callable[[float, float], tuple[float, float]], coords: np.ndarray) -> np.ndarray:
    out = np.empty_like(coords)
    for i, (lon, lat) in enumerate(coords):
        out[i] = fn(float(lon), float(lat))
    return out


def shift_geometry_to_gcj02(geom: BaseGeometry) -> BaseGeometry:
    """Return ``geom`` (WGS-84) shifted to GCJ-02, e.g. to overlay Gaode tiles."""
    return shapely.transform(geom, lambda c: _apply(wgs84_to_gcj02, c))


def shift_geometry_to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """Return ``geom`` (GCJ-02) converted back to WGS-84."""
    return shapely.transform(geom, lambda c: _apply(gcj02_to_wgs84, c))
