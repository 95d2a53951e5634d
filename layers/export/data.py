"""The data exports: GeoJSON (RFC 7946), CSV, GeoPackage, and the progress events as a CSV table.

GeoPackage goes through a private temporary folder that is removed afterwards. A CSV is opened in a
spreadsheet, which runs a cell that looks like a formula: every text cell that could is written as text
(:func:`neutralised`).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from layers.data import schema
from layers.data.events import EXPORT_COLUMNS as EVENT_COLUMNS
from layers.data.events import Events
from layers.export.formats import Job, register
from layers.view.details import verdict_text
from layers.view.filters import apply_filters, near_statuses
from layers.view.i18n import (
    CATEGORY_LABELS,
    CLASS_LABELS,
    CONFIRMATION_LABELS,
    PART_LABELS,
    PRECISION_LABELS,
    REGION_LABELS,
    STATION_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    label,
)
from layers.view.near import NEAREST_COLUMNS, nearest_columns
from layers.view.spec import FilterSpec

EXPORT_COLUMNS = ("layer", *schema.COLUMNS)
# The promise ledger's columns an export carries (not its rule's inner lists: the README's table says them): the
# verdict, the event that decided it and what it rests on (a report, an inference: BASES; the line's news; a
# copy), and ``verdict_note``, the verdict in words in the export's language (layers.view.details.verdict_text).
PROMISE_COLUMNS = ("commitment", "commitment_class", "horizon", "verdict", "verdict_note", "verdict_date",
                   "verdict_url", "verdict_event", "verdict_basis", "verdict_via", "verdict_copy")
# The coded columns a reader gets a label beside (``<code>_label``, in the export's language): "under_construction"
# and "Under construction" / "在建", so a spreadsheet reads without the README.
LABELLED = {"category": CATEGORY_LABELS, "region": REGION_LABELS, "status": STATUS_LABELS,
            "status_2023": STATUS_LABELS, "plan_part": PART_LABELS, "precision": PRECISION_LABELS,
            "confirmation": CONFIRMATION_LABELS, "commitment_class": CLASS_LABELS, "verdict": VERDICT_LABELS,
            "nearest_station_status": STATION_LABELS, "near_status": STATION_LABELS}
# OWASP's rule against CSV injection: a cell starting with one of these is read by a spreadsheet as a formula
# (a tab or CR may hide one after it); an apostrophe before it makes it text, and the spreadsheet shows no apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATA_ATTRIBUTION = ("Positions: © OpenStreetMap contributors (ODbL), Amap, Baidu and Wikipedia sources as listed in "
                    "geodata/positions.csv; plan text: Minhang District 2023 plan")


def export_frame(frame: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """The features an export holds: the matching ones (region outlines are context, not data).

    A frame with statuses as of a date (:func:`layers.data.events.frame_as_of`) also keeps the plan's own
    status (``status_2023``) and the opening date (``opened_on``) beside the status shown, and the plan's
    promise (its words, class and horizon) with its verdict as of that date and the report that decided it.
    """
    near = near_statuses(frame, spec.near) if spec.near is not None else None
    out = apply_filters(frame, spec, near)
    if "verdict" in out.columns:
        names = dict(zip(frame.index, frame[f"name_{spec.lang}"], strict=True))
        notes: list[str | None] = [verdict_text(row, spec.lang, names) if isinstance(row.get("verdict"), str)
                                   else None for _, row in out.iterrows()]
        out = out.assign(verdict_note=pd.Series(notes, index=out.index, dtype=object))
    # Its nearest station (straight line), and with near= the best status of its stations within that distance.
    out = out.assign(**{c: pd.Series(v, index=out.index, dtype=object)
                        for c, v in nearest_columns(frame, list(out.index), spec.lang).items()})
    if near is not None:
        best = dict(zip(frame.index, near, strict=True))
        out = out.assign(near_status=pd.Series([best[f] for f in out.index], index=out.index, dtype=object))
    extra = [c for c in ("status_2023", "plan_part", "opened_on", "last_checked", *PROMISE_COLUMNS, *NEAREST_COLUMNS,
                         "near_status") if c in out.columns]
    columns: list[str] = []
    for column in [*EXPORT_COLUMNS, *extra]:  # each code with its label beside it, in the export's language
        columns.append(column)
        if column in LABELLED:
            table = LABELLED[column]
            labels = [label(table, v, spec.lang) if isinstance(v, str) else None for v in out[column]]
            out = out.assign(**{f"{column}_label": pd.Series(labels, index=out.index, dtype=object)})
            columns.append(f"{column}_label")
    return out[[*columns, "geometry"]]


def event_table(events: Events | None, ids: list[str], lang: str | None = None) -> pd.DataFrame:
    """The progress events of the given features, one row each, in the sidecar's order; with ``lang``, each
    status's label beside it (``status_label``)."""
    if events is None or events.table.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    table = events.table[events.table["feature_id"].isin(ids)]
    table = table[[c for c in EVENT_COLUMNS if c in table.columns]].reset_index(drop=True)
    if lang is not None and "status" in table.columns:
        at = list(table.columns).index("status") + 1
        table.insert(at, "status_label", [label(STATUS_LABELS, v, lang) if isinstance(v, str) else None
                                          for v in table["status"]])
    return table


