"""How far the plan has come, at a glance: projects counted by status as of a date, by the plan's own groups
(rail lines, road projects, parks, …) and by region, and the view each count selects.

Counts are over every plan feature (the map's analysis regions aside), whatever the filters, so a count
clicked gives a view showing exactly that many: :func:`view_for` is that view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd

from layers.data import schema
from layers.view.filters import plan_groups
from layers.view.i18n import GROUP_LABELS, REGION_LABELS, STATUS_LABELS, label
from layers.view.spec import FilterSpec, widget_state

# What a roll-up row is counted by: the spec field it filters and the values it has, in the plan's order.
BY = {"groups": schema.PLAN_GROUPS, "regions": schema.REGIONS}
_LABELS = {"groups": GROUP_LABELS, "regions": REGION_LABELS}
# Statuses as a reader scans them: what is open first, then what is being built, then what is to come.
READING_ORDER = ("operating", "completed", "partly_open", "under_construction", "construction_start", "planned",
                 "study", "cancelled", "unknown")


@dataclass(frozen=True)
class RollupRow:
    """One row: ``by`` (``groups`` or ``regions``), its value, how many projects, and how many per status."""

    by: str
    key: str
    total: int
    counts: tuple[tuple[str, int], ...]  # (status, n), statuses present only, in READING_ORDER

    def heading(self, lang: str) -> str:
        """The row's name and total, e.g. "Rail lines · 4"."""
        return f"{label(_LABELS[self.by], self.key, lang)} · {self.total}"


def rollup(frame: gpd.GeoDataFrame, by: str) -> list[RollupRow]:
    """Count ``frame``'s plan features by status within each value of ``by``; values with none are left out."""
    if by == "groups":
        keys = plan_groups(frame)
    else:
        keys = [r if k != "region" else None for r, k in zip(frame["region"].tolist(), frame["kind"].tolist(),
                                                           strict=True)]
    tally = Counter(zip(keys, frame["status"].tolist(), strict=True))
    rows = []
    for key in BY[by]:
        counts = tuple((s, tally[(key, s)]) for s in READING_ORDER if tally[(key, s)])
        if counts:
            rows.append(RollupRow(by, key, sum(n for _, n in counts), counts))
    return rows


def count_label(status: str, n: int, lang: str) -> str:
    """A count as it reads: "1 operating", "2 在建"."""
    words = label(STATUS_LABELS, status, lang)
    return f"{n} {words.lower() if lang == 'en' else words}"


def rollup_line(row: RollupRow, lang: str) -> str:
    """A row in one line, for exports: "Rail lines · 4: 1 operating · 2 under construction · 1 planned"."""
    return f"{row.heading(lang)}: " + " · ".join(count_label(s, n, lang) for s, n in row.counts)


def view_for(spec: FilterSpec, by: str, key: str, status: str) -> FilterSpec:
    """The view a count selects: that row's value and that status, every other filter open; the language,
    basemap and date are kept. It shows exactly the count's projects."""
    base = replace(FilterSpec(), lang=spec.lang, basemap=spec.basemap, asof=spec.asof)
    return replace(base, statuses=frozenset({status}), **{by: frozenset({key})})


def count_clicked(state: MutableMapping[str, Any], spec: FilterSpec, by: str, key: str, widget: str) -> None:
    """A count was clicked (its widget's callback, before the rerun): the widgets take its view
    (:func:`view_for`), the date picker keeping its day, and the count is unpicked."""
    status = state[widget]
    if status:
        view = widget_state(view_for(spec, by, key, status))
        state.update({k: v for k, v in view.items() if k not in ("asof_day", "url_notices")})
    state[widget] = None
