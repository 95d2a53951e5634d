"""What the plan promised, and whether it was kept: the promise ledger (``geodata/promises.json``).

One table holds, for each plan feature, its commitment as the plan words it (the verb phrase, verbatim: a
string, or the parts of a phrase the plan splits, each in the feature's ``source_quote`` in order), its class
(start construction, advance, study, prepare, deepen, complete, or none: a description, not a promise), its
horizon (the plan is the 2023 work plan: 2023-12-31 unless it says otherwise) and, through its class, the
rule that judges it. The rules are data too (``rules``): the statuses that keep a commitment, and what a
report after the horizon that does not keep it means (not kept, or still under way); ``deepen`` is an ongoing
programme with no end to observe.

A verdict is computed from the progress events as of the date shown, never typed (:func:`verdict`): kept on
time, kept late, under way, no public news, not kept; each links the event that decided it. Bad input is a
named problem (file, feature, field) and the rest loads: a promise whose phrase is not in the plan's
sentence, an unknown class, a rule naming an unknown status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from layers.data import schema
from layers.data.io import GeoJSONReadError, read_json
from layers.data.validate import Problem

FILE_NAME = "promises.json"
PLAN_DATE = dt.date(2023, 1, 1)  # reports from this day on speak of the plan's year (layers.data.asof.PLAN_DATE)
CLASSES = ("start_construction", "complete", "advance", "study", "prepare", "deepen", "none")
VERDICTS = ("kept_on_time", "kept_late", "under_way", "no_news", "not_kept")
AFTER_HORIZON = ("not_kept", "under_way")
NO_PROMISE = "none"  # a feature the plan describes without committing to anything (or an analysis region)
# The promise filter's values (``promise=`` in a link): the verdicts, then the features with no promise.
PROMISE_VALUES = (*VERDICTS, NO_PROMISE)
# The columns a loaded ledger adds to the catalog's features (layers.data.catalog), and those a dated frame adds.
COLUMNS = ("commitment", "commitment_class", "horizon", "kept_by", "after_horizon")
VERDICT_COLUMNS = ("verdict", "verdict_date", "verdict_url", "promise")


@dataclass(frozen=True)
class Rule:
    """How a class of commitment is judged: the statuses that keep it, and what a report after the horizon that
    does not keep it means. No ``kept_by``: an ongoing programme, under way while reports come."""

    kept_by: tuple[str, ...]
    after_horizon: str


def commitment_text(phrase: str | list[str] | None) -> str | None:
    """The commitment as one text: the phrase, or its parts joined by an ellipsis (加快推进…载体建设)."""
    if phrase is None:
        return None
    return phrase if isinstance(phrase, str) else "…".join(phrase)


def load_promises(directory: Path, quotes: dict[str, str]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The ledger of ``directory`` as per-feature columns (:data:`COLUMNS`), and every problem, each named.

    ``quotes``: each known feature's plan sentence (``source_quote``), which its phrase must come from. A folder
    without a ledger has no promises (a curator's draft folder, say): no columns, no problem.
    """
    path = directory / FILE_NAME
    name = f"{directory.name}/{FILE_NAME}"
    if not path.exists():
        return {}, []
    try:
        doc = read_json(path).data
    except GeoJSONReadError as exc:
        return {}, [Problem(name, None, None, str(exc))]
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), dict) or not isinstance(doc.get("promises"), list):
        return {}, [Problem(name, None, None, 'expected {"rules": {...}, "promises": [...]}')]
    problems: list[Problem] = []
    rules = _rules(doc["rules"], name, problems)
    out: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(doc["promises"]):
        fid = entry.get("feature_id") if isinstance(entry, dict) else None
        where = f"'{fid}'" if isinstance(fid, str) else f"promises[{index}]"

        def bad(field: str | None, message: str, where: str = where) -> None:
            problems.append(Problem(name, where, field, message))

        if not isinstance(entry, dict) or not isinstance(fid, str):
            bad("feature_id", "missing, or the entry is not an object")
            continue
        if fid not in quotes:
            bad("feature_id", "no plan feature has this id")
            continue
        if fid in out:
            bad("feature_id", "a second promise for this feature")
            continue
        row = _promise(entry, quotes[fid], rules, bad)
        if row is not None:
            out[fid] = row
    return out, problems


