"""Serve every JavaScript/CSS file the map needs from our own server, never a CDN.

folium names its assets after CDN URLs. :func:`localise` rewrites them, on every
element of a map, to the copies vendored under ``static/vendor`` (served by
Streamlit's static file serving at ``app/static/vendor``, named from the map's frame:
:data:`APP_ROOT`); :func:`inline_assets`
embeds the same files into one self-contained HTML page for exports. An asset we
do not know is an error rather than a silent CDN request, so nothing leaks out
when the map gains a plugin.

The vendored files come from the npm registry, pinned by version and checked
against the registry's SHA-512 integrity: ``python -m layers vendor`` refreshes them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import branca
import folium

from layers.view.i18n import LANGUAGE_NAMES, STREAMLIT_WORDS, t
from layers.view.phone import PHONE_MAX_WIDTH

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# The app's root as the live map names it. The map runs in streamlit-folium's frame,
# <root>/component/streamlit_folium.st_folium/index.html, so "../../" is the root wherever a proxy mounts
# the app (``--server.baseUrlPath``) and every URL the map uses is relative to it: the server never needs
# to know the mount, and no reader's address decides it. (tests/browser/test_mount.py mounts the app at
# /minhang.) Exports inline every file, so the prefix never reaches them.
APP_ROOT = "../../"
STATIC_ROOT = f"{APP_ROOT}app/static"  # where Streamlit serves STATIC_DIR
VENDOR_DIR = STATIC_DIR / "vendor"
STATIC_URL = f"{STATIC_ROOT}/vendor"
# Our own browser code (static/js), served and inlined the same way as the vendored files.
OWN_DIR = STATIC_DIR / "js"
OWN_URL = f"{STATIC_ROOT}/js"
CSS_DIR = STATIC_DIR / "css"


def app_path(url: str) -> str:
    """A URL the map names (:data:`APP_ROOT`-relative) as a path from the app's root, ``app/static/...``: a link
    on the page itself (which is the root), or the path a tool asks a server for (after the mount)."""
    return url.removeprefix(APP_ROOT)


def own_js(name: str) -> tuple[str, str]:
    """One of our browser files (``static/js/minhang-<name>.js``) as an element's ``default_js`` entry."""
    return (f"minhang_{name}_js", f"{OWN_URL}/minhang-{name}.js")


# The browser modules (static/js/minhang-<name>.js), from the floor up, with the modules each uses: every name a
# module uses from another is provided by one it lists, and every module it lists stands above it here
# (tests/maps/test_browser_modules.py reads the files and holds this). Each map element takes its scripts from this
# table (module_js): its modules and everything they need, in this order; no element orders scripts by hand.
# "chrome" is the Streamlit page's own script (page_script), beside the map's.
BROWSER_MODULES: dict[str, tuple[str, ...]] = {
    "chrome": (),  # the Streamlit page's own script (page_script)
    "rules": (),  # a link's view by the app's rules, in the browser (the reader door)
    "doorpage": ("rules",),  # the reader door's own page script, inlined in it (layers/export/door.py)
    "page": (),  # a map's settings: its phone width, Leaflet's words, its corners
    "protocol": (),  # what the map tells the Streamlit page: MH.post, MH.inApp
    "map": (),  # what every element shares: fetchJSON, expand, loadScript, control, narrow, clearance, shareLink...
    "labels": (),  # names placed without overlap; the status symbols' classes and icons
    "context": ("map", "labels"),
    "tiles": ("map",),
    "compare": ("map", "labels"),  # two dates across a divider
    "headline": ("map",),  # the story over the map, the promises beside it, their count buttons
    "card": ("map", "protocol"),  # what a click opens: a phone's card, the "which one?" list
    "plan": ("map", "labels", "protocol", "card", "headline"),  # the plan's layers, the selection, the rings
    "view": ("map", "plan", "compare"),  # one view: what shows, its frame, the comparison
    "camera": ("map",),
    "measure": ("map",),
    "share": ("map",),
    "export": ("plan",),  # an exported page: the side panel, window.mhReady once the plan is drawn
    "doorcamera": ("rules", "map", "camera"),  # the reader door's camera, its view worded in the browser
    "door": ("rules", "map", "page", "labels", "context", "plan", "view", "doorcamera"),  # the door's map
}
# Needs fetched the first time they are used (MH.loadScript), not sent with the map in the app: two dates across a
# divider (PlanLayer's lazy_compare); the reader door's street context and camera, once its map can be tapped. An
# export sends them all.
LAZY: dict[str, tuple[str, ...]] = {"view": ("compare",), "door": ("context", "doorcamera")}


