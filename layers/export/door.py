"""The reader door (issue 38): the map for reading and sharing as static files that any web server or CDN serves,
with no Python behind it. ``python3 -m layers publish --out DIR`` writes it; the running app publishes it too.

``index.html`` draws, before any script runs, every plan feature of the link's view as the app's scene has it
(:func:`layers.maps.scene.make_scene`; the link decided in the browser by the app's rules, :func:`view_rules`), as
an SVG poster in Web Mercator (each feature an element with ``data-feature="<id>"``), with the story over it and the
status legend, in English and Chinese (``?lang=zh``). Then Leaflet and our browser modules (``MH.door``) draw the
same on a map that takes the poster's place. ``f/<id>.html`` is each plan feature's own page. Everything is kept
under the data's own version, ``v/<version>/``, which never changes; ``index.html`` is always the newest.

Every parameter the app reads means the same here (:func:`view_rules`, ``static/js/minhang-rules.js``); the dates
come from the plan as of each day an event changed it (:func:`dated_frames`). The card's facts and reports
(:func:`card_data`), the street context and the camera are fetched once the map can be tapped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from markdown_it import MarkdownIt
from shapely.geometry.base import BaseGeometry

from layers.data import asof, schema
from layers.data.events import Events, frames_as_of
from layers.data.io import write_atomically
from layers.data.promises import NO_PROMISE
from layers.data.reference import CONTEXT_LAYERS, OSM_LINK, district_bounds
from layers.maps.assets import asset_path, inline_js, module_code, stylesheet, vendored_url
from layers.maps.base import (
    EDGE_STYLE,
    GROUPS,
    MINHANG_STYLE,
    NEIGHBOURS_STYLE,
    VEIL_STYLE,
    boundaries,
    card_texts,
    legend_statuses,
)
from layers.maps.basemaps import get_basemap
from layers.maps.compact import compact
from layers.maps.elements.camera import CameraControl
from layers.maps.elements.page_style import LEAFLET_TEXTS
from layers.maps.elements.plan_labels import LABEL_MIN_ZOOM
from layers.maps.live import context_layers, near_centres, near_rules, plan_view
from layers.maps.scene import Scene, make_scene
from layers.maps.style import LINE_KINDS, NO_NEWS_OPACITY, feature_style, status_colour, symbol_svg
from layers.maps.wire import plan_layer_data
from layers.view.details import Details, events_blocks, facts_blocks, feature_details, popup_html, verdict_parts
from layers.view.filters import SEARCH_FIELDS, normalise
from layers.view.i18n import BASEMAP_LABELS, LANGUAGES, STATUS_LABELS, label, t
from layers.view.palette import HOLLOW, INK, STAGES, STATUS_COLOURS
from layers.view.phone import PHONE_MAX_WIDTH
from layers.view.rollup import EXISTING, STORY_TEXTS
from layers.view.spec import (
    BASEMAPS,
    CENTER_BOUNDS,
    DATE_WORDS,
    LIST_FILTERS,
    MAX_PARAM_CHARS,
    MAX_QUERY_CHARS,
    MAX_ZOOM,
    MIN_ZOOM,
    NEAR_CHOICES,
    NOTICE_KEYS,
    PARAMS,
    FilterSpec,
)

MERCATOR = "EPSG:3857"  # the poster's projection: the map's own, so the poster and the map behind it agree
POSTER_WIDTH = 1000  # the poster's width in its own units (its height follows the district's box)
# Drawing detail: a vertex closer than this to the simplified line is dropped (poster units; 1000 across).
SIMPLIFY = 0.8
SYMBOL_PX = 14  # a point's symbol, in CSS px at any poster size
INLINED = ("rules", "doorpage")  # the browser modules the door's pages carry in themselves
KEEP_VERSIONS = 8  # the versions a running app keeps (one a day while the data stays; more as it changes)
DATED = ("status", "promise")  # what a date changes that a link filters and counts by
DRAWN = ("status", "nn", "tip", "s", "pv")  # what a date changes in a feature's drawing (layers.maps.wire), its card
VERSION_MARK = "@VERSION@"  # where the data's version goes in the page, before it is known
_MARKDOWN = MarkdownIt("commonmark", {"html": True})  # the details panel's Markdown, as Streamlit shows it


@dataclass(frozen=True)
class Door:
    """The published door: its files (relative path -> bytes) and the data version they are kept under."""

    files: dict[str, bytes]
    version: str


class _Projection:
    """Web Mercator metres to poster units, the district's box filling the width."""

    def __init__(self) -> None:
        west, south, east, north = district_bounds()
        box = gpd.GeoSeries([shapely.box(west, south, east, north)], crs="EPSG:4326").to_crs(MERCATOR)
        self.left, self.bottom, right, self.top = (float(v) for v in box.total_bounds)
        self.scale = POSTER_WIDTH / (right - self.left)
        self.height = round((self.top - self.bottom) * self.scale)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.left) * self.scale, (self.top - y) * self.scale


