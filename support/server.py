"""The app served for real: ``streamlit run`` on a free loopback port, or N processes behind Debian's nginx.

:func:`cluster` is how ``bench/serve_many.py`` serves the app to many readers (its docstring says why:
sticky sessions by a route cookie, health checks, compression); ``bench/first_load.py``,
``bench/load_test.py`` and the browser tests start the same setup.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import grp
import http.server
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from layers.maps.publish import cache_dir
from support import ARTIFACTS, ROOT


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def static_site(folder: Path) -> Iterator[str]:
    """``folder`` served as plain files on a free loopback port, as any static host serves the reader door; yields
    its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Nothing: a test's output is its own."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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


def wait_until_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float, log: Path,
                       path: str = "/_stcore/health") -> None:
    """Poll Streamlit's health endpoint (or ``path``) until it answers 200; fail if the process ends or time runs
    out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start; see {log}")
        time.sleep(0.2)


DEPLOY = ROOT / "deploy"
NGINX_TEMPLATE = DEPLOY / "nginx.conf"  # what an operator puts in nginx's http block
UNIT_TEMPLATE = DEPLOY / "minhang-map.service"  # what an operator installs as minhang-map@.service
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# nginx's own plumbing around deploy/nginx.conf is the distribution's /etc/nginx/nginx.conf (nginx_main). Where there
# is none: this one, with a private prefix (pid, logs, temporary files), its workers as this user.
DEBIAN_NGINX = Path("/etc/nginx/nginx.conf")
NGINX_MAIN = """
user {user};
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
             application/atom+xml xml; image/png png; image/svg+xml svg; }}
    include {site};
}}
"""


def nginx_main(prefix: Path, site: Path) -> str:
    """The main configuration the site runs in: Debian's own ``/etc/nginx/nginx.conf`` (its workers as ``www-data``,
    its ``mime.types``, its gzip), the site in place of what it includes from ``conf.d/`` and ``sites-enabled/``,
    pid and logs under ``prefix`` so that it runs beside anything else. Not as root, its workers run as this user
    (nginx ignores ``user`` then) with their temporary files under ``prefix``. Without Debian's file:
    :data:`NGINX_MAIN`."""
    root = os.geteuid() == 0
    if not DEBIAN_NGINX.is_file():
        return NGINX_MAIN.format(prefix=prefix, site=site, user=getpass.getuser())
    text = DEBIAN_NGINX.read_text(encoding="utf-8")
    # Its modules load from paths relative to nginx's own prefix (/usr/share/nginx), not to ``prefix``.
    built = subprocess.run([nginx_path(), "-V"], capture_output=True, text=True, check=False).stderr
    found = re.search(r"--prefix=(\S+)", built)
    home = found.group(1).rstrip("/") if found else "/usr/share/nginx"
    text = re.sub(r"^\s*include (/etc/nginx/modules-enabled/[^;]*);", lambda m: "".join(
        re.sub(r"load_module (?!/)", f"load_module {home}/", part.read_text(encoding="utf-8"))
        for part in sorted(Path("/").glob(m.group(1).lstrip("/")))), text, flags=re.MULTILINE)
    text = re.sub(r"^\s*include /etc/nginx/sites-enabled/[^;]*;[ \t]*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"include /etc/nginx/conf\.d/[^;]*;", f"include {site};", text)
    text = re.sub(r"^(\s*)pid [^;]+;", rf"\1pid {prefix}/nginx.pid;", text, flags=re.MULTILINE)
    text = re.sub(r"^(\s*)error_log [^;]+;", rf"\1error_log {prefix}/error.log warn;", text, flags=re.MULTILINE)
    text = re.sub(r"^(\s*)access_log [^;]+;", r"\1access_log off;", text, flags=re.MULTILINE)
    if not root:
        text = re.sub(r"^\s*user [^;]+;", "", text, flags=re.MULTILINE)
        temp = "".join(f"\n    {kind}_temp_path {prefix}/{sub};" for kind, sub in
                       (("client_body", "body"), ("proxy", "proxy"), ("fastcgi", "fastcgi"), ("uwsgi", "uwsgi"),
                        ("scgi", "scgi")))
        text = re.sub(r"^http\s*\{", "http {" + temp, text, count=1, flags=re.MULTILINE)
    return text


def served_folder() -> Path:
    """A new folder for the app to publish to (``MINHANG_CACHE_DIR``) that nginx's workers can read, made as
    deploy/README.md makes ``/var/cache/minhang-map``: as root, group ``www-data``, mode 2750."""
    folder = Path(tempfile.mkdtemp(prefix="minhang-cache-"))  # in /tmp, which anyone may pass through
    if os.geteuid() == 0:
        os.chown(folder, 0, grp.getgrnam("www-data").gr_gid)
        folder.chmod(0o2750)
    return folder


def nginx_worker_users() -> set[str]:
    """The users every running nginx's workers run as."""
    ps = subprocess.run(["ps", "-C", "nginx", "-o", "user=,args="], capture_output=True, text=True, check=False)
    return {line.split(None, 1)[0] for line in ps.stdout.splitlines() if "worker process" in line}


