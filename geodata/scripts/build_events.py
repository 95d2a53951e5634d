"""Write ``geodata/events.json``, the progress events since the 2023 plan, in its canonical layout.

``python3 -m geodata.scripts.build_events`` rewrites the committed sidecar sorted by feature id and date,
one event (then one "none found" search) per line, keys in a fixed order; running it twice gives the same
bytes. Hand edits go into ``geodata/events.json``; this only re-formats them.

``python3 -m geodata.scripts.build_events RESEARCH.json`` imports a research run instead: a JSON list of
events (the sidecar's event keys) and "none found" entries (``feature_id``, ``none_found``, ``searched`` as
one string of queries separated by "; " with an optional "(note)" at the end, ``search_date``). The
first file came from the run of 2026-11-27 (41 events, 12 "none found"). The passes of 2026-12-06 checked
every event against its page, added quotes, the state at the plan's date and the later reports, and replaced
copies by pages of record where one exists; a third found the history before the plan (91 events, 39
dated searches): their reports are in
``docs/research/``, and each event's ``note`` keeps what the research found beyond what the reader is shown.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from layers.data.events import dumps_events

ROOT = Path(__file__).resolve().parent.parent.parent

OUTPUT = ROOT / "geodata" / "events.json"
_NOTE = re.compile(r"^(?P<queries>.*?)\s*\((?P<note>[^()]*)\)\s*$")
# The research's notes for stations without a report of their own, said so that a reader finds the line.
NOTES = {
    "no station-specific event; follows jiamin-line status":
        "no station-specific report found; the station follows the Jiamin line's status (see jiamin-line)",
    "no station-specific event; station operating, Jiamin/Demo-zone platforms follow line status":
        "no station-specific report found; the station is operating and its Jiamin line and Demonstration "
        "Zone line platforms follow those lines' status (see jiamin-line, shanghai-demo-zone-line)",
}


def search_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A research "none found" entry with its queries as a list and its trailing note apart."""
    text = entry["searched"]
    match = _NOTE.match(text) if isinstance(text, str) else None
    queries, note = (match["queries"], match["note"]) if match else (text, None)
    out = {"feature_id": entry["feature_id"], "none_found": True,
           "searched": [q.strip() for q in queries.split(";") if q.strip()] if isinstance(queries, str) else queries}
    if note:
        out["note"] = NOTES.get(note, note)
    out["search_date"] = entry["search_date"]
    return out


def split(entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Events and searches from a research list."""
    events = [e for e in entries if not e.get("none_found")]
    searches = [search_entry(e) for e in entries if e.get("none_found")]
    return events, searches


def main(argv: list[str]) -> int:
    """Import ``argv[0]`` if given, else re-format the committed sidecar."""
    if argv:
        events, searches = split(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    else:
        doc = json.loads(OUTPUT.read_text(encoding="utf-8"))
        events, searches = doc["events"], doc.get("searches", [])
    OUTPUT.write_text(dumps_events(events, searches), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(events)} events, {len(searches)} searches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
