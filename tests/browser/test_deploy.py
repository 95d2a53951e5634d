"""deploy/README.md tried as an operator follows it: its `fill` renders both templates, its `install -d` makes the
cache folder, Debian's nginx (its own nginx.conf: workers as www-data) serves the site at /minhang in front of two
app processes started as the unit starts them (its ExecStart, its Environment, its ExecStartPost readiness
check), under a strict umask. Then one process is killed under two readers: the reader on it is told so in the
page's language, gets their view back from the address, and their download works once the process is back; the
reader on the other process never notices. Only the README's example values are swapped for this machine's (free
ports, this checkout, a folder in /tmp); a README that drifts from the templates fails here."""

from __future__ import annotations

import gzip
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import feedparser
import pytest
from playwright.sync_api import Error as PlaywrightError

from layers.export.feed import feed_name
from layers.maps.publish import CACHE_URL
from support import ROOT
from support.browser import map_frame, offline_context, wait_for
from support.devices import PHONE, PHONE_VIEWPORT
from support.mapargs import served_url
from support.server import (
    DEPLOY,
    Unit,
    free_port,
    http_get,
    nginx_main,
    nginx_path,
    nginx_worker_users,
    parse_unit,
    wait_until_healthy,
)

README = DEPLOY / "README.md"
MOUNT = "/minhang"
# The README's example values, and what this machine has instead.
PYTHON, APP_DIR, CACHE, PORTS, LISTEN = "/srv/minhang-map/.venv/bin/python", "/srv/minhang-map", \
    "/var/cache/minhang-map", ("8501", "8502"), "listen 80;"
# Test plumbing only, added to the rendered site: which process answered (to give each reader a known one).
UPSTREAM_HEADER = "        add_header X-Test-Upstream $upstream_addr always;\n"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="nginx's workers run as www-data only under root (CI)")


def readme_script() -> str:
    """The README's install script: its first bash block."""
    return re.search(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL).group(1)


