#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then lint and run the whole suite.
# Debian's Chromium drives the browser tests (Playwright cannot download its own browser here).
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium for the browser tests; Noto CJK so Chinese renders in screenshots and PNG exports;
# nginx for the many-processes test (bench/serve_many.py).
have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! have_nginx; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx-light >/dev/null
  else
    echo "Missing: run 'sudo apt-get install -y chromium fonts-noto-cjk nginx-light' (or set MINHANG_CHROMIUM)." >&2
    exit 1
  fi
fi
python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
python3 -m ruff check .
python3 -m pytest "$@"
