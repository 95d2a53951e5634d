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
from layers.view.i18n import PART_LABELS, label, t
from layers.view.near import metres_text
from layers.view.palette import STAGE_OF
from layers.view.spec import LIST_FILTERS, FilterSpec, widget_state

# The list filters a roll-up's rows are keyed by, or count (a count clicked sets both).
FILTERS = {f.attr: f for f in LIST_FILTERS}
# The page's two roll-ups, each (its heading's i18n key, what it counts, the two things its rows are keyed by).
SECTIONS = (("rollup", "statuses", ("groups", "regions")), ("promises_heading", "promises", ("commitments", "groups")))
BY = {attr: FILTERS[attr] for attr in ("groups", "regions")}
# Statuses as a reader scans them: what is open first, then what is being built, then what is to come; last, the
# places the plan found open, counted apart (never as its progress, whatever their status now).
EXISTING = "existing"
READING_ORDER = ("operating", "completed", "partly_open", "under_construction", "construction_start", "planned",
                 "study", "cancelled", "unknown", EXISTING)


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
    # The plan's features (plan_features), by a mask over the columns' arrays: a frame sliced four times a rerun
    # cost more than the counting.
    plan = frame["kind"].to_numpy() != "region"

    def column(name: str) -> list[Any]:
        return frame[name].to_numpy()[plan].tolist()

    counted = FILTERS[of]
    order = READING_ORDER if of == "statuses" else tuple(v for v in counted.values if v != NO_PROMISE)
    values = column(counted.field)
    if of == "statuses":  # a place already open in 2023 is counted apart from the plan's projects
        values = [EXISTING if part == EXISTING else v for v, part in zip(values, column("plan_part"), strict=True)]
    tally = Counter(zip(column(FILTERS[by].field), values, strict=True))
    rows = []
    for key in FILTERS[by].values:
        if key == NO_PROMISE:
            continue
        counts = tuple((s, tally[(key, s)]) for s in order if tally[(key, s)])
        if counts:
            rows.append(RollupRow(by, key, sum(n for _, n in counts), counts, of))
    return rows


def count_label(value: str, n: int, lang: str, of: str = "statuses") -> str:
    """A count as it reads: "1 operating", "2 在建", "2 kept on time", "5 already open in 2023"."""
    words = label(PART_LABELS if value == EXISTING else FILTERS[of].labels, value, lang)
    return f"{n} {words.lower() if lang == 'en' else words}"


# The story's clickable parts (layers.view.rollup.story), each a view of the projects it counts (:func:`story_view`).
KEPT = ("kept_on_time", "kept_late")
# The story's words (layers.view.i18n), for a page that tells it itself (the reader door), its lead's among them.
STORY_TEXTS = ("story_lead_plan", "story_lead_date", "story_scope_plan", "story_scope_shown", "story_owner_plan",
               "story_owner_shown", "story_open", "story_projects", "story_promises", "story_due", "story_kept",
               "story_under_way", "story_no_news", "story_not_kept", "story_sep", "story_comma", "story_and",
               "story_then", "story_existing", "story_existing_one", "story_end", "story_none", "near_gap", "near_lead",
               "near_lead_one", "near_open", "near_building", "near_planned")
STORY_KEYS = ("open", "adds", "kept", "under_way", "no_news", "not_kept", "promised", EXISTING)


def whole(spec: FilterSpec) -> bool:
    """Whether ``spec`` shows the whole plan ("the plan's 34 promises"), not a part of it ("34 promises shown")."""
    return not spec.narrowed


