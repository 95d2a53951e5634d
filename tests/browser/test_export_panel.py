"""The page's Export panel where the server has (or lacks only) Chromium: Playwright is installed here."""

from __future__ import annotations

import pytest

from tests.app.test_app import run_app
from tests.app.test_app import test_export_panel_offers_a_named_download as offers_a_download


@pytest.mark.parametrize(("lang", "words"),
                         [("en", "PNG export needs Chromium"), ("zh", "PNG 导出需要服务器上的 Chromium")])
def test_png_without_a_server_browser_says_what_to_install(lang, words, monkeypatch):
    monkeypatch.setenv("MINHANG_CHROMIUM", "/nonexistent/chromium")
    at = run_app({"lang": lang})
    # The camera on the map makes the PNG of what the reader sees; the server's fitted-view PNG is
    # offered only where it can run, and its absence is one sentence naming the command.
    assert "png" not in at.selectbox(key="export_format").options
    notice = [c.value for c in at.caption if "apt-get install -y chromium" in c.value]
    assert len(notice) == 1 and words in notice[0]
    assert any("camera" in c.value or "相机" in c.value for c in at.caption)
    assert not at.button(key="export_go").disabled


def test_export_panel_offers_a_named_png():
    offers_a_download("png", ".png")