def filled(script: str, template: str) -> str:
    """``template`` as the README's ``fill`` renders it (run by bash, in the checkout)."""
    fill = re.search(r"^fill\(\) \{.*?^\}", script, re.DOTALL | re.MULTILINE).group(0)
    done = subprocess.run(["bash", "-c", f"{fill}\nfill {shlex.quote(template)}"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert not re.findall(r"@[A-Z_]+@", done.stdout), "a placeholder the README's fill leaves"
    return done.stdout


def start(unit: Unit, log: Path) -> subprocess.Popen[bytes]:
    """One app process as systemd starts it, with a strict umask; returns once its ExecStartPost succeeds."""
    with log.open("a") as out:
        proc = subprocess.Popen(unit.start, cwd=unit.directory, env={**os.environ, **unit.settings}, stdout=out,
                                stderr=subprocess.STDOUT, umask=0o077)
    ready = subprocess.run(unit.ready, capture_output=True, text=True, check=False, timeout=120)
    assert ready.returncode == 0 and proc.poll() is None, (ready.stderr, log.read_text())
    return proc


def reloaded(page) -> bool:
    """Whether ``page`` has loaded anew since it was marked (False while it is navigating)."""
    try:
        return page.evaluate("window.mhMark === undefined")
    except PlaywrightError:
        return False


def route_to(url: str, backend: str) -> str:
    """A route cookie's value that nginx's hash sends to ``backend`` (host:port)."""
    for _ in range(200):
        value = uuid.uuid4().hex
        if http_get(f"{url}/_stcore/health", f"mh_route={value}")[1].get("x-test-upstream") == backend:
            return value
    raise AssertionError(f"no route reaches {backend}")


def test_the_readmes_deployment_serves_and_survives_a_process_that_dies(browser, tmp_path):
    script = readme_script()
    port, ports = free_port(), (free_port(), free_port())
    folder = Path(tempfile.gettempdir()) / f"minhang-map-{uuid.uuid4().hex[:8]}"
    prefix = Path(tempfile.mkdtemp(prefix="minhang-deploy-"))
    procs: dict[int, subprocess.Popen[bytes]] = {}
    nginx = None
    try:
        # The cache folder, by the README's own line (owned by the app's user, here root; group www-data, 2750).
        install = re.search(r"^sudo (install -d .*)$", script, re.MULTILINE).group(1)
        assert CACHE in install and "-g www-data -m 2750" in install
        subprocess.run(shlex.split(install.replace("-o minhang", "-o root").replace(CACHE, str(folder))),
                       check=True)

        site, unit = filled(script, "deploy/nginx.conf"), filled(script, "deploy/minhang-map.service")
        for value in (LISTEN, CACHE, *(f"127.0.0.1:{p}" for p in PORTS), f"location {MOUNT}/ {{"):
            assert value in site, value
        site = site.replace(LISTEN, f"listen 127.0.0.1:{port};").replace(CACHE, str(folder))
        for example, mine in zip(PORTS, ports, strict=True):
            site = site.replace(f"127.0.0.1:{example} ", f"127.0.0.1:{mine} ")
        site = re.sub(r"(location /minhang/ \{\n(?:.*\n)*?.*add_header Set-Cookie.*\n)", r"\1" + UPSTREAM_HEADER,
                      site, count=1)
        assert UPSTREAM_HEADER in site
        for value in (PYTHON, APP_DIR, CACHE, "--server.baseUrlPath \"/minhang\""):
            assert value in unit, value
        unit = unit.replace(PYTHON, sys.executable).replace(APP_DIR, str(ROOT)).replace(CACHE, str(folder))

        units = {p: parse_unit(unit, p) for p in ports}
        for p in ports:
            procs[p] = start(units[p], prefix / f"app-{p}.log")
        (prefix / "minhang-map.conf").write_text(site)
        (prefix / "nginx.conf").write_text(nginx_main(prefix, prefix / "minhang-map.conf"))
        checked = subprocess.run([nginx_path(), "-t", "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen([nginx_path(), "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g",
                                  "daemon off;"], stderr=(prefix / "nginx.out").open("w"))
        url = f"http://127.0.0.1:{port}{MOUNT}"
        wait_until_healthy(url, nginx, 30, prefix / "nginx.out")
        assert nginx_worker_users() == {"www-data"}  # Debian's: not the app's user
        status, _, body = http_get(f"{url}/_stcore/health")  # the pool, through the proxy, as the README's curl asks
        assert (status, body) == (200, b"ok")

        # Two readers, one on each process: a desktop reader in Chinese on the first, a phone in English.
        lost, gone = f"127.0.0.1:{ports[0]}", f"127.0.0.1:{ports[1]}"
        saw: dict[str, list[str]] = {"zh": [], "en": []}
        pages = {}
        for lang, backend, device in (("zh", lost, {"viewport": (1440, 900)}),
                                      ("en", gone, {"viewport": PHONE_VIEWPORT, **PHONE})):
            context = offline_context(browser, [], **device)
            context.add_cookies([{"name": "mh_route", "value": route_to(url, backend), "domain": "127.0.0.1",
                                  "path": f"{MOUNT}/"}])
            # What the page shows when its connection drops, however soon it reloads.
            context.expose_function("mhSaw", lambda text, seen=saw[lang]: seen.append(text))
            context.add_init_script("new MutationObserver(() => { const n = document.querySelector('.mh-offline');"
                                    " if (n && !n.dataset.seen) { n.dataset.seen = 1; window.mhSaw(n.innerText); }"
                                    " }).observe(document, {subtree: true, childList: true});")
            page = context.new_page()
            query = "?lang=zh&feature=airport-link-line" if lang == "zh" else "?feature=qianwan-park"
            page.goto(f"{url}/{query}")
            assert map_frame(page).locator(".leaflet-overlay-pane path").count() > 0  # the published scripts load
            page.evaluate("window.mhMark = 1")  # gone if the page reloads
            pages[lang] = page

        # The feed (published with the first page): Atom, compressed, written by an app under umask 077 and
        # read by www-data.
        status, headers, packed = http_get(served_url(url, f"{CACHE_URL}/{feed_name('zh')}"), gzip_ok=True)
        assert status == 200 and headers["content-type"].startswith("application/atom+xml")
        assert headers["content-encoding"] == "gzip" and feedparser.parse(gzip.decompress(packed)).entries
        # The reader door (published with the first page): its page fresh, its version's script, styles and data
        # typed, compressed and kept a year.
        door = served_url(url, f"{CACHE_URL}/door/index.html")
        deadline = time.monotonic() + 60  # written after the feed, a few seconds after the first page
        while http_get(door)[0] != 200:
            assert time.monotonic() < deadline, "the app did not publish the reader door"
            time.sleep(0.5)
        status, headers, packed = http_get(door, gzip_ok=True)
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert headers["content-encoding"] == "gzip"
        version = re.search(r'src="v/([0-9a-f]+)/door\.js"', gzip.decompress(packed).decode("utf-8")).group(1)
        for name, kind in (("door.js", "application/javascript"), ("door.css", "text/css"),
                           ("plan-en.json", "application/json")):
            status, headers, _ = http_get(served_url(url, f"{CACHE_URL}/door/v/{version}/{name}"), gzip_ok=True)
            assert status == 200 and headers["content-type"].startswith(kind), (name, headers)
            assert headers["content-encoding"] == "gzip" and "immutable" in headers["cache-control"], (name, headers)
        # Every file published 0644, every folder (the reader door's) 0755: www-data reads them all.
        modes = {oct(f.stat().st_mode & 0o777) for f in folder.rglob("*") if f.is_file()}
        assert modes == {"0o644"} and {oct(d.stat().st_mode & 0o777) for d in folder.rglob("*") if d.is_dir()} == {
            "0o755"}

        procs.pop(ports[0]).send_signal(signal.SIGKILL)
        zh = pages["zh"]
        wait_for(zh, lambda: saw["zh"], timeout=30)
        assert "连接已中断" in saw["zh"][0] and "立即重新载入" in saw["zh"][0]
        wait_for(zh, lambda: reloaded(zh), timeout=60)  # reloaded, from the address
        frame = map_frame(zh)
        assert "feature=airport-link-line" in zh.url and "lang=zh" in zh.url
        assert wait_for(zh, lambda: "机场联络线" in zh.get_by_test_id("stMain").inner_text(), timeout=30)
        assert frame.locator(".leaflet-overlay-pane path").count() > 0 and zh.locator(".mh-offline").count() == 0
        en = pages["en"]
        assert saw["en"] == [] and en.evaluate("window.mhMark") == 1  # the other reader never noticed

        # The process comes back (systemd: Restart=on-failure); once nginx sends the route to it again, the
        # reader's download, made in the process that took them over, is found all the same.
        procs[ports[0]] = start(units[ports[0]], prefix / f"app-{ports[0]}.log")
        cookie = next(c for c in zh.context.cookies() if c["name"] == "mh_route")["value"]
        deadline = time.monotonic() + 30
        while http_get(f"{url}/_stcore/health", f"mh_route={cookie}")[1].get("x-test-upstream") != lost:
            assert time.monotonic() < deadline, "nginx did not take the process back"
            time.sleep(0.5)
        zh.locator(".st-key-export_go button").scroll_into_view_if_needed()
        zh.locator(".st-key-export_go button").click()
        button = zh.locator(".st-key-export_download button")
        button.wait_for(timeout=60_000)
        with zh.expect_download() as download:
            button.click()
        assert download.value.failure() is None
        assert Path(download.value.path()).stat().st_size > 1000
    finally:  # nginx at once (a graceful stop waits for the readers' websockets); nothing left running
        for proc in [*([nginx] if nginx else []), *procs.values()]:
            proc.terminate()
        for proc in [*([nginx] if nginx else []), *procs.values()]:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(prefix, ignore_errors=True)