def story(frame: gpd.GeoDataFrame, spec: FilterSpec, lead: str) -> list[dict[str, str]]:
    """The sentence over the map, in ``spec``'s language, made from ``frame`` (the view's matches, statuses and
    verdicts as of its date): how many of the projects the plan adds are open, how its promises stand, and the
    places already open in 2023, counted apart. Segments: ``{"text"}``, or ``{"text", "key"}`` for a part a reader
    clicks (its view: :func:`story_view`). "On 2026-12-06, 6 of the plan's 32 projects are open; of its 34 promises
    22 are kept, 4 under way and 8 have no public news since 2023 · 12 places were already open in 2023."."""
    lang, plan = spec.lang, plan_features(frame)
    whole_plan = whole(spec)
    added = plan[plan["plan_part"] != EXISTING]
    existing = len(plan) - len(added)
    opened = sum(1 for s in added["status"].tolist() if STAGE_OF.get(s) == "open")
    verdicts = Counter(v for v in plan.get("promise", []) if v != NO_PROMISE)
    at_plan = spec.asof == "plan"
    out = [{"text": lead}]

    def part(key: str, text_key: str, **values: object) -> None:
        out.append({"key": key, "text": t(text_key, lang, **values)})

    def text(text_key: str, **values: object) -> None:
        out.append({"text": t(text_key, lang, **values)})

    if plan.empty:  # a view that leaves everything out says so, rather than an empty sentence
        return [*out, {"text": t("story_none", lang)}, {"text": t("story_end", lang)}]
    scope = t("story_scope_plan" if whole_plan else "story_scope_shown", lang)
    if len(added):
        if at_plan:
            part("adds", "story_projects", n=len(added))
        else:
            part("open", "story_open", open=opened, n=len(added), scope=scope)
    promised = sum(verdicts.values())
    if promised:
        if len(added):
            text("story_sep")
        if at_plan:
            part("promised", "story_due", n=promised)
        else:
            text("story_promises", n=promised, owner=t("story_owner_plan" if whole_plan else "story_owner_shown", lang))
            clauses = [(key, n) for key, n in (("kept", verdicts["kept_on_time"] + verdicts["kept_late"]),
                                               ("under_way", verdicts["under_way"]), ("no_news", verdicts["no_news"]),
                                               ("not_kept", verdicts["not_kept"])) if n]
            for i, (key, n) in enumerate(clauses):
                if i:
                    text("story_and" if i == len(clauses) - 1 else "story_comma")
                part(key, f"story_{key}", n=n)
    if existing:
        text("story_then")
        part(EXISTING, "story_existing_one" if existing == 1 else "story_existing", n=existing)
    text("story_end")
    if spec.near is not None and "near" in plan:
        out.extend(near_story(plan["near"].tolist(), spec.near, lang))
    return out


def near_sentence(matches: gpd.GeoDataFrame, spec: FilterSpec) -> str | None:
    """The story's sentence on stations (:func:`near_story`) as one text, for the roll-up and the citation; None
    where the view does not ask near=."""
    if spec.near is None or "near" not in matches:
        return None
    return "".join(p["text"] for p in near_story(matches["near"].tolist(), spec.near, spec.lang)).strip()


NEAR_KEYS = ("open", "building", "planned")  # layers.data.stations.STATION_STATUSES, as the story counts them


def near_story(near: list[str | None], metres: int, lang: str) -> list[dict[str, str]]:
    """What a view near stations says after its story: how many places lie within ``metres`` of a station, split by
    the best status of their stations on the date shown (``near``: each place's). "27 places lie within 600 m of a
    station (straight line, not a walk): 26 near an open station and 1 only near one under construction."."""
    counts = Counter(s for s in near if s)
    n = sum(counts.values())
    out = [{"text": t("near_gap", lang)},
           {"text": t("near_lead_one" if n == 1 else "near_lead", lang, n=n, r=metres_text(metres, lang))}]
    clauses = [(key, counts[key]) for key in NEAR_KEYS if counts[key]]
    for i, (key, count) in enumerate(clauses):
        if i:
            out.append({"text": t("story_and" if i == len(clauses) - 1 else "story_comma", lang)})
        out.append({"text": t(f"near_{key}", lang, n=count)})
    out.append({"text": t("story_end", lang)})
    return out


# A count of the promises' summary (:func:`ledger`) as the map sends it: "ledger:<kind of promise>:<verdict>".
LEDGER = "ledger"


