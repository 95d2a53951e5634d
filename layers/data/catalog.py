"""Load every layer of a geodata folder into one validated GeoDataFrame."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from layers.data import promises, schema, stations
from layers.data.io import GeoJSONReadError, read_json
from layers.data.validate import Problem, validate_feature

GEODATA_DIR = Path(__file__).resolve().parents[2] / "geodata"
ENV_VAR = "MINHANG_GEODATA"
CRS = "EPSG:4326"
# The files of a geodata folder a curator edits: the layers, the progress events, the position sources.
DATA_SUFFIXES = (".geojson", ".json", ".csv")
FRAME_COLUMNS = ("layer", "file", *schema.COLUMNS, *schema.DERIVED, *promises.COLUMNS)


@dataclass
class Catalog:
    """What a geodata folder holds: the valid features and every problem found."""

    directory: Path
    features: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Per file, the records of its last version without problems (the next load's ``last_good``).
    good: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> pd.Index:
        """Every valid feature's id."""
        return self.features.index

    @property
    def layer_names(self) -> list[str]:
        """Layer names (file stems) that yielded at least one valid feature, sorted."""
        return sorted(set(self.features["layer"]))


def geodata_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the folder to load: the argument, else ``$MINHANG_GEODATA``, else ours."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else GEODATA_DIR


