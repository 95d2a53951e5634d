"""The reader door (issue 38): the map for reading and sharing as static files that any web server or CDN serves,
with no Python behind it. ``python3 -m layers publish --out DIR`` writes it; the running app publishes it too.

``index.html`` draws, before any script runs, every plan feature of the link's view as the app's scene has it
(:func:`layers.maps.scene.make_scene`; the link decided in the browser by the app's rules, :func:`view_rules`), as
an SVG poster in Web Mercator (each feature an element with ``data-feature="<id>"``), with the story over it and the
status legend, in English and Chinese (``?lang=zh``). Then Leaflet and our browser modules (``MH.door``) draw the
same on a map that takes the poster's place. ``f/<id>.html`` is each plan feature's own page. Everything is kept
under the data's own version, ``v/<version>/``, which never changes; ``index.html`` is always the newest.

Still left to the app (the door says so and links there): a search, the dates, a framing by hand, a basemap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from layers.data import schema
from layers.data.events import Events
from layers.data.io import write_atomically
from layers.data.reference import district_bounds
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
from layers.maps.compact import compact
from layers.maps.elements.page_style import LEAFLET_TEXTS
from layers.maps.elements.plan_labels import LABEL_MIN_ZOOM
from layers.maps.live import plan_view
from layers.maps.scene import Scene, dated, make_scene
from layers.maps.style import feature_style, status_colour, symbol_svg
from layers.maps.wire import plan_layer_data
from layers.view.details import feature_details, popup_html
from layers.view.i18n import LANGUAGES, STATUS_LABELS, label, t
from layers.view.palette import HOLLOW, INK
from layers.view.phone import PHONE_MAX_WIDTH
from layers.view.spec import LIST_FILTERS, MAX_PARAM_CHARS, PARAMS, FilterSpec

MERCATOR = "EPSG:3857"  # the poster's projection: the map's own, so the poster and the map behind it agree
POSTER_WIDTH = 1000  # the poster's width in its own units (its height follows the district's box)
# Drawing detail: a vertex closer than this to the simplified line is dropped (poster units; 1000 across).
SIMPLIFY = 0.8
SYMBOL_PX = 14  # a point's symbol, in CSS px at any poster size
INLINED = ("rules", "doorpage")  # the browser modules the door's pages carry in themselves
KEEP_VERSIONS = 8  # the versions a running app keeps (one a day while the data stays; more as it changes)
VERSION_MARK = "@VERSION@"  # where the data's version goes in the page, before it is known


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
            faded = ";opacity:.45" if row.get("promise") == "no_news" else ""
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
        shapes.append(f'<path class="mh-{"region" if region else "feature"}" data-feature="{ident}" '
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
    places = (f"<details><summary>{escape(t('door_places', lang, n=len(plan)))}</summary><ul>"
              + "".join(f'<li><a href="f/{escape(str(fid), quote=True)}.html">{escape(str(name))}</a></li>'
                        for fid, name in zip(plan.index, plan[f"name_{lang}"], strict=True)) + "</ul></details>")
    return {"title": escape(t("title", lang)), "story": escape("".join(p["text"] for p in scene.headline["parts"])),
            "places": places,
            "legend": legend, "explore": escape(t("door_explore", lang)), "credit": escape(t("door_credit", lang)),
            "asks": escape(t("door_asks", lang)), "ignored": escape(t("door_ignored", lang)),
            "matching": f'<span data-template="{escape(t("matching", lang, n="{n}", total="{total}"), quote=True)}">'
                        "</span>"}


def door_page(scenes: dict[str, Scene], outline: gpd.GeoDataFrame, app_url: str, options: dict[str, Any], *,
              rules: dict[str, Any], version: str) -> str:
    """``index.html``: the poster of the default view, its words in every language (the page shows those of
    ``?lang=``), the explore link to the app with the page's own parameters; then the map's script and styles from
    ``v/<version>/``, fetched without holding the first paint, and its ``options`` (:func:`map_options`)."""
    first = scenes["en"]
    words = {lang: _words(scene, lang) for lang, scene in scenes.items()}

    def each(key: str, tag: str = "span") -> str:
        return "".join(f'<{tag} class="mh-l" lang="{lang}">{w[key]}</{tag}>' for lang, w in words.items())

    app = escape(app_url, quote=True)
    return (_head(f"<title>{words['en']['title']} · {words['zh']['title']}</title>", rules) + "<body>"
            f'<header><h1>{each("title")}</h1><p class="mh-story">{each("story")}</p>'
            f'<p class="mh-story mh-matching" hidden>{each("matching")}</p>'
            f'<p id="mh-ignored" class="mh-asks" role="status" hidden><a href="{app}" class="mh-explore-asks">'
            f'{each("ignored")}</a></p>'
            f'<p id="mh-asks" class="mh-asks" role="status" hidden><a href="{app}" class="mh-explore-asks">'
            f'{each("asks")}</a></p></header>'
            f"<main>{poster(first, outline, 'en')}</main>"
            # What the link asks for, decided before the page paints: the poster keeps what its view draws.
            "<script>MH.doorPage(window.mhRules);</script>"
            f'<footer><div class="mh-door-legend">{each("legend", "ul")}</div>'
            f'<a id="mh-explore" class="mh-explore" href="{app}">{each("explore")}</a>'
            f'{each("places", "nav")}'
            f'<p class="mh-credit">{each("credit")}</p></footer>'
            # The map behind the poster: its styles and scripts fetched without holding the first paint.
            f'<link rel="stylesheet" href="v/{version}/door.css">'
            f"<script>window.mhDoor={_json(options)};</script>"
            f'<script defer src="v/{version}/door.js"></script></body></html>')


def _head(titles: str, rules: dict[str, Any]) -> str:
    """A door page's head: its ``titles`` (and meta tags), the link rules and the page's own script inline, run
    before anything paints (the page's language), and its styles (``static/css/door.css``)."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">{titles}'
            f"<script>window.mhRules={_json(rules)};{''.join(inline_js(name) for name in INLINED)}"
            f"MH.doorLang(window.mhRules);</script><style>{stylesheet('door')}</style></head>")


