"""Dated progress events since the 2023 plan: loaded from ``geodata/events.json``, validated, and queried.

The sidecar holds ``{"events": [...], "searches": [...]}``: each event says what happened to one plan
feature on a date and what its status was afterwards, with the source that reports it; each search
records that nothing was found for a feature, and what was searched. Every problem is a
:class:`~layers.data.validate.Problem` naming file, feature and field; valid entries beside a bad one load.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import pandas as pd

from layers.data import asof, promises, schema
from layers.data.catalog import geodata_dir
from layers.data.io import GeoJSONReadError, read_json
from layers.data.validate import Problem, clean_document

FILE_NAME = "events.json"
# In the order a project moves through them; "cancelled" and "unknown" close the list because neither is a
# step forward, and an "unknown" event records a report without changing the status (see status_as_of).
EVENT_STATUSES = schema.VIEW_STATUSES
OPEN_STATUSES = ("partly_open", "operating", "completed")
DATE_PRECISIONS = ("day", "month", "year")
# What an event's source does (``kind``): it reports the act or the state as a fact; it states an intention, a
# schedule or a task (a plan: it never moves a status and never keeps a promise); or it lets us infer the status
# (from a schedule, the line's state, a later state: ``inference`` says from what, and a verdict it decides says so).
EVENT_KINDS = ("report", "plan", "inferred")
REPORT, PLAN, INFERRED = EVENT_KINDS


@dataclass(frozen=True)
class EventField:
    """One field of an event in ``events.json``: how it is checked, whether exports carry it, how details show it.

    ``check`` is one of ``event_id`` (``<feature_id>/<date it was first filed under>``, ``.2`` etc. where two
    share a day; never changed once committed), ``feature_id``, ``date`` (with ``date_precision`` and
    ``accessed``, checked together), ``date_precision``, ``accessed``, ``status``, ``kind``
    (:data:`EVENT_KINDS`), ``text`` (one line), ``passage`` (text that may keep its line breaks: a quote),
    ``lang`` (a two-letter language code), ``url`` (an absolute http(s) address with no space or markup
    character), ``day`` (YYYY-MM-DD, not in the future) and ``event_ref`` (another event's id).
    ``detail``: the i18n key of its label where the details panel lists it beside the event's account (the date,
    status, account and source are the account itself).
    """

    name: str
    check: str = "text"
    required: bool = True
    export: bool = True
    detail: str | None = None


# The one table of event fields: validation, the event table's columns, the exports and the details come
# from it. Written in this order, one event per line, so that diffs stay small.
EVENT_FIELDS = (
    EventField("id", "event_id"),  # stable: exports, the feed and citations point at an event by it
    EventField("feature_id", "feature_id"),
    EventField("date", "date"),
    EventField("date_precision", "date_precision"),
    EventField("status", "status"),
    EventField("kind", "kind"),  # report, plan or inferred (EVENT_KINDS)
    # What an inferred event is inferred from, in one sentence a reader can check (English, Chinese).
    EventField("inference", required=False),
    EventField("inference_zh", required=False),
    EventField("evidence"),  # what happened, in English
    EventField("evidence_zh", required=False),  # ... and in Chinese, where the source gives it
    EventField("source_title"),
    EventField("publisher"),
    EventField("publisher_zh", required=False),  # its name for the Chinese page, where it differs
    EventField("url", "url"),
    EventField("source_date", required=False, export=False),  # the source's own date, where it differs
    EventField("accessed", "accessed"),  # the day the source was read
    # What the source says, verbatim in its language: the sentence(s) behind the event's date and status; an
    # English gloss where the source is not in English (required then).
    EventField("quote", "passage"),
    EventField("quote_lang", "lang"),
    EventField("quote_en", "passage", required=False),
    EventField("quote_zh", "passage", required=False),  # our Chinese translation, where the source is not Chinese
    # A source that is a copy: whose it is (the publisher of record), its own address where known, and why the
    # copy is cited (the original is not to be found). At most three events rest on a copy alone (a test).
    EventField("copy_of", required=False),
    EventField("copy_of_zh", required=False),
    EventField("copy_of_url", "url", required=False),
    EventField("copy_why", required=False),
    EventField("also_url", "url", required=False),  # a second page backing the same event
    EventField("also_publisher", required=False),
    EventField("also_publisher_zh", required=False),
    EventField("also_quote", "passage", required=False),
    # Where sources disagree: both kept side by side, and which the map uses and why.
    EventField("conflict", required=False),
    EventField("conflict_zh", required=False),
    EventField("note", required=False, export=False),  # how the date or status was read from the source
    # An event is never deleted: one found wrong is retracted (the day, why, and the event that corrects it, if
    # any) and stays in the file, in the exports and in the details' history; it no longer counts for anything.
    # `python3 -m layers validate` names an event gone, or changed in its date, status, kind or source.
    EventField("retracted", "day", required=False),
    EventField("retracted_why", required=False),
    EventField("retracted_why_zh", required=False),
    EventField("replaced_by", "event_ref", required=False),
)
EVENT_KEYS = tuple(f.name for f in EVENT_FIELDS)
EXPORT_COLUMNS = tuple(f.name for f in EVENT_FIELDS if f.export)
# The event table: every field, and ``start``, the first day the event's date covers (for ordering).
COLUMNS = (*EVENT_KEYS, "start")
SEARCH_KEYS = ("feature_id", "none_found", "searched", "note", "search_date")
TOP_KEYS = ("events", "searches")

_DATE_FORMS = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
               "year": re.compile(r"^\d{4}$")}
_EVENT_ID_RE = re.compile(r"^(?P<feature>[a-z0-9]+(?:-[a-z0-9]+)*)/\d{4}(?:-\d{2}){0,2}(?:\.[1-9]\d*)?$")
# Characters no address in the data may hold: they would close a link or an attribute wherever it is shown.
_URL_UNSAFE = set("<>\"'`{}|\\^")
_ID_RE = re.compile(schema.ID_PATTERN)
_LANG_RE = re.compile(r"^[a-z]{2}$")


@dataclass
class Events:
    """What the sidecar holds: valid events (one row each, retracted ones too), "none found" searches, and every
    problem."""

    table: pd.DataFrame
    searches: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # a search's optional note, e.g. "see jiamin-line"
    # Per feature: starts and statuses in date order, "unknown" left out, so a status lookup is a bisect
    # rather than a DataFrame filter (the map asks for every feature on every rerun). Only events that count
    # (:func:`counts`) from the plan's date on: the plan states each status on its date, and an earlier event is
    # the history behind it.
    # With each, the event's row label: what cites the event that set a status finds it without a filter.
    _timeline: dict[str, tuple[list[date], list[str], list[Any]]] = field(init=False, repr=False, compare=False)
    _rows: dict[Any, pd.Series] = field(init=False, repr=False, compare=False, default_factory=dict)
    _live: pd.DataFrame = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._live = self.table[self.table["retracted"].isna()] if len(self.table) else self.table
        self._timeline = {}
        for fid, start, status, label in _in_date_order(self._live[self._live["kind"] != PLAN]):
            if status == "unknown" or start < asof.PLAN_DATE:
                continue
            starts, statuses, labels = self._timeline.setdefault(fid, ([], [], []))
            starts.append(start)
            statuses.append(status)
            labels.append(label)

    @property
    def live(self) -> pd.DataFrame:
        """Every event not retracted, oldest first per feature."""
        return self._live

    def of(self, feature_id: str) -> pd.DataFrame:
        """The events of one feature that stand (not retracted), oldest first."""
        return self._live[self._live["feature_id"] == feature_id]

    def retracted_of(self, feature_id: str) -> pd.DataFrame:
        """The events of one feature that were retracted, oldest first: the history of our corrections."""
        table = self.table
        return table[(table["feature_id"] == feature_id) & table["retracted"].notna()] if len(table) else table

    def setter(self, feature_id: str, day: date | None) -> pd.Series | None:
        """The event that set a feature's status as of ``day`` (None: the latest): the newest since the plan's
        date that counts (:func:`counts`), up to ``day``; None where the plan's status still stands. A lookup in
        what the events were sorted into at load, not a filter of the table (the citation asks for every
        feature shown, on every rerun)."""
        starts, _, labels = self._timeline.get(feature_id, ((), (), ()))
        at = len(starts) if day is None else bisect.bisect_right(starts, day)
        if not at:
            return None
        label = labels[at - 1]
        if label not in self._rows:  # a row made once (a Series costs ~50 µs)
            self._rows[label] = self.table.loc[label]
        return self._rows[label]

    def evidence(self, feature_id: str, via: str | None = None) -> pd.DataFrame:
        """What speaks for a feature: its own standing events, and where ``via`` names its line (a station the
        plan names through its line) and the feature has no report of its own since the plan, the line's
        events since the plan, each marked with the line's id in the ``via`` column (None on its own)."""
        own = self.of(feature_id).assign(via=None)
        if not via or (counts(own) & (own["start"] >= asof.PLAN_DATE)).any():
            return own
        line = self.of(via)
        line = line[line["start"] >= asof.PLAN_DATE].assign(via=via)
        return pd.concat([own, line]).sort_values("start", kind="stable") if len(line) else own