def _rules(raw: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for key, value in raw.items():
        where = f"rules.{key}"
        if key not in CLASSES or key == "none":
            problems.append(Problem(name, where, None, f"unknown class (known: {', '.join(CLASSES[:-1])})"))
            continue
        kept_by = value.get("kept_by") if isinstance(value, dict) else None
        after = value.get("after_horizon") if isinstance(value, dict) else None
        if not isinstance(kept_by, list) or any(s not in schema.VIEW_STATUSES for s in kept_by):
            unknown = [s for s in kept_by or [] if s not in schema.VIEW_STATUSES] if isinstance(kept_by, list) else []
            problems.append(Problem(name, where, "kept_by",
                                    f"must list known statuses; unknown: {unknown or kept_by!r}"))
            continue
        if after not in AFTER_HORIZON:
            problems.append(Problem(name, where, "after_horizon", f"must be one of {', '.join(AFTER_HORIZON)}"))
            continue
        rules[key] = Rule(tuple(kept_by), after)
    return rules


def _promise(entry: dict[str, Any], quote: str, rules: dict[str, Rule], bad: Any) -> dict[str, Any] | None:
    """One row of the ledger as columns, or None (and a named problem) where it cannot be judged."""
    kind, phrase = entry.get("class"), entry.get("phrase")
    if kind not in CLASSES:
        bad("class", f"unknown class {kind!r} (known: {', '.join(CLASSES)})")
        return None
    if kind == "none":
        return {"commitment": None, "commitment_class": "none", "horizon": None, "kept_by": (), "after_horizon": None}
    parts = [phrase] if isinstance(phrase, str) else phrase
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) and p for p in parts):
        bad("phrase", "must be the plan's words: a text, or a list of its parts")
        return None
    at = 0
    compact = "".join(quote.split())
    for part in parts:  # each part in the plan's sentence, in order
        found = compact.find("".join(part.split()), at)
        if found < 0:
            bad("phrase", f"{part!r} is not in the plan's sentence (after what comes before it)")
            return None
        at = found + len(part)
    if kind not in rules:
        bad("class", f"no rule judges the class {kind!r} (rules: {', '.join(rules) or 'none valid'})")
        return None
    try:
        horizon = dt.date.fromisoformat(str(entry.get("horizon", "2023-12-31")))
    except ValueError:
        bad("horizon", f"not a date YYYY-MM-DD: {entry.get('horizon')!r}")
        return None
    rule = rules[kind]
    return {"commitment": commitment_text(parts), "commitment_class": kind, "horizon": horizon.isoformat(),
            "kept_by": rule.kept_by, "after_horizon": rule.after_horizon}


def verdict(row: schema.Row, reports: pd.DataFrame, day: dt.date | None) -> tuple[str | None, schema.Row | None]:
    """The verdict on a feature's commitment as of ``day`` (None: the latest report), and the event that decided
    it (None where no event did: no public news). ``reports``: the feature's events, oldest first.

    - not kept: a report of cancellation; or, for a class whose late reports mean it (``after_horizon``), a
      report dated after the horizon that does not keep it;
    - kept on time / kept late: the first report since the plan's year with a status that keeps it is dated by
      the horizon / after it;
    - under way: reports since the plan, none keeping it yet (or an ongoing programme with reports);
    - no public news: no report since the plan's year.
    """
    kind = row.get("commitment_class")
    if not isinstance(kind, str) or kind == "none":
        return None, None
    horizon = dt.date.fromisoformat(row["horizon"])
    rows = [r for r in reports.to_dict("records") if r["status"] != "unknown" and (day is None or r["start"] <= day)]
    since = [r for r in rows if r["start"] >= PLAN_DATE]
    if cancelled := next((r for r in since if r["status"] == "cancelled"), None):
        return "not_kept", cancelled
    kept_by = tuple(row.get("kept_by") or ())
    keeping = next((r for r in since if r["status"] in kept_by), None)
    if keeping is not None:
        return ("kept_on_time" if keeping["start"] <= horizon else "kept_late"), keeping
    late = [r for r in since if r["start"] > horizon]
    if late and kept_by and row.get("after_horizon") == "not_kept":
        return "not_kept", late[-1]
    return ("under_way", since[-1]) if since else ("no_news", None)
