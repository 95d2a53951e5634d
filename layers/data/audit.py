"""Position audit: is every plan feature drawn where its sources put it, and who confirms it?

Two facts about a position, each a field of the feature (``layers.data.schema``):

- ``precision`` is the geometry: how close the drawing is to the thing itself. *exact*: within 100 m of a
  source position of the thing, or its traced outline or track; *approximate*: within ~350 m, or a line
  through every known station along its real corridor, or an area built on real roads from published
  bounds; *schematic*: placed by hand, interpolated, a stand-in, or farther off.
- ``confirmation`` is who locates it: *cross_checked* when sources of two or more independent families
  (``layers.data.sources``) agree with the drawing, *single_source* for one family, *unsourced* for none.

The sources live in ``geodata/positions.csv``, one row per source position::

    feature_id, source, reference, date, licence, datum, lon_source, lat_source, lon, lat, what, tolerance_m

``lon_source``/``lat_source`` are as the source gives them (in ``datum``); ``lon``/``lat`` are the WGS-84
position, and the audit re-does that conversion to check it. Every row is tested, whatever the class: it
must lie within its tolerance of the drawing (:func:`tolerance_for`; ``tolerance_m`` sets another, 0 meaning
"inside the area or on the line"): exact and approximate features are held to their precision, schematic
ones to a sanity check (a point within 1 km of its source, a line within 500 m of its known stations, an
area containing the places it names). The families of the rows that pass make the confirmation, which must
be the one the feature states.
"""

from __future__ import annotations

import csv
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import Transformer
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from layers.data import schema
from layers.data.catalog import Catalog, geodata_dir, load_catalog
from layers.data.datum import bd09_to_wgs84, gcj02_to_wgs84
from layers.data.reference import METRIC_CRS
from layers.data.sources import SOURCES, family_of

COLUMNS = ("feature_id", "source", "reference", "date", "licence", "datum",
           "lon_source", "lat_source", "lon", "lat", "what", "tolerance_m")
POSITIONS_FILE = "positions.csv"
DATUMS = ("WGS-84", "GCJ-02", "BD-09")
# How far a source position may lie from the drawing, in metres, by precision, and for schematic features
# by geometry: the sanity check (a schematic area must contain the places its rows name).
TOLERANCE_M: dict[str, float] = {"exact": 100.0, "approximate": 350.0}
SANITY_M: dict[str, float] = {"point": 1000.0, "line": 500.0, "area": 0.0}
# A stored conversion may be rounded; 1e-6° is ~0.1 m, far below any tolerance, far above float noise.
CONVERSION_TOLERANCE_DEG = 1e-6
# An area's own source point (a polygon's inner point) lies inside it: 0 m, give or take float noise.
INSIDE_M = 0.5
SEARCH_WORDS = ("searched", "搜索")
EXEMPT_KINDS = ("region",)  # the map's own analytical regions: drawn by us, nothing to search for
_CONVERTERS: dict[str, Callable[[float, float], tuple[float, float]]] = {
    "GCJ-02": gcj02_to_wgs84,
    "BD-09": bd09_to_wgs84,
}


class PositionsFileError(Exception):
    """The positions file as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class PositionRow:
    """One source position as read from the CSV; ``problems`` lists what is wrong with the row on its own.

    ``family`` comes from the family registry (``layers.data.sources``), by the row's ``source``.
    """

    line: int
    feature_id: str
    family: str = ""
    source: str = ""
    reference: str = ""
    date: str = ""
    licence: str = ""
    datum: str = ""
    lon_source: float | None = None
    lat_source: float | None = None
    lon: float | None = None
    lat: float | None = None
    what: str = ""
    tolerance_m: float | None = None
    problems: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """True when the row may count as a source (it parsed and its conversion checks out)."""
        return not self.problems


@dataclass(frozen=True)
class SourceCheck:
    """A source row, its distance to the feature's geometry (``None`` without a usable position) and the
    tolerance it is held to."""

    row: PositionRow
    distance_m: float | None
    tolerance_m: float

    @property
    def agrees(self) -> bool:
        """The row is usable and lies within its tolerance of the drawing."""
        return (self.row.usable and self.distance_m is not None
                and self.distance_m <= max(self.tolerance_m, INSIDE_M))


@dataclass
class FeatureAudit:
    """The audit of one catalog feature."""

    feature_id: str
    layer: str
    kind: str | None
    precision: str
    confirmation: str
    sources: list[SourceCheck] = field(default_factory=list)
    max_pairwise_m: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no rule failed for this feature."""
        return not self.problems

    @property
    def families(self) -> list[str]:
        """The distinct families of the sources that agree with the drawing, sorted."""
        return sorted({s.row.family for s in self.sources if s.agrees})

    @property
    def found(self) -> str:
        """The confirmation the sources give: cross_checked, single_source or unsourced."""
        return confirmation_of(len(self.families))