def latest_report(events: Events) -> str | None:
    """The day of the newest event that counts (a report or an inference of a status, standing), as written."""
    live = events.live
    days = live.loc[counts(live), "start"] if len(live) else []
    return max(days).isoformat() if len(days) else None


def counts(rows: pd.DataFrame) -> pd.Series:
    """Which of ``rows`` (events) count for a status or a verdict: standing, not a plan, a status reported."""
    if not len(rows):
        return pd.Series([], dtype=bool, index=rows.index)
    return rows["retracted"].isna() & (rows["kind"] != PLAN) & (rows["status"] != "unknown")


def empty_table() -> pd.DataFrame:
    """An event table with every column and no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def events_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The sidecar to read: ``path`` (a file, or a geodata folder), else ``$MINHANG_GEODATA``, else ours."""
    resolved = geodata_dir(path)
    return resolved / FILE_NAME if resolved.is_dir() or path is None else resolved


def _relative(path: Path) -> str:
    # As the catalog names its files: from the geodata folder's parent, e.g. "geodata/events.json".
    return str(Path(path.parent.name) / path.name) if path.parent.name else str(path)


def load_events(path: str | os.PathLike[str] | None = None, known_ids: Iterable[str] | None = None,
                today: date | None = None, last_good: Events | None = None) -> Events:
    """Load and validate the events sidecar; never raises.

    ``known_ids`` (the catalog's feature ids) makes an event of an unknown feature a problem; ``today``
    (default: the system date) bounds every date. A missing file means no events and no problem.
    ``last_good`` (a previous load without problems) is what shows while a curator's edit has problems:
    their problems are named, and nothing a reader saw is lost.
    """
    file_path = events_path(path)
    name = _relative(file_path)
    try:
        if not file_path.exists() and not file_path.is_symlink():
            return Events(empty_table())
        events = _load(file_path, name, None if known_ids is None else set(known_ids), today or date.today())
    # The checks below return a sentence for every input we could think of; one we did not must still not
    # stop the map, which shows the plan without events.
    except Exception as exc:
        events = Events(empty_table(), problems=[Problem(name, None, None, f"could not be checked "
                                                         f"({type(exc).__name__}: {exc}); please report this file")])
    if events.problems and last_good is not None and not last_good.problems:
        notice = Problem(name, None, None, "the map shows this file's last good version until the problems named "
                                           "here are fixed")
        return Events(last_good.table, last_good.searches, [*events.problems, notice], last_good.notes)
    return events


