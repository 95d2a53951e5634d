"""Serve the app from N processes behind nginx: more cores (or machines) for more readers.

    python bench/serve_many.py --processes 2 --port 8501        # until Ctrl-C
    python bench/load_test.py --processes 2                      # the load test uses the same setup

One Streamlit process runs every rerun of its sessions on one core (the script holds the GIL), so a
second process on a second core doubles what can be served. nginx (Debian's package) sits in front:

- **Sticky sessions.** A reader's websocket stays on one process by nature, but downloads (the
  export panel's files live in the memory of the process that made them) must reach that process
  too. nginx gives each new reader a random ``mh_route`` cookie and routes by a consistent hash of
  it, so every request of one reader goes to the same process (open-source nginx has no ``sticky``).
- **Health checks.** Each process is started and polled on ``/_stcore/health`` before nginx takes
  traffic; nginx then marks a process down after a failed request (``max_fails``) for 5 s and sends
  its readers elsewhere. ``/_stcore/health`` on the proxy answers for the pool.
- **Compression.** Streamlit deliberately serves its own script bundles uncompressed (it leaves that
  to a proxy) and gzips the rest (our static files, the map's data). nginx compresses what comes
  uncompressed, at level 6: against nginx's default level 1 that takes ~90 KB off a phone's first
  load (``bench/first_load.py``), and the bundles are the same few files for every reader.

More machines: run the processes on each machine (``--address 0.0.0.0``, the same checkout) and list
them in the ``upstream`` block; the cookie hash keeps each reader on one of them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import free_port, wait_until_healthy  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1")
    args = parser.parse_args()
    with cluster(args.processes, args.port, args.address) as (url, _):
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            print(f"{args.processes} app processes behind nginx at {url} (health: {response.status})", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
