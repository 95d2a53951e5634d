"""Property tests of the progress events: any JSON, any mutation of a good event, never an exception."""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from layers.data.events import EVENT_STATUSES, Events, load_events, statuses_as_of
from tests.conftest import write_file
from tests.data.test_events import TODAY, good_event
from tests.strategies import JSON

# --- any file ---------------------------------------------------------------------------------------------

GOOD_ID = "qianwan-park"
FIELD_VALUES = st.one_of(JSON, st.sampled_from(["2024", "2024-02", "2024-02-30", "0000", "9999-12-31", "day",
                                                "operating", "https://x.y/", "javascript:alert(1)"]))


def _load_raw(raw: bytes) -> Events:
    with tempfile.TemporaryDirectory() as tmp:
        write_file(Path(tmp) / "events.json", raw)
        return load_events(tmp, known_ids={GOOD_ID}, today=TODAY)


def _check(events: Events) -> None:
    for problem in events.problems:
        assert problem.file.endswith("events.json")
        assert problem.feature is None or isinstance(problem.feature, str)
        assert isinstance(problem.message, str) and problem.message
    assert set(events.table["status"]) <= set(EVENT_STATUSES)
    statuses_as_of(events.table.assign(status="planned").set_index("feature_id"), events, date(2025, 1, 1))


# Arbitrary JSON, at the top or where the events and searches go.
DOCUMENTS = st.one_of(JSON, st.fixed_dictionaries({"events": st.lists(JSON, max_size=3)},
                                                  optional={"searches": st.one_of(JSON, st.lists(JSON, max_size=3))}))


@settings(max_examples=200)
@given(document=DOCUMENTS)
def test_any_json_never_raises(document):
    events = _load_raw(json.dumps(document, ensure_ascii=False, allow_nan=True).encode())
    _check(events)


@settings(max_examples=200)
@given(data=st.data())
def test_a_mutated_event_beside_a_good_one_never_hides_it(data):
    good = good_event()
    other = copy.deepcopy(good_event(date="2023-11"))
    key = data.draw(st.sampled_from([*sorted(other), "extra"]))
    if data.draw(st.booleans()):
        other.pop(key, None)
    else:
        other[key] = data.draw(FIELD_VALUES)
    events = _load_raw(json.dumps({"events": [good, other]}, ensure_ascii=False, allow_nan=True).encode())
    _check(events)
    assert "2024-02" in set(events.table["date"])
    assert len(events.table) + len({p.message.split(":")[0] for p in events.problems if p.feature}) >= 2