def empty_frame() -> gpd.GeoDataFrame:
    """A frame with the catalog's columns and no rows."""
    return gpd.GeoDataFrame({c: pd.Series(dtype="object") for c in (*FRAME_COLUMNS, *schema.MEASURED)},
                            geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_catalog(path: str | os.PathLike[str] | None = None,
                 last_good: Mapping[str, list[dict[str, Any]]] | None = None) -> Catalog:
    """Load and validate every ``*.geojson`` layer directly in the geodata folder.

    Bad files and bad features are reported in ``Catalog.problems`` and left out; everything valid beside
    them is loaded. ``last_good`` (a previous load's :attr:`Catalog.good`) keeps a curator's broken edit from
    taking anything off the map: a file that now has problems shows its last good version, its problems
    named above it, until they are fixed. ``geodata/reference`` (basemap layers) is not part of the
    catalog: see :func:`layers.data.reference.load_reference`.
    """
    directory = geodata_dir(path)
    problems: list[Problem] = []
    files: list[str] = []
    if not directory.is_dir():
        problems.append(Problem(str(directory), None, None, "geodata folder not found"))
        return Catalog(directory, empty_frame(), problems, files)

    records: list[dict] = []
    good: dict[str, list[dict[str, Any]]] = {}
    seen: dict[str, str] = {}
    for file_path in sorted(directory.glob("*.geojson")):
        name = _relative(file_path, directory)
        files.append(name)
        found, found_problems = _file_records(file_path, name)
        if not found_problems:
            good[name] = found
        elif last_good and name in last_good:
            found_problems.append(Problem(name, None, None, "the map shows this file's last good version until the "
                                                            "problems named here are fixed"))
            found = good[name] = last_good[name]
        problems.extend(found_problems)
        for record in found:
            first = seen.get(record["id"])
            if first is not None:
                where = "earlier in this file" if first == name else f"already used in {first}"
                problems.append(Problem(name, f"'{record['id']}'", "id", f"duplicate id ({where})"))
                continue
            seen[record["id"]] = name
            records.append({"layer": file_path.stem, "file": name, **record})

    if not records:
        return Catalog(directory, empty_frame(), problems, files, good)
    # Plain object columns, not pandas' Arrow strings: the app slices this small frame on every
    # rerun, and an Arrow "take" per column per slice cost a third of the script time under load.
    table = pd.DataFrame.from_records(records)
    table["plan_group"] = [schema.plan_group(c, k) for c, k in zip(table["category"], table["kind"], strict=True)]
    table["plan_part"] = [schema.plan_part(s) for s in table["status"]]
    table["search_words"] = search_words(table)
    # What the plan promised for each feature (the ledger beside the layers), judged later as of a date.
    ledger, ledger_problems = promises.load_promises(directory, dict(zip(table["id"], table["source_quote"],
                                                                         strict=True)))
    problems.extend(ledger_problems)
    for column in promises.COLUMNS:
        table[column] = [ledger.get(fid, {}).get(column) for fid in table["id"]]
    table = table.astype({c: object for c in FRAME_COLUMNS if c != "opened"})
    frame = gpd.GeoDataFrame(table, geometry="geometry", crs=CRS)
    frame = frame[[*FRAME_COLUMNS, "geometry"]].set_index(pd.Index(frame["id"].to_numpy(), dtype=object))
    # Each feature's stations and their straight-line distances, measured once (layers.data.stations).
    frame["stations"] = pd.Series(stations.distances(frame), index=frame.index, dtype=object)
    return Catalog(directory, frame, problems, files, good)


def search_words(table: pd.DataFrame) -> list[str]:
    """Per feature, what a search finds it by beyond its own texts: the names (both languages) of the lines it serves
    (``lines``), and its kind's words (:data:`layers.data.schema.KIND_WORDS`)."""
    names = {fid: f"{en} {zh}" for fid, en, zh in zip(table["id"], table["name_en"], table["name_zh"], strict=True)}
    out = []
    for lines, kind in zip(table.get("lines", pd.Series([None] * len(table))).tolist(),
                           table.get("kind", pd.Series([None] * len(table))).tolist(), strict=True):
        words = [names.get(line.strip(), "") for line in lines.split(",")] if isinstance(lines, str) else []
        words.append(schema.KIND_WORDS.get(kind, "") if isinstance(kind, str) else "")
        out.append(" ".join(w for w in words if w))
    return out


def _file_records(file_path: Path, name: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The valid features of one layer file, and every problem found in it."""
    problems: list[Problem] = []
    try:
        document = read_json(file_path)
    except GeoJSONReadError as exc:
        return [], [Problem(name, None, None, str(exc))]
    if document.bom:
        problems.append(Problem(name, None, None, "starts with a UTF-8 byte-order mark (BOM); its features were "
                                "read, but save it as UTF-8 without BOM ('python -m layers fmt' does)"))
    records = []
    for index, feature in enumerate(_features_of(document.data, name, problems)):
        record, found = _validated(feature, index, name)
        problems.extend(found)
        if record is not None:
            records.append(record)
    return records, problems


def folder_version(path: str | os.PathLike[str] | None = None) -> tuple[tuple[str, int, int], ...]:
    """What changes when a curator edits the folder: each data file's name, size and modification time.

    Cheap enough for every page load (a dozen ``stat`` calls), so an edit shows without a restart.
    """
    directory = geodata_dir(path)
    try:
        entries = sorted(p for p in directory.iterdir() if p.suffix in DATA_SUFFIXES)
    except OSError:
        return ()
    version = []
    for entry in entries:
        try:
            stat = entry.stat()
        except OSError:  # a broken link, a file removed meanwhile: the loader names it
            version.append((entry.name, -1, -1))
            continue
        version.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(version)


def _validated(feature: object, index: int, name: str) -> tuple[dict | None, list[Problem]]:
    """:func:`validate_feature`, with any failure of the checks themselves turned into a named problem.

    The validator is meant to return a sentence for every bad input; this keeps one case it did not
    foresee from stopping the load of every other feature (and the app with it).
    """
    try:
        return validate_feature(feature, index, name)
    except Exception as exc:
        label = f"#{index}"
        return None, [Problem(name, label, None, f"could not be checked ({type(exc).__name__}: {exc}); "
                                                 "please report this file")]


def _features_of(doc: object, name: str, problems: list[Problem]) -> list[object]:
    if not isinstance(doc, dict):
        found = type(doc).__name__
        problems.append(Problem(name, None, "type", f"top level must be a FeatureCollection object, got {found}"))
        return []
    if doc.get("type") != "FeatureCollection":
        problems.append(Problem(name, None, "type", f"expected \"FeatureCollection\", got {doc.get('type')!r}"))
        return []
    features = doc.get("features")
    if not isinstance(features, list):
        problems.append(Problem(name, None, "features", "missing or not a list"))
        return []
    if not features:
        problems.append(Problem(name, None, "features", "the FeatureCollection has no features"))
    return features


def summary(catalog: Catalog) -> str:
    """A short text summary: counts per layer, region, category and precision."""
    frame = catalog.features
    lines = [f"{len(frame)} features in {len(catalog.layer_names)} layers from {catalog.directory}"]
    for column in ("layer", "region", "category", "precision"):
        counts = Counter(frame[column]) if len(frame) else Counter()
        lines.append(f"  {column:<10} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)
