"""Every case of the bad-geodata corpus: the library, the CLI and the dashboard each name the problem
(file, feature, field), keep the good layer beside it, and never crash."""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from layers.data.catalog import load_catalog
from support.apptest import dashboard_test
from support.mapargs import drawn_text
from tests.conftest import ROOT
from tests.corpus import CASES, GOOD_ID, build

assert len(CASES) >= 25


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, tuple[Path, list]]:
    root = tmp_path_factory.mktemp("corpus")
    return {name: (root / name, build(name, root / name)) for name in CASES}


def matches(problem, file: str, feature: str | None, field: str | None, words: str) -> bool:
    return (problem.file.endswith(file) and problem.feature == feature and problem.field == field
            and words in problem.message)


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_names_the_problem_and_keeps_the_good_layer(corpus, name):
    folder, expected = corpus[name]
    catalog = load_catalog(folder)
    assert GOOD_ID in catalog.features.index
    for file, feature, field, words in expected:
        found = [str(p) for p in catalog.problems]
        assert any(matches(p, file, feature, field, words) for p in catalog.problems), found


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_names_the_problem_and_fails(corpus, name):
    folder, expected = corpus[name]
    result = subprocess.run([sys.executable, "-m", "layers", "validate", str(folder)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 1
    for file, feature, field, words in expected:
        line = next((ln for ln in result.stderr.splitlines() if file in ln and words in ln), None)
        assert line is not None, result.stderr
        if feature:
            assert f"feature {feature}" in line
        if field:
            assert f"field '{field}'" in line


@pytest.mark.parametrize("name", sorted(CASES))
def test_dashboard_shows_the_good_layer_and_an_error_panel(corpus, name, monkeypatch):
    folder, expected = corpus[name]
    monkeypatch.setenv("MINHANG_GEODATA", str(folder))
    at = dashboard_test().run()
    assert not at.exception, [e.value for e in at.exception]
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert f'"{GOOD_ID}"' in drawn_text(args)
    assert at.expander and "could not be read" in at.expander[0].label
    panel = "\n".join(m.value for m in at.expander[0].markdown)
    for file, _feature, _field, _words in expected:
        assert escape(file) in panel  # shown literally: HTML-escaped
