"""What the public gets is the server's to decide: the feed is made from the data and the server's settings
alone, each data folder publishes under its own names, and whatever is missing from the cache comes back."""

from __future__ import annotations

import datetime as dt
import logging
import shutil

import pytest

from layers import app
from layers.export.feed import PUBLIC_URL_ENV
from layers.maps.assets import app_path
from layers.maps.publish import CACHE_ENV, CACHE_URL, cache_dir, folder_tag
from layers.view.spec import FilterSpec
from tests.conftest import ROOT, edit_json, shipped_copy


def curators_copy(tmp_path):
    """A curator's draft of the shipped data: one event's account edited."""
    folder = shipped_copy(tmp_path / "draft")
    edit_json(folder / "events.json", lambda doc: doc["events"][0].update(evidence="A DRAFT NOBODY SHOULD READ YET"))
    return folder


def published(page_path: str) -> bytes:
    """A published file, by the address the page links it with (relative to the app's root)."""
    return (cache_dir() / page_path.removeprefix(app_path(CACHE_URL) + "/")).read_bytes()


def test_a_curators_folder_publishes_under_its_own_names(tmp_path):
    draft = curators_copy(tmp_path)
    assert folder_tag(None) == folder_tag(ROOT / "geodata") == "" and folder_tag(draft)
    public, curator = app.data(str(ROOT / "geodata")), app.data(str(draft))
    ours = app.feed_url(public, "en")
    before = published(ours)
    theirs = app.feed_url(curator, "en")
    assert ours == f"{app_path(CACHE_URL)}/progress-en.xml" and theirs != ours
    try:
        assert b"A DRAFT" in published(theirs) and published(ours) == before  # the public feed is untouched
        assert b"A DRAFT" not in before
    finally:
        (cache_dir() / theirs.rsplit("/", 1)[1]).unlink(missing_ok=True)


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """Published files go to a folder of this test's own (``$MINHANG_CACHE_DIR``)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_whatever_is_missing_from_the_cache_is_published_again(own_cache, caplog):
    data = app.data(str(ROOT / "geodata"))
    with caplog.at_level(logging.WARNING):
        feed = app.feed_url(data, "en")
        base = app.live_base(data, "latest", "en", "offline")
        compare = app.compare_plan(data, "plan", "en", "offline")
    assert isinstance(compare, str) and len(base.published) >= 3 and feed
    files = {path.name: path.read_bytes() for path in own_cache.iterdir()}  # written here, not in static/cache
    assert {feed.rsplit("/", 1)[1], compare.rsplit("/", 1)[1]} <= set(files)
    assert "outside" in caplog.text and CACHE_ENV in caplog.text  # who must serve it: the proxy
    shutil.rmtree(own_cache)  # emptied under the running app
    assert app.feed_url(data, "en") == feed  # the next page load asks for each again
    assert app.live_base(data, "latest", "en", "offline").published == base.published
    assert app.compare_plan(data, "plan", "en", "offline") == compare
    assert {path.name: path.read_bytes() for path in own_cache.iterdir()} == files  # every one, the same bytes


def test_where_nothing_can_be_written_the_log_says_what_is_lost(tmp_path, monkeypatch, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))  # as a read-only checkout: every write fails
    data = app.data(str(curators_copy(tmp_path)))  # data no earlier test published
    with caplog.at_level(logging.WARNING):
        base = app.live_base(data, "latest", "en", "offline")
        assert app.feed_url(data, "en") is None
    assert base.published == ()  # the map's data went inline: the map still draws
    said = [r.getMessage() for r in caplog.records if "cannot publish" in r.getMessage()]
    assert len(said) == 1, said  # once, not once per file or per view
    assert "inline" in said[0] and "feed" in said[0] and CACHE_ENV in said[0]


def test_a_citation_links_the_public_address_where_the_server_has_one(monkeypatch):
    data = app.data(str(ROOT / "geodata"))
    scene = app.scene(data, FilterSpec(regions=frozenset({"north"})), dt.date(2026, 12, 1))
    own = app.citation(data, scene, "http://reader.example:8501/")
    assert "http://reader.example:8501/?regions=north" in own  # without one: the page as this reader sees it
    monkeypatch.setenv(PUBLIC_URL_ENV, "https://maps.example.org/minhang")
    cited = app.citation(data, scene, "https://evil.example/")
    assert "https://maps.example.org/minhang/?regions=north" in cited and "evil" not in cited
