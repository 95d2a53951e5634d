"""Position audit: does every located plan feature have two independent sources that agree with it?

The sources live in a sidecar CSV (``geodata/positions.csv``), one row per source position::

    feature_id, family, source, reference, date, licence, datum, lon_source, lat_source, lon, lat, what, tolerance_m

``family`` is the independent origin of a position (osm, wikipedia, amap, …): two rows of one family
are one source, not two. ``lon_source``/``lat_source`` are as the source gives them (in ``datum``);
``lon``/``lat`` are the WGS-84 position, and the audit re-does that conversion to check it.
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

from layers.data.catalog import Catalog, geodata_dir, load_catalog
from layers.data.datum import bd09_to_wgs84, gcj02_to_wgs84

COLUMNS = ("feature_id", "family", "source", "reference", "date", "licence", "datum",
           "lon_source", "lat_source", "lon", "lat", "what", "tolerance_m")
POSITIONS_FILE = "positions.csv"
DATUMS = ("WGS-84", "GCJ-02", "BD-09")
LOCATED = ("exact", "approximate")
DEFAULT_TOLERANCE_M: dict[str, float] = {"exact": 100.0, "approximate": 300.0}
# A stored conversion may be rounded; 1e-6° is ~0.1 m, far below any tolerance, far above float noise.
CONVERSION_TOLERANCE_DEG = 1e-6
SEARCH_WORDS = ("searched", "搜索")
EXEMPT_KINDS = ("region",)  # the map's own analytical regions: drawn by us, nothing to search for
# UTM zone 51N covers Shanghai: metres with well under 0.1 % scale error over the district.
METRIC_CRS = "EPSG:32651"

_CONVERTERS: dict[str, Callable[[float, float], tuple[float, float]]] = {
    "GCJ-02": gcj02_to_wgs84,
    "BD-09": bd09_to_wgs84,
}


class PositionsFileError(Exception):
    """The positions file as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class PositionRow:
    """One source position as read from the CSV; ``problems`` lists what is wrong with the row on its own."""

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

    @property
    def family_key(self) -> str:
        """The family compared case-insensitively, so 'OSM' and 'osm' are one origin."""
        return self.family.strip().casefold()


@dataclass(frozen=True)
class SourceCheck:
    """A source row and its distance to the feature's geometry (``None`` without a usable position)."""

    row: PositionRow
    distance_m: float | None


