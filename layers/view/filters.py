"""Which features a view shows: the filters of a :class:`~layers.view.spec.FilterSpec` applied to the catalog."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.view.spec import LIST_FILTERS, FilterSpec

SEARCH_FIELDS = ("name_zh", "name_en", "source_quote", "description_en", "description_zh", "address_zh")


def normalise(text: str) -> str:
    """Case- and width-insensitive form for searching (NFKC, casefold)."""
    return unicodedata.normalize("NFKC", text).casefold()


REGION_KIND = frozenset({"region"})


def _among(frame: pd.DataFrame, column: str, allowed: frozenset[str]) -> np.ndarray:
    """Which rows have ``column`` in ``allowed``, over a plain list: each pandas comparison or isin on
    Arrow-backed strings (and each intermediate GeoDataFrame) cost more than a whole filter here."""
    return np.fromiter((v in allowed for v in frame[column].tolist()), dtype=bool, count=len(frame))


def _found(frame: pd.DataFrame, q: str) -> np.ndarray:
    """Which rows a search text finds in any of :data:`SEARCH_FIELDS` (every row for no text)."""
    if not q:
        return np.ones(len(frame), dtype=bool)
    needle = normalise(q)
    texts = zip(*(frame[field].tolist() for field in SEARCH_FIELDS), strict=True)
    return np.fromiter((needle in normalise(" ".join(v for v in row if isinstance(v, str))) for row in texts),
                       dtype=bool, count=len(frame))


def apply_filters(frame: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """The plan features ``spec`` lets through, in the frame's order (region outlines excluded)."""
    mask = ~_among(frame, "kind", REGION_KIND) & _found(frame, spec.q)
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
    return Shown(apply_filters(frame, spec), region_outlines(frame, spec), selection)