def _path(geometry: BaseGeometry, at: _Projection) -> str:
    """An SVG path's ``d`` of a line or area (rings closed), in whole poster units."""
    parts: list[str] = []

    def line(coords: Any, close: bool) -> None:
        points = [at.xy(x, y) for x, y in coords]
        parts.append("M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in points) + ("Z" if close else ""))

    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type == "Polygon":
            line(part.exterior.coords, True)
            for ring in part.interiors:
                line(ring.coords, True)
        elif part.geom_type == "LineString":
            line(part.coords, False)
    return "".join(parts)


def poster(scene: Scene, outline: gpd.GeoDataFrame, lang: str) -> str:
    """The scene's plan features as the poster: an SVG of the areas and lines (Minhang's outline under them), and
    the points over it as symbols placed by percentage, so they keep their size at any width."""
    at = _projection()
    drawn = scene.drawn.to_crs(MERCATOR)
    tolerance = SIMPLIFY / at.scale
    shapes = [f'<path class="mh-edge" d="{_path(g.simplify(tolerance), at)}"/>'
              for g in outline.to_crs(MERCATOR).geometry]
    points: list[str] = []
    names, other = scene.frame[f"name_{lang}"], scene.frame[f"name_{'zh' if lang == 'en' else 'en'}"]
    # Areas first, largest at the back, then lines: the map's own stacking (MH.plan's stack).
    order = sorted(drawn.index, key=lambda fid: (drawn.geometry[fid].geom_type not in ("Polygon", "MultiPolygon"),
                                                 -drawn.geometry[fid].area))
    for fid in order:
        row, geometry = drawn.loc[fid], drawn.geometry[fid]
        # Its name as a tooltip, in the page's language: the other's beside it, swapped in where the page is in it.
        title = f'<title data-other="{escape(str(other[fid]), quote=True)}">{escape(str(names[fid]))}</title>'
        ident = escape(str(fid), quote=True)
        if geometry.geom_type == "Point":
            x, y = at.xy(geometry.x, geometry.y)
            colour = status_colour(str(row["status"]))
            symbol = symbol_svg(str(row["category"]), SYMBOL_PX, colour, hollow=row["status"] in HOLLOW)
            faded = f";opacity:{NO_NEWS_OPACITY}" if row.get("promise") == "no_news" else ""
            points.append(f'<i class="mh-pt" data-feature="{ident}" style="left:{100 * x / POSTER_WIDTH:.2f}%;'
                          f'top:{100 * y / at.height:.2f}%{faded}">{symbol}{title}</i>')
            continue
        style = feature_style({"kind": row["kind"], "precision": row["precision"], "status": row["status"],
                               "category": row["category"], "nn": row.get("promise") == "no_news"})
        region = row["kind"] == "region"
        fill = style.get("fillColor", "none") if geometry.geom_type in ("Polygon", "MultiPolygon") else "none"
        attrs = (f'stroke="{style.get("color", INK)}" stroke-width="{style.get("weight", 2)}" fill="{fill}" '
                 f'fill-opacity="{style.get("fillOpacity", 0.2) if fill != "none" else 0}"'
                 + (f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""))
        kind = "region" if region else "line" if row["kind"] in LINE_KINDS else "feature"
        classes = " ".join(filter(None, [f"mh-{kind}", style.get("className")]))  # an open line's casing
        shapes.append(f'<path class="{classes}" data-feature="{ident}" '
                      f'd="{_path(geometry.simplify(tolerance), at)}" {attrs}>{title}</path>')
    svg = (f'<svg class="mh-poster-svg" viewBox="0 0 {POSTER_WIDTH} {at.height}" preserveAspectRatio="xMidYMid meet" '
           f'aria-hidden="true">{"".join(shapes)}</svg>')
    # As wide as the page allows and no taller than most of the screen, always at the poster's own proportions, so the
    # points placed by percentage sit where the drawing is.
    ratio = POSTER_WIDTH / at.height
    size = f"aspect-ratio:{POSTER_WIDTH}/{at.height};width:min(100%,calc(78vh*{ratio:.4f}))"
    return f'<div class="mh-poster" style="{size}">{svg}{"".join(points)}<div id="mh-map"></div></div>'


@lru_cache(maxsize=1)
def _projection() -> _Projection:
    """The district's poster projection, made once."""
    return _Projection()


def _words(scene: Scene, lang: str) -> dict[str, str]:
    """The page's words in ``lang``: the title, the story (as the app's strip says it) and the legend."""
    statuses = legend_statuses(scene.frame)
    legend = "".join(f'<li><span class="mh-dot{" mh-hollow" if s in HOLLOW else ""}" style="--c:{status_colour(s)}">'
                     f"</span>{escape(label(STATUS_LABELS, s, lang))}</li>"
                     for s in statuses if s in schema.VIEW_STATUSES)
    plan = scene.frame[scene.frame["kind"] != "region"]
    # The places' list is a page of its own (f/index.html), which keeps this one light.
    places = f'<a class="mh-carry" href="f/index.html">{escape(t("door_places", lang, n=len(plan)))}</a>'
    return {"title": escape(t("title", lang)), "story": escape("".join(p["text"] for p in scene.headline["parts"])),
            "places": places,
            "legend": legend, "explore": escape(t("door_explore", lang)), "credit": escape(t("door_credit", lang)),
            "matching": f'<span data-template="{escape(t("matching", lang, n="{n}", total="{total}"), quote=True)}">'
                        "</span>"}


def _both(key: str, **values: object) -> str:
    """An interface text in every language, each in its own span (the page shows its own: static/css/door.css)."""
    return "".join(f'<span class="mh-l" lang="{lang}">{escape(t(key, lang, **values))}</span>' for lang in LANGUAGES)


def filter_sheet(today: dt.date) -> str:
    """The compact filter sheet: the app's list filters (``LIST_FILTERS``, a box per value), its search and its
    date, in a ``<details>`` that opens with no script. ``MH.filterSheet`` sets it to the link's view and, when it
    is sent, opens the door on the view it asks for (the link's own parameters, as the app's sidebar makes them)."""
    def box(key: str, value: str, labels: dict[str, dict[str, str]]) -> str:
        words = "".join(f'<span class="mh-l" lang="{lang}">{escape(label(labels, value, lang))}</span>'
                        for lang in LANGUAGES)
        return f'<label><input type="checkbox" name="{key}" value="{escape(value, quote=True)}" checked>{words}</label>'

    lists = "".join(f'<fieldset data-key="{f.key}"><legend>{_both(f.title)}</legend>'
                    + "".join(box(f.key, v, f.labels) for v in f.values) + "</fieldset>" for f in LIST_FILTERS)
    kinds = "".join(f'<option value="{kind}">{escape(t(f"asof_{kind}", "en"))} · {escape(t(f"asof_{kind}", "zh"))}'
                    "</option>" for kind in asof.KINDS)
    near = "".join(f'<option value="{m or ""}">{m or "—"}</option>' for m in NEAR_CHOICES)  # worded by MH.filterSheet
    return (f'<details class="mh-sheet"><summary>{_both("filters_open")}</summary><form id="mh-filter">'
            f'<label class="mh-field">{_both("search")}<input type="search" name="q" maxlength="{MAX_QUERY_CHARS}">'
            f'</label><label class="mh-field">{_both("near")}<select name="near">{near}</select></label>'
            f'<fieldset data-key="asof"><legend>{_both("asof")}</legend><select name="asof">{kinds}</select>'
            f'<input type="date" name="day" min="{asof.PLAN_DATE.isoformat()}" max="{today.isoformat()}"></fieldset>'
            f'{lists}<p><button type="submit">{_both("filters_apply")}</button> '
            f'<a class="mh-reset" href="?">{_both("reset")}</a></p></form></details>')


def door_page(scenes: dict[str, Scene], outline: gpd.GeoDataFrame, app_url: str, *,
              rules: dict[str, Any], version: str, today: dt.date) -> str:
    """``index.html``: the poster of the default view, its words in every language (the page shows those of
    ``?lang=``), the explore link to the app with the page's own parameters; then the map's script and styles from
    ``v/<version>/``, fetched without holding the first paint (``door.js`` carries the map's options,
    :func:`map_options`: the first paint does not wait for them)."""
    first = scenes["en"]
    words = {lang: _words(scene, lang) for lang, scene in scenes.items()}

    def each(key: str, tag: str = "span") -> str:
        return "".join(f'<{tag} class="mh-l" lang="{lang}">{w[key]}</{tag}>' for lang, w in words.items())

    app = escape(app_url, quote=True)
    return (_head(f"<title>{words['en']['title']} · {words['zh']['title']}</title>", rules) + "<body>"
            f'<header><h1>{each("title")}</h1><p class="mh-story">{each("story")}</p>'
            f'<p class="mh-story mh-matching" hidden>{each("matching")}</p>'
            # A link's mistakes, worded as the app words them (MH.doorPage fills it).
            '<div id="mh-notices" class="mh-asks" role="status" hidden></div></header>'
            f'<div class="mh-tools">{filter_sheet(today)}<button type="button" id="mh-share" class="mh-share" hidden>'
            f'{_both("share_heading")}</button><input id="mh-share-link" class="mh-share-link" readonly hidden>'
            f"</div><main>{poster(first, outline, 'en')}</main>"
            # What the link asks for, decided before the page paints: the poster keeps what its view draws.
            "<script>MH.doorPage(window.mhRules);</script>"
            f'<footer><div class="mh-door-legend">{each("legend", "ul")}</div>'
            f'<a id="mh-explore" class="mh-explore" href="{app}">{each("explore")}</a>'
            f'{each("places", "nav")}'
            f'<p class="mh-credit">{each("credit")}</p></footer>'
            # The map behind the poster: its styles and scripts fetched without holding the first paint.
            f'<link rel="stylesheet" href="v/{version}/door.css">'
            f'<script defer src="v/{version}/door.js"></script></body></html>')


def _head(titles: str, rules: dict[str, Any]) -> str:
    """A door page's head: its ``titles`` (and meta tags), the link rules and the page's own script inline, run
    before anything paints (the page's language), and its styles (``static/css/door.css``)."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">{titles}'
            f"<script>window.mhRules={_json(rules)};{''.join(inline_js(name) for name in INLINED)}"
            f"MH.doorLang(window.mhRules);</script><style>{stylesheet('door')}</style></head>")


def places_page(scenes: dict[str, Scene], rules: dict[str, Any]) -> str:
    """``f/index.html``: every place the plan names, each linked to its own page, in each language (a search engine
    finds them all from the door; the door's own page stays light)."""
    lists = []
    for lang, scene in scenes.items():
        plan = scene.frame[scene.frame["kind"] != "region"]
        items = "".join(f'<li><a class="mh-carry" href="{escape(str(fid), quote=True)}.html">{escape(str(name))}'
                        "</a></li>" for fid, name in zip(plan.index, plan[f"name_{lang}"], strict=True))
        lists.append(f'<article class="mh-l" lang="{lang}"><h1>{escape(t("door_places", lang, n=len(plan)))}</h1>'
                     f'<ul>{items}</ul><p><a href="../index.html">{escape(t("door_whole", lang))}</a></p></article>')
    title = " · ".join(escape(t("door_places", lang, n=len(s.frame[s.frame["kind"] != "region"])))
                       for lang, s in scenes.items())
    return (_head(f"<title>{title}</title>", rules) + f'<body><main class="mh-feature-page">{"".join(lists)}</main>'
            "<script>MH.doorPage(window.mhRules);</script></body></html>")


def feature_page(scenes: dict[str, Scene], fid: str, app_url: str, rules: dict[str, Any],
                 reports: dict[str, str]) -> str:
    """``f/<id>.html``: one plan feature's own page, for a search engine and a chat app's link preview (its title,
    its description: the plan's sentence) and for a reader: its details as the app's exported popup says them (name,
    status, promise and verdict, the plan's sentence) and its ``reports`` (:func:`card_data`'s events, per
    language), in each language (``?lang=zh``), linked to the whole map and to the app's view of it."""
    details = {lang: _details(scene.frame.loc[fid], scene.frame, lang) for lang, scene in scenes.items()}
    en, zh = details["en"], details["zh"]
    title = f"{en.name} · {zh.name} · {t('title', 'en')}"
    said = en.quote_en or en.quote
    # Its details as the exported popup says them, then what has happened since, as the app's details panel has it.
    body = "".join(f'<article class="mh-l" lang="{lang}">{popup_html(d)}{reports[lang]}</article>'
                   for lang, d in details.items())
    links = "".join(f'<p class="mh-l" lang="{lang}"><a class="mh-explore" href="{escape(app_url, quote=True)}">'
                    f'{escape(t("door_explore", lang))}</a> · <a href="../index.html">{escape(t("door_whole", lang))}'
                    f"</a></p>" for lang in details)
    return (_head(f'<title>{escape(title)}</title><meta name="description" content="{escape(said, quote=True)}">'
                  f'<meta property="og:title" content="{escape(title, quote=True)}">'
                  f'<meta property="og:description" content="{escape(said, quote=True)}">', rules)
            + f'<body><main class="mh-feature-page">{body}</main><footer>{links}</footer>'
            "<script>MH.doorPage(window.mhRules);</script></body></html>")


def _details(row: Any, frame: gpd.GeoDataFrame, lang: str) -> Details:
    """A frame's row's details in ``lang`` (``layers.view.details``), its stations' lines named from ``frame``."""
    plain = row.to_dict()  # as display_geojson gives feature_details its row
    plain["geom_type"] = plain.pop("geometry").geom_type
    return feature_details(plain, lang, dict(zip(frame.index, frame[f"name_{lang}"], strict=True)))


def blocks_html(blocks: list[tuple[str, str]]) -> str:
    """The details panel's blocks (``layers.view.details``: Markdown, every data text escaped there, and HTML
    quotes) as HTML, as Streamlit's Markdown shows them in the app."""
    out = []
    for kind, text in blocks:
        if kind == "quote":
            out.append(text)
        elif kind == "caption":
            out.append(f'<p class="mh-caption"><small>{_MARKDOWN.renderInline(text)}</small></p>')
        else:
            out.append(_MARKDOWN.render(text))
    return "".join(out)


def card_data(states: Dated, events: Events, lang: str) -> dict[str, dict[str, Any]]:
    """What a card shows when a reader asks for more (``cards-<lang>.json``), per plan feature: its facts (status,
    the promise and its verdict, …) as of the latest report ("facts"), the plan ("plan") and each day they change
    ("steps": ``[[day, facts], ...]``), and its reports, newest first, with their quotes ("events")."""
    frame = states.frames[asof.LATEST]
    names = dict(zip(frame.index, frame[f"name_{lang}"], strict=True))
    plan = frame[frame["kind"] != "region"]
    out: dict[str, dict[str, Any]] = {}
    for fid, row in plan.iterrows():
        via = row.get("via") if isinstance(row.get("via"), str) else None  # a station named through its line
        out[str(fid)] = {"facts": blocks_html(facts_blocks(_details(row, frame, lang))), "steps": [],
                         "events": blocks_html(events_blocks(events, str(fid), lang, via, names))}
    for fid, k, row in _changes(states):
        if fid in out:
            facts = blocks_html(facts_blocks(_details(row, frame, lang)))
            if k == "plan":
                out[fid]["plan"] = facts
            else:
                out[fid]["steps"].append([states.days[int(k)], facts])
    return out


def _json(value: Any) -> str:
    """``value`` as JSON inside a ``<script>``: with "<" escaped, no text in it can close the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


@dataclass(frozen=True)
class Dated:
    """The plan as of every date a link may ask for: ``frames`` of "plan", "latest" and each of ``days`` (the
    plan's date, then each day an event changed something: between two of them nothing changes)."""

    days: list[str]
    frames: dict[str, gpd.GeoDataFrame]

    def at(self, asof_value: str) -> gpd.GeoDataFrame:
        """The frame of an ``asof`` value (a date: the last of ``days`` up to it)."""
        if asof_value in self.frames:
            return self.frames[asof_value]
        return self.frames[max(d for d in self.days if d <= asof_value)]


def dated_frames(features: gpd.GeoDataFrame, events: Events) -> Dated:
    """:class:`Dated` of the data: every day an event starts on from the plan's date, as the statuses and verdicts
    read them (``layers.data.events.frames_as_of``)."""
    days = sorted({asof.PLAN_DATE, *(d for d in events.table["start"] if d >= asof.PLAN_DATE)}) \
        if len(events.table) else [asof.PLAN_DATE]
    whens = [asof.PLAN, asof.LATEST, *(d.isoformat() for d in days)]
    return Dated([d.isoformat() for d in days], dict(zip(whens, frames_as_of(features, events, whens), strict=True)))


def _steps(states: Dated, column: str) -> list[list[list[Any]]]:
    """Per feature, ``column``'s value on each day it changes: ``[[index into days, value], ...]``."""
    out = []
    for fid in states.frames[asof.LATEST].index:
        steps: list[list[Any]] = []
        for k, day in enumerate(states.days):
            value = states.frames[day].at[fid, column]
            if not steps or steps[-1][1] != value:
                steps.append([k, value])
        out.append(steps)
    return out


def _ranges(categories: frozenset[str]) -> list[list[int]]:
    """The code points of the Unicode ``categories`` (unassigned ones aside), as ``[first, last]`` ranges."""
    out: list[list[int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)) in categories:
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            else:
                out.append([cp, cp])
    return out


@lru_cache(maxsize=1)
def _text_ranges() -> dict[str, list[list[int]]]:
    """What a link's text loses (``spec._clean_text``) and what a notice escapes (``repr``: not printable)."""
    return {"dropped": _ranges(frozenset({"Cc", "Cf", "Cs"})),
            "unprintable": _ranges(frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs"}))}


# The words a link's view says in the page's language: its notices (spec.Notice), the story's parts
# (rollup.story), the match count, the dates of a comparison (words.asof_summary) and the filter sheet's dates.
_WORDS = ("url_notice", "matching", *(f"asof_summary_{kind}" for kind in asof.KINDS),
          *(f"asof_{kind}" for kind in asof.KINDS), "share_copied", "near_any", "near_option",
          *(f"notice_{k}" for k in NOTICE_KEYS), *STORY_TEXTS)


def _words_of(text: str) -> str:
    """A search text's distinct words, in their first order: a search word (never holding a space) finds the text
    where it finds one of them (``filters._word``), so the page need not carry the rest."""
    return " ".join(dict.fromkeys(text.split()))


def view_rules(states: Dated, today: dt.date) -> dict[str, Any]:
    """The app's link rules as data for ``MH.parseLink`` and ``MH.shownBy`` (static/js/minhang-rules.js): the
    parameters and their limits (spec.py), the list filters (``LIST_FILTERS``), each feature's id, kind and filtered
    fields as of the latest report, and as of every date (``states``: statuses and verdicts), each feature's search
    text (``filters.SEARCH_FIELDS``, normalised), the words of the notices and the story in each language, the
    stations and each feature's distances to them (near=: ``layers.maps.live.near_rules``), and the day it was made
    (a date after it is one a link cannot ask for yet)."""
    frame = states.frames[asof.LATEST]
    fields = sorted({"region", "plan_part", *(f.field for f in LIST_FILTERS)})
    texts = zip(*(frame[name].tolist() for name in SEARCH_FIELDS), strict=True)
    return {"params": list(PARAMS), "languages": list(LANGUAGES), "basemaps": list(BASEMAPS),
            "maxParam": MAX_PARAM_CHARS, "maxQuery": MAX_QUERY_CHARS,
            "view": {"bounds": list(CENTER_BOUNDS), "zoom": [MIN_ZOOM, MAX_ZOOM]},
            "dates": {**DATE_WORDS, "today": today.isoformat(), "days": states.days,
                      "atPlan": {c: states.frames[asof.PLAN][c].tolist() for c in DATED},
                      "steps": {c: _steps(states, c) for c in DATED}},
            "idPattern": schema.ID_PATTERN, "ids": [str(i) for i in frame.index], "kinds": frame["kind"].tolist(),
            "lists": [{"key": f.key, "field": f.field, "values": list(f.values)} for f in LIST_FILTERS],
            "fields": {name: [v if isinstance(v, str) else None for v in frame[name].tolist()] for name in fields},
            "search": [_words_of(normalise(" ".join(v for v in row if isinstance(v, str)))) for row in texts],
            "text": _text_ranges(), "open": list(STAGES["open"]),
            "look": {"palette": STATUS_COLOURS, "hollow": list(HOLLOW), "faded": NO_NEWS_OPACITY},
            "existing": EXISTING, "noPromise": NO_PROMISE,
            "words": {lang: {key: t(key, lang) for key in _WORDS} for lang in LANGUAGES},
            "title": {lang: t("title", lang) for lang in LANGUAGES},
            "near": near_rules(frame)}


def camera_words(lang: str) -> dict[str, Any]:
    """The words the door's camera writes a view's snapshot with (``MH.viewInfo``: words.snapshot_info), in ``lang``:
    the filters' names and values, the basemaps', the dates', the citation's."""
    return {**{key: t(key, lang) for key in ("subtitle", "summary_since", "summary_compare", "summary_near",
                                              "cite_short",
                                              *(f"asof_summary_{kind}" for kind in asof.KINDS))},
            "titles": {f.key: t(f.title, lang) for f in LIST_FILTERS},
            "values": {f.key: {v: label(f.labels, v, lang) for v in f.values} for f in LIST_FILTERS},
            "basemaps": {key: label(BASEMAP_LABELS, key, lang) for key in BASEMAPS}}


def map_options(scene: Scene, lang: str, files: dict[str, str]) -> dict[str, Any]:
    """What ``MH.door`` draws in ``lang``: the plan data's, its dated states' and the boundaries' files (``files``,
    relative to the page; the plan and the boundaries also shifted to GCJ-02 for Gaode's tiles), the scene's view of
    them (the app's own, ``plan_view_group``), the tiles a link may ask for, the card's and the page's words."""
    view = plan_view(scene, scene.frame.index)
    # The story and the promises are the page's, over the map: the map keeps its whole box for the plan.
    # (No camera or share on the door: the view's words for them, "info", stay behind.)
    context = {datum: {name: files[f"context-{lang}-{name}{suffix}"] for name in CONTEXT_LAYERS}
               for datum, suffix in (("wgs84", ""), ("gcj02", "-gcj02"))}
    return {"plan": files[f"plan-{lang}"], "dated": files[f"dated-{lang}"], "compareScript": files["compare"],
            "near": files["near"],
            "gcj02": {"plan": files[f"plan-{lang}-gcj02"], "reference": files["reference-gcj02"],
                      "context": context["gcj02"]},
            "context": {"script": files["context"], "urls": context["wgs84"]},
            # The camera (the app's, MH.camera), its code, its library and its words fetched once the map can be
            # tapped; the view's words made in the browser (MH.viewInfo).
            "camera": {"scripts": [files["camera"], files["doorcamera"]], "words": files[f"camera-{lang}"],
                       "camera": {**CameraControl(lang, library=files["camera-lib"]).options, "position": "topright"}},
            "view": {**view.view, "headline": None, "info": {}}, "tiles": _tiles(lang),
            # The map's own credits (on it, and so on the camera's picture), as the app's offline map gives them;
            # a tile basemap adds its own (and OpenStreetMap's, in _tiles).
            "credits": {"offline": [escape(t("attribution_boundaries", lang)),
                                    f"{escape(t('attribution_context', lang))} {_osm(lang)}"],
                        "tiles": [escape(t("attribution_boundaries", lang))]},
            "groups": list(GROUPS),
            "reference": {"url": files["reference"], "neighbours": NEIGHBOURS_STYLE, "minhang": MINHANG_STYLE,
                          "veil": VEIL_STYLE, "edge": EDGE_STYLE},
            # The card opens on any screen (the door has no details panel), and loads the facts and reports when asked.
            "card": {**card_texts(lang, details=False), "wide": True, "cards": files[f"cards-{lang}"],
                     "reports": t("card_reports", lang)},
            "failedText": t("plan_load_failed", lang),
            "labels": {"numbered": False, "minZoom": LABEL_MIN_ZOOM},
            "page": {"phoneMaxWidth": PHONE_MAX_WIDTH, "lang": lang,
                     "texts": {key: t(text, lang) for key, text in LEAFLET_TEXTS.items()}}}


def _osm(lang: str) -> str:
    """OpenStreetMap's credit in ``lang``, the words escaped, its link ours."""
    return escape(t("attribution_osm", lang)).replace("{osm}", OSM_LINK)


def _tiles(lang: str) -> dict[str, dict[str, Any]]:
    """The tiles of each basemap a link may ask for (none by default: the door asks nothing of another site), as
    the app draws them (``layers.maps.base``): their address, options and credit, and whether they are GCJ-02."""
    out = {}
    for key in BASEMAPS:
        basemap = get_basemap(key)
        if basemap.provider is None:
            continue
        credit = basemap.attribution
        if key != "osm":  # the street context's names and positions are OpenStreetMap's; OSM tiles say so already
            credit += f" · {escape(t('attribution_context', lang))} {_osm(lang)}"
        out[key] = {"url": basemap.tile_url, "gcj02": basemap.gcj02,
                    "options": {"attribution": credit, "maxZoom": 18,
                                "subdomains": basemap.provider.get("subdomains", "abc")}}
    return out


def _changes(states: Dated) -> list[tuple[str, str | int, Any]]:
    """Each feature's states: (id, "plan" or the index of the day it changed, its row that day), the plan's first,
    then each day its status, verdict or opening differs from the day before."""
    out: list[tuple[str, str | int, Any]] = []
    for fid in states.frames[asof.LATEST].index:
        before = None
        days: list[tuple[str | int, str]] = [("plan", asof.PLAN), *enumerate(states.days)]
        for k, when in days:
            row = states.frames[when].loc[fid]
            state = tuple(str(row.get(c)) for c in ("status", "promise", "opened_on", "verdict", "verdict_event"))
            if k == "plan" or state != before:
                out.append((str(fid), k, row))
            if k != "plan":
                before = state
    return out


def verdict_line(row: Any, lang: str) -> str | None:
    """The card's line on a feature's promise: its verdict as of the row's date ("Verdict: Kept on time"), or None
    where the plan promised nothing."""
    if not isinstance(row.get("verdict"), str):
        return None
    return f"{t('verdict', lang)}: {verdict_parts(row, lang)[0]}"


def _with_verdicts(data: dict[str, Any], frame: gpd.GeoDataFrame, lang: str) -> dict[str, Any]:
    """``data`` (``plan_layer_data`` of ``frame``, in its order) with each promise's verdict line for the card."""
    for feature, (_, row) in zip(data["features"], frame.iterrows(), strict=True):
        if line := verdict_line(row, lang):
            feature["properties"]["pv"] = line
    return data


def dated_layer(states: Dated, lang: str) -> dict[str, Any]:
    """What a date changes in the plan data (``plan_layer_data``) in ``lang``, fetched by a link that asks for a
    date, another date beside it, or a day since: per feature, its drawn properties (status, faded, tooltip, style)
    on the plan's statuses ("plan") and on each day they change (``[[index into days, properties], ...]``), and the
    styles they name (``s``, an index into ``styles``)."""
    latest = states.frames[asof.LATEST]
    # One frame of every state that differs from the one before it, drawn at once: a day's whole frame costs 70 ms.
    changes = _changes(states)
    keys = [(fid, k) for fid, k, _ in changes]
    frame = gpd.GeoDataFrame([row for _, _, row in changes], crs=latest.crs)
    drawn = plan_layer_data(frame, lang, "offline")
    out: dict[str, Any] = {"days": states.days, "styles": drawn["styles"], "plan": {}, "steps": {}}
    for (fid, k), feature in zip(keys, _with_verdicts(drawn, frame, lang)["features"], strict=True):
        props = {key: feature["properties"].get(key) for key in DRAWN}
        if k == "plan":
            out["plan"][fid] = props
        else:
            out["steps"].setdefault(fid, []).append([k, props])
    return out


def build_door(features: gpd.GeoDataFrame, events: Events, reference: dict[str, gpd.GeoDataFrame], *,
               app_url: str = "/", today: dt.date | None = None) -> Door:
    """The door's files for this data: ``index.html``, and under the data's version its copy and the map's files
    (``door.js``: Leaflet and our browser modules; ``door.css``; the plan data per language; the boundaries)."""
    states = dated_frames(features, events)
    scenes = {lang: make_scene(states.at, FilterSpec(lang=lang), events, today) for lang in LANGUAGES}
    # The plan's shapes compact (layers.maps.compact), as the boundaries: a third of the file a phone waits for.
    data = {f"plan-{lang}{suffix}": _json(compact(_with_verdicts(plan_layer_data(scene.frame, lang, key), scene.frame,
                                                                   lang))).encode("utf-8")
            for lang, scene in scenes.items() for key, suffix in (("offline", ""), ("gaode", "-gcj02"))}
    data.update({f"dated-{lang}": _json(dated_layer(states, lang)).encode("utf-8") for lang in LANGUAGES})
    # Fetched by a near= link: the stations' centres, and the legend's words for their rings.
    data["near"] = _json({**near_centres(states.frames[asof.LATEST]),
                          "legend": {lang: t("legend_catchment", lang) for lang in LANGUAGES}}).encode("utf-8")
    # A card's more, one small file per feature and language, fetched when a reader asks for it.
    cards = {lang: card_data(states, events, lang) for lang in LANGUAGES}
    data.update({f"camera-{lang}": _json(camera_words(lang)).encode("utf-8") for lang in LANGUAGES})
    data.update({f"c/{fid}-{lang}": _json(card).encode("utf-8") for lang in LANGUAGES
                 for fid, card in cards[lang].items()})
    # The street context (OpenStreetMap: roads, rail, water, places), named in each language, in each datum: drawn
    # once the map can be tapped, under the plan.
    for lang in LANGUAGES:
        for gcj02 in (False, True):
            data.update({f"context-{lang}-{name}{'-gcj02' if gcj02 else ''}": _json(layer).encode("utf-8")
                         for name, layer in context_layers(gcj02, lang).items()})
    for name, key in (("reference", "offline"), ("reference-gcj02", "gaode")):
        bounds = boundaries(reference, key)
        data[name] = _json({part: compact(layer) for part, layer in
                            (("neighbours", bounds.neighbours), ("minhang", bounds.minhang))}).encode("utf-8")
    # The page carries the link rules inline (it decides the poster before painting): the map's script leaves them out.
    script = asset_path(vendored_url("leaflet")).read_bytes() + b";\n" + module_code("door", lazy=True,
                                                                                       inlined=INLINED, bare=True)
    # The version names everything under it, the page and the map's options too (its story is dated; the options
    # name its files): written with a stand-in for the version, hashed, then the version put in.
    files = {name: f"v/{VERSION_MARK}/{name}.json" for name in data}
    files |= {name: f"v/{VERSION_MARK}/{name}.js" for name in ("compare", "context", "camera", "doorcamera",
                                                                 "camera-lib")}
    files |= {f"cards-{lang}": f"v/{VERSION_MARK}/c/{{id}}-{lang}.json" for lang in LANGUAGES}  # {id}: the card's
    options = {lang: map_options(scene, lang, files) for lang, scene in scenes.items()}
    assets = {"door.js": script + f"\nMH.door({_json(options)}, window.mhRules);\n".encode(),
              "door.css": (asset_path(vendored_url("leaflet_css")).read_text(encoding="utf-8")
                           + stylesheet("map")).encode("utf-8"),
              # Two dates across a divider: fetched the first time a link compares (as the app's own, LAZY).
              "compare.js": inline_js("compare").encode("utf-8"),  # what it needs is in door.js
              "context.js": inline_js("context").encode("utf-8"),  # fetched once the map can be tapped
              "camera.js": inline_js("camera").encode("utf-8"),
              "doorcamera.js": inline_js("doorcamera").encode("utf-8"),
              "camera-lib.js": asset_path(vendored_url("dom_to_image_more")).read_bytes(),
              **{f"{name}.json": body for name, body in data.items()}}
    rules = view_rules(states, today or dt.date.today())
    marked = door_page(scenes, reference["minhang"], app_url, rules=rules, version=VERSION_MARK,
                       today=today or dt.date.today()).encode("utf-8")
    # A page per plan feature, its explore link opening the app on it (the app is one folder further up).
    pages = {f"f/{fid}.html": feature_page(scenes, str(fid), _up(app_url) + f"?feature={fid}", rules,
                                           {lang: cards[lang][str(fid)]["events"] for lang in LANGUAGES}
                                           ).encode("utf-8")
             for fid in scenes["en"].frame.index[scenes["en"].frame["kind"] != "region"]}
    pages["f/index.html"] = places_page(scenes, rules).encode("utf-8")
    version = hashlib.sha256(b"".join(hashlib.sha256(body).digest() for _, body in
                                      sorted({**assets, **pages, "index.html": marked}.items()))).hexdigest()[:16]
    page = marked.replace(VERSION_MARK.encode(), version.encode())
    assets["door.js"] = assets["door.js"].replace(VERSION_MARK.encode(), version.encode())
    return Door({"index.html": page, **pages, f"v/{version}/index.html": page,
                 **{f"v/{version}/{name}": body for name, body in {**assets, **pages}.items()}}, version)


def _up(url: str) -> str:
    """``url`` (the app's address from the door's folder) as a page one folder down names it."""
    return url if "://" in url or url.startswith("/") else "../" + url


def publish_door(door: Door, out: Path) -> list[Path]:
    """Write ``door`` under ``out`` (files readable by a web server running as another user); the versioned copy
    first, the plain address last, so it never names a version not yet written."""
    written = []
    for name in sorted(door.files, key=lambda n: n == "index.html"):
        path = out / name
        write_atomically(path, door.files[name])
        written.append(path)
    return written


def prune_versions(folder: Path, keep: int = KEEP_VERSIONS) -> None:
    """Remove all but the ``keep`` newest versions under ``folder/v`` (a reader's open page has its files already;
    a link to an older version then finds nothing, as a link to an old data version should)."""
    versions = sorted((p for p in (folder / "v").glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime,
                      reverse=True)
    for old in versions[keep:]:
        shutil.rmtree(old, ignore_errors=True)  # another app process may be pruning too