@register("geojson", "geojson", "application/geo+json")
def _geojson(job: Job) -> bytes:
    return to_geojson(export_frame(job.frame, job.spec), job.events)


def to_geojson(frame: gpd.GeoDataFrame, events: Events | None = None) -> bytes:
    """RFC 7946 GeoJSON (WGS-84, no ``crs`` member), every property, ids kept; each feature's progress
    events (if any were given) in an ``events`` property."""
    data = json.loads(frame.to_crs("EPSG:4326").to_json(drop_id=True, na="null"))
    table = event_table(events, list(frame.index))
    for feature in data["features"]:
        feature["id"] = feature["properties"]["id"]
        if events is not None:
            rows = table[table["feature_id"] == feature["id"]].drop(columns="feature_id")
            feature["properties"]["events"] = json.loads(rows.to_json(orient="records", force_ascii=False))
    data.pop("crs", None)
    # Positions derive in part from OpenStreetMap (ODbL): the credit travels with the data.
    data["attribution"] = DATA_ATTRIBUTION
    return json.dumps(data, ensure_ascii=False, indent=None).encode("utf-8")


@register("csv", "csv", "text/csv")
def _csv(job: Job) -> bytes:
    return to_csv(export_frame(job.frame, job.spec))


def to_csv(frame: gpd.GeoDataFrame) -> bytes:
    """One row per feature: every property, ``lon``/``lat`` (a point on the feature) and ``wkt``."""
    points = frame.geometry.representative_point()
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["lon"] = points.x.round(6)
    table["lat"] = points.y.round(6)
    table["wkt"] = frame.geometry.to_wkt(rounding_precision=6)
    # utf-8-sig: spreadsheet programs then read the Chinese text correctly.
    return neutralised(table).to_csv(index=False).encode("utf-8-sig")


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell a spreadsheet would run as a formula prefixed with ``'``. Only text:
    numbers (``lon``/``lat``, a year) stay numbers, a negative one included."""
    def cell(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value

    return table.assign(**{c: table[c].map(cell) for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])})


@register("gpkg", "gpkg", "application/geopackage+sqlite3")
def _gpkg(job: Job) -> bytes:
    return to_gpkg(export_frame(job.frame, job.spec), events=job.events)


def to_gpkg(frame: gpd.GeoDataFrame, layer: str = "minhang_plan", events: Events | None = None) -> bytes:
    """A GeoPackage of the features (and an ``events`` table of their progress events, if given), written
    in a private temporary folder that is then removed."""
    with tempfile.TemporaryDirectory(prefix="minhang-export-") as tmp:
        path = Path(tmp) / "export.gpkg"
        frame.reset_index(drop=True).to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        if events is not None:
            pyogrio.write_dataframe(event_table(events, list(frame.index)), path, layer="events", driver="GPKG",
                                    append=True)
        return path.read_bytes()


# The progress events as a table of their own (one row per event): CSV beside the features' CSV.
@register("events", "events.csv", "text/csv")
def _events(job: Job) -> bytes:
    return to_events_csv(export_frame(job.frame, job.spec), job.events, job.spec.lang)


def to_events_csv(frame: gpd.GeoDataFrame, events: Events | None, lang: str = "en") -> bytes:
    """The progress events of the exported features, one row per event, each status's label beside it in
    ``lang`` (UTF-8 with BOM, like the CSV)."""
    return neutralised(event_table(events, list(frame.index), lang)).to_csv(index=False).encode("utf-8-sig")
