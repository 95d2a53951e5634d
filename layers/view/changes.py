"""What changed between two dates: the one rule (:func:`differing`: the projects whose status differs
between the date shown and another date) that rings projects in a ``since=`` view and a ``compare=`` view
alike, and for ``since=``, each change with the events between the two dates and their sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from layers.data.events import Events
from layers.data.schema import Row


@dataclass(frozen=True)
class Change:
    """One project's change: its status on the ``since`` day, on the date shown, and the events between."""

    feature_id: str
    before: str
    after: str
    events: tuple[Row, ...]  # oldest first: date, date_precision, status, evidence, source, url…


def changed(ids: Iterable[str], before: pd.DataFrame, after: pd.DataFrame, events: Events, *,
            since: date, until: date | None) -> list[Change]:
    """Each of ``ids`` (what :func:`differing` finds) as a change: its status in ``before`` (the ``since`` day)
    and in ``after`` (the date shown), and its events dated after ``since`` up to ``until`` (None: the latest)."""
    out = []
    for fid in ids:
        rows = events.of(fid)
        window = rows[(rows["start"] > since) & (True if until is None else rows["start"] <= until)]
        out.append(Change(fid, before["status"][fid], after["status"][fid], tuple(window.to_dict("records"))))
    return out


def differing(shown: pd.DataFrame, other: pd.DataFrame) -> list[str]:
    """The ids of ``shown`` (the view's matches) whose status differs in ``other`` (every feature, another
    date), in ``shown``'s order: what a view rings. A feature ``other`` lacks has not changed."""
    return [fid for fid, status in zip(shown.index, shown["status"].tolist(), strict=True)
            if other["status"].get(fid, status) != status]