@dataclass
class FeatureAudit:
    """The audit of one catalog feature."""

    feature_id: str
    layer: str
    kind: str | None
    precision: str
    tolerance_m: float | None
    sources: list[SourceCheck] = field(default_factory=list)
    max_pairwise_m: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no rule failed for this feature."""
        return not self.problems

    @property
    def families(self) -> list[str]:
        """The distinct families of the usable sources, sorted."""
        return sorted({s.row.family_key for s in self.sources if s.row.usable})


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
    """Counts over the whole catalog."""

    features: int
    exact: int
    approximate: int
    schematic: int
    located_passing: int  # exact + approximate features passing every rule, so with two independent sources
    failures: int

    @property
    def located(self) -> int:
        """Features whose precision claims a position (exact or approximate)."""
        return self.exact + self.approximate


@dataclass
class AuditReport:
    """Per-feature results, totals, failures (one line each, naming the feature) and the sources used."""

    features: list[FeatureAudit]
    totals: AuditTotals
    failures: list[str]
    sources: list[SourceRef]


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
    for name in ("feature_id", "family", "source", "reference"):
        if not values[name]:
            problems.append(f"{name} is blank")
    numbers = {name: _number(values[name], name, problems) for name in ("lon_source", "lat_source", "lon", "lat")}
    tolerance = None
    if values["tolerance_m"]:
        tolerance = _number(values["tolerance_m"], "tolerance_m", problems)
        if tolerance is not None and tolerance <= 0:
            problems.append(f"tolerance_m must be a positive number of metres, got {values['tolerance_m']!r}")
            tolerance = None
    if values["datum"] not in DATUMS:
        problems.append(f"unknown datum {values['datum']!r} (expected one of: {', '.join(DATUMS)})")
    elif None not in numbers.values():
        message = _conversion_problem(values["datum"], numbers["lon_source"], numbers["lat_source"],
                                      numbers["lon"], numbers["lat"])
        if message:
            problems.append(message)
    texts = {k: values[k] for k in ("feature_id", "family", "source", "reference", "date", "licence", "datum", "what")}
    return PositionRow(line, **texts, **numbers, tolerance_m=tolerance, problems=tuple(problems))


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
        audit = _audit_feature(frame.loc[feature_id], metric.loc[feature_id], by_feature.get(feature_id, []))
        audits.append(audit)
        failures.extend(f"{audit.feature_id}: {problem}" for problem in audit.problems)

    counts = {p: sum(1 for a in audits if a.precision == p) for p in ("exact", "approximate", "schematic")}
    passing = sum(1 for a in audits if a.precision in LOCATED and a.ok)
    totals = AuditTotals(len(audits), counts["exact"], counts["approximate"], counts["schematic"], passing,
                         len(failures))
    sources = sorted({SourceRef(r.family, r.source, r.reference, r.date, r.licence) for r in rows if r.source},
                     key=lambda s: (s.family.casefold(), s.source, s.reference, s.date, s.licence))
    return AuditReport(audits, totals, failures, sources)


def _audit_feature(feature: pd.Series, geometry_m: BaseGeometry, rows: list[PositionRow]) -> FeatureAudit:
    precision = feature["precision"]
    overrides = [r.tolerance_m for r in rows if r.usable and r.tolerance_m is not None]
    tolerance = min(overrides) if overrides else DEFAULT_TOLERANCE_M.get(precision)
    points = {r.line: _metric_point(r.lon, r.lat) for r in rows if r.lon is not None and r.lat is not None}
    checks = [SourceCheck(r, geometry_m.distance(points[r.line]) if r.line in points else None) for r in rows]
    usable = [r for r in rows if r.usable]
    pairs = [(a, b, points[a.line].distance(points[b.line])) for a, b in combinations(usable, 2)]
    audit = FeatureAudit(str(feature.name), feature["layer"], feature["kind"], precision, tolerance, checks,
                         max((d for _, _, d in pairs), default=None))
    audit.problems.extend(f"line {r.line}: {p}" for r in rows for p in r.problems)
    if precision in LOCATED:
        audit.problems.extend(_located_problems(audit, feature["geometry"].geom_type, pairs))
    elif feature["kind"] not in EXEMPT_KINDS and not _says_searched(feature["coord_source"]):
        audit.problems.append("schematic, but coord_source does not say what was searched for a real position "
                              "(write 'searched …' or '搜索…')")
    return audit


def _says_searched(coord_source: str | None) -> bool:
    text = (coord_source or "").casefold()
    return any(word in text for word in SEARCH_WORDS)


def _located_problems(audit: FeatureAudit, geom_type: str,
                      pairs: list[tuple[PositionRow, PositionRow, float]]) -> list[str]:
    """Rules 2 and 3 for an exact or approximate feature."""
    problems = []
    usable = [s for s in audit.sources if s.row.usable]
    if len(audit.families) < 2:
        families = ", ".join(audit.families) or "none"
        problems.append(f"{audit.precision} needs sources from two different families; has {len(usable)} usable "
                        f"source row(s), families: {families}")
    tolerance = audit.tolerance_m or 0.0
    for check in usable:
        if check.distance_m is not None and check.distance_m > tolerance:
            problems.append(f"line {check.row.line}: {check.row.family} source is {check.distance_m:.0f} m from the "
                            f"feature (tolerance {tolerance:.0f} m)")
    if geom_type == "Point":
        for a, b, distance in pairs:
            if distance > tolerance:
                problems.append(f"two sources disagree by {distance:.0f} m ({a.family} line {a.line}, {b.family} "
                                f"line {b.line}; tolerance {tolerance:.0f} m)")
    return problems


# --- reporting ---------------------------------------------------------------------------------------------

_HEADINGS = ("Layer", "Feature", "Precision", "Tolerance (m)", "Sources", "Families", "Distance to feature (m)",
             "Largest disagreement (m)", "Result")


def _metres(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _cells(audit: FeatureAudit) -> list[str]:
    distances = ", ".join(f"{s.row.family or '?'} {_metres(s.distance_m)}" for s in audit.sources) or "—"
    result = "OK" if audit.ok else "FAIL: " + "; ".join(audit.problems)
    return [audit.layer, audit.feature_id, audit.precision, _metres(audit.tolerance_m), str(len(audit.sources)),
            ", ".join(audit.families) or "—", distances, _metres(audit.max_pairwise_m), result]


def _share(count: int, total: int) -> str:
    return f"{count} ({count / total:.0%})" if total else str(count)


def _totals_lines(totals: AuditTotals) -> list[str]:
    return [
        f"Features: {totals.features}",
        f"Exact: {_share(totals.exact, totals.features)}",
        f"Approximate: {_share(totals.approximate, totals.features)}",
        f"Schematic: {_share(totals.schematic, totals.features)}",
        f"Exact or approximate passing with two independent sources: {totals.located_passing} of {totals.located}",
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
    exact, approximate = DEFAULT_TOLERANCE_M["exact"], DEFAULT_TOLERANCE_M["approximate"]
    lines = [
        "# Position audit",
        "",
        "Generated by `python3 -m layers audit --markdown docs/positions.md` from `geodata/positions.csv`; "
        "do not edit by hand.",
        "",
        "Every feature whose precision is *exact* or *approximate* needs source positions from at least two "
        "different families (independent origins such as OpenStreetMap, Wikipedia or an official map; two rows "
        "of one family count once). Each source position must lie within the feature's tolerance of its "
        f"geometry (0 m inside an area or on a line), and for a point feature the sources must also agree with "
        f"each other within that tolerance. Tolerances are {exact:.0f} m for exact and {approximate:.0f} m for "
        "approximate features, unless the positions file sets a `tolerance_m` for the feature (the smallest "
        "given applies). Positions taken in GCJ-02 or BD-09 must be converted to WGS-84, and the audit repeats "
        f"that conversion (to {CONVERSION_TOLERANCE_DEG:.6f}°). A *schematic* feature needs no sources, but its "
        "`coord_source` must say what was searched for (the map's own analysis regions are exempt); sources given "
        f"for it are shown without being held to a tolerance. Distances are measured in UTM zone 51N "
        f"({METRIC_CRS}) and rounded to the metre.",
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
    lines += ["## Sources", ""]
    if report.sources:
        lines += [_md_row(("Family", "Source", "Reference", "Date", "Licence")), "|---|---|---|---|---|",
                  *(_md_row((s.family, s.source, s.reference, s.date or "—", s.licence or "—"))
                    for s in report.sources)]
    else:
        lines.append("No sources yet.")
    return "\n".join(lines) + "\n"


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
