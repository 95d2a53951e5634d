"""Reading and writing our GeoJSON files: safe to read, diff-friendly to write."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A hand-edited layer is a few hundred KB at most; anything far larger is a
# mistake (an export dropped in the folder), and reading it whole would cost
# memory for nothing.
MAX_FILE_BYTES = 8 * 1024 * 1024

# Properties are written in this order so that diffs stay small and readable.
PROPERTY_ORDER = (
    "id", "name_zh", "name_en", "region", "category", "kind", "status", "precision",
    "confirmation", "coord_source", "coord_source_zh", "source_quote", "address_zh", "lines", "color", "opened",
    "description_en", "description_zh",
)


class GeoJSONReadError(Exception):
    """A file could not be read as JSON; the message says why and where."""


@dataclass(frozen=True)
class JsonDocument:
    """A parsed JSON file, and whether it started with a byte-order mark (allowed, but flagged)."""

    data: Any
    bom: bool = False


def _reject_constant(name: str) -> float:
    # json accepts NaN/Infinity by default; RFC 8259 (and so GeoJSON) does not.
    raise ValueError(f"non-standard number {name} (NaN/Infinity are not valid JSON)")


def read_json(path: Path, max_bytes: int = MAX_FILE_BYTES) -> JsonDocument:
    """Read a JSON file strictly: UTF-8 (a BOM is read but reported), no NaN, bounded size."""
    if path.is_symlink() and not path.exists():
        raise GeoJSONReadError("broken symbolic link")
    if path.is_dir():
        raise GeoJSONReadError("is a directory, not a file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GeoJSONReadError(f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise GeoJSONReadError(
            f"file too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeoJSONReadError(f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeoJSONReadError(
            f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        ) from exc
    if not text.strip():
        raise GeoJSONReadError("file is empty")
    try:
        return JsonDocument(json.loads(text, parse_constant=_reject_constant), bom=raw.startswith(b"\xef\xbb\xbf"))
    except json.JSONDecodeError as exc:
        raise GeoJSONReadError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except ValueError as exc:
        raise GeoJSONReadError(f"invalid JSON: {exc}") from exc
    except RecursionError as exc:
        raise GeoJSONReadError("invalid JSON: arrays or objects nested too deeply to read") from exc


def _ordered(props: Mapping[str, Any]) -> dict[str, Any]:
    known = [k for k in PROPERTY_ORDER if k in props]
    rest = sorted(k for k in props if k not in PROPERTY_ORDER)
    return {k: props[k] for k in [*known, *rest]}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def dumps_feature(feature: Mapping[str, Any]) -> str:
    """One feature as one line of JSON with a stable key order."""
    props = feature.get("properties") or {}
    if isinstance(props, Mapping):
        props = {k: _clean(v) for k, v in _ordered(props).items()}
    # Anything else is kept as written: formatting never hides what the validator must report.
    out = {"type": "Feature", "properties": props, "geometry": feature.get("geometry")}
    return json.dumps(out, ensure_ascii=False, separators=(", ", ": "))


def dumps_feature_collection(features: Iterable[Mapping[str, Any]]) -> str:
    """A FeatureCollection with one feature per line (diff-friendly)."""
    lines = [dumps_feature(f) for f in features]
    body = ",\n".join(lines)
    return '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n"


def dump_feature_collection(path: Path, features: Iterable[Mapping[str, Any]]) -> None:
    """Write ``features`` to ``path`` in the layout :func:`dumps_feature_collection` gives."""
    path.write_text(dumps_feature_collection(features), encoding="utf-8")


# What the app and the command line write for others to read (published scripts and data, the feed, exports): a
# web server running as another user (Debian's nginx, www-data) reads them, whatever the writer's umask.
PUBLIC_FILE_MODE = 0o644
PUBLIC_DIR_MODE = 0o755


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed into place (a reader never
    sees half a file, and none is left on failure), readable by all (:data:`PUBLIC_FILE_MODE`); a folder it makes
    is open to all (:data:`PUBLIC_DIR_MODE`)."""
    missing = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    for folder in reversed(missing):  # each folder it makes, outermost first, open to all
        folder.mkdir(exist_ok=True)
        folder.chmod(PUBLIC_DIR_MODE)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PUBLIC_FILE_MODE)  # mkstemp makes 0600; umask plays no part in fchmod
            handle.write(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
