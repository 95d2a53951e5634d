#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, lint, type-check the tree but the tests (mypy), test the browser code's
# pure logic under Node (tests/js), then run the suite in two steps:
#   1. the unit tests (tests/ but tests/browser) in a new venv holding requirements.txt and pytest alone;
#   2. the browser tier (tests/browser: Chromium, real servers, new venvs), the property tests
#      (Hypothesis) and the feed's test (feedparser), with everything in tests/requirements.txt installed.
# Every test runs once. With arguments, they go to one pytest run in the full environment instead.
# Debian's Chromium drives the browser tests (Playwright cannot download its own browser here).
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium for the browser tests; Noto CJK so Chinese renders in screenshots and PNG exports;
# nginx and curl for the many-processes tests (bench/serve_many.py, and deploy/README.md tried as written).
have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! have_nginx \
    || ! command -v curl >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx-light curl >/dev/null
  else
    echo "Missing: run 'sudo apt-get install -y chromium fonts-noto-cjk nginx-light curl' (or set MINHANG_CHROMIUM)." >&2
    exit 1
  fi
fi
# Node for the browser code's unit tests (tests/js: Node's own test runner, no npm packages).
if ! command -v node >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
  else
    echo "Missing: run 'sudo apt-get install -y nodejs'." >&2
    exit 1
  fi
fi
python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
python3 -m ruff check .
# The type checker over the tree but the tests (its settings and the untyped packages in pyproject.toml).
python3 -m mypy
# The pure logic of the browser code (static/js), under Node. The shell lists the files: Node 21 and later
# take a directory argument for a file to run (`node --test tests/js/` works up to Node 20 only).
node --test tests/js/*.test.mjs
# The position audit (every source row within its tolerance; the confirmations as found): its report is the
# table in docs/positions.md, which a test keeps current.
python3 -m layers audit > /dev/null
if [ "$#" -gt 0 ]; then
  exec python3 -m pytest "$@"
fi

unit=$(mktemp -d)
trap 'rm -rf "$unit"' EXIT
echo "== unit tests, in a new venv with requirements.txt and pytest only"
python3 -m venv "$unit/venv"
"$unit/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/requirements-unit.txt
"$unit/venv/bin/python" -m pytest tests --ignore=tests/browser -p no:cacheprovider
echo "== browser tier, property tests and those reading our files with test packages, with tests/requirements.txt"
python3 -m pytest tests -m "browser or properties or test_env"