def _load(file_path: Path, name: str, known: set[str] | None, today: date) -> Events:
    problems: list[Problem] = []
    try:
        document = read_json(file_path)
    except GeoJSONReadError as exc:
        return Events(empty_table(), problems=[Problem(name, None, None, str(exc))])
    if document.bom:
        problems.append(Problem(name, None, None, "starts with a UTF-8 byte-order mark (BOM); its events were read, "
                                                  "but save it as UTF-8 without BOM"))
    doc, cleaned = clean_document(document.data, name)  # control characters out, each named (layers.data.text)
    problems.extend(cleaned)
    if not isinstance(doc, dict):
        problems.append(Problem(name, None, "events", 'top level must be an object {"events": [...], '
                                                      f'"searches": [...]}}, got {_kind(doc)}'))
        return Events(empty_table(), problems=problems)
    problems.extend(Problem(name, None, str(key), f"unknown key (known: {', '.join(TOP_KEYS)})")
                    for key in doc if key not in TOP_KEYS)
    entries = _list_of(doc, "events", name, problems, required=True)
    found = _list_of(doc, "searches", name, problems, required=False)

    records: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    ids: set[str] = set()
    for index, entry in enumerate(entries):
        record, bad = _checked(_event_record, entry, index, name, known=known, today=today)
        problems.extend(bad)
        if record is None:
            continue
        label = f"'{record['feature_id']}'"
        if record["id"] in ids:
            problems.append(Problem(name, label, "id", f"events[{index}]: the id {record['id']!r} is already used; "
                                                       "give this event its own (e.g. with .2 at the end)"))
            continue
        key = tuple(record[k] for k in ("feature_id", "date", "status", "kind", "evidence", "url"))
        if key in seen:
            problems.append(Problem(name, label, None, f"events[{index}]: duplicate event"))
            continue
        seen.add(key)
        ids.add(record["id"])
        records.append(record)
    for record in records:  # a retraction names the event that corrects it: one that exists
        target = record.get("replaced_by")
        if target and target not in ids:
            problems.append(Problem(name, f"'{record['feature_id']}'", "replaced_by",
                                    f"event {record['id']}: no event has the id {target!r}"))

    # A dated search may stand beside events: it says the feature was searched again, and nothing newer was found.
    searches: dict[str, tuple[tuple[str, ...], str]] = {}
    notes: dict[str, str] = {}
    for index, entry in enumerate(found):
        record, bad = _checked(_search_record, entry, index, name, known=known, today=today)
        problems.extend(bad)
        if record is None:
            continue
        fid, label = record["feature_id"], f"'{record['feature_id']}'"
        if fid in searches:
            problems.append(Problem(name, label, "feature_id", f"searches[{index}]: a second search entry for "
                                                               "this feature; merge the queries into one"))
            continue
        searches[fid] = (record["searched"], record["search_date"])
        if record.get("note"):
            notes[fid] = record["note"]

    if not records:
        return Events(empty_table(), searches, problems, notes)
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype(object)
    table = table.sort_values(["feature_id", "start"], kind="stable").reset_index(drop=True)
    return Events(table, searches, problems, notes)


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _list_of(doc: dict[str, Any], key: str, name: str, problems: list[Problem], *, required: bool) -> list[Any]:
    if key not in doc:
        if required:
            problems.append(Problem(name, None, key, "missing (expected a list of events)"))
        return []
    value = doc[key]
    if not isinstance(value, list):
        problems.append(Problem(name, None, key, f"must be a list, got {_kind(value)}"))
        return []
    return value


