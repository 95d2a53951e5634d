"""What the live map component was told to draw, read back from its arguments (no browser).

The base map names its files: the plan data is the published ``plan-…`` file (``layers.maps.publish``,
listed like every published file by :func:`~layers.maps.publish.published_urls`). Each view sends
``MH.planView(map, view)``, our browser code's one entry point for a view: which features show (a bit
each, in the plan data's order) and which one is selected.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import numpy as np

from layers.maps.assets import app_path
from layers.maps.publish import CACHE_URL, cache_dir, published_urls

_DECODER = json.JSONDecoder()
VIEW_CALL = "MH.planView("


def read_published(url: str) -> bytes:
    """A published file's bytes, read from disk (what the app serves at ``url``)."""
    assert url.startswith(CACHE_URL + "/"), url
    return (cache_dir() / url[len(CACHE_URL) + 1:]).read_bytes()


def served_url(app_url: str, url: str) -> str:
    """Where a server whose app root is ``app_url`` (its mount included, e.g. ``http://host/minhang``) serves a
    file the map names (relative to the map's frame, ``layers.maps.assets.APP_ROOT``)."""
    return f"{app_url.rstrip('/')}/{app_path(url)}"


def plan_source(args: dict[str, Any]) -> dict[str, str]:
    """Where the base map gets the plan data: ``{"url": ...}``, the published ``plan-`` file."""
    (url,) = [u for u in published_urls(args["script"]) if u.rsplit("/", 1)[1].startswith("plan-")]
    return {"url": url}


def plan_data(args: dict[str, Any], fetch: Callable[[str], bytes] = read_published) -> dict[str, Any]:
    """The plan data the base map loads: every feature, in order (``fetch`` gets a published file)."""
    return json.loads(fetch(plan_source(args)["url"]))


def plan_view(args: dict[str, Any]) -> dict[str, Any]:
    """This view: ``shown`` bits, ``selected`` id, camera ``info``, ``fit``."""
    group = args["feature_group"] or ""
    return _DECODER.raw_decode(group, group.index("{", group.index(VIEW_CALL)))[0]  # after the map's name


def drawn_features(args: dict[str, Any], fetch: Callable[[str], bytes] = read_published) -> list[dict[str, Any]]:
    """The features this view shows (region outlines and matches), as the browser draws them."""
    data = plan_data(args, fetch)
    ids = [f["id"] for f in data["features"]]
    shown = set(shown_ids(ids, plan_view(args)["shown"]))
    return [f for f in data["features"] if f["id"] in shown]


def drawn_text(args: dict[str, Any]) -> str:
    """The shown features as JSON text (ASCII-escaped), for ``"id" in text``-style checks."""
    return json.dumps(drawn_features(args))


def shown_ids(ids: list[str], bits: str) -> list[str]:
    """The ids whose bit is set: the inverse of ``layers.maps.wire.visible_bits`` (as ``MH.plan`` reads them)."""
    mask = np.unpackbits(np.frombuffer(base64.b64decode(bits), dtype=np.uint8))[:len(ids)]
    return [fid for fid, on in zip(ids, mask, strict=True) if on]
