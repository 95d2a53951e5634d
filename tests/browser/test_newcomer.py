"""A newcomer's first run: a clean copy of the project, a new virtual environment, the README's run command.

Nothing from the test environment leaks in: the venv has no system site-packages, pip's cache is
off, and the README's command runs as written (read from the README itself, so the two cannot
drift apart) with the venv first on PATH, as if activated. Streamlit's port and address come from
its environment variables, so the command needs no change. Then Debian Chromium, with every
request beyond localhost blocked, checks that the map draws every feature, no exception shows,
and the Export panel says in one sentence how to get the optional PNG renderer.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from support import ARTIFACTS
from support.browser import drawn_counts, map_frame, offline_context, wait_for
from support.server import free_port, wait_until_healthy
from tests.browser.test_browser import expected_counts
from tests.conftest import ROOT

pytestmark = pytest.mark.newcomer
INSTALL_TIMEOUT_S = 600


def readme_command(heading: str) -> str:
    """The shell command in the first ```bash block after ``heading`` in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(heading):]
    return re.search(r"```bash\n(.+?)\n```", after, re.DOTALL).group(1).strip()


def clean_copy(target: Path) -> Path:
    """What a clone holds (tracked and new, unignored files): no caches, no test artifacts, no venvs."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def newcomer_app(tmp_path_factory):
    """The README's run command in a new venv from a clean copy; yields (url, project folder, venv python)."""
    root = tmp_path_factory.mktemp("newcomer")
    project = clean_copy(root / "minhang-map")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "STREAMLIT_"))}
    env.update(PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}", VIRTUAL_ENV=str(venv),
               PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               STREAMLIT_SERVER_PORT=str(port), STREAMLIT_SERVER_ADDRESS="127.0.0.1",
               STREAMLIT_SERVER_HEADLESS="true")
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "newcomer-run.log"
    command = readme_command("Run the app")
    with log.open("w") as out:
        proc = subprocess.Popen(["bash", "-c", command], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, proc, INSTALL_TIMEOUT_S, log)  # the install comes first: minutes, not seconds
            yield url, project, venv / "bin" / "python"
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def test_readme_run_command_serves_a_working_map(newcomer_app, browser, catalog):
    url, _project, _python = newcomer_app
    external: list[str] = []
    context = offline_context(browser, external)
    page = context.new_page()
    try:
        page.goto(url)
        frame = map_frame(page, timeout=60)
        expected = expected_counts(catalog.features)
        assert wait_for(page, lambda: drawn_counts(frame) == expected or None), drawn_counts(frame)
        assert page.get_by_test_id("stException").count() == 0
        # PNG is the Export panel's first format: without the optional renderer it says what to install.
        notice = page.get_by_text("python3 -m pip install -r requirements-png.txt")
        notice.scroll_into_view_if_needed()
        assert notice.is_visible()
        assert page.get_by_test_id("stException").count() == 0
        assert external == []
    finally:
        page.screenshot(path=str(ARTIFACTS / "newcomer.png"), full_page=True)
        context.close()


def test_every_library_module_imports_from_requirements_txt_alone(newcomer_app):
    _url, project, python = newcomer_app
    script = ("import importlib, pkgutil, layers\n"
              "for m in pkgutil.walk_packages(layers.__path__, 'layers.'):\n"
              "    importlib.import_module(m.name)\n"
              "import importlib.util\n"
              "print('playwright' if importlib.util.find_spec('playwright') else 'no playwright')\n")
    result = subprocess.run([str(python), "-c", script], cwd=project, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    # The server-side PNG renderer stays optional: requirements.txt alone does not bring it.
    assert result.stdout.strip() == "no playwright"
    cli = subprocess.run([str(python), "-m", "layers", "export", "--format", "png", "--out", str(project / "x.png")],
                         cwd=project, capture_output=True, text=True, timeout=120, check=False)
    assert cli.returncode == 1 and "requirements-png.txt" in cli.stderr and "Traceback" not in cli.stderr
    assert not (project / "x.png").exists()
