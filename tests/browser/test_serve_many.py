"""Many readers: two app processes behind Debian's nginx, as an operator deploys them (``deploy/``: the systemd
unit's command and settings, the site's nginx configuration) and as bench/serve_many.py serves them, on loopback,
mounted at /minhang, publishing to a cache folder of their own that only nginx serves (a read-only checkout)."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import feedparser
import pytest

from layers.export.feed import feed_name
from layers.maps.publish import CACHE_URL
from support.client import Client, Stats
from support.mapargs import plan_source, served_url
from support.server import (
    NGINX_TEMPLATE,
    cluster,
    free_port,
    http_get,
    nginx_main,
    nginx_path,
    nginx_worker_users,
    render,
    served_folder,
    unit_command,
)

MOUNT = "/minhang"


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


def test_two_processes_behind_nginx_keep_each_reader_on_one(tmp_path):
    port = free_port()
    public = f"http://127.0.0.1:{port}{MOUNT}/"
    folder = served_folder()  # as deploy/README.md makes it: nginx's www-data reads it, the app writes it
    settings = {"MINHANG_CACHE_DIR": str(folder), "MINHANG_PUBLIC_URL": public}
    with cluster(2, port, env=settings, base_path=MOUNT) as (url, backends):
        assert url == public.rstrip("/")
        if os.geteuid() == 0:  # as Debian runs it: the workers are not the app's user
            assert nginx_worker_users() == {"www-data"}
        status, _, body = http_get(f"{url}/_stcore/health")
        assert status == 200 and body == b"ok"
        status, headers, page = http_get(f"{url}/")
        assert status == 200 and b"<html" in page.lower()
        assert "mh_route=" in headers.get("set-cookie", "") and f"Path={MOUNT}/" in headers["set-cookie"]
        assert http_get(f"http://127.0.0.1:{port}/")[0] in (403, 404)  # nothing of the app outside the mount

        # In its own thread: the session's Playwright (sync API) keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as thread:
            cookie, link, args = thread.submit(asyncio.run, prepare_download(url)).result(timeout=120)
        # The export lives in the memory of the process that made it: with the reader's cookie every request
        # reaches it; asked directly, exactly one of the two processes has it (so stickiness is what works).
        assert all(http_get(f"{url}{link}", cookie)[0] == 200 for _ in range(12))
        assert sorted(http_get(f"{backend}{link}")[0] for backend, _ in backends) == [200, 404]

        # The published plan data is a static file, compressed on the way: nginx serves it from the cache
        # folder, which the app processes (Streamlit serves only the checkout's static/) cannot.
        plan_url = plan_source(json.loads(args))["url"]
        published = folder / plan_url.rsplit("/", 1)[1]
        assert plan_url.startswith(f"{CACHE_URL}/plan-") and published.is_file()
        status, headers, body = http_get(served_url(url, plan_url), cookie, gzip_ok=True)
        assert status == 200 and headers.get("content-encoding") == "gzip"
        assert b'"features"' in gzip.decompress(body)
        published.unlink()  # it came from that folder (the next page load publishes it again)
        assert http_get(served_url(url, plan_url))[0] == 404
        # The feed, there too, links to the public address the unit's settings give.
        status, headers, packed = http_get(served_url(url, f"{CACHE_URL}/{feed_name('en')}"), gzip_ok=True)
        feed = gzip.decompress(packed)  # Atom, typed so (not Debian's text/xml) and compressed ~4x
        assert headers["content-type"].startswith("application/atom+xml") and headers["content-encoding"] == "gzip"
        assert len(packed) < len(feed) / 3
        entries = feedparser.parse(feed).entries
        assert status == 200 and entries
        # Each entry opens the reader door on its project (the app's view is its related link).
        for entry in entries:
            links = {link.rel: link.href for link in entry.links}
            assert links["alternate"].startswith(f"{public}app/static/cache/door/index.html?"), links
            assert links["related"].startswith(f"{public}?"), links
        # The reader door, published by the app beside the feed: a page (typed so, compressed), each version of it
        # kept for a year in any cache.
        status, headers, packed = http_get(served_url(url, f"{CACHE_URL}/door/index.html"), gzip_ok=True)
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert headers["content-encoding"] == "gzip" and b'data-feature="' in gzip.decompress(packed)
        (version,) = (folder / "door" / "v").iterdir()
        status, headers, _ = http_get(served_url(url, f"{CACHE_URL}/door/v/{version.name}/index.html"), gzip_ok=True)
        assert status == 200 and "immutable" in headers["cache-control"]


@pytest.mark.parametrize("base_path", ["", MOUNT])
def test_the_deploy_files_render_to_what_nginx_and_systemd_run(tmp_path, base_path):
    site = tmp_path / "minhang-map.conf"
    site.write_text(render(NGINX_TEMPLATE, LISTEN="127.0.0.1:8080", SERVER_NAME="maps.example.org",
                           UPSTREAMS="    server 127.0.0.1:8501 max_fails=1 fail_timeout=5s;", BASE_PATH=base_path,
                           CACHE_DIR="/var/cache/minhang-map"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / sub).mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(nginx_main(tmp_path, site))
    checked = subprocess.run([nginx_path(), "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    command, environ = unit_command(8501, base_path, env={"MINHANG_PUBLIC_URL": "https://maps.example.org/"})
    assert command[1:5] == ["-m", "streamlit", "run", "dashboard.py"]
    assert command[command.index("--server.baseUrlPath") + 1] == base_path and "8501" in command
    assert environ["MINHANG_PUBLIC_URL"] == "https://maps.example.org/"
    assert environ.get("MINHANG_CACHE_DIR") == os.environ.get("MINHANG_CACHE_DIR")  # an empty setting is left out
