"""What the live map component was told to draw, read back from its arguments (no browser).

The base script names the plan data (a published file under ``static/cache``, or the data inline);
each view's feature group says which features show (one bit each) and which one is selected.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from layers.maps.planlayer import shown_ids
from layers.maps.publish import CACHE_DIR, CACHE_URL

_DECODER = json.JSONDecoder()


def _json_after(text: str, marker: str) -> Any:
    start = text.index(marker) + len(marker)
    return _DECODER.raw_decode(text, start)[0]


def read_published(url: str) -> bytes:
    """A published file's bytes, read from disk (what the app serves at ``url``)."""
    assert url.startswith(CACHE_URL + "/"), url
    return (CACHE_DIR / url[len(CACHE_URL) + 1:]).read_bytes()


def plan_source(args: dict[str, Any]) -> dict[str, Any]:
    """Where the base script gets the plan data: ``{"url": ...}`` or ``{"data": ...}``."""
    return _json_after(args["script"], "Object.assign(")


def plan_data(args: dict[str, Any], fetch: Callable[[str], bytes] = read_published) -> dict[str, Any]:
    """The plan data the base script loads: every feature, in order (``fetch`` gets a published file)."""
    source = plan_source(args)
    if "data" in source:
        return source["data"]
    return json.loads(fetch(source["url"]))


def plan_view(args: dict[str, Any]) -> dict[str, Any]:
    """This view: ``shown`` bits, ``selected`` id, camera ``info``."""
    marker = "MH.planView("
    group = args["feature_group"] or ""
    return _json_after(group, group[group.index(marker):].split(", ", 1)[0] + ", ")


def drawn_features(args: dict[str, Any], fetch: Callable[[str], bytes] = read_published) -> list[dict[str, Any]]:
    """The features this view shows (region outlines and matches), as the browser draws them."""
    data = plan_data(args, fetch)
    ids = [f["id"] for f in data["features"]]
    shown = set(shown_ids(ids, plan_view(args)["shown"]))
    return [f for f in data["features"] if f["id"] in shown]


def drawn_text(args: dict[str, Any]) -> str:
    """The shown features as JSON text (ASCII-escaped), for ``"id" in text``-style checks."""
    return json.dumps(drawn_features(args))