@dataclass(frozen=True)
class SourceRef:
    """One distinct source, for the list of sources."""

    family: str
    source: str
    reference: str
    date: str
    licence: str


@dataclass(frozen=True)
class AuditTotals:
    """Counts over the plan's features (the map's own analysis regions aside)."""

    features: int
    precision: dict[str, int]
    confirmation: dict[str, int]
    failures: int


@dataclass
class AuditReport:
    """Per-feature results, totals, failures (one line each, naming the feature) and the sources used."""

    features: list[FeatureAudit]
    totals: AuditTotals
    failures: list[str]
    sources: list[SourceRef]


def confirmation_of(families: int) -> str:
    """The confirmation of a position that ``families`` independent families agree on."""
    return "cross_checked" if families >= 2 else "single_source" if families == 1 else "unsourced"


def geometry_class(geom_type: str) -> str:
    """``point``, ``line`` or ``area``: what the sanity check of a schematic feature asks."""
    return "point" if geom_type in schema.POINT else "line" if geom_type in schema.LINE else "area"


def tolerance_for(precision: str, geom_type: str, row_tolerance: float | None = None) -> float:
    """How far (m) a source row may lie from a feature's drawing: the row's own ``tolerance_m``, else its
    feature's precision's (exact, approximate), else the sanity check of a schematic geometry."""
    if row_tolerance is not None:
        return row_tolerance
    return TOLERANCE_M.get(precision, SANITY_M[geometry_class(geom_type)])


# --- reading -----------------------------------------------------------------------------------------------


def default_positions_path(geodata: str | os.PathLike[str] | None = None) -> Path:
    """``positions.csv`` in the geodata folder (the argument, else ``$MINHANG_GEODATA``, else ours)."""
    return geodata_dir(geodata) / POSITIONS_FILE


