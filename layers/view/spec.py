"""The view a reader has chosen, as one small value (:class:`FilterSpec`), and its round trips: through the
URL (a shared link) and through the page's widgets (their state in a session)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from layers.data import asof, schema
from layers.data.promises import CLASSES, PROMISE_VALUES
from layers.data.stations import NEAR_DISTANCES
from layers.view.i18n import (
    CATEGORY_LABELS,
    CLASS_LABELS,
    GROUP_LABELS,
    LANGUAGES,
    PART_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    t,
)


@dataclass(frozen=True)
class Notice:
    """Why part of a link was ignored: its wording's key (``notice_<key>`` in ``layers.view.i18n``) and the values
    it names. Text values are what a link holds (a parameter's name, the value as typed and quoted, the values
    it allows): the page shows them as such, in any language; a count is a number in the sentence."""

    key: str
    values: tuple[tuple[str, str | int], ...] = ()

    def text(self, lang: str) -> str:
        """The notice worded in ``lang``."""
        return t(f"notice_{self.key}", lang, **dict(self.values))

    def __str__(self) -> str:
        return self.text("en")  # the command line's words


def _notice(kind: str, /, **values: str | int) -> Notice:
    return Notice(kind, tuple(values.items()))


@dataclass(frozen=True)
class ListFilter:
    """A filter that picks values from a list: everything about it, in one row of :data:`LIST_FILTERS`.

    The URL and the command line, the spec, the sidebar's widgets, the filtering, the summaries and the
    view's file name all iterate the table, so a new list filter is a new row (and its labels).
    """

    key: str  # the URL parameter and the command-line option
    attr: str  # the FilterSpec field, and the key of its sidebar widget (a multiselect)
    field: str  # the data column it tests (layers.data.catalog's frame)
    values: tuple[str, ...]  # what it allows, in the order lists, links and summaries give them
    labels: dict[str, dict[str, str]]  # value -> language -> label (layers.view.i18n)
    title: str  # the i18n key of its heading
    checkboxes: bool = False  # a checkbox per value (widget key "<field>_<value>") instead of a multiselect
    # Its multiselect starts empty, and empty means every value (the options with none left out): a reader adds
    # what to keep, as in a map tool's filter, rather than unpicking five chips to see one.
    empty_means_all: bool = False

    def widget_key(self, value: str) -> str:
        """The key of a value's checkbox (for a filter of ``checkboxes``)."""
        return f"{self.field}_{value}"


LIST_FILTERS = (
    ListFilter("regions", "regions", "region", schema.REGIONS, REGION_LABELS, "regions", checkboxes=True),
    ListFilter("categories", "categories", "category", schema.CATEGORIES, CATEGORY_LABELS, "categories"),
    ListFilter("groups", "groups", "plan_group", schema.PLAN_GROUPS, GROUP_LABELS, "groups"),
    ListFilter("status", "statuses", "status", schema.VIEW_STATUSES, STATUS_LABELS, "status"),
    # What the plan adds, or a place already open in 2023 that it names (layers.data.schema.plan_part).
    ListFilter("part", "parts", "plan_part", schema.PLAN_PARTS, PART_LABELS, "plan_part"),
    # The plan's promise: its kind (layers.data.promises.CLASSES), and its verdict as of the date shown.
    ListFilter("commitment", "commitments", "commitment_class", CLASSES, CLASS_LABELS, "commitment_class",
               empty_means_all=True),
    ListFilter("promise", "promises", "promise", PROMISE_VALUES, VERDICT_LABELS, "promise", empty_means_all=True),
)
BASEMAPS = ("offline", "osm", "carto", "esri", "gaode")
DEFAULT_BASEMAP = "offline"
NEAR_WORDS = tuple(str(m) for m in NEAR_DISTANCES)  # what near= takes ("600", or "600m")
# The sidebar's: anywhere (0: a widget whose value is None shows no choice at all), or within one distance.
NEAR_CHOICES = (0, *NEAR_DISTANCES)
MAX_QUERY_CHARS = 200
MAX_PARAM_CHARS = 2000
_ID_RE = re.compile(schema.ID_PATTERN)
# Every share-link parameter (and command-line option), list filters first.
PARAMS = (*(f.key for f in LIST_FILTERS), "q", "near", "basemap", "lang", "feature", "center", "zoom", "asof", "since",
          "compare")