def render(template: Path, **values: str) -> str:
    """A deploy/ template with each ``@NAME@`` filled in from ``values``; every one must be."""
    text = template.read_text(encoding="utf-8")
    missing = sorted(set(_PLACEHOLDER.findall(text)) - set(values))
    if missing:
        raise KeyError(f"{template.name}: no value for {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


@dataclass(frozen=True)
class Unit:
    """What systemd takes from a rendered ``minhang-map@.service`` for one port."""

    start: list[str]  # ExecStart
    ready: list[str]  # ExecStartPost: the readiness check
    directory: str  # WorkingDirectory
    settings: dict[str, str]  # its Environment= lines, a setting left empty left out (the app reads none)


def parse_unit(text: str, port: int) -> Unit:
    """``text`` (a rendered unit) as systemd reads it for ``minhang-map@<port>`` (``%i`` is the port)."""
    lines = [line.strip() for line in text.replace("\\\n", " ").splitlines()]
    pairs = [line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")]
    settings = dict(item.split("=", 1) for key, value in pairs if key == "Environment" for item in shlex.split(value))
    value = {key: val for key, val in pairs if key != "Environment"}
    return Unit(start=shlex.split(value["ExecStart"].replace("%i", str(port))),
                ready=shlex.split(value["ExecStartPost"].replace("%i", str(port))),
                directory=value["WorkingDirectory"], settings={k: v for k, v in settings.items() if v})


def unit_command(port: int, base_path: str = "", address: str = "127.0.0.1",
                 env: dict[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """What systemd runs for ``minhang-map@<port>`` (``deploy/minhang-map.service``, rendered for this checkout
    and this Python): the ``ExecStart`` command and the environment (its ``Environment=`` lines over ours and
    ``env``'s; a setting left empty in the unit is left out, as the app reads an empty one)."""
    unit = render(UNIT_TEMPLATE, PYTHON=sys.executable, APP_DIR=str(ROOT), USER=getpass.getuser(), ADDRESS=address,
                  BASE_PATH=base_path, PUBLIC_URL=(env or {}).get("MINHANG_PUBLIC_URL", ""),
                  CACHE_DIR=(env or {}).get("MINHANG_CACHE_DIR", ""))
    parsed = parse_unit(unit, port)
    return parsed.start, {**os.environ, **(env or {}), **parsed.settings}


def http_get(url: str, cookie: str | None = None, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    """(status, headers lower-cased, body) of a GET, an HTTP error's too; with a ``Cookie`` header and asking for
    gzip where told."""
    headers = {**({"Cookie": cookie} if cookie else {}), **({"Accept-Encoding": "gzip"} if gzip_ok else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, b""


def nginx_path() -> str:
    """Debian's nginx (``apt-get install -y nginx-light``)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is not installed: apt-get install -y nginx-light")
    return found


@contextlib.contextmanager
def app_processes(count: int, base_path: str = "", env: dict[str, str] | None = None,
                  log_dir: Path | None = None) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    """Start ``count`` app processes on free loopback ports, each as ``deploy/minhang-map.service`` starts it
    (:func:`unit_command`); yield (url, process) once each answers its health check, as the unit waits for."""
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="minhang-serve-"))
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    try:
        for _ in range(count):
            port = free_port()
            cmd, environ = unit_command(port, base_path, env=env)
            with (log_dir / f"app-{port}.log").open("w") as out:
                # A strict umask, as a service may have: what the app writes for nginx is readable all the same.
                proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=environ, umask=0o077)
            procs.append((f"http://127.0.0.1:{port}{base_path}", proc))
        for url, proc in procs:
            wait_until_healthy(url, proc, 90, log_dir / f"app-{urlsplit(url).port}.log")
        yield procs
    finally:
        for _, proc in procs:
            proc.terminate()
        for _, proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


# The reader door's files as nginx serves them: the versioned copies for a year, the plain address revalidated.
DOOR_SITE = """server {{
    listen 127.0.0.1:{port};
    root {root};
    gzip_comp_level 6;  # as deploy/nginx.conf compresses
    gzip_types text/css application/javascript application/json image/svg+xml;
    location /v/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    location / {{ add_header Cache-Control "no-cache"; }}
}}
"""


def nginx_prefix(name: str) -> Path:
    """A new folder for one nginx to run in (:func:`nginx_main`): its pid, logs and temporary files."""
    prefix = Path(tempfile.mkdtemp(prefix=f"minhang-{name}-"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir()
    return prefix


@contextlib.contextmanager
def nginx_serving(prefix: Path, site: Path, url: str, health: str = "/_stcore/health") -> Iterator[str]:
    """nginx running ``site`` (in :func:`nginx_main`) from ``prefix`` until ``url`` + ``health`` answers; yields
    ``url``; stops it and removes ``prefix`` afterwards."""
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_main(prefix, site), encoding="utf-8")
    nginx = subprocess.Popen([nginx_path(), "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=(prefix / "nginx.out").open("w"))
    try:
        wait_until_healthy(url, nginx, 30, prefix / "nginx.out", path=health)
        yield url
    finally:
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()
        shutil.rmtree(prefix, ignore_errors=True)


@contextlib.contextmanager
def door_nginx(folder: Path) -> Iterator[str]:
    """The published door in ``folder`` served by nginx in Debian's own configuration (its gzip), as a static host
    serves it; yields its URL. ``folder`` must be readable by nginx's workers (:func:`served_folder`)."""
    prefix, port = nginx_prefix("door"), free_port()
    site = prefix / "door.conf"
    site.write_text(DOOR_SITE.format(port=port, root=folder), encoding="utf-8")
    with nginx_serving(prefix, site, f"http://127.0.0.1:{port}", health="/index.html") as url:
        yield url


@contextlib.contextmanager
def cluster(count: int, port: int | None = None, address: str = "127.0.0.1",
            env: dict[str, str] | None = None, base_path: str = "",
            ) -> Iterator[tuple[str, list[tuple[str, subprocess.Popen[bytes]]]]]:
    """``count`` app processes behind nginx, both as ``deploy/`` configures them (the unit's command, the site's
    nginx configuration), mounted at ``base_path``; yield the proxy's URL (the mount included) and each app
    process with its URL. ``env``: the app's settings (``MINHANG_PUBLIC_URL``...); without ``MINHANG_CACHE_DIR`` the
    processes publish to a new :func:`served_folder`, as deploy/README.md sets one up. nginx runs in Debian's own
    main configuration (:func:`nginx_main`): as root, its workers run as ``www-data``, not as the app's user."""
    prefix = nginx_prefix("nginx")
    env = dict(env or {})
    made = None if env.get("MINHANG_CACHE_DIR") or os.environ.get("MINHANG_CACHE_DIR") else served_folder()
    if made:
        env["MINHANG_CACHE_DIR"] = str(made)
    with contextlib.ExitStack() as stack:
        if made:
            stack.callback(shutil.rmtree, made, ignore_errors=True)
        backends = stack.enter_context(app_processes(count, base_path, env=env, log_dir=prefix))
        upstreams = "\n".join(f"    server {urlsplit(url).netloc} max_fails=1 fail_timeout=5s;" for url, _ in backends)
        port = port or free_port()
        site = prefix / "minhang-map.conf"
        site.write_text(render(NGINX_TEMPLATE, LISTEN=f"{address}:{port}", SERVER_NAME="_", UPSTREAMS=upstreams,
                               BASE_PATH=base_path, CACHE_DIR=str(cache_dir({**os.environ, **env}))))
        with nginx_serving(prefix, site, f"http://{address}:{port}{base_path}") as url:
            yield url, backends