def ledger(frame: gpd.GeoDataFrame, spec: FilterSpec) -> dict[str, Any] | None:
    """The promises' summary beside the map, of ``frame`` (the view's matches, verdicts as of its date): a row per
    kind of promise and a column per verdict found, each cell a count a reader clicks (its key: ``ledger:kind:
    verdict``, its view: :func:`story_view`), and what the verdicts a reader may misread mean. None without
    promises, or at the plan's date (nothing is due yet)."""
    plan = plan_features(frame)
    if "promise" not in plan or spec.asof == "plan":  # no verdicts without events
        return None
    plan = plan[plan["promise"] != NO_PROMISE]
    if plan.empty:
        return None
    lang, tally = spec.lang, Counter(zip(plan["commitment_class"], plan["promise"], strict=True))
    verdicts = [v for v in FILTERS["promises"].values if v != NO_PROMISE and any(v == w for _, w in tally)]
    kinds = [k for k in FILTERS["commitments"].values if any(k == c for c, _ in tally)]
    return {
        "title": t("ledger_title" if whole(spec) else "ledger_title_shown", lang, n=len(plan)),
        "columns": [{"key": v, "text": t(f"ledger_{v}", lang)} for v in verdicts],
        "rows": [{"text": label(FILTERS["commitments"].labels, k, lang),
                  "total": sum(tally[(k, v)] for v in verdicts),
                  "cells": [{"n": tally[(k, v)], "key": f"{LEDGER}:{k}:{v}"} if tally[(k, v)] else None
                            for v in verdicts]} for k in kinds],
        "notes": [t("ledger_note_no_news", lang)] * ("no_news" in verdicts)
        + [t("ledger_note_not_kept" if "not_kept" in verdicts else "ledger_note_none_not_kept", lang)],
    }


def ledger_key(key: str) -> tuple[str, str] | None:
    """(kind, verdict) of a ledger count's key, if it is one."""
    head, _, rest = key.partition(":")
    kind, _, verdict = rest.partition(":")
    ok = head == LEDGER and kind in FILTERS["commitments"].values and verdict in FILTERS["promises"].values
    return (kind, verdict) if ok and NO_PROMISE not in (kind, verdict) else None


def story_view(spec: FilterSpec, key: str) -> FilterSpec:
    """The view a part of the story selects: the view itself, narrowed to the projects the part counts (the open
    ones, the promises kept, …); a new view, framed on them."""
    base = replace(spec, feature=None, center=None, zoom=None)
    if key == EXISTING:
        return replace(base, parts=frozenset({EXISTING}))
    if key == "adds":
        return replace(base, parts=frozenset({"adds"}))
    if key == "open":
        return replace(base, parts=frozenset({"adds"}),
                       statuses=frozenset(s for s, stage in STAGE_OF.items() if stage == "open"))
    if key == "promised":
        return replace(base, promises=frozenset(v for v in FILTERS["promises"].values if v != NO_PROMISE))
    if cell := ledger_key(key):
        return replace(base, commitments=frozenset({cell[0]}), promises=frozenset({cell[1]}))
    return replace(base, promises=frozenset(KEPT if key == "kept" else (key,)))


def view_for(spec: FilterSpec, by: str, key: str, value: str, of: str = "statuses") -> FilterSpec:
    """The view a count selects: that row's value and the counted value (a status, a verdict), every other
    filter open but the search (the roll-up follows it); the language, basemap and date are kept. It shows
    exactly the count's projects."""
    base = replace(FilterSpec(), lang=spec.lang, basemap=spec.basemap, asof=spec.asof, q=spec.q)
    picked: dict[str, Any] = {by: frozenset({key})}  # list filters (FilterSpec fields)
    if value == EXISTING:  # the places already open in 2023, counted apart
        picked["parts"] = frozenset({EXISTING})
    else:
        picked[of] = frozenset({value})
        if of == "statuses":  # a status counts the plan's projects only
            picked["parts"] = frozenset({"adds"})
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
    """Whether the map reports a new click on a part of the story over it (``{"headline": key, "at": when}``); its
    view (:func:`story_view`) then waits in ``state`` for the next run's start (:func:`take_pending`), since the
    widgets of this run are drawn already."""
    picked, at = (result or {}).get("headline"), (result or {}).get("at")
    if not isinstance(picked, str) or not (picked in STORY_KEYS or ledger_key(picked)):
        return False
    if at == state.get("last_headline"):
        return False
    state["last_headline"] = at
    state["pending_view"] = story_view(spec, picked)
    return True


def take_pending(state: MutableMapping[str, Any]) -> None:
    """At a run's start, before the widgets: the view a headline click asked for, if any."""
    if (view := state.pop("pending_view", None)) is not None:
        adopt(state, view)
