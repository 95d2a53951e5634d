"""Which features a view shows: the filters of a :class:`~layers.view.spec.FilterSpec` applied to the catalog."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.data import schema
from layers.data.stations import best, station_states, within
from layers.view.spec import LIST_FILTERS, FilterSpec

# What a search reads: a feature's names, descriptions and address, and its line's names and its kind's words
# (layers.data.schema.KIND_WORDS). Not the plan's sentence: many features quote one paragraph, and a word of it
# would find them all.
SEARCH_FIELDS = ("name_zh", "name_en", "description_en", "description_zh", "address_zh", "search_words")


def normalise(text: str) -> str:
    """Case- and width-insensitive form for searching (NFKC, casefold)."""
    return unicodedata.normalize("NFKC", text).casefold()


REGION_KIND = frozenset({"region"})


def _among(frame: pd.DataFrame, column: str, allowed: frozenset[str]) -> np.ndarray:
    """Which rows have ``column`` in ``allowed``, over a plain list: each pandas comparison or isin on
    Arrow-backed strings (and each intermediate GeoDataFrame) cost more than a whole filter here."""
    return np.fromiter((v in allowed for v in frame[column].tolist()), dtype=bool, count=len(frame))


def _word(token: str) -> re.Pattern[str]:
    """A search word as a pattern: Chinese (or any text without a letter) anywhere; a Latin word at a word's
    start ("line" finds "Line 19", not "timeline"; "rail" finds "railway")."""
    if not re.search("[a-z]", token):
        return re.compile(re.escape(token))
    return re.compile(r"(?<![a-z0-9])" + re.escape(token))


def _found(frame: pd.DataFrame, q: str) -> np.ndarray:
    """Which rows a search text finds in :data:`SEARCH_FIELDS`: every word of it, each as :func:`_word` reads it
    (every row for no text)."""
    words = [_word(w) for w in normalise(q).split()]
    if not words:
        return np.ones(len(frame), dtype=bool)
    texts = zip(*(frame[field].tolist() for field in SEARCH_FIELDS), strict=True)
    joined = (normalise(" ".join(v for v in row if isinstance(v, str))) for row in texts)
    return np.fromiter((all(w.search(text) for w in words) for text in joined), dtype=bool, count=len(frame))


def near_statuses(frame: gpd.GeoDataFrame, metres: int) -> list[str | None]:
    """Per feature of ``frame`` (every feature, statuses as of one date), the best status on that date of the stations
    within ``metres`` (straight line, ``layers.data.stations``): "open", "building", "planned", or None (none)."""
    states = station_states(frame)
    return [best(states[key][1] for key in within(near, metres) if key in states)
            if isinstance(near, tuple) else None for near in frame["stations"].tolist()]


def apply_filters(frame: gpd.GeoDataFrame, spec: FilterSpec, near: list[str | None] | None = None) -> gpd.GeoDataFrame:
    """The plan features ``spec`` lets through, in the frame's order (region outlines excluded). ``near``: the
    frame's :func:`near_statuses` for ``spec.near``, where the caller has them."""
    mask = ~_among(frame, "kind", REGION_KIND) & _found(frame, spec.q)
    if spec.near is not None:
        near = near if near is not None else near_statuses(frame, spec.near)
        mask &= np.fromiter((s is not None for s in near), dtype=bool, count=len(frame))
    for f in LIST_FILTERS:
        if spec.narrows(f):  # a filter left open lets every value through: validated data has no other
            mask &= _among(frame, f.field, getattr(spec, f.attr))
    return frame[mask]


def searched(frame: gpd.GeoDataFrame, q: str) -> gpd.GeoDataFrame:
    """The plan features a search finds, whatever the other filters: what the roll-up and the headline count."""
    return frame[~_among(frame, "kind", REGION_KIND) & _found(frame, q)]


def region_outlines(frame: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """The outlines of the regions switched on: they go with their region, whatever the other filters."""
    return frame[_among(frame, "kind", REGION_KIND) & _among(frame, "region", spec.regions)]


def plan_features(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every feature but the region outlines: what the match count counts."""
    return frame[frame["kind"] != "region"]


@dataclass(frozen=True)
class Shown:
    """What one view shows, as stored (WGS-84): the matching features, the outlines of the regions switched
    on, and the selected feature (empty, or one row: it shows whatever the filters)."""

    matches: gpd.GeoDataFrame
    outlines: gpd.GeoDataFrame
    selection: gpd.GeoDataFrame

    @property
    def ids(self) -> list[str]:
        """Ids of everything the view draws: region outlines, then matches."""
        return [*self.outlines.index, *self.matches.index]

    @property
    def selected(self) -> str | None:
        """The selected feature's id, if any."""
        return None if self.selection.empty else str(self.selection.index[0])

    @property
    def focus(self) -> gpd.GeoDataFrame:
        """What the view is framed on: the selection, else the matches, else the outlines."""
        return next((f for f in (self.selection, self.matches) if not f.empty), self.outlines)


def shown_by(frame: gpd.GeoDataFrame, spec: FilterSpec) -> Shown:
    """Filter ``frame`` for ``spec``: the matches, the outlines of the regions on, the selection."""
    selection = frame.loc[[spec.feature]] if spec.feature in frame.index else frame.iloc[0:0]
    if spec.near is None:
        return Shown(apply_filters(frame, spec), region_outlines(frame, spec), selection)
    # Near stations: each match keeps the best status of its stations within the distance (the story counts by it).
    near = near_statuses(frame, spec.near)
    matches = apply_filters(frame, spec, near)
    best_of = dict(zip(frame.index, near, strict=True))
    return Shown(matches.assign(near=[best_of[fid] for fid in matches.index]),
                 region_outlines(frame, spec), selection)


def plan_order(frame: gpd.GeoDataFrame) -> list[str]:
    """The ids of ``frame`` in the plan's order, as the table and the timeline list them: by the plan's groups
    (rail lines first, :data:`layers.data.schema.PLAN_GROUPS`), the file's order (the plan's own) within each; the
    places already open in 2023 last, apart."""
    rank = {g: i for i, g in enumerate(schema.PLAN_GROUPS)}
    keyed = [((part == "existing", rank.get(group, len(rank)), i), fid) for i, (fid, group, part) in
             enumerate(zip(frame.index, frame["plan_group"], frame["plan_part"], strict=True))]
    return [str(fid) for _, fid in sorted(keyed, key=lambda k: k[0])]
