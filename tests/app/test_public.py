"""What the public gets is the server's to decide: the feed is made from the data and the server's settings
alone, each data folder publishes under its own names, and whatever is missing from the cache comes back."""

from __future__ import annotations

import json
import shutil

from layers import app
from layers.maps.assets import app_path
from layers.maps.publish import CACHE_DIR, CACHE_URL, folder_tag
from tests.conftest import ROOT


def curators_copy(tmp_path):
    """A curator's draft of the shipped data: one event's account edited."""
    folder = tmp_path / "draft"
    shutil.copytree(ROOT / "geodata", folder)
    doc = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    doc["events"][0]["evidence"] = "A DRAFT NOBODY SHOULD READ YET"
    (folder / "events.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def published(page_path: str) -> bytes:
    """A published file, by the address the page links it with (relative to the app's root)."""
    return (CACHE_DIR / page_path.removeprefix(app_path(CACHE_URL) + "/")).read_bytes()


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
        (CACHE_DIR / theirs.rsplit("/", 1)[1]).unlink(missing_ok=True)