Checker = Callable[[dict[str, Any], Callable[[str | None, str], None], set[str] | None, date], dict[str, Any]]


def _checked(check: Checker, entry: object, index: int, name: str, *, known: set[str] | None,
             today: date) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Run one entry's checks; return (record, []) when it is valid, else (None, its problems)."""
    where = "events" if check is _event_record else "searches"
    fid = entry.get("feature_id") if isinstance(entry, dict) else None
    label = f"'{fid}'" if isinstance(fid, str) and fid.strip() else f"#{index}"
    # The event by its place in the file and, where it has one, its id: what a curator searches the file for.
    eid = entry.get("id") if isinstance(entry, dict) else None
    at = f"{where}[{index}] ({_short(eid)})" if isinstance(eid, str) and eid.strip() else f"{where}[{index}]"
    problems: list[Problem] = []

    def bad(field_name: str | None, message: str) -> None:
        problems.append(Problem(name, label, field_name, f"{at}: {message}"))

    if not isinstance(entry, dict):
        bad(None, f"must be a JSON object, got {_kind(entry)}")
        return None, problems
    try:
        record = check(entry, bad, known, today)
    except Exception as exc:
        bad(None, f"could not be checked ({type(exc).__name__}: {exc}); please report this file")
        return None, problems
    return (None, problems) if problems else (record, problems)


def _text(entry: Mapping[str, Any], key: str, bad: Callable[[str | None, str], None], *,
          required: bool, multiline: bool = False) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            bad(key, "missing required field")
        return None
    if not isinstance(value, str):
        bad(key, f"must be text, got {_kind(value)} {_short(value)}")
        return None
    if not value.strip():
        if required:
            bad(key, "empty")
        return None
    if not multiline and ("\n" in value or "\r" in value):
        bad(key, "must be one line")
        return None
    return value.strip()


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _feature_id(entry: Mapping[str, Any], bad: Callable[[str | None, str], None], known: set[str] | None) -> str:
    fid = _text(entry, "feature_id", bad, required=True)
    if fid is None:
        return ""
    if not _ID_RE.match(fid):
        bad("feature_id", f"{fid!r} is not a feature id (lowercase letters, digits and single hyphens)")
    elif known is not None and fid not in known:
        bad("feature_id", f"no feature {fid!r} in the geodata")
    return fid


def parse_date(text: str, precision: str) -> date | None:
    """The first day ``text`` covers, if it is a real date written in ``precision``'s form; else None."""
    form = _DATE_FORMS.get(precision)
    if form is None or not form.match(text):
        return None
    parts = [int(p) for p in text.split("-")] + [1] * (3 - text.count("-") - 1)
    try:
        return date(*parts)
    except ValueError:
        return None


def _precision_of(text: str) -> str | None:
    return next((p for p, form in _DATE_FORMS.items() if form.match(text)), None)