MIN_ZOOM, MAX_ZOOM = 8, 18
# What a notice says a date parameter accepts (the words around them: layers/view/i18n.py).
DATE_WORDS = {"plan": asof.PLAN, "latest": asof.LATEST, "form": "YYYY-MM-DD", "first": asof.PLAN_DATE.isoformat()}
# Every notice a link may get (``notice_<key>`` in layers.view.i18n), for a page that words them itself (the door).
NOTICE_KEYS = ("unknown_param", "repeated", "too_long", "empty_list", "unknown_values", "unknown_value", "q_cut",
               "unknown_feature", "bad_asof", "bad_compare", "compare_same", "bad_since", "since_after", "bad_view",
               "view_far", "view_zoom")
# A framed view must look at Shanghai and its surroundings: anything else is a typo, not a view.
CENTER_BOUNDS = (30.0, 32.5, 120.0, 123.0)  # lat min, lat max, lon min, lon max


@dataclass(frozen=True)
class FilterSpec:
    """What to show: regions, categories and statuses (sets), a search text, basemap, language, selection."""

    regions: frozenset[str] = frozenset(schema.REGIONS)
    categories: frozenset[str] = frozenset(schema.CATEGORIES)
    groups: frozenset[str] = frozenset(schema.PLAN_GROUPS)  # the plan's own groups (rail lines, road projects, …)
    statuses: frozenset[str] = frozenset(schema.VIEW_STATUSES)
    parts: frozenset[str] = frozenset(schema.PLAN_PARTS)
    commitments: frozenset[str] = frozenset(CLASSES)
    promises: frozenset[str] = frozenset(PROMISE_VALUES)
    q: str = ""
    near: int | None = None  # metres (layers.data.stations.NEAR_DISTANCES): only what lies this close to a station
    basemap: str = DEFAULT_BASEMAP
    lang: str = "en"
    feature: str | None = None
    center: tuple[float, float] | None = None  # (lat, lon) of a view framed by hand, with ``zoom``
    zoom: float | None = None  # fractional, to a tenth (the map's zoomSnap)
    asof: str = asof.DEFAULT  # "plan", "latest" or an ISO date: whose statuses the map shows (layers.data.asof)
    since: str | None = None  # an ISO date before ``asof``: what changed since then is listed and marked
    compare: str | None = None  # "plan" or an ISO date other than ``asof``: shown beside it across a divider
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    def chosen(self, list_filter: ListFilter) -> list[str]:
        """The values this view picks in a list filter, in the filter's order."""
        picked = getattr(self, list_filter.attr)
        return [v for v in list_filter.values if v in picked]

    def narrows(self, list_filter: ListFilter) -> bool:
        """Whether this view leaves out some values of a list filter."""
        return getattr(self, list_filter.attr) != frozenset(list_filter.values)

    @property
    def narrowed(self) -> bool:
        """Whether this view leaves some of the plan out: a search, a distance from stations, or a list filter that
        narrows."""
        return bool(self.q) or self.near is not None or any(self.narrows(f) for f in LIST_FILTERS)

    def to_query_params(self) -> dict[str, str]:
        """URL parameters for this view; defaults are left out so links stay short."""
        out: dict[str, str] = {}
        for f in LIST_FILTERS:
            if self.narrows(f):
                out[f.key] = ",".join(self.chosen(f))
        if self.q:
            out["q"] = self.q
        if self.near is not None:
            out["near"] = str(self.near)
        if self.basemap != DEFAULT_BASEMAP:
            out["basemap"] = self.basemap
        if self.lang != "en":
            out["lang"] = self.lang
        if self.feature:
            out["feature"] = self.feature
        if self.asof != asof.DEFAULT:
            out["asof"] = self.asof
        if self.since:
            out["since"] = self.since
        if self.compare:
            out["compare"] = self.compare
        if self.center is not None and self.zoom is not None:
            out["center"] = f"{self.center[0]:.5f},{self.center[1]:.5f}"
            out["zoom"] = f"{self.zoom:g}"
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | Sequence[str]],
                          known_ids: Iterable[str] | None = None) -> FilterSpec:
        """Parse URL parameters; anything unknown or malformed is ignored and noted in ``notices``."""
        notices: list[Notice] = []
        raw = _single_values(params, notices)
        values: dict[str, Any] = {}
        for f in LIST_FILTERS:
            if f.key in raw:
                chosen = _parse_list(raw[f.key], f.values, f.key, notices)
                if chosen is not None:
                    values[f.attr] = frozenset(chosen)
        if "q" in raw:
            q = _clean_text(raw["q"])
            if len(q) > MAX_QUERY_CHARS:
                notices.append(_notice("q_cut", n=MAX_QUERY_CHARS))
            values["q"] = q[:MAX_QUERY_CHARS]
        if "near" in raw:
            near = raw["near"].strip().lower().removesuffix("m").strip()
            if near in NEAR_WORDS:
                values["near"] = int(near)
            else:
                notices.append(_notice("unknown_value", key="near", value=_show(raw["near"].strip()),
                                       allowed=", ".join(NEAR_WORDS)))
        for key, allowed in (("basemap", BASEMAPS), ("lang", LANGUAGES)):
            if key in raw:
                value = raw[key].strip().lower()
                if value in allowed:
                    values[key] = value
                else:
                    notices.append(_notice("unknown_value", key=key, value=_show(value), allowed=", ".join(allowed)))
        if "feature" in raw:
            fid = raw["feature"].strip()
            ids = set(known_ids) if known_ids is not None else None
            if _ID_RE.match(fid) and (ids is None or fid in ids):
                values["feature"] = fid
            else:
                notices.append(_notice("unknown_feature", value=_show(fid)))
        values.update(_parse_frame(raw, notices))
        values.update(_parse_time(raw, notices))
        return cls(**values, notices=tuple(notices))


