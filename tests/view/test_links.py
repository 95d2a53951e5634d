"""A link in the data is a link and nothing else, in every place that shows one, even past validation.

Validation refuses an address with markup in it (``layers validate`` names it; tests/data/test_events.py and the
command below); here the renderers get such addresses anyway, as a second floor: the details, the since list,
the citation, the feed and the README's ledger."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from layers.data.events import Events, counts, frame_as_of, is_safe_url, load_events
from layers.export.feed import progress_feed
from layers.view.changes import Change
from layers.view.cite import citation
from layers.view.details import details_blocks, events_blocks, feature_details
from layers.view.filters import plan_features
from layers.view.textsafe import md_link, safe_href
from layers.view.words import change_lines
from tests.conftest import ROOT, edit_json, shipped_copy

# What the issue saw come out of a link: a style that restyles the page, a tracking pixel, a fake log-in link.
PLANTED = {
    "url": 'https://news.example/a"><style>body{display:none}</style>',
    "also_url": "https://news.example/b><img src=https://tracker.example/p.gif>",
    "copy_of_url": "https://news.example/c>\"><a href=https://login.example/>Log in</a>",
}
MARKERS = ("<style", "<img", "<a ", "tracker.example/p.gif>", "login.example/>")
# The only tags the details write themselves: a span marking a language, the event id's small, the plan's quote.
OURS = re.compile(r"</?span( lang=\"[a-z]{2}\")?>|<small class='mh-event-id' lang='zxx' translate='no'>|</small>"
                  r"|<blockquote class=\"mh-plan\"( lang=\"[a-z]{2}\")?>|</blockquote>")
TARGET = re.compile(r"\]\(<([^>]*)>\)")


def assert_only_links(markdown: str) -> None:
    """Every link target is a safe http(s) address; no other ``<`` than our own tags and the targets'."""
    targets = TARGET.findall(markdown)
    assert all(is_safe_url(url) for url in targets), targets
    rest = OURS.sub("", TARGET.sub("]()", markdown))
    assert "<" not in rest, rest
    assert not any(marker in markdown for marker in MARKERS)


@pytest.fixture(scope="module")
def planted(catalog):
    """The shipped events, the newest event of one project carrying markup in each of its three link fields."""
    events = load_events(known_ids=catalog.features.index)
    table = events.table.copy()
    standing = table[(table["feature_id"] == "airport-link-line") & counts(table)]
    last = standing["start"].idxmax()  # the newest report: the one the citation cites
    table.loc[last, list(PLANTED)] = list(PLANTED.values())
    table.loc[last, ["copy_of", "also_publisher"]] = ["Original", "Second"]
    return Events(table, events.searches), table.loc[last]


def test_safe_href_keeps_a_link_and_encodes_whatever_could_close_it():
    assert safe_href("https://www.shanghai.gov.cn/a?b=1&c=%E4#d") == "https://www.shanghai.gov.cn/a?b=1&c=%E4#d"
    assert safe_href(PLANTED["url"]) == "https://news.example/a%22%3E%3Cstyle%3Ebody%7Bdisplay:none%7D%3C/style%3E"
    assert safe_href("https://mhq.gov.cn/新闻 1") == "https://mhq.gov.cn/%E6%96%B0%E9%97%BB%201"
    for not_a_link in ("javascript:alert(1)", "data:text/html,<b>", "//news.example/a", "news.example", "https://",
                       None, 3):
        assert safe_href(not_a_link) is None, not_a_link
    assert md_link("label", "javascript:alert(1)") == "label"  # no link rather than a bad one


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_details_and_the_since_list_show_planted_links_as_links(planted, lang):
    events, event = planted
    blocks = events_blocks(events, "airport-link-line", lang)
    text = "\n".join(body for _, body in blocks)
    assert len(TARGET.findall(text)) >= 3  # the three fields are still links, encoded
    assert_only_links(text)
    change = Change("airport-link-line", "under_construction", "operating", (event,))
    assert_only_links("\n".join(change_lines([change], {"airport-link-line": "Airport Link"}, lang)))


def test_the_verdicts_link_and_the_citation_stay_links(catalog, planted):
    events, _ = planted
    shown = plan_features(frame_as_of(catalog.features, events, "latest"))
    row = shown.loc["airport-link-line"].copy()
    row["verdict_url"] = PLANTED["url"]
    for lang in ("en", "zh"):
        assert_only_links("\n".join(body for _, body in details_blocks(feature_details(row, lang))))
        text = citation(shown.loc[["airport-link-line"]], events, "latest", lang, "https://map.example/?x=1")
        assert not any(marker in text for marker in MARKERS) and safe_href(PLANTED["url"]) in text


def test_the_feed_links_each_source_as_an_address(catalog, planted):
    events, _ = planted
    names = dict(zip(catalog.features.index, catalog.features["name_en"], strict=True))
    root = ET.fromstring(progress_feed(events, names, "en"))
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert tags <= {"feed", "id", "title", "updated", "link", "generator", "language", "entry", "published",
                    "category", "summary", "author", "name", "subtitle", "rights", "uri", "email"}, tags
    hrefs = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link") if link.get("rel") == "via"]
    assert len(hrefs) == len(events.table) and all(is_safe_url(h) for h in hrefs)  # each source, as an address
    assert safe_href(PLANTED["url"]) in hrefs and PLANTED["url"] not in hrefs


def test_validate_names_the_file_the_event_and_the_field_of_each_planted_link(tmp_path):
    folder = shipped_copy(tmp_path / "geodata")

    def plant(doc: dict) -> None:
        for event, (field, url) in zip(doc["events"][:3], PLANTED.items(), strict=True):
            event[field] = url
            event.setdefault("copy_of", "Original")  # a copy's address goes with whose copy it is
            event.setdefault("copy_why", "The original is gone.")

    edit_json(folder / "events.json", plant)
    ids = [e["id"] for e in json.loads((folder / "events.json").read_text(encoding="utf-8"))["events"][:3]]
    done = subprocess.run([sys.executable, "-m", "layers", "validate", str(folder)], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    out = done.stdout + done.stderr
    for (field, _), eid in zip(PLANTED.items(), ids, strict=True):
        line = next((said for said in out.splitlines() if f"field '{field}'" in said and eid in said), None)
        assert line and line.startswith("geodata/events.json") and "not an http(s) address" in line, out
    assert done.returncode != 0