def _day(entry: Mapping[str, Any], key: str, bad: Callable[[str | None, str], None], today: date) -> date | None:
    text = _text(entry, key, bad, required=True)
    if text is None:
        return None
    day = parse_date(text, "day")
    if day is None:
        bad(key, f"{text!r} is not a date (YYYY-MM-DD)")
    elif day > today:
        bad(key, f"{text} is in the future (today is {today.isoformat()})")
    return day


def _event_record(entry: dict[str, Any], bad: Callable[[str | None, str], None], known: set[str] | None,
                  today: date) -> dict[str, Any]:
    """Check one event field by field (:data:`EVENT_FIELDS`); report each problem through ``bad``; return the record."""
    record: dict[str, Any] = {}
    for key in sorted(set(entry) - set(EVENT_KEYS)):
        bad(key, f"unknown key (known: {', '.join(EVENT_KEYS)})")
    for spec in EVENT_FIELDS:
        name = spec.name
        if spec.check == "feature_id":
            record[name] = _feature_id(entry, bad, known)
        elif spec.check == "date":
            record.update(_dated(entry, bad, today))
        elif spec.check in ("date_precision", "accessed"):
            continue  # checked with the date
        elif spec.check == "status":
            record[name] = _enum(entry, name, EVENT_STATUSES, bad)
        elif spec.check == "kind":
            record[name] = _enum(entry, name, EVENT_KINDS, bad)
        elif spec.check == "day":
            record[name] = None if entry.get(name) is None else _day(entry, name, bad, today)
            record[name] = record[name].isoformat() if record[name] else None
        elif spec.check == "lang":
            record[name] = _text(entry, name, bad, required=spec.required)
            if record[name] is not None and not _LANG_RE.match(record[name]):
                bad(name, f"{_short(record[name])} is not a language code (zh, en, de…)")
                record[name] = None
        else:
            record[name] = _text(entry, name, bad, required=spec.required, multiline=spec.check == "passage")
            if spec.check == "url" and record[name] is not None and not is_safe_url(record[name]):
                bad(name, f"{_short(record[name])} is not an http(s) address (absolute, without spaces or markup "
                          "characters <>\"'`{}|\\^)")
            elif spec.check in ("event_id", "event_ref") and record[name] is not None \
                    and not _EVENT_ID_RE.match(record[name]):
                bad(name, f"{_short(record[name])} is not an event id (<feature id>/<date>, e.g. "
                          "'qianwan-park/2024-02', or with .2 where two events share a day)")
    _agree(record, bad)
    return record


