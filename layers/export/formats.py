"""The export formats, one registry entry each: key, file extension, MIME type, writer, options.

A format is registered where its writer is (``layers.export.data`` for the data formats,
``layers.export.html`` for the maps); :func:`export_bytes` dispatches to it, the command line and
the page list :data:`FORMATS`. Everything is built in memory, so two users exporting at once never
share a file and nothing is written into the project tree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import geopandas as gpd

from layers.data.events import Events
from layers.maps.scene import Scene, dated, make_scene
from layers.view.spec import FilterSpec
from layers.view.words import view_name


@dataclass(frozen=True)
class Size:
    """A PNG size in CSS pixels and its device pixel ratio (2 for print)."""

    width: int
    height: int
    scale: int = 1

    def __str__(self) -> str:
        return f"{self.width}x{self.height}" + (f"@{self.scale}x" if self.scale != 1 else "")


SIZES = {
    "1280x800": Size(1280, 800),
    "1920x1080": Size(1920, 1080),
    "a4": Size(1123, 794, 2),  # A4 landscape at 96 dpi, rendered at 2x for print
}
_SIZE_RE = re.compile(r"^(\d{3,4})x(\d{3,4})(?:@([12])x)?$")


def parse_size(text: str) -> Size:
    """A size preset (``1280x800``, ``1920x1080``, ``a4``) or ``WxH[@2x]`` within 320..4000 px."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    match = _SIZE_RE.match(key)
    if not match:
        raise ValueError(f"size {text!r} is not one of {', '.join(SIZES)} or WIDTHxHEIGHT[@2x]")
    size = Size(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    if not (320 <= size.width <= 4000 and 320 <= size.height <= 4000):
        raise ValueError(f"size {text!r} is out of range (320 to 4000 pixels a side)")
    return size


@dataclass(frozen=True)
class Job:
    """What one export is made from: the features (the plan's statuses), their progress events, the view and
    its options. Its :attr:`frame` has the statuses as of the view's date; a map draws its :attr:`scene`."""

    features: gpd.GeoDataFrame
    reference: dict[str, gpd.GeoDataFrame]
    spec: FilterSpec
    events: Events | None = None
    size: Size | None = None
    renderer: Any = None  # a layers.export.png.PngRenderer, for the formats that need one
    today: dt.date | None = None

    @cached_property
    def frame(self) -> gpd.GeoDataFrame:
        """The features with statuses as of the view's ``asof`` (the plan's kept beside them), with events."""
        return dated(self.features, self.events)(self.spec.asof)

    @cached_property
    def scene(self) -> Scene:
        """What a map of the view draws and says, as the page draws it (``layers.maps.scene``)."""
        return make_scene(dated(self.features, self.events), self.spec, self.events, self.today)


@dataclass(frozen=True)
class Format:
    """One export format. ``map``: a picture or page of the map (its file name names basemap and language);
    ``renderer``: needs headless Chromium (``requirements-png.txt``), so it is offered only where one runs."""

    key: str
    extension: str
    mime: str
    write: Callable[[Job], bytes]
    map: bool = False
    renderer: bool = False


FORMATS: dict[str, Format] = {}


def register(key: str, extension: str, mime: str, *, map: bool = False,
             renderer: bool = False) -> Callable[[Callable[[Job], bytes]], Callable[[Job], bytes]]:
    """Register the decorated writer as the format ``key`` (its label is the i18n text ``format_<key>``)."""
    def add(write: Callable[[Job], bytes]) -> Callable[[Job], bytes]:
        FORMATS[key] = Format(key, extension, mime, write, map=map, renderer=renderer)
        return write
    return add


def export_filename(spec: FilterSpec, fmt: str, today: dt.date | None = None) -> str:
    """A file name that says what it holds, e.g. ``minhang-north-park-2026-11-26.png`` (always safe)."""
    entry = FORMATS[fmt]
    return f"{view_name(spec, map_parts=entry.map, today=today)}.{entry.extension}"


def export_bytes(fmt: str, features: gpd.GeoDataFrame, reference: dict[str, gpd.GeoDataFrame], spec: FilterSpec,
                 *, size: Size | None = None, renderer: Any = None, today: dt.date | None = None,
                 events: Events | None = None) -> bytes:
    """The bytes of one export of ``features`` (the catalog's, with the plan's statuses; PNG needs a
    :class:`layers.export.png.PngRenderer`); with ``events``, statuses are as of the view's ``asof`` and the data
    formats carry the progress events."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return FORMATS[fmt].write(Job(features, reference, spec, events, size, renderer, today))


def export_formats(png: bool) -> list[str]:
    """The formats to offer, files first; those a browser renders only where the server can run one."""
    return [k for k, f in FORMATS.items() if not f.renderer] + [k for k, f in FORMATS.items() if f.renderer and png]
