"""The browser tier: Debian Chromium through Playwright, real servers (streamlit run, nginx), new venvs.

Every test under this folder is marked ``browser``; the unit tests' venv has neither Playwright nor
Chromium, so ``tests/run.sh`` runs this tier in the full environment.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from support import ARTIFACTS
from support.browser import launch, offline_context

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``browser`` (``pytest -m browser`` runs the tier)."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian Chromium through Playwright, shared by every browser test."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def session(browser: Browser, request: pytest.FixtureRequest) -> Iterator[tuple[Page, list[str]]]:
    """A fresh offline page, its screenshot kept after the test, and the requests that tried to leave localhost."""
    external: list[str] = []
    context = offline_context(browser, external)
    page = context.new_page()
    yield page, external
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