def feature_page(scenes: dict[str, Scene], fid: str, app_url: str, rules: dict[str, Any]) -> str:
    """``f/<id>.html``: one plan feature's own page, for a search engine and a chat app's link preview (its title,
    its description: the plan's sentence) and for a reader: its details as the app's exported popup says them (name,
    status, promise and verdict, the plan's sentence), in each language (``?lang=zh``), linked to the whole map and
    to the app's view of it."""
    details = {}
    for lang, scene in scenes.items():
        row = scene.frame.loc[fid].to_dict()  # as display_geojson gives feature_details its row
        row["geom_type"] = row.pop("geometry").geom_type
        names = dict(zip(scene.frame.index, scene.frame[f"name_{lang}"], strict=True))
        details[lang] = feature_details(row, lang, names)
    en, zh = details["en"], details["zh"]
    title = f"{en.name} · {zh.name} · {t('title', 'en')}"
    said = en.quote_en or en.quote
    body = "".join(f'<article class="mh-l" lang="{lang}">{popup_html(d)}</article>' for lang, d in details.items())
    links = "".join(f'<p class="mh-l" lang="{lang}"><a class="mh-explore" href="{escape(app_url, quote=True)}">'
                    f'{escape(t("door_explore", lang))}</a> · <a href="../index.html">{escape(t("door_whole", lang))}'
                    f"</a></p>" for lang in details)
    return (_head(f'<title>{escape(title)}</title><meta name="description" content="{escape(said, quote=True)}">'
                  f'<meta property="og:title" content="{escape(title, quote=True)}">'
                  f'<meta property="og:description" content="{escape(said, quote=True)}">', rules)
            + f'<body><main class="mh-feature-page">{body}</main><footer>{links}</footer>'
            "<script>MH.doorPage(window.mhRules);</script></body></html>")


def _json(value: Any) -> str:
    """``value`` as JSON inside a ``<script>``: with "<" escaped, no text in it can close the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def view_rules(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """The app's link rules as data for ``MH.parseLink`` and ``MH.shownBy`` (static/js/minhang-rules.js): the
    parameters, the list filters (``LIST_FILTERS``), and each feature's id, kind and filtered fields, in the
    frame's order."""
    fields = sorted({"region", *(f.field for f in LIST_FILTERS)})
    return {"params": list(PARAMS), "languages": list(LANGUAGES), "maxParam": MAX_PARAM_CHARS,
            "idPattern": schema.ID_PATTERN, "ids": [str(i) for i in frame.index], "kinds": frame["kind"].tolist(),
            "lists": [{"key": f.key, "field": f.field, "values": list(f.values)} for f in LIST_FILTERS],
            "fields": {name: [v if isinstance(v, str) else None for v in frame[name].tolist()] for name in fields}}