def read_positions(path: str | os.PathLike[str]) -> list[PositionRow]:
    """Read the positions CSV; a bad row becomes a row with ``problems``, a bad file a :class:`PositionsFileError`."""
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "not found"
        raise PositionsFileError(f"positions file {path} {what} (expected a CSV with the header: {','.join(COLUMNS)})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PositionsFileError(f"{path}: not UTF-8 text (byte offset {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise PositionsFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != list(COLUMNS):
            raise PositionsFileError(f"{path}: line 1: the header must be exactly: {','.join(COLUMNS)}")
        # line_num is where the record ends: the line to look at, also for a quoted field spanning lines.
        return [parse_row(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise PositionsFileError(f"{path}: line {reader.line_num}: not valid CSV: {exc}") from exc


def parse_row(line: int, cells: Sequence[str]) -> PositionRow:
    """Build a :class:`PositionRow` from one CSV record, collecting everything wrong with it."""
    if len(cells) != len(COLUMNS):
        feature_id = cells[0].strip() if cells else ""
        return PositionRow(line, feature_id, problems=(f"expected {len(COLUMNS)} columns, got {len(cells)}",))
    values = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
    problems: list[str] = []
    for name in ("feature_id", "source", "reference"):
        if not values[name]:
            problems.append(f"{name} is blank")
    family = family_of(values["source"]) if values["source"] else None
    if values["source"] and family is None:
        problems.append(f"source {values['source']!r} is not in the family registry (layers/data/sources.py): "
                        "add it there with its family")
    numbers = {name: _number(values[name], name, problems) for name in ("lon_source", "lat_source", "lon", "lat")}
    tolerance = None
    if values["tolerance_m"]:
        tolerance = _number(values["tolerance_m"], "tolerance_m", problems)
        if tolerance is not None and tolerance < 0:
            problems.append(f"tolerance_m must be a number of metres (0: inside or on the drawing), got "
                            f"{values['tolerance_m']!r}")
            tolerance = None
    if values["datum"] not in DATUMS:
        problems.append(f"unknown datum {values['datum']!r} (expected one of: {', '.join(DATUMS)})")
    else:
        lon_source, lat_source, lon, lat = numbers.values()
        if lon_source is not None and lat_source is not None and lon is not None and lat is not None:
            message = _conversion_problem(values["datum"], lon_source, lat_source, lon, lat)
            if message:
                problems.append(message)
    return PositionRow(line, values["feature_id"], family=family or "", source=values["source"],
                       reference=values["reference"], date=values["date"], licence=values["licence"],
                       datum=values["datum"], what=values["what"], lon_source=numbers["lon_source"],
                       lat_source=numbers["lat_source"], lon=numbers["lon"], lat=numbers["lat"], tolerance_m=tolerance,
                       problems=tuple(problems))


def _number(text: str, name: str, problems: list[str]) -> float | None:
    if not text:
        problems.append(f"{name} is blank")
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{name} {text!r} is not a number")
        return None
    if not math.isfinite(value):
        problems.append(f"{name} {text!r} is not a finite number")
        return None
    return value


def _conversion_problem(datum: str, lon_source: float, lat_source: float, lon: float, lat: float) -> str | None:
    if datum == "WGS-84":
        if (lon, lat) != (lon_source, lat_source):
            return "WGS-84 row: lon/lat must repeat lon_source/lat_source"
        return None
    want_lon, want_lat = _CONVERTERS[datum](lon_source, lat_source)
    if abs(want_lon - lon) <= CONVERSION_TOLERANCE_DEG and abs(want_lat - lat) <= CONVERSION_TOLERANCE_DEG:
        return None
    off = _metric_point(lon, lat).distance(_metric_point(want_lon, want_lat))
    return (f"{datum} position not converted: lon/lat should be {want_lon:.7f},{want_lat:.7f} (WGS-84), "
            f"got {lon:.7f},{lat:.7f} ({off:.0f} m off)")


# --- auditing ----------------------------------------------------------------------------------------------


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def _metric_point(lon: float, lat: float) -> Point:
    return Point(_to_metric().transform(lon, lat))


def _frame(catalog: Catalog | gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return catalog.features if isinstance(catalog, Catalog) else catalog


def run_audit(catalog: Catalog | gpd.GeoDataFrame, rows: Sequence[PositionRow]) -> AuditReport:
    """Audit the catalog's features (a :class:`Catalog` or its features frame) against the source rows."""
    frame = _frame(catalog)
    by_feature: dict[str, list[PositionRow]] = {}
    failures: list[str] = []
    for row in rows:
        if row.feature_id in frame.index:
            by_feature.setdefault(row.feature_id, []).append(row)  # its own problems are reported with the feature
            continue
        if row.feature_id:
            failures.append(f"{row.feature_id}: line {row.line}: no feature with this id in the catalog")
        failures.extend(f"{row.feature_id or '(no id)'}: line {row.line}: {problem}" for problem in row.problems)

    metric = frame.geometry.to_crs(METRIC_CRS) if len(frame) else frame.geometry
    audits = []
    for feature_id in sorted(frame.index, key=lambda i: (frame.at[i, "layer"], i)):
        audit = audit_feature(frame.loc[feature_id], metric.loc[feature_id], by_feature.get(feature_id, []))
        audits.append(audit)
        failures.extend(f"{audit.feature_id}: {problem}" for problem in audit.problems)

    plan = [a for a in audits if a.kind not in EXEMPT_KINDS]
    totals = AuditTotals(len(plan), {p: sum(a.precision == p for a in plan) for p in schema.PRECISIONS},
                         {c: sum(a.confirmation == c for a in plan) for c in schema.CONFIRMATIONS}, len(failures))
    sources = sorted({SourceRef(r.family, r.source, r.reference, r.date, r.licence) for r in rows if r.source},
                     key=lambda s: (s.family.casefold(), s.source, s.reference, s.date, s.licence))
    return AuditReport(audits, totals, failures, sources)


def audit_feature(feature: pd.Series, geometry_m: BaseGeometry, rows: list[PositionRow]) -> FeatureAudit:
    """Every rule for one feature: each row within its tolerance, points' sources agreeing with each other,
    the stated confirmation the one its sources give, a schematic position saying what was searched."""
    precision, geom_type = feature["precision"], feature["geometry"].geom_type
    points = {r.line: _metric_point(r.lon, r.lat) for r in rows if r.lon is not None and r.lat is not None}
    checks = [SourceCheck(r, geometry_m.distance(points[r.line]) if r.line in points else None,
                          tolerance_for(precision, geom_type, r.tolerance_m)) for r in rows]
    usable = [c for c in checks if c.row.usable and c.row.line in points]
    # Only a point's sources locate the same spot; a line's or an area's name different parts of it.
    pairs = [(a, b, points[a.row.line].distance(points[b.row.line])) for a, b in combinations(usable, 2)
             if a.row.family != b.row.family] if geom_type in schema.POINT else []
    audit = FeatureAudit(str(feature.name), feature["layer"], feature["kind"], precision, feature["confirmation"],
                         checks, max((d for _, _, d in pairs), default=None))
    audit.problems.extend(f"line {r.line}: {p}" for r in rows for p in r.problems)
    for check in usable:
        if not check.agrees:
            where = "outside the area" if check.tolerance_m == 0 and geometry_class(geom_type) == "area" else (
                f"{check.distance_m:.0f} m from the drawing")
            audit.problems.append(f"line {check.row.line}: {check.row.source} is {where} (tolerance "
                                  f"{check.tolerance_m:.0f} m for {precision} {geometry_class(geom_type)}s)")
    if precision in TOLERANCE_M:
        for a, b, distance in pairs:
            allowed = max(a.tolerance_m, b.tolerance_m)  # a looser row names a part (an interchange)
            if distance > allowed:
                audit.problems.append(f"two families disagree by {distance:.0f} m ({a.row.family} line {a.row.line}, "
                                      f"{b.row.family} line {b.row.line}; tolerance {allowed:.0f} m)")
    if precision in TOLERANCE_M and not audit.families:
        audit.problems.append(f"{precision} needs a source position of the thing that agrees with the drawing; "
                              "none does")
    if audit.kind not in EXEMPT_KINDS and audit.found != audit.confirmation:
        audit.problems.append(f"confirmation says {audit.confirmation}, the sources give {audit.found} "
                              f"(families that agree: {', '.join(audit.families) or 'none'})")
    if precision == "schematic" and audit.kind not in EXEMPT_KINDS and not says_searched(feature["coord_source"]):
        audit.problems.append("schematic, but coord_source does not say what was searched for a real position "
                              "(write 'searched …' or '搜索…')")
    return audit


def says_searched(coord_source: str | None) -> bool:
    """Whether a position's account says what was searched for it."""
    text = (coord_source or "").casefold()
    return any(word in text for word in SEARCH_WORDS)


# --- reporting ---------------------------------------------------------------------------------------------

_HEADINGS = ("Layer", "Feature", "Precision", "Confirmation", "Sources", "Families agreeing",
             "Distance to the drawing (m; tolerance)", "Largest disagreement (m)", "Result")


def _metres(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _cells(audit: FeatureAudit) -> list[str]:
    distances = ", ".join(f"{s.row.family or '?'} {_metres(s.distance_m)} ({s.tolerance_m:.0f})"
                          for s in audit.sources) or "—"
    result = "OK" if audit.ok else "FAIL: " + "; ".join(audit.problems)
    return [audit.layer, audit.feature_id, audit.precision, audit.confirmation, str(len(audit.sources)),
            ", ".join(audit.families) or "—", distances, _metres(audit.max_pairwise_m), result]


def _share(count: int, total: int) -> str:
    return f"{count} ({count / total:.0%})" if total else str(count)


def _totals_lines(totals: AuditTotals) -> list[str]:
    n = totals.features
    located = totals.precision["exact"] + totals.precision["approximate"]
    return [
        f"Plan features: {n} (the map's own analysis regions aside)",
        *(f"{p.capitalize()}: {_share(totals.precision[p], n)}" for p in schema.PRECISIONS),
        f"Exact or approximate: {_share(located, n)}",
        *(f"{c.replace('_', ' ').capitalize()}: {_share(totals.confirmation[c], n)}" for c in schema.CONFIRMATIONS),
        f"Failures: {totals.failures}",
    ]


def audit_text(report: AuditReport) -> str:
    """The report as a plain-text table followed by the totals (what the command prints)."""
    table = [list(_HEADINGS), *(_cells(a) for a in report.features)]
    widths = [max(len(row[i]) for row in table) for i in range(len(_HEADINGS) - 1)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]).rstrip()
             for row in table]
    return "\n".join([*lines, "", *_totals_lines(report.totals)]) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def report_markdown(report: AuditReport) -> str:
    """The report as a Markdown document; no timestamps, so the same inputs always give the same text."""
    exact, approximate = TOLERANCE_M["exact"], TOLERANCE_M["approximate"]
    point, line, area = SANITY_M["point"], SANITY_M["line"], SANITY_M["area"]
    families: dict[str, list[str]] = {}
    for source, family in SOURCES.items():
        families.setdefault(family, []).append(source)
    lines = [
        "# Position audit",
        "",
        "Generated by `python3 -m layers audit --markdown docs/positions.md` from `geodata/positions.csv`; "
        "do not edit by hand.",
        "",
        "Each plan feature states two facts about its position. **Precision** is the geometry: *exact* (within "
        f"{exact:.0f} m of a source position of the thing, or its traced outline or track), *approximate* (within "
        f"~{approximate:.0f} m, a line through every known station along its real corridor, or an area built on "
        "real roads from published bounds) or *schematic* (placed by hand, interpolated, a stand-in, or farther "
        "off). **Confirmation** is who locates it: *cross checked* (sources of two or more independent families "
        "agree with the drawing), *single source* or *unsourced*.",
        "",
        "Every source row is tested, whatever the class: its position must lie within its tolerance of the "
        f"drawing: {exact:.0f} m for exact and {approximate:.0f} m for approximate features; for schematic ones a "
        f"sanity check (a point within {point:.0f} m of its source, a line within {line:.0f} m of its known "
        f"stations, an area containing the places it names: {area:.0f} m). A row's `tolerance_m` sets another "
        "(0: inside the area or on the line). The sources of a point must also agree with each other. The "
        "families of the rows that pass give the confirmation, which must be the one the feature states; an "
        "exact or approximate feature needs at least one. A schematic feature must say what was searched (the "
        "map's own analysis regions are exempt). Positions taken in GCJ-02 or BD-09 must be converted to "
        f"WGS-84, and the audit repeats that conversion (to {CONVERSION_TOLERANCE_DEG:.6f}°). Distances are "
        f"measured in UTM zone 51N ({METRIC_CRS}) and rounded to the metre.",
        "",
        "## Totals",
        "",
        *(f"- {line}" for line in _totals_lines(report.totals)),
        "",
        "## Features",
        "",
        _md_row(_HEADINGS),
        "|" + "|".join("---" for _ in _HEADINGS) + "|",
        *(_md_row(_cells(a)) for a in report.features),
        "",
    ]
    if report.failures:
        lines += ["## Failures", "", *(f"- {_md(f)}" for f in report.failures), ""]
    lines += ["## Families", "", "Sources of one family are one witness, not two (`layers/data/sources.py`).", "",
              _md_row(("Family", "Sources")), "|---|---|",
              *(_md_row((family, "; ".join(names))) for family, names in families.items()), ""]
    lines += ["## Sources", ""]
    if report.sources:
        lines += [_md_row(("Family", "Source", "Reference", "Date", "Licence")), "|---|---|---|---|---|",
                  *(_md_row((s.family, s.source, s.reference, s.date or "—", s.licence or "—"))
                    for s in report.sources)]
    else:
        lines.append("No sources yet.")
    return "\n".join(lines) + "\n"


def attach_families(frame: gpd.GeoDataFrame, rows: Sequence[PositionRow]) -> gpd.GeoDataFrame:
    """``frame`` with ``families``: per feature, the families whose sources agree with its drawing (sorted), as
    the audit finds them, for the words that say who locates it (``layers.view.details.located_text``)."""
    found = {a.feature_id: tuple(a.families) for a in run_audit(frame, rows).features} if len(frame) else {}
    out = frame.copy()
    out["families"] = [found.get(fid, ()) for fid in frame.index]
    return out


def families_of(catalog: Catalog, geodata: str | os.PathLike[str] | None = None) -> gpd.GeoDataFrame:
    """The catalog's features with their ``families`` from the folder's ``positions.csv`` (none where it is
    missing or unreadable: the audit command names that problem)."""
    try:
        rows = read_positions(default_positions_path(geodata))
    except PositionsFileError:
        rows = []
    return attach_families(catalog.features, rows)


def audit_command(positions: str | None = None, geodata: str | None = None, markdown: str | None = None) -> int:
    """``python -m layers audit``: print the report; exit 1 if any rule fails or the file cannot be read."""
    catalog = load_catalog(geodata)
    path = Path(positions) if positions else default_positions_path(geodata)
    try:
        rows = read_positions(path)
    except PositionsFileError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 1
    # Features the catalog had to leave out cannot be audited; say so rather than let them look unknown.
    for problem in catalog.problems:
        print(f"warning: {problem}", file=sys.stderr)
    report = run_audit(catalog, rows)
    print(audit_text(report), end="")
    if markdown:
        try:
            Path(markdown).write_text(report_markdown(report), encoding="utf-8")
        except OSError as exc:
            print(f"audit: cannot write {markdown}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {markdown}")
    for failure in report.failures:
        print(failure, file=sys.stderr)
    if report.failures:
        print(f"{len(report.failures)} failure(s)", file=sys.stderr)
    return 1 if report.failures else 0
