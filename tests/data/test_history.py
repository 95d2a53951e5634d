"""No event is lost: the events against every committed version, and `layers validate` on a curator's repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layers.data.history import NoHistoryError, committed_text, events_of, lost_events, revisions
from tests.conftest import ROOT, edit_json, shipped_copy

SHIPPED = ROOT / "geodata" / "events.json"
GIT = shutil.which("git")


def event(**fields: object) -> dict[str, object]:
    base = {"id": "qianwan-park/2024-02", "feature_id": "qianwan-park", "date": "2024-02",
            "status": "under_construction", "kind": "report", "url": "https://example.org/a"}
    return {**base, **fields}


def problems(before: list[dict], now: list[dict]) -> list[tuple[str | None, str]]:
    return [(p.field, p.message) for p in lost_events(before, now, "geodata/events.json", "HEAD")]


def test_an_event_gone_or_changed_without_a_retraction_is_named():
    assert problems([event()], [event()]) == []
    assert problems([event()], [event(evidence="Reworded.", quote_en="Glossed.")]) == []  # our words may change
    assert problems([event()], [event(retracted="2026-12-06", retracted_why="Wrong.")]) == []
    [(field, message)] = problems([event()], [])
    assert field == "id" and "qianwan-park/2024-02" in message and "never deleted" in message
    for key, value in (("date", "2024-03"), ("status", "completed"), ("kind", "plan"), ("url", "https://b.org/")):
        [(field, message)] = problems([event()], [event(**{key: value})])
        assert field == key and "qianwan-park/2024-02" in message and "retract it" in message
    [(field, _)] = problems([event(retracted="2026-12-01", retracted_why="Wrong.")], [event()])
    assert field == "retracted"


def test_a_version_from_before_ids_is_matched_by_what_it_claimed():
    old = {k: v for k, v in event().items() if k not in ("id", "kind")}
    assert problems([old], [event()]) == []
    [(field, message)] = problems([old], [event(url="https://b.org/")])
    assert field is None and "2024-02, under_construction, https://example.org/a" in message


@pytest.mark.skipif(GIT is None or not (ROOT / ".git").exists(), reason="needs the project's git history")
def test_no_committed_event_was_ever_lost():
    """The shipped events against every committed version since events had ids, and the last one before that (the
    versions before it were rebuilt by hand: docs/research/2026-12-06-issue34-lost-events.md accounts for them)."""
    now = events_of(SHIPPED.read_text(encoding="utf-8"))
    checked = 0
    for rev in revisions(SHIPPED):
        before = events_of(committed_text(SHIPPED, rev))
        assert problems(before, now) == [], rev
        checked += 1
        if not any("id" in e for e in before):
            break
    assert checked >= 1


def test_the_three_events_lost_in_the_rebuild_are_back():
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    live = [e for e in doc["events"] if not e.get("retracted")]

    def found(fid: str, date: str, words: str) -> bool:
        return any(e["feature_id"] == fid and e["date"].startswith(date) and words in e["quote"] for e in live)

    assert found("huangpu-riverside-minhang", "2023-04", "闵行滨江公园")  # Minhang Binjiang Park opened
    assert found("s4-city-entrance-elevation", "2024", "全线贯通")  # the new main viaduct connected
    assert found("china-europe-express-minhang", "2023-04-22", "100")  # the 100th China-Europe train


def run_validate(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "layers", "validate", str(folder), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, check=False)


def git(repo: Path, *args: str) -> None:
    subprocess.run([GIT or "git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.mark.skipif(GIT is None, reason="git is part of a curator's set-up; the CI image has it")
def test_validate_names_an_event_deleted_or_changed_in_a_curators_repository(tmp_path):
    """A scratch repository holding a copy of the data: deleting an event makes `layers validate` fail, naming it;
    changing its date likewise; retracting it instead passes."""
    repo = tmp_path / "repo"
    folder = shipped_copy(repo / "geodata")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the shipped data")
    assert run_validate(folder).returncode == 0
    victim = json.loads((folder / "events.json").read_text(encoding="utf-8"))["events"][5]

    edit_json(folder / "events.json", lambda doc: doc["events"].pop(5))
    result = run_validate(folder)
    assert result.returncode == 1 and f"event {victim['id']}" in result.stderr and "never deleted" in result.stderr

    git(repo, "checkout", "-q", "--", ".")
    edit_json(folder / "events.json", lambda doc: doc["events"][5].update(date="2019"))
    result = run_validate(folder)
    assert result.returncode == 1 and f"event {victim['id']} changed its date" in result.stderr

    git(repo, "checkout", "-q", "--", ".")
    edit_json(folder / "events.json", lambda doc: doc["events"][5].update(
        retracted="2026-11-30", retracted_why="A test retraction.", retracted_why_zh="测试撤回。"))
    assert run_validate(folder).returncode == 0
    # Compared with a revision named on purpose that does not exist: said, exit 2.
    result = run_validate(folder, "--against", "no-such-revision")
    assert result.returncode == 2 and "cannot compare with no-such-revision" in result.stderr


def test_a_folder_outside_any_repository_is_validated_and_says_it_was_not_compared(tmp_path):
    folder = shipped_copy(tmp_path / "geodata")
    result = run_validate(folder)
    assert result.returncode == 0 and "not compared with a committed version" in result.stdout
    with pytest.raises(NoHistoryError):
        committed_text(folder / "events.json")
