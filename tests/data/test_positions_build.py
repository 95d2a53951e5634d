"""The Chinese accounts of the positions: every plan feature's ``coord_source_zh`` is the translation of its
``coord_source`` as it stands, and a changed English text is caught, not shown beside a stale Chinese one."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "geodata" / "scripts" / "build_positions.py"


@pytest.fixture(scope="module")
def build_positions():
    return load_build_positions()


def load_build_positions():
    """geodata/scripts/build_positions.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location("build_positions", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _features(folder: Path) -> dict[str, dict]:
    return {f["properties"]["id"]: f["properties"] for path in sorted(folder.glob("*.geojson"))
            for f in json.loads(path.read_text(encoding="utf-8"))["features"]}


def test_a_changed_english_text_is_named_and_its_stale_chinese_dropped(build_positions, tmp_path: Path) -> None:
    copy = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", copy)
    path = copy / "parks.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["coord_source"] += " (moved)"
    fid = collection["features"][0]["properties"]["id"]
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    problems = [p for p in build_positions.apply_translations(copy) if f": {fid}: " in p]  # this feature's
    assert problems == [f"parks.geojson: {fid}: coord_source changed since it was translated; "
                        "update its entry in coord_source_zh.json"]
    assert "coord_source_zh" not in _features(copy)[fid]