def module_js(*names: str, lazy: bool = False) -> list[tuple[str, str]]:
    """The scripts of the browser modules ``names`` and of everything they need (:data:`BROWSER_MODULES`), in the
    table's order, as an element's ``default_js``; ``lazy``: the needs fetched on first use (:data:`LAZY`) left
    out."""
    needed: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += [n for n in BROWSER_MODULES[name] if not (lazy and n in LAZY.get(name, ()))]
    return [own_js(name) for name in BROWSER_MODULES if name in needed]


def module_code(*names: str, lazy: bool = False, inlined: tuple[str, ...] = (), bare: bool = False) -> bytes:
    """The scripts of :func:`module_js` as one file (a page of our own that loads them in one request), but those
    the page already carries ``inlined``; ``bare``: our own without their comments, as :func:`inline_js` gives them
    (a reader's phone fetches the file; its readers have the source)."""
    skip = {own_js(name)[1] for name in inlined}
    own = {own_js(name)[1] for name in BROWSER_MODULES}

    def code(url: str) -> bytes:
        body = asset_path(url).read_bytes()
        return bare_js(body.decode("utf-8")).encode("utf-8") if bare and url in own else body

    return b";\n".join(code(url) for _, url in module_js(*names, lazy=lazy) if url not in skip)


MAP_JS = own_js("map")
# The phone breakpoint in our CSS files: ``@media (--phone)`` (CSS custom media, as postcss-custom-media
# writes it), put in from layers/view/phone.py when a file is read.
_PHONE_MEDIA = "(--phone)"
_CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.DOTALL)  # our CSS has no strings holding "/*"


@lru_cache(maxsize=8)
def stylesheet(name: str) -> str:
    """``static/css/<name>.css`` as CSS a browser reads: the phone breakpoint written in, the comments (which are
    for the file's readers; the map's CSS travels with every rerun) left out."""
    text = _CSS_COMMENT.sub("", (CSS_DIR / f"{name}.css").read_text(encoding="utf-8"))
    return text.replace(_PHONE_MEDIA, f"(max-width: {PHONE_MAX_WIDTH}px)")


def page_style(*, embed: bool) -> str:
    """The page's own CSS as one ``<style>`` element (``static/css/page.css``; ``embed.css`` too for an embed)."""
    return f"<style>{stylesheet('page')}{stylesheet('embed') if embed else ''}</style>"


# The page's language switch (dashboard.py's radio, key "lang") and Streamlit's texts that are words of its own
# (the skip link, the running sign, a text box's hint, a toolbar button's tooltip), for static/js/minhang-chrome.js.
_SWITCH = ".st-key-lang"
_STREAMLIT_TEXTS = ('[data-testid="stSkipToContent"], [data-testid="stStatusWidget"] *, '
                    '[data-testid="InputInstructions"], [data-testid="stTooltipContent"] p')
_JS_COMMENT = re.compile(r"^\s*/\*.*?\*/\s*|^[ \t]*//[^\n]*\n", re.DOTALL | re.MULTILINE)  # whole-line comments
# A line's indentation: nothing to a browser (our scripts hold no string or template that spans lines).
_JS_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def bare_js(code: str) -> str:
    """Our script without its whole-line comments and its indentation: they are for the file's readers, and a page
    (or the door's script) carries the script every time, as the CSS goes."""
    return _JS_INDENT.sub("", _JS_COMMENT.sub("", code))


@lru_cache(maxsize=4)
def inline_js(name: str) -> str:
    """A page's own script (``static/js/minhang-<name>.js``) to inline in it, bare (:func:`bare_js`)."""
    return bare_js((OWN_DIR / f"minhang-{name}.js").read_text(encoding="utf-8"))


