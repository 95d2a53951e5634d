"""The one rule that rings projects (what differs between two dates), and the changes a since= view lists."""

from __future__ import annotations

from datetime import date

import pandas as pd

from layers.data.events import Events, empty_table
from layers.view.changes import changed, differing


def frame(**statuses: str) -> pd.DataFrame:
    return pd.DataFrame({"status": list(statuses.values())}, index=pd.Index(list(statuses), dtype=object))


def events(*rows: tuple[str, str, str]) -> Events:
    """Events of (feature, ISO day, status after it)."""
    table = pd.concat([empty_table(), pd.DataFrame([
        {"feature_id": fid, "date": day, "date_precision": "day", "status": status, "evidence": f"{fid} {status}",
         "start": date.fromisoformat(day)} for fid, day, status in rows])], ignore_index=True)
    return Events(table)


def test_differing_keeps_the_shown_order_and_only_what_differs():
    shown = frame(c="operating", a="planned", b="under_construction")
    other = frame(a="planned", b="planned", c="under_construction")
    assert differing(shown, other) == ["c", "b"]
    assert differing(shown, shown) == []


def test_a_feature_the_other_date_lacks_has_not_changed():
    assert differing(frame(a="operating", new="operating"), frame(a="planned")) == ["a"]


def test_changed_gives_each_status_then_and_now_and_the_events_in_between():
    before = frame(a="planned", b="planned")
    after = frame(a="operating", b="planned")
    log = events(("a", "2023-05-01", "under_construction"), ("a", "2024-03-01", "under_construction"),
                 ("a", "2025-06-01", "operating"), ("a", "2026-01-01", "completed"))
    (change,) = changed(differing(after, before), before, after, log, since=date(2024, 1, 1),
                        until=date(2025, 12, 31))
    assert (change.feature_id, change.before, change.after) == ("a", "planned", "operating")
    # after the since day (2023 left out), up to the date shown (2026 left out), oldest first
    assert [e["date"] for e in change.events] == ["2024-03-01", "2025-06-01"]
    (latest,) = changed(["a"], before, after, log, since=date(2024, 1, 1), until=None)
    assert [e["date"] for e in latest.events] == ["2024-03-01", "2025-06-01", "2026-01-01"]


def test_an_event_on_the_since_day_itself_is_not_a_change_since():
    log = events(("a", "2024-01-01", "operating"))
    (change,) = changed(["a"], frame(a="planned"), frame(a="operating"), log, since=date(2024, 1, 1), until=None)
    assert change.events == ()