def is_safe_url(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) address with a host and no space or markup character, i.e. one that
    can stand in a link or an attribute anywhere without closing it."""
    parts = urlsplit(text)
    return (parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)
            and not _URL_UNSAFE.intersection(text))


def _agree(record: dict[str, Any], bad: Callable[[str | None, str], None]) -> None:
    """The checks between an event's fields: its id and its feature, a gloss and its quote, an inference and its
    kind, a retraction and its reason."""
    fid, event_id = record.get("feature_id"), record.get("id")
    match = _EVENT_ID_RE.match(event_id) if isinstance(event_id, str) else None
    if match and fid and _ID_RE.match(fid) and match["feature"] != fid:  # (a bad feature id is named on its own)
        bad("id", f"{event_id!r} does not start with the event's feature id {fid!r} and a slash")
    if record.get("quote") and record.get("quote_lang") not in (None, "en") and not record.get("quote_en"):
        bad("quote_en", f"missing: the quote is in {record['quote_lang']!r}, and needs its English gloss")
    if record.get("quote") and record.get("quote_lang") not in (None, "zh") and not record.get("quote_zh"):
        bad("quote_zh", f"missing: the quote is in {record['quote_lang']!r}, and needs its Chinese translation for "
                        "the Chinese page")
    if record.get("quote_lang") == "zh" and record.get("quote_zh"):
        bad("quote_zh", "the quote is in Chinese: a Chinese translation can only be of some other text; remove it")
    if record.get("quote_lang") == "en" and record.get("quote_en"):
        bad("quote_en", "the quote is in English: an English gloss can only be of some other text; remove it")
    if record.get("kind") == INFERRED:
        for key in ("inference", "inference_zh"):
            if not record.get(key):
                bad(key, "missing: an inferred event says what it is inferred from, in English and in Chinese")
    elif record.get("kind") in (REPORT, PLAN) and (record.get("inference") or record.get("inference_zh")):
        bad("inference", f"only an inferred event carries an inference (this one is a {record['kind']})")
    if record.get("kind") == PLAN and record.get("status") not in (None, "unknown"):
        bad("status", f"a plan states no status ({record['status']!r}): it never moves one; use 'unknown'")
    if bool(record.get("retracted")) != bool(record.get("retracted_why")):
        bad("retracted_why" if record.get("retracted") else "retracted",
            "a retraction gives both the day (retracted) and the reason (retracted_why)")
    if record.get("replaced_by") and not record.get("retracted"):
        bad("replaced_by", "only a retracted event is replaced by another")
    if record.get("replaced_by") and record.get("replaced_by") == event_id:
        bad("replaced_by", "an event cannot replace itself")


def _enum(entry: Mapping[str, Any], key: str, allowed: tuple[str, ...], bad: Callable[[str | None, str], None]) -> Any:
    value = entry.get(key)
    if value not in allowed:
        bad(key, f"unknown value {_short(value)} (expected one of: {', '.join(allowed)})")
    return value


def _dated(entry: Mapping[str, Any], bad: Callable[[str | None, str], None], today: date) -> dict[str, Any]:
    """The event's date, its precision and the day its source was read, checked against each other."""
    precision = _enum(entry, "date_precision", DATE_PRECISIONS, bad)
    accessed = _day(entry, "accessed", bad, today)
    text = _text(entry, "date", bad, required=True)
    start = None
    if text is not None:
        form = _precision_of(text)
        start = parse_date(text, form) if form else None
        if start is None:
            bad("date", f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        elif precision in DATE_PRECISIONS and form != precision:
            bad("date_precision", f"{precision!r} does not match the date {text!r} (written as a {form})")
        elif start > today:
            bad("date", f"{text} is in the future (today is {today.isoformat()})")
        elif accessed is not None and start > accessed:
            bad("date", f"{text} is after the source was read ({accessed.isoformat()})")
    return {"date": text, "date_precision": precision, "start": start,
            "accessed": accessed.isoformat() if accessed else None}


def _search_record(entry: dict[str, Any], bad: Callable[[str | None, str], None], known: set[str] | None,
                   today: date) -> dict[str, Any]:
    """Check one "none found" entry; report each problem through ``bad`` and return the record."""
    record: dict[str, Any] = {"feature_id": _feature_id(entry, bad, known)}
    for key in sorted(set(entry) - set(SEARCH_KEYS)):
        bad(key, f"unknown key (known: {', '.join(SEARCH_KEYS)})")
    if entry.get("none_found") is not True:
        bad("none_found", f"must be true, got {_short(entry.get('none_found'))}")
    searched = entry.get("searched")
    if not isinstance(searched, list) or not searched:
        bad("searched", f"must be a non-empty list of queries, got {_short(searched)}")
        searched = []
    elif not all(isinstance(q, str) and q.strip() and "\n" not in q for q in searched):
        bad("searched", "every query must be one line of non-empty text")
    record["searched"] = tuple(q.strip() for q in searched if isinstance(q, str))
    record["note"] = _text(entry, "note", bad, required=False)
    day = _day(entry, "search_date", bad, today)
    record["search_date"] = day.isoformat() if day else None
    return record


def _in_date_order(table: pd.DataFrame) -> list[tuple[str, date, str, Any]]:
    if not len(table):
        return []
    rows = zip(table["feature_id"], table["start"], table["status"], table.index, strict=True)
    # Stable: events on the same start keep their file order, and the later one wins.
    return sorted(rows, key=lambda row: (row[0], row[1]))


def _as_date(when: date | None) -> date | None:
    # A datetime (or pandas Timestamp) would refuse to compare with the events' dates.
    return when.date() if isinstance(when, datetime) else when


def statuses_as_of(frame: pd.DataFrame, events: Events, when: date | None) -> pd.Series:
    """Every feature's status on ``when`` (None: latest known), indexed like ``frame`` (by feature id): the
    plan's, then the status after the latest event from the plan's date up to ``when``."""
    when = _as_date(when)
    ids = frame["id"] if "id" in frame.columns else frame.index.to_series()
    values = []
    for fid, plan in zip(ids, frame["status"], strict=True):
        starts, statuses, _ = events._timeline.get(fid, ((), (), ()))
        upto = len(starts) if when is None else bisect.bisect_right(starts, when)
        values.append(statuses[upto - 1] if upto else plan)
    return pd.Series(values, index=frame.index, dtype=object, name="status")


def opened_event(events: Events, feature_id: str, plan_status: str | None = None) -> pd.Series | None:
    """The event that opened the feature: the first of its latest run of open statuses, or None.

    Open means partly_open, operating or completed. ``plan_status`` (the plan's 2023 status) lets a place
    that was already open in 2023 (a tennis centre hosting its next tournament) get no opening; without it
    the status before the first event counts as not open. None too when the latest known status is not open.
    """
    opening = None
    was_open = plan_status in OPEN_STATUSES
    for _, row in events.of(feature_id).iterrows():
        if row["status"] == "unknown" or row["kind"] == PLAN or (plan_status is not None
                                                                 and row["start"] < asof.PLAN_DATE):
            continue  # with the plan's status known, what came before it is the history behind it
        is_open = row["status"] in OPEN_STATUSES
        if is_open and not was_open:
            opening = row
        elif not is_open:
            opening = None
        was_open = is_open
    return opening


# A source's name as the data writes it: its own name, then an English one in brackets ("上观新闻 (Shanghai
# Observer)"), then perhaps more.
_NAME_WITH_ENGLISH = re.compile(r"^(?P<own>[^()]*[\u3400-\u9fff][^()]*?)\s*\((?P<english>[\x20-\x7e]+)\)(?P<rest>.*)$")
SOURCE_FIELDS = ("publisher", "copy_of", "also_publisher")  # each with its name for the Chinese page, "<field>_zh"


def source_name(event: schema.Row, key: str, lang: str) -> str | None:
    """A source's name (``key``: one of :data:`SOURCE_FIELDS`) for the reader's page: on the Chinese page its
    Chinese name (``<key>_zh``), else its own name without the English one in brackets; on the English page as
    written (its own name, then the English one)."""
    name = event.get(key)
    if not isinstance(name, str) or not name:
        return None
    if lang != "zh":
        return name
    zh = event.get(f"{key}_zh")
    if isinstance(zh, str) and zh:
        return zh
    found = _NAME_WITH_ENGLISH.match(name)
    return f"{found['own']}{found['rest']}" if found else name


def event_text(event: schema.Row, lang: str) -> str:
    """What happened, in the reader's language: the Chinese account where there is one, else the English."""
    zh = event.get("evidence_zh")
    return zh if lang == "zh" and isinstance(zh, str) and zh else event["evidence"]


def format_date(text: str, precision: str) -> str:
    """A date as the data states it: YYYY-MM-DD, YYYY-MM or YYYY."""
    start = parse_date(text, precision)
    if start is None:
        return text
    return {"day": start.isoformat(), "month": start.strftime("%Y-%m"), "year": f"{start.year:04d}"}[precision]


def dumps_events(events: Iterable[Mapping[str, Any]], searches: Iterable[Mapping[str, Any]]) -> str:
    """The sidecar's text: one event (then one search) per line, keys in a fixed order, sorted by feature and date.

    Entries are written as given (no validation), so formatting never hides what :func:`load_events` reports.
    """
    def start(entry: Mapping[str, Any]) -> str:
        return str(entry.get("date", ""))

    def line(entry: Mapping[str, Any], order: tuple[str, ...]) -> str:
        keys = [k for k in order if k in entry] + sorted(k for k in entry if k not in order)
        return json.dumps({k: entry[k] for k in keys}, ensure_ascii=False, separators=(", ", ": "))

    # Sorting the date text orders YYYY, YYYY-MM and YYYY-MM-DD by the first day each covers.
    ordered = sorted(events, key=lambda e: (str(e.get("feature_id", "")), start(e)))
    found = sorted(searches, key=lambda e: str(e.get("feature_id", "")))
    body = ",\n".join(line(e, EVENT_KEYS) for e in ordered)
    tail = ",\n".join(line(s, SEARCH_KEYS) for s in found)
    return '{"events": [\n' + body + '\n],\n"searches": [\n' + tail + "\n]}\n"


# A table of features: a DataFrame, or a GeoDataFrame (which frame_as_of keeps one).
Frame = TypeVar("Frame", bound=pd.DataFrame)
# A project whose status nobody has checked for longer than this is flagged as stale.
STALE_AFTER_DAYS = 180


def last_checked(events: Events) -> dict[str, str]:
    """Per feature, the day its status was last checked: the newest ``accessed`` among its events and the
    day of its "none found" search (ISO dates; features never checked are absent)."""
    out: dict[str, str] = {}
    for fid, day in zip(events.live["feature_id"].tolist(), events.live["accessed"].tolist(), strict=True):
        if isinstance(day, str) and day > out.get(fid, ""):
            out[fid] = day
    for fid, (_terms, day) in events.searches.items():
        if isinstance(day, str) and day > out.get(fid, ""):
            out[fid] = day
    return out


def is_stale(checked: str | None, today: date) -> bool:
    """Whether a status last checked on ``checked`` (None: never) is stale on ``today``."""
    return checked is None or (today - date.fromisoformat(checked)).days > STALE_AFTER_DAYS


# What a verdict rests on, whatever the date (:func:`_judged_inputs`).
_Judged = tuple[schema.Row, list[dict[str, Any]], str | None, list[dict[str, Any]]]


def _judged_inputs(out: pd.DataFrame, events: Events) -> list[_Judged]:
    """What each feature's verdict rests on, whatever the date: its row, the reports that speak for it, the status at
    the plan's date of what its promise is about and the events behind that state (records, made once)."""
    plan_status = out["status_2023"].to_dict()
    inputs: list[_Judged] = []
    for fid, row in zip(out.index, out.to_dict("records"), strict=True):
        via = row.get("via") if isinstance(row.get("via"), str) else None
        # A station the plan names through its line: the line's state at the plan's date is what it promised on.
        about = str(via if via in plan_status else fid)
        # What set that state: the feature's own history, and its line's (a station's works are the line's).
        history = pd.concat([events.of(str(fid)), events.of(about)]) if about != fid else events.of(str(fid))
        inputs.append((cast(schema.Row, row), promises.records(events.evidence(str(fid), via)), plan_status.get(about),
                       promises.records(history)))
    return inputs


def _judge(out: pd.DataFrame, inputs: list[_Judged], day: date | None) -> None:
    """Each commitment's verdict as of ``day`` (None: the latest) and the event that decided it, into ``out``
    (:data:`layers.data.promises.VERDICT_COLUMNS`), from :func:`_judged_inputs`."""
    none = dict.fromkeys(promises.VERDICT_COLUMNS, None) | {"promise": promises.NO_PROMISE}
    judged = []
    for row, reports, at_plan, history in inputs:
        made = promises.verdict(row, reports, day, at_plan, history)
        judged.append(made.columns() if made is not None else none)
    for column in promises.VERDICT_COLUMNS:
        out[column] = [j[column] for j in judged]


def frame_as_of(frame: Frame, events: Events, when: str) -> Frame:
    """``frame`` with ``status`` as of ``when`` (an ``asof`` value: "plan", "latest" or an ISO date), the plan's own in
    ``status_2023``, ``opened_on`` where an event opened the feature by then, and ``last_checked``.

    Everything downstream (filters, styles, table, exports) then reads ``status`` as the status shown.
    """
    return frames_as_of(frame, events, [when])[0]


def frames_as_of(frame: Frame, events: Events, whens: Sequence[str]) -> list[Frame]:
    """:func:`frame_as_of` of each of ``whens``, what no date changes made once (the reader door publishes the
    plan as of every day an event changed it)."""
    base = frame.copy()
    base["status_2023"] = frame["status"]
    base["opened_on"] = None
    checked = last_checked(events)  # when someone last looked, whatever the date shown
    # A station the plan names through its line is checked whenever its line is (its reports count for it).
    vias = base["via"].tolist() if "via" in base else [None] * len(base)
    base["last_checked"] = [max((d for d in (checked.get(fid), checked.get(via) if isinstance(via, str) else None)
                                 if d), default=None) for fid, via in zip(base.index, vias, strict=True)]
    inputs = _judged_inputs(base, events)
    openings: dict[Any, pd.Series | None] = {}  # the event that opened each feature (its latest run of open states)
    out = []
    for when in whens:
        dated = base.copy()
        day = asof.PLAN_DATE if asof.asof_kind(when) == asof.PLAN else asof.asof_day(when)
        _judge(dated, inputs, day)  # the plan's promises, as of the date shown
        if asof.asof_kind(when) != asof.PLAN:
            dated["status"] = statuses_as_of(frame, events, day)
            # "opened 2024-12" where an event opened the feature on or before the date shown.
            for fid, plan, status in zip(dated.index, frame["status"], dated["status"], strict=True):
                if status not in OPEN_STATUSES:
                    continue
                if fid not in openings:
                    openings[fid] = opened_event(events, fid, plan)
                row = openings[fid]
                if row is not None and (day is None or row["start"] <= day):
                    dated.at[fid, "opened_on"] = format_date(row["date"], row["date_precision"])
        out.append(dated)
    return out
    out["status"] = statuses_as_of(frame, events, day)
    # "opened 2024-12" where an event opened the feature on or before the date shown.
    for fid, plan, status in zip(out.index, frame["status"], out["status"], strict=True):
        row = opened_event(events, fid, plan) if status in OPEN_STATUSES else None
        if row is not None and (day is None or row["start"] <= day):
            out.at[fid, "opened_on"] = format_date(row["date"], row["date_precision"])
    return out
