"""The Atom feed of the progress events, read back by a standard parser (feedparser)."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from layers import app
from layers.data.catalog import load_catalog
from layers.data.events import frame_as_of, load_events
from layers.export.feed import PUBLIC_URL_ENV, feed_name, progress_feed, public_url, verdicts_of
from layers.maps.publish import cache_dir
from layers.maps.scene import dated, make_scene
from layers.view.spec import FilterSpec
from layers.view.textsafe import md_escape
from tests.conftest import ROOT, edit_json, shipped_copy


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_writes_a_feed_feedparser_reads_one_entry_per_event(tmp_path, lang):
    out = tmp_path / f"feed-{lang}.xml"
    done = subprocess.run([sys.executable, "-m", "layers", "feed", "--out", str(out), "--lang", lang,
                           "--base-url", "https://map.example/"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    feed = feedparser.parse(out.read_bytes())
    assert not feed.bozo, feed.bozo_exception  # well-formed, no complaint
    assert feed.version == "atom10"
    catalog = load_catalog()
    events = load_events(known_ids=catalog.features.index)
    assert len(feed.entries) == len(events.table) > 0
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    days = [e.updated for e in feed.entries]
    assert days == sorted(days, reverse=True)  # newest first
    names = catalog.features[f"name_{lang}"]
    for entry in feed.entries:
        links = {link.rel: link.href for link in entry.links}
        query = parse_qs(urlsplit(links["alternate"]).query)
        fid, day = query["feature"][0], query["asof"][0]
        assert links["alternate"].startswith("https://map.example/?")
        assert entry.published.startswith(day) and len(day) == 10  # the map link is pinned to the event's day
        assert entry.title.startswith(names[fid]) or entry.title.startswith(("Retracted: ", "已撤回："))
        assert links["via"] in set(events.table.loc[events.table["feature_id"] == fid, "url"])  # its source
        assert entry.tags[0].term in set(events.table["id"])  # the event's id, to point at it
        assert (lang == "zh") == ("lang" in query)


def test_hostile_event_text_is_escaped_and_ids_stay(tmp_path):
    folder = shipped_copy(tmp_path / "geodata")
    hostile = '<script>alert(1)</script> & "quoted"'
    edit_json(folder / "events.json", lambda doc: doc["events"][0].update(evidence=hostile))
    catalog = load_catalog(folder)
    events = load_events(folder, known_ids=catalog.features.index)
    names = dict(zip(catalog.features.index, catalog.features["name_en"], strict=True))
    xml = progress_feed(events, names, "en")
    assert b"<script>" not in xml and b"&lt;script&gt;" in xml
    assert not feedparser.parse(xml).bozo
    again = progress_feed(load_events(known_ids=catalog.features.index), names, "en")
    ids = {e.id for e in feedparser.parse(again).entries} & {e.id for e in feedparser.parse(xml).entries}
    assert len(ids) == len(events.table)  # an entry's id depends on the event, not on its text


@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog()
    names = dict(zip(catalog.features.index, catalog.features["name_en"], strict=True))
    return load_events(known_ids=catalog.features.index), names


def test_without_a_public_address_every_link_is_relative_to_where_the_feed_is_served(shipped):
    events, names = shipped
    xml = progress_feed(events, names, "en")
    assert b"localhost" not in xml
    # Fetched from a proxy's sub-path, every map link goes to that page, pinned; the id is absolute all the same.
    served = "https://news.example/minhang/app/static/cache/progress-en.xml"
    feed = feedparser.parse(xml, response_headers={"content-location": served, "content-type": "application/atom+xml"})
    assert not feed.bozo and feed.feed.id.startswith("urn:uuid:")
    assert {link.rel: link.href for link in feed.feed.links}["alternate"] == "https://news.example/minhang/"
    assert all(e.link.startswith("https://news.example/minhang/?") and "asof=" in e.link for e in feed.entries)
    assert progress_feed(events, names, "en") == xml  # the same bytes every time: nothing else goes in


def test_a_public_address_is_the_servers_setting(shipped):
    events, names = shipped
    assert public_url({}) is None and public_url({PUBLIC_URL_ENV: " "}) is None
    for bad in ("maps.example.org", "javascript:alert(1)", "ftp://maps.example.org/", "https://m.example/?x=1"):
        assert public_url({PUBLIC_URL_ENV: bad}) is None, bad
    public = public_url({PUBLIC_URL_ENV: "https://maps.example.org/minhang"})
    assert public == "https://maps.example.org/minhang/"
    feed = feedparser.parse(progress_feed(events, names, "en", public, feed_name("en", "abc")))
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "https://maps.example.org/minhang/app/static/cache/progress-en-abc.xml",
                     "alternate": public}
    assert all(e.link.startswith(f"{public}?") for e in feed.entries)


def test_with_a_door_an_entry_opens_the_door_on_its_project_and_relates_the_apps_view(shipped):
    """The app's feed (``layers.app.feed_url``): a reader taps an entry on a phone; the reader door draws the
    project as of the event's day at once; the app's view is the entry's related link."""
    events, names = shipped
    public = "https://maps.example.org/minhang/"
    feed = feedparser.parse(progress_feed(events, names, "zh", public, door="app/static/cache/door/index.html"))
    assert not feed.bozo and feed.entries
    for entry in feed.entries:
        links = {link.rel: link.href for link in entry.links}
        door, app = urlsplit(links["alternate"]), urlsplit(links["related"])
        assert links["alternate"].startswith(f"{public}app/static/cache/door/index.html?")
        assert links["related"].startswith(f"{public}?") and door.query == app.query
        query = parse_qs(door.query)
        assert entry.published.startswith(query["asof"][0]) and query["lang"] == ["zh"] and query["feature"]
    # Without a public address, relative to where the feed is served, as the app's page is.
    relative = feedparser.parse(progress_feed(events, names, "en", door="app/static/cache/door/index.html"))
    assert relative.entries[0].link.startswith("../../../app/static/cache/door/index.html?")
    # Read by the app's rules (the door's), an entry since the plan is understood whole: its project on its day.
    for entry in feed.entries:
        spec = FilterSpec.from_query_params(parse_qs(urlsplit(entry.link).query), list(names))
        old = spec.asof == "latest" and entry.published < "2023"  # history before the plan: no date to ask for
        assert spec.feature and (spec.notices == () or old), entry.link


