"""The view a user has chosen, as one small value, and its round trip through the URL."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.data import asof, schema
from layers.view.i18n import CATEGORY_LABELS, LANGUAGES, PRECISION_LABELS, REGION_LABELS, STATUS_LABELS, label, t

BASEMAPS = ("offline", "osm", "carto", "esri", "gaode")
DEFAULT_BASEMAP = "offline"
MAX_QUERY_CHARS = 200
MAX_PARAM_CHARS = 2000
_ID_RE = re.compile(schema.ID_PATTERN)
PARAMS = ("regions", "categories", "status", "q", "basemap", "lang", "feature", "center", "zoom", "asof")
MIN_ZOOM, MAX_ZOOM = 8, 18
# A framed view must look at Shanghai and its surroundings: anything else is a typo, not a view.
CENTER_BOUNDS = (30.0, 32.5, 120.0, 123.0)  # lat min, lat max, lon min, lon max
SEARCH_FIELDS = ("name_zh", "name_en", "source_quote", "description_en", "description_zh", "address_zh")


@dataclass(frozen=True)
class FilterSpec:
    """What to show: regions, categories and statuses (sets), a search text, basemap, language, selection."""

    regions: frozenset[str] = frozenset(schema.REGIONS)
    categories: frozenset[str] = frozenset(schema.CATEGORIES)
    statuses: frozenset[str] = frozenset(schema.VIEW_STATUSES)
    q: str = ""
    basemap: str = DEFAULT_BASEMAP
    lang: str = "en"
    feature: str | None = None
    center: tuple[float, float] | None = None  # (lat, lon) of a view framed by hand, with ``zoom``
    zoom: int | None = None
    asof: str = asof.DEFAULT  # "plan", "latest" or an ISO date: whose statuses the map shows (layers.data.asof)
    notices: tuple[str, ...] = field(default=(), compare=False)

    def with_changes(self, **changes: object) -> FilterSpec:
        """A copy with some fields changed (sequences become frozensets)."""
        for key in ("regions", "categories", "statuses"):
            if key in changes:
                changes[key] = frozenset(changes[key])  # type: ignore[arg-type]
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_query_params(self) -> dict[str, str]:
        """URL parameters for this view; defaults are left out so links stay short."""
        out: dict[str, str] = {}
        for key, values, universe in (("regions", self.regions, schema.REGIONS),
                                      ("categories", self.categories, schema.CATEGORIES),
                                      ("status", self.statuses, schema.VIEW_STATUSES)):
            if values != frozenset(universe):
                out[key] = ",".join(v for v in universe if v in values)
        if self.q:
            out["q"] = self.q
        if self.basemap != DEFAULT_BASEMAP:
            out["basemap"] = self.basemap
        if self.lang != "en":
            out["lang"] = self.lang
        if self.feature:
            out["feature"] = self.feature
        if self.asof != asof.DEFAULT:
            out["asof"] = self.asof
        if self.center is not None and self.zoom is not None:
            out["center"] = f"{self.center[0]:.5f},{self.center[1]:.5f}"
            out["zoom"] = str(self.zoom)
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | Sequence[str]],
                          known_ids: Iterable[str] | None = None) -> FilterSpec:
        """Parse URL parameters; anything unknown or malformed is ignored and noted in ``notices``."""
        notices: list[str] = []
        raw = _single_values(params, notices)
        values: dict[str, object] = {}
        for key, universe, target in (("regions", schema.REGIONS, "regions"),
                                      ("categories", schema.CATEGORIES, "categories"),
                                      ("status", schema.VIEW_STATUSES, "statuses")):
            if key in raw:
                chosen = _parse_list(raw[key], universe, key, notices)
                if chosen is not None:
                    values[target] = frozenset(chosen)
        if "q" in raw:
            q = _clean_text(raw["q"])
            if len(q) > MAX_QUERY_CHARS:
                notices.append(f"search text cut to {MAX_QUERY_CHARS} characters")
            values["q"] = q[:MAX_QUERY_CHARS]
        for key, allowed in (("basemap", BASEMAPS), ("lang", LANGUAGES)):
            if key in raw:
                value = raw[key].strip().lower()
                if value in allowed:
                    values[key] = value
                else:
                    notices.append(f"unknown {key} {_show(value)} ignored (expected one of: {', '.join(allowed)})")
        if "feature" in raw:
            fid = raw["feature"].strip()
            ids = set(known_ids) if known_ids is not None else None
            if _ID_RE.match(fid) and (ids is None or fid in ids):
                values["feature"] = fid
            else:
                notices.append(f"unknown feature {_show(fid)} ignored")
        values.update(_parse_frame(raw, notices))
        if "asof" in raw:
            day = asof.parse_asof(raw["asof"])
            if day is None:
                notices.append(f"unknown asof {_show(raw['asof'])} ignored (expected plan, latest or a date "
                               f"YYYY-MM-DD from {asof.PLAN_DATE.isoformat()} to today)")
            else:
                values["asof"] = day
        return cls(**values, notices=tuple(notices))  # type: ignore[arg-type]


def _parse_frame(raw: Mapping[str, str], notices: list[str]) -> dict[str, object]:
    """``center=LAT,LON`` and ``zoom=Z``: both valid, or neither (a centre without a zoom frames nothing)."""
    if "center" not in raw and "zoom" not in raw:
        return {}
    parts = [p.strip() for p in raw.get("center", "").split(",")]
    try:
        lat, lon = (float(v) for v in parts)
        zoom = int(raw.get("zoom", "").strip())
    except ValueError:
        notices.append("view ignored: 'center' must be LAT,LON and 'zoom' a whole number, both given")
        return {}
    lat_min, lat_max, lon_min, lon_max = CENTER_BOUNDS
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        notices.append(f"view ignored: center {lat:.4f},{lon:.4f} is not near Shanghai (lat, lon order)")
        return {}
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        notices.append(f"view ignored: zoom {zoom} is outside {MIN_ZOOM}-{MAX_ZOOM}")
        return {}
    return {"center": (round(lat, 5), round(lon, 5)), "zoom": zoom}


def _single_values(params: Mapping[str, str | Sequence[str]], notices: list[str]) -> dict[str, str]:
    """One string per known parameter: the last of repeated keys; oversized values dropped."""
    out: dict[str, str] = {}
    for key in sorted(set(params) - set(PARAMS)):
        notices.append(f"unknown parameter {_show(key)} ignored")
    for key in PARAMS:
        if key not in params:
            continue
        value = params[key]
        if not isinstance(value, str):
            values = list(value)
            if len(values) > 1:
                notices.append(f"parameter '{key}' given {len(values)} times; the last one is used")
            value = values[-1] if values else ""
        if len(value) > MAX_PARAM_CHARS:
            notices.append(f"parameter '{key}' is too long ({len(value)} characters) and was ignored")
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


def _parse_list(raw: str, universe: tuple[str, ...], key: str, notices: list[str]) -> list[str] | None:
    parts = [p.strip().lower() for p in raw.split(",") if p.strip()]
    if not parts:
        if raw == "":
            return []  # an explicit empty list: nothing of this kind selected
        notices.append(f"parameter '{key}' holds no values and was ignored")
        return None
    known = [p for p in parts if p in universe]
    unknown = [p for p in parts if p not in universe]
    if unknown:
        notices.append(f"unknown {key} value(s) {', '.join(_show(u) for u in unknown[:5])} ignored "
                       f"(expected: {', '.join(universe)})")
    if not known:
        return None  # nothing usable: keep the default rather than show an empty map
    return [v for v in universe if v in known]


def normalise(text: str) -> str:
    """Case- and width-insensitive form for searching (NFKC, casefold)."""
    return unicodedata.normalize("NFKC", text).casefold()


REGION_KIND = frozenset({"region"})


def _among(frame: pd.DataFrame, column: str, allowed: frozenset[str]) -> np.ndarray:
    """Which rows have ``column`` in ``allowed``, over a plain list: each pandas comparison or isin on
    Arrow-backed strings (and each intermediate GeoDataFrame) cost more than a whole filter here."""
    return np.fromiter((v in allowed for v in frame[column].tolist()), dtype=bool, count=len(frame))


def apply_filters(frame: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """The plan features ``spec`` lets through, in the frame's order (region outlines excluded)."""
    mask = ~_among(frame, "kind", REGION_KIND) & _among(frame, "region", spec.regions)
    mask &= _among(frame, "category", spec.categories) & _among(frame, "status", spec.statuses)
    if spec.q:
        needle = normalise(spec.q)
        texts = zip(*(frame[field].tolist() for field in SEARCH_FIELDS), strict=True)
        mask &= np.fromiter((needle in normalise(" ".join(v for v in row if isinstance(v, str))) for row in texts),
                            dtype=bool, count=len(frame))
    return frame[mask]


