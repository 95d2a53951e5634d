"""Publish derived data as static files the browser fetches once and caches.

The app's map data (every plan feature's display GeoJSON, the district boundaries) depends only
on the data, the language and the basemap datum. Sending it inside the map component would repeat
it with every rerun; instead it is written once to ``static/cache/<stem>-<hash>.json`` (served by
Streamlit's static file serving at ``app/static/cache/``, named relative to the map's frame:
``layers.maps.assets.APP_ROOT``). The name carries a hash of the content,
so a file never changes under its name: browsers may cache it, and several app processes (see
``bench/serve_many.py``) writing the same file write the same bytes. What is made from a geodata folder is
named after the folder too (:func:`folder_tag`): a curator's instance on the same checkout
(``MINHANG_GEODATA``) never overwrites, nor prunes, what the public one publishes.

Where: ``static/cache`` of the checkout, or ``$MINHANG_CACHE_DIR`` (a read-only checkout). Streamlit serves
only what is inside ``static/`` (it follows no link out of it), so a folder elsewhere must be served at
``app/static/cache/`` by the proxy in front (``deploy/nginx.conf`` does). Where nothing can be written, the
map's data goes inline (every view change then sends ~10x more) and the feed is not published: the log
says so, once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from layers.data.catalog import GEODATA_DIR, geodata_dir
from layers.data.io import write_atomically
from layers.maps.assets import STATIC_DIR, STATIC_ROOT

CACHE_DIR = STATIC_DIR / "cache"  # where Streamlit serves published files from, unless CACHE_ENV says otherwise
CACHE_ENV = "MINHANG_CACHE_DIR"
CACHE_URL = f"{STATIC_ROOT}/cache"
_log = logging.getLogger(__name__)
KEEP_PER_STEM = 64  # older versions (edited geodata, other dates) are pruned beyond this many


def folder_tag(folder: str | os.PathLike[str] | None) -> str:
    """A geodata folder's part of the names published from it: empty for the shipped ``geodata/`` (its feed's
    subscribers keep their address), else a hash of the folder's resolved path."""
    path = geodata_dir(folder).resolve()
    return "" if path == GEODATA_DIR.resolve() else hashlib.sha256(str(path).encode()).hexdigest()[:10]


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where published files are written: ``$MINHANG_CACHE_DIR``, else the checkout's ``static/cache``."""
    setting = environ.get(CACHE_ENV, "").strip()
    if not setting:
        return CACHE_DIR
    folder = Path(setting).expanduser().resolve()
    if not folder.is_relative_to(STATIC_DIR.resolve()):
        _served_elsewhere(folder)
    return folder


@cache  # said once per folder
def _served_elsewhere(folder: Path) -> None:
    _log.warning("%s=%s is outside %s: Streamlit cannot serve it, so the proxy in front must serve that folder at "
                 "<mount>/app/static/cache/ (deploy/nginx.conf), or the map draws no data", CACHE_ENV, folder,
                 STATIC_DIR)


@cache  # said once per folder and reason, not on every view
def _cannot_write(folder: Path, reason: str) -> None:
    _log.warning("cannot publish to %s (%s): the map's data goes inline with every view (~10x more per view change) "
                 "and the progress feed is not published; set %s to a writable folder served at "
                 "<mount>/app/static/cache/ (deploy/README.md)", folder, reason, CACHE_ENV)


def json_bytes(obj: Any) -> bytes:
    """Compact UTF-8 JSON (keys in insertion order): what a published file holds."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def publish_json(obj: Any, stem: str, directory: Path | None = None, base_url: str = CACHE_URL) -> str | None:
    """Write ``obj`` as ``<stem>-<sha256 prefix>.json`` (once) into ``directory`` (default :func:`cache_dir`) and
    return its URL.

    Returns None when the folder cannot be written (a read-only install; the log says so): the caller then
    sends the data inline, slower but complete.
    """
    return publish_bytes(json_bytes(obj), stem, ".json", directory, base_url)


def publish_bytes(data: bytes, stem: str, suffix: str, directory: Path | None = None,
                  base_url: str = CACHE_URL) -> str | None:
    """Write ``data`` as ``<stem>-<sha256 prefix><suffix>`` (once) and return its URL, or None."""
    directory = directory or cache_dir()
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    if not (directory / name).is_file():
        try:
            _write(directory, name, data)
        except OSError as exc:
            _cannot_write(directory, exc.strerror or str(exc))
            return None
        _prune(directory, stem, suffix)
    return f"{base_url}/{name}"


def publish_fixed(data: bytes, name: str, directory: Path | None = None, base_url: str = CACHE_URL) -> str | None:
    """Write ``data`` as ``name`` (a URL that stays: a feed's subscribers keep it) when it differs from what
    is there, and return its URL, or None when the folder cannot be written."""
    directory = directory or cache_dir()
    target = directory / name
    try:
        if not (target.is_file() and target.read_bytes() == data):
            _write(directory, name, data)
    except OSError as exc:
        _cannot_write(directory, exc.strerror or str(exc))
        return None
    return f"{base_url}/{name}"


def _write(directory: Path, name: str, data: bytes) -> None:
    # Beside the target, then renamed (a reader never sees half a file); readable by the web server's user.
    write_atomically(directory / name, data)


def _prune(directory: Path, stem: str, suffix: str, keep: int = KEEP_PER_STEM) -> None:
    """Delete all but the ``keep`` newest files of ``stem`` (a page still open has fetched its copy)."""
    try:  # another app process may be pruning too: a file gone meanwhile is fine
        versions = sorted(directory.glob(f"{stem}-*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in versions[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def published_urls(*texts: str, base_url: str = CACHE_URL) -> tuple[str, ...]:
    """Every URL of a published file named in ``texts`` (a rendered script, asset links)."""
    pattern = re.compile(re.escape(base_url) + r"/[A-Za-z0-9._-]+")
    return tuple(sorted({url for text in texts for url in pattern.findall(text)}))


def all_present(urls: tuple[str, ...], directory: Path | None = None, base_url: str = CACHE_URL) -> bool:
    """Whether every published file is still there (someone may empty ``static/cache`` under a running app)."""
    directory = directory or cache_dir()
    return all((directory / url[len(base_url) + 1:]).is_file() for url in urls if url.startswith(base_url + "/"))