@pytest.mark.parametrize(("option", "value"), [("--feature", "airport-link-line"), ("--region", "south")])
def test_one_project_or_one_region_has_a_feed_of_its_own(tmp_path, option, value):
    """``python3 -m layers feed --feature ID`` (or ``--region``): the whole feed's entries of that project (or of
    that region's projects) and no others, valid Atom, its title naming what it follows."""
    out = tmp_path / "one.xml"
    done = subprocess.run([sys.executable, "-m", "layers", "feed", "--out", str(out), option, value, "--lang", "zh",
                           "--base-url", "https://map.example/"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    feed = feedparser.parse(out.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    catalog = load_catalog()
    plan = catalog.features[catalog.features["kind"] != "region"]
    ids = {value} if option == "--feature" else set(plan.index[plan["region"] == value])
    events = load_events(known_ids=catalog.features.index)
    expected = events.table[events.table["feature_id"].isin(ids)]
    assert len(feed.entries) == len(expected) > 0 and {e.tags[0].term for e in feed.entries} == set(expected["id"])
    assert {parse_qs(urlsplit(e.link).query)["feature"][0] for e in feed.entries} <= ids
    name = catalog.features.loc[value, "name_zh"] if option == "--feature" else "南部"
    assert name in feed.feed.title
    # The same entries as the whole feed, word for word.
    names = dict(zip(catalog.features.index, catalog.features["name_zh"], strict=True))
    verdicts = verdicts_of(frame_as_of(catalog.features, events, "latest"), "zh", names)
    whole = {e.id: e.summary for e in feedparser.parse(progress_feed(events, names, "zh", "https://map.example/",
                                                                     verdicts=verdicts)).entries}
    assert all(whole[e.id] == e.summary for e in feed.entries)


def test_a_feed_of_an_unknown_project_is_refused_by_name(tmp_path):
    done = subprocess.run([sys.executable, "-m", "layers", "feed", "--out", str(tmp_path / "x.xml"), "--feature",
                           "no-such-place"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "--feature 'no-such-place' is not a plan feature" in done.stderr
    assert not (tmp_path / "x.xml").exists()


def test_the_app_publishes_a_project_s_feed_and_its_details_link_to_it():
    """A reader follows one project from its details, and one region from the roll-up: the app writes each feed
    once (``layers.app.feed_url``), valid Atom holding only that project's (or region's) entries."""
    data = app.data(str(ROOT / "geodata"))
    url = app.feed_url(data, "en", feature="jiamin-line")
    assert url is not None and url.endswith("progress-en-f-jiamin-line.xml")
    feed = feedparser.parse((cache_dir() / url.rsplit("/", 1)[1]).read_bytes())
    events = app.events(data)
    expected = events.table[events.table["feature_id"] == "jiamin-line"]
    assert not feed.bozo and len(feed.entries) == len(expected) > 0
    assert {parse_qs(urlsplit(e.link).query)["feature"][0] for e in feed.entries} == {"jiamin-line"}
    assert "Jiamin Line" in feed.feed.title
    scene = make_scene(dated(app.catalog(data).features, events), FilterSpec(feature="jiamin-line"), events)
    blocks = [text for _, text in app.details(data, scene)]
    assert f"[{md_escape('Follow this project: Atom feed of its reports')}]({url})" in blocks
    assert app.feed_url(data, "en", feature="no-such-place") is None
    south = feedparser.parse((cache_dir() / app.feed_url(data, "zh", region="south").rsplit("/", 1)[1]).read_bytes())
    assert not south.bozo and south.entries and "南部" in south.feed.title