def region_outlines(frame: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """The outlines of the regions switched on: they go with their region, whatever the other filters."""
    return frame[_among(frame, "kind", REGION_KIND) & _among(frame, "region", spec.regions)]


def plan_features(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every feature but the region outlines: what the match count counts."""
    return frame[frame["kind"] != "region"]


def ids_digest(ids: Iterable[str]) -> str:
    """A short digest of a list of ids: a cache key that is cheap to hash (10,000 ids hash in ~1 ms)."""
    return hashlib.sha1("\x1f".join(ids).encode("utf-8"), usedforsecurity=False).hexdigest()


def table_frame(matches: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """The matches as the page's table: name, category, region, status, precision, in ``lang``.

    Labels are looked up in small dicts over plain lists: pandas' own mapping of Arrow strings cost
    ~8 % of a rerun's server time.
    """
    def labels(column: str, table: dict[str, dict[str, str]], universe: tuple[str, ...]) -> list[str]:
        lookup = {v: label(table, v, lang) for v in universe}
        return [lookup.get(v, v) for v in matches[column].tolist()]

    return pd.DataFrame({
        t("name", lang): matches[f"name_{lang}"].tolist(),
        t("category", lang): labels("category", CATEGORY_LABELS, schema.CATEGORIES),
        t("region", lang): labels("region", REGION_LABELS, schema.REGIONS),
        t("status", lang): labels("status", STATUS_LABELS, schema.VIEW_STATUSES),
        t("precision", lang): labels("precision", PRECISION_LABELS, schema.PRECISIONS),
    })
