"""Geodata whose text is hostile: HTML, script, javascript: links, very long and bidi/zero-width strings."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import collection, good_feature

IMG = '<img src=x onerror="window.pwned=1;alert(1)">'
SCRIPT = "</script><script>window.pwned=2;alert(2)</script>"
SVG = '"><svg onload="window.pwned=3;alert(3)">'
JS_LINK = "[click me](javascript:alert(4))"
RTL = "abc\u202edcba\u200b!"
LONG = "长" * 3000
PAYLOADS = (IMG, SCRIPT, SVG, JS_LINK)

# Markup in an event's links (the details' and the since list's links): a page-wide style, a tracking pixel, a
# fake log-in link. Validation refuses each (the events are named and left out); none may become an element.
LINKS = {
    "url": 'https://news.example/a"><style>body{visibility:hidden}</style>',
    "also_url": "https://news.example/b><img src=https://tracker.example/p.gif>",
    "copy_of_url": 'https://news.example/c>"><a href=https://login.example/>Log in</a>',
}

INJECTED = ("img[src='x'], svg[onload], script:not([src]):is([data-pwned]), a[href^='javascript'], "
            "img[src*='tracker.example'], a[href*='login.example']")


def build(folder: Path) -> Path:
    """Write the hostile layer into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    point = good_feature(id="inj-point", name_en=IMG, name_zh=SVG, source_quote=SCRIPT, description_en=JS_LINK,
                         coord_source=LONG + RTL, address_zh=SVG)
    line = good_feature(id="inj-line", category="infrastructure", kind="rail", color="#123456", name_en=SCRIPT,
                        name_zh=IMG, geometry={"type": "LineString",
                                               "coordinates": [[121.40, 31.03], [121.45, 31.04]]})
    zone = good_feature(id="inj-zone", category="zone", name_en=RTL + IMG, name_zh=JS_LINK, geometry={
        "type": "Polygon", "coordinates": [[[121.40, 31.00], [121.42, 31.00], [121.42, 31.02], [121.40, 31.00]]]})
    (folder / "hostile.geojson").write_text(json.dumps(collection(point, line, zone), ensure_ascii=False),
                                            encoding="utf-8")
    event = {"feature_id": "inj-point", "date_precision": "month", "status": "under_construction", "kind": "report",
             "evidence": IMG, "source_title": SVG, "publisher": SCRIPT, "url": "https://news.example/ok",
             "accessed": "2026-11-27", "quote": JS_LINK, "quote_lang": "en", "quote_zh": IMG}
    events = [{**event, "id": "inj-point/2024-02", "date": "2024-02"}]
    events += [{**event, "id": f"inj-point/2024-0{3 + n}", "date": f"2024-0{3 + n}", field: url, "copy_of": "Original",
                "copy_why": "gone"} for n, (field, url) in enumerate(LINKS.items())]
    (folder / "events.json").write_text(json.dumps({"events": events}, ensure_ascii=False), encoding="utf-8")
    return folder
