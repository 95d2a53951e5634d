#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then lint and run the whole suite.
# Debian's Chromium drives the browser tests (Playwright cannot download its own browser here).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (or set MINHANG_CHROMIUM to a Chromium binary)." >&2
    exit 1
  fi
fi
python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
python3 -m ruff check .
python3 -m pytest "$@"
