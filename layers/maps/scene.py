"""One scene: what one view draws, decided once for the live map, the camera, the HTML export and its PNG.

kepler.gl keeps one map configuration that the map, the exported page and the image all render; this is
ours. :func:`make_scene` takes the data (the features as of any date) and the view (a
:class:`~layers.view.spec.FilterSpec`) and decides, once:

- the features shown and the selection (``layers.view.filters``);
- what is ringed, and against which date: the view's ``since`` day, else its ``compare`` date, by the one
  rule of ``layers.view.changes.differing``; for ``since``, each change with the events between;
- the comparison's other side: its features and the two sides' labels;
- the words: the title band, the filter summary, the progress line, the citation's short form
  (``layers.view.words.snapshot_info``: what the camera writes too);
- the framing (``layers.maps.framing``);
- with ``near``: the stations whose rings the map draws (``layers.view.near``).

The page lists the changes and draws the map from it; the exports draw from it alike, so a view and its
export ring and say the same things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from layers.data import asof
from layers.data.events import Events, frame_as_of
from layers.maps.framing import Framing, frame_view
from layers.view.changes import Change, changed, differing
from layers.view.filters import Shown, searched, shown_by
from layers.view.near import catchments
from layers.view.rollup import ledger, story
from layers.view.spec import FilterSpec
from layers.view.words import compare_sides, headline_lead, snapshot_info

# The features as of an ``asof`` value ("plan", "latest" or an ISO date): the app's cached frames, or
# :func:`dated` for an export.
AsOf = Callable[[str], gpd.GeoDataFrame]


@dataclass(frozen=True)
class Scene:
    """What one view draws. Nothing in it may be changed: the app shares a scene between sessions."""

    spec: FilterSpec
    frame: gpd.GeoDataFrame  # every feature, statuses as of the date shown
    shown: Shown  # the matches, the outlines of the regions on, the selection
    ringed: tuple[str, ...]  # ids of the matches whose status differs on the other date, in the matches' order
    changes: tuple[Change, ...]  # with ``since``: each ringed project's change and the events between
    other: gpd.GeoDataFrame | None  # with ``compare``: every feature as of that date, drawn left of the divider
    sides: dict[str, str] | None  # with ``compare``: each side's label, {"left": ..., "right": ...}
    info: dict[str, str]  # the words (title band, summary, progress, citation, file name): what the camera writes
    framing: Framing
    searched: gpd.GeoDataFrame  # the plan features the search finds, whatever the other filters (all: no search)
    # The sentence over the map, of the matches (layers.view.rollup.story): {"parts": [{"text"}, {"text", "key"}]},
    # and the promises' summary beside it ("ledger": layers.view.rollup.ledger), where the matches hold promises.
    headline: dict[str, Any]
    # With ``near``: the stations within that distance of a match, each {"lat", "lon", "status"} (WGS-84):
    # the rings the map draws round them (layers.view.near.catchments).
    stations: tuple[dict[str, Any], ...] = ()

    @property
    def matched(self) -> tuple[str, ...]:
        """What a search rings: the matches, where there is a search."""
        return tuple(self.shown.matches.index) if self.spec.q else ()

    @property
    def named(self) -> tuple[str, ...]:
        """What the map names at any zoom: the matches of a view that narrows (a search, a filter), so a filtered
        map says what it shows; an unfiltered one names its features from street zoom on."""
        return tuple(self.shown.matches.index) if self.spec.narrowed else ()

    @property
    def drawn(self) -> gpd.GeoDataFrame:
        """The features a map of this view draws: the outlines, the matches and the selection (shown or not)."""
        return self.frame.loc[list(dict.fromkeys([*self.shown.ids, *self.shown.selection.index]))]


def dated(features: gpd.GeoDataFrame, events: Events | None) -> AsOf:
    """The features (the plan's statuses) as of any date, from the events; without events, as the plan says."""
    def as_of(when: str) -> gpd.GeoDataFrame:
        return frame_as_of(features, events, when) if events is not None else features

    return as_of


def make_scene(as_of: AsOf, spec: FilterSpec, events: Events | None = None, today: dt.date | None = None) -> Scene:
    """The scene of ``spec``: everything a map of it draws and says (see the module's docstring)."""
    frame = as_of(spec.asof)
    shown = shown_by(frame, spec)
    other = as_of(spec.compare) if spec.compare else None
    since = as_of(spec.since) if spec.since else None
    against = since if since is not None else other  # the since day rings, where there is one
    ringed = tuple(differing(shown.matches, against)) if against is not None else ()
    changes: tuple[Change, ...] = ()
    if spec.since and since is not None and events is not None:
        changes = tuple(changed(ringed, since, shown.matches, events, since=dt.date.fromisoformat(spec.since),
                                until=asof.asof_day(spec.asof)))
    found = searched(frame, spec.q)
    return Scene(spec, frame, shown, ringed, changes, other,
                 compare_sides(spec, today) if other is not None else None,
                 snapshot_info(spec, shown.matches, today), frame_view(shown, spec), found,
                 {"parts": story(shown.matches, spec, headline_lead(spec, today)),
                  **({"ledger": table} if (table := ledger(shown.matches, spec)) else {})},
                 tuple(catchments(frame, shown.matches, spec.near)) if spec.near is not None else ())