def _parse_time(raw: Mapping[str, str], notices: list[Notice]) -> dict[str, object]:
    """``asof``, then ``since`` and ``compare``, each checked against the date shown."""
    values: dict[str, object] = {}
    if "asof" in raw:
        day = asof.parse_asof(raw["asof"])
        if day is None:
            notices.append(_notice("bad_asof", key="asof", value=_show(raw["asof"]), **DATE_WORDS))
        else:
            values["asof"] = day
    for key, parse in (("since", _parse_since), ("compare", _parse_compare)):  # each against the date shown
        if key in raw:
            values.update(parse(raw[key], str(values.get("asof", asof.DEFAULT)), notices))
    return values


def _parse_compare(text: str, shown: str, notices: list[Notice]) -> dict[str, object]:
    """``compare=plan|YYYY-MM-DD``: another date to show beside the date shown (else noted and ignored)."""
    day = asof.parse_asof(text)
    if day is None or day == asof.LATEST:
        notices.append(_notice("bad_compare", key="compare", value=_show(text), **DATE_WORDS))
        return {}
    if day == shown:
        notices.append(_notice("compare_same", key="compare", day=day))
        return {}
    return {"compare": day}


def _parse_since(text: str, shown: str, notices: list[Notice]) -> dict[str, object]:
    """``since=YYYY-MM-DD``: a day from the plan's date, before the date shown (else noted and ignored)."""
    day = asof.parse_asof(text)
    if day is None or asof.asof_kind(day) != asof.DATE:
        notices.append(_notice("bad_since", key="since", value=_show(text), **DATE_WORDS))
        return {}
    if _since_before(day, shown) is None:
        notices.append(_notice("since_after", key="since", day=day, shown=shown))
        return {}
    return {"since": day}


def _parse_frame(raw: Mapping[str, str], notices: list[Notice]) -> dict[str, object]:
    """``center=LAT,LON`` and ``zoom=Z``: both valid, or neither (a centre without a zoom frames nothing)."""
    if "center" not in raw and "zoom" not in raw:
        return {}
    parts = [p.strip() for p in raw.get("center", "").split(",")]
    try:
        lat, lon = (float(v) for v in parts)
        zoom = round(float(raw.get("zoom", "").strip()), 1)
    except ValueError:
        notices.append(_notice("bad_view", center="'center'", latlon="LAT,LON", zoom="'zoom'"))
        return {}
    lat_min, lat_max, lon_min, lon_max = CENTER_BOUNDS
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        notices.append(_notice("view_far", center=f"{lat:.4f},{lon:.4f}", order="lat, lon"))
        return {}
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:  # also NaN
        notices.append(_notice("view_zoom", zoom=f"{zoom:g}", low=MIN_ZOOM, high=MAX_ZOOM))
        return {}
    return {"center": (round(lat, 5), round(lon, 5)), "zoom": zoom}


def _single_values(params: Mapping[str, str | Sequence[str]], notices: list[Notice]) -> dict[str, str]:
    """One string per known parameter: the last of repeated keys; oversized values dropped."""
    out: dict[str, str] = {}
    for key in sorted(set(params) - set(PARAMS)):
        notices.append(_notice("unknown_param", name=_show(key)))
    for key in PARAMS:
        if key not in params:
            continue
        value = params[key]
        if not isinstance(value, str):
            values = list(value)
            if len(values) > 1:
                notices.append(_notice("repeated", key=_show(key), n=len(values)))
            value = values[-1] if values else ""
        if len(value) > MAX_PARAM_CHARS:
            notices.append(_notice("too_long", key=_show(key), n=len(value)))
            continue
        out[key] = value
    return out


