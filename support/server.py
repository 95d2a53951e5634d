"""The app served for real: ``streamlit run`` on a free loopback port, or N processes behind Debian's nginx.

:func:`cluster` is how ``bench/serve_many.py`` serves the app to many readers (its docstring says why:
sticky sessions by a route cookie, health checks, compression); ``bench/first_load.py``,
``bench/load_test.py`` and the browser tests start the same setup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from support import ARTIFACTS, ROOT


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None, timeout: float = 60,
                     script: Path = ROOT / "dashboard.py", base_path: str = "") -> Iterator[str]:
    """Run ``streamlit run dashboard.py`` (or ``script``) on a free port; yield its URL; stop it afterwards.

    ``base_path``: mount the app there (``--server.baseUrlPath``, as behind a proxy's sub-path, e.g.
    ``/minhang``); the URL yielded includes it."""
    with streamlit_process(env, timeout, script, base_path) as (url, _proc):
        yield url


@contextlib.contextmanager
def streamlit_process(env: dict[str, str] | None = None, timeout: float = 60, script: Path = ROOT / "dashboard.py",
                      base_path: str = "") -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Like :func:`streamlit_server`, yielding the process too (for memory readings)."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.baseUrlPath", base_path]
    log = ARTIFACTS / f"streamlit-{port}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        url = f"http://127.0.0.1:{port}{base_path.rstrip('/')}"
        try:
            wait_until_healthy(url, proc, timeout, log)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_until_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers 200; fail if the process ends or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start; see {log}")
        time.sleep(0.2)


NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ text/html html; text/css css; application/javascript js; application/json json geojson;
             image/png png; image/svg+xml svg; }}
    gzip on;
    gzip_comp_level 6;
    gzip_types text/css application/javascript application/json text/plain image/svg+xml;
    gzip_min_length 1024;
    gzip_proxied any;

    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    # A reader keeps the route it was given; a new reader gets a random one.
    map $cookie_mh_route $mh_route {{ "" $request_id; default $cookie_mh_route; }}

    upstream minhang {{
        hash $mh_route consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        location / {{
            proxy_pass http://minhang;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;
            proxy_next_upstream error timeout http_502 http_503;
            add_header Set-Cookie "mh_route=$mh_route; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def nginx_path() -> str:
    """Debian's nginx (``apt-get install -y nginx-light``)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is not installed: apt-get install -y nginx-light")
    return found


@contextlib.contextmanager
def app_processes(count: int, address: str = "127.0.0.1", env: dict[str, str] | None = None,
                  log_dir: Path | None = None) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    """Start ``count`` app processes on free ports; yield (url, process) once each is healthy."""
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="minhang-serve-"))
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    try:
        for _ in range(count):
            port = free_port()
            log = log_dir / f"app-{port}.log"
            cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
                   "--server.address", address, "--server.headless", "true", "--browser.gatherUsageStats", "false"]
            with log.open("w") as out:
                proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})})
            procs.append((f"http://{'127.0.0.1' if address == '0.0.0.0' else address}:{port}", proc))
        for url, proc in procs:
            wait_until_healthy(url, proc, 90, log_dir / f"app-{url.rsplit(':', 1)[1]}.log")
        yield procs
    finally:
        for _, proc in procs:
            proc.terminate()
        for _, proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def cluster(count: int, port: int | None = None, address: str = "127.0.0.1",
            env: dict[str, str] | None = None
            ) -> Iterator[tuple[str, list[tuple[str, subprocess.Popen[bytes]]]]]:
    """``count`` app processes behind nginx; yield the proxy's URL and each app process with its URL."""
    prefix = Path(tempfile.mkdtemp(prefix="minhang-nginx-"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir()
    with app_processes(count, env=env, log_dir=prefix) as backends:
        servers = "\n".join(f"        server {url.removeprefix('http://')} max_fails=1 fail_timeout=5s;"
                            for url, _ in backends)
        port = port or free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, address=address, port=port))
        nginx = subprocess.Popen([nginx_path(), "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=(prefix / "nginx.out").open("w"))
        url = f"http://{address}:{port}"
        try:
            wait_until_healthy(url, nginx, 30, prefix / "error.log")
            yield url, backends
        finally:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
            shutil.rmtree(prefix, ignore_errors=True)
