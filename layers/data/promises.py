"""What the plan promised, and whether it was kept: the promise ledger (``geodata/promises.json``).

One table holds, for each plan feature, its commitment as the plan words it (the verb phrase, verbatim: a
string, or the parts of a phrase the plan splits, each in the feature's ``source_quote`` in order), its class
(start construction, advance, study, prepare, deepen, complete, or none: a description, not a promise), its
horizon (the plan is the 2023 work plan: 2023-12-31 unless it says otherwise) and, through its class, the
rule that judges it. The rules are data too (``rules``), each following the plan's verb: the statuses that
keep a commitment when reported by the horizon; for a verb that asks for work to be pushed forward, the
statuses at the plan's date that, with a later report keeping it, let us infer it was kept across the year
(``inferred_across``); what a report after the horizon that does not keep it means (not kept, or still under
way); and the rule in words, in English and Chinese. ``deepen`` is an ongoing programme with no end to observe.
A station the plan names only through its line carries the line's promise and, where it has no news of its
own, the line's reports (``via``).

A verdict is computed from the progress events as of the date shown, never typed (:func:`verdict`): kept on
time, kept late, under way, no public news, not kept; each links the event that decided it and says what it
rests on (a report, an inference, the line's news, a copy). An event that states a plan never decides one.
Bad input is a named problem (file, feature, field) and the rest loads: a promise whose phrase is not in the
plan's sentence, an unknown class, a rule naming an unknown status, a rule without its words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

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
# What a verdict rests on: a report of the act; an event we infer (its ``inference`` says from what); or an
# inference across the plan's year (the work was under way at the plan's date, and a later report keeps it).
BASES = ("report", "inferred", "across")
RULE_LANGS = ("en", "zh")
# The columns a loaded ledger adds to the catalog's features (layers.data.catalog), and those a dated frame adds.
COLUMNS = ("commitment", "commitment_class", "horizon", "kept_by", "after_horizon", "inferred_across", "via",
           "rule_en", "rule_zh")
# verdict_event and verdict_status: the deciding event's id and status; verdict_basis: BASES; verdict_since: for
# "across", the event that set the state at the plan's date ("plan": the plan's own words); verdict_via: the line
# whose report decided it; verdict_copy: the original publisher where the deciding report is a copy;
# verdict_inference(_zh): an inferred deciding event's own words, what it is inferred from.
VERDICT_COLUMNS = ("verdict", "verdict_date", "verdict_url", "verdict_event", "verdict_status", "verdict_basis",
                   "verdict_since", "verdict_via", "verdict_copy", "verdict_copy_zh", "verdict_inference",
                   "verdict_inference_zh", "promise")


@dataclass(frozen=True)
class Rule:
    """How a class of commitment is judged: the statuses that keep it; those at the plan's date that, with a later
    report keeping it, let us infer it kept across the year; what a report after the horizon that does not keep
    it means; the rule in words (``words``: language -> text). No ``kept_by``: an ongoing programme, under way
    while reports come."""

    kept_by: tuple[str, ...]
    after_horizon: str
    inferred_across: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Verdict:
    """A commitment's verdict as of a date: its value (:data:`VERDICTS`), the event that decided it (None: no
    public news), and what it rests on (:data:`BASES`); for ``across``, ``since`` is the event that set the state
    at the plan's date (None: the plan's own words)."""

    value: str
    event: schema.Row | None = None
    basis: str = "report"
    since: schema.Row | None = None

    def columns(self) -> dict[str, Any]:
        """The verdict as a dated frame's columns (:data:`VERDICT_COLUMNS`)."""
        event = self.event if self.event is not None else {}

        def text(key: str) -> str | None:
            value = event.get(key)
            return value if isinstance(value, str) and value else None  # NaN where a column has gaps

        since = (self.since["id"] if self.since is not None else "plan") if self.basis == "across" else None
        inferred = self.basis == "inferred"
        return {"verdict": self.value, "verdict_date": text("date"), "verdict_url": text("url"),
                "verdict_event": text("id"), "verdict_status": text("status"),
                "verdict_basis": self.basis if self.event is not None else None, "verdict_since": since,
                "verdict_via": text("via"), "verdict_copy": text("copy_of"), "verdict_copy_zh": text("copy_of_zh"),
                "verdict_inference": text("inference") if inferred else None,
                "verdict_inference_zh": text("inference_zh") if inferred else None, "promise": self.value}


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
    for fid, row in out.items():  # a station's line is a feature with a promise of its own
        if row["via"] is not None and row["via"] not in out:
            problems.append(Problem(name, f"'{fid}'", "via", f"{row['via']!r} is no feature with a promise"))
            row["via"] = None
    return out, problems


