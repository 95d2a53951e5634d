"""Tile basemaps (from xyzservices) and the datum each one is drawn in."""

from __future__ import annotations

import os
from dataclasses import dataclass

import xyzservices.providers as xyz
from xyzservices import TileProvider

CARTO_KEY_ENV = "MINHANG_CARTO_KEY"


@dataclass(frozen=True)
class Basemap:
    """A basemap choice: its tiles (None for our offline map) and whether they are GCJ-02."""

    key: str
    provider: TileProvider | None
    gcj02: bool = False

    @property
    def tile_url(self) -> str | None:
        """The Leaflet URL template, or None for the offline basemap."""
        return self.provider.build_url(fill_subdomain=False) if self.provider else None

    @property
    def attribution(self) -> str:
        """HTML attribution the tiles require (empty for the offline basemap, whose credits are the map's own)."""
        return self.provider.html_attribution if self.provider else ""


def _gaode() -> TileProvider:
    # xyzservices' Gaode.Normal, over HTTPS and its four load-balanced hosts.
    base = xyz.Gaode.Normal
    return TileProvider({**base, "url": base["url"].replace("http://webrd01", "https://webrd0{s}"),
                         "subdomains": "1234"})


def _carto() -> TileProvider:
    # CARTO asks for an API key; without one the tiles may be refused, and the
    # offline basemap underneath still shows the district.
    return TileProvider({**xyz.CartoDB.Positron, "apikey": os.environ.get(CARTO_KEY_ENV, "")})


def get_basemap(key: str) -> Basemap:
    """The basemap for a key of :data:`layers.view.filters.BASEMAPS`."""
    if key == "osm":
        return Basemap("osm", xyz.OpenStreetMap.Mapnik)
    if key == "carto":
        return Basemap("carto", _carto())
    if key == "esri":
        return Basemap("esri", xyz.Esri.WorldImagery)
    if key == "gaode":
        return Basemap("gaode", _gaode(), gcj02=True)
    return Basemap("offline", None)