def _show(value: str, limit: int = 40) -> str:
    """A value quoted for a notice, shortened; the caller's display escapes it."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


def _clean_text(text: str) -> str:
    # Drop control and zero-width/bidi formatting characters (they only ever hide what is typed) and lone
    # surrogates (they cannot be written back to the address bar as UTF-8).
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs")).strip()


def _parse_list(raw: str, universe: tuple[str, ...], key: str, notices: list[Notice]) -> list[str] | None:
    parts = [p.strip().lower() for p in raw.split(",") if p.strip()]
    if not parts:
        if raw == "":
            return []  # an explicit empty list: nothing of this kind selected
        notices.append(_notice("empty_list", key=_show(key)))
        return None
    known = [p for p in parts if p in universe]
    unknown = [p for p in parts if p not in universe]
    if unknown:
        notices.append(_notice("unknown_values", key=key, values=", ".join(_show(u) for u in unknown[:5]),
                               expected=", ".join(universe)))
    if not known:
        return None  # nothing usable: keep the default rather than show an empty map
    return [v for v in universe if v in known]


# --- the page's widgets -------------------------------------------------------------------------------------
# The sidebar's widgets hold a view in a session: their keys, and the state a spec gives them and takes back.
# A view framed by hand in a link (``center`` and ``zoom``) is kept apart as ``framed`` and holds until the
# reader changes the view.


def widget_state(spec: FilterSpec, today: date | None = None) -> dict[str, Any]:
    """The widgets' state for ``spec`` (a session's first view, from its link), with the link's notices."""
    lists: dict[str, Any] = {}
    for f in LIST_FILTERS:
        chosen = [] if f.empty_means_all and not spec.narrows(f) else spec.chosen(f)
        lists.update({f.widget_key(v): v in chosen for v in f.values} if f.checkboxes else {f.attr: chosen})
    return {
        "lang": spec.lang, **lists,
        "q": spec.q, "near": spec.near or 0, "basemap": spec.basemap, "feature": spec.feature, "since": spec.since,
        "compare": spec.compare,
        "asof_mode": asof.asof_kind(spec.asof), "asof_day": asof.asof_day(spec.asof) or today or date.today(),
        "url_notices": spec.notices,
        "framed": (spec.center, spec.zoom, replace(spec, center=None, zoom=None)) if spec.center else None,
    }


def _since_before(since: str | None, shown: str) -> str | None:
    # A link's since= holds while the date shown stays after it (a reader may pick an earlier date).
    return since if since and date.fromisoformat(since) < asof.day_of(shown) else None


def reset_state(lang: str) -> dict[str, Any]:
    """The widgets' state for the default view, keeping the language."""
    state = widget_state(FilterSpec(lang=lang))
    del state["asof_day"], state["lang"]  # the date picker keeps its day for the next time it is shown
    return state


def spec_from_widgets(state: MutableMapping[str, Any], known_ids: Container[str]) -> FilterSpec:
    """The view the widgets describe; a hand-framed view is kept while the rest of the view is unchanged
    (``state["framed"]`` is dropped once it changes)."""
    feature = state.get("feature")
    lists: dict[str, Any] = {f.attr: frozenset(v for v in f.values if state.get(f.widget_key(v), True)) if f.checkboxes
             else frozenset(state.get(f.attr) or f.values) if f.empty_means_all
             else frozenset(state.get(f.attr, f.values)) for f in LIST_FILTERS}
    spec = FilterSpec(
        asof=asof.asof_value(state["asof_mode"], state["asof_day"]), **lists,
        q=state["q"].strip(), near=state.get("near") if state.get("near") in NEAR_DISTANCES else None,
        basemap=state["basemap"], lang=state["lang"],
        feature=feature if feature in known_ids else None,
        since=_since_before(state.get("since"), shown := asof.asof_value(state["asof_mode"], state["asof_day"])),
        compare=state.get("compare") if state.get("compare") != shown else None,
    )
    framed = state.get("framed")
    if framed and framed[2] == spec:
        return replace(spec, center=framed[0], zoom=framed[1])
    state["framed"] = None
    return spec
