"""Text as readers get it: characters nobody can read are taken out once, when the data is loaded.

A control character (U+0000-U+001F, U+007F-U+009F) pasted into a name, a lone surrogate (``"\\ud800"`` is valid
JSON) or a non-character (U+FFFE, U+FFFF) reads as nothing, and breaks what is written from it: XML refuses
them (the feed), a terminal or a spreadsheet may act on them. Every loader cleans its text here, names each
field it cleaned as a problem for the curator (``layers.data.validate``, ``layers.data.events``), and the
feature or event still loads, clean; nothing downstream (the page, the feed, the exports) sees one again.

Tab and newline stay: every writer carries them, and a field that must be one line says so itself. A control
character that spaces words (CR, vertical tab, form feed, NEL, the separators U+001C-U+001F) becomes a space,
so the words it stood between stay apart; the rest go.
"""

from __future__ import annotations

import re
from typing import Any

_UNREADABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
JsonPath = tuple[str | int, ...]  # where a text sits in a JSON document: keys and indexes from its root


def unreadable(text: str) -> list[str]:
    """The characters of ``text`` that :func:`clean` takes out, as ``U+XXXX``, each once, in order."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _UNREADABLE.findall(text)))


def clean(text: str) -> str:
    """``text`` without its unreadable characters: spacing ones become a space ("\\r\\n" a newline)."""
    if not _UNREADABLE.search(text):
        return text
    return _UNREADABLE.sub(lambda m: " " if m.group().isspace() else "", text.replace("\r\n", "\n"))


def cleaned(value: Any, path: JsonPath = ()) -> tuple[Any, list[tuple[JsonPath, list[str]]]]:
    """A parsed JSON value with every string (keys too) cleaned, and where each cleaned one was, with what it held.

    The value is returned as it is where nothing needed cleaning; else as a copy (the caller's stays whole).
    """
    if isinstance(value, str):
        found = unreadable(value)
        return (clean(value), [(path, found)]) if found else (value, [])
    if isinstance(value, list):
        parts = [cleaned(item, (*path, index)) for index, item in enumerate(value)]
        where = [w for _, found in parts for w in found]
        return ([item for item, _ in parts] if where else value), where
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        where = []
        for key, item in value.items():
            name = key
            if isinstance(key, str) and (found := unreadable(key)):
                name = clean(key)
                where.append(((*path, name), found))
            out[name], inner = cleaned(item, (*path, name))
            where += inner
        return (out if where else value), where
    return value, []


def field_of(path: JsonPath) -> str | None:
    """The field a cleaned text belongs to: the last key on its path (``("properties", "name_en")``: name_en)."""
    return next((part for part in reversed(path) if isinstance(part, str)), None)