def page_script(lang: str) -> str:
    """The page's ``<script>`` (for ``st.html``): the document in ``lang``, Streamlit's own words too
    (``static/js/minhang-chrome.js``, ``STREAMLIT_WORDS``), and the language switch's names marked with theirs;
    and the notice over the page when its connection to the server drops (``MH.watchConnection``)."""
    options = {"lang": lang, "words": STREAMLIT_WORDS, "texts": _STREAMLIT_TEXTS, "switch": _SWITCH,
               "names": {name: code for code, name in LANGUAGE_NAMES.items()}}
    # With "<" escaped, no value can close the script.
    data = json.dumps(options, ensure_ascii=False).replace("<", "\\u003c")
    lost = json.dumps({"text": t("connection_lost", lang), "reload": t("connection_reload", lang)},
                      ensure_ascii=False).replace("<", "\\u003c")
    return f"<script>{inline_js('chrome')}MH.pageWords(document, {data});MH.watchConnection(document, {lost});</script>"


@dataclass(frozen=True)
class Package:
    """One npm package and the files we take from it (package path -> our name)."""

    name: str
    version: str
    integrity: str
    files: dict[str, str]


PACKAGES = (
    Package("leaflet", "1.9.3",
            "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
            {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css", "LICENSE": "LICENSE",
             "dist/images/layers.png": "images/layers.png", "dist/images/layers-2x.png": "images/layers-2x.png",
             "dist/images/marker-icon.png": "images/marker-icon.png",
             "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
             "dist/images/marker-shadow.png": "images/marker-shadow.png"}),
    Package("leaflet.fullscreen", "3.0.0",
            "sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
            {"Control.FullScreen.js": "Control.FullScreen.js", "Control.FullScreen.css": "Control.FullScreen.css",
             "icon-fullscreen.svg": "icon-fullscreen.svg", "LICENSE": "LICENSE"}),
    Package("leaflet-minimap", "3.6.1",
            "sha512-6px8f6cfv1rKB6ACpL6bbUFGxipZOq4KsntJgBj9nOcW1RYa5+xFp8emOZwks9X+VtVVsQEwWwfgT1kTTL/LzA==",
            {"dist/Control.MiniMap.min.js": "Control.MiniMap.min.js",
             "dist/Control.MiniMap.min.css": "Control.MiniMap.min.css",
             "dist/images/toggle.png": "images/toggle.png", "dist/images/toggle.svg": "images/toggle.svg",
             "LICENSE.txt": "LICENSE"}),
    Package("leaflet-measure", "2.1.7",
            "sha512-IvoHIoVTIQSXUgaNnAMF17qXFB+dF5ICdwmY8BHyq/Hh33/xeGqQUUYlz0pRMzFN9NUcjsT6JBhCr1ia0CG5ug==",
            {"dist/leaflet-measure.min.js": "leaflet-measure.min.js", "dist/leaflet-measure.css": "leaflet-measure.css",
             **{f"dist/images/{n}.png": f"images/{n}.png"
                for n in ("cancel", "check", "focus", "rulers", "start", "trash")},
             **{f"dist/images/{n}_@2X.png": f"images/{n}_@2X.png"
                for n in ("cancel", "check", "focus", "rulers", "start", "trash")},
             "LICENSE": "LICENSE"}),
    # The camera control's in-browser PNG: MIT, ~10 KB gzipped, carries on when a tile cannot be embedded.
    Package("dom-to-image-more", "3.11.0",
            "sha512-qvT580MyiR4wh6q3zNj0fXt0ViDA1y4iCJRkDioy4Ema6N9EOrwdvXT/wuRHh20epPJPvq9xl5ea/y87nYnkug==",
            {"dist/dom-to-image-more.min.js": "dom-to-image-more.min.js", "LICENSE": "LICENSE"}),
)

# folium's asset name -> vendored file. Names mapped to None are folium defaults
# our maps never use (Bootstrap, jQuery, awesome-markers, Font Awesome): dropped.
ASSETS: dict[str, str | None] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "Control.Fullscreen.js": "leaflet.fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
    "Control_MiniMap_js": "leaflet-minimap/Control.MiniMap.min.js",
    "Control_MiniMap_css": "leaflet-minimap/Control.MiniMap.min.css",
    "leaflet_measure_js": "leaflet-measure/leaflet-measure.min.js",
    "leaflet_measure_css": "leaflet-measure/leaflet-measure.css",
    "dom_to_image_more": "dom-to-image-more/dom-to-image-more.min.js",
    "jquery": None,
    "bootstrap": None,
    "awesome_markers": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers_font_css": None,
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
}


