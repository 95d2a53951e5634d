"""What the public gets from a running app is decided by the server alone: the published feed stays byte for byte
the same when readers come by another host name or send a forged page address (Streamlit's own websocket
protocol, ``support.client``), and the feed and the map's data come back after ``static/cache`` is emptied."""

from __future__ import annotations

import asyncio
import json
import shutil
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from layers.export.feed import feed_name
from layers.maps.assets import app_path
from layers.maps.publish import CACHE_URL, cache_dir
from support.client import Client, Stats
from support.mapargs import plan_source, served_url
from support.server import streamlit_server

FORGED = "https://evil.example/phish/"


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def load(url: str, **reader: str) -> list:
    """One reader opens the page (its map reports drawn, so the export panel and its feed link come)."""
    async def run() -> list:
        async with Client(url, Stats(), **reader) as client:
            return await client.load("")
    # A thread of its own: a sync Playwright fixture of an earlier test may keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def said(elements: list, text: str) -> bool:
    """Whether any element of the page carries ``text`` (the citation's code block shows the page's address)."""
    return any(text in str(element) for element in elements)


def test_the_public_feed_is_the_servers_whatever_readers_say():
    with streamlit_server() as url:
        feed_url = served_url(url, f"{CACHE_URL}/{feed_name('en')}")
        elements = load(url)
        status, feed = fetch(feed_url)
        assert status == 200 and b"<feed" in feed and b"evil" not in feed
        # Another host name, and a page address of the reader's making: the reader's own citation shows what it
        # said (so the server did take it as the page's address), and the public feed is untouched.
        elements = load(url, host="evil.example", page_url=FORGED)
        assert said(elements, "https://evil.example/phish")
        assert fetch(feed_url) == (200, feed)
        # static/cache emptied under the running app: the next page load publishes everything again.
        for path in cache_dir().iterdir():
            if path.is_dir():
                shutil.rmtree(path)  # the reader door's folder
            else:
                path.unlink()
        assert fetch(feed_url)[0] == 404
        elements = load(url)
        assert fetch(feed_url) == (200, feed)
        args = next(json.loads(e.component_instance.json_args) for e in elements
                    if e.WhichOneof("type") == "component_instance")
        plan = plan_source(args)["url"]
        status, body = fetch(served_url(url, plan))
        assert status == 200 and b'"features"' in body
        assert app_path(plan).startswith("app/static/cache/plan-")
