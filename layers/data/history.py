"""No event is lost: the progress events compared with a committed version of their file.

An event is never deleted, and what it claims (its date, status, kind and source) never changes in place: an event
found wrong is retracted (``retracted``, ``retracted_why``, and ``replaced_by`` the event that corrects it), and
stays. :func:`lost_events` names every event of an earlier version that is gone or changed without a retraction;
``python3 -m layers validate`` runs it against the last committed version (``git``'s ``HEAD``, or ``--against
REV``), and a test holds the file to every committed version since events had ids.

Versions from before events had ids are matched by what they claimed (feature, date, status, source).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from layers.data.validate import Problem

# What an event claims: changed, it is another event (retract the old one, file the new one under a new id).
CLAIM = ("date", "status", "kind", "url")
# How an event without an id (an early version's) is recognised in a later one.
LEGACY_KEY = ("feature_id", "date", "status", "url")


class NoHistoryError(Exception):
    """There is no committed version to compare with: not in a git repository, no git, or no such revision."""


def _git(args: list[str], cwd: Path) -> str:
    git = shutil.which("git")
    if git is None:
        raise NoHistoryError("git is not installed")
    done = subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        raise NoHistoryError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {args[0]} failed")
    return done.stdout


def committed_text(path: Path, rev: str = "HEAD") -> str:
    """The text of ``path`` as committed at ``rev`` in the git repository that holds it (else
    :class:`NoHistoryError`)."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise NoHistoryError(f"{folder} is not a folder")
    top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    return _git(["show", f"{rev}:{relative}"], top)


def revisions(path: Path) -> list[str]:
    """The commits that changed ``path``, newest first (as far as the clone's history goes)."""
    folder = path.resolve().parent
    return _git(["log", "--format=%H", "--", path.name], folder).split()


def events_of(text: str) -> list[dict[str, Any]]:
    """The event entries of a sidecar's text (no validation: what the file claimed, entry by entry)."""
    doc = json.loads(text)
    entries = doc.get("events") if isinstance(doc, dict) else doc  # the first version was a bare list
    return [e for e in entries or [] if isinstance(e, dict)]


def lost_events(before: Iterable[Mapping[str, Any]], now: Iterable[Mapping[str, Any]], name: str, rev: str
                ) -> list[Problem]:
    """Every event of ``before`` (a committed version, ``rev``) that is gone from ``now`` or changed its claim
    without a retraction, as a problem naming the file (``name``), the feature, the field and the event."""
    current = [e for e in now if isinstance(e, Mapping)]
    by_id = {e["id"]: e for e in current if isinstance(e.get("id"), str)}
    claims = {tuple(e.get(k) for k in LEGACY_KEY) for e in current}
    problems = []
    for old in before:
        fid = old.get("feature_id")
        label = f"'{fid}'" if isinstance(fid, str) else None
        what = f"{old.get('date')}, {old.get('status')}, {old.get('url')}"
        event_id = old.get("id")
        if not isinstance(event_id, str):  # a version from before ids: known by what it claimed
            if tuple(old.get(k) for k in LEGACY_KEY) not in claims:
                problems.append(Problem(name, label, None, f"an event of {rev} ({what}) is gone: an event is "
                                                           "never deleted; keep it and retract it (retracted, "
                                                           "retracted_why)"))
            continue
        new = by_id.get(event_id)
        if new is None:
            problems.append(Problem(name, label, "id", f"event {event_id} ({what}) of {rev} is gone: an event is never "
                                                       "deleted; keep it and retract it (retracted, retracted_why)"))
            continue
        for key in CLAIM:
            if old.get(key) is not None and new.get(key) != old.get(key):
                problems.append(Problem(name, label, key, f"event {event_id} changed its {key} from "
                                                          f"{old.get(key)!r} to {new.get(key)!r} since {rev}: retract "
                                                          "it and file the corrected event under a new id "
                                                          "(replaced_by)"))
        if old.get("retracted") and not new.get("retracted"):
            problems.append(Problem(name, label, "retracted", f"event {event_id} was retracted in {rev}; a retraction "
                                                              "stays"))
    return problems


def check_committed(path: Path, name: str, rev: str = "HEAD") -> list[Problem]:
    """:func:`lost_events` of the sidecar at ``path`` against its version at ``rev`` (:class:`NoHistoryError` where
    there is none to compare with). A file that does not read as JSON now is left to the loader to name."""
    try:
        before = events_of(committed_text(path, rev))
    except (ValueError, AttributeError) as exc:
        raise NoHistoryError(f"the version at {rev} does not read as events ({exc})") from exc
    try:
        now = events_of(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, AttributeError):
        return []
    return lost_events(before, now, name, rev)
