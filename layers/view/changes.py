"""What changed between two dates (``since=`` in a link): the projects whose status differs between the
``since`` day and the date shown, each with the events between the two and their sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from layers.data.events import Events


@dataclass(frozen=True)
class Change:
    """One project's change: its status on the ``since`` day, on the date shown, and the events between."""

    feature_id: str
    before: str
    after: str
    events: tuple[dict[str, Any], ...]  # oldest first: date, date_precision, status, evidence, source, url…


def changed(before: pd.DataFrame, after: pd.DataFrame, events: Events, since: date, until: date | None) -> list[Change]:
    """The rows of ``after`` (the view's matches, statuses as shown) whose status differs from ``before``
    (every feature, statuses on ``since``), in ``after``'s order; events dated after ``since`` up to ``until``
    (None: the latest) come with each."""
    out = []
    for fid in differing(after, before):
        rows = events.of(fid)
        window = rows[(rows["start"] > since) & (True if until is None else rows["start"] <= until)]
        out.append(Change(fid, before["status"][fid], after["status"][fid], tuple(window.to_dict("records"))))
    return out


def differing(shown: pd.DataFrame, other: pd.DataFrame) -> list[str]:
    """The ids of ``shown`` (the view's matches) whose status differs in ``other`` (every feature, another
    date): what a comparison marks."""
    return [fid for fid, status in zip(shown.index, shown["status"].tolist(), strict=True)
            if other["status"].get(fid, status) != status]
