"""Serve the app from N processes behind nginx: more cores (or machines) for more readers.

    python3 -m bench.serve_many --processes 2 --port 8501        # until Ctrl-C
    python3 -m bench.serve_many --base-path /minhang              # mounted at a sub-path, as deploy/ sets it up
    python3 -m bench.load_test --processes 2                      # the load test uses the same setup

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
  load (``python3 -m bench.first_load``), and the bundles are the same few files for every reader.

More machines: run the processes on each machine (the unit with ``ADDRESS`` 0.0.0.0, the same checkout)
and list them in the ``upstream`` block of ``deploy/nginx.conf``; the cookie hash keeps each reader on one
of them.

The setup is the operator's, ``deploy/`` (its README): each process is started with the systemd unit's
command and settings (``deploy/minhang-map.service``), and nginx runs the site configuration
(``deploy/nginx.conf``), both filled in by :func:`support.server.cluster`, which the load test, the
first-load benchmark and the tests start too.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
import urllib.request

from support.server import cluster


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1", help="where nginx listens")
    parser.add_argument("--base-path", default="", help="the mount, e.g. /minhang (default: the root)")
    args = parser.parse_args()
    with cluster(args.processes, args.port, args.address, base_path=args.base_path) as (url, _):
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            print(f"{args.processes} app processes behind nginx at {url} (health: {response.status})", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
