"""Vendored Leaflet files: present, as pinned, and inlinable into a self-contained page."""

from __future__ import annotations

import json
import re

from layers.maps.assets import ASSETS, PACKAGES, STATIC_URL, VENDOR_DIR, inline_assets


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
