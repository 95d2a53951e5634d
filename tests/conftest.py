"""Shared fixtures: the shipped catalog, and helpers to write crafted geodata.

Nothing here needs more than ``requirements.txt`` and pytest: the unit tests run in such a venv
(``tests/run.sh``). The browser tier's fixtures are in ``tests/browser/conftest.py``; the property
tests (Hypothesis, ``test_*properties.py``) need ``tests/requirements.txt`` and are left out where it
is not installed, to run in the full suite.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from layers.data.catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
PLAN_TEXT = ROOT / "geodata" / "source" / "plan-2023.txt"

# Tests that need more than the run-time packages and pytest run in the full suite (tests/run.sh, step 2).
TEST_ENV_ONLY = ("test_feed.py",)  # feedparser, the standard parser that reads our feed back
collect_ignore_glob = [] if importlib.util.find_spec("feedparser") else [f"*/{name}" for name in TEST_ENV_ONLY]
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the unit tests' venv (requirements.txt and pytest): the property tests run in the full suite
    collect_ignore_glob.append("*/test_*properties.py")
else:
    # CI: the same examples on every run (derandomised), over 2,000 across the property tests. Locally,
    # `pytest --hypothesis-profile=long tests/data/test_properties.py` searches far longer, at random.
    _HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]  # files are written per example: slow by design
    settings.register_profile("ci", max_examples=500, derandomize=True, deadline=None, print_blob=True,
                              suppress_health_check=_HEALTH)
    settings.register_profile("long", max_examples=20_000, deadline=None, print_blob=True,
                              suppress_health_check=_HEALTH)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the property tests ``properties`` and those needing the test packages ``test_env`` (``tests/run.sh``
    runs both with the browser tier)."""
    for item in items:
        if Path(item.path).match("test_*properties.py"):
            item.add_marker(pytest.mark.properties)
        if Path(item.path).name in TEST_ENV_ONLY:
            item.add_marker(pytest.mark.test_env)


# What no reader should ever get: a control character other than tab and newline (CR only as a line end).
UNREADABLE = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r")


def no_control(text: str) -> bool:
    """Whether ``text`` holds no control character a reader could be given (``layers.data.text``)."""
    return not any(c in UNREADABLE for c in text)


def promise_count(frame: Any) -> int:
    """How many of ``frame``'s features the plan made a promise about (a feature with no reading, or read as
    describing, is none): what the roll-ups, the ledger and the story count."""
    classes = frame["commitment_class"]
    return int((classes.notna() & (classes != "none")).sum())


def shipped_copy(folder: Path) -> Path:
    """A copy of the shipped geodata at ``folder``, for a test to edit."""
    shutil.copytree(ROOT / "geodata", folder)
    return folder


def edit_json(path: Path, change: Callable[[Any], None]) -> None:
    """Read the JSON file at ``path``, let ``change`` edit it in place, and write it back."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def dirty_folder(tmp_path: Path) -> Path:
    """The shipped data with U+0001 and U+000B in a feature's names and description, and in an event's text."""
    folder = shipped_copy(tmp_path / "geodata")

    def dirty_park(parks: Any) -> None:
        props = parks["features"][0]["properties"]
        props.update(name_en=props["name_en"] + "\x01", name_zh="\x0b" + props["name_zh"],
                     description_en="Line\x0bbreak\x01 text")

    def dirty_event(doc: Any) -> None:
        doc["events"][0]["evidence"] = "Opened\x01 to the public\x0b."
        doc["events"][0]["source_title"] += "\x0b"
        doc["searches"][0]["searched"][0] += "\x01"

    edit_json(folder / "parks.geojson", dirty_park)
    edit_json(folder / "events.json", dirty_event)
    return folder


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped geodata, loaded once."""
    return load_catalog(ROOT / "geodata")


def good_properties(**overrides: Any) -> dict[str, Any]:
    """Properties of a valid innovation point; override any field."""
    props: dict[str, Any] = {
        "id": "test-point",
        "name_zh": "测试点",
        "name_en": "Test point",
        "region": "south",
        "category": "innovation",
        "status": "operating",
        "source_quote": "位于剑川路940号的大零号湾科创大厦。",
        "precision": "exact",
        "confirmation": "single_source",
        "coord_source": "test fixture",
    }
    props.update(overrides)
    return props


def good_feature(geometry: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """A valid feature near SJTU's Minhang campus."""
    return {
        "type": "Feature",
        "properties": good_properties(**overrides),
        "geometry": geometry if geometry is not None else {"type": "Point", "coordinates": [121.4335, 31.0255]},
    }


def collection(*features: Any) -> dict[str, Any]:
    """Wrap features in a FeatureCollection."""
    return {"type": "FeatureCollection", "features": list(features)}


def write_file(path: Path, content: Any) -> Path:
    """Write ``content`` to ``path``: bytes as they are, text as UTF-8, anything else as JSON (NaN allowed)."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False, allow_nan=True), encoding="utf-8")
    return path


@pytest.fixture
def write_layer(tmp_path: Path) -> Callable[..., Path]:
    """Write ``content`` (a dict, or raw text/bytes) as ``tmp_path/name``."""
    return lambda name, content: write_file(tmp_path / name, content)