class UnknownAssetError(LookupError):
    """A map element asks for a JS/CSS file we have not vendored."""


def elements(root: branca.element.Element) -> Iterator[branca.element.Element]:
    """``root`` and every element under it, parents first."""
    yield root
    for child in root._children.values():
        yield from elements(child)


def vendored_url(name: str, base_url: str = STATIC_URL) -> str:
    """Where the app serves a vendored asset (by folium's name for it, as in :data:`ASSETS`)."""
    local = ASSETS[name]
    if local is None:
        raise UnknownAssetError(f"asset {name!r} is dropped, not vendored")
    return f"{base_url}/{local}"


def _localised(pairs: list[tuple[str, str]], base_url: str) -> list[tuple[str, str]]:
    out = []
    for name, url in pairs:
        if url.startswith((base_url, OWN_URL)):
            out.append((name, url))
            continue
        if name not in ASSETS:
            raise UnknownAssetError(f"asset {name!r} ({url}) is not vendored; add it to layers.maps.assets.PACKAGES")
        local = ASSETS[name]
        if local is not None:
            out.append((name, f"{base_url}/{local}"))
    return out


def localise(root: branca.element.Element, base_url: str = STATIC_URL) -> None:
    """Point every element's default JS/CSS at our vendored copies (in place)."""
    for element in elements(root):
        if isinstance(element, folium.elements.JSCSSMixin):
            # Instance attributes: the class-level lists are shared by every map.
            element.default_js = _localised(list(element.default_js), base_url)
            element.default_css = _localised(list(element.default_css), base_url)


_CSS_URL = re.compile(r"url\((['\"]?)(?!data:)([^)'\"]+)\1\)")


def _inline_css(path: Path) -> str:
    # Images referenced by the CSS become data: URLs, so the page needs no files beside it.
    def embed(match: re.Match[str]) -> str:
        target = (path.parent / match.group(2)).resolve()
        if not target.is_file():
            return match.group(0)
        mime = "image/svg+xml" if target.suffix == ".svg" else f"image/{target.suffix.lstrip('.')}"
        return f"url(data:{mime};base64,{base64.b64encode(target.read_bytes()).decode()})"

    return _CSS_URL.sub(embed, path.read_text(encoding="utf-8"))


def asset_path(url: str, base_url: str = STATIC_URL) -> Path:
    """The file behind one of our asset URLs (vendored or our own)."""
    if url.startswith(OWN_URL + "/"):
        return OWN_DIR / url[len(OWN_URL) + 1:]
    return VENDOR_DIR / url[len(base_url) + 1:]


def inline_assets(html: str, base_url: str = STATIC_URL) -> str:
    """Replace every ``<script src>``/``<link href>`` to our vendored files with their content."""
    def script(match: re.Match[str]) -> str:
        code = asset_path(match.group(1), base_url).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{_inline_css(asset_path(match.group(1), base_url))}</style>"

    prefix = f"(?:{re.escape(base_url)}|{re.escape(OWN_URL)})"
    html = re.sub(rf'<script src="({prefix}/[^"]+)"></script>', script, html)
    return re.sub(rf'<link rel="stylesheet" href="({prefix}/[^"]+)"\s*/>', style, html)


def fetch_vendor(directory: Path = VENDOR_DIR, registry: str = "https://registry.npmjs.org") -> list[Path]:
    """Download the pinned packages from the npm registry, verify, and write our files."""
    written = []
    for package in PACKAGES:
        url = f"{registry}/{package.name}/-/{package.name.split('/')[-1]}-{package.version}.tgz"
        with urllib.request.urlopen(url, timeout=60) as response:  # a fixed https registry URL
            blob = response.read()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()
        if digest != package.integrity:
            raise ValueError(f"{package.name}@{package.version}: integrity mismatch ({digest})")
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as archive:
            for source, target in package.files.items():
                member = archive.extractfile(f"package/{source}")
                if member is None:
                    raise FileNotFoundError(f"{package.name}: {source} not in the package")
                out = directory / package.name / target
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(member.read())
                written.append(out)
    manifest = {p.name: {"version": p.version, "integrity": p.integrity, "files": sorted(p.files.values())}
                for p in PACKAGES}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written