def map_options(scene: Scene, lang: str, files: dict[str, str]) -> dict[str, Any]:
    """What ``MH.door`` draws in ``lang``: the plan data's and the boundaries' files (``files``, relative to the
    page), the scene's view of them (the app's own, ``plan_view_group``), the card's and the page's words."""
    view = plan_view(scene, scene.frame.index)
    # The story and the promises are the page's, over the map: the map keeps its whole box for the plan.
    # (No camera or share on the door: the view's words for them, "info", stay behind.)
    return {"plan": files[f"plan-{lang}"], "view": {**view.view, "headline": None, "info": {}},
            "groups": list(GROUPS),
            "reference": {"url": files["reference"], "neighbours": NEIGHBOURS_STYLE, "minhang": MINHANG_STYLE,
                          "veil": VEIL_STYLE, "edge": EDGE_STYLE},
            "card": card_texts(lang, details=False), "failedText": t("plan_load_failed", lang),
            "labels": {"numbered": False, "minZoom": LABEL_MIN_ZOOM},
            "page": {"phoneMaxWidth": PHONE_MAX_WIDTH, "lang": lang,
                     "texts": {key: t(text, lang) for key, text in LEAFLET_TEXTS.items()}}}


def build_door(features: gpd.GeoDataFrame, events: Events, reference: dict[str, gpd.GeoDataFrame], *,
               app_url: str = "/", today: dt.date | None = None) -> Door:
    """The door's files for this data: ``index.html``, and under the data's version its copy and the map's files
    (``door.js``: Leaflet and our browser modules; ``door.css``; the plan data per language; the boundaries)."""
    as_of = dated(features, events)
    scenes = {lang: make_scene(as_of, FilterSpec(lang=lang), events, today) for lang in LANGUAGES}
    bounds = boundaries(reference, "offline")
    data = {f"plan-{lang}": _json(plan_layer_data(scene.frame, lang, "offline")).encode("utf-8")
            for lang, scene in scenes.items()}
    data["reference"] = _json({name: compact(layer) for name, layer in
                               (("neighbours", bounds.neighbours), ("minhang", bounds.minhang))}).encode("utf-8")
    # The page carries the link rules inline (it decides the poster before painting): the map's script leaves them out.
    script = asset_path(vendored_url("leaflet")).read_bytes() + b";\n" + module_code("door", lazy=True,
                                                                                       inlined=INLINED)
    assets = {"door.js": script + b"\nMH.door(window.mhDoor, window.mhRules);\n",
              "door.css": (asset_path(vendored_url("leaflet_css")).read_text(encoding="utf-8")
                           + stylesheet("map")).encode("utf-8"),
              **{f"{name}.json": body for name, body in data.items()}}
    # The version names everything under it, the page too (its story is dated): written with a stand-in for the
    # version, hashed, then the version put in.
    files = {name: f"v/{VERSION_MARK}/{name}.json" for name in data}
    options = {lang: map_options(scene, lang, files) for lang, scene in scenes.items()}
    rules = view_rules(scenes["en"].frame)
    marked = door_page(scenes, reference["minhang"], app_url, options, rules=rules,
                       version=VERSION_MARK).encode("utf-8")
    # A page per plan feature, its explore link opening the app on it (the app is one folder further up).
    pages = {f"f/{fid}.html": feature_page(scenes, str(fid), _up(app_url) + f"?feature={fid}", rules).encode("utf-8")
             for fid in scenes["en"].frame.index[scenes["en"].frame["kind"] != "region"]}
    version = hashlib.sha256(b"".join(hashlib.sha256(body).digest() for _, body in
                                      sorted({**assets, **pages, "index.html": marked}.items()))).hexdigest()[:16]
    page = marked.replace(VERSION_MARK.encode(), version.encode())
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