def _rules(raw: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for key, value in raw.items():
        where = f"rules.{key}"
        if key not in CLASSES or key == "none":
            problems.append(Problem(name, where, None, f"unknown class (known: {', '.join(CLASSES[:-1])})"))
            continue
        rule = value if isinstance(value, dict) else {}
        kept_by, after = rule.get("kept_by"), rule.get("after_horizon")
        across = rule.get("inferred_across", [])
        bad_lists = [(f, v) for f, v in (("kept_by", kept_by), ("inferred_across", across))
                     if not isinstance(v, list) or any(s not in schema.VIEW_STATUSES for s in v)]
        if bad_lists:
            for f, v in bad_lists:
                unknown = [s for s in v if s not in schema.VIEW_STATUSES] if isinstance(v, list) else v
                problems.append(Problem(name, where, f, f"must list known statuses; unknown: {unknown!r}"))
            continue
        if after not in AFTER_HORIZON:
            problems.append(Problem(name, where, "after_horizon", f"must be one of {', '.join(AFTER_HORIZON)}"))
            continue
        missing = [lang for lang in RULE_LANGS if not isinstance(rule.get(lang), str) or not rule[lang].strip()]
        if missing:
            problems.append(Problem(name, where, missing[0], "the rule in words is missing in this language: "
                                                             "readers see it beside every verdict"))
            continue
        rules[key] = Rule(tuple(kept_by or ()), after, tuple(across or ()),
                          tuple((lang, rule[lang]) for lang in RULE_LANGS))
    return rules


def _promise(entry: dict[str, Any], quote: str, rules: dict[str, Rule], bad: Any) -> dict[str, Any] | None:
    """One row of the ledger as columns, or None (and a named problem) where it cannot be judged."""
    kind, phrase = entry.get("class"), entry.get("phrase")
    if kind not in CLASSES:
        bad("class", f"unknown class {kind!r} (known: {', '.join(CLASSES)})")
        return None
    if kind == "none":
        return {"commitment": None, "commitment_class": "none", "horizon": None, "kept_by": (), "after_horizon": None,
                "inferred_across": (), "via": None, "rule_en": None, "rule_zh": None}
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
    via = entry.get("via")
    if via is not None and not isinstance(via, str):
        bad("via", f"must be the id of the feature's line, got {via!r}")
        via = None
    rule = rules[kind]
    words = dict(rule.words)
    return {"commitment": commitment_text(parts), "commitment_class": kind, "horizon": horizon.isoformat(),
            "kept_by": rule.kept_by, "after_horizon": rule.after_horizon, "inferred_across": rule.inferred_across,
            "via": via, "rule_en": words["en"], "rule_zh": words["zh"]}


def verdict(row: schema.Row, reports: pd.DataFrame | list[dict[str, Any]], day: dt.date | None,
            at_plan: str | None = None, history: pd.DataFrame | list[dict[str, Any]] | None = None) -> Verdict | None:
    """The verdict on a feature's commitment as of ``day`` (None: the latest report); None where it made none.

    ``reports``: the events that speak for the feature (its own, or its line's: ``Events.evidence``), oldest first;
    only those that count do (standing, not a plan, a status reported). ``at_plan``: the status at the plan's date
    of what the promise is about (the feature's plan status, or its line's for a station the plan names through
    its line); ``history``: the events behind that state (default: ``reports``), whose latest report of work under
    way before the plan an inference across the year names.

    - not kept: a report of cancellation; or, for a class whose late reports mean it (``after_horizon``), a
      report dated after the horizon that does not keep it;
    - kept on time: a report (or an inferred event) since the plan's year, by the horizon, with a status that keeps
      it; or, where the rule allows it (``inferred_across``), the work under way at the plan's date and a later
      report that keeps it (an inference across the year, said so);
    - kept late: the first report that keeps it is dated after the horizon;
    - under way: reports since the plan, none keeping it yet (or an ongoing programme with reports);
    - no public news: no report since the plan's year.

    Among reports of the same day the page of record decides before a copy, a report before an inference.
    """
    kind = row.get("commitment_class")
    if not isinstance(kind, str) or kind == "none":
        return None
    horizon = dt.date.fromisoformat(row["horizon"])
    rows = [r for r in records(reports) if _counts(r) and (day is None or r["start"] <= day)]
    rows.sort(key=_best_first)
    since = [r for r in rows if r["start"] >= PLAN_DATE]
    if cancelled := next((r for r in since if r["status"] == "cancelled"), None):
        return Verdict("not_kept", cancelled, _basis(cancelled))
    kept_by: tuple[str, ...] = tuple(row.get("kept_by") or ())
    if not kept_by:  # an ongoing programme: every report since the plan says it goes on, whatever status it gives
        news = [r for r in records(reports) if _standing(r) and r["start"] >= PLAN_DATE
                and (day is None or r["start"] <= day)]
        return Verdict("under_way", max(news, key=_latest_best), _basis(max(news, key=_latest_best))) if news \
            else Verdict("no_news")
    # In time, any report that keeps it will do: the best source decides (a report before an inference, the page
    # of record before a copy, then the earliest). Late, the first report does: its date is the verdict's.
    in_time = [r for r in since if r["status"] in kept_by and r["start"] <= horizon]
    if in_time:
        best = min(in_time, key=lambda r: (r.get("kind") == "inferred", isinstance(r.get("copy_of"), str), r["start"]))
        return Verdict("kept_on_time", best, _basis(best))
    keeping = next((r for r in since if r["status"] in kept_by), None)
    across = tuple(row.get("inferred_across") or ())
    if keeping is not None and at_plan in across:
        behind = reports if history is None else history
        before = [r for r in records(behind) if _counts(r) and r.get("kind") == "report"
                  and r["start"] < PLAN_DATE and r["status"] in across]
        return Verdict("kept_on_time", keeping, "across", max(before, key=_best_first) if before else None)
    if keeping is not None:
        return Verdict("kept_late", keeping, _basis(keeping))
    late = [r for r in since if r["start"] > horizon]
    if late and kept_by and row.get("after_horizon") == "not_kept":
        return Verdict("not_kept", late[-1], _basis(late[-1]))
    if not since:
        return Verdict("no_news")
    latest = max(since, key=_latest_best)
    return Verdict("under_way", latest, _basis(latest))


def records(frame: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as records: given so by a caller that judges one feature on many dates (made once), else made here."""
    return frame if isinstance(frame, list) else cast(list[dict[str, Any]], frame.to_dict("records"))


def _standing(event: dict[str, Any]) -> bool:
    # A report or an inference that was not retracted (a plan's statement is no report of anything done).
    return not isinstance(event.get("retracted"), str) and event.get("kind") != "plan"


def _counts(event: dict[str, Any]) -> bool:
    # As layers.data.events.counts: standing, and a status reported.
    return _standing(event) and event["status"] != "unknown"


def _latest_best(event: dict[str, Any]) -> tuple[Any, ...]:
    # The newest report, and on its day the page of record before a copy, a report before an inference.
    return event["start"], event.get("kind") != "inferred", not isinstance(event.get("copy_of"), str)


def _best_first(event: dict[str, Any]) -> tuple[Any, ...]:
    # By day; on one day a report before an inference, and the page of record before a copy of it.
    return event["start"], event.get("kind") == "inferred", isinstance(event.get("copy_of"), str)


def _basis(event: dict[str, Any]) -> str:
    return "inferred" if event.get("kind") == "inferred" else "report"
