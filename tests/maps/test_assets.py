"""Vendored Leaflet files: present, as pinned, and inlinable into a self-contained page."""

from __future__ import annotations

import json
import re

from layers.maps.assets import (
    ASSETS,
    CSS_DIR,
    OWN_DIR,
    PACKAGES,
    STATIC_URL,
    VENDOR_DIR,
    inline_assets,
    page_script,
    stylesheet,
)
from layers.view.i18n import t
from layers.view.phone import PHONE_MAX_WIDTH


def test_every_mapped_asset_is_vendored():
    for local in filter(None, ASSETS.values()):
        assert (VENDOR_DIR / local).is_file(), local


def test_manifest_matches_the_pinned_packages():
    manifest = json.loads((VENDOR_DIR / "manifest.json").read_text(encoding="utf-8"))
    for package in PACKAGES:
        assert manifest[package.name]["version"] == package.version
        assert manifest[package.name]["integrity"] == package.integrity
        for name in package.files.values():
            assert (VENDOR_DIR / package.name / name).is_file()
        assert (VENDOR_DIR / package.name / "LICENSE").is_file()


def test_inline_assets_leaves_no_external_reference():
    html = (f'<head><script src="{STATIC_URL}/leaflet/leaflet.js"></script>'
            f'<link rel="stylesheet" href="{STATIC_URL}/leaflet/leaflet.css"/></head>')
    out = inline_assets(html)
    assert "<script src" not in out and "<link" not in out
    assert "L.version" in out or "Leaflet" in out
    assert not re.search(r"url\((?!data:|#)", out)


def test_the_phone_breakpoint_is_written_once():
    for name in ("page", "map", "export"):
        css = stylesheet(name)
        assert "(--phone)" not in css
    assert f"@media (max-width: {PHONE_MAX_WIDTH}px)" in stylesheet("page") and "(max-width" in stylesheet("map")
    # Nowhere else: not in our CSS files, our browser code or the library (but where it is defined).
    root = OWN_DIR.parent.parent
    places = [*CSS_DIR.glob("*.css"), *OWN_DIR.glob("*.js"), *(root / "layers").rglob("*.py"), root / "dashboard.py"]
    holding = [p.name for p in places if str(PHONE_MAX_WIDTH) in p.read_text(encoding="utf-8")]
    assert holding == ["phone.py"]


def test_the_page_script_carries_its_code_whole_and_the_words_of_its_language():
    script = page_script("zh")
    assert script.startswith("<script>") and script.endswith("</script>") and script.count("</script") == 1
    # Its comments left out, every line of code kept (a line comment swallowing the rest would break it).
    source = (OWN_DIR / "minhang-chrome.js").read_text(encoding="utf-8")
    code = [line.strip() for line in source.split("*/", 1)[1].splitlines()
            if line.strip() and not line.strip().startswith("//")]
    assert all(line in script for line in code) and "Streamlit words its own" not in script
    words, lost = script.split("MH.pageWords(document, ", 1)[1].split(");MH.watchConnection(document, ", 1)
    options = json.loads(words)
    assert options["lang"] == "zh" and options["names"] == {"English": "en", "中文": "zh"}
    assert {"en": "Main menu", "zh": "主菜单"} in options["words"]
    # The notice of a lost connection, in the page's language.
    assert json.loads(lost[:-len(");</script>")]) == {"text": t("connection_lost", "zh"),
                                                      "reload": t("connection_reload", "zh")}
