"""Many readers: two app processes behind Debian's nginx, as bench/serve_many.py serves them, on loopback."""

from __future__ import annotations

import asyncio
import gzip
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from layers.maps.publish import CACHE_URL
from support.client import Client, Stats
from support.mapargs import plan_source, served_url
from support.server import cluster


def get(url: str, cookie: str | None = None, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, b""


async def prepare_download(url: str) -> tuple[str, str, str]:
    """One reader (with its route cookie) opens the app and prepares an export; returns its download URL."""
    async with Client(url, Stats()) as client:
        elements = await client.load("")
        from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: PLC0415 (protobuf, only here)

        elements = await client.rerun("", [WidgetState(id=client.widgets["Prepare"], trigger_value=True)])
        links = [e.download_button.url for e in elements if e.WhichOneof("type") == "download_button"]
        plan = next(e.component_instance.json_args for e in elements if e.WhichOneof("type") == "component_instance")
        assert links, "no download button after Prepare"
        return client.cookie, links[0], plan


def test_two_processes_behind_nginx_keep_each_reader_on_one():
    with cluster(2) as (url, backends):
        status, _, body = get(f"{url}/_stcore/health")
        assert status == 200 and body == b"ok"
        status, headers, page = get(f"{url}/")
        assert status == 200 and b"<html" in page.lower()
        assert "mh_route=" in headers.get("set-cookie", "")  # a new reader is given its route

        # In its own thread: the session's Playwright (sync API) keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as thread:
            cookie, link, args = thread.submit(asyncio.run, prepare_download(url)).result(timeout=120)
        # The export lives in the memory of the process that made it: with the reader's cookie every request
        # reaches it; asked directly, exactly one of the two processes has it (so stickiness is what works).
        assert all(get(f"{url}{link}", cookie)[0] == 200 for _ in range(12))
        assert sorted(get(f"{backend}{link}")[0] for backend, _ in backends) == [200, 404]

        # The published plan data is a static file any process serves, compressed on the way.
        plan_url = plan_source(json.loads(args))["url"]
        assert plan_url.startswith(f"{CACHE_URL}/plan-")
        status, headers, body = get(served_url(url, plan_url), cookie, gzip_ok=True)
        assert status == 200 and headers.get("content-encoding") == "gzip"
        assert b'"features"' in gzip.decompress(body)
