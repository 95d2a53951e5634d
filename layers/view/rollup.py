"""How far the plan has come, at a glance: projects counted by status as of a date, by the plan's own groups
(rail lines, road projects, parks, …) and by region; the plan's promises counted by verdict, by kind of promise
and by group; and the view each count selects.

Counts are over every plan feature (the map's analysis regions aside), whatever the filters, so a count
clicked gives a view showing exactly that many: :func:`view_for` is that view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd

from layers.data.promises import NO_PROMISE
from layers.view.filters import plan_features
from layers.view.i18n import GROUP_SHORT, label, t
from layers.view.palette import STAGE_OF
from layers.view.spec import LIST_FILTERS, FilterSpec, widget_state

# The list filters a roll-up's rows are keyed by, or count (a count clicked sets both).
FILTERS = {f.attr: f for f in LIST_FILTERS}
# The page's two roll-ups, each (its heading's i18n key, what it counts, the two things its rows are keyed by).
SECTIONS = (("rollup", "statuses", ("groups", "regions")), ("promises_heading", "promises", ("commitments", "groups")))
BY = {attr: FILTERS[attr] for attr in ("groups", "regions")}
# Statuses as a reader scans them: what is open first, then what is being built, then what is to come.
READING_ORDER = ("operating", "completed", "partly_open", "under_construction", "construction_start", "planned",
                 "study", "cancelled", "unknown")


@dataclass(frozen=True)
class RollupRow:
    """One row: ``by`` (a list filter: ``groups``, ``regions``, ``commitments``), its value, how many projects,
    and how many have each value of what it counts (``of``: ``statuses``, or ``promises``: the verdicts)."""

    by: str
    key: str
    total: int
    counts: tuple[tuple[str, int], ...]  # (value, n), values present only, in reading order
    of: str = "statuses"

    def heading(self, lang: str) -> str:
        """The row's name and total, e.g. "Rail lines · 4"."""
        return f"{label(FILTERS[self.by].labels, self.key, lang)} · {self.total}"

    @property
    def statuses(self) -> list[str]:
        """The values counted, in reading order: the options a reader clicks."""
        return [s for s, _ in self.counts]

    @property
    def widget(self) -> str:
        """The key of the row's widget on the page."""
        return f"rollup_{self.of}_{self.by}_{self.key}"

    def label(self, value: str, lang: str) -> str:
        """One count as it reads: "1 operating", "2 kept on time" (``count_label``)."""
        return count_label(value, dict(self.counts)[value], lang, self.of)


def rollup(frame: gpd.GeoDataFrame, by: str, of: str = "statuses") -> list[RollupRow]:
    """Count ``frame``'s plan features by ``of`` (statuses, or the promises' verdicts) within each value of ``by``;
    values with none are left out, and so are the features the plan made no promise about."""
    plan = plan_features(frame)
    counted = FILTERS[of]
    order = READING_ORDER if of == "statuses" else tuple(v for v in counted.values if v != NO_PROMISE)
    tally = Counter(zip(plan[FILTERS[by].field].tolist(), plan[counted.field].tolist(), strict=True))
    rows = []
    for key in FILTERS[by].values:
        if key == NO_PROMISE:
            continue
        counts = tuple((s, tally[(key, s)]) for s in order if tally[(key, s)])
        if counts:
            rows.append(RollupRow(by, key, sum(n for _, n in counts), counts, of))
    return rows


def count_label(value: str, n: int, lang: str, of: str = "statuses") -> str:
    """A count as it reads: "1 operating", "2 在建", "2 kept on time"."""
    words = label(FILTERS[of].labels, value, lang)
    return f"{n} {words.lower() if lang == 'en' else words}"


def headline(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, str]]:
    """The first screen's headline: per plan group (those with projects), how many of its projects are open on
    the date ``frame`` shows, e.g. ``{"key": "rail", "text": "Rail lines 1 of 4"}`` (in ``lang``)."""
    out = []
    for row in rollup(frame, "groups"):
        opened = sum(n for s, n in row.counts if STAGE_OF.get(s) == "open")
        out.append({"key": row.key, "text": t("headline_item", lang, group=label(GROUP_SHORT, row.key, lang),
                                              open=opened, total=row.total)})
    return out


def view_for_group(spec: FilterSpec, group: str) -> FilterSpec:
    """The view a headline item selects: that plan group's projects, every other filter open but the search;
    the language, basemap and date kept."""
    return replace(FilterSpec(), lang=spec.lang, basemap=spec.basemap, asof=spec.asof, q=spec.q,
                   groups=frozenset({group}))


def rollup_line(row: RollupRow, lang: str) -> str:
    """A row in one line, for exports: "Rail lines · 4: 1 operating · 2 under construction · 1 planned"."""
    return f"{row.heading(lang)}: " + " · ".join(count_label(s, n, lang) for s, n in row.counts)


def view_for(spec: FilterSpec, by: str, key: str, value: str, of: str = "statuses") -> FilterSpec:
    """The view a count selects: that row's value and the counted value (a status, a verdict), every other
    filter open but the search (the roll-up follows it); the language, basemap and date are kept. It shows
    exactly the count's projects."""
    base = replace(FilterSpec(), lang=spec.lang, basemap=spec.basemap, asof=spec.asof, q=spec.q)
    picked: dict[str, Any] = {by: frozenset({key}), of: frozenset({value})}  # two list filters (FilterSpec fields)
    return replace(base, **picked)


def count_clicked(state: MutableMapping[str, Any], spec: FilterSpec, row: RollupRow) -> None:
    """A count of ``row`` was clicked (its widget's callback, before the rerun): the widgets take its view
    (:func:`view_for`), the date picker keeping its day, and the count is unpicked."""
    status = state[row.widget]
    if status:
        adopt(state, view_for(spec, row.by, row.key, status, row.of))
    state[row.widget] = None


def adopt(state: MutableMapping[str, Any], view: FilterSpec) -> None:
    """The widgets take ``view`` (before they are drawn), the date picker keeping its day."""
    state.update({k: v for k, v in widget_state(view).items() if k not in ("asof_day", "url_notices")})


def headline_clicked(state: MutableMapping[str, Any], spec: FilterSpec, result: Mapping[str, Any] | None) -> bool:
    """Whether the map reports a new click on a headline group (``{"headline": group, "at": when}``); its view
    (:func:`view_for_group`) then waits in ``state`` for the next run's start (:func:`take_pending`), since the
    widgets of this run are drawn already."""
    picked, at = (result or {}).get("headline"), (result or {}).get("at")
    if not isinstance(picked, str) or picked not in BY["groups"].values or at == state.get("last_headline"):
        return False
    state["last_headline"] = at
    state["pending_view"] = view_for_group(spec, picked)
    return True


def take_pending(state: MutableMapping[str, Any]) -> None:
    """At a run's start, before the widgets: the view a headline click asked for, if any."""
    if (view := state.pop("pending_view", None)) is not None:
        adopt(state, view)
